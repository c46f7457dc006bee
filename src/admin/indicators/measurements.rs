//! Measurements of one indicator: the figures of indicators measured by hand, entered by a
//! manager or administrator once a period is over (the policy report uses the latest entered
//! value of a whole year).

use super::find;
use crate::{
    audit,
    auth::current_user::Staff,
    db,
    domain::indicators::{Source, last_whole_period, parse_number, value_fits},
    entities::{indicator, indicator_measurement},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields, Saved},
        page::Page,
    },
};
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use tera::Context;

/// A measurement as typed.
#[derive(Debug, Default, Clone, Serialize)]
struct MeasurementForm {
    period_start: String,
    period_end: String,
    value: String,
}

async fn context(
    state: &AppState,
    found: &indicator::Model,
    form: &MeasurementForm,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let measurements = indicator_measurement::Entity::find()
        .filter(indicator_measurement::Column::IndicatorId.eq(found.id))
        .order_by_desc(indicator_measurement::Column::PeriodStart)
        .order_by_desc(indicator_measurement::Column::RecordedAt)
        .all(&state.db)
        .await?;
    let mut context = Context::new();
    context.insert("indicator", found);
    context.insert("source", Source::of_metric(&found.metric).as_str());
    context.insert("measurements", &measurements);
    context.insert("form", form);
    context.insert("errors", errors);
    Ok(context)
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let found = find(&state, id).await?;
    let (start, end) = last_whole_period(&found.period, state.clock.today());
    let form = MeasurementForm {
        period_start: start.to_string(),
        period_end: end.to_string(),
        value: String::new(),
    };
    let mut context = context(&state, &found, &form, &FieldErrors::default()).await?;
    context.insert("saved", &saved.shown());
    page.render("admin/indicator_measurements.html", context)
}

pub async fn add(
    State(state): State<AppState>,
    Staff(me): Staff,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let found = find(&state, id).await?;
    let form = MeasurementForm {
        period_start: fields.get("period_start").trim().to_owned(),
        period_end: fields.get("period_end").trim().to_owned(),
        value: fields.get("value").trim().to_owned(),
    };
    let lang = page.lang;
    let mut errors = FieldErrors::default();
    let start = form.period_start.parse::<NaiveDate>().ok();
    if start.is_none() {
        errors.add(lang, "period_start", "admin-error-date");
    }
    let end = form.period_end.parse::<NaiveDate>().ok();
    match (start, end) {
        (_, None) => errors.add(lang, "period_end", "admin-error-date"),
        (Some(start), Some(end)) if end < start => {
            errors.add(lang, "period_end", "admin-policy-error-end-before-start");
        }
        _ => {}
    }
    let value = parse_number(&form.value).filter(|v| value_fits(&found.unit, *v));
    if value.is_none() {
        errors.add(lang, "value", "admin-indicator-error-value");
    }
    let (Some(start), Some(end), Some(value), true) = (start, end, value, errors.is_empty()) else {
        let context = context(&state, &found, &form, &errors).await?;
        return page.render_invalid("admin/indicator_measurements.html", context);
    };
    let tx = db::begin_write(&state.db).await?;
    let saved = indicator_measurement::ActiveModel {
        indicator_id: Set(id),
        period_start: Set(start),
        period_end: Set(end),
        value: Set(value),
        origin: Set("entered".to_owned()),
        recorded_by: Set(me.email.clone()),
        recorded_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        audit::Actor::user(&me),
        "indicator_measurement_added",
        &format!("indicator {id}"),
        &describe(&saved),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/beheer/indicatoren/{id}/metingen?opgeslagen=1")).into_response())
}

/// What the audit log says about a measurement: its period and value.
fn describe(m: &indicator_measurement::Model) -> String {
    format!("{}..{} = {}", m.period_start, m.period_end, m.value)
}

pub async fn remove(
    State(state): State<AppState>,
    Staff(me): Staff,
    Path((id, measurement_id)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let tx = db::begin_write(&state.db).await?;
    let measurement = indicator_measurement::Entity::find_by_id(measurement_id)
        .filter(indicator_measurement::Column::IndicatorId.eq(id))
        .one(&tx)
        .await?
        .ok_or(AppError::NotFound)?;
    indicator_measurement::Entity::delete_by_id(measurement.id)
        .exec(&tx)
        .await?;
    audit::record(
        &tx,
        audit::Actor::user(&me),
        "indicator_measurement_removed",
        &format!("indicator {id}"),
        &describe(&measurement),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/beheer/indicatoren/{id}/metingen?opgeslagen=1")).into_response())
}
