//! Declare a complaint admissible: the resident is mailed the answer deadline.

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
    let mut input = Input::new(Action::Admit.as_str(), &fields, page.lang);
    let message = input.text("message", false);
    let parsed = input.finish(|| Change::Admit { message });
    submit::apply(&state, &page, &user, id, Action::Admit, &fields, parsed).await
}
