//! A public message to the resident (mailed, shown on the tracking page) or an internal note
//! (never mailed or shown to the resident).

use super::{
    show,
    submit::{self, Input},
};
use crate::{
    auth::current_user::Staff,
    cases::service,
    error::AppResult,
    state::AppState,
    web::{forms::FormFields, page::Page},
};
use axum::{
    extract::{Path, State},
    response::Response,
};

pub async fn public(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    add(&state, &page, &user, id, &fields, "message", true).await
}

pub async fn note(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    add(&state, &page, &user, id, &fields, "note", false).await
}

async fn add(
    state: &AppState,
    page: &Page,
    user: &crate::auth::current_user::CurrentUser,
    id: i32,
    fields: &FormFields,
    form_name: &'static str,
    public: bool,
) -> AppResult<Response> {
    let mut input = Input::new(form_name, fields, page.lang);
    let text = input.text("text", true);
    let errors = if input.errors.is_empty() {
        match service::add_message(state, id, &submit::by(user), &text, public).await {
            Ok(_) => return Ok(submit::saved(id)),
            Err(error) => submit::refused(page.lang, form_name, error)?,
        }
    } else {
        input.errors
    };
    show::render_failed(state, page, user, id, form_name, fields, errors).await
}
