//! Management reports (`/rapporten`, manager and up): counter waits, appointments, phone, the
//! yearly complaints and reports report for the council, and the policy follow-up report; as
//! pages with charts, as CSV and as JSON under `/api/v1/reports/...`.

pub mod api;
pub mod bench;
mod chart;
pub mod jobs;
pub mod pages;
pub mod phone_import;
pub mod service;

use crate::{auth::current_user::require_role, domain::role::Role, state::AppState};
use axum::{Router, middleware, routing::get};

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/rapporten", get(pages::index))
        .route("/rapporten/{report}", get(pages::show))
        .route("/rapporten/{report}/export.csv", get(pages::export))
        .route("/api/v1/reports/wait-times", get(api::wait_times))
        .route("/api/v1/reports/appointments", get(api::appointments))
        .route("/api/v1/reports/phone", get(api::phone))
        .route("/api/v1/reports/cases", get(api::cases))
        .route("/api/v1/reports/policy", get(api::policy))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Manager),
            require_role,
        ))
}
