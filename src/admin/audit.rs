//! `/beheer/audit`: the latest entries of the audit log, newest first, optionally one action.

use crate::{
    entities::audit_log::{self, Column},
    error::AppResult,
    state::AppState,
    web::page::Page,
};
use axum::{
    extract::{Query, State},
    response::Response,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use tera::Context;

const SHOWN: u64 = 300;

#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    action: String,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(filter): Query<Filter>,
) -> AppResult<Response> {
    let mut query = audit_log::Entity::find()
        .order_by_desc(Column::Id)
        .limit(SHOWN);
    if !filter.action.is_empty() {
        query = query.filter(Column::Action.eq(filter.action.as_str()));
    }
    let entries = query.all(&state.db).await?;
    let actions: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(Column::Action)
        .distinct()
        .order_by_asc(Column::Action)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut context = Context::new();
    context.insert("entries", &entries);
    context.insert("actions", &actions);
    context.insert("action", &filter.action);
    page.render("admin/audit.html", context)
}
