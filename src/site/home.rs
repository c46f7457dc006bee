use crate::{catalogue::service, error::AppResult, state::AppState, web::page::Page};
use axum::{extract::State, response::Response};
use tera::Context;

/// How many products "most asked for" shows.
const POPULAR: usize = 8;

pub async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let mut products = service::published(&state.db).await?;
    products.sort_by(|a, b| b.popularity.cmp(&a.popularity).then(a.name.cmp(&b.name)));
    products.truncate(POPULAR);
    let clusters = service::clusters(&state.db).await?;
    let periods = service::opening_hours(&state.db).await?;
    let calendar = service::calendar(&state.db).await?;
    let now = state.clock.now_local();
    let hours: Vec<_> = clusters
        .iter()
        .map(|c| {
            service::cluster_hours(
                c,
                periods.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                &calendar,
                now,
                page.lang,
            )
        })
        .collect();
    let mut context = Context::new();
    context.insert("popular", &products);
    context.insert("hours", &hours);
    page.render("home.html", context)
}
