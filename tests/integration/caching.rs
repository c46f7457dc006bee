//! The public pages and the free-times API answer from memory (`src/cache.rs`). A change must
//! never leave them behind: one made through this instance shows on the very next request, one
//! made on another instance (PostgreSQL, LISTEN/NOTIFY) within a moment.

use crate::{
    on_both_databases,
    support::{TestApp, default_now},
};
use axum::http::StatusCode;
use loket::{cache::Change, entities::product};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::time::{Duration, Instant};

on_both_databases!(
    the_pages_answer_from_memory_until_something_changes,
    a_staff_change_to_a_product_shows_on_the_next_view,
    a_booking_takes_its_time_out_of_the_free_times_at_once,
    a_ticket_shows_in_the_waiting_count_at_once,
    staff_never_get_the_page_kept_for_visitors_nor_visitors_theirs,
);

const PRODUCT: &str = "/producten/identiteitskaart";
const SLOTS: &str = "/api/v1/products/identiteitskaart/slots?from=2026-11-30&to=2026-11-30";

async fn eid(app: &TestApp) -> product::Model {
    crate::booking::eid(app).await
}

/// Saves the eID product through the admin form (signed in as admin) with these fields besides
/// the ones the form requires; a box left out is unticked.
async fn save_eid(app: &TestApp, product: &product::Model, fields: &[(&str, &str)]) {
    let mut form = vec![
        ("slug", "identiteitskaart"),
        ("description", "Uitleg"),
        ("product_type", "Bewijs"),
        ("cluster", "burgerzaken"),
    ];
    form.extend_from_slice(fields);
    let saved = app
        .post_form(&format!("/beheer/producten/{}", product.id), &form)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

/// A name written to the database behind the server's back (as a command or another process
/// would) is not read on every view; it shows once a catalogue change is announced.
async fn the_pages_answer_from_memory_until_something_changes(app: TestApp) {
    assert!(
        app.get(PRODUCT)
            .await
            .body
            .contains("Elektronische identiteitskaart")
    );
    let mut renamed: product::ActiveModel = eid(&app).await.into();
    renamed.name = Set("Elektronische identiteitskaart (eID) NIEUW".to_owned());
    renamed.update(&app.db).await.unwrap();
    for path in [
        PRODUCT,
        "/",
        "/producten",
        "/api/v1/products/identiteitskaart",
    ] {
        assert!(
            !app.get(path).await.body.contains("NIEUW"),
            "{path} read the database again without a change"
        );
    }
    app.state.changes.raise(Change::Catalogue);
    for path in [PRODUCT, "/producten", "/api/v1/products/identiteitskaart"] {
        assert!(app.get(path).await.body.contains("NIEUW"), "{path}");
    }
}

async fn a_staff_change_to_a_product_shows_on_the_next_view(app: TestApp) {
    let product = eid(&app).await;
    // Every view reads from memory from here on.
    assert!(app.get(PRODUCT).await.body.contains(&product.name));
    assert!(app.get("/").await.status.is_success());
    assert!(app.get("/api/v1/products").await.status.is_success());

    app.sign_in_as("admin").await;
    save_eid(
        &app,
        &product,
        &[
            ("name", "Identiteitskaart aanvragen"),
            ("summary", "Nieuwe samenvatting voor de test."),
            ("bookable", "on"),
            ("appointment_minutes", "15"),
            ("published", "on"),
            ("popularity", "1000"),
        ],
    )
    .await;

    let page = app.get(PRODUCT).await.body;
    assert!(page.contains("Identiteitskaart aanvragen"));
    assert!(page.contains("Nieuwe samenvatting voor de test."));
    // The most asked-for product now heads the home page.
    let home = app.get("/").await.body;
    let first = home
        .find("Identiteitskaart aanvragen")
        .expect("on the home page");
    assert!(home.find("Rijbewijs").is_none_or(|other| first < other));
    let api = app.get("/api/v1/products/identiteitskaart").await.json();
    assert_eq!(api["name"], "Identiteitskaart aanvragen");
    let found = app.get("/producten?q=aanvragen").await.body;
    assert!(found.contains("Identiteitskaart aanvragen"));

    // Unpublished: gone from the pages and the API at once.
    save_eid(&app, &product, &[("name", "Identiteitskaart aanvragen")]).await;
    assert_eq!(app.get(PRODUCT).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(SLOTS).await.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get("/producten")
            .await
            .body
            .contains("Identiteitskaart aanvragen")
    );
}

async fn free_at(app: &TestApp, start: &str) -> Option<u64> {
    let slots = app.get(SLOTS).await.json();
    slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["start"] == start)
        .map(|s| s["free"].as_u64().unwrap())
}

async fn a_booking_takes_its_time_out_of_the_free_times_at_once(app: TestApp) {
    let start = "2026-11-30T08:30:00+01:00";
    let desks = free_at(&app, start).await.expect("free before");
    for i in 0..desks {
        let booked = app
            .post_json(
                "/api/v1/appointments",
                &json!({"product": "identiteitskaart", "start": start, "name": "Test", "email": format!("c{i}@lier.test")}),
            )
            .await;
        assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
        // The answer read before this booking is not served again.
        assert_eq!(
            free_at(&app, start).await,
            Some(desks - i - 1).filter(|n| *n > 0)
        );
    }
    assert_eq!(free_at(&app, start).await, None);
}

async fn staff_never_get_the_page_kept_for_visitors_nor_visitors_theirs(app: TestApp) {
    for path in ["/", PRODUCT, "/producten"] {
        assert!(!app.get(path).await.body.contains("href=\"/beheer\""));
    }
    app.sign_in_as("admin").await;
    for path in ["/", PRODUCT, "/producten"] {
        let page = app.get(path).await.body;
        assert!(
            page.contains("href=\"/beheer\""),
            "{path}: the admin's menu"
        );
    }
    // A visitor without the session cookie, right after: the visitors' page, not the admin's.
    for path in ["/", PRODUCT, "/producten"] {
        let page = app.get_with(path, &[("cookie", "lang=nl")]).await.body;
        assert!(!page.contains("href=\"/beheer\""), "{path}");
    }
    // Each language is kept apart.
    let english = app.get_with("/", &[("cookie", "lang=en")]).await.body;
    assert!(english.contains("lang=\"en\""));
    let dutch = app.get_with("/", &[("cookie", "lang=nl")]).await.body;
    assert!(dutch.contains("lang=\"nl\""));
}

async fn waiting_on_home(app: &TestApp) -> String {
    let home = app.get("/").await.body;
    home.split("<tr")
        .find(|row| row.contains("Burgerzaken"))
        .expect("a row for Burgerzaken")
        .to_owned()
}

async fn a_ticket_shows_in_the_waiting_count_at_once(app: TestApp) {
    assert!(waiting_on_home(&app).await.contains("Niemand wacht"));
    let taken = app
        .post_form("/kiosk/volgnummer", &[("cluster", "burgerzaken")])
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    assert!(waiting_on_home(&app).await.contains("1 wachtende"));
    app.post_form("/kiosk/volgnummer", &[("cluster", "burgerzaken")])
        .await;
    assert!(waiting_on_home(&app).await.contains("2 wachtenden"));
}

/// Two instances on one PostgreSQL database: what one changes, the other's pages show within
/// a second (the announcement on `loket_changes`), long before the caches' maximum age.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_one_instance_shows_on_another() {
    let Some(a) = TestApp::postgres().await else {
        eprintln!("LOKET_TEST_POSTGRES_URL is not set: the two-instance test is skipped");
        return;
    };
    let b = a.another_instance().await;
    let listener = b
        .state
        .changes
        .spawn_listener(&b.db)
        .expect("listens on PostgreSQL");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let start = "2026-11-30T08:30:00+01:00";
    let desks = free_at(&b, start).await.expect("free before");
    assert!(
        b.get(PRODUCT)
            .await
            .body
            .contains("Elektronische identiteitskaart")
    );
    assert_eq!(b.clock_now(), default_now());

    let booked = a
        .post_json(
            "/api/v1/appointments",
            &json!({"product": "identiteitskaart", "start": start, "name": "Test", "email": "b@lier.test"}),
        )
        .await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.body);
    let product = eid(&a).await;
    a.sign_in_as("admin").await;
    save_eid(
        &a,
        &product,
        &[
            ("name", "Identiteitskaart op B"),
            ("bookable", "on"),
            ("appointment_minutes", "15"),
            ("published", "on"),
        ],
    )
    .await;

    let started = Instant::now();
    loop {
        let free = free_at(&b, start).await;
        let page = b.get(PRODUCT).await.body;
        if free == Some(desks - 1) && page.contains("Identiteitskaart op B") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "instance B still shows {free:?} free and the old name after a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    listener.abort();
    let renamed = product::Entity::find()
        .filter(product::Column::Slug.eq("identiteitskaart"))
        .one(&b.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renamed.name, "Identiteitskaart op B");
}
