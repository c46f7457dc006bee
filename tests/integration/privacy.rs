//! GDPR duties and the audit log: retention, access and erasure, append-only audit, backup.

use crate::{booking, on_both_databases, support::TestApp};
use axum::http::StatusCode;
use chrono::Duration;
use loket::{
    db,
    entities::{appointment, audit_log, product},
    privacy::retention,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter};

on_both_databases!(
    appointments_lose_personal_data_after_the_retention_term,
    closed_cases_lose_personal_data_and_keep_their_statistics,
    an_admin_finds_exports_and_erases_what_is_held_about_an_address,
    the_audit_log_cannot_be_changed_or_emptied,
    a_backup_is_a_consistent_copy_of_a_sqlite_database,
);

async fn book(app: &TestApp, email: &str) -> appointment::Model {
    let eid: product::Model = booking::eid(app).await;
    let start = "2026-11-30T08:00:00Z".parse().unwrap();
    booking::try_book(app, &eid, start, email)
        .await
        .expect("booked")
}

async fn appointments_lose_personal_data_after_the_retention_term(app: TestApp) {
    let booked = book(&app, "an@example.org").await;
    let term = i64::from(app.state.config.retention.appointment_days);
    // A day before the term ends, nothing is removed.
    let early = booked.end_at + Duration::days(term - 1);
    let removed = retention::anonymise_expired(&app.db, app.state.config.retention, early)
        .await
        .unwrap();
    assert_eq!(removed.appointments, 0);
    let late = booked.end_at + Duration::days(term) + Duration::minutes(1);
    let removed = retention::anonymise_expired(&app.db, app.state.config.retention, late)
        .await
        .unwrap();
    assert_eq!(removed.appointments, 1);
    let after = appointment::Entity::find_by_id(booked.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            after.name.as_str(),
            after.email.as_str(),
            after.phone.as_str()
        ),
        ("", "", "")
    );
    // What the reports need stays.
    assert_eq!(after.start_at, booked.start_at);
    assert_eq!(after.product_id, booked.product_id);
    assert_eq!(after.booked_lead_days, booked.booked_lead_days);
    // The run is logged with counts only.
    let log = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("personal_data_removed"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("an audit entry");
    assert!(log.detail.starts_with("1 appointments"), "{}", log.detail);
    assert!(!log.detail.contains("an@example.org"));
    // A second run finds nothing more.
    let again = retention::anonymise_expired(&app.db, app.state.config.retention, late)
        .await
        .unwrap();
    assert_eq!(again.total(), 0);
}

async fn closed_cases_lose_personal_data_and_keep_their_statistics(app: TestApp) {
    use loket::{
        cases::service::{self, By, Change, Channel, NewCase, Photo},
        domain::{cases::CaseKind, email::EmailAddress},
        entities::{case_category, case_event, case_photo, service_case},
        web::i18n::Lang,
    };
    let category = case_category::Entity::find()
        .filter(case_category::Column::Code.eq("straatverlichting"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let case = service::file(
        &app.state,
        NewCase {
            kind: CaseKind::Report,
            category_id: category.id,
            about_department_id: None,
            description: "De lamp voor mijn deur, Kerkstraat 4, is kapot.".to_owned(),
            address: "Kerkstraat 4, 2500 Lier".to_owned(),
            latitude: Some(51.1313),
            longitude: Some(4.5704),
            name: "Ann Peeters".to_owned(),
            email: Some(EmailAddress::parse("ann@example.org").unwrap()),
            phone: "03 480 00 00".to_owned(),
            happened_on: None,
            expectation: String::new(),
            channel: Channel::Web,
            language: Lang::Nl,
            photos: vec![Photo {
                content_type: "image/png",
                data: vec![1, 2, 3],
            }],
        },
    )
    .await
    .unwrap();
    let resolved = service::apply(
        &app.state,
        case.id,
        Change::Resolve {
            closing_text: "Nieuwe lamp geplaatst.".to_owned(),
        },
        &By::System,
    )
    .await
    .unwrap();
    let closed = resolved.closed_at.unwrap();
    let months = app.state.config.retention.case_months;
    let before = closed + chrono::Months::new(months) - Duration::days(1);
    let removed = retention::anonymise_expired(&app.db, app.state.config.retention, before)
        .await
        .unwrap();
    assert_eq!(removed.cases, 0);
    let after = closed + chrono::Months::new(months) + Duration::days(1);
    let removed = retention::anonymise_expired(&app.db, app.state.config.retention, after)
        .await
        .unwrap();
    assert_eq!((removed.cases, removed.photos), (1, 1));
    let kept = service_case::Entity::find_by_id(case.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    for text in [
        &kept.name,
        &kept.email,
        &kept.phone,
        &kept.description,
        &kept.address,
    ] {
        assert_eq!(text, "");
    }
    assert_eq!((kept.latitude, kept.longitude), (None, None));
    // The statistics keep the kind, category, department, dates and status.
    assert_eq!(kept.reference, case.reference);
    assert_eq!(kept.category_id, category.id);
    assert_eq!(kept.status, "resolved");
    assert_eq!(kept.received_at, case.received_at);
    assert_eq!(kept.closed_at, Some(closed));
    assert_eq!(
        case_photo::Entity::find()
            .filter(case_photo::Column::CaseId.eq(case.id))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    let bodies: Vec<String> = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect();
    assert!(
        bodies.len() >= 2 && bodies.iter().all(String::is_empty),
        "{bodies:?}"
    );
}

async fn an_admin_finds_exports_and_erases_what_is_held_about_an_address(app: TestApp) {
    let booked = book(&app, "an@example.org").await;
    book(&app, "bert@example.org").await;
    app.sign_in_as("admin").await;
    let found = app.get("/beheer/privacy?email=An%40Example.org").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains(&booked.reference), "{}", found.body);
    assert!(found.body.contains("id=\"count-appointments\">1<"));
    let export = app
        .post_form("/beheer/privacy/export", &[("email", "an@example.org")])
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.header("content-disposition").contains("attachment"));
    let document = export.json();
    assert_eq!(document["email"], "an@example.org");
    assert_eq!(
        document["appointments"][0]["reference"],
        booked.reference.as_str()
    );
    assert_eq!(document["appointments"][0]["name"], "Resident");

    // Erasing needs the confirmation box.
    let unconfirmed = app
        .post_form("/beheer/privacy/wissen", &[("email", "an@example.org")])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.body.contains("Vink eerst aan"));
    let erased = app
        .post_form(
            "/beheer/privacy/wissen",
            &[("email", "an@example.org"), ("confirm", "ja")],
        )
        .await;
    assert_eq!(erased.status, StatusCode::OK);
    assert!(erased.body.contains("id=\"erased\""));
    let after = appointment::Entity::find_by_id(booked.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.email, "");
    assert_eq!(
        after.status, "cancelled",
        "a future appointment is cancelled"
    );
    // The other resident is untouched.
    let others = appointment::Entity::find()
        .filter(appointment::Column::Email.eq("bert@example.org"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(others, 1);
    let nothing = app.get("/beheer/privacy?email=an%40example.org").await;
    assert!(nothing.body.contains("id=\"nothing-found\""));
    // Each step is in the audit log, under a hash and never the address.
    let entries = audit_log::Entity::find().all(&app.db).await.unwrap();
    for action in [
        "personal_data_viewed",
        "personal_data_exported",
        "personal_data_erased",
    ] {
        assert!(
            entries.iter().any(|e| e.action == action),
            "{action} logged"
        );
    }
    assert!(
        entries
            .iter()
            .all(|e| !e.subject.contains("example.org") && !e.detail.contains("example.org"))
    );
    let audit_page = app.get("/beheer/audit").await;
    assert!(audit_page.body.contains("personal_data_erased"));
    // Residents and other roles cannot reach it.
    assert_eq!(
        app.reconfigured(|_| {})
            .await
            .get("/beheer/privacy")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn the_audit_log_cannot_be_changed_or_emptied(app: TestApp) {
    loket::audit::record(
        &app.db,
        loket::audit::Actor::System("test"),
        "tested",
        "subject",
        "",
        app.clock_now(),
    )
    .await
    .unwrap();
    assert!(
        app.db
            .execute_unprepared("UPDATE audit_log SET action = 'changed'")
            .await
            .is_err()
    );
    assert!(
        app.db
            .execute_unprepared("DELETE FROM audit_log")
            .await
            .is_err()
    );
    assert_eq!(audit_log::Entity::find().count(&app.db).await.unwrap(), 1);
}

async fn a_backup_is_a_consistent_copy_of_a_sqlite_database(app: TestApp) {
    book(&app, "an@example.org").await;
    let target = std::env::temp_dir().join(format!(
        "loket-backup-{}-{}.db",
        std::process::id(),
        app.clock_now().timestamp_micros()
    ));
    let result = db::backup(&app.db, &target).await;
    if app.db.get_database_backend() == DbBackend::Postgres {
        assert!(matches!(result, Err(db::BackupError::NotSqlite)));
        return;
    }
    result.expect("backup");
    let copy = db::connect(&format!("sqlite://{}?mode=rw", target.display()))
        .await
        .unwrap();
    assert_eq!(appointment::Entity::find().count(&copy).await.unwrap(), 1);
    assert_eq!(
        product::Entity::find().count(&copy).await.unwrap(),
        product::Entity::find().count(&app.db).await.unwrap()
    );
    // An existing file is never overwritten.
    assert!(matches!(
        db::backup(&app.db, &target).await,
        Err(db::BackupError::Exists(_))
    ));
    drop(copy);
    let _ = std::fs::remove_file(&target);
}
