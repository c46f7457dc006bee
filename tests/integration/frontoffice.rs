//! The front-office pages over HTTP: kiosk tickets and check-in, the counter console, the call
//! display and its server-sent events, and the queue on the home and product pages.

use crate::{on_both_databases, queue::burgerzaken, support::TestApp};
use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use loket::{
    entities::{counter, visit},
    queue::{actions, service},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;
use tower::ServiceExt;

on_both_databases!(
    a_walk_in_takes_a_ticket_at_the_kiosk,
    a_product_chosen_at_the_kiosk_queues_at_its_cluster,
    an_appointment_checks_in_at_the_kiosk,
    a_clerk_calls_serves_and_the_display_shows_it,
    the_event_stream_delivers_each_call,
    the_home_and_product_pages_show_the_queue,
);

async fn take_ticket(app: &TestApp, cluster: &str) -> String {
    let response = app
        .post_form("/kiosk/volgnummer", &[("cluster", cluster)])
        .await;
    assert_eq!(response.status, 303, "{}", response.body);
    let location = response.location().to_owned();
    assert!(location.starts_with("/kiosk/volgnummer/"), "{location}");
    location
}

async fn a_walk_in_takes_a_ticket_at_the_kiosk(app: TestApp) {
    let kiosk = app.get("/kiosk").await;
    assert_eq!(kiosk.status, 200);
    assert!(kiosk.body.contains(r#"action="/kiosk/volgnummer""#));
    assert!(kiosk.body.contains(r#"value="burgerzaken""#));
    assert!(kiosk.body.contains("Ik heb een afspraak"));
    assert!(
        kiosk.body.contains("hreflang=\"en\""),
        "the language switch stays"
    );
    assert!(
        !kiosk.body.contains("href=\"/beleid\""),
        "no site navigation"
    );

    let first = app.get(&take_ticket(&app, "burgerzaken").await).await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains("B001"), "{}", first.body);
    assert!(first.body.contains("Burgerzaken"));
    assert!(first.body.contains("Je bent als volgende aan de beurt."));
    assert!(first.body.contains("/static/kiosk.js"));
    assert!(
        first.body.contains(r#"href="/kiosk""#),
        "a way back without JavaScript"
    );

    let second = app.get(&take_ticket(&app, "burgerzaken").await).await;
    assert!(second.body.contains("B002"));
    assert!(
        second.body.contains("Er is 1 persoon voor jou."),
        "{}",
        second.body
    );
    // Nobody served recently: five minutes per visitor, one counter.
    assert!(second.body.contains("Je wacht ongeveer 5 minuten."));

    // The same pages in English.
    let english = app.get_with("/kiosk", &[("cookie", "lang=en")]).await;
    assert!(english.body.contains("I have an appointment"));
    let location = take_ticket(&app, "ocmw").await;
    let english = app.get_with(&location, &[("cookie", "lang=en")]).await;
    assert!(english.body.contains("O001") && english.body.contains("You are next."));

    let unknown = app
        .post_form("/kiosk/volgnummer", &[("cluster", "bestaat-niet")])
        .await;
    assert_eq!(unknown.status, 400);
}

async fn an_appointment_checks_in_at_the_kiosk(app: TestApp) {
    let product = crate::booking::eid(&app).await;
    let noon: chrono::DateTime<chrono::Utc> = "2026-11-23T11:00:00Z".parse().unwrap();
    let on_time = crate::booking::try_book(&app, &product, noon, "optijd@lier.test")
        .await
        .unwrap();
    let late = crate::booking::try_book(
        &app,
        &product,
        noon + chrono::Duration::minutes(10),
        "laat@lier.test",
    )
    .await
    .unwrap();
    let tomorrow = crate::booking::try_book(
        &app,
        &product,
        noon + chrono::Duration::days(1),
        "morgen@lier.test",
    )
    .await
    .unwrap();

    // 11:55: on time, typed in lower case as a resident might.
    app.clock.set(noon - chrono::Duration::minutes(5));
    let response = app
        .post_form(
            "/kiosk/inchecken",
            &[("reference", &on_time.reference.to_lowercase())],
        )
        .await;
    assert_eq!(response.status, 303, "{}", response.body);
    let page = app.get(response.location()).await;
    assert!(page.body.contains("Je bent ingecheckt voor je afspraak."));
    assert!(page.body.contains("B001"));
    assert!(page.body.contains("Je wordt opgeroepen."));

    // Checking in again.
    let again = app
        .post_form("/kiosk/inchecken", &[("reference", &on_time.reference)])
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Je bent al ingecheckt."));

    // 12:21 for a 12:10 appointment: more than ten minutes late.
    app.clock.set(noon + chrono::Duration::minutes(21));
    let response = app
        .post_form("/kiosk/inchecken", &[("reference", &late.reference)])
        .await;
    assert_eq!(response.status, 303);
    let page = app.get(response.location()).await;
    assert!(
        page.body.contains("Je staat nu in de rij zonder afspraak."),
        "{}",
        page.body
    );

    let not_today = app
        .post_form("/kiosk/inchecken", &[("reference", &tomorrow.reference)])
        .await;
    assert_eq!(not_today.status, 422);
    assert!(not_today.body.contains("Je afspraak is niet vandaag."));

    let unknown = app
        .post_form("/kiosk/inchecken", &[("reference", "A-2222-ZZZZ")])
        .await;
    assert_eq!(unknown.status, 422);
    assert!(
        unknown
            .body
            .contains("We vinden geen afspraak met deze referentie.")
    );
    assert!(
        unknown.body.contains(r#"value="A-2222-ZZZZ""#),
        "typed value kept"
    );
    assert!(unknown.body.contains(r#"aria-invalid="true""#));
}

async fn seeded_counter(app: &TestApp, code: &str) -> counter::Model {
    counter::Entity::find()
        .filter(counter::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn a_clerk_calls_serves_and_the_display_shows_it(app: TestApp) {
    let desk = seeded_counter(&app, "B2").await;
    let console = format!("/balie/loket/{}", desk.id);
    let anonymous = app.get_with(&console, &[("cookie", "")]).await;
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.location().starts_with("/aanmelden"));

    app.sign_in_as("frontoffice").await;
    let choose = app.get("/balie").await;
    assert_eq!(choose.status, 200);
    assert!(choose.body.contains(&format!(r#"value="{}""#, desk.id)));
    let chosen = app.get(&format!("/balie/kies?loket={}", desk.id)).await;
    assert_eq!(
        (chosen.status.as_u16(), chosen.location()),
        (303, console.as_str())
    );

    let nobody = app.post_form(&format!("{console}/volgende"), &[]).await;
    assert_eq!(nobody.status, 303);
    let page = app.get(nobody.location()).await;
    assert!(page.body.contains("Niemand wacht."));

    take_ticket(&app, "burgerzaken").await;
    take_ticket(&app, "burgerzaken").await;
    let page = app.get(&console).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2 wachtenden"), "{}", page.body);
    assert!(page.body.contains("Zonder afspraak"));

    app.clock
        .set(app.clock_now() + chrono::Duration::minutes(3));
    let called = app.post_form(&format!("{console}/volgende"), &[]).await;
    assert_eq!(
        (called.status.as_u16(), called.location()),
        (303, console.as_str())
    );
    let page = app.get(&console).await;
    assert!(page.body.contains(r#"<p class="console-ticket">B001</p>"#));
    assert!(page.body.contains("wachtte 3 min"));
    assert!(page.body.contains("1 wachtende"));

    let display = app.get("/scherm").await;
    assert_eq!(display.status, 200);
    assert!(
        display
            .body
            .contains(r#"<td class="call-ticket">B001</td>"#)
    );
    assert!(display.body.contains(&desk.name));
    assert!(
        display
            .body
            .contains(r#"http-equiv="refresh" content="10""#)
    );
    let cluster_display = app.get("/scherm/burgerzaken").await;
    assert!(cluster_display.body.contains("B001"));
    assert!(
        cluster_display
            .body
            .contains("/scherm/events?cluster=burgerzaken")
    );
    assert!(!app.get("/scherm/ocmw").await.body.contains("B001"));

    let b001 = visit::Entity::find()
        .filter(visit::Column::Ticket.eq("B001"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let again = app
        .post_form(
            &format!("{console}/opnieuw"),
            &[("visit", &b001.id.to_string())],
        )
        .await;
    assert_eq!(again.status, 303);
    let served = app
        .post_form(
            &format!("{console}/klaar"),
            &[("visit", &b001.id.to_string()), ("outcome", "served")],
        )
        .await;
    assert_eq!(served.status, 303);
    let done = visit::Entity::find_by_id(b001.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (done.status.as_str(), done.outcome.as_str()),
        ("done", "served")
    );
    let page = app.get(&console).await;
    assert!(page.body.contains("Er is niemand opgeroepen."));

    // B002 is called and sent on to the OCMW.
    app.post_form(&format!("{console}/volgende"), &[]).await;
    let b002 = visit::Entity::find()
        .filter(visit::Column::Ticket.eq("B002"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let moved = app
        .post_form(
            &format!("{console}/doorverwijzen"),
            &[("visit", &b002.id.to_string()), ("cluster", "ocmw")],
        )
        .await;
    assert_eq!(moved.status, 303);
    assert!(moved.location().ends_with("?melding=verwezen"));
    let legs = visit::Entity::find()
        .filter(visit::Column::Ticket.eq("B002"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(legs.len(), 2);
}

async fn the_event_stream_delivers_each_call(app: TestApp) {
    let cluster = burgerzaken(&app).await;
    let desk = seeded_counter(&app, "B1").await;
    service::issue_ticket(&app.db, &cluster, app.clock_now())
        .await
        .unwrap();
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get("/scherm/events?cluster=burgerzaken")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut body = response.into_body();
    actions::call_next(&app.state, &desk)
        .await
        .unwrap()
        .unwrap();
    let mut received = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !received.contains("\n\n") {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .expect("an event within 5 s")
            .expect("the stream stays open")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            received.push_str(&String::from_utf8_lossy(&data));
        }
    }
    let data = received
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("a data line");
    let call: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(call["ticket"], "B001");
    assert_eq!(call["cluster"], "burgerzaken");
    assert_eq!(call["counter"], desk.name.as_str());
}

async fn the_home_and_product_pages_show_the_queue(app: TestApp) {
    let home = app.get("/").await;
    assert!(home.body.contains("Wachtrij nu"));
    assert!(home.body.contains("Niemand wacht"));
    take_ticket(&app, "burgerzaken").await;
    take_ticket(&app, "burgerzaken").await;
    let home = app.get("/").await;
    assert!(
        home.body.contains("2 wachtenden, ongeveer 10 min"),
        "{}",
        home.body
    );
    let product = app.get("/producten/identiteitskaart").await;
    assert!(product.body.contains("Wachtrij aan het loket"));
    assert!(product.body.contains("2 wachtenden"));
}

async fn a_product_chosen_at_the_kiosk_queues_at_its_cluster(app: TestApp) {
    let kiosk = app.get("/kiosk").await;
    assert!(
        kiosk
            .body
            .contains(r#"name="product" value="identiteitskaart""#)
    );
    let response = app
        .post_form("/kiosk/volgnummer", &[("product", "identiteitskaart")])
        .await;
    assert_eq!(response.status, 303);
    let ticket = app.get(response.location()).await;
    assert!(ticket.body.contains("B001"), "{}", ticket.body);
    let unknown = app
        .post_form("/kiosk/volgnummer", &[("product", "bestaat-niet")])
        .await;
    assert_eq!(unknown.status, 400);
}
