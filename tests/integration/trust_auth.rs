//! Staff sign-in hardening: throttling, the second factor, and the absolute session limit.

use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use chrono::Duration;
use loket::{auth::second_factor, entities::staff_user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

on_both_databases!(
    five_wrong_passwords_lock_the_account_for_fifteen_minutes,
    a_second_factor_is_set_up_with_a_code_and_then_asked_at_sign_in,
    a_session_ends_at_the_absolute_limit_even_when_active,
    administrators_must_set_up_a_second_factor_when_required,
);

const PASSWORD: &str = "een-lang-wachtwoord-123";

async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes(app: TestApp) {
    app.create_user("an@lier.be", "handler", PASSWORD).await;
    for _ in 0..5 {
        let wrong = app
            .post_form(
                "/aanmelden",
                &[("email", "An@Lier.be"), ("password", "fout")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Now even the right password is refused, with a message that says to wait.
    let locked = app
        .post_form(
            "/aanmelden",
            &[("email", "an@lier.be"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        locked.body.contains("Te veel mislukte pogingen"),
        "{}",
        locked.body
    );
    assert!(locked.body.contains("value=\"an@lier.be\""));
    // Another account is not affected.
    app.create_user("bert@lier.be", "handler", PASSWORD).await;
    let other = app
        .post_form(
            "/aanmelden",
            &[("email", "bert@lier.be"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
    // After the window the right password works again.
    app.clock.set(app.clock_now() + Duration::minutes(16));
    let again = app
        .post_form(
            "/aanmelden",
            &[("email", "an@lier.be"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

async fn a_second_factor_is_set_up_with_a_code_and_then_asked_at_sign_in(app: TestApp) {
    app.create_user("an@lier.be", "handler", PASSWORD).await;
    let signed_in = app
        .post_form(
            "/aanmelden",
            &[("email", "an@lier.be"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let page = app.get("/mijn-account/tweestapsverificatie").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Tweestapsverificatie staat uit."));
    let enrol = app
        .post_form("/mijn-account/tweestapsverificatie/nieuw", &[])
        .await;
    assert_eq!(enrol.status, StatusCode::OK);
    assert!(enrol.body.contains("<svg"), "a QR code is shown");
    let secret = enrol
        .body
        .split("<code>")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .expect("the secret as text")
        .to_owned();
    // A wrong code keeps the setup open and changes nothing.
    let wrong = app
        .post_form(
            "/mijn-account/tweestapsverificatie/bevestigen",
            &[("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains(&secret));
    let user = find(&app, "an@lier.be").await;
    assert_eq!(user.totp_secret, None);
    let code = second_factor::code_at(&secret, app.clock_now()).unwrap();
    let confirmed = app
        .post_form(
            "/mijn-account/tweestapsverificatie/bevestigen",
            &[("code", &code)],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        find(&app, "an@lier.be").await.totp_secret.as_deref(),
        Some(secret.as_str())
    );

    app.post_form("/afmelden", &[]).await;
    // The password alone now leads to the code page, not into the app.
    app.clock.set(app.clock_now() + Duration::minutes(1));
    let first = app
        .post_form(
            "/aanmelden",
            &[
                ("email", "an@lier.be"),
                ("password", PASSWORD),
                ("terug", "/balie"),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert!(
        first.location().starts_with("/aanmelden/code"),
        "{}",
        first.location()
    );
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let wrong = app
        .post_form(
            "/aanmelden/code",
            &[("code", "000000"), ("terug", "/balie")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Die code klopt niet"));
    let code = second_factor::code_at(&secret, app.clock_now()).unwrap();
    let second = app
        .post_form("/aanmelden/code", &[("code", &code), ("terug", "/balie")])
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(second.location(), "/balie");
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::OK);

    // The same code does not work twice.
    app.post_form("/afmelden", &[]).await;
    app.post_form(
        "/aanmelden",
        &[("email", "an@lier.be"), ("password", PASSWORD)],
    )
    .await;
    let replay = app.post_form("/aanmelden/code", &[("code", &code)]).await;
    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_session_ends_at_the_absolute_limit_even_when_active(app: TestApp) {
    app.sign_in_as("handler").await;
    let hours = i64::from(app.state.config.session_max_hours);
    // Active every hour: the idle limit never triggers.
    for _ in 0..hours {
        app.clock.set(app.clock_now() + Duration::hours(1));
        assert_eq!(app.get("/api/v1/me").await.status, StatusCode::OK);
    }
    app.clock.set(app.clock_now() + Duration::minutes(1));
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let page = app.get("/balie").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/aanmelden"));
}

async fn administrators_must_set_up_a_second_factor_when_required(app: TestApp) {
    let app = app.reconfigured(|c| c.admin_totp_required = true).await;
    app.sign_in_as("admin").await;
    let admin_page = app.get("/beheer").await;
    assert_eq!(admin_page.status, StatusCode::SEE_OTHER);
    assert_eq!(admin_page.location(), "/mijn-account/tweestapsverificatie");
    let page = app.get("/mijn-account/tweestapsverificatie").await;
    assert!(page.body.contains("De gemeente vraagt dat beheerders"));
    // Once set up, the admin area opens.
    let user = find(&app, "admin@lier.test").await;
    let secret = second_factor::new_secret();
    let mut row: staff_user::ActiveModel = user.into();
    row.totp_secret = Set(Some(secret));
    row.update(&app.db).await.unwrap();
    assert_eq!(app.get("/beheer").await.status, StatusCode::OK);
}

async fn find(app: &TestApp, email: &str) -> staff_user::Model {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}
