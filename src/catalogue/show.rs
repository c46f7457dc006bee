use super::service;
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    web::page::Page,
};
use crate::{queue::status::queue_status, site::home::QueueLine};
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
    let product = service::by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let view =
        service::product_view(&state.db, product, state.clock.now_local(), page.lang).await?;
    let queue = match &view.cluster {
        Some(cluster) => Some(QueueLine::from(
            queue_status(&state.db, cluster, state.clock.now()).await?,
        )),
        None => None,
    };
    let mut context = Context::new();
    context.insert("queue", &queue);
    context.insert("view", &view);
    page.render("catalogue/show.html", context)
}
