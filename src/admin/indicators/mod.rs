//! `/beheer/indicatoren`: the indicators of the policy plan as data. Administrators define
//! them (what is measured, the unit, the direction, the source) and their dated targets;
//! managers and administrators enter the measurements of indicators measured by hand.

pub mod form;
pub mod measurements;
pub mod targets;

use crate::{
    catalogue::service as catalogue,
    domain::{indicators::Source, reports::Period, reports::target_for},
    entities::{indicator, indicator_measurement, indicator_target},
    error::{AppError, AppResult},
    state::AppState,
    web::{forms::Saved, page::Page},
};
use axum::{
    extract::{Query, State},
    response::Response,
};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

async fn find(state: &AppState, id: i32) -> AppResult<indicator::Model> {
    indicator::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The target that applies on `day` (the latest one starting on or before it).
fn target_on(
    targets: &[indicator_target::Model],
    indicator_id: i32,
    day: NaiveDate,
) -> Option<f64> {
    let spans: Vec<_> = targets
        .iter()
        .filter(|t| t.indicator_id == indicator_id)
        .map(|t| (t.valid_from, t.valid_to, t.value))
        .collect();
    target_for(&spans, &Period { from: day, to: day })
}

#[derive(Debug, Serialize)]
struct Row {
    id: i32,
    code: String,
    name: String,
    /// A `Source` name: the metric, or `manual`.
    source: &'static str,
    cluster: Option<String>,
    unit: String,
    direction: String,
    target: Option<f64>,
    latest: Option<indicator_measurement::Model>,
}

async fn rows(db: &impl ConnectionTrait, today: NaiveDate) -> Result<Vec<Row>, DbErr> {
    let clusters: HashMap<i32, String> = catalogue::clusters(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let targets = indicator_target::Entity::find().all(db).await?;
    let mut latest: HashMap<i32, indicator_measurement::Model> = HashMap::new();
    for m in indicator_measurement::Entity::find()
        .order_by_asc(indicator_measurement::Column::PeriodEnd)
        .order_by_asc(indicator_measurement::Column::RecordedAt)
        .all(db)
        .await?
    {
        latest.insert(m.indicator_id, m);
    }
    Ok(indicator::Entity::find()
        .order_by_asc(indicator::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|i| Row {
            target: target_on(&targets, i.id, today),
            latest: latest.remove(&i.id),
            source: Source::of_metric(&i.metric).as_str(),
            cluster: i.cluster_id.and_then(|c| clusters.get(&c).cloned()),
            id: i.id,
            code: i.code,
            name: i.name,
            unit: i.unit,
            direction: i.direction,
        })
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("indicators", &rows(&state.db, state.clock.today()).await?);
    context.insert("saved", &saved.shown());
    page.render("admin/indicators.html", context)
}
