use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;

on_both_databases!(
    a_wrong_password_keeps_the_typed_email_and_says_why,
    an_admin_signs_in_with_a_fresh_session_and_out_again,
    staff_pages_send_anonymous_visitors_to_sign_in,
    other_roles_cannot_open_the_admin_area,
    api_tokens_authenticate_and_can_be_revoked,
);

async fn a_wrong_password_keeps_the_typed_email_and_says_why(app: TestApp) {
    app.create_user("an@lier.be", "admin", "een-lang-wachtwoord-123")
        .await;
    let response = app
        .post_form(
            "/aanmelden",
            &[("email", "an@lier.be"), ("password", "fout")],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("value=\"an@lier.be\""));
    assert!(response.body.contains("role=\"alert\""));
    assert!(
        response
            .body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
    // An unknown address gets the same answer.
    let unknown = app
        .post_form(
            "/aanmelden",
            &[("email", "niemand@lier.be"), ("password", "fout")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .body
            .contains("Het e-mailadres of het wachtwoord klopt niet.")
    );
}

async fn an_admin_signs_in_with_a_fresh_session_and_out_again(app: TestApp) {
    // A session that exists before sign-in (language chosen, say) must not survive it.
    let _ = app.get("/aanmelden").await;
    app.create_user("beheer@lier.be", "admin", "een-lang-wachtwoord-123")
        .await;
    let response = app
        .post_form(
            "/aanmelden",
            &[
                ("email", "Beheer@Lier.be "),
                ("password", "een-lang-wachtwoord-123"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/beheer");
    let cookie = response.header("set-cookie");
    assert!(cookie.starts_with("loket_session="));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let admin = app.get("/beheer").await;
    assert_eq!(admin.status, StatusCode::OK);
    assert!(admin.body.contains("<h1>Beheer</h1>"));

    let out = app.post_form("/afmelden", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/beheer").await.status, StatusCode::SEE_OTHER);
}

async fn staff_pages_send_anonymous_visitors_to_sign_in(app: TestApp) {
    let response = app.get("/beheer").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/aanmelden?terug=%2Fbeheer");
    let form = app.get(response.location()).await;
    assert!(form.body.contains("name=\"terug\" value=\"/beheer\""));
    // After signing in, the visitor lands where they wanted to go.
    app.create_user("terug@lier.be", "admin", "een-lang-wachtwoord-123")
        .await;
    let signed_in = app
        .post_form(
            "/aanmelden",
            &[
                ("email", "terug@lier.be"),
                ("password", "een-lang-wachtwoord-123"),
                ("terug", "/beheer"),
            ],
        )
        .await;
    assert_eq!(signed_in.location(), "/beheer");
}

async fn other_roles_cannot_open_the_admin_area(app: TestApp) {
    app.sign_in_as("manager").await;
    let response = app.get("/beheer").await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("Geen toegang"));
}

async fn api_tokens_authenticate_and_can_be_revoked(app: TestApp) {
    use loket::{
        auth::{tokens, users},
        domain::email::EmailAddress,
        entities::api_token,
    };
    use sea_orm::EntityTrait;
    app.create_user("api@lier.be", "manager", "een-lang-wachtwoord-123")
        .await;
    let user = users::find_by_email(&app.db, &EmailAddress::parse("api@lier.be").unwrap())
        .await
        .unwrap()
        .unwrap();
    let token = tokens::issue(&app.db, &user, "test", crate::support::default_now())
        .await
        .unwrap();
    // Only the hash is stored.
    let stored = api_token::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.token_hash, token);
    assert!(!stored.token_hash.contains(&token[6..20]));

    let bearer = format!("Bearer {token}");
    let ok = app
        .get_with("/api/v1/products", &[("authorization", &bearer)])
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let bad = app
        .get_with(
            "/api/v1/products",
            &[("authorization", "Bearer loket_nope")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.header("content-type"), "application/problem+json");

    let me = app
        .get_with("/api/v1/me", &[("authorization", &bearer)])
        .await
        .json();
    assert_eq!(me["email"], "api@lier.be");
    assert_eq!(me["role"], "manager");
    let anonymous = app.get("/api/v1/me").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.header("www-authenticate"), "Bearer");

    tokens::revoke(&app.db, stored.id, crate::support::default_now())
        .await
        .unwrap();
    let revoked = app
        .get_with("/api/v1/products", &[("authorization", &bearer)])
        .await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    let revoked_me = app
        .get_with("/api/v1/me", &[("authorization", &bearer)])
        .await;
    assert_eq!(revoked_me.status, StatusCode::UNAUTHORIZED);
}
