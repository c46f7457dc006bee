//! The front-office JSON API, the visits import, the daily close, and calls reaching the
//! displays of another instance.

use crate::{
    on_both_databases,
    queue::burgerzaken,
    support::{TestApp, TestResponse},
};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use loket::{
    auth::{tokens, users},
    domain::email::EmailAddress,
    entities::{ticket_day, visit, visit_event},
    queue::{import, jobs, live::CallEvent, service},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

on_both_databases!(
    the_queue_and_the_counters_are_public,
    staff_endpoints_need_a_frontoffice_token_or_session,
    tickets_tell_how_many_wait_ahead,
    every_live_queue_is_read_at_once_from_todays_calls,
    check_ins_by_reference,
    a_counter_calls_serves_recalls_and_transfers,
    historic_visits_import_all_or_nothing,
    the_daily_job_closes_unserved_tickets_at_closing_time,
    a_call_reaches_a_subscriber_of_the_same_instance,
    the_openapi_document_lists_the_front_office,
);

/// A bearer header for a new user with this role.
async fn bearer(app: &TestApp, role: &str) -> String {
    let email = format!("api-{role}@lier.test");
    app.create_user(&email, role, "een-lang-wachtwoord-123")
        .await;
    let user = users::find_by_email(&app.db, &EmailAddress::parse(&email).unwrap())
        .await
        .unwrap()
        .unwrap();
    let token = tokens::issue(&app.db, &user, "test", app.clock_now())
        .await
        .unwrap();
    format!("Bearer {token}")
}

async fn post(app: &TestApp, auth: &str, path: &str, body: Value) -> TestResponse {
    app.post_json_with(path, &body.to_string(), &[("authorization", auth)])
        .await
}

async fn counter_id(app: &TestApp, code: &str) -> i64 {
    let counters = app.get("/api/v1/counters").await.json();
    counters
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("counter {code} listed"))["id"]
        .as_i64()
        .unwrap()
}

async fn the_queue_and_the_counters_are_public(app: TestApp) {
    let counters = app.get("/api/v1/counters").await;
    assert_eq!(counters.status, StatusCode::OK);
    let list = counters.json();
    let b1 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "B1")
        .expect("B1 listed");
    assert_eq!(
        (&b1["name"], &b1["cluster"], &b1["active"]),
        (&json!("Loket 1"), &json!("burgerzaken"), &json!(true))
    );
    assert!(b1["id"].is_i64());

    let empty = app.get("/api/v1/clusters/burgerzaken/queue").await.json();
    assert_eq!(
        empty,
        json!({"cluster": "burgerzaken", "waiting": 0, "estimated_wait_seconds": 0})
    );
    let cluster = burgerzaken(&app).await;
    for _ in 0..3 {
        service::issue_ticket(&app.db, &cluster, app.clock_now())
            .await
            .unwrap();
    }
    // Nobody served recently: five minutes each, one counter assumed open.
    let queue = app.get("/api/v1/clusters/burgerzaken/queue").await.json();
    assert_eq!(
        (&queue["waiting"], &queue["estimated_wait_seconds"]),
        (&json!(3), &json!(900))
    );
    let missing = app.get("/api/v1/clusters/geen-cluster/queue").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("content-type"), "application/problem+json");
}

async fn staff_endpoints_need_a_frontoffice_token_or_session(app: TestApp) {
    let body = json!({"cluster": "burgerzaken"});
    let anonymous = app.post_json("/api/v1/tickets", &body).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.header("content-type"), "application/problem+json");
    let wrong = post(&app, "Bearer loket_nope", "/api/v1/tickets", body.clone()).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let desk = counter_id(&app, "B1").await;
    for path in [
        format!("/api/v1/counters/{desk}/call-next"),
        "/api/v1/checkins".to_owned(),
        "/api/v1/visits/1/served".to_owned(),
        "/api/v1/visits/1/no-show".to_owned(),
        "/api/v1/visits/1/recall".to_owned(),
        "/api/v1/visits/1/transfer".to_owned(),
    ] {
        let refused = app.post_json(&path, &json!({})).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // frontoffice is the lowest role, and enough; every role above it may too.
    let frontoffice = bearer(&app, "frontoffice").await;
    let issued = post(&app, &frontoffice, "/api/v1/tickets", body.clone()).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    let admin = bearer(&app, "admin").await;
    let issued = post(&app, &admin, "/api/v1/tickets", body.clone()).await;
    assert_eq!(issued.status, StatusCode::CREATED);
    // A signed-in session works too.
    app.sign_in_as("handler").await;
    let issued = app.post_json("/api/v1/tickets", &body).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
    assert_eq!(issued.json()["number"], "B003");
}

async fn tickets_tell_how_many_wait_ahead(app: TestApp) {
    let auth = bearer(&app, "frontoffice").await;
    let first = post(
        &app,
        &auth,
        "/api/v1/tickets",
        json!({"cluster": "burgerzaken"}),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let first = first.json();
    assert_eq!(
        (
            &first["number"],
            &first["cluster"],
            &first["waiting_ahead"],
            &first["estimated_wait_seconds"]
        ),
        (&json!("B001"), &json!("burgerzaken"), &json!(0), &json!(0))
    );
    let second = post(
        &app,
        &auth,
        "/api/v1/tickets",
        json!({"cluster": "burgerzaken"}),
    )
    .await
    .json();
    assert_eq!(
        (
            &second["number"],
            &second["waiting_ahead"],
            &second["estimated_wait_seconds"]
        ),
        (&json!("B002"), &json!(1), &json!(300))
    );
    let other = post(&app, &auth, "/api/v1/tickets", json!({"cluster": "ocmw"}))
        .await
        .json();
    assert_eq!(other["waiting_ahead"], 0, "each cluster has its own queue");
    let unknown = post(
        &app,
        &auth,
        "/api/v1/tickets",
        json!({"cluster": "nergens"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = unknown.json();
    assert_eq!(problem["invalid-params"][0]["name"], "cluster");
    assert_eq!(
        problem["invalid-params"][0]["reason"],
        "Er is geen cluster met deze code."
    );
    let malformed = app
        .post_json_with(
            "/api/v1/tickets",
            "{\"cluster\": 5}",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
}

/// The home page reads every cluster's queue in two statements: each cluster still gets its
/// own waiting count, open counters and service times, and yesterday's calls count for none.
async fn every_live_queue_is_read_at_once_from_todays_calls(app: TestApp) {
    let auth = bearer(&app, "frontoffice").await;
    let ticket = |cluster: &'static str| {
        let (app, auth) = (&app, auth.clone());
        async move {
            let issued = post(app, &auth, "/api/v1/tickets", json!({"cluster": cluster})).await;
            assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
        }
    };
    let call = |desk: i64| {
        let (app, auth) = (&app, auth.clone());
        async move {
            let called = post(
                app,
                &auth,
                &format!("/api/v1/counters/{desk}/call-next"),
                json!({}),
            )
            .await;
            assert_eq!(called.status, StatusCode::OK, "{}", called.body);
            called.json()["visit_id"].as_i64().unwrap()
        }
    };
    let served = |visit: i64| {
        let (app, auth) = (&app, auth.clone());
        async move {
            let done = post(
                app,
                &auth,
                &format!("/api/v1/visits/{visit}/served"),
                json!({}),
            )
            .await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        }
    };
    let (b1, b2) = (counter_id(&app, "B1").await, counter_id(&app, "B2").await);
    let start = app.clock_now();
    // Yesterday: B1 served one visitor in 20 minutes.
    ticket("burgerzaken").await;
    let yesterday = call(b1).await;
    app.clock.set(start + Duration::minutes(20));
    served(yesterday).await;
    // Today: B1 serves one in 4 minutes, B2 calls the next; one still waits, one at OCMW.
    app.clock.set(start + Duration::days(1));
    for cluster in ["burgerzaken", "burgerzaken", "burgerzaken", "ocmw"] {
        ticket(cluster).await;
    }
    let first = call(b1).await;
    app.clock
        .set(start + Duration::days(1) + Duration::minutes(4));
    served(first).await;
    call(b2).await;
    let clusters = loket::catalogue::service::clusters(&app.db).await.unwrap();
    let statuses = loket::queue::status::queue_statuses(&app.db, &clusters, app.clock_now())
        .await
        .unwrap();
    assert_eq!(
        statuses
            .iter()
            .map(|s| s.cluster.as_str())
            .collect::<Vec<_>>(),
        clusters.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
        "one status per cluster, in their order"
    );
    let of = |code: &str| {
        let s = statuses.iter().find(|s| s.cluster == code).unwrap();
        (s.waiting, s.estimated_wait_seconds)
    };
    // Burgerzaken: 1 waits, two counters called today, 4 minutes a visitor: 240 / 2 s.
    assert_eq!(of("burgerzaken"), (1, 120));
    // OCMW: nobody served recently, five minutes, one counter assumed.
    assert_eq!(of("ocmw"), (1, 300));
    // The one-cluster answer (the API, the kiosk and the console) agrees.
    let one = app.get("/api/v1/clusters/burgerzaken/queue").await.json();
    assert_eq!(
        (&one["waiting"], &one["estimated_wait_seconds"]),
        (&json!(1), &json!(120))
    );
}

async fn check_ins_by_reference(app: TestApp) {
    let auth = bearer(&app, "frontoffice").await;
    let product = crate::booking::eid(&app).await;
    let noon: DateTime<Utc> = "2026-11-23T11:00:00Z".parse().unwrap();
    let today = crate::booking::try_book(&app, &product, noon, "vandaag@lier.test")
        .await
        .unwrap();
    let tomorrow =
        crate::booking::try_book(&app, &product, noon + Duration::days(1), "morgen@lier.test")
            .await
            .unwrap();
    app.clock.set(noon - Duration::minutes(5));
    let checked = post(
        &app,
        &auth,
        "/api/v1/checkins",
        json!({"reference": today.reference.to_lowercase().replace('-', "")}),
    )
    .await;
    assert_eq!(checked.status, StatusCode::CREATED, "{}", checked.body);
    let checked = checked.json();
    assert_eq!(
        (&checked["number"], &checked["cluster"], &checked["late"]),
        (&json!("B001"), &json!("burgerzaken"), &json!(false))
    );
    let visit = visit::Entity::find_by_id(checked["visit_id"].as_i64().unwrap() as i32)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((visit.kind.as_str(), visit.ready_at), ("appointment", noon));

    let again = post(
        &app,
        &auth,
        "/api/v1/checkins",
        json!({"reference": today.reference}),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["detail"], "Deze afspraak is al aangemeld.");
    let unknown = post(
        &app,
        &auth,
        "/api/v1/checkins",
        json!({"reference": "A-2222-2222"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown.json()["invalid-params"][0],
        json!({"name": "reference", "reason": "Er is geen geboekte afspraak met deze referentie."})
    );
    let not_today = post(
        &app,
        &auth,
        "/api/v1/checkins",
        json!({"reference": tomorrow.reference}),
    )
    .await;
    assert_eq!(not_today.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        not_today.json()["invalid-params"][0]["reason"],
        "Deze afspraak is niet vandaag."
    );
}

async fn a_counter_calls_serves_recalls_and_transfers(app: TestApp) {
    let auth = bearer(&app, "frontoffice").await;
    let desk = counter_id(&app, "B1").await;
    let call_next = format!("/api/v1/counters/{desk}/call-next");
    let nobody = post(&app, &auth, &call_next, json!({})).await;
    assert_eq!(nobody.status, StatusCode::NO_CONTENT);
    assert!(nobody.body.is_empty());
    let missing = post(&app, &auth, "/api/v1/counters/99999/call-next", json!({})).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    for _ in 0..3 {
        post(
            &app,
            &auth,
            "/api/v1/tickets",
            json!({"cluster": "burgerzaken"}),
        )
        .await;
    }
    app.clock.set(app.clock_now() + Duration::minutes(2));
    let called = post(&app, &auth, &call_next, json!({})).await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.body);
    let first = called.json();
    assert_eq!(
        (
            &first["number"],
            &first["cluster"],
            &first["counter"],
            &first["kind"],
            &first["status"]
        ),
        (
            &json!("B001"),
            &json!("burgerzaken"),
            &json!("Loket 1"),
            &json!("walk_in"),
            &json!("called")
        )
    );
    let called_at: DateTime<Utc> = first["called_at"].as_str().unwrap().parse().unwrap();
    let ready_at: DateTime<Utc> = first["ready_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(called_at - ready_at, Duration::minutes(2));
    let first_id = first["visit_id"].as_i64().unwrap();

    let served = post(
        &app,
        &auth,
        &format!("/api/v1/visits/{first_id}/served"),
        json!({}),
    )
    .await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(
        (&served.json()["status"], &served.json()["outcome"]),
        (&json!("done"), &json!("served"))
    );
    for action in ["served", "no-show", "recall"] {
        let closed = post(
            &app,
            &auth,
            &format!("/api/v1/visits/{first_id}/{action}"),
            json!({}),
        )
        .await;
        assert_eq!(closed.status, StatusCode::CONFLICT, "{action}");
        assert_eq!(closed.json()["detail"], "Dit bezoek is niet (meer) open.");
    }
    let transfer_closed = post(
        &app,
        &auth,
        &format!("/api/v1/visits/{first_id}/transfer"),
        json!({"cluster": "ocmw"}),
    )
    .await;
    assert_eq!(transfer_closed.status, StatusCode::CONFLICT);

    let second = post(&app, &auth, &call_next, json!({})).await.json();
    assert_eq!(second["number"], "B002");
    let second_id = second["visit_id"].as_i64().unwrap();
    let no_show = post(
        &app,
        &auth,
        &format!("/api/v1/visits/{second_id}/no-show"),
        json!({}),
    )
    .await
    .json();
    assert_eq!(no_show["outcome"], "no_show");

    let third = post(&app, &auth, &call_next, json!({})).await.json();
    let third_id = third["visit_id"].as_i64().unwrap();
    let mut calls = app.state.calls.subscribe();
    let recalled = post(
        &app,
        &auth,
        &format!("/api/v1/visits/{third_id}/recall"),
        json!({}),
    )
    .await;
    assert_eq!(recalled.status, StatusCode::OK);
    assert_eq!(recalled.json()["status"], "called");
    let heard = calls.try_recv().expect("the recall was announced");
    assert_eq!(
        (heard.ticket.as_str(), heard.kind.as_str()),
        ("B003", "recalled")
    );
    let bad_cluster = post(
        &app,
        &auth,
        &format!("/api/v1/visits/{third_id}/transfer"),
        json!({"cluster": "nergens"}),
    )
    .await;
    assert_eq!(bad_cluster.status, StatusCode::UNPROCESSABLE_ENTITY);
    let leg = post(
        &app,
        &auth,
        &format!("/api/v1/visits/{third_id}/transfer"),
        json!({"cluster": "ocmw"}),
    )
    .await;
    assert_eq!(leg.status, StatusCode::OK);
    let leg = leg.json();
    assert_eq!(
        (&leg["number"], &leg["cluster"], &leg["status"]),
        (&json!("B003"), &json!("ocmw"), &json!("waiting"))
    );
    assert_ne!(leg["visit_id"].as_i64().unwrap(), third_id);
    let queue = app.get("/api/v1/clusters/ocmw/queue").await.json();
    assert_eq!(queue["waiting"], 1);
    let queue = app.get("/api/v1/clusters/burgerzaken/queue").await.json();
    assert_eq!(queue["waiting"], 0);
    // Nobody waits in burgerzaken any more.
    assert_eq!(
        post(&app, &auth, &call_next, json!({})).await.status,
        StatusCode::NO_CONTENT
    );
}

const IMPORT_HEADER: &str =
    "cluster,kind,issued_at,appointment_start,checked_in_at,called_at,finished_at,outcome\n";

async fn historic_visits_import_all_or_nothing(app: TestApp) {
    // Lines out of order: numbers follow the order of issue per cluster and local day.
    let good = format!(
        "{IMPORT_HEADER}\
         burgerzaken,walk_in,2026-03-02T09:20:00+01:00,,,2026-03-02T09:30:00+01:00,2026-03-02T09:40:00+01:00,served\n\
         burgerzaken,appointment,2026-03-02T08:50:00+01:00,2026-03-02T09:00:00+01:00,2026-03-02T08:50:00+01:00,2026-03-02T09:01:00+01:00,2026-03-02T09:12:00+01:00,served\n\
         burgerzaken,walk_in,2026-03-02T10:00:00+01:00,,,,,abandoned\n\
         ocmw,walk_in,2026-03-02T09:00:00Z,,,2026-03-02T09:05:00Z,,no_show\n\
         burgerzaken,walk_in,2026-03-03T09:00:00+01:00,,,2026-03-03T09:00:30+01:00,2026-03-03T09:05:00+01:00,served\n"
    );
    let imported = import::import(&app.db, good.as_bytes()).await.unwrap();
    assert_eq!(imported, 5);
    let cluster = burgerzaken(&app).await;
    let visits = visit::Entity::find()
        .filter(visit::Column::ClusterId.eq(cluster.id))
        .order_by_asc(visit::Column::IssuedAt)
        .all(&app.db)
        .await
        .unwrap();
    let numbers: Vec<(&str, &str, &str)> = visits
        .iter()
        .map(|v| (v.ticket.as_str(), v.status.as_str(), v.outcome.as_str()))
        .collect();
    assert_eq!(
        numbers,
        [
            ("B001", "done", "served"),
            ("B002", "done", "served"),
            ("B003", "done", "abandoned"),
            ("B001", "done", "served"),
        ]
    );
    let appointment = &visits[0];
    let start: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
    assert_eq!(
        (appointment.kind.as_str(), appointment.ready_at),
        ("appointment", start),
        "an early arrival is ready at the appointment"
    );
    let events: Vec<(String, DateTime<Utc>)> = visit_event::Entity::find()
        .filter(visit_event::Column::VisitId.eq(appointment.id))
        .order_by_asc(visit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.at))
        .collect();
    assert_eq!(
        events,
        [
            ("issued".into(), "2026-03-02T07:50:00Z".parse().unwrap()),
            ("checked_in".into(), "2026-03-02T07:50:00Z".parse().unwrap()),
            ("called".into(), "2026-03-02T08:01:00Z".parse().unwrap()),
            ("served".into(), "2026-03-02T08:12:00Z".parse().unwrap()),
        ]
    );
    let day = ticket_day::Entity::find_by_id((cluster.id, "2026-03-02".parse().unwrap()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(day.last_number, 3, "a live ticket that day would get B004");

    // One bad value anywhere: nothing of the file is imported.
    let before = visit::Entity::find().count(&app.db).await.unwrap();
    let events_before = visit_event::Entity::find().count(&app.db).await.unwrap();
    let bad = format!(
        "{IMPORT_HEADER}\
         burgerzaken,walk_in,2026-03-04T09:00:00+01:00,,,,,abandoned\n\
         nergens,walk_in,2026-03-04T09:00:00+01:00,,,,,abandoned\n\
         burgerzaken,walk_in,2026-03-04T09:00:00+01:00,,,2026-03-04 09:10,,served\n"
    );
    let refused = import::import(&app.db, bad.as_bytes())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused.starts_with("2 fout(en), niets geïmporteerd"),
        "{refused}"
    );
    assert!(
        refused.contains("regel 3, kolom cluster: onbekende cluster \"nergens\""),
        "{refused}"
    );
    assert!(
        refused.contains("regel 4, kolom called_at: geen tijd met tijdzone"),
        "{refused}"
    );
    assert_eq!(visit::Entity::find().count(&app.db).await.unwrap(), before);
    assert_eq!(
        visit_event::Entity::find().count(&app.db).await.unwrap(),
        events_before
    );
}

async fn the_daily_job_closes_unserved_tickets_at_closing_time(app: TestApp) {
    use loket::entities::cluster;
    let burgerzaken = burgerzaken(&app).await;
    let energieloket = cluster::Entity::find()
        .filter(cluster::Column::Code.eq("energieloket"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let monday_ten = app.clock_now(); // 10:00 in Brussels; Burgerzaken closes at 16:00, the Energieloket at 12:00
    let yesterday = service::issue_ticket(&app.db, &burgerzaken, monday_ten - Duration::days(1))
        .await
        .unwrap();
    let today = service::issue_ticket(&app.db, &burgerzaken, monday_ten)
        .await
        .unwrap();
    let energy = service::issue_ticket(&app.db, &energieloket, monday_ten)
        .await
        .unwrap();
    let outcome = |id: i32| {
        let db = app.db.clone();
        async move {
            visit::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .outcome
        }
    };
    assert_eq!(jobs::close_abandoned(&app.state).await.unwrap(), 1);
    assert_eq!(outcome(yesterday.id).await, "abandoned");
    assert_eq!(outcome(today.id).await, "");
    // 12:30: the Energieloket closed at 12:00; Burgerzaken only pauses for lunch.
    app.clock.set("2026-11-23T11:30:00Z".parse().unwrap());
    assert_eq!(jobs::close_abandoned(&app.state).await.unwrap(), 1);
    assert_eq!(outcome(energy.id).await, "abandoned");
    assert_eq!(outcome(today.id).await, "");
    // 15:59 still open; 16:00 closed.
    app.clock.set("2026-11-23T14:59:00Z".parse().unwrap());
    assert_eq!(jobs::close_abandoned(&app.state).await.unwrap(), 0);
    app.clock.set("2026-11-23T15:00:00Z".parse().unwrap());
    assert_eq!(jobs::close_abandoned(&app.state).await.unwrap(), 1);
    assert_eq!(outcome(today.id).await, "abandoned");
    let events = visit_event::Entity::find()
        .filter(visit_event::Column::VisitId.eq(today.id))
        .filter(visit_event::Column::Kind.eq("abandoned"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(events, 1);
    assert_eq!(jobs::close_abandoned(&app.state).await.unwrap(), 0);
}

/// On one instance (SQLite, or PostgreSQL alike) the broadcast reaches a display directly.
async fn a_call_reaches_a_subscriber_of_the_same_instance(app: TestApp) {
    let auth = bearer(&app, "frontoffice").await;
    let desk = counter_id(&app, "B2").await;
    let mut display = app.state.calls.subscribe();
    post(
        &app,
        &auth,
        "/api/v1/tickets",
        json!({"cluster": "burgerzaken"}),
    )
    .await;
    let called = post(
        &app,
        &auth,
        &format!("/api/v1/counters/{desk}/call-next"),
        json!({}),
    )
    .await;
    assert_eq!(called.status, StatusCode::OK);
    let event = tokio::time::timeout(std::time::Duration::from_secs(1), display.recv())
        .await
        .expect("heard within a second")
        .unwrap();
    assert_eq!(
        (
            event.ticket.as_str(),
            event.cluster.as_str(),
            event.counter.as_str(),
            event.kind.as_str()
        ),
        ("B001", "burgerzaken", "Loket 2", "called")
    );
}

async fn the_openapi_document_lists_the_front_office(app: TestApp) {
    let doc = app.get("/api/v1/openapi.json").await.json();
    for (path, method) in [
        ("/api/v1/clusters/{code}/queue", "get"),
        ("/api/v1/counters", "get"),
        ("/api/v1/tickets", "post"),
        ("/api/v1/checkins", "post"),
        ("/api/v1/counters/{id}/call-next", "post"),
        ("/api/v1/visits/{id}/served", "post"),
        ("/api/v1/visits/{id}/no-show", "post"),
        ("/api/v1/visits/{id}/recall", "post"),
        ("/api/v1/visits/{id}/transfer", "post"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} not documented"
        );
    }
    for schema in ["QueueStatus", "TicketJson", "CheckInJson", "VisitJson"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

/// Two instances on one PostgreSQL database: a call made on A reaches a display on B within a
/// second, through LISTEN/NOTIFY.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_on_one_instance_reaches_the_displays_of_another() {
    let Some(a) = TestApp::postgres().await else {
        eprintln!("LOKET_TEST_POSTGRES_URL is not set: the two-instance test is skipped");
        return;
    };
    let b = a.another_instance().await;
    assert_ne!(a.state.calls.instance(), b.state.calls.instance());
    let listeners = [
        a.state
            .calls
            .spawn_listener(&a.db)
            .expect("listens on PostgreSQL"),
        b.state
            .calls
            .spawn_listener(&b.db)
            .expect("listens on PostgreSQL"),
    ];
    let mut display_b = b.state.calls.subscribe();
    let mut display_a = a.state.calls.subscribe();
    // LISTEN is set up in the background: give it a moment before the call is made.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;

    let auth = bearer(&a, "frontoffice").await;
    let issued = post(
        &a,
        &auth,
        "/api/v1/tickets",
        json!({"cluster": "burgerzaken"}),
    )
    .await;
    assert_eq!(issued.status, StatusCode::CREATED);
    let desk = counter_id(&a, "B3").await;
    let started = std::time::Instant::now();
    let called = post(
        &a,
        &auth,
        &format!("/api/v1/counters/{desk}/call-next"),
        json!({}),
    )
    .await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.body);
    let event: CallEvent =
        tokio::time::timeout(std::time::Duration::from_secs(1), display_b.recv())
            .await
            .expect("instance B heard the call within a second")
            .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(
        (
            event.ticket.as_str(),
            event.cluster.as_str(),
            event.counter.as_str()
        ),
        ("B001", "burgerzaken", "Loket 3")
    );
    assert_eq!(event.origin, a.state.calls.instance());
    assert_eq!(
        event.visit_id,
        called.json()["visit_id"].as_i64().unwrap() as i32
    );
    eprintln!("call reached instance B after {elapsed:?}");
    // A hears its own call once (locally), not a second time through PostgreSQL.
    let own = display_a.recv().await.unwrap();
    assert_eq!(own.ticket, "B001");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(display_a.try_recv().is_err(), "no echo of its own call");
    // B's counters and the queue endpoint see A's work: one database.
    let queue = b.get("/api/v1/clusters/burgerzaken/queue").await.json();
    assert_eq!(queue["waiting"], 0);
    for listener in listeners {
        listener.abort();
    }
}
