//! The multi-year plan (meerjarenplan): `/beleid` and `/api/v1/policy`.

mod api;
mod pages;
pub mod service;

use crate::state::AppState;
use axum::{Router, routing::get};

pub use api::__path_policy_tree;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/beleid", get(pages::tree))
        .route("/beleid/{id}", get(pages::node))
        .route("/api/v1/policy", get(api::policy_tree))
}
