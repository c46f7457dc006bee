//! Forward a report to another organisation (the water company, the road authority): the
//! resident is told to whom.

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
    let mut input = Input::new(Action::Forward.as_str(), &fields, page.lang);
    let to = input.line("organisation", true);
    let message = input.text("message", false);
    let parsed = input.finish(|| Change::Forward { to, message });
    submit::apply(&state, &page, &user, id, Action::Forward, &fields, parsed).await
}
