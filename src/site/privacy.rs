use crate::{error::AppResult, state::AppState, web::page::Page};
use axum::{extract::State, response::Response};
use tera::Context;

/// The privacy page for residents, with the municipality's own retention terms.
pub async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("appointment_days", &state.config.retention.appointment_days);
    context.insert("case_months", &state.config.retention.case_months);
    page.render("privacy.html", context)
}
