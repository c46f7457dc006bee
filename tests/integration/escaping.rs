//! The injection corpus: script, attribute, template, SQL, formula, XML and odd Unicode
//! payloads typed into every form and API a resident or staff member can reach, then every page,
//! mail, CSV export, Open311 document and JSON answer that shows them is read back. A payload
//! must be stored (so each check has something to find), shown escaped in HTML, neutralised in
//! CSV, be plain text in XML and JSON, and leave the database whole.

use crate::{
    mail::{Part, parts},
    on_both_databases,
    open311::api_key,
    support::{TestApp, TestResponse},
};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use loket::{
    auth::users,
    clock::Clock,
    domain::email::EmailAddress,
    entities::{
        appointment, case_category, cluster, counter, department, outbox_mail, policy_node,
        product, service_case, staff_user,
    },
    mail::worker::{self, Transport},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};

on_both_databases!(every_typed_value_is_stored_and_shown_escaped_everywhere);

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTRIBUTE: &str = "\"><img src=x onerror=alert(1)>";
const TEMPLATE: &str = "{{7*7}}{% raw %}";
const SQL: &str = "'; DROP TABLE visit; --";
const XML_END: &str = "]]>";
/// Right-to-left override, zero-width space, a combining accent and an emoji.
const ODD_UNICODE: &str = "\u{202E}\u{200B}e\u{301}🙂";
/// What a spreadsheet would run as a command.
const FORMULA: &str = "=cmd|' /C calc'!A0";

/// The corpus in one value, after a tag that says which field it was typed into.
fn payload(tag: &str) -> String {
    format!("{tag} {SCRIPT}{ATTRIBUTE} {TEMPLATE} {SQL} {XML_END} {ODD_UNICODE}")
}

/// The same, starting as a spreadsheet formula (for values that reach a CSV export).
fn formula(tag: &str, start: &str) -> String {
    format!("{start}{} {}", &FORMULA[1..], payload(tag))
}

/// What a field's value looks like once escaped in HTML: the tag, then the script tag as text.
fn escaped(tag: &str) -> String {
    format!("{tag} &lt;script&gt;alert(1)&lt;")
}

/// No payload is live markup in this HTML, and `what` says where it came from.
fn assert_inert_html(what: &str, html: &str) {
    for live in [
        "<script>alert(1)",
        "<img src=x onerror",
        "href=\"javascript:",
        "src=\"javascript:",
    ] {
        assert!(!html.contains(live), "{what} contains {live:?} unescaped");
    }
}

/// A page that shows the values typed into the fields `tags`: it answers 200, shows each of
/// them escaped, and none of them live.
async fn page_shows(app: &TestApp, path: &str, tags: &[&str]) -> TestResponse {
    let page = app.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    assert!(
        page.header("content-type").starts_with("text/html"),
        "{path}"
    );
    assert_inert_html(path, &page.body);
    let missing: Vec<&&str> = tags
        .iter()
        .filter(|tag| !page.body.contains(&escaped(tag)))
        .collect();
    assert!(
        missing.is_empty(),
        "{path} does not show the values of {missing:?} escaped"
    );
    page
}

fn assert_redirected(what: &str, response: &TestResponse) {
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{what}: {}",
        response.body
    );
}

const BOUNDARY: &str = "loket-escaping-boundary-91c";

async fn post_multipart(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    app.request(request).await
}

/// The `value` of every radio button named start, in page order.
fn free_times(body: &str) -> Vec<String> {
    body.split("name=\"start\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|s| s.replace("&#43;", "+").replace("&#x2B;", "+"))
        .collect()
}

async fn cluster_by_code(app: &TestApp, code: &str) -> cluster::Model {
    cluster::Entity::find()
        .filter(cluster::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn case_of_token(app: &TestApp, token: &str) -> service_case::Model {
    loket::cases::service::by_token(&app.db, token)
        .await
        .unwrap()
        .unwrap()
}

fn tracking_token(response: &TestResponse) -> String {
    assert_redirected("a filing", response);
    response
        .location()
        .strip_prefix("/opvolging/")
        .and_then(|rest| rest.strip_suffix("/ontvangen"))
        .unwrap_or_else(|| panic!("not a confirmation: {}", response.location()))
        .to_owned()
}

async fn every_typed_value_is_stored_and_shown_escaped_everywhere(app: TestApp) {
    // An administrator whose own name is a payload: it shows wherever staff are named.
    let admin_name = payload("Tadmin");
    let admin_email = "beheer@lier.test";
    users::create(
        &app.db,
        &EmailAddress::parse(admin_email).unwrap(),
        &admin_name,
        "admin".parse().unwrap(),
        "een-lang-wachtwoord-123",
        app.clock.now(),
    )
    .await
    .unwrap();
    assert_redirected(
        "sign-in",
        &app.post_form(
            "/aanmelden",
            &[
                ("email", admin_email),
                ("password", "een-lang-wachtwoord-123"),
            ],
        )
        .await,
    );

    // --- Staff pages -------------------------------------------------------------------
    // The cluster's name starts as a formula: it heads rows of the report exports.
    let burgerzaken = cluster_by_code(&app, "burgerzaken").await;
    let cluster_name = formula("Tcluster", "=");
    assert_redirected(
        "cluster",
        &app.post_form(
            &format!("/beheer/diensten/{}", burgerzaken.id),
            &[
                ("code", "burgerzaken"),
                ("name", &cluster_name),
                ("description", &payload("Tclusterdesc")),
                ("wait_target_seconds", "600"),
                ("ticket_prefix", &burgerzaken.ticket_prefix),
                ("grace_minutes", "10"),
                ("appointments_first", "on"),
            ],
        )
        .await,
    );
    let closing_reason = payload("Tclosing");
    assert_redirected(
        "closing day",
        &app.post_form(
            "/beheer/sluitingsdagen",
            &[("date", "2027-05-07"), ("reason", &closing_reason)],
        )
        .await,
    );
    let counter_name = payload("Tcounter");
    assert_redirected(
        "counter",
        &app.post_form(
            &format!("/beheer/diensten/{}/loketten", burgerzaken.id),
            &[("counter_code", "X9"), ("counter_name", &counter_name)],
        )
        .await,
    );

    // The product's name starts with `+` (a formula too) and heads a row of the appointments
    // export; the other texts show on the product page.
    let identity = product::Entity::find()
        .filter(product::Column::Slug.eq("identiteitskaart"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let product_name = formula("Tproduct", "+");
    let product_form = |procedures: String| {
        vec![
            ("name", product_name.clone()),
            ("slug", "identiteitskaart".to_owned()),
            ("summary", payload("Tsummary")),
            ("description", payload("Tdescription")),
            ("product_type", identity.product_type.clone()),
            ("cluster", "burgerzaken".to_owned()),
            ("channels", "appointment".to_owned()),
            ("channels", "counter".to_owned()),
            ("bookable", "on".to_owned()),
            ("appointment_minutes", "15".to_owned()),
            ("published", "on".to_owned()),
            ("front_office_eligible", "on".to_owned()),
            (
                "requirements",
                format!("{} | | {}", payload("Trequirement"), payload("Tevidence")),
            ),
            ("costs", format!("{} | 18,50", payload("Tcost"))),
            ("keywords", payload("Tkeyword").replace(',', " ")),
            ("procedures", procedures),
        ]
    };
    let product_path = format!("/beheer/producten/{}", identity.id);
    // A `javascript:` link in a procedure is refused with a message, and nothing is saved.
    let refused = {
        let fields = product_form(format!("{} | | javascript:alert(1)", payload("Tstep")));
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(&product_path, &pairs).await
    };
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Een webadres begint met https:// of http://.")
    );
    assert_inert_html("the refused product form", &refused.body);
    assert!(refused.body.contains(&escaped("Tdescription")));
    let fields = product_form(format!(
        "{} | {} | https://www.lier.be/?q=\"><script>",
        payload("Tstep"),
        payload("Tstepdesc")
    ));
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_redirected("product", &app.post_form(&product_path, &pairs).await);

    // A new action in the policy plan, linked from the product page's plan.
    let parent = policy_node::Entity::find()
        .filter(policy_node::Column::Code.eq("01/11/SAP/01"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_redirected(
        "policy action",
        &app.post_form(
            "/beheer/beleid/nieuw",
            &[
                ("plan_version", &parent.plan_version_id.to_string()),
                ("parent", &parent.id.to_string()),
                ("level", "action"),
                ("code", "01/11/SAP/01/66"),
                ("title", &payload("Tpolicytitle")),
                ("description", &payload("Tpolicydesc")),
                ("status", "1"),
                ("start_date", "2026-01-01"),
                ("end_date", ""),
            ],
        )
        .await,
    );
    let action = policy_node::Entity::find()
        .filter(policy_node::Column::Code.eq("01/11/SAP/01/66"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the new action is stored");
    assert_eq!(action.title, payload("Tpolicytitle"));

    // A colleague added through the form.
    assert_redirected(
        "user",
        &app.post_form(
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "collega@lier.test"),
                ("display_name", &payload("Tcolleague")),
                ("role", "handler"),
                ("password", "een-goed-wachtwoord"),
            ],
        )
        .await,
    );
    let colleague = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq("collega@lier.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(colleague.display_name, payload("Tcolleague"));

    // A department's webhook may only be a web address.
    let department = department::Entity::find()
        .filter(department::Column::Name.eq("Dienstverlening"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let webhook = app
        .post_form(
            &format!("/beheer/afdelingen/{}", department.id),
            &[
                ("webhook_url", "javascript:alert(1)"),
                ("webhook_secret", ""),
            ],
        )
        .await;
    assert_eq!(webhook.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_inert_html("the department form", &webhook.body);

    // --- Residents ---------------------------------------------------------------------
    // A booking through the pages: name a payload, the e-mail's local part as odd as an address
    // may be (apostrophe, braces, equals sign, plus).
    let times = free_times(&app.get("/afspraak/identiteitskaart").await.body);
    assert!(times.len() >= 2, "two free times");
    let booker_email = "o'brien+{{7*7}}=x@lier.test";
    let booked = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[
                ("start", &times[0]),
                ("name", &payload("Tbooker")),
                ("email", booker_email),
                ("phone", ""),
            ],
        )
        .await;
    assert_redirected("booking", &booked);
    let manage_token = booked
        .location()
        .trim_start_matches("/afspraak/beheer/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // And one through the JSON API.
    let api_booking = app
        .post_json(
            "/api/v1/appointments",
            &serde_json::json!({
                "product": "identiteitskaart",
                "start": times[1],
                "name": payload("Tapibooker"),
                "email": "api.booker@lier.test",
            }),
        )
        .await;
    assert_eq!(
        api_booking.status,
        StatusCode::CREATED,
        "{}",
        api_booking.body
    );
    let appointments = appointment::Entity::find().all(&app.db).await.unwrap();
    for tag in ["Tbooker", "Tapibooker"] {
        assert!(
            appointments.iter().any(|a| a.name == payload(tag)),
            "{tag} stored"
        );
    }
    assert!(appointments.iter().any(|a| a.email == booker_email));

    // A report, through the multipart form.
    let report_token = tracking_token(
        &post_multipart(
            &app,
            "/melding/straatverlichting",
            &[
                ("description", &payload("Treport")),
                ("address", &payload("Taddress")),
                ("latitude", ""),
                ("longitude", ""),
                ("email", "melder@lier.test"),
                ("name", &payload("Treporter")),
                ("phone", ""),
                ("website", ""),
            ],
        )
        .await,
    );
    // A complaint.
    let category = case_category::Entity::find()
        .filter(case_category::Column::Kind.eq("complaint"))
        .filter(case_category::Column::Code.eq("wachttijd"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let complaint_token = tracking_token(
        &app.post_form(
            "/klacht",
            &[
                ("name", &payload("Tcomplainant")),
                ("email", "klager@lier.test"),
                ("phone", ""),
                ("description", &payload("Tcomplaint")),
                ("happened_on", "2026-11-20"),
                ("about", &department.id.to_string()),
                ("category", &category.id.to_string()),
                ("expectation", &payload("Texpectation")),
                ("website", ""),
            ],
        )
        .await,
    );
    // Information added on the tracking page.
    assert_redirected(
        "added information",
        &app.post_form(
            &format!("/opvolging/{report_token}/aanvullen"),
            &[("text", &payload("Tadded"))],
        )
        .await,
    );
    // A report over Open311, with `]]>` inside the texts of an XML answer.
    let key = api_key(&app, "handler").await;
    let open311_description = payload("Topen311");
    let filed = app
        .post_form_with(
            "/open311/v2/requests.json",
            &[
                ("api_key", &key),
                ("service_code", "straatverlichting"),
                ("lat", "51.1312"),
                ("long", "4.5701"),
                ("address_string", &payload("Topen311address")),
                ("description", &open311_description),
                ("email", "open311@lier.test"),
                ("first_name", &payload("Topen311first")),
                ("last_name", "Peeters"),
            ],
            &[],
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);

    // The kiosk: an unknown reference is refused, shown back as text.
    let kiosk = app
        .post_form("/kiosk/inchecken", &[("reference", &payload("Tkiosk"))])
        .await;
    assert!(
        kiosk.status.is_client_error() || kiosk.status == StatusCode::OK,
        "{}",
        kiosk.status
    );
    assert_inert_html("the kiosk's refusal", &kiosk.body);
    assert!(kiosk.body.contains("Tkiosk"), "the reference shown back");
    // A ticket, so the cluster has visits in the wait-time report.
    assert_redirected(
        "ticket",
        &app.post_form("/kiosk/volgnummer", &[("cluster", "burgerzaken")])
            .await,
    );

    // --- Handlers ----------------------------------------------------------------------
    let report = case_of_token(&app, &report_token).await;
    let complaint = case_of_token(&app, &complaint_token).await;
    assert_eq!(report.description, payload("Treport"));
    assert_eq!(complaint.description, payload("Tcomplaint"));
    assert_redirected(
        "take",
        &app.post_form(&format!("/balie/meldingen/{}/nemen", report.id), &[])
            .await,
    );
    assert_redirected(
        "note",
        &app.post_form(
            &format!("/balie/meldingen/{}/notitie", report.id),
            &[("text", &payload("Tnote"))],
        )
        .await,
    );
    assert_redirected(
        "public message",
        &app.post_form(
            &format!("/balie/meldingen/{}/bericht", report.id),
            &[("text", &payload("Tmessage"))],
        )
        .await,
    );

    // --- Every page that shows them -----------------------------------------------------
    let counter_id = counter::Entity::find()
        .filter(counter::Column::Code.eq("X9"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let product_page = page_shows(
        &app,
        "/producten/identiteitskaart",
        &[
            "Tproduct",
            "Tsummary",
            "Tdescription",
            "Trequirement",
            "Tevidence",
            "Tcost",
            "Tstep",
            "Tstepdesc",
            "Tcluster",
        ],
    )
    .await;
    // The template syntax is shown as typed, never evaluated.
    assert!(product_page.body.contains("{{7*7}}{% raw %}"));
    assert!(
        product_page
            .body
            .contains("href=\"https://www.lier.be/?q=&quot;&gt;&lt;script&gt;\"")
    );
    // A booking made at the desk for a resident who phoned.
    let desk_form = app
        .get("/balie/agenda/nieuw?dienst=burgerzaken&dag=2026-11-24&product=identiteitskaart")
        .await;
    assert_eq!(desk_form.status, StatusCode::OK, "{}", desk_form.body);
    let start = desk_form
        .body
        .split("<option value=\"2026-11-24T")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|time| format!("2026-11-24T{}", time.replace("&#43;", "+")))
        .expect("a free time on 24 November");
    assert_redirected(
        "desk booking",
        &app.post_form(
            "/balie/agenda/nieuw",
            &[
                ("dienst", "burgerzaken"),
                ("dag", "2026-11-24"),
                ("product", "identiteitskaart"),
                ("start", &start),
                ("name", &payload("Tdeskbooker")),
                ("email", "balie-corpus@lier.test"),
            ],
        )
        .await,
    );
    for (path, tags) in [
        (
            "/balie/agenda?dienst=burgerzaken&dag=2026-11-24".to_owned(),
            vec!["Tdeskbooker"],
        ),
        ("/".to_owned(), vec!["Tcluster"]),
        ("/producten".to_owned(), vec!["Tproduct", "Tsummary"]),
        ("/afspraak".to_owned(), vec!["Tproduct"]),
        ("/afspraak/identiteitskaart".to_owned(), vec!["Tproduct"]),
        (
            format!("/afspraak/beheer/{manage_token}"),
            vec!["Tproduct", "Tbooker"],
        ),
        ("/kiosk".to_owned(), vec!["Tcluster"]),
        ("/scherm".to_owned(), vec![]),
        ("/scherm/burgerzaken".to_owned(), vec![]),
        ("/balie".to_owned(), vec!["Tcluster", "Tcounter"]),
        (format!("/balie/loket/{counter_id}"), vec!["Tcounter"]),
        ("/balie/agenda".to_owned(), vec!["Tbooker", "Tapibooker"]),
        ("/beheer/sluitingsdagen".to_owned(), vec!["Tclosing"]),
        ("/beleid".to_owned(), vec!["Tpolicytitle"]),
        (
            format!("/beleid/{}", action.id),
            vec!["Tpolicytitle", "Tpolicydesc"],
        ),
        ("/melding/straatverlichting".to_owned(), vec!["Taddress"]),
        // The public status page shows no free text at all.
        (format!("/meldingen/{}", report.reference), vec![]),
        (
            format!("/opvolging/{report_token}"),
            vec!["Treport", "Tadded", "Tmessage"],
        ),
        (
            format!("/opvolging/{complaint_token}"),
            vec!["Tcomplaint", "Texpectation"],
        ),
        ("/balie/meldingen".to_owned(), vec![]),
        (
            format!("/balie/meldingen/{}", report.id),
            vec![
                "Treport",
                "Taddress",
                "Treporter",
                "Tadded",
                "Tnote",
                "Tmessage",
                "Tadmin",
            ],
        ),
        (
            format!("/balie/meldingen/{}", complaint.id),
            vec!["Tcomplaint", "Tcomplainant", "Texpectation"],
        ),
        ("/beheer".to_owned(), vec![]),
        ("/beheer/producten".to_owned(), vec!["Tproduct"]),
        (
            product_path.clone(),
            vec![
                "Tproduct",
                "Tsummary",
                "Tdescription",
                "Trequirement",
                "Tcost",
                "Tstep",
            ],
        ),
        ("/beheer/diensten".to_owned(), vec!["Tcluster"]),
        (
            format!("/beheer/diensten/{}", burgerzaken.id),
            vec!["Tcluster", "Tclusterdesc"],
        ),
        (
            format!("/beheer/diensten/{}/loketten", burgerzaken.id),
            vec!["Tcounter"],
        ),
        ("/beheer/beleid".to_owned(), vec!["Tpolicytitle"]),
        (
            format!("/beheer/beleid/{}", action.id),
            vec!["Tpolicytitle", "Tpolicydesc"],
        ),
        (
            "/beheer/gebruikers".to_owned(),
            vec!["Tadmin", "Tcolleague"],
        ),
        (
            format!("/beheer/gebruikers/{}", colleague.id),
            vec!["Tcolleague"],
        ),
        ("/beheer/afdelingen".to_owned(), vec![]),
        (
            format!("/beheer/afdelingen/{}", department.id),
            vec!["Tcolleague"],
        ),
        ("/beheer/audit".to_owned(), vec!["Tadmin"]),
        ("/beheer/uitgaande-mail".to_owned(), vec![]),
        ("/rapporten/wachttijden".to_owned(), vec!["Tcluster"]),
        (
            "/rapporten/afspraken".to_owned(),
            vec!["Tcluster", "Tproduct"],
        ),
        ("/rapporten/klachten-en-meldingen".to_owned(), vec![]),
    ] {
        page_shows(&app, &path, &tags).await;
    }
    let public = app.get(&format!("/meldingen/{}", report.reference)).await;
    assert!(
        !public.body.contains("Treport"),
        "free text on the public page"
    );
    // A search shows what was searched for as text.
    let query = payload("Tsearch");
    page_shows(
        &app,
        &format!("/producten?q={}", loket::web::url_encode(&query)),
        &["Tsearch"],
    )
    .await;

    // --- CSV exports: every formula cell neutralised -------------------------------------
    for (path, tags) in [
        ("/rapporten/wachttijden/export.csv", vec!["Tcluster"]),
        (
            "/rapporten/afspraken/export.csv",
            vec!["Tcluster", "Tproduct"],
        ),
    ] {
        let export = app.get(path).await;
        assert_eq!(export.status, StatusCode::OK, "{path}");
        assert!(export.header("content-type").starts_with("text/csv"));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(export.body.as_bytes());
        let cells: Vec<String> = reader
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        for cell in &cells {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{path}: a formula cell {cell:?}"
            );
        }
        for tag in tags {
            assert!(
                cells
                    .iter()
                    .any(|c| c.starts_with('\'') && c.contains(&payload(tag))),
                "{path}: the value of {tag} is missing or not neutralised"
            );
        }
    }

    // --- Open311: XML parses and holds the value as text; JSON likewise ------------------
    let xml = app.get("/open311/v2/requests.xml").await;
    assert_eq!(xml.status, StatusCode::OK);
    let document = roxmltree::Document::parse(&xml.body)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}): {}", xml.body));
    let descriptions: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("description"))
        .filter_map(|n| n.text())
        .collect();
    for tag in ["Topen311", "Treport"] {
        assert!(
            descriptions.contains(&payload(tag).as_str()),
            "XML lacks {tag}: {descriptions:?}"
        );
    }
    let json = app.get("/open311/v2/requests.json").await.json();
    let json_descriptions: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["description"].as_str())
        .collect();
    assert!(json_descriptions.contains(&open311_description.as_str()));

    // --- The JSON APIs return the values exactly ----------------------------------------
    let api_product = app.get("/api/v1/products/identiteitskaart").await.json();
    assert_eq!(api_product["name"], product_name);
    let searched = app
        .get(&format!(
            "/api/v1/products?q={}",
            loket::web::url_encode(&payload("Tapisearch"))
        ))
        .await;
    assert!(searched.status.is_success(), "{}", searched.body);
    searched.json();
    let cases = app
        .get_with("/api/v1/cases", &[("accept", "application/json")])
        .await;
    assert_eq!(cases.status, StatusCode::OK, "{}", cases.body);
    assert!(
        cases
            .body
            .contains(&serde_json::to_string(&payload("Treport")).unwrap()),
        "{}",
        cases.body
    );
    let counters = app.get("/api/v1/counters").await.json();
    assert!(
        counters
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == counter_name)
    );
    // The JSON APIs refuse a payload where a reference or code belongs, in Dutch.
    for (path, body) in [
        (
            "/api/v1/checkins",
            serde_json::json!({"reference": payload("Tcheckin")}),
        ),
        (
            "/api/v1/tickets",
            serde_json::json!({"cluster": payload("Tticket")}),
        ),
    ] {
        let answer = app.post_json(path, &body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            answer.body
        );
        assert_eq!(answer.header("content-type"), "application/problem+json");
        answer.json();
    }
    // The privacy export holds the booker's name exactly.
    let export = app
        .post_form("/beheer/privacy/export", &[("email", booker_email)])
        .await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert!(
        export
            .body
            .contains(&serde_json::to_string(&payload("Tbooker")).unwrap()),
        "{}",
        export.body
    );

    // --- Mails: the HTML parts escape, in the outbox and in the .eml files sent ----------
    let mails = outbox_mail::Entity::find().all(&app.db).await.unwrap();
    for (kind, tags) in [
        ("appointment_confirmed", vec!["Tbooker", "Tproduct"]),
        ("report_received", vec!["Treport"]),
        ("complaint_received", vec!["Tcomplainant"]),
        ("case_message", vec!["Tmessage"]),
    ] {
        let of_kind: Vec<&outbox_mail::Model> = mails.iter().filter(|m| m.kind == kind).collect();
        assert!(!of_kind.is_empty(), "no {kind} mail");
        for tag in tags {
            assert!(
                of_kind.iter().any(|m| m.body_html.contains(&escaped(tag))),
                "no {kind} mail shows {tag} escaped"
            );
            assert!(
                of_kind.iter().any(|m| m.body_text.contains(&payload(tag))),
                "no {kind} mail has {tag} as plain text"
            );
        }
    }
    for mail in &mails {
        assert_inert_html(&format!("the {} mail", mail.kind), &mail.body_html);
        assert!(!mail.subject.contains(['\r', '\n']), "{}", mail.subject);
    }
    let folder = std::env::temp_dir().join(format!(
        "loket-escaping-{}-{}",
        std::process::id(),
        app.state.config.database_url.len()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let sent = worker::deliver_due(
        &app.db,
        &Transport::Files(folder.clone()),
        "Loket Lier <loket@lier.be>",
        app.clock.now(),
        &loket::outbox::Control::default(),
    )
    .await
    .unwrap();
    assert_eq!(sent, mails.len());
    let mut html_parts = 0;
    for file in std::fs::read_dir(&folder).unwrap() {
        let raw = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let all: Vec<Part> = parts(&raw);
        for part in all
            .iter()
            .filter(|p| p.content_type.starts_with("text/html"))
        {
            assert_inert_html("a sent mail", &part.body);
            html_parts += 1;
        }
    }
    assert_eq!(html_parts, mails.len());
    std::fs::remove_dir_all(&folder).unwrap();

    // --- The database is whole ------------------------------------------------------------
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('visit', 'appointment', 'service_case')"
        }
        _ => {
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('visit', 'appointment', 'service_case')"
        }
    };
    let row = app
        .db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 3);
    assert!(
        loket::entities::visit::Entity::find()
            .count(&app.db)
            .await
            .unwrap()
            >= 1
    );
}
