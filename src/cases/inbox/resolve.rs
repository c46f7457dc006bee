//! Resolve a report: the closing text is required, and mailed with the satisfaction question.

use super::submit::{self, Input};
use crate::{
    auth::current_user::Staff,
    cases::service::Change,
    domain::cases::Action,
    error::AppResult,
    state::AppState,
    web::{forms::FormFields, page::Page},
};
use axum::{
    extract::{Path, State},
    response::Response,
};

pub async fn post(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let mut input = Input::new(Action::Resolve.as_str(), &fields, page.lang);
    let closing_text = input.text("closing_text", true);
    let parsed = input.finish(|| Change::Resolve { closing_text });
    submit::apply(&state, &page, &user, id, Action::Resolve, &fields, parsed).await
}
