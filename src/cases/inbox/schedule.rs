//! Schedule the work on a report for a date (today or later); the resident is told when.

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
    let mut input = Input::new(Action::Schedule.as_str(), &fields, page.lang);
    let on = input.date("on");
    if on.is_some_and(|on| on < state.clock.today()) {
        input.fail("on", "inbox-error-date-past");
    }
    let message = input.text("message", false);
    let parsed = input.finish(|| Change::Schedule {
        on: on.unwrap_or_default(),
        message,
    });
    submit::apply(&state, &page, &user, id, Action::Schedule, &fields, parsed).await
}
