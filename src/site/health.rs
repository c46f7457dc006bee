use crate::{db, state::AppState};
use axum::{Json, extract::State, http::StatusCode};
use serde_json::{Value, json};

/// 200 "ok" without touching the database: the process answers (liveness). The benchmark
/// measures it as the ceiling of what the server can do on the machine.
pub async fn live() -> &'static str {
    "ok"
}

/// 200 when the database answers, 503 when it does not.
pub async fn check(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if db::ping(&state.db).await {
        (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "ok"})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": "unreachable"})),
        )
    }
}
