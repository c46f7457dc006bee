use super::snapshot;
use crate::cache::Change;
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    web::page::Page,
};
use crate::{queue::status::live_queues, site::home::QueueLine};
use axum::{
    extract::{Path, State},
    response::Response,
};
use tera::Context;

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let lang = page.lang;
    let kinds = [Change::Catalogue, Change::Queue];
    page.render_public("catalogue/show.html", &kinds, async || {
        let catalogue = snapshot::current(&state).await?;
        let product = catalogue.product(&slug).ok_or(AppError::NotFound)?;
        let view = catalogue.product_view(product, state.clock.now_local(), lang);
        let queues = live_queues(&state).await?;
        let queue = view
            .cluster
            .and_then(|c| queues.iter().find(|q| q.cluster == c.code))
            .map(QueueLine::from);
        let mut context = Context::new();
        context.insert("queue", &queue);
        context.insert("view", &view);
        Ok(context)
    })
    .await
}
