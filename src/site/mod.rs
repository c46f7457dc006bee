//! Site-wide pages: home, health, language switch, the OpenAPI document.

mod health;
pub mod home;
mod language;
pub mod openapi;
mod privacy;

use crate::state::AppState;
use axum::{Router, routing::get};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/health", get(health::check))
        .route("/health/live", get(health::live))
        .route("/taal/{code}", get(language::switch))
        .route("/privacy", get(privacy::page))
        .route("/api/v1/openapi.json", get(openapi::document))
}
