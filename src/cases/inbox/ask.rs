//! Ask the resident a question: the report waits (its term paused) until they answer on the
//! tracking page; the question is mailed.

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
    let mut input = Input::new(Action::AskResident.as_str(), &fields, page.lang);
    let question = input.text("question", true);
    let parsed = input.finish(|| Change::AskResident { question });
    submit::apply(
        &state,
        &page,
        &user,
        id,
        Action::AskResident,
        &fields,
        parsed,
    )
    .await
}
