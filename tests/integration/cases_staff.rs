//! The staff side of complaints and reports: the inbox, the case page, every step a handler
//! takes with the mail it sends (or not), the independence and privacy rules, the role checks,
//! and the jobs (75 % warning, overdue digest, "needs more time") with the clock moved.

use crate::{
    on_both_databases,
    support::{TestApp, TestResponse},
};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use loket::{
    cases::{
        jobs,
        service::{self, Channel, NewCase},
    },
    domain::cases::CaseKind,
    entities::{
        case_category, department, outbox_mail, service_case, staff_department, staff_user,
    },
    web::i18n::Lang,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

on_both_databases!(
    a_handler_works_a_report_through_every_state,
    a_report_is_cancelled_as_a_duplicate_of_another,
    a_complaint_goes_from_review_to_decision_and_closure,
    an_inadmissible_complaint_tells_the_reason_and_where_to_go,
    a_complaint_that_is_really_a_report_becomes_a_linked_report,
    a_handler_of_the_department_concerned_cannot_decide_the_complaint,
    contact_data_is_shown_only_to_the_department_and_managers,
    only_handlers_and_higher_reach_the_inbox,
    the_inbox_filters_counts_and_flags_overdue_cases,
    handlers_hear_once_when_three_quarters_of_the_term_have_passed,
    the_overdue_digest_goes_to_each_handler_once_a_day,
    a_report_that_needs_more_time_tells_its_resident_once,
);

const RESIDENT: &str = "ann.peeters@example.org";

fn at(moment: &str) -> DateTime<Utc> {
    moment.parse().unwrap()
}

async fn category(app: &TestApp, kind: CaseKind, code: &str) -> case_category::Model {
    case_category::Entity::find()
        .filter(case_category::Column::Kind.eq(kind.as_str()))
        .filter(case_category::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no category {code}"))
}

async fn department(app: &TestApp, name: &str) -> department::Model {
    service::department_by_name(&app.db, name).await.unwrap()
}

/// Files a case as the intake would, then gives it the resident's address: the
/// acknowledgement mail is the intake's, the staff steps' mails are tested here.
async fn file(
    app: &TestApp,
    kind: CaseKind,
    code: &str,
    about: Option<&str>,
    email: &str,
) -> service_case::Model {
    let category = category(app, kind, code).await;
    let about_department_id = match about {
        Some(name) => Some(department(app, name).await.id),
        None => None,
    };
    let case = service::file(
        &app.state,
        NewCase {
            kind,
            category_id: category.id,
            about_department_id,
            description: "De lamp aan de Kerkstraat 4 <b>brandt niet</b>.".to_owned(),
            address: "Kerkstraat 4, 2500 Lier".to_owned(),
            latitude: Some(51.1313),
            longitude: Some(4.5704),
            name: "Ann Peeters".to_owned(),
            email: None,
            phone: "03 480 00 00".to_owned(),
            happened_on: None,
            expectation: String::new(),
            channel: Channel::Web,
            language: Lang::Nl,
            photos: Vec::new(),
        },
    )
    .await
    .expect("file case");
    let mut row: service_case::ActiveModel = case.into();
    row.email = Set(email.to_owned());
    row.update(&app.db).await.unwrap()
}

async fn reload(app: &TestApp, id: i32) -> service_case::Model {
    service_case::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// A staff member in these departments, signed in through the real form.
async fn sign_in(app: &TestApp, email: &str, role: &str, departments: &[&str]) -> i32 {
    let password = "een-lang-wachtwoord-123";
    app.create_user(email, role, password).await;
    let user = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    for name in departments {
        let d = department(app, name).await;
        staff_department::ActiveModel {
            staff_user_id: Set(user.id),
            department_id: Set(d.id),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let response = app
        .post_form("/aanmelden", &[("email", email), ("password", password)])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    user.id
}

async fn add_staff(app: &TestApp, email: &str, departments: &[&str]) -> i32 {
    app.create_user(email, "handler", "een-lang-wachtwoord-123")
        .await;
    let user = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    for name in departments {
        let d = department(app, name).await;
        staff_department::ActiveModel {
            staff_user_id: Set(user.id),
            department_id: Set(d.id),
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    user.id
}

async fn mails(app: &TestApp) -> Vec<outbox_mail::Model> {
    outbox_mail::Entity::find()
        .order_by_asc(outbox_mail::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn mails_of(app: &TestApp, kind: &str) -> Vec<outbox_mail::Model> {
    mails(app)
        .await
        .into_iter()
        .filter(|m| m.kind == kind)
        .collect()
}

/// Takes a step through its form; it must succeed and lead back to the case.
async fn step(app: &TestApp, case: &service_case::Model, slug: &str, fields: &[(&str, &str)]) {
    let response = try_step(app, case, slug, fields).await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{slug}: {}",
        response.body
    );
    assert_eq!(
        response.location(),
        format!("/balie/meldingen/{}?opgeslagen=1", case.id)
    );
}

async fn try_step(
    app: &TestApp,
    case: &service_case::Model,
    slug: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    app.post_form(&format!("/balie/meldingen/{}/{slug}", case.id), fields)
        .await
}

/// The one new mail since `before`, of `kind`, to the resident, about `case`.
async fn the_new_mail(
    app: &TestApp,
    before: usize,
    kind: &str,
    case: &service_case::Model,
) -> outbox_mail::Model {
    let all = mails(app).await;
    assert_eq!(all.len(), before + 1, "exactly one new mail: {kind}");
    let mail = all.last().unwrap().clone();
    assert_eq!(mail.kind, kind);
    assert_eq!(mail.recipient, RESIDENT);
    let tracking = service::tracking_url(&app.state, case);
    for body in [&mail.body_text, &mail.body_html] {
        assert!(
            body.contains(&case.reference),
            "{kind}: reference in {body}"
        );
        assert!(body.contains(&tracking), "{kind}: tracking link in {body}");
    }
    assert!(mail.subject.contains(&case.reference), "{}", mail.subject);
    mail
}

async fn a_handler_works_a_report_through_every_state(app: TestApp) {
    let me = sign_in(&app, "wout@lier.test", "handler", &["Openbare werken"]).await;
    let case = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let works = department(&app, "Openbare werken").await;

    let inbox = app.get("/balie/meldingen").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.body.contains(&case.reference));
    let page = app.get(&format!("/balie/meldingen/{}", case.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("&lt;b&gt;brandt niet&lt;&#x2F;b&gt;")
            || page.body.contains("&lt;b&gt;brandt niet&lt;/b&gt;")
    );
    assert!(
        page.body
            .contains("openstreetmap.org/?mlat=51.1313&amp;mlon=4.5704")
    );
    assert!(
        page.body.contains("href=\"/beleid/"),
        "the category's policy action"
    );
    assert!(page.body.contains(RESIDENT));

    // Triage is internal: no mail.
    let before = mails(&app).await.len();
    step(
        &app,
        &case,
        "toewijzen",
        &[
            ("department", &works.id.to_string()),
            ("assignee", &me.to_string()),
        ],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "triaged");
    assert_eq!(now.assigned_to, Some(me));
    assert_eq!(mails(&app).await.len(), before);

    // A question: mailed, and the term pauses.
    let empty = try_step(&app, &case, "vraag", &[("question", "  ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"ask_resident-question-error\""));
    assert!(empty.body.contains("Vul dit in."));
    step(
        &app,
        &case,
        "vraag",
        &[("question", "Welk nummer staat op de paal?")],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "waiting_for_resident");
    assert!(now.paused_on.is_some());
    let mail = the_new_mail(&app, before, "report_more_information", &now).await;
    assert!(mail.body_text.contains("Welk nummer staat op de paal?"));
    assert!(mail.body_text.contains("termijn van je melding stil"));

    // The resident answers on the tracking page; the term runs again.
    service::resident_adds(&app.state, &now, "Paal 12")
        .await
        .unwrap();
    assert_eq!(reload(&app, case.id).await.status, "triaged");

    // Scheduling: a date is required, not in the past, and what was typed stays.
    let before = mails(&app).await.len();
    let past = try_step(
        &app,
        &case,
        "inplannen",
        &[("on", "2026-11-20"), ("message", "De ploeg komt langs.")],
    )
    .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("Deze datum is voorbij."));
    assert!(past.body.contains("De ploeg komt langs.</textarea>"));
    assert!(past.body.contains("value=\"2026-11-20\""));
    let nonsense = try_step(&app, &case, "inplannen", &[("on", "morgen")]).await;
    assert!(nonsense.body.contains("Dit is geen datum."));
    assert_eq!(mails(&app).await.len(), before);
    step(
        &app,
        &case,
        "inplannen",
        &[("on", "2026-11-30"), ("message", "De ploeg komt langs.")],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "scheduled");
    let mail = the_new_mail(&app, before, "report_scheduled", &now).await;
    assert!(mail.body_text.contains("maandag 30 november 2026"));
    assert!(mail.body_text.contains("De ploeg komt langs."));

    // Resolving needs the closing text; the mail asks whether the resident is satisfied.
    let before = mails(&app).await.len();
    let empty = try_step(&app, &case, "oplossen", &[("closing_text", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("resolve-closing_text-error"));
    step(
        &app,
        &case,
        "oplossen",
        &[("closing_text", "We hebben de lamp vervangen.")],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "resolved");
    let mail = the_new_mail(&app, before, "report_resolved", &now).await;
    let tracking = service::tracking_url(&app.state, &now);
    assert!(mail.body_text.contains("We hebben de lamp vervangen."));
    assert!(
        mail.body_text
            .contains(&format!("{tracking}?tevreden=ja#tevredenheid"))
    );
    assert!(
        mail.body_text
            .contains(&format!("{tracking}?tevreden=nee#tevredenheid"))
    );
    assert!(mail.body_text.contains("binnen 14 dagen"));
    assert!(mail.body_html.contains("#tevredenheid"));

    // Reopened, with the reason mailed.
    let before = mails(&app).await.len();
    step(
        &app,
        &case,
        "heropenen",
        &[("reason", "De lamp knippert nog.")],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "reopened");
    let mail = the_new_mail(&app, before, "report_reopened", &now).await;
    assert!(mail.body_text.contains("De lamp knippert nog."));

    // An internal note is never mailed; a public message is.
    let before = mails(&app).await.len();
    let response = app
        .post_form(
            &format!("/balie/meldingen/{}/notitie", case.id),
            &[("text", "Fluvius is eigenaar van deze paal.")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(mails(&app).await.len(), before);
    let response = app
        .post_form(
            &format!("/balie/meldingen/{}/bericht", case.id),
            &[("text", "We vragen het na bij Fluvius.")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let mail = the_new_mail(&app, before, "case_message", &now).await;
    assert!(mail.body_text.contains("We vragen het na bij Fluvius."));
    assert!(!mail.body_text.contains("eigenaar van deze paal"));

    // Forwarded to another organisation: the resident hears to whom.
    let before = mails(&app).await.len();
    step(
        &app,
        &case,
        "doorsturen",
        &[("organisation", "Fluvius"), ("message", "")],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "forwarded");
    let mail = the_new_mail(&app, before, "report_forwarded", &now).await;
    assert!(
        mail.body_text.contains("doorgestuurd")
            || mail.body_text.contains("stuurden ze door naar Fluvius")
    );
    assert!(mail.body_text.contains("Fluvius"));

    // The history shows every step, the note marked internal.
    let page = app.get(&format!("/balie/meldingen/{}", case.id)).await;
    for text in [
        "Toewijzen",
        "Vraag stellen aan de inwoner",
        "Inplannen",
        "Oplossen",
        "Heropenen",
        "Doorsturen",
        "Fluvius is eigenaar van deze paal.",
        "Intern",
    ] {
        assert!(page.body.contains(text), "history: {text}");
    }
    // A step the table does not allow now is refused with a message, not an error page.
    let late = try_step(&app, &case, "oplossen", &[("closing_text", "Klaar.")]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("Deze stap kan niet meer"));
}

async fn a_report_is_cancelled_as_a_duplicate_of_another(app: TestApp) {
    let me = sign_in(&app, "wout@lier.test", "handler", &["Openbare werken"]).await;
    let first = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let second = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    // Taking a case assigns it to yourself in its own department, without a mail.
    let page = app.get(&format!("/balie/meldingen/{}", first.id)).await;
    assert!(
        page.body
            .contains(&format!("/balie/meldingen/{}/nemen", first.id))
    );
    let before = mails(&app).await.len();
    step(&app, &first, "nemen", &[]).await;
    let taken = reload(&app, first.id).await;
    assert_eq!(
        (taken.assigned_to, taken.status.as_str()),
        (Some(me), "triaged")
    );
    assert_eq!(taken.department_id, first.department_id);
    assert_eq!(mails(&app).await.len(), before);
    let page = app.get(&format!("/balie/meldingen/{}", first.id)).await;
    assert!(
        !page
            .body
            .contains(&format!("/balie/meldingen/{}/nemen", first.id))
    );
    let before = mails(&app).await.len();
    let missing = try_step(&app, &second, "stopzetten", &[("reason", "duplicate")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("cancel-duplicate_of-error"));
    let wrong = try_step(
        &app,
        &second,
        "stopzetten",
        &[("reason", "duplicate"), ("duplicate_of", "M-2026-999999")],
    )
    .await;
    assert!(
        wrong
            .body
            .contains("We vinden geen dossier met deze referentie.")
    );
    assert!(wrong.body.contains("value=\"M-2026-999999\""));
    let nonsense = try_step(&app, &second, "stopzetten", &[("reason", "boos")]).await;
    assert!(nonsense.body.contains("Kies een van de mogelijkheden."));
    step(
        &app,
        &second,
        "stopzetten",
        &[("reason", "duplicate"), ("duplicate_of", &first.reference)],
    )
    .await;
    let cancelled = reload(&app, second.id).await;
    assert_eq!(cancelled.status, "cancelled");
    assert_eq!(cancelled.duplicate_of, Some(first.id));
    assert_eq!(mails(&app).await.len(), before, "cancelling is internal");
    let page = app.get(&format!("/balie/meldingen/{}", first.id)).await;
    assert!(page.body.contains("Dubbele melding"));
    assert!(
        page.body
            .contains(&format!("href=\"/balie/meldingen/{}\"", second.id))
    );
    let page = app.get(&format!("/balie/meldingen/{}", second.id)).await;
    assert!(page.body.contains("Dubbel van"));
    assert!(page.body.contains(&first.reference));
}

async fn a_complaint_goes_from_review_to_decision_and_closure(app: TestApp) {
    sign_in(&app, "kris@lier.test", "handler", &["Klachtenbehandeling"]).await;
    let case = file(
        &app,
        CaseKind::Complaint,
        "houding-medewerker",
        Some("Burgerzaken"),
        RESIDENT,
    )
    .await;
    let before = mails(&app).await.len();
    step(&app, &case, "ontvankelijkheid", &[]).await;
    assert_eq!(reload(&app, case.id).await.status, "admissibility_review");
    assert_eq!(mails(&app).await.len(), before, "the review is internal");

    step(&app, &case, "ontvankelijk", &[("message", "")]).await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "investigation");
    // Received Monday 23 November 2026: the answer within 45 days.
    let mail = the_new_mail(&app, before, "complaint_admissible", &now).await;
    assert!(
        mail.body_text.contains("donderdag 7 januari 2027"),
        "{}",
        mail.body_text
    );

    // The extension: at most 90 days after receipt, with a motivation.
    let before = mails(&app).await.len();
    let far = try_step(
        &app,
        &case,
        "verlengen",
        &[
            ("to", "2027-03-01"),
            ("motivation", "We wachten op een getuige."),
        ],
    )
    .await;
    assert_eq!(far.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(far.body.contains("id=\"extend-to-error\""));
    assert!(far.body.contains("Deze datum is te laat."));
    assert!(far.body.contains("We wachten op een getuige.</textarea>"));
    let early = try_step(
        &app,
        &case,
        "verlengen",
        &[("to", "2027-01-05"), ("motivation", "x")],
    )
    .await;
    assert!(early.body.contains("Kies een datum na de huidige termijn."));
    step(
        &app,
        &case,
        "verlengen",
        &[
            ("to", "2027-02-10"),
            ("motivation", "We wachten op een getuige."),
        ],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "investigation");
    assert_eq!(now.due_on.to_string(), "2027-02-10");
    let mail = the_new_mail(&app, before, "complaint_extended", &now).await;
    assert!(mail.body_text.contains("woensdag 10 februari 2027"));
    assert!(mail.body_text.contains("We wachten op een getuige."));
    let again = try_step(
        &app,
        &case,
        "verlengen",
        &[("to", "2027-02-15"), ("motivation", "Nog eens.")],
    )
    .await;
    assert!(again.body.contains("Deze klacht is al verlengd."));

    // The decision: outcome and motivation required; norms and improvement actions mailed.
    let before = mails(&app).await.len();
    let incomplete = try_step(&app, &case, "beslissen", &[("outcome", "")]).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(incomplete.body.contains("decide-outcome-error"));
    assert!(incomplete.body.contains("decide-motivation-error"));
    step(
        &app,
        &case,
        "beslissen",
        &[
            ("outcome", "partly_founded"),
            ("motivation", "De medewerker was kortaf."),
            ("norms", "courtesy"),
            ("norms", "adequate_information"),
            ("improvement_actions", "Een opleiding klantvriendelijkheid."),
        ],
    )
    .await;
    let now = reload(&app, case.id).await;
    assert_eq!(now.status, "decided");
    assert_eq!(now.outcome, "partly_founded");
    let mail = the_new_mail(&app, before, "complaint_decision", &now).await;
    for text in [
        "Deels gegrond",
        "De medewerker was kortaf.",
        "Correcte bejegening",
        "Adequate informatieverstrekking",
        "Een opleiding klantvriendelijkheid.",
        "https://www.vlaamseombudsdienst.be",
        "1700",
    ] {
        assert!(mail.body_text.contains(text), "decision mail: {text}");
    }

    let before = mails(&app).await.len();
    step(&app, &case, "afsluiten", &[]).await;
    assert_eq!(reload(&app, case.id).await.status, "closed");
    assert_eq!(mails(&app).await.len(), before, "closing is internal");
}

async fn an_inadmissible_complaint_tells_the_reason_and_where_to_go(app: TestApp) {
    sign_in(&app, "kris@lier.test", "handler", &["Klachtenbehandeling"]).await;
    let cases = [
        (
            "anonymous",
            "Een klacht zonder naam",
            "opnieuw in met je naam",
        ),
        (
            "already_handled",
            "al eerder behandeld",
            "vlaamseombudsdienst.be",
        ),
        (
            "older_than_one_year",
            "meer dan een jaar",
            "bij de dienst zelf",
        ),
        ("appeal_possible", "in beroep gaan", "Ga in beroep"),
        ("about_policy", "over het beleid", "gemeenteraad"),
        (
            "not_competent",
            "niet bevoegd",
            "wie er wel voor bevoegd is",
        ),
    ];
    for (reason, label, next) in cases {
        let case = file(&app, CaseKind::Complaint, "andere", None, RESIDENT).await;
        let before = mails(&app).await.len();
        if reason == "not_competent" {
            let missing = try_step(&app, &case, "niet-ontvankelijk", &[("reason", reason)]).await;
            assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(missing.body.contains("reject-explanation-error"));
        }
        step(
            &app,
            &case,
            "niet-ontvankelijk",
            &[
                ("reason", reason),
                ("explanation", "Uitleg voor de inwoner."),
            ],
        )
        .await;
        let now = reload(&app, case.id).await;
        assert_eq!(now.status, "inadmissible");
        assert_eq!(now.inadmissible_reason, reason);
        let mail = the_new_mail(&app, before, "complaint_inadmissible", &now).await;
        assert!(
            mail.body_text.contains(label),
            "{reason}: {}",
            mail.body_text
        );
        assert!(
            mail.body_text.contains(next),
            "{reason}: {}",
            mail.body_text
        );
        assert!(mail.body_text.contains("Uitleg voor de inwoner."));
    }
    let case = file(&app, CaseKind::Complaint, "andere", None, RESIDENT).await;
    let none = try_step(&app, &case, "niet-ontvankelijk", &[("explanation", "x")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("reject-reason-error"));
    assert!(none.body.contains(">x</textarea>"));
}

async fn a_complaint_that_is_really_a_report_becomes_a_linked_report(app: TestApp) {
    sign_in(&app, "kris@lier.test", "handler", &["Klachtenbehandeling"]).await;
    // Without an address, so only the conversion is under test here (the report's
    // acknowledgement is the intake's mail).
    let case = file(&app, CaseKind::Complaint, "andere", None, "").await;
    step(
        &app,
        &case,
        "niet-ontvankelijk",
        &[("reason", "converted_to_report"), ("explanation", "")],
    )
    .await;
    let report = service_case::Entity::find()
        .filter(service_case::Column::ConvertedFrom.eq(case.id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a linked report");
    assert_eq!(report.kind, "report");
    assert_eq!(report.status, "received");
    assert!(report.reference.starts_with("M-2026-"));
    let page = app.get(&format!("/balie/meldingen/{}", case.id)).await;
    assert!(page.body.contains("Omgezet naar melding"));
    assert!(page.body.contains(&report.reference));
    let page = app.get(&format!("/balie/meldingen/{}", report.id)).await;
    assert!(page.body.contains("Gemaakt van klacht"));
    assert!(page.body.contains(&case.reference));
}

async fn a_handler_of_the_department_concerned_cannot_decide_the_complaint(app: TestApp) {
    sign_in(
        &app,
        "bart@lier.test",
        "handler",
        &["Klachtenbehandeling", "Burgerzaken"],
    )
    .await;
    let case = file(
        &app,
        CaseKind::Complaint,
        "houding-medewerker",
        Some("Burgerzaken"),
        RESIDENT,
    )
    .await;
    step(&app, &case, "ontvankelijk", &[("message", "")]).await;
    let before = mails(&app).await.len();
    let refused = try_step(
        &app,
        &case,
        "beslissen",
        &[("outcome", "unfounded"), ("motivation", "Niets mis.")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Je werkt bij de dienst waarover deze klacht gaat.")
    );
    assert!(refused.body.contains("Niets mis.</textarea>"));
    assert_eq!(reload(&app, case.id).await.status, "investigation");
    assert_eq!(mails(&app).await.len(), before);

    // A colleague of another department decides it.
    app.post_form("/afmelden", &[]).await;
    sign_in(&app, "kris@lier.test", "handler", &["Klachtenbehandeling"]).await;
    step(
        &app,
        &case,
        "beslissen",
        &[("outcome", "unfounded"), ("motivation", "Niets mis.")],
    )
    .await;
    assert_eq!(reload(&app, case.id).await.status, "decided");
}

async fn contact_data_is_shown_only_to_the_department_and_managers(app: TestApp) {
    let case = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let path = format!("/balie/meldingen/{}", case.id);
    sign_in(&app, "groen@lier.test", "handler", &["Groendienst"]).await;
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Verborgen."));
    assert!(page.body.contains("Openbare werken"));
    for private in [RESIDENT, "03 480 00 00", "Ann Peeters"] {
        assert!(!page.body.contains(private), "{private} leaked");
    }
    app.post_form("/afmelden", &[]).await;
    sign_in(&app, "werken@lier.test", "handler", &["Openbare werken"]).await;
    let page = app.get(&path).await;
    assert!(page.body.contains(RESIDENT) && page.body.contains("03 480 00 00"));
    assert!(!page.body.contains("Verborgen."));
    app.post_form("/afmelden", &[]).await;
    sign_in(&app, "chef@lier.test", "manager", &[]).await;
    let page = app.get(&path).await;
    assert!(page.body.contains(RESIDENT));
    // Who saw the contact data is in the audit log: the two who did, not the one who did not.
    let viewers: Vec<String> = loket::entities::audit_log::Entity::find()
        .filter(loket::entities::audit_log::Column::Action.eq("contact_data_viewed"))
        .filter(loket::entities::audit_log::Column::Subject.eq(case.reference.as_str()))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.actor)
        .collect();
    assert_eq!(viewers, ["werken@lier.test", "chef@lier.test"]);
}

async fn only_handlers_and_higher_reach_the_inbox(app: TestApp) {
    let case = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let anonymous = app.get("/balie/meldingen").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/aanmelden"));
    let anonymous = app.get(&format!("/balie/meldingen/{}", case.id)).await;
    assert!(anonymous.location().starts_with("/aanmelden"));
    sign_in(&app, "balie@lier.test", "frontoffice", &["Openbare werken"]).await;
    assert_eq!(
        app.get("/balie/meldingen").await.status,
        StatusCode::FORBIDDEN
    );
    let page = app.get(&format!("/balie/meldingen/{}", case.id)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let post = try_step(&app, &case, "oplossen", &[("closing_text", "Klaar.")]).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(reload(&app, case.id).await.status, "received");
    let photo = app
        .get(&format!("/balie/meldingen/{}/fotos/1", case.id))
        .await;
    assert_eq!(photo.status, StatusCode::FORBIDDEN);
    // The navigation offers the inbox to handlers, not to front-office staff.
    assert!(
        !app.get("/")
            .await
            .body
            .contains("href=\"/balie/meldingen\"")
    );
    app.post_form("/afmelden", &[]).await;
    sign_in(&app, "wout@lier.test", "handler", &[]).await;
    assert!(
        app.get("/")
            .await
            .body
            .contains("href=\"/balie/meldingen\"")
    );
    // Every text of the inbox and the case page is there in English too.
    app.get("/taal/en?terug=/").await;
    let english = app.get(&format!("/balie/meldingen/{}", case.id)).await;
    assert_eq!(english.status, StatusCode::OK, "{}", english.body);
    assert!(english.body.contains("Take this case"));
    let inbox = app.get("/balie/meldingen").await;
    assert!(inbox.body.contains("Reports and complaints") && inbox.body.contains("1 open case"));
    assert_eq!(
        app.get("/balie/meldingen/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_inbox_filters_counts_and_flags_overdue_cases(app: TestApp) {
    let me = sign_in(&app, "wout@lier.test", "handler", &["Openbare werken"]).await;
    // Litter: 5 working days (due Monday 30 November); street lighting: 10 (due 7 December).
    let litter = file(
        &app,
        CaseKind::Report,
        "zwerfvuil-en-sluikstort",
        None,
        RESIDENT,
    )
    .await;
    let light = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let complaint = file(&app, CaseKind::Complaint, "wachttijd", None, RESIDENT).await;
    let works = department(&app, "Openbare werken").await;
    step(
        &app,
        &light,
        "toewijzen",
        &[
            ("department", &works.id.to_string()),
            ("assignee", &me.to_string()),
        ],
    )
    .await;
    app.clock.set(at("2026-12-01T09:00:00Z"));
    // Eight days later the session has passed its absolute limit: sign in again.
    let again = app
        .post_form(
            "/aanmelden",
            &[
                ("email", "wout@lier.test"),
                ("password", "een-lang-wachtwoord-123"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);

    let all = app.get("/balie/meldingen").await;
    assert!(all.body.contains("3 open dossiers"));
    assert!(all.body.contains("1 te laat"));
    assert!(all.body.contains("1 aan mij toegewezen"));
    // Sorted by due date: the litter report first, the complaint (45 days) last.
    let (a, b, c) = (
        all.body.find(&litter.reference).unwrap(),
        all.body.find(&light.reference).unwrap(),
        all.body.find(&complaint.reference).unwrap(),
    );
    assert!(a < b && b < c);
    assert!(all.body.contains("Te laat"), "overdue is said in words");

    let overdue = app.get("/balie/meldingen?te_laat=1").await;
    assert!(overdue.body.contains(&litter.reference));
    assert!(!overdue.body.contains(&light.reference));
    let mine = app.get("/balie/meldingen?mij=1").await;
    assert!(mine.body.contains(&light.reference) && !mine.body.contains(&litter.reference));
    let complaints = app.get("/balie/meldingen?soort=complaint").await;
    assert!(complaints.body.contains(&complaint.reference));
    assert!(!complaints.body.contains(&litter.reference));
    assert!(complaints.body.contains("Klacht (1)"));
    assert!(complaints.body.contains("Melding (2)"));
    let soon = app.get("/balie/meldingen?termijn=5").await;
    assert!(soon.body.contains(&light.reference) && !soon.body.contains(&complaint.reference));
    let category = category(&app, CaseKind::Report, "straatverlichting").await;
    let by_category = app
        .get(&format!("/balie/meldingen?categorie={}", category.id))
        .await;
    assert!(by_category.body.contains(&light.reference));
    assert!(!by_category.body.contains(&litter.reference));
    let triaged = app.get("/balie/meldingen?status=triaged").await;
    assert!(triaged.body.contains(&light.reference) && !triaged.body.contains(&litter.reference));
    // Rubbish in the query is not an error.
    let odd = app
        .get("/balie/meldingen?soort=x&categorie=y&dienst=z&termijn=q&pagina=-4")
        .await;
    assert_eq!(odd.status, StatusCode::OK);
}

async fn handlers_hear_once_when_three_quarters_of_the_term_have_passed(app: TestApp) {
    add_staff(&app, "wout@lier.test", &["Openbare werken"]).await;
    add_staff(&app, "els@lier.test", &["Openbare werken"]).await;
    add_staff(&app, "groen@lier.test", &["Groendienst"]).await;
    // Received Monday 23 November, 10 working days: due Monday 7 December; 75 % on 3 December.
    let case = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    assert_eq!(case.due_on.to_string(), "2026-12-07");
    // A report waiting for the resident is paused: no warning.
    let paused = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    service::apply(
        &app.state,
        paused.id,
        service::Change::AskResident {
            question: "Waar precies?".to_owned(),
        },
        &service::By::System,
    )
    .await
    .unwrap();

    app.clock.set(at("2026-12-02T09:00:00Z"));
    assert_eq!(jobs::warn_at_three_quarters(&app.state).await.unwrap(), 0);
    app.clock.set(at("2026-12-03T09:00:00Z"));
    let other = app.another_instance().await;
    let (a, b) = tokio::join!(
        jobs::warn_at_three_quarters(&app.state),
        jobs::warn_at_three_quarters(&other.state)
    );
    assert_eq!(
        a.unwrap() + b.unwrap(),
        1,
        "one case, warned once over two instances"
    );
    let warnings = mails_of(&app, "case_term_warning").await;
    let mut to: Vec<_> = warnings.iter().map(|m| m.recipient.as_str()).collect();
    to.sort();
    assert_eq!(to, ["els@lier.test", "wout@lier.test"]);
    assert!(warnings[0].subject.contains(&case.reference));
    assert!(warnings[0].body_text.contains("maandag 7 december 2026"));
    assert!(
        warnings[0]
            .body_text
            .contains(&format!("http://localhost/balie/meldingen/{}", case.id))
    );
    assert!(reload(&app, case.id).await.term_warning_sent_at.is_some());

    app.clock.set(at("2026-12-04T09:00:00Z"));
    assert_eq!(jobs::warn_at_three_quarters(&app.state).await.unwrap(), 0);
    assert_eq!(mails_of(&app, "case_term_warning").await.len(), 2);
    let page_events = loket::entities::case_event::Entity::find()
        .filter(loket::entities::case_event::Column::CaseId.eq(case.id))
        .filter(loket::entities::case_event::Column::Kind.eq("term_warning"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(page_events.len(), 1);
    assert!(!page_events[0].public);
}

async fn the_overdue_digest_goes_to_each_handler_once_a_day(app: TestApp) {
    add_staff(&app, "wout@lier.test", &["Openbare werken", "Milieu"]).await;
    add_staff(&app, "els@lier.test", &["Openbare werken"]).await;
    add_staff(&app, "groen@lier.test", &["Groendienst"]).await;
    let light = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let litter = file(
        &app,
        CaseKind::Report,
        "zwerfvuil-en-sluikstort",
        None,
        RESIDENT,
    )
    .await;
    // Nothing is overdue yet.
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 0);

    // Tuesday 8 December 06:00 in Brussels: too early.
    app.clock.set(at("2026-12-08T05:00:00Z"));
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 0);
    app.clock.set(at("2026-12-08T08:00:00Z"));
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 2);
    assert_eq!(
        jobs::digest_overdue(&app.state).await.unwrap(),
        0,
        "once a day"
    );
    let digests = mails_of(&app, "case_overdue_digest").await;
    let wout = digests
        .iter()
        .find(|m| m.recipient == "wout@lier.test")
        .unwrap();
    assert!(wout.body_text.contains(&light.reference));
    assert!(
        wout.body_text.contains(&litter.reference),
        "all of his departments"
    );
    assert!(wout.subject.contains("2 dossiers zijn te laat"));
    let els = digests
        .iter()
        .find(|m| m.recipient == "els@lier.test")
        .unwrap();
    assert!(els.body_text.contains(&light.reference));
    assert!(!els.body_text.contains(&litter.reference));
    assert!(!digests.iter().any(|m| m.recipient == "groen@lier.test"));

    // Later that day: still once. The next day: again.
    app.clock.set(at("2026-12-08T15:00:00Z"));
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 0);
    app.clock.set(at("2026-12-09T08:00:00Z"));
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 2);
    // Saturday: no digest. A resolved case is not overdue any more.
    app.clock.set(at("2026-12-12T09:00:00Z"));
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 0);
    for case in [&light, &litter] {
        service::apply(
            &app.state,
            case.id,
            service::Change::Resolve {
                closing_text: "Opgelost.".to_owned(),
            },
            &service::By::System,
        )
        .await
        .unwrap();
    }
    app.clock.set(at("2026-12-14T09:00:00Z"));
    assert_eq!(jobs::digest_overdue(&app.state).await.unwrap(), 0);
    assert_eq!(mails_of(&app, "case_overdue_digest").await.len(), 4);
}

async fn a_report_that_needs_more_time_tells_its_resident_once(app: TestApp) {
    // Due Monday 7 December; one working day before is Friday 4 December.
    let case = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let scheduled = file(&app, CaseKind::Report, "straatverlichting", None, RESIDENT).await;
    let anonymous = file(&app, CaseKind::Report, "straatverlichting", None, "").await;
    service::apply(
        &app.state,
        scheduled.id,
        service::Change::Schedule {
            on: "2026-12-10".parse().unwrap(),
            message: String::new(),
        },
        &service::By::System,
    )
    .await
    .unwrap();
    let before = mails(&app).await.len();
    app.clock.set(at("2026-12-03T09:00:00Z"));
    assert_eq!(jobs::tell_more_time_needed(&app.state).await.unwrap(), 0);
    app.clock.set(at("2026-12-04T09:00:00Z"));
    assert_eq!(jobs::tell_more_time_needed(&app.state).await.unwrap(), 1);
    let now = reload(&app, case.id).await;
    assert!(now.more_time_sent_at.is_some());
    let mail = the_new_mail(&app, before, "report_needs_more_time", &now).await;
    assert!(mail.body_text.contains("maandag 7 december 2026"));
    assert!(mail.body_text.contains("meer tijd nodig"));
    assert_eq!(jobs::tell_more_time_needed(&app.state).await.unwrap(), 0);
    app.clock.set(at("2026-12-05T09:00:00Z"));
    assert_eq!(jobs::tell_more_time_needed(&app.state).await.unwrap(), 0);
    assert_eq!(mails(&app).await.len(), before + 1);
    assert!(reload(&app, anonymous.id).await.more_time_sent_at.is_none());
    assert!(reload(&app, scheduled.id).await.more_time_sent_at.is_none());
}
