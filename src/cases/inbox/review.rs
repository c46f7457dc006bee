//! Start the admissibility review of a complaint (internal: no mail).

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
    let parsed = Ok(Change::StartReview);
    submit::apply(
        &state,
        &page,
        &user,
        id,
        Action::StartReview,
        &fields,
        parsed,
    )
    .await
}
