use super::service::{self, PlanTree};
use crate::{error::AppResult, state::AppState};
use axum::{Json, extract::State};

/// The multi-year plans as trees: objective > action plan > action.
#[utoipa::path(get, path = "/api/v1/policy", tag = "policy",
    responses((status = 200, body = Vec<PlanTree>)))]
pub async fn policy_tree(State(state): State<AppState>) -> AppResult<Json<Vec<PlanTree>>> {
    Ok(Json(service::tree(&state.db).await?))
}
