//! The resident's side of reports and complaints: the forms, the confirmation and its mail,
//! the tracking page and its actions, the honeypot, the rate limits and bad input.

use crate::{
    on_both_databases,
    support::{TestApp, TestResponse},
};
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, StatusCode, header},
};
use chrono::{Duration, NaiveDate};
use image::{DynamicImage, codecs::jpeg::JpegEncoder, codecs::png::PngEncoder};
use loket::{
    cases::service::{self, By, Change},
    catalogue::service::calendar,
    domain::cases::report_due,
    entities::{case_category, case_photo, department, outbox_mail, service_case},
    web::{dates::long_date, i18n::Lang},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::net::SocketAddr;

on_both_databases!(
    a_report_gets_the_next_reference_a_mail_and_a_confirmation,
    a_report_without_email_gets_no_mail_and_says_so,
    a_complaint_gets_its_reference_and_the_acknowledgement_mail,
    the_tracking_page_shows_public_steps_only_and_unknown_links_are_not_found,
    a_resident_withdraws_a_report_and_a_complaint,
    added_information_answers_a_waiting_report_and_the_term_runs_again,
    not_satisfied_reopens_a_report_within_fourteen_days_and_not_after,
    a_filled_honeypot_answers_like_success_and_stores_nothing,
    too_many_filings_from_one_email_or_one_address_get_429,
    bad_report_input_gets_a_dutch_message_and_keeps_the_text,
    bad_complaint_input_gets_a_dutch_message_and_keeps_the_text,
    photos_are_stored_without_exif_and_served_only_through_their_own_link,
    a_script_in_a_complaint_is_shown_escaped_on_the_tracking_page,
    the_form_lists_open_reports_of_the_category_nearest_first,
);

const BOUNDARY: &str = "loket-test-boundary-4b52b43";

struct Upload<'a> {
    file_name: &'a str,
    content_type: &'a str,
    data: Vec<u8>,
}

fn multipart(fields: &[(&str, &str)], files: &[Upload]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for file in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                file.file_name, file.content_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(&file.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A report form post as a browser sends it, optionally from a known client address.
async fn post_report(
    app: &TestApp,
    code: &str,
    fields: &[(&str, &str)],
    files: &[Upload<'_>],
    client: Option<&str>,
) -> TestResponse {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("/melding/{code}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::HOST, "localhost")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(multipart(fields, files)))
        .unwrap();
    if let Some(ip) = client {
        let address: SocketAddr = format!("{ip}:50000").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(address));
    }
    app.request(request).await
}

fn report_fields<'a>(description: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("description", description),
        ("address", "Kesselsesteenweg 12, Lier"),
        ("latitude", ""),
        ("longitude", ""),
        ("email", email),
        ("name", "Jan Janssens"),
        ("phone", ""),
        ("website", ""),
    ]
}

/// Files a report through the form and returns its tracking token.
async fn file_report(app: &TestApp, email: &str) -> String {
    let response = post_report(
        app,
        "straatverlichting",
        &report_fields("De lamp voor nummer 12 is kapot.", email),
        &[],
        None,
    )
    .await;
    token_of(&response)
}

fn token_of(response: &TestResponse) -> String {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location();
    location
        .strip_prefix("/opvolging/")
        .and_then(|rest| rest.strip_suffix("/ontvangen"))
        .unwrap_or_else(|| panic!("not a confirmation: {location}"))
        .to_owned()
}

async fn complaint_ids(app: &TestApp) -> (String, String) {
    let category = case_category::Entity::find()
        .filter(case_category::Column::Kind.eq("complaint"))
        .filter(case_category::Column::Code.eq("wachttijd"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let department = department::Entity::find()
        .filter(department::Column::Name.eq("Dienstverlening"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (category.id.to_string(), department.id.to_string())
}

async fn post_complaint(
    app: &TestApp,
    email: &str,
    description: &str,
    extra: &[(&str, &str)],
) -> TestResponse {
    let (category, about) = complaint_ids(app).await;
    let mut fields = vec![
        ("name", "An Peeters"),
        ("email", email),
        ("phone", ""),
        ("description", description),
        ("happened_on", "2026-11-20"),
        ("about", about.as_str()),
        ("category", category.as_str()),
        ("expectation", "Een uitleg."),
        ("website", ""),
    ];
    for (name, value) in extra {
        fields.retain(|(n, _)| n != name);
        fields.push((name, value));
    }
    app.post_form("/klacht", &fields).await
}

async fn case_by_token(app: &TestApp, token: &str) -> service_case::Model {
    service::by_token(&app.db, token).await.unwrap().unwrap()
}

async fn mails(app: &TestApp) -> Vec<outbox_mail::Model> {
    outbox_mail::Entity::find()
        .order_by_asc(outbox_mail::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

async fn a_report_gets_the_next_reference_a_mail_and_a_confirmation(app: TestApp) {
    let first = file_report(&app, "jan@example.org").await;
    let second = file_report(&app, "jan@example.org").await;
    let (first, second) = (
        case_by_token(&app, &first).await,
        case_by_token(&app, &second).await,
    );
    assert_eq!(first.reference, "M-2026-000001");
    assert_eq!(second.reference, "M-2026-000002");
    assert_eq!(first.kind, "report");
    assert_eq!(first.channel, "web");
    assert_eq!(first.address, "Kesselsesteenweg 12, Lier");
    assert_eq!(first.tracking_token.len(), 64);
    // Straatverlichting: 10 working days.
    let due = report_due(&calendar(&app.db).await.unwrap(), today(), 10);
    assert_eq!(first.due_on, due);

    let page = app
        .get(&format!("/opvolging/{}/ontvangen", first.tracking_token))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("We hebben je melding ontvangen"));
    assert!(page.body.contains("M-2026-000001"));
    assert!(page.body.contains(&long_date(due, Lang::Nl)));
    let url = format!("http://localhost/opvolging/{}", first.tracking_token);
    assert!(page.body.contains(&url));
    assert!(page.body.contains("We stuurden een bevestiging"));

    let mails = mails(&app).await;
    assert_eq!(mails.len(), 2);
    let mail = &mails[0];
    assert_eq!(mail.kind, "report_received");
    assert_eq!(mail.recipient, "jan@example.org");
    assert!(mail.subject.contains("M-2026-000001"), "{}", mail.subject);
    for body in [&mail.body_text, &mail.body_html] {
        assert!(body.contains("M-2026-000001"));
        assert!(body.contains(&url), "{body}");
        assert!(body.contains(&long_date(due, Lang::Nl)), "{body}");
        assert!(body.contains("Straatverlichting"));
    }
}

async fn a_report_without_email_gets_no_mail_and_says_so(app: TestApp) {
    let token = file_report(&app, "").await;
    let case = case_by_token(&app, &token).await;
    assert_eq!(case.email, "");
    assert!(mails(&app).await.is_empty());
    let page = app.get(&format!("/opvolging/{token}/ontvangen")).await;
    assert!(page.body.contains("Je gaf geen e-mailadres op"));
    // The form says so before filing, too.
    let form = app.get("/melding/straatverlichting").await;
    assert!(
        form.body
            .contains("Zonder e-mailadres kunnen we je niet laten weten")
    );
}

async fn a_complaint_gets_its_reference_and_the_acknowledgement_mail(app: TestApp) {
    let form = app.get("/klacht").await;
    assert_eq!(form.status, StatusCode::OK);
    // The procedure and its terms, and the way to /melding.
    assert!(form.body.contains("Binnen 10 dagen"));
    assert!(form.body.contains("Binnen 45 dagen"));
    assert!(form.body.contains("90 dagen"));
    assert!(form.body.contains("href=\"/melding\""));
    assert!(form.body.contains("Dienstverlening"));

    let token = token_of(&post_complaint(&app, "an@example.org", "Niemand nam op.", &[]).await);
    let case = case_by_token(&app, &token).await;
    assert_eq!(case.reference, "K-2026-000001");
    assert_eq!(case.kind, "complaint");
    let (_, about) = complaint_ids(&app).await;
    assert_eq!(case.about_department_id, Some(about.parse().unwrap()));
    assert_eq!(case.happened_on, NaiveDate::from_ymd_opt(2026, 11, 20));
    let answer_by = today() + Duration::days(45);
    assert_eq!(case.due_on, answer_by);
    let second = token_of(&post_complaint(&app, "an@example.org", "Opnieuw.", &[]).await);
    assert_eq!(
        case_by_token(&app, &second).await.reference,
        "K-2026-000002"
    );

    let page = app.get(&format!("/opvolging/{token}/ontvangen")).await;
    assert!(page.body.contains("We hebben je klacht ontvangen"));
    assert!(page.body.contains(&long_date(answer_by, Lang::Nl)));

    let mail = &mails(&app).await[0];
    assert_eq!(mail.kind, "complaint_received");
    assert_eq!(mail.recipient, "an@example.org");
    assert!(mail.subject.contains("K-2026-000001"));
    let url = format!("http://localhost/opvolging/{token}");
    for body in [&mail.body_text, &mail.body_html] {
        assert!(body.contains("Beste An Peeters"));
        assert!(body.contains(&url));
        assert!(body.contains(&long_date(answer_by, Lang::Nl)), "{body}");
        assert!(body.contains("Binnen 10 dagen laten we je weten"), "{body}");
    }
}

async fn the_tracking_page_shows_public_steps_only_and_unknown_links_are_not_found(app: TestApp) {
    // Without an e-mail address: what staff write is not mailed (those mails are not tested here).
    let token = file_report(&app, "").await;
    let case = case_by_token(&app, &token).await;
    service::add_message(
        &app.state,
        case.id,
        &By::System,
        "Interne notitie XYZ",
        false,
    )
    .await
    .unwrap();
    service::add_message(&app.state, case.id, &By::System, "We komen dinsdag", true)
        .await
        .unwrap();
    let page = app.get(&format!("/opvolging/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("M-2026-000001"));
    assert!(page.body.contains("Ontvangen"));
    assert!(page.body.contains("De lamp voor nummer 12 is kapot."));
    assert!(page.body.contains("We komen dinsdag"));
    assert!(page.body.contains("Bericht van de gemeente"));
    assert!(!page.body.contains("Interne notitie XYZ"));
    // The resident may add information and withdraw while the report is open.
    assert!(page.body.contains("/aanvullen\""));
    assert!(page.body.contains("/intrekken\""));
    assert!(!page.body.contains("/tevredenheid\""));

    let other = "ab".repeat(32);
    assert_eq!(
        app.get(&format!("/opvolging/{other}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/opvolging/kort").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form(&format!("/opvolging/{other}/intrekken"), &[("reason", "")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn a_resident_withdraws_a_report_and_a_complaint(app: TestApp) {
    let token = file_report(&app, "jan@example.org").await;
    let response = app
        .post_form(
            &format!("/opvolging/{token}/intrekken"),
            &[("reason", "Al opgelost door de buren")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let case = case_by_token(&app, &token).await;
    assert_eq!(case.status, "cancelled");
    assert!(case.closed_at.is_some());
    let page = app.get(response.location()).await;
    assert!(page.body.contains("Je hebt dit ingetrokken"));
    assert!(page.body.contains("Al opgelost door de buren"));
    assert!(!page.body.contains("/intrekken\""));
    assert!(!page.body.contains("/aanvullen\""));
    // Once more is refused, not a server error.
    let again = app
        .post_form(&format!("/opvolging/{token}/intrekken"), &[("reason", "")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let token = token_of(&post_complaint(&app, "an@example.org", "Geen antwoord.", &[]).await);
    let response = app
        .post_form(&format!("/opvolging/{token}/intrekken"), &[("reason", "")])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let case = case_by_token(&app, &token).await;
    assert_eq!(case.status, "decided");
    assert_eq!(case.outcome, "withdrawn");
    // A withdrawn complaint is not asked whether the resident is satisfied.
    let page = app.get(&format!("/opvolging/{token}")).await;
    assert!(!page.body.contains("/tevredenheid\""));
}

async fn added_information_answers_a_waiting_report_and_the_term_runs_again(app: TestApp) {
    let token = file_report(&app, "").await;
    let case = case_by_token(&app, &token).await;
    // Information added while the handler is not waiting is a message, nothing more.
    let added = app
        .post_form(
            &format!("/opvolging/{token}/aanvullen"),
            &[("text", "Het is de tweede lamp.")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(case_by_token(&app, &token).await.status, "received");

    service::apply(
        &app.state,
        case.id,
        Change::AskResident {
            question: "Welke paal is het precies?".into(),
        },
        &By::System,
    )
    .await
    .unwrap();
    let waiting = case_by_token(&app, &token).await;
    assert_eq!(waiting.status, "waiting_for_resident");
    let page = app.get(&format!("/opvolging/{token}")).await;
    assert!(page.body.contains("Welke paal is het precies?"));
    assert!(page.body.contains("Beantwoord onze vraag"));

    // Answered four working days later (Monday to Friday): the term moves four days.
    app.clock.set(app.clock_now() + Duration::days(4));
    let empty = app
        .post_form(&format!("/opvolging/{token}/aanvullen"), &[("text", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Schrijf je bericht."));
    let answered = app
        .post_form(
            &format!("/opvolging/{token}/aanvullen"),
            &[("text", "De paal aan de bushalte.")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let resumed = case_by_token(&app, &token).await;
    assert_eq!(resumed.status, "triaged");
    assert_eq!(resumed.paused_on, None);
    let calendar = calendar(&app.db).await.unwrap();
    assert_eq!(
        resumed.due_on,
        loket::domain::cases::resume_term(
            &calendar,
            waiting.due_on,
            today(),
            today() + Duration::days(4)
        )
    );
    assert!(resumed.due_on > waiting.due_on);
    let page = app.get(&format!("/opvolging/{token}")).await;
    assert!(page.body.contains("De paal aan de bushalte."));
    assert!(page.body.contains("Het is de tweede lamp."));
}

async fn resolve(app: &TestApp, token: &str) {
    let case = case_by_token(app, token).await;
    service::apply(
        &app.state,
        case.id,
        Change::Resolve {
            closing_text: "De lamp is vervangen.".into(),
        },
        &By::System,
    )
    .await
    .unwrap();
}

async fn not_satisfied_reopens_a_report_within_fourteen_days_and_not_after(app: TestApp) {
    let early = file_report(&app, "").await;
    let late = file_report(&app, "").await;
    resolve(&app, &early).await;
    resolve(&app, &late).await;
    let page = app.get(&format!("/opvolging/{early}")).await;
    assert!(page.body.contains("Ben je tevreden?"));
    assert!(page.body.contains("De lamp is vervangen."));
    assert!(!page.body.contains("/intrekken\""));

    // No choice: a message, the comment kept.
    let none = app
        .post_form(
            &format!("/opvolging/{early}/tevredenheid"),
            &[("comment", "Hmm")],
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Kies ja of nee."));
    assert!(none.body.contains(">Hmm</textarea>"));

    app.clock.set(app.clock_now() + Duration::days(3));
    let response = app
        .post_form(
            &format!("/opvolging/{early}/tevredenheid"),
            &[
                ("satisfied", "nee"),
                ("comment", "Hij brandt nog steeds niet"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(response.location().contains("bericht=heropend"));
    let reopened = case_by_token(&app, &early).await;
    assert_eq!(reopened.status, "reopened");
    assert_eq!(reopened.reopen_count, 1);
    let page = app.get(response.location()).await;
    assert!(page.body.contains("We hebben je melding opnieuw geopend"));

    app.clock.set(app.clock_now() + Duration::days(17));
    let response = app
        .post_form(
            &format!("/opvolging/{late}/tevredenheid"),
            &[("satisfied", "nee"), ("comment", "")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(response.location().contains("bericht=genoteerd"));
    let kept = case_by_token(&app, &late).await;
    assert_eq!(kept.status, "resolved");
    assert_eq!(kept.satisfied, Some(false));
    // The question is asked once.
    let page = app.get(&format!("/opvolging/{late}")).await;
    assert!(!page.body.contains("/tevredenheid\""));
    assert!(
        page.body
            .contains("Je liet weten dat je niet tevreden bent.")
    );
}

async fn a_filled_honeypot_answers_like_success_and_stores_nothing(app: TestApp) {
    let mut fields = report_fields("Koop goedkope horloges", "bot@example.org");
    fields.retain(|(n, _)| *n != "website");
    fields.push(("website", "http://spam.example"));
    let response = post_report(&app, "straatverlichting", &fields, &[], None).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let thanks = app.get(response.location()).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert!(thanks.body.contains("Bedankt"));

    let response = post_complaint(
        &app,
        "bot@example.org",
        "Spam",
        &[("website", "http://spam.example")],
    )
    .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/klacht/ontvangen");
    assert_eq!(
        service_case::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert!(mails(&app).await.is_empty());
    // The field is there, hidden from people and from the tab order.
    let form = app.get("/klacht").await;
    assert!(form.body.contains("aria-hidden=\"true\""));
    assert!(
        form.body
            .contains("name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"")
    );
}

async fn too_many_filings_from_one_email_or_one_address_get_429(app: TestApp) {
    for n in 0..5 {
        let response = post_complaint(&app, "veel@example.org", &format!("Klacht {n}"), &[]).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "filing {n}");
    }
    let refused = post_complaint(&app, "veel@example.org", "Nog een", &[]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("Probeer het over een uur opnieuw"));
    assert_eq!(
        service_case::Entity::find().count(&app.db).await.unwrap(),
        5
    );
    // An hour later it is fine again.
    app.clock.set(app.clock_now() + Duration::minutes(61));
    let later = post_complaint(&app, "veel@example.org", "Later", &[]).await;
    assert_eq!(later.status, StatusCode::SEE_OTHER);

    // Ten reports from one address, without e-mail: the eleventh is refused.
    let fields = report_fields("Kapotte lamp", "");
    for n in 0..10 {
        let response =
            post_report(&app, "straatverlichting", &fields, &[], Some("192.0.2.7")).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "report {n}");
    }
    let refused = post_report(&app, "straatverlichting", &fields, &[], Some("192.0.2.7")).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("Even wachten"));
    let other = post_report(&app, "straatverlichting", &fields, &[], Some("192.0.2.8")).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::new_rgb8(width, height)
        .write_with_encoder(PngEncoder::new(&mut out))
        .unwrap();
    out
}

async fn bad_report_input_gets_a_dutch_message_and_keeps_the_text(app: TestApp) {
    let with = |field: &'static str, value: &'static str| {
        let mut fields = report_fields("De lamp is kapot.", "jan@example.org");
        fields.retain(|(n, _)| *n != field);
        fields.push((field, value));
        fields
    };
    // Empty description.
    let response = post_report(
        &app,
        "straatverlichting",
        &with("description", " "),
        &[],
        None,
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Beschrijf wat er aan de hand is."));
    assert!(
        response
            .body
            .contains("value=\"Kesselsesteenweg 12, Lier\"")
    );
    assert!(response.body.contains("href=\"#description\""));

    // 100 kB of text: a message, and the text comes back.
    let long = "lamp ".repeat(20_480);
    let mut fields = report_fields(&long, "jan@example.org");
    fields.retain(|(n, _)| *n != "website");
    let response = post_report(&app, "straatverlichting", &fields, &[], None).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Je beschrijving is te lang"));
    assert!(response.body.contains(long.trim_end()));

    // HTML in a field is shown escaped.
    let response = post_report(
        &app,
        "straatverlichting",
        &with("address", "<script>alert('x')</script>"),
        &[Upload {
            file_name: "lamp.jpg",
            content_type: "image/jpeg",
            data: b"<html>geen foto</html>".to_vec(),
        }],
        None,
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!response.body.contains("<script>alert"));
    assert!(response.body.contains("&lt;script&gt;alert"));
    // A non-image called .jpg.
    assert!(response.body.contains("Een van je bestanden is geen foto"));
    assert!(response.body.contains("Kies je foto"));
    assert!(response.body.contains("De lamp is kapot.</textarea>"));

    // A PNG over the limit.
    let mut big = png_of(10, 10);
    big.resize(5 * 1024 * 1024 + 10, 0);
    let response = post_report(
        &app,
        "straatverlichting",
        &with("name", "Jan"),
        &[Upload {
            file_name: "groot.png",
            content_type: "image/png",
            data: big,
        }],
        None,
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("is te groot. Elke foto mag maximaal 5 MB zijn.")
    );

    // Four photos.
    let four: Vec<Upload> = (0..4)
        .map(|_| Upload {
            file_name: "p.png",
            content_type: "image/png",
            data: png_of(4, 4),
        })
        .collect();
    let response = post_report(&app, "straatverlichting", &with("name", "Jan"), &four, None).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("maximaal 3 foto"));

    // A place far away (New York), then no place at all.
    let mut fields = with("latitude", "40.7128");
    fields.retain(|(n, _)| *n != "longitude");
    fields.push(("longitude", "-74.0060"));
    let response = post_report(&app, "straatverlichting", &fields, &[], None).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Deze plaats ligt niet in België"));
    assert!(response.body.contains("value=\"40.7128\""));
    let response = post_report(&app, "straatverlichting", &with("address", ""), &[], None).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("Geef een adres of plaats, of gebruik je locatie.")
    );

    // A wrong e-mail address.
    let response = post_report(&app, "straatverlichting", &with("email", "jan@"), &[], None).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Dit is geen geldig e-mailadres"));

    // Coordinates alone are a place.
    let mut fields = with("address", "");
    fields.retain(|(n, _)| *n != "latitude" && *n != "longitude");
    fields.extend([("latitude", "51,1313"), ("longitude", "4,5700")]);
    let response = post_report(&app, "straatverlichting", &fields, &[], None).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let case = service_case::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.latitude, Some(51.1313));
    assert_eq!(case.longitude, Some(4.57));
    assert_eq!(
        service_case::Entity::find().count(&app.db).await.unwrap(),
        1
    );
    // An unknown category is not found.
    assert_eq!(
        post_report(&app, "bestaat-niet", &with("name", "x"), &[], None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn bad_complaint_input_gets_a_dutch_message_and_keeps_the_text(app: TestApp) {
    let response = post_complaint(
        &app,
        "",
        "Ik wachtte <b>drie uur</b>.",
        &[("name", ""), ("happened_on", "2027-01-01")],
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("Een klacht zonder naam kunnen we niet behandelen")
    );
    assert!(
        response
            .body
            .contains("We hebben het nodig om je te antwoorden")
    );
    assert!(response.body.contains("Deze datum ligt in de toekomst"));
    assert!(
        response
            .body
            .contains("Ik wachtte &lt;b&gt;drie uur&lt;/b&gt;.")
    );
    assert!(response.body.contains("value=\"2027-01-01\""));
    // The chosen category and service stay chosen.
    assert!(response.body.contains(" checked>"));
    assert!(response.body.contains(" selected>"));

    let long = "x".repeat(100 * 1024);
    let response = post_complaint(&app, "an@example.org", &long, &[]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Je tekst is te lang"));
    assert!(response.body.contains(&long));

    let response = post_complaint(
        &app,
        "an@example.org",
        "",
        &[
            ("category", "999999"),
            ("about", "999999"),
            ("happened_on", "gisteren"),
        ],
    )
    .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Vertel wat er gebeurd is."));
    assert!(response.body.contains("Kies waarover je klacht gaat."));
    assert!(response.body.contains("Kies een dienst uit de lijst"));
    assert!(response.body.contains("Dit is geen geldige datum"));
    assert_eq!(
        service_case::Entity::find().count(&app.db).await.unwrap(),
        0
    );
}

/// A JPEG with an EXIF segment holding a GPS IFD and a recognisable marker.
fn jpeg_with_gps() -> Vec<u8> {
    let mut plain = Vec::new();
    DynamicImage::new_rgb8(32, 24)
        .write_with_encoder(JpegEncoder::new(&mut plain))
        .unwrap();
    let mut exif: Vec<u8> = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: one entry, GPSInfo (0x8825) pointing at offset 26; no next IFD.
    exif.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef = "N"; no next IFD.
    exif.extend_from_slice(&[0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    exif.extend_from_slice(b"GPS-51.1313-4.5700");
    let length = (exif.len() + 2) as u16;
    let mut jpeg = plain[..2].to_vec();
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&length.to_be_bytes());
    jpeg.extend_from_slice(&exif);
    jpeg.extend_from_slice(&plain[2..]);
    jpeg
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn photos_are_stored_without_exif_and_served_only_through_their_own_link(app: TestApp) {
    let original = jpeg_with_gps();
    assert!(contains(&original, b"Exif") && contains(&original, b"GPS-51.1313"));
    assert!(image::load_from_memory(&original).is_ok());
    let response = post_report(
        &app,
        "straatverlichting",
        &report_fields("Kapot, zie foto.", "jan@example.org"),
        &[
            Upload {
                // The name says PNG; the content decides.
                file_name: "IMG_0001.png",
                content_type: "image/png",
                data: original,
            },
            Upload {
                file_name: "tweede.png",
                content_type: "image/png",
                data: png_of(8, 8),
            },
        ],
        None,
    )
    .await;
    let token = token_of(&response);
    let case = case_by_token(&app, &token).await;
    let photos = case_photo::Entity::find()
        .filter(case_photo::Column::CaseId.eq(case.id))
        .order_by_asc(case_photo::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(photos.len(), 2);
    let jpeg = &photos[0];
    assert_eq!(jpeg.content_type, "image/jpeg");
    assert_eq!(&jpeg.data[..2], &[0xFF, 0xD8]);
    assert!(!contains(&jpeg.data, b"Exif"));
    assert!(!contains(&jpeg.data, b"GPS-51.1313"));
    let decoded = image::load_from_memory(&jpeg.data).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (32, 24));
    assert_eq!(photos[1].content_type, "image/png");

    let page = app.get(&format!("/opvolging/{token}")).await;
    let link = format!("/opvolging/{token}/foto/{}", jpeg.id);
    assert!(page.body.contains(&link));
    let served = app.get(&link).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/jpeg");
    // Another case's link does not open this photo.
    let other = file_report(&app, "").await;
    assert_eq!(
        app.get(&format!("/opvolging/{other}/foto/{}", jpeg.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn a_script_in_a_complaint_is_shown_escaped_on_the_tracking_page(app: TestApp) {
    let token = token_of(
        &post_complaint(
            &app,
            "an@example.org",
            "<script>alert(1)</script> & <img src=x onerror=alert(2)>",
            &[("expectation", "<b>excuses</b>")],
        )
        .await,
    );
    let page = app.get(&format!("/opvolging/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(!page.body.contains("<img src=x"));
    assert!(!page.body.contains("<b>excuses"));
    assert!(page.body.contains("&lt;script&gt;alert(1)"));
    assert!(page.body.contains("&lt;b&gt;excuses"));
    let mail = &mails(&app).await[0];
    assert!(!mail.body_html.contains("<script>alert(1)"));
}

async fn the_form_lists_open_reports_of_the_category_nearest_first(app: TestApp) {
    let categories = app.get("/melding").await;
    assert_eq!(categories.status, StatusCode::OK);
    assert!(
        categories
            .body
            .contains("href=\"/melding/straatverlichting\"")
    );
    assert!(categories.body.contains("/static/cases/lamp.svg"));

    let place = |address: &'static str, lat: &'static str, lon: &'static str| {
        let mut fields = report_fields("Lamp kapot", "");
        fields.retain(|(n, _)| !["address", "latitude", "longitude"].contains(n));
        fields.extend([("address", address), ("latitude", lat), ("longitude", lon)]);
        fields
    };
    let far = token_of(
        &post_report(
            &app,
            "straatverlichting",
            &place("Ver weg", "51.20", "4.70"),
            &[],
            None,
        )
        .await,
    );
    token_of(
        &post_report(
            &app,
            "straatverlichting",
            &place("Dichtbij", "51.1314", "4.5701"),
            &[],
            None,
        )
        .await,
    );
    let closed = token_of(
        &post_report(
            &app,
            "straatverlichting",
            &place("Al opgelost", "51.1313", "4.57"),
            &[],
            None,
        )
        .await,
    );
    resolve(&app, &closed).await;
    token_of(
        &post_report(
            &app,
            "groen",
            &place("Andere categorie", "51.1313", "4.57"),
            &[],
            None,
        )
        .await,
    );

    let page = app
        .get("/melding/straatverlichting?lat=51.1313&lon=4.5700")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let near = page.body.find("Dichtbij").expect("the near report");
    let distant = page.body.find("Ver weg").expect("the far report");
    assert!(near < distant);
    assert!(!page.body.contains("Al opgelost"));
    assert!(!page.body.contains("Andere categorie"));
    // The place is filled in for the new report.
    assert!(page.body.contains("value=\"51.13130\""));

    // The public page of a report shows no personal data.
    let far = case_by_token(&app, &far).await;
    let public = app.get(&format!("/meldingen/{}", far.reference)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Ver weg"));
    assert!(public.body.contains("Ontvangen"));
    assert!(!public.body.contains("Lamp kapot"));
    assert!(!public.body.contains("Jan Janssens"));
    assert!(!public.body.contains(&far.tracking_token));
    assert_eq!(
        app.get("/meldingen/K-2026-000001").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/meldingen/onzin").await.status,
        StatusCode::NOT_FOUND
    );
}
