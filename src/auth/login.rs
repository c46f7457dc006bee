//! `/aanmelden`, `/aanmelden/code` (the second factor) and `/afmelden`.

use super::{
    current_user::{PENDING_USER_KEY, SESSION_USER_KEY, SIGNED_IN_AT_KEY},
    second_factor, throttle, users,
};
use crate::{
    domain::role::Role,
    entities::staff_user,
    error::{AppError, AppResult},
    state::AppState,
    web::{
        client::ClientAddress,
        page::{Page, safe_return_path},
    },
};
use axum::{
    Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Deserialize;
use tera::Context;
use tower_sessions::Session;

/// How long a correct password waits for its second factor.
const PENDING_MINUTES: i64 = 5;

#[derive(Deserialize, Default)]
pub struct ReturnTo {
    terug: Option<String>,
}

fn login_context(email: &str, terug: &str, problem: &str) -> Context {
    let mut context = Context::new();
    context.insert("email", email);
    context.insert("terug", terug);
    // "" | "failed" | "throttled"
    context.insert("problem", problem);
    context
}

pub async fn form(page: Page, Query(query): Query<ReturnTo>) -> AppResult<Response> {
    let terug = safe_return_path(query.terug.as_deref());
    page.render("auth/login.html", login_context("", &terug, ""))
}

#[derive(Deserialize)]
pub struct Credentials {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    terug: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientAddress(address): ClientAddress,
    Form(form): Form<Credentials>,
) -> AppResult<Response> {
    let terug = safe_return_path(form.terug.as_deref());
    let now = state.clock.now();
    let account = throttle::normalise(&form.email);
    if throttle::refused(&state.db, &account, &address, now).await? {
        let context = login_context(&form.email, &terug, "throttled");
        return page.render_with_status(StatusCode::TOO_MANY_REQUESTS, "auth/login.html", context);
    }
    let user = users::authenticate(&state.db, &form.email, &form.password).await?;
    let Some(user) = user else {
        throttle::record(&state.db, &account, &address, false, now).await?;
        let context = login_context(&form.email, &terug, "failed");
        return page.render_invalid("auth/login.html", context);
    };
    if user.totp_secret.is_some() {
        // The password alone signs no one in: the session only remembers who is halfway.
        session.cycle_id().await.map_err(session_error)?;
        session
            .insert(PENDING_USER_KEY, (user.id, now.timestamp()))
            .await
            .map_err(session_error)?;
        let target = format!("/aanmelden/code?terug={}", crate::web::url_encode(&terug));
        return Ok(Redirect::to(&target).into_response());
    }
    throttle::record(&state.db, &account, &address, true, now).await?;
    sign_in(&session, &user, now).await?;
    Ok(Redirect::to(&landing(&user, terug)).into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    terug: Option<String>,
}

pub async fn code_form(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Query(query): Query<ReturnTo>,
) -> AppResult<Response> {
    if pending_user(&state, &session).await?.is_none() {
        return Ok(Redirect::to("/aanmelden").into_response());
    }
    let mut context = Context::new();
    context.insert("terug", &safe_return_path(query.terug.as_deref()));
    context.insert("problem", "");
    page.render("auth/code.html", context)
}

pub async fn code_submit(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientAddress(address): ClientAddress,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let terug = safe_return_path(form.terug.as_deref());
    let Some(user) = pending_user(&state, &session).await? else {
        return Ok(Redirect::to("/aanmelden").into_response());
    };
    let now = state.clock.now();
    let account = throttle::normalise(&user.email);
    let mut context = Context::new();
    context.insert("terug", &terug);
    if throttle::refused(&state.db, &account, &address, now).await? {
        context.insert("problem", "throttled");
        return page.render_with_status(StatusCode::TOO_MANY_REQUESTS, "auth/code.html", context);
    }
    let step = user
        .totp_secret
        .as_deref()
        .and_then(|secret| second_factor::verify(secret, &form.code, now, user.totp_last_step));
    let Some(step) = step else {
        throttle::record(&state.db, &account, &address, false, now).await?;
        context.insert("problem", "failed");
        return page.render_invalid("auth/code.html", context);
    };
    let mut row: staff_user::ActiveModel = user.clone().into();
    row.totp_last_step = Set(step);
    let user = row.update(&state.db).await?;
    throttle::record(&state.db, &account, &address, true, now).await?;
    sign_in(&session, &user, now).await?;
    Ok(Redirect::to(&landing(&user, terug)).into_response())
}

pub async fn sign_out(session: Session) -> AppResult<Response> {
    session.flush().await.map_err(session_error)?;
    Ok(Redirect::to("/").into_response())
}

async fn sign_in(session: &Session, user: &staff_user::Model, now: DateTime<Utc>) -> AppResult<()> {
    // A new session id at sign-in, so an id planted before it is worth nothing after.
    session.cycle_id().await.map_err(session_error)?;
    session
        .remove::<(i32, i64)>(PENDING_USER_KEY)
        .await
        .map_err(session_error)?;
    session
        .insert(SESSION_USER_KEY, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT_KEY, now.timestamp())
        .await
        .map_err(session_error)?;
    Ok(())
}

/// The user whose password was right a few minutes ago and who still owes the code.
async fn pending_user(state: &AppState, session: &Session) -> AppResult<Option<staff_user::Model>> {
    let Some((id, since)) = session
        .get::<(i32, i64)>(PENDING_USER_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    if state.clock.now().timestamp() - since > PENDING_MINUTES * 60 {
        return Ok(None);
    }
    Ok(staff_user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|u| u.active))
}

fn landing(user: &staff_user::Model, terug: String) -> String {
    if terug != "/" {
        terug
    } else if user.role.parse::<Role>().is_ok_and(|r| r == Role::Admin) {
        "/beheer".to_owned()
    } else {
        "/".to_owned()
    }
}

pub fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session: {e}"))
}
