//! Reopen a resolved or forwarded report, or a decided complaint, with the reason why.

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
    let mut input = Input::new(Action::Reopen.as_str(), &fields, page.lang);
    let reason = input.text("reason", true);
    let parsed = input.finish(|| Change::Reopen { reason });
    submit::apply(&state, &page, &user, id, Action::Reopen, &fields, parsed).await
}
