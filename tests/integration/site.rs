use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;

on_both_databases!(
    health_reports_the_database,
    liveness_answers_without_the_database,
    home_shows_the_municipality_search_popular_products_and_hours,
    opening_hours_follow_the_clock_holidays_and_closing_days,
    unknown_pages_answer_404_as_a_page_or_a_problem,
    every_response_carries_the_security_headers,
    the_language_switch_turns_the_interface_english,
    a_cross_site_post_is_refused,
);

async fn health_reports_the_database(app: TestApp) {
    let response = app.get("/health").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.json(),
        serde_json::json!({"status": "ok", "database": "ok"})
    );
    app.db.clone().close().await.unwrap();
    let response = app.get("/health").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.json()["database"], "unreachable");
}

async fn liveness_answers_without_the_database(app: TestApp) {
    let response = app.get("/health/live").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, "ok");
    // With the pool closed the process still answers: the route does not touch the database.
    app.db.clone().close().await.unwrap();
    let response = app.get("/health/live").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, "ok");
}

async fn home_shows_the_municipality_search_popular_products_and_hours(app: TestApp) {
    let response = app.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    assert!(body.contains("<html lang=\"nl\">"));
    assert!(body.contains("Welkom bij Stad Lier"), "{body}");
    assert!(body.contains("role=\"search\"") && body.contains("name=\"q\""));
    // The most asked-for product of the seed catalogue is on the home page.
    assert!(body.contains("href=\"/producten/identiteitskaart\""));
    // Monday 10:00: Burgerzaken is open, with today's periods listed.
    assert!(body.contains("Burgerzaken"));
    assert!(body.contains("Openingsuren vandaag"));
    assert!(body.contains("class=\"badge open\""));
}

async fn unknown_pages_answer_404_as_a_page_or_a_problem(app: TestApp) {
    let page = app.get("/bestaat-niet").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.body.contains("Deze pagina bestaat niet"));

    let problem = app.get("/api/v1/products/bestaat-niet").await;
    assert_eq!(problem.status, StatusCode::NOT_FOUND);
    assert_eq!(problem.header("content-type"), "application/problem+json");
    assert_eq!(problem.json()["status"], 404);
    assert_eq!(problem.json()["title"], "Niet gevonden");
}

async fn every_response_carries_the_security_headers(app: TestApp) {
    for path in ["/", "/producten", "/api/v1/products", "/bestaat-niet"] {
        let response = app.get(path).await;
        let csp = response.header("content-security-policy");
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(response.header("x-content-type-options"), "nosniff");
        assert_eq!(response.header("referrer-policy"), "same-origin");
        // Served over http here: no HSTS, which would lock browsers out of plain http.
        assert!(response.headers.get("strict-transport-security").is_none());
    }
    let https = app
        .reconfigured(|c| c.base_url = "https://loket.lier.be".to_owned())
        .await;
    let response = https.get("/").await;
    assert_eq!(
        response.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
}

async fn the_language_switch_turns_the_interface_english(app: TestApp) {
    let switch = app.get("/taal/en?terug=/producten").await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    assert_eq!(switch.location(), "/producten");
    assert!(switch.header("set-cookie").contains("SameSite=Lax"));
    let page = app.get("/producten").await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("Products and services"));
    assert!(page.body.contains("hreflang=\"nl\""));
    // Returning to another site is not possible.
    let away = app.get("/taal/nl?terug=//evil.example").await;
    assert_eq!(away.location(), "/");
    assert!(app.get("/").await.body.contains("<html lang=\"nl\">"));
}

async fn a_cross_site_post_is_refused(app: TestApp) {
    let fields = [("email", "x@lier.be"), ("password", "whatever")];
    let cross = app
        .post_form_with("/aanmelden", &fields, &[("sec-fetch-site", "cross-site")])
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let other_origin = app
        .post_form_with("/aanmelden", &fields, &[("origin", "https://evil.example")])
        .await;
    assert_eq!(other_origin.status, StatusCode::FORBIDDEN);
    let same = app.post_form("/aanmelden", &fields).await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn opening_hours_follow_the_clock_holidays_and_closing_days(app: TestApp) {
    // Sunday 22 November 2026, noon: every service is closed today.
    app.clock.set("2026-11-22T11:00:00Z".parse().unwrap());
    let sunday = app.get("/").await.body;
    assert!(!sunday.contains("class=\"badge open\""));
    assert!(sunday.contains("Vandaag gesloten"));
    // Easter Monday 2027 (29 March) is a public holiday, computed, and says so.
    app.clock.set("2027-03-29T09:00:00Z".parse().unwrap());
    let easter = app.get("/").await.body;
    assert!(easter.contains("Gesloten: Paasmaandag"), "{easter}");
    assert!(!easter.contains("class=\"badge open\""));
}
