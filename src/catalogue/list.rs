use super::snapshot::{self, ProductLink};
use crate::cache::Change;
use crate::{
    domain::search::Query as SearchQuery, error::AppResult, state::AppState, web::page::Page,
};
use axum::{
    extract::{Query, State},
    response::Response,
};
use serde::{Deserialize, Serialize};
use tera::Context;

#[derive(Deserialize)]
pub struct Params {
    #[serde(default)]
    q: String,
    /// Only the products of this cluster.
    #[serde(default)]
    dienst: String,
}

#[derive(Serialize)]
struct Group<'a> {
    code: &'a str,
    name: &'a str,
    description: &'a str,
    products: Vec<ProductLink<'a>>,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<Params>,
) -> AppResult<Response> {
    page.render_public("catalogue/list.html", &[Change::Catalogue], async || {
        let catalogue = snapshot::current(&state).await?;
        let mut context = Context::new();
        context.insert("q", &params.q);
        context.insert("dienst", &params.dienst);
        match SearchQuery::parse(&params.q) {
            Some(query) => {
                let results: Vec<ProductLink> = catalogue
                    .search(&query)
                    .into_iter()
                    .map(ProductLink::from)
                    .collect();
                context.insert("results", &results);
                context.insert("groups", &Vec::<Group>::new());
            }
            None => {
                let groups: Vec<Group> = catalogue
                    .clusters
                    .iter()
                    .filter(|c| params.dienst.is_empty() || c.code == params.dienst)
                    .map(|c| Group {
                        products: catalogue
                            .products
                            .iter()
                            .filter(|p| p.cluster_id == c.id)
                            .map(ProductLink::from)
                            .collect(),
                        code: &c.code,
                        name: &c.name,
                        description: &c.description,
                    })
                    .filter(|g| !g.products.is_empty())
                    .collect();
                context.insert("results", &None::<Vec<()>>);
                context.insert("groups", &groups);
            }
        }
        Ok(context)
    })
    .await
}
