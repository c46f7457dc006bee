use crate::{error::AppResult, web::page::Page};
use axum::response::Response;
use tera::Context;

pub async fn page(page: Page) -> AppResult<Response> {
    page.render("privacy.html", Context::new())
}
