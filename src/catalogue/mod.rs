//! The product catalogue: `/producten`, `/producten/{slug}` and its JSON API.

mod api;
mod list;
pub mod service;
mod show;
pub mod snapshot;

use crate::state::AppState;
use axum::{Router, routing::get};

pub use api::{__path_cluster_list, __path_product_detail, __path_product_list};
pub use api::{ClusterJson, ProductDetailJson, ProductJson};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/producten", get(list::page))
        .route("/producten/{slug}", get(show::page))
        .route("/api/v1/products", get(api::product_list))
        .route("/api/v1/products/{slug}", get(api::product_detail))
        .route("/api/v1/clusters", get(api::cluster_list))
}
