use crate::{catalogue::service as catalogue, error::AppResult, state::AppState, web::page::Page};
use axum::{extract::State, response::Response};
use tera::Context;

/// `/beheer`: every admin page, and per cluster its counters and hours.
pub async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("clusters", &catalogue::clusters(&state.db).await?);
    page.render("admin/dashboard.html", context)
}
