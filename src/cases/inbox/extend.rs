//! Extend the answer term of a complaint once, before day 45, with a motivation that is mailed.

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
    let mut input = Input::new(Action::Extend.as_str(), &fields, page.lang);
    let to = input.date("to");
    let motivation = input.text("motivation", true);
    let parsed = input.finish(|| Change::Extend {
        to: to.unwrap_or_default(),
        motivation,
    });
    submit::apply(&state, &page, &user, id, Action::Extend, &fields, parsed).await
}
