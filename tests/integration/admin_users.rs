//! `/beheer/gebruikers`: staff users and their API tokens, managed by an administrator.

use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use loket::{
    auth::second_factor,
    entities::{api_token, audit_log, staff_user},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

on_both_databases!(
    a_new_user_can_sign_in,
    a_short_password_is_refused_and_the_email_kept,
    a_second_user_with_the_same_email_is_refused,
    an_admin_cannot_switch_off_or_demote_themselves,
    a_token_is_shown_once_works_and_can_be_revoked,
    only_admins_reach_the_user_pages,
    an_admin_turns_off_a_colleagues_lost_second_factor,
);

async fn user(app: &TestApp, email: &str) -> staff_user::Model {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no user {email}"))
}

async fn a_new_user_can_sign_in(app: TestApp) {
    app.sign_in_as("admin").await;
    let form = app.get("/beheer/gebruikers/nieuw").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"<label for="password">"#));
    assert!(
        form.body
            .contains(r#"<option value="handler">Behandelaar</option>"#)
    );
    let response = app
        .post_form(
            "/beheer/gebruikers/nieuw",
            &[
                ("email", " Nieuw.Lid@Lier.be "),
                ("display_name", "Nieuw Lid"),
                ("role", "handler"),
                ("password", "een-goed-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), "/beheer/gebruikers?opgeslagen=1");
    let list = app.get(response.location()).await;
    assert!(list.body.contains("nieuw.lid@lier.be"));
    assert!(list.body.contains("Nieuw Lid"));
    let created = user(&app, "nieuw.lid@lier.be").await;
    assert_eq!(created.role, "handler");
    assert!(created.active);
    assert!(!list.body.contains(&created.password_hash));

    let signed_in = app
        .post_form(
            "/aanmelden",
            &[
                ("email", "nieuw.lid@lier.be"),
                ("password", "een-goed-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    // A handler is not an administrator.
    assert_eq!(
        app.get("/beheer/gebruikers").await.status,
        StatusCode::FORBIDDEN
    );
}

async fn a_short_password_is_refused_and_the_email_kept(app: TestApp) {
    app.sign_in_as("admin").await;
    let response = app
        .post_form(
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "kort@lier.be"),
                ("display_name", "Kort"),
                ("role", "manager"),
                ("password", "te-kort"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &response.body;
    assert!(body.contains(r#"value="kort@lier.be""#));
    assert!(body.contains(r#"<option value="manager" selected>"#));
    assert!(body.contains(r#"<p class="field-error" id="password-error">Het wachtwoord is te kort: gebruik minstens 12 tekens.</p>"#));
    assert!(
        body.contains(r#"aria-describedby="password-hint password-error" aria-invalid="true""#)
    );
    assert!(!body.contains("te-kort"), "the password is never sent back");
    let invalid_email = app
        .post_form(
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "geen-adres"),
                ("role", "manager"),
                ("password", "een-goed-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(invalid_email.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid_email.body.contains(r#"id="email-error""#));
    assert!(invalid_email.body.contains(r#"value="geen-adres""#));
    assert!(
        staff_user::Entity::find()
            .filter(staff_user::Column::Email.eq("kort@lier.be"))
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_second_user_with_the_same_email_is_refused(app: TestApp) {
    app.sign_in_as("admin").await;
    app.create_user("dubbel@lier.be", "handler", "een-goed-wachtwoord")
        .await;
    let response = app
        .post_form(
            "/beheer/gebruikers/nieuw",
            &[
                ("email", "Dubbel@lier.be"),
                ("display_name", "Dubbel"),
                ("role", "frontoffice"),
                ("password", "nog-een-goed-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains(r#"<p class="field-error" id="email-error">Er bestaat al een gebruiker met dit e-mailadres</p>"#));
    assert!(response.body.contains(r#"value="Dubbel@lier.be""#));
    assert!(response.body.contains(r#"value="Dubbel""#));
    let rows = staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq("dubbel@lier.be"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].role, "handler");
}

async fn an_admin_cannot_switch_off_or_demote_themselves(app: TestApp) {
    let email = app.sign_in_as("admin").await;
    let me = user(&app, &email).await;
    let path = format!("/beheer/gebruikers/{}", me.id);
    let off = app
        .post_form(&path, &[("display_name", "Ik"), ("role", "admin")])
        .await;
    assert_eq!(off.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(off.body.contains(
        r#"<p class="field-error" id="active-error">Je kan je eigen account niet uitschakelen.</p>"#
    ));
    assert!(
        off.body
            .contains(r#"aria-invalid="true" aria-describedby="active-error""#)
    );
    assert!(off.body.contains(r#"value="Ik""#));
    let demoted = app
        .post_form(
            &path,
            &[
                ("display_name", "Ik"),
                ("role", "manager"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(demoted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(demoted.body.contains(r#"id="role-error""#));
    let unchanged = user(&app, &email).await;
    assert!(unchanged.active);
    assert_eq!(unchanged.role, "admin");
    assert_eq!(app.get("/beheer").await.status, StatusCode::OK);

    // Renaming oneself is fine, and another user can be switched off and demoted.
    let renamed = app
        .post_form(
            &path,
            &[
                ("display_name", "Beheerder Ik"),
                ("role", "admin"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, &email).await.display_name, "Beheerder Ik");
    app.create_user("collega@lier.be", "admin", "een-goed-wachtwoord")
        .await;
    let other = user(&app, "collega@lier.be").await;
    let response = app
        .post_form(
            &format!("/beheer/gebruikers/{}", other.id),
            &[("display_name", "Collega"), ("role", "handler")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let other = user(&app, "collega@lier.be").await;
    assert!(!other.active);
    assert_eq!(other.role, "handler");
    let refused = app
        .post_form(
            "/aanmelden",
            &[
                ("email", "collega@lier.be"),
                ("password", "een-goed-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_token_is_shown_once_works_and_can_be_revoked(app: TestApp) {
    app.sign_in_as("admin").await;
    app.create_user("koppeling@lier.be", "manager", "een-goed-wachtwoord")
        .await;
    let owner = user(&app, "koppeling@lier.be").await;
    let path = format!("/beheer/gebruikers/{}", owner.id);

    let empty = app
        .post_form(&format!("{path}/sleutels"), &[("label", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Geef de sleutel een naam."));

    let issued = app
        .post_form(&format!("{path}/sleutels"), &[("label", "Dashboard")])
        .await;
    assert_eq!(issued.status, StatusCode::OK);
    assert_eq!(issued.header("cache-control"), "no-store");
    assert!(issued.body.contains("We tonen hem niet meer."));
    let start = issued
        .body
        .find(r#"value="loket_"#)
        .expect("token on the page")
        + r#"value=""#.len();
    let token: String = issued.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert_eq!(token.len(), "loket_".len() + 64);

    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Dashboard"));
    assert!(!page.body.contains(&token), "the token is shown only once");

    let bearer = format!("Bearer {token}");
    let me = app
        .get_with("/api/v1/me", &[("authorization", &bearer)])
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["email"], "koppeling@lier.be");
    assert_eq!(me.json()["role"], "manager");

    let stored = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(owner.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.last_used_at.is_some());
    // A token of another user cannot be revoked through this user.
    let email = "admin@lier.test";
    let admin = user(&app, email).await;
    let foreign = app
        .post_form(
            &format!(
                "/beheer/gebruikers/{}/sleutels/{}/intrekken",
                admin.id, stored.id
            ),
            &[],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    let revoke_path = format!("{path}/sleutels/{}/intrekken", stored.id);
    let page = app.get(&path).await;
    assert!(page.body.contains(&format!(r#"action="{revoke_path}""#)));
    let revoked = app.post_form(&revoke_path, &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(revoked.location(), format!("{path}?opgeslagen=1"));
    let after = app
        .get_with("/api/v1/me", &[("authorization", &bearer)])
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let page = app.get(&path).await;
    assert!(!page.body.contains(&format!(r#"action="{revoke_path}""#)));
}

async fn only_admins_reach_the_user_pages(app: TestApp) {
    app.create_user("iemand@lier.be", "handler", "een-goed-wachtwoord")
        .await;
    let someone = user(&app, "iemand@lier.be").await;
    let gets = [
        "/beheer/gebruikers".to_owned(),
        "/beheer/gebruikers/nieuw".to_owned(),
        format!("/beheer/gebruikers/{}", someone.id),
    ];
    let posts = [
        "/beheer/gebruikers/nieuw".to_owned(),
        format!("/beheer/gebruikers/{}", someone.id),
        format!("/beheer/gebruikers/{}/sleutels", someone.id),
        format!("/beheer/gebruikers/{}/sleutels/1/intrekken", someone.id),
    ];
    let fields = [
        ("email", "indringer@lier.be"),
        ("role", "admin"),
        ("active", "on"),
        ("display_name", "Indringer"),
        ("password", "een-goed-wachtwoord"),
        ("label", "stiekem"),
    ];
    for path in &gets {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            response.location().starts_with("/aanmelden?terug="),
            "{path}"
        );
    }
    for path in &posts {
        let response = app.post_form(path, &fields).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{path}");
        assert!(response.location().starts_with("/aanmelden"), "{path}");
    }
    app.sign_in_as("manager").await;
    for path in &gets {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in &posts {
        assert_eq!(
            app.post_form(path, &fields).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert!(
        staff_user::Entity::find()
            .filter(staff_user::Column::Email.eq("indringer@lier.be"))
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(user(&app, "iemand@lier.be").await.role, "handler");
    assert!(
        api_token::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
}

async fn an_admin_turns_off_a_colleagues_lost_second_factor(app: TestApp) {
    let password = "een-lang-wachtwoord-123";
    app.create_user("kwijt@lier.test", "admin", password).await;
    let colleague = user(&app, "kwijt@lier.test").await;
    let mut row: staff_user::ActiveModel = colleague.clone().into();
    row.totp_secret = Set(Some(second_factor::new_secret()));
    row.update(&app.db).await.unwrap();
    let path = format!(
        "/beheer/gebruikers/{}/tweestapsverificatie/uitzetten",
        colleague.id
    );

    // Lower roles cannot.
    app.sign_in_as("manager").await;
    assert_eq!(
        app.post_form(&path, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(user(&app, "kwijt@lier.test").await.totp_secret.is_some());

    let admin_email = app.sign_in_as("admin").await;
    let page = app
        .get(&format!("/beheer/gebruikers/{}", colleague.id))
        .await;
    assert!(
        page.body
            .contains("Deze gebruiker meldt aan met een code uit een app.")
    );
    assert!(page.body.contains(&format!("action=\"{path}\"")));
    let reset = app.post_form(&path, &[]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reset.location(),
        format!("/beheer/gebruikers/{}?opgeslagen=1", colleague.id)
    );
    assert_eq!(user(&app, "kwijt@lier.test").await.totp_secret, None);
    let page = app
        .get(&format!("/beheer/gebruikers/{}", colleague.id))
        .await;
    assert!(
        page.body
            .contains("Deze gebruiker meldt aan zonder code uit een app.")
    );
    assert!(!page.body.contains(&path));
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("second_factor_reset"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].subject, format!("staff_user {}", colleague.id));
    assert_eq!(entries[0].actor, admin_email);
    // Nothing left to turn off: no second entry.
    app.post_form(&path, &[]).await;
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("second_factor_reset"))
            .all(&app.db)
            .await
            .unwrap()
            .len(),
        1
    );

    // The colleague signs in with the password alone again.
    app.post_form("/afmelden", &[]).await;
    let signed_in = app
        .post_form(
            "/aanmelden",
            &[("email", "kwijt@lier.test"), ("password", password)],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert!(!signed_in.location().starts_with("/aanmelden/code"));
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::OK);

    // One's own second factor is turned off on one's own page, with a current code.
    let mut row: staff_user::ActiveModel = user(&app, "kwijt@lier.test").await.into();
    row.totp_secret = Set(Some(second_factor::new_secret()));
    row.update(&app.db).await.unwrap();
    let own = app.post_form(&path, &[]).await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    assert_eq!(own.location(), "/mijn-account/tweestapsverificatie");
    assert!(user(&app, "kwijt@lier.test").await.totp_secret.is_some());
}
