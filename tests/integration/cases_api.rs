//! The staff JSON API for complaints and reports: who may use it, what it shows, and the
//! planning system setting `scheduled` and `resolved`.

use crate::{
    on_both_databases,
    support::{TestApp, TestResponse},
};
use axum::http::StatusCode;
use loket::{
    auth::{tokens, users},
    cases::service::{self, Channel, NewCase},
    domain::{cases::CaseKind, email::EmailAddress},
    entities::{
        case_category, case_event, department, outbox_mail, service_case, staff_department,
    },
    web::i18n::Lang,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

on_both_databases!(
    the_cases_api_needs_a_handler_token,
    lists_filter_and_contact_data_only_for_the_department,
    the_planning_system_schedules_and_resolves_a_report,
    bad_input_gets_a_problem_document,
    the_openapi_document_lists_the_cases_api,
);

/// A bearer header for a new user with this role, and the user's id.
async fn bearer(app: &TestApp, role: &str, name: &str) -> (String, i32) {
    let email = format!("cases-{name}@lier.test");
    app.create_user(&email, role, "een-lang-wachtwoord-123")
        .await;
    let user = users::find_by_email(&app.db, &EmailAddress::parse(&email).unwrap())
        .await
        .unwrap()
        .unwrap();
    let token = tokens::issue(&app.db, &user, "planning", app.clock_now())
        .await
        .unwrap();
    (format!("Bearer {token}"), user.id)
}

async fn category(app: &TestApp, kind: &str, code: &str) -> case_category::Model {
    case_category::Entity::find()
        .filter(case_category::Column::Kind.eq(kind))
        .filter(case_category::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("category {kind} {code}"))
}

/// Files a case as a resident would, with contact data.
pub async fn file(app: &TestApp, kind: CaseKind, code: &str) -> service_case::Model {
    let kind_name = kind.as_str();
    let category = category(app, kind_name, code).await;
    service::file(
        &app.state,
        NewCase {
            kind,
            category_id: category.id,
            about_department_id: None,
            description: "De lamp aan de kerk brandt niet.".into(),
            address: "Kerkstraat 1, Lier".into(),
            latitude: Some(51.13),
            longitude: Some(4.57),
            name: "Mira Janssens".into(),
            email: Some(EmailAddress::parse("mira@example.org").unwrap()),
            phone: "03 123 45 67".into(),
            happened_on: None,
            expectation: String::new(),
            channel: Channel::Web,
            language: Lang::Nl,
            photos: Vec::new(),
        },
    )
    .await
    .unwrap()
}

async fn get(app: &TestApp, auth: &str, path: &str) -> TestResponse {
    app.get_with(
        path,
        &[("authorization", auth), ("accept", "application/json")],
    )
    .await
}

async fn post(app: &TestApp, auth: &str, path: &str, body: Value) -> TestResponse {
    app.post_json_with(path, &body.to_string(), &[("authorization", auth)])
        .await
}

async fn department_id(app: &TestApp, name: &str) -> i32 {
    department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn the_cases_api_needs_a_handler_token(app: TestApp) {
    let case = file(&app, CaseKind::Report, "straatverlichting").await;
    let one = format!("/api/v1/cases/{}", case.reference);
    let schedule = format!("{one}/schedule");
    let anonymous = app.get("/api/v1/cases").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.header("content-type"), "application/problem+json");
    assert_eq!(app.get(&one).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.post_json(&schedule, &json!({"date": "2026-11-30"}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let (frontoffice, _) = bearer(&app, "frontoffice", "balie").await;
    assert_eq!(
        get(&app, &frontoffice, "/api/v1/cases").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&app, &frontoffice, &one).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&app, &frontoffice, &schedule, json!({"date": "2026-11-30"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bogus = "Bearer loket_00000000000000000000000000000000";
    assert_eq!(
        get(&app, bogus, "/api/v1/cases").await.status,
        StatusCode::UNAUTHORIZED
    );
    let (handler, _) = bearer(&app, "handler", "behandelaar").await;
    assert_eq!(
        get(&app, &handler, "/api/v1/cases").await.status,
        StatusCode::OK
    );
    // Nothing changed by the refused attempts.
    let unchanged = service_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.status, "received");
}

async fn lists_filter_and_contact_data_only_for_the_department(app: TestApp) {
    let light = file(&app, CaseKind::Report, "straatverlichting").await;
    let litter = file(&app, CaseKind::Report, "zwerfvuil-en-sluikstort").await;
    let complaint = file(&app, CaseKind::Complaint, "andere").await;
    let (handler, handler_id) = bearer(&app, "handler", "behandelaar").await;

    let all = get(&app, &handler, "/api/v1/cases").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let all = all.json();
    let references: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(references.len(), 3);
    for case in all.as_array().unwrap() {
        assert_eq!(case["contact"], Value::Null, "no contact data in lists");
        assert!(!case.to_string().contains("mira@example.org"));
    }
    let reports = get(&app, &handler, "/api/v1/cases?kind=report")
        .await
        .json();
    assert_eq!(reports.as_array().unwrap().len(), 2);
    let complaints = get(&app, &handler, "/api/v1/cases?kind=complaint")
        .await
        .json();
    assert_eq!(complaints[0]["reference"], complaint.reference.as_str());
    let works = get(
        &app,
        &handler,
        "/api/v1/cases?department=openbare-werken&kind=report",
    )
    .await
    .json();
    assert_eq!(works.as_array().unwrap().len(), 1);
    assert_eq!(works[0]["reference"], light.reference.as_str());
    assert_eq!(works[0]["category"], "straatverlichting");
    assert_eq!(works[0]["department"], "openbare-werken");
    assert_eq!(works[0]["status"], "received");
    assert_eq!(works[0]["open"], true);
    assert_eq!(works[0]["due_on"], light.due_on.to_string());
    let scheduled = get(&app, &handler, "/api/v1/cases?status=scheduled")
        .await
        .json();
    assert!(scheduled.as_array().unwrap().is_empty());
    let later = get(
        &app,
        &handler,
        "/api/v1/cases?updated_since=2026-11-23T09:00:01Z",
    )
    .await
    .json();
    assert!(later.as_array().unwrap().is_empty());
    let since = get(
        &app,
        &handler,
        "/api/v1/cases?updated_since=2026-11-23T10:00:00%2B01:00",
    )
    .await
    .json();
    assert_eq!(since.as_array().unwrap().len(), 3);

    // A handler outside the department sees the case without contact data...
    let path = format!("/api/v1/cases/{}", light.reference);
    let outside = get(&app, &handler, &path).await;
    assert_eq!(outside.status, StatusCode::OK);
    assert_eq!(outside.json()["contact"], Value::Null);
    assert!(!outside.body.contains("Mira"));
    // ... a handler of the department with it ...
    staff_department::ActiveModel {
        staff_user_id: Set(handler_id),
        department_id: Set(department_id(&app, "Openbare werken").await),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let inside = get(&app, &handler, &path).await.json();
    assert_eq!(
        inside["contact"],
        json!({"name": "Mira Janssens", "email": "mira@example.org", "phone": "03 123 45 67"})
    );
    // ... but not for another department's case.
    let other = get(
        &app,
        &handler,
        &format!("/api/v1/cases/{}", litter.reference),
    )
    .await
    .json();
    assert_eq!(other["contact"], Value::Null);
    // A manager sees it everywhere.
    let (manager, _) = bearer(&app, "manager", "manager").await;
    let managed = get(
        &app,
        &manager,
        &format!("/api/v1/cases/{}", litter.reference),
    )
    .await
    .json();
    assert_eq!(managed["contact"]["email"], "mira@example.org");

    assert_eq!(
        get(&app, &handler, "/api/v1/cases/M-2026-999999")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn the_planning_system_schedules_and_resolves_a_report(app: TestApp) {
    let case = file(&app, CaseKind::Report, "straatverlichting").await;
    let (handler, _) = bearer(&app, "handler", "planning").await;
    let base = format!("/api/v1/cases/{}", case.reference);

    let scheduled = post(
        &app,
        &handler,
        &format!("{base}/schedule"),
        json!({"date": "2026-11-30", "message": "De ploeg komt in de voormiddag."}),
    )
    .await;
    assert_eq!(scheduled.status, StatusCode::OK, "{}", scheduled.body);
    let scheduled = scheduled.json();
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(scheduled["scheduled_on"], "2026-11-30");
    assert_eq!(scheduled["open"], true);
    let row = service_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "scheduled");
    assert_eq!(row.scheduled_on, Some("2026-11-30".parse().unwrap()));
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .filter(case_event::Column::Kind.eq("schedule"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor, "API: cases-planning");
    assert_eq!(events[0].from_status, "received");
    assert_eq!(events[0].to_status, "scheduled");
    assert_eq!(events[0].body, "De ploeg komt in de voormiddag.");
    let mails = |kind: &'static str| {
        let db = app.db.clone();
        async move {
            outbox_mail::Entity::find()
                .filter(outbox_mail::Column::Kind.eq(kind))
                .filter(outbox_mail::Column::Recipient.eq("mira@example.org"))
                .all(&db)
                .await
                .unwrap()
        }
    };
    let scheduled_mails = mails("report_scheduled").await;
    assert_eq!(scheduled_mails.len(), 1, "the resident hears of the date");
    assert!(scheduled_mails[0].body_text.contains(&case.reference));

    let resolved = post(
        &app,
        &handler,
        &format!("{base}/resolve"),
        json!({"closing_text": "De lamp is vervangen."}),
    )
    .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    let resolved = resolved.json();
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["open"], false);
    assert_eq!(resolved["closing_text"], "De lamp is vervangen.");
    assert_eq!(resolved["closed_at"], "2026-11-23T09:00:00Z");
    let resolved_mails = mails("report_resolved").await;
    assert_eq!(resolved_mails.len(), 1);
    assert!(
        resolved_mails[0]
            .body_text
            .contains("De lamp is vervangen.")
    );

    // Closed: neither can happen again.
    let again = post(
        &app,
        &handler,
        &format!("{base}/resolve"),
        json!({"closing_text": "Nog eens."}),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(again.header("content-type"), "application/problem+json");
    let late = post(
        &app,
        &handler,
        &format!("{base}/schedule"),
        json!({"date": "2026-12-01"}),
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);

    // A complaint is not planned work.
    let complaint = file(&app, CaseKind::Complaint, "andere").await;
    let refused = post(
        &app,
        &handler,
        &format!("/api/v1/cases/{}/schedule", complaint.reference),
        json!({"date": "2026-11-30"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

async fn bad_input_gets_a_problem_document(app: TestApp) {
    let case = file(&app, CaseKind::Report, "groen").await;
    let (handler, _) = bearer(&app, "handler", "behandelaar").await;
    let schedule = format!("/api/v1/cases/{}/schedule", case.reference);
    let resolve = format!("/api/v1/cases/{}/resolve", case.reference);
    let invalid = |response: TestResponse, field: &str| {
        assert_eq!(
            response.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            response.body
        );
        assert_eq!(response.header("content-type"), "application/problem+json");
        let problem = response.json();
        assert_eq!(problem["invalid-params"][0]["name"], field, "{problem}");
        assert!(
            !problem["invalid-params"][0]["reason"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    };
    invalid(post(&app, &handler, &schedule, json!({})).await, "date");
    invalid(
        post(&app, &handler, &schedule, json!({"date": "30/11/2026"})).await,
        "date",
    );
    invalid(
        post(&app, &handler, &schedule, json!({"date": "2026-11-20"})).await,
        "date",
    );
    invalid(
        post(
            &app,
            &handler,
            &schedule,
            json!({"date": "2026-11-30", "message": "x".repeat(4001)}),
        )
        .await,
        "message",
    );
    invalid(
        post(&app, &handler, &resolve, json!({})).await,
        "closing_text",
    );
    invalid(
        post(&app, &handler, &resolve, json!({"closing_text": "   "})).await,
        "closing_text",
    );
    // A NUL character is refused at the edge, before any handler (web::layers::refuse_nul).
    let nul = post(&app, &handler, &resolve, json!({"closing_text": " \u{0} "})).await;
    assert_eq!(nul.status, StatusCode::BAD_REQUEST, "{}", nul.body);
    assert_eq!(nul.header("content-type"), "application/problem+json");
    invalid(
        get(&app, &handler, "/api/v1/cases?status=kapot").await,
        "status",
    );
    invalid(
        get(&app, &handler, "/api/v1/cases?kind=vraag").await,
        "kind",
    );
    invalid(
        get(&app, &handler, "/api/v1/cases?department=nergens").await,
        "department",
    );
    invalid(
        get(&app, &handler, "/api/v1/cases?updated_since=gisteren").await,
        "updated_since",
    );
    let broken = app
        .post_json_with(&schedule, "{\"date\": ", &[("authorization", &handler)])
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.header("content-type"), "application/problem+json");
    let wrong_type = app
        .post_json_with(
            &schedule,
            "{\"date\": 20261130}",
            &[("authorization", &handler)],
        )
        .await;
    assert!(wrong_type.status.is_client_error(), "{}", wrong_type.body);
    let unknown = post(
        &app,
        &handler,
        "/api/v1/cases/M-2026-999999/resolve",
        json!({"closing_text": "Klaar."}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    // A NUL in a message is refused before it reaches the database (PostgreSQL cannot store
    // it in text); without it the same request goes through.
    let refused = post(
        &app,
        &handler,
        &schedule,
        json!({"date": "2026-11-30", "message": "Maandag\u{0} komen we."}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    let ok = post(
        &app,
        &handler,
        &schedule,
        json!({"date": "2026-11-30", "message": "Maandag komen we."}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let unchanged = service_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.status, "scheduled");
}

async fn the_openapi_document_lists_the_cases_api(app: TestApp) {
    let document = app.get("/api/v1/openapi.json").await.json();
    let paths = &document["paths"];
    assert!(paths["/api/v1/cases"]["get"].is_object());
    assert!(paths["/api/v1/cases/{reference}"]["get"].is_object());
    assert!(paths["/api/v1/cases/{reference}/schedule"]["post"].is_object());
    assert!(paths["/api/v1/cases/{reference}/resolve"]["post"].is_object());
    let schemas = &document["components"]["schemas"];
    assert!(schemas["CaseJson"]["properties"]["contact"].is_object());
    assert!(schemas["ScheduleRequest"]["properties"]["date"].is_object());
}
