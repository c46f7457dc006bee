//! "Take" a report: assign it to yourself in its own department, in one click.

use super::submit;
use crate::{
    auth::current_user::Staff,
    cases::service::Change,
    domain::cases::Action,
    entities::service_case,
    error::{AppError, AppResult},
    state::AppState,
    web::{forms::FormFields, page::Page},
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use sea_orm::EntityTrait;

pub async fn post(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let case = service_case::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let parsed = Ok(Change::Triage {
        department_id: case.department_id,
        assigned_to: Some(user.id),
    });
    submit::apply(&state, &page, &user, id, Action::Triage, &fields, parsed).await
}
