//! `/aanmelden` and `/afmelden`.

use super::{current_user::SESSION_USER_KEY, users};
use crate::{
    domain::role::Role,
    error::{AppError, AppResult},
    state::AppState,
    web::page::{Page, safe_return_path},
};
use axum::{
    Form,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use tera::Context;
use tower_sessions::Session;

#[derive(Deserialize, Default)]
pub struct ReturnTo {
    terug: Option<String>,
}

pub async fn form(page: Page, Query(query): Query<ReturnTo>) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("email", "");
    context.insert("terug", &safe_return_path(query.terug.as_deref()));
    context.insert("failed", &false);
    page.render("auth/login.html", context)
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
    Form(form): Form<Credentials>,
) -> AppResult<Response> {
    let terug = safe_return_path(form.terug.as_deref());
    let Some(user) = users::authenticate(&state.db, &form.email, &form.password).await? else {
        let mut context = Context::new();
        context.insert("email", &form.email);
        context.insert("terug", &terug);
        context.insert("failed", &true);
        return page.render_invalid("auth/login.html", context);
    };
    // A new session id at sign-in, so an id planted before it is worth nothing after.
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(SESSION_USER_KEY, user.id)
        .await
        .map_err(session_error)?;
    let landing = if terug != "/" {
        terug
    } else if user.role.parse::<Role>().is_ok_and(|r| r == Role::Admin) {
        "/beheer".to_owned()
    } else {
        "/".to_owned()
    };
    Ok(Redirect::to(&landing).into_response())
}

pub async fn sign_out(session: Session) -> AppResult<Response> {
    session.flush().await.map_err(session_error)?;
    Ok(Redirect::to("/").into_response())
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session: {e}"))
}
