//! Dated targets of an indicator: added and removed on the indicator's page.

use super::{
    find,
    form::{IndicatorForm, TargetForm, edit_context},
};
use crate::{
    audit,
    auth::current_user::Staff,
    db,
    domain::indicators::{overlaps, parse_number, value_fits},
    entities::indicator_target,
    error::{AppError, AppResult},
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields},
        page::Page,
    },
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

pub async fn add(
    State(state): State<AppState>,
    Staff(me): Staff,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let found = find(&state, id).await?;
    let form = TargetForm {
        target_from: fields.get("target_from").trim().to_owned(),
        target_to: fields.get("target_to").trim().to_owned(),
        target_value: fields.get("target_value").trim().to_owned(),
    };
    let lang = page.lang;
    let mut errors = FieldErrors::default();
    let from = form.target_from.parse::<NaiveDate>().ok();
    if from.is_none() {
        errors.add(lang, "target_from", "admin-error-date");
    }
    let to = match form.target_to.as_str() {
        "" => Ok(None),
        text => text.parse::<NaiveDate>().map(Some),
    };
    match (from, &to) {
        (_, Err(_)) => errors.add(lang, "target_to", "admin-policy-error-date"),
        (Some(from), Ok(Some(to))) if *to < from => {
            errors.add(lang, "target_to", "admin-policy-error-end-before-start");
        }
        _ => {}
    }
    let value = parse_number(&form.target_value).filter(|v| value_fits(&found.unit, *v));
    if value.is_none() {
        errors.add(lang, "target_value", "admin-indicator-error-value");
    }
    let to = to.ok().flatten();
    if let Some(from) = from.filter(|_| errors.is_empty()) {
        // Two targets on one day would leave the report to pick one silently.
        let clash = indicator_target::Entity::find()
            .filter(indicator_target::Column::IndicatorId.eq(id))
            .all(&state.db)
            .await?
            .into_iter()
            .any(|t| overlaps((t.valid_from, t.valid_to), (from, to)));
        if clash {
            errors.add(lang, "target_from", "admin-indicator-error-target-overlap");
        }
    }
    let (Some(from), Some(value), true) = (from, value, errors.is_empty()) else {
        return invalid(&state, &page, &found, &form, &errors).await;
    };
    let tx = db::begin_write(&state.db).await?;
    let saved = indicator_target::ActiveModel {
        indicator_id: Set(id),
        valid_from: Set(from),
        valid_to: Set(to),
        value: Set(value),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        audit::Actor::user(&me),
        "indicator_target_added",
        &format!("indicator {id}"),
        &describe(&saved),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/beheer/indicatoren/{id}?opgeslagen=1#streefwaarden"
    ))
    .into_response())
}

async fn invalid(
    state: &AppState,
    page: &Page,
    found: &crate::entities::indicator::Model,
    form: &TargetForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let context = edit_context(
        state,
        found,
        &IndicatorForm::from_model(found),
        form,
        errors,
    )
    .await?;
    page.render_invalid("admin/indicator_form.html", context)
}

/// What the audit log says about a target: its span and value.
fn describe(t: &indicator_target::Model) -> String {
    let to = t.valid_to.map(|d| d.to_string()).unwrap_or_default();
    format!("{}..{to} = {}", t.valid_from, t.value)
}

pub async fn remove(
    State(state): State<AppState>,
    Staff(me): Staff,
    Path((id, target_id)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let tx = db::begin_write(&state.db).await?;
    let target = indicator_target::Entity::find_by_id(target_id)
        .filter(indicator_target::Column::IndicatorId.eq(id))
        .one(&tx)
        .await?
        .ok_or(AppError::NotFound)?;
    indicator_target::Entity::delete_by_id(target.id)
        .exec(&tx)
        .await?;
    audit::record(
        &tx,
        audit::Actor::user(&me),
        "indicator_target_removed",
        &format!("indicator {id}"),
        &describe(&target),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/beheer/indicatoren/{id}?opgeslagen=1#streefwaarden"
    ))
    .into_response())
}
