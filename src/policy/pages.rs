use super::service;
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    web::page::Page,
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use tera::Context;

pub async fn tree(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("plans", &service::tree(&state.db).await?);
    page.render("policy/tree.html", context)
}

pub async fn node(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let detail = service::node_detail(&state.db, id, state.clock.today())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut context = Context::new();
    context.insert("detail", &detail);
    page.render("policy/node.html", context)
}
