//! Close a decided or inadmissible complaint (internal: the resident already has the answer).

use super::submit;
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
    let parsed = Ok(Change::Close);
    submit::apply(&state, &page, &user, id, Action::Close, &fields, parsed).await
}
