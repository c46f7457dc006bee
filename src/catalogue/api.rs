use super::{
    service::{self, DayHours},
    snapshot::{self, Catalogue},
};
use crate::{
    domain::{policy::LinkTarget, search::Query as SearchQuery},
    entities::product,
    error::{AppError, AppResult},
    policy::service::nodes_linked_to,
    state::AppState,
    web::i18n::Lang,
};
use axum::{
    Json,
    extract::{Path, Query, State},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ProductJson {
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// The cluster's code.
    pub cluster: String,
    pub bookable: bool,
    pub appointment_minutes: i32,
    /// counter | appointment | phone | online
    pub channels: Vec<String>,
    /// Codes of the policy nodes this product realises.
    pub policy_actions: Vec<String>,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequirementJson {
    pub title: String,
    pub description: String,
    /// The document to bring.
    pub evidence: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProductDetailJson {
    #[serde(flatten)]
    pub product: ProductJson,
    pub description: String,
    pub additional_description: String,
    pub exceptions: String,
    pub product_type: String,
    pub themes: Vec<String>,
    pub target_audiences: Vec<String>,
    pub keywords: Vec<String>,
    pub requirements: Vec<RequirementJson>,
    pub costs: Vec<CostJson>,
    pub online_url: String,
    pub front_office_eligible: bool,
    pub competent_authority: String,
    pub executing_authority: String,
}

#[derive(Serialize, ToSchema)]
pub struct CostJson {
    pub description: String,
    pub amount: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct ClusterJson {
    pub code: String,
    pub name: String,
    pub wait_target_seconds: i32,
    pub opening_hours: Vec<DayHours>,
    pub policy_actions: Vec<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ProductQuery {
    /// Search by name, keyword and description (accents and case do not matter).
    q: Option<String>,
}

fn to_json(p: &product::Model, catalogue: &Catalogue) -> ProductJson {
    ProductJson {
        slug: p.slug.clone(),
        name: p.name.clone(),
        summary: p.summary.clone(),
        cluster: catalogue
            .cluster(p.cluster_id)
            .map(|c| c.code.clone())
            .unwrap_or_default(),
        bookable: p.bookable,
        appointment_minutes: p.appointment_minutes,
        channels: p.channels.0.clone(),
        policy_actions: catalogue
            .policy_of(p.id)
            .iter()
            .map(|n| n.code.clone())
            .collect(),
        url: format!("/producten/{}", p.slug),
    }
}

/// Published products, or those matching `q`, best match first.
#[utoipa::path(get, path = "/api/v1/products", tag = "catalogue", params(ProductQuery),
    responses((status = 200, body = Vec<ProductJson>)))]
pub async fn product_list(
    State(state): State<AppState>,
    Query(query): Query<ProductQuery>,
) -> AppResult<Json<Vec<ProductJson>>> {
    let catalogue = snapshot::current(&state).await?;
    let products = match query.q.as_deref().and_then(SearchQuery::parse) {
        Some(q) => catalogue.search(&q),
        None => catalogue.products.iter().collect(),
    };
    Ok(Json(
        products
            .into_iter()
            .map(|p| to_json(p, &catalogue))
            .collect(),
    ))
}

/// One product with its conditions, what to bring and its costs.
#[utoipa::path(get, path = "/api/v1/products/{slug}", tag = "catalogue",
    params(("slug" = String, Path, description = "The product's slug")),
    responses((status = 200, body = ProductDetailJson), (status = 404, description = "No such product")))]
pub async fn product_detail(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Json<ProductDetailJson>> {
    let catalogue = snapshot::current(&state).await?;
    let p = catalogue.product(&slug).ok_or(AppError::NotFound)?;
    Ok(Json(ProductDetailJson {
        product: to_json(p, &catalogue),
        description: p.description.clone(),
        additional_description: p.additional_description.clone(),
        exceptions: p.exceptions.clone(),
        product_type: p.product_type.clone(),
        themes: p.themes.0.clone(),
        target_audiences: p.target_audiences.0.clone(),
        keywords: p.keywords.0.clone(),
        requirements: p
            .requirements
            .0
            .iter()
            .map(|r| RequirementJson {
                title: r.title.clone(),
                description: r.description.clone(),
                evidence: r.evidence.clone(),
            })
            .collect(),
        costs: p
            .costs
            .0
            .iter()
            .map(|c| CostJson {
                description: c.description.clone(),
                amount: c.amount,
            })
            .collect(),
        online_url: p.online_url.clone(),
        front_office_eligible: p.front_office_eligible,
        competent_authority: p.competent_authority.clone(),
        executing_authority: p.executing_authority.clone(),
    }))
}

/// The activity clusters with their wait target and opening hours.
#[utoipa::path(get, path = "/api/v1/clusters", tag = "catalogue",
    responses((status = 200, body = Vec<ClusterJson>)))]
pub async fn cluster_list(State(state): State<AppState>) -> AppResult<Json<Vec<ClusterJson>>> {
    let clusters = service::clusters(&state.db).await?;
    let hours = service::opening_hours(&state.db).await?;
    let ids: Vec<i32> = clusters.iter().map(|c| c.id).collect();
    let mut links =
        nodes_linked_to(&state.db, LinkTarget::Cluster, &ids, state.clock.today()).await?;
    Ok(Json(
        clusters
            .into_iter()
            .map(|c| ClusterJson {
                opening_hours: service::week(
                    hours.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                    Lang::Nl,
                ),
                policy_actions: links
                    .remove(&c.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| n.code)
                    .collect(),
                code: c.code,
                name: c.name,
                wait_target_seconds: c.wait_target_seconds,
            })
            .collect(),
    ))
}
