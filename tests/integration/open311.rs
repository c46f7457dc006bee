//! Open311 GeoReport v2: discovery, services, filing with an API key, reading back, the
//! specification's errors, and never any personal data in what anyone can read.

use crate::{
    on_both_databases,
    support::{TestApp, TestResponse},
};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use loket::{
    auth::{tokens, users},
    cases::service::{self, Channel, NewCase},
    domain::{cases::CaseKind, email::EmailAddress},
    entities::{case_category, outbox_mail, service_case},
    web::i18n::Lang,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

on_both_databases!(
    discovery_names_the_specification_and_both_formats,
    services_are_the_active_report_categories_in_json_and_xml,
    a_client_with_a_key_files_a_report_and_reads_it_back,
    what_anyone_can_read_holds_no_personal_data,
    filing_without_a_valid_key_is_refused_as_the_specification_says,
    bad_fields_get_the_specification_errors_never_a_server_error,
    xml_answers_are_well_formed_and_escaped,
    searches_filter_by_id_service_status_and_period,
);

/// A valid API key of a new staff user.
pub async fn api_key(app: &TestApp, role: &str) -> String {
    let email = format!("open311-{role}@lier.test");
    app.create_user(&email, role, "een-lang-wachtwoord-123")
        .await;
    let user = users::find_by_email(&app.db, &EmailAddress::parse(&email).unwrap())
        .await
        .unwrap()
        .unwrap();
    tokens::issue(&app.db, &user, "open311", app.clock_now())
        .await
        .unwrap()
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    // A program, not a browser: no Sec-Fetch-Site or Origin header.
    app.post_form_with(path, fields, &[]).await
}

/// Parses XML, failing the test when it is not well-formed.
fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML ({e}): {xml}"))
}

fn children<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children().filter(|c| c.has_tag_name(name)).collect()
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    children(node, name)
        .first()
        .and_then(|c| c.text())
        .unwrap_or("")
}

fn assert_error(response: &TestResponse, status: StatusCode) {
    assert_eq!(response.status, status, "{}", response.body);
    let errors = response.json();
    let errors = errors.as_array().expect("an array of errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], status.as_u16());
    assert!(
        !errors[0]["description"].as_str().unwrap().is_empty(),
        "{errors:?}"
    );
}

const STREET_LIGHT: &[(&str, &str)] = &[
    ("service_code", "straatverlichting"),
    ("lat", "51.1312"),
    ("long", "4.5701"),
    ("address_string", "Grote Markt 57, 2500 Lier"),
    ("description", "De lamp voor nummer 57 brandt niet meer."),
    ("email", "jan.peeters@example.org"),
    ("first_name", "Jan"),
    ("last_name", "Peeters"),
    ("phone", "+32 470 12 34 56"),
    ("media_url", "https://example.org/foto.jpg"),
];

fn with_key<'a>(key: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("api_key", key)];
    all.extend_from_slice(fields);
    all
}

async fn discovery_names_the_specification_and_both_formats(app: TestApp) {
    let json = app.get("/open311/v2/discovery.json").await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(json.header("content-type").starts_with("application/json"));
    let discovery = json.json();
    let endpoint = &discovery["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(endpoint["url"], "http://localhost/open311/v2");
    assert_eq!(endpoint["type"], "production");
    assert_eq!(
        endpoint["formats"],
        serde_json::json!(["text/xml", "application/json"])
    );
    assert!(discovery["contact"].as_str().unwrap().contains("Lier"));

    let xml = app.get("/open311/v2/discovery.xml").await;
    assert_eq!(xml.status, StatusCode::OK);
    assert!(xml.header("content-type").starts_with("text/xml"));
    assert!(
        xml.body
            .starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
    );
    let document = parse(&xml.body);
    let root = document.root_element();
    assert!(root.has_tag_name("discovery"));
    let endpoint = children(children(root, "endpoints")[0], "endpoint")[0];
    assert_eq!(
        child_text(endpoint, "specification"),
        "http://wiki.open311.org/GeoReport_v2"
    );
    let formats: Vec<_> = children(children(endpoint, "formats")[0], "format")
        .iter()
        .map(|f| f.text().unwrap())
        .collect();
    assert_eq!(formats, ["text/xml", "application/json"]);

    let unknown = app.get("/open311/v2/nothing.json").await;
    assert_error(&unknown, StatusCode::NOT_FOUND);
    let wrong_format = app.get("/open311/v2/services.html").await;
    assert_eq!(wrong_format.status, StatusCode::NOT_FOUND);
}

async fn services_are_the_active_report_categories_in_json_and_xml(app: TestApp) {
    let active_reports = case_category::Entity::find()
        .filter(case_category::Column::Kind.eq("report"))
        .filter(case_category::Column::Active.eq(true))
        .all(&app.db)
        .await
        .unwrap();
    let json = app.get("/open311/v2/services.json").await;
    assert_eq!(json.status, StatusCode::OK);
    let services = json.json();
    let services = services.as_array().unwrap();
    assert_eq!(services.len(), active_reports.len());
    let light = services
        .iter()
        .find(|s| s["service_code"] == "straatverlichting")
        .expect("street lighting is a service");
    assert_eq!(light["service_name"], "Straatverlichting");
    assert_eq!(light["group"], "Openbare werken");
    assert_eq!(light["metadata"], false);
    assert_eq!(light["type"], "realtime");
    assert_eq!(light["keywords"], "straatverlichting");
    assert!(!light["description"].as_str().unwrap().is_empty());
    let litter = services
        .iter()
        .find(|s| s["service_code"] == "zwerfvuil-en-sluikstort")
        .unwrap();
    assert_eq!(litter["keywords"], "zwerfvuil, sluikstort");

    let xml = app.get("/open311/v2/services.xml").await;
    assert_eq!(xml.status, StatusCode::OK);
    let document = parse(&xml.body);
    let root = document.root_element();
    assert!(root.has_tag_name("services"));
    let codes: Vec<&str> = children(root, "service")
        .iter()
        .map(|s| child_text(*s, "service_code"))
        .collect();
    let json_codes: Vec<&str> = services
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, json_codes);

    // A deactivated category is no longer offered.
    let mut light: case_category::ActiveModel = active_reports
        .iter()
        .find(|c| c.code == "straatverlichting")
        .unwrap()
        .clone()
        .into();
    light.active = sea_orm::ActiveValue::Set(false);
    sea_orm::ActiveModelTrait::update(light, &app.db)
        .await
        .unwrap();
    let after = app.get("/open311/v2/services.json").await.json();
    assert_eq!(after.as_array().unwrap().len(), active_reports.len() - 1);

    let definition = app.get("/open311/v2/services/groen.json").await;
    assert_eq!(definition.status, StatusCode::OK);
    assert_eq!(
        definition.json(),
        serde_json::json!({"service_code": "groen", "attributes": []})
    );
    let definition = app.get("/open311/v2/services/groen.xml").await;
    let document = parse(&definition.body);
    assert!(document.root_element().has_tag_name("service_definition"));
    assert_eq!(child_text(document.root_element(), "service_code"), "groen");
    assert_error(
        &app.get("/open311/v2/services/straatverlichting.json").await,
        StatusCode::NOT_FOUND,
    );
    assert_error(
        &app.get("/open311/v2/services/bestaat-niet.json").await,
        StatusCode::NOT_FOUND,
    );
}

async fn a_client_with_a_key_files_a_report_and_reads_it_back(app: TestApp) {
    let key = api_key(&app, "frontoffice").await;
    let response = post(
        &app,
        "/open311/v2/requests.json",
        &with_key(&key, STREET_LIGHT),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let created = response.json();
    let created = &created.as_array().expect("a list of one")[0];
    let reference = created["service_request_id"].as_str().unwrap().to_owned();
    assert_eq!(reference, "M-2026-000001");
    assert!(
        created["service_notice"].as_str().unwrap().contains("2026"),
        "{created}"
    );
    assert_eq!(created["account_id"], Value::Null);

    let case = service_case::Entity::find()
        .filter(service_case::Column::Reference.eq(&reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.channel, "open311");
    assert_eq!(case.kind, "report");
    assert_eq!(case.name, "Jan Peeters");
    assert_eq!(case.email, "jan.peeters@example.org");
    assert_eq!(case.phone, "+32 470 12 34 56");
    assert_eq!(case.latitude, Some(51.1312));
    let mails = outbox_mail::Entity::find()
        .filter(outbox_mail::Column::Recipient.eq("jan.peeters@example.org"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1, "the acknowledgement is queued");
    assert_eq!(mails[0].kind, "report_received");
    assert!(mails[0].body_text.contains(&reference));

    let one = app
        .get(&format!("/open311/v2/requests/{reference}.json"))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    let read = one.json();
    let read = &read.as_array().expect("a list of one")[0];
    assert_eq!(read["service_request_id"], reference.as_str());
    assert_eq!(read["status"], "open");
    assert_eq!(read["status_notes"], "Ontvangen");
    assert_eq!(read["service_code"], "straatverlichting");
    assert_eq!(read["service_name"], "Straatverlichting");
    assert_eq!(read["agency_responsible"], "Openbare werken");
    assert_eq!(
        read["description"],
        "De lamp voor nummer 57 brandt niet meer."
    );
    assert_eq!(read["address"], "Grote Markt 57, 2500 Lier");
    assert_eq!(read["lat"], 51.1312);
    assert_eq!(read["long"], 4.5701);
    assert_eq!(read["requested_datetime"], "2026-11-23T10:00:00+01:00");
    assert_eq!(read["updated_datetime"], "2026-11-23T10:00:00+01:00");
    assert_eq!(
        read["expected_datetime"],
        format!("{}T00:00:00+01:00", case.due_on)
    );

    // Anonymous, with an address only: allowed, and no mail.
    let anonymous = post(
        &app,
        "/open311/v2/requests.xml",
        &with_key(
            &key,
            &[
                ("service_code", "groen"),
                ("address_string", "Kloosterheide, Lier"),
                ("description", "Een tak hangt over het fietspad."),
            ],
        ),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::OK, "{}", anonymous.body);
    let document = parse(&anonymous.body);
    let request = children(document.root_element(), "request")[0];
    assert_eq!(child_text(request, "service_request_id"), "M-2026-000002");
    assert_eq!(children(request, "account_id").len(), 1);
    assert_eq!(
        outbox_mail::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        1
    );

    // A complaint is not a service request.
    let complaint_category = case_category::Entity::find()
        .filter(case_category::Column::Kind.eq("complaint"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let complaint = service::file(
        &app.state,
        NewCase {
            kind: CaseKind::Complaint,
            category_id: complaint_category.id,
            about_department_id: None,
            description: "Niemand antwoordde op mijn brief.".into(),
            address: String::new(),
            latitude: None,
            longitude: None,
            name: "An Claes".into(),
            email: Some(EmailAddress::parse("an@example.org").unwrap()),
            phone: String::new(),
            happened_on: None,
            expectation: String::new(),
            channel: Channel::Web,
            language: Lang::Nl,
            photos: Vec::new(),
        },
    )
    .await
    .unwrap();
    assert_error(
        &app.get(&format!(
            "/open311/v2/requests/{}.json",
            complaint.reference
        ))
        .await,
        StatusCode::NOT_FOUND,
    );
    let all = app.get("/open311/v2/requests.json").await.json();
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["M-2026-000002", "M-2026-000001"]);
}

async fn what_anyone_can_read_holds_no_personal_data(app: TestApp) {
    let key = api_key(&app, "handler").await;
    let response = post(
        &app,
        "/open311/v2/requests.json",
        &with_key(&key, STREET_LIGHT),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let reference = response.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [
        "/open311/v2/requests.json".to_owned(),
        "/open311/v2/requests.xml".to_owned(),
        format!("/open311/v2/requests/{reference}.json"),
        format!("/open311/v2/requests/{reference}.xml"),
    ] {
        let read = app.get(&path).await;
        assert_eq!(read.status, StatusCode::OK, "{path}");
        assert!(read.body.contains(&reference), "{path}: {}", read.body);
        for private in ["jan.peeters@example.org", "Peeters", "470 12 34 56", "Jan "] {
            assert!(
                !read.body.contains(private),
                "{path} shows {private:?}: {}",
                read.body
            );
        }
    }
}

async fn filing_without_a_valid_key_is_refused_as_the_specification_says(app: TestApp) {
    let without = post(&app, "/open311/v2/requests.json", STREET_LIGHT).await;
    assert_error(&without, StatusCode::FORBIDDEN);
    let wrong = post(
        &app,
        "/open311/v2/requests.json",
        &with_key(
            "loket_0000000000000000000000000000000000000000000000000000000000000000",
            STREET_LIGHT,
        ),
    )
    .await;
    assert_error(&wrong, StatusCode::FORBIDDEN);
    let garbage = post(
        &app,
        "/open311/v2/requests.json",
        &with_key("<x>", STREET_LIGHT),
    )
    .await;
    assert_error(&garbage, StatusCode::FORBIDDEN);

    let xml = post(&app, "/open311/v2/requests.xml", STREET_LIGHT).await;
    assert_eq!(xml.status, StatusCode::FORBIDDEN);
    assert!(
        xml.header("content-type").starts_with("text/xml"),
        "{}",
        xml.body
    );
    let document = parse(&xml.body);
    assert!(document.root_element().has_tag_name("errors"));
    let error = children(document.root_element(), "error")[0];
    assert_eq!(child_text(error, "code"), "403");

    // A revoked key no longer works.
    let key = api_key(&app, "handler").await;
    let token = loket::entities::api_token::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    tokens::revoke(&app.db, token.id, app.clock_now())
        .await
        .unwrap();
    assert_error(
        &post(
            &app,
            "/open311/v2/requests.json",
            &with_key(&key, STREET_LIGHT),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    assert!(
        service_case::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn bad_fields_get_the_specification_errors_never_a_server_error(app: TestApp) {
    let key = api_key(&app, "handler").await;
    let base = |changes: &[(&'static str, &'static str)]| -> Vec<(&'static str, String)> {
        let mut fields: Vec<(&'static str, String)> = vec![
            ("service_code", "groen".into()),
            ("lat", "51.13".into()),
            ("long", "4.57".into()),
            ("description", "Een boom is omgevallen.".into()),
        ];
        for (name, value) in changes {
            fields.retain(|(n, _)| n != name);
            if !value.is_empty() {
                fields.push((name, (*value).to_owned()));
            }
        }
        fields.push(("api_key", key.clone()));
        fields
    };
    let cases: &[(&[(&str, &str)], StatusCode)] = &[
        (&[("service_code", "")], StatusCode::BAD_REQUEST),
        (&[("service_code", "bestaat-niet")], StatusCode::NOT_FOUND),
        (&[("lat", ""), ("long", "")], StatusCode::BAD_REQUEST),
        (&[("lat", "noord")], StatusCode::BAD_REQUEST),
        (&[("lat", "91")], StatusCode::BAD_REQUEST),
        (&[("long", "")], StatusCode::BAD_REQUEST),
        (&[("lat", "NaN")], StatusCode::BAD_REQUEST),
        (&[("description", "")], StatusCode::BAD_REQUEST),
        (&[("description", "   ")], StatusCode::BAD_REQUEST),
        (&[("email", "geen-adres")], StatusCode::BAD_REQUEST),
    ];
    for (changes, status) in cases {
        let fields = base(changes);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = post(&app, "/open311/v2/requests.json", &pairs).await;
        assert_error(&response, *status);
    }
    let long = "x".repeat(4001);
    let fields = base(&[]);
    let mut pairs: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| *k != "description")
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    pairs.push(("description", &long));
    assert_error(
        &post(&app, "/open311/v2/requests.json", &pairs).await,
        StatusCode::BAD_REQUEST,
    );
    assert!(
        service_case::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );

    // Bytes that are not UTF-8, and a NUL, in a form body.
    let mut body =
        format!("api_key={key}&service_code=groen&lat=51.13&long=4.57&description=").into_bytes();
    body.extend_from_slice(b"Boom\xff\xfe%00%C3%28 omgevallen&first_name=%FF");
    let request = Request::builder()
        .method(Method::POST)
        .uri("/open311/v2/requests.json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let reference = response.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = service_case::Entity::find()
        .filter(service_case::Column::Reference.eq(&reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.description.starts_with("Boom"));
    assert!(stored.description.ends_with("omgevallen"));
    assert!(!stored.description.contains('\0'));

    // Bad bytes in a path or query.
    for path in [
        "/open311/v2/requests/%FF%FE.json",
        "/open311/v2/requests.json?start_date=%FF",
        "/open311/v2/requests.json?status=%00",
        "/open311/v2/services/%00.xml",
    ] {
        let response = app.get(path).await;
        assert!(
            response.status.is_client_error(),
            "{path}: {} {}",
            response.status,
            response.body
        );
    }
}

async fn xml_answers_are_well_formed_and_escaped(app: TestApp) {
    let key = api_key(&app, "handler").await;
    let nasty = "<script>alert(\"x\")</script> & 'quotes' ]]> \u{1}\u{8} einde";
    let response = post(
        &app,
        "/open311/v2/requests.xml",
        &with_key(
            &key,
            &[
                ("service_code", "groen"),
                ("address_string", "Straat <b>1</b> & co"),
                ("description", nasty),
            ],
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let document = parse(&response.body);
    let reference = child_text(
        children(document.root_element(), "request")[0],
        "service_request_id",
    )
    .to_owned();
    for path in [
        format!("/open311/v2/requests/{reference}.xml"),
        "/open311/v2/requests.xml".to_owned(),
    ] {
        let read = app.get(&path).await;
        assert!(!read.body.contains("<script>"), "{}", read.body);
        assert!(!read.body.contains("<b>"), "{}", read.body);
        let document = parse(&read.body);
        assert!(document.root_element().has_tag_name("service_requests"));
        let request = children(document.root_element(), "request")[0];
        assert_eq!(
            child_text(request, "description"),
            "<script>alert(\"x\")</script> & 'quotes' ]]>  einde"
        );
        assert_eq!(child_text(request, "address"), "Straat <b>1</b> & co");
        assert_eq!(child_text(request, "status"), "open");
        assert_eq!(children(request, "lat").len(), 1, "an empty lat element");
    }
}

async fn searches_filter_by_id_service_status_and_period(app: TestApp) {
    let key = api_key(&app, "handler").await;
    let file = |code: &'static str| {
        let key = key.clone();
        let app = &app;
        async move {
            let response = post(
                app,
                "/open311/v2/requests.json",
                &[
                    ("api_key", key.as_str()),
                    ("service_code", code),
                    ("address_string", "Lier"),
                    ("description", "Graag nakijken."),
                ],
            )
            .await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.body);
            response.json()[0]["service_request_id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let first = file("groen").await;
    let second = file("riolering").await;
    let third = file("groen").await;
    let ids = |response: TestResponse| -> Vec<String> {
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        response
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(app
            .get(&format!(
                "/open311/v2/requests.json?service_request_id={first},{third}&status=closed"
            ))
            .await),
        [third.clone(), first.clone()],
        "service_request_id overrides the other filters"
    );
    assert_eq!(
        ids(app
            .get("/open311/v2/requests.json?service_code=riolering")
            .await),
        [second.as_str()]
    );
    assert_eq!(
        ids(app.get("/open311/v2/requests.json?status=open").await).len(),
        3
    );
    assert!(ids(app.get("/open311/v2/requests.json?status=closed").await).is_empty());

    // Resolve one: it is closed from then on.
    let case = service_case::Entity::find()
        .filter(service_case::Column::Reference.eq(&second))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    service::apply(
        &app.state,
        case.id,
        service::Change::Resolve {
            closing_text: "Het putje is vrijgemaakt.".into(),
        },
        &service::By::Api {
            name: "planning".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        ids(app.get("/open311/v2/requests.json?status=closed").await),
        [second.as_str()]
    );
    let read = app
        .get(&format!("/open311/v2/requests/{second}.json"))
        .await
        .json();
    assert_eq!(read[0]["status"], "closed");
    assert_eq!(read[0]["status_notes"], "Opgelost");

    // Periods: the default is the last 90 days; at most 90 days; W3C dates.
    assert_eq!(
        ids(app
            .get("/open311/v2/requests.json?start_date=2026-11-23T00:00:00Z&end_date=2026-11-24T00:00:00Z")
            .await)
        .len(),
        3
    );
    assert!(
        ids(app
            .get("/open311/v2/requests.json?start_date=2026-11-24T00:00:00%2B01:00")
            .await)
        .is_empty()
    );
    assert!(
        ids(app
            .get("/open311/v2/requests.json?end_date=2026-11-22T23:59:59Z")
            .await)
        .is_empty()
    );
    app.clock.set(app.clock_now() + chrono::Duration::days(91));
    assert!(ids(app.get("/open311/v2/requests.json").await).is_empty());
    for bad in [
        "start_date=gisteren",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=2026-11-24T00:00:00Z&end_date=2026-11-23T00:00:00Z",
        "status=pending",
    ] {
        assert_error(
            &app.get(&format!("/open311/v2/requests.json?{bad}")).await,
            StatusCode::BAD_REQUEST,
        );
    }
}
