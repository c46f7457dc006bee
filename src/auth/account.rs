//! `/mijn-account/tweestapsverificatie`: a staff member turns their second factor on or off.
//! Turning it on shows a new secret as a QR code and as text; it is kept only once the user
//! typed a code from their app, so no one locks themselves out with a half-done setup.

use super::{current_user::Staff, login::session_error, second_factor};
use crate::{
    entities::staff_user,
    error::{AppError, AppResult},
    mail::qr,
    state::AppState,
    web::{forms::Saved, page::Page},
};
use axum::{
    Form,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Deserialize;
use tera::Context;
use tower_sessions::Session;

pub const SECOND_FACTOR_PATH: &str = "/mijn-account/tweestapsverificatie";
/// The secret being set up, until the first code confirms it.
const ENROLMENT_KEY: &str = "totp_enrolment";

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn second_factor(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("enabled", &user.second_factor);
    context.insert("required", &state.config.admin_totp_required);
    context.insert("enrolling", &false);
    context.insert("problem", "");
    context.insert("saved", &saved.shown());
    page.render("auth/second_factor.html", context)
}

pub async fn start_enrolment(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    session: Session,
) -> AppResult<Response> {
    if user.second_factor {
        return Ok(Redirect::to(SECOND_FACTOR_PATH).into_response());
    }
    let secret = second_factor::new_secret();
    session
        .insert(ENROLMENT_KEY, &secret)
        .await
        .map_err(session_error)?;
    page.render(
        "auth/second_factor.html",
        enrolment_context(&state, &page, &user.email, &secret, ""),
    )
}

pub async fn confirm_enrolment(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    session: Session,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let Some(secret) = session
        .get::<String>(ENROLMENT_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(Redirect::to(SECOND_FACTOR_PATH).into_response());
    };
    let Some(step) = second_factor::verify(&secret, &form.code, state.clock.now(), 0) else {
        let context = enrolment_context(&state, &page, &user.email, &secret, "failed");
        return page.render_invalid("auth/second_factor.html", context);
    };
    let mut row: staff_user::ActiveModel = find(&state, user.id).await?.into();
    row.totp_secret = Set(Some(secret));
    row.totp_last_step = Set(step);
    row.update(&state.db).await?;
    session
        .remove::<String>(ENROLMENT_KEY)
        .await
        .map_err(session_error)?;
    Ok(Redirect::to(&format!("{SECOND_FACTOR_PATH}?opgeslagen=1")).into_response())
}

/// Turning it off takes a current code, so a forgotten open session is not enough.
pub async fn turn_off(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let stored = find(&state, user.id).await?;
    let Some(secret) = stored.totp_secret.clone() else {
        return Ok(Redirect::to(SECOND_FACTOR_PATH).into_response());
    };
    if second_factor::verify(
        &secret,
        &form.code,
        state.clock.now(),
        stored.totp_last_step,
    )
    .is_none()
    {
        let mut context = Context::new();
        context.insert("enabled", &true);
        context.insert("required", &state.config.admin_totp_required);
        context.insert("enrolling", &false);
        context.insert("problem", "failed");
        context.insert("saved", &false);
        return page.render_invalid("auth/second_factor.html", context);
    }
    let mut row: staff_user::ActiveModel = stored.into();
    row.totp_secret = Set(None);
    row.update(&state.db).await?;
    Ok(Redirect::to(&format!("{SECOND_FACTOR_PATH}?opgeslagen=1")).into_response())
}

fn enrolment_context(
    state: &AppState,
    page: &Page,
    email: &str,
    secret: &str,
    problem: &str,
) -> Context {
    let issuer = state
        .municipality()
        .map(|m| m.name)
        .unwrap_or_else(|| "Loket".to_owned());
    let uri = second_factor::enrolment_uri(secret, &issuer, email);
    let mut context = Context::new();
    context.insert("enabled", &false);
    context.insert("required", &state.config.admin_totp_required);
    context.insert("enrolling", &true);
    context.insert("secret", secret);
    context.insert("qr", &qr::svg(&uri, &page.lang.text("second-factor-qr")));
    context.insert("problem", problem);
    context.insert("saved", &false);
    context
}

async fn find(state: &AppState, id: i32) -> AppResult<staff_user::Model> {
    staff_user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}
