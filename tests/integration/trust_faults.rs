//! Faults: the database going away and coming back.

use crate::support::TestApp;
use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use std::time::{Duration, Instant};

/// PostgreSQL stops taking connections for Loket's database (as when it is restarted or
/// unreachable): pages that need it answer 503 within seconds, the catalogue read before goes
/// on from memory, /health says the database is unreachable, and Loket serves again by itself
/// once the database is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_answers_503_fast_and_recovers_by_itself() {
    let Some(app) = TestApp::postgres().await else {
        eprintln!("LOKET_TEST_POSTGRES_URL is not set: PostgreSQL run skipped");
        return;
    };
    let server = std::env::var("LOKET_TEST_POSTGRES_URL").unwrap();
    let admin = Database::connect(&server).await.unwrap();
    let name = app
        .state
        .config
        .database_url
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(app.get("/producten").await.status, StatusCode::OK);
    let times = "/afspraak/identiteitskaart";
    assert_eq!(app.get(times).await.status, StatusCode::OK);

    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false"
        ))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .await
        .unwrap();

    let started = Instant::now();
    let page = app.get(times).await;
    let took = started.elapsed();
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(
        page.body.contains("Tijdelijk niet beschikbaar"),
        "{}",
        page.body
    );
    let catalogue = app.get("/producten").await;
    assert_eq!(catalogue.status, StatusCode::OK, "from memory");
    assert!(catalogue.body.contains("Elektronische identiteitskaart"));
    let health = app.get("/health").await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(health.json()["database"], "unreachable");

    admin
        .execute_unprepared(&format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if app.get(times).await.status == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Loket did not recover within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(app.get("/health").await.status, StatusCode::OK);
}
