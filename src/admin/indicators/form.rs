//! Creating and editing an indicator; its page also lists its targets (see `targets.rs`).

use super::{find, target_on};
use crate::{
    audit,
    auth::current_user::{CurrentUser, Staff},
    catalogue::service as catalogue,
    db,
    domain::indicators::{DIRECTIONS, PERIODS, Source, UNITS},
    entities::{indicator, indicator_measurement, indicator_target},
    error::AppResult,
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields, Saved},
        i18n::Lang,
        page::Page,
    },
};
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use tera::Context;

/// The form exactly as typed: shown again unchanged when something is wrong.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IndicatorForm {
    code: String,
    name: String,
    definition: String,
    unit: String,
    direction: String,
    period: String,
    source: String,
    cluster: String,
}

struct Valid {
    source: Source,
    cluster_id: Option<i32>,
}

impl IndicatorForm {
    fn from_fields(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            code: text("code"),
            name: text("name"),
            definition: text("definition"),
            unit: text("unit"),
            direction: text("direction"),
            period: text("period"),
            source: text("source"),
            cluster: text("cluster"),
        }
    }

    pub(super) fn from_model(i: &indicator::Model) -> Self {
        Self {
            code: i.code.clone(),
            name: i.name.clone(),
            definition: i.definition.clone(),
            unit: i.unit.clone(),
            direction: i.direction.clone(),
            period: i.period.clone(),
            source: Source::of_metric(&i.metric).as_str().to_owned(),
            cluster: i.cluster_id.map(|c| c.to_string()).unwrap_or_default(),
        }
    }

    /// Checks every field; `clusters` are the ids that can be chosen.
    fn validate(&self, lang: Lang, clusters: &[i32]) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = self.code.trim();
        if code.is_empty() {
            errors.add(lang, "code", "admin-indicator-error-code");
        } else if code.chars().count() > 50 {
            errors.add(lang, "code", "admin-indicator-error-code-long");
        }
        let name = self.name.trim();
        if name.is_empty() {
            errors.add(lang, "name", "admin-error-name");
        } else if name.chars().count() > 200 {
            errors.add(lang, "name", "admin-indicator-error-name-long");
        }
        let source = Source::parse(&self.source);
        if source.is_none() {
            errors.add(lang, "source", "admin-error-choose");
        }
        if !UNITS.contains(&self.unit.as_str()) {
            errors.add(lang, "unit", "admin-error-choose");
        } else if let Some(unit) = source.and_then(Source::unit)
            && unit != self.unit
        {
            // The report computes the metric in this unit; another would mislabel the value.
            errors.add(lang, "unit", &format!("admin-indicator-error-unit-{unit}"));
        }
        if !DIRECTIONS.contains(&self.direction.as_str()) {
            errors.add(lang, "direction", "admin-error-choose");
        }
        if !PERIODS.contains(&self.period.as_str()) {
            errors.add(lang, "period", "admin-error-choose");
        }
        let cluster_id = match self.cluster.trim() {
            "" => None,
            text => {
                let id = text.parse::<i32>().ok().filter(|id| clusters.contains(id));
                if id.is_none() {
                    errors.add(lang, "cluster", "admin-error-choose");
                }
                id
            }
        };
        match (source, cluster_id) {
            (Some(s), None) if s.needs_cluster() && !errors.has("cluster") => {
                errors.add(lang, "cluster", "admin-indicator-error-cluster-needed");
            }
            (Some(s), Some(_)) if !s.allows_cluster() => {
                errors.add(lang, "cluster", "admin-indicator-error-cluster-unused");
            }
            _ => {}
        }
        match source {
            Some(source) if errors.is_empty() => Ok(Valid { source, cluster_id }),
            _ => Err(errors),
        }
    }
}

/// A target as added on the indicator's page, exactly as typed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct TargetForm {
    pub target_from: String,
    pub target_to: String,
    pub target_value: String,
}

#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
}

/// The page of a new or existing indicator with everything its selects need.
async fn page_context(
    state: &AppState,
    id: Option<i32>,
    form: &IndicatorForm,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let clusters: Vec<Choice> = catalogue::clusters(&state.db)
        .await?
        .into_iter()
        .map(|c| Choice {
            value: c.id.to_string(),
            label: c.name,
        })
        .collect();
    let mut context = Context::new();
    context.insert("id", &id);
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("clusters", &clusters);
    context.insert(
        "sources",
        &Source::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
    );
    context.insert("units", &UNITS);
    context.insert("directions", &DIRECTIONS);
    context.insert("periods", &PERIODS);
    Ok(context)
}

/// The page of an existing indicator: its form, its targets and a summary of its measurements.
pub(super) async fn edit_context(
    state: &AppState,
    found: &indicator::Model,
    form: &IndicatorForm,
    target_form: &TargetForm,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let mut context = page_context(state, Some(found.id), form, errors).await?;
    let targets = indicator_target::Entity::find()
        .filter(indicator_target::Column::IndicatorId.eq(found.id))
        .order_by_asc(indicator_target::Column::ValidFrom)
        .all(&state.db)
        .await?;
    let measurements = indicator_measurement::Entity::find()
        .filter(indicator_measurement::Column::IndicatorId.eq(found.id))
        .count(&state.db)
        .await?;
    context.insert("indicator", found);
    context.insert(
        "current_target",
        &target_on(&targets, found.id, state.clock.today()),
    );
    context.insert("targets", &targets);
    context.insert("target_form", target_form);
    context.insert("measurement_count", &measurements);
    Ok(context)
}

pub async fn new_form(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let form = IndicatorForm {
        direction: "le".into(),
        period: "year".into(),
        source: Source::CounterWait.as_str().into(),
        unit: "seconds".into(),
        ..Default::default()
    };
    let context = page_context(&state, None, &form, &FieldErrors::default()).await?;
    page.render("admin/indicator_form.html", context)
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let found = find(&state, id).await?;
    let mut context = edit_context(
        &state,
        &found,
        &IndicatorForm::from_model(&found),
        &TargetForm::default(),
        &FieldErrors::default(),
    )
    .await?;
    context.insert("saved", &saved.shown());
    page.render("admin/indicator_form.html", context)
}

pub async fn create(
    State(state): State<AppState>,
    Staff(me): Staff,
    page: Page,
    fields: FormFields,
) -> AppResult<Response> {
    save(state, me, page, None, fields).await
}

pub async fn update(
    State(state): State<AppState>,
    Staff(me): Staff,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let found = find(&state, id).await?;
    save(state, me, page, Some(found), fields).await
}

async fn save(
    state: AppState,
    me: CurrentUser,
    page: Page,
    existing: Option<indicator::Model>,
    fields: FormFields,
) -> AppResult<Response> {
    let form = IndicatorForm::from_fields(&fields);
    let clusters: Vec<i32> = catalogue::clusters(&state.db)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let mut valid = form.validate(page.lang, &clusters);
    if valid.is_ok() {
        let taken = indicator::Entity::find()
            .filter(indicator::Column::Code.eq(form.code.trim()))
            .one(&state.db)
            .await?
            .is_some_and(|other| Some(other.id) != existing.as_ref().map(|i| i.id));
        if taken {
            let mut errors = FieldErrors::default();
            errors.add(page.lang, "code", "admin-indicator-error-code-taken");
            valid = Err(errors);
        }
    }
    let valid = match valid {
        Ok(valid) => valid,
        Err(errors) => {
            let context = match &existing {
                Some(found) => {
                    edit_context(&state, found, &form, &TargetForm::default(), &errors).await?
                }
                None => page_context(&state, None, &form, &errors).await?,
            };
            return page.render_invalid("admin/indicator_form.html", context);
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let is_new = existing.is_none();
    let mut row: indicator::ActiveModel = match existing {
        Some(found) => found.into(),
        None => indicator::ActiveModel {
            ..Default::default()
        },
    };
    row.code = Set(form.code.trim().to_owned());
    row.name = Set(form.name.trim().to_owned());
    row.definition = Set(form.definition.trim().to_owned());
    row.unit = Set(form.unit.clone());
    row.direction = Set(form.direction.clone());
    row.period = Set(form.period.clone());
    row.metric = Set(valid.source.as_str().to_owned());
    row.aggregation = Set(valid.source.aggregation().to_owned());
    row.cluster_id = Set(valid.cluster_id);
    let id = if is_new {
        row.insert(&tx).await?.id
    } else {
        row.update(&tx).await?.id
    };
    audit::record(
        &tx,
        audit::Actor::user(&me),
        if is_new {
            "indicator_created"
        } else {
            "indicator_updated"
        },
        &format!("indicator {id}"),
        form.code.trim(),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(indicator = id, "indicator saved");
    Ok(Redirect::to(&format!("/beheer/indicatoren/{id}?opgeslagen=1")).into_response())
}
