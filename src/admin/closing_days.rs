//! `/beheer/sluitingsdagen`: days the municipality is closed, once or every year. Public
//! holidays are computed and need no entry.

use crate::{
    entities::closing_day,
    error::AppResult,
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
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder};
use tera::Context;

async fn context(
    state: &AppState,
    form: serde_json::Value,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let days = closing_day::Entity::find()
        .order_by_asc(closing_day::Column::Date)
        .order_by_asc(closing_day::Column::Month)
        .order_by_asc(closing_day::Column::Day)
        .all(&state.db)
        .await?;
    let mut context = Context::new();
    context.insert("days", &days);
    context.insert("form", &form);
    context.insert("errors", errors);
    Ok(context)
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let form = serde_json::json!({"date": "", "yearly": false, "reason": ""});
    let mut context = context(&state, form, &FieldErrors::default()).await?;
    context.insert("saved", &saved.shown());
    page.render("admin/closing_days.html", context)
}

pub async fn add(
    State(state): State<AppState>,
    page: Page,
    fields: FormFields,
) -> AppResult<Response> {
    let date_text = fields.get("date").trim();
    let reason = fields.get("reason").trim();
    let yearly = fields.checked("yearly");
    let mut errors = FieldErrors::default();
    let date = date_text.parse::<NaiveDate>().ok();
    if date.is_none() {
        errors.add(page.lang, "date", "admin-error-date");
    }
    if reason.is_empty() {
        errors.add(page.lang, "reason", "admin-error-reason");
    }
    let Some(date) = date.filter(|_| errors.is_empty()) else {
        let form = serde_json::json!({"date": date_text, "yearly": yearly, "reason": reason});
        return page.render_invalid(
            "admin/closing_days.html",
            context(&state, form, &errors).await?,
        );
    };
    use chrono::Datelike;
    let row = if yearly {
        closing_day::ActiveModel {
            date: Set(None),
            month: Set(Some(date.month() as i16)),
            day: Set(Some(date.day() as i16)),
            reason: Set(reason.to_owned()),
            ..Default::default()
        }
    } else {
        closing_day::ActiveModel {
            date: Set(Some(date)),
            month: Set(None),
            day: Set(None),
            reason: Set(reason.to_owned()),
            ..Default::default()
        }
    };
    row.insert(&state.db).await?;
    Ok(Redirect::to("/beheer/sluitingsdagen?opgeslagen=1").into_response())
}

pub async fn remove(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    closing_day::Entity::delete_by_id(id)
        .exec(&state.db)
        .await?;
    Ok(Redirect::to("/beheer/sluitingsdagen?opgeslagen=1").into_response())
}
