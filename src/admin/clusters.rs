//! `/beheer/diensten`: activity clusters with their wait target, ticket prefix and rules (their
//! counters are managed in `counters.rs`).

use crate::{
    catalogue::service as catalogue,
    db,
    domain::slug::Slug,
    entities::{TextList, cluster, counter},
    error::{AppError, AppResult},
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
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde::Serialize;
use tera::Context;

#[derive(Debug, Default, Clone, Serialize)]
pub struct ClusterForm {
    code: String,
    name: String,
    description: String,
    wait_target_seconds: String,
    ticket_prefix: String,
    grace_minutes: String,
    appointments_first: bool,
}

struct Valid {
    wait_target_seconds: i32,
    grace_minutes: i32,
}

impl ClusterForm {
    fn from_fields(fields: &FormFields) -> Self {
        Self {
            code: fields.get("code").trim().to_owned(),
            name: fields.get("name").to_owned(),
            description: fields.get("description").to_owned(),
            wait_target_seconds: fields.get("wait_target_seconds").trim().to_owned(),
            ticket_prefix: fields.get("ticket_prefix").trim().to_owned(),
            grace_minutes: fields.get("grace_minutes").trim().to_owned(),
            appointments_first: fields.checked("appointments_first"),
        }
    }

    fn from_model(c: &cluster::Model) -> Self {
        Self {
            code: c.code.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            wait_target_seconds: c.wait_target_seconds.to_string(),
            ticket_prefix: c.ticket_prefix.clone(),
            grace_minutes: c.grace_minutes.to_string(),
            appointments_first: c.appointments_first,
        }
    }

    fn validate(&self, lang: Lang) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        if Slug::parse(&self.code).is_err() {
            errors.add(lang, "code", "admin-error-slug");
        }
        if self.name.trim().is_empty() {
            errors.add(lang, "name", "admin-error-name");
        }
        let wait = self
            .wait_target_seconds
            .parse::<i32>()
            .ok()
            .filter(|s| (0..=86_400).contains(s));
        if wait.is_none() {
            errors.add(lang, "wait_target_seconds", "admin-error-wait-target");
        }
        let prefix_ok = self.ticket_prefix.len() == 1
            && self.ticket_prefix.bytes().all(|b| b.is_ascii_uppercase());
        if !prefix_ok {
            errors.add(lang, "ticket_prefix", "admin-error-prefix");
        }
        let grace = self
            .grace_minutes
            .parse::<i32>()
            .ok()
            .filter(|m| (0..=120).contains(m));
        if grace.is_none() {
            errors.add(lang, "grace_minutes", "admin-error-grace");
        }
        match (wait, grace) {
            (Some(wait_target_seconds), Some(grace_minutes)) if errors.is_empty() => Ok(Valid {
                wait_target_seconds,
                grace_minutes,
            }),
            _ => Err(errors),
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("clusters", &catalogue::clusters(&state.db).await?);
    context.insert("saved", &saved.shown());
    page.render("admin/clusters.html", context)
}

fn form_context(id: Option<i32>, form: &ClusterForm, errors: &FieldErrors) -> Context {
    let mut context = Context::new();
    context.insert("id", &id);
    context.insert("form", form);
    context.insert("errors", errors);
    context
}

pub async fn new_form(page: Page) -> AppResult<Response> {
    let form = ClusterForm {
        wait_target_seconds: "300".into(),
        grace_minutes: "10".into(),
        appointments_first: true,
        ..Default::default()
    };
    page.render(
        "admin/cluster_form.html",
        form_context(None, &form, &FieldErrors::default()),
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let found = cluster::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut context = form_context(
        Some(id),
        &ClusterForm::from_model(&found),
        &FieldErrors::default(),
    );
    context.insert("counters", &counters_of(&state, id).await?);
    page.render("admin/cluster_form.html", context)
}

async fn counters_of(state: &AppState, cluster_id: i32) -> AppResult<Vec<counter::Model>> {
    Ok(super::counters::of_cluster(&state.db, cluster_id).await?)
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    fields: FormFields,
) -> AppResult<Response> {
    save(state, page, None, fields).await
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    cluster::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    save(state, page, Some(id), fields).await
}

async fn save(
    state: AppState,
    page: Page,
    id: Option<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let form = ClusterForm::from_fields(&fields);
    let mut result = form.validate(page.lang);
    if result.is_ok() {
        let mut errors = FieldErrors::default();
        for other in cluster::Entity::find().all(&state.db).await? {
            if Some(other.id) == id {
                continue;
            }
            if other.code == form.code {
                errors.add(page.lang, "code", "admin-error-code-taken");
            }
            if other.ticket_prefix == form.ticket_prefix {
                errors.add(page.lang, "ticket_prefix", "admin-error-prefix-taken");
            }
        }
        if !errors.is_empty() {
            result = Err(errors);
        }
    }
    let valid = match result {
        Ok(valid) => valid,
        Err(errors) => {
            let mut context = form_context(id, &form, &errors);
            if let Some(id) = id {
                context.insert("counters", &counters_of(&state, id).await?);
            }
            return page.render_invalid("admin/cluster_form.html", context);
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let mut row: cluster::ActiveModel = match id {
        Some(id) => cluster::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(AppError::NotFound)?
            .into(),
        None => {
            let position = cluster::Entity::find().all(&tx).await?.len() as i32;
            cluster::ActiveModel {
                serves: Set(TextList::default()),
                position: Set(position),
                ..Default::default()
            }
        }
    };
    row.code = Set(form.code.clone());
    row.name = Set(form.name.trim().to_owned());
    row.description = Set(form.description.trim().to_owned());
    row.wait_target_seconds = Set(valid.wait_target_seconds);
    row.ticket_prefix = Set(form.ticket_prefix.clone());
    row.grace_minutes = Set(valid.grace_minutes);
    row.appointments_first = Set(form.appointments_first);
    row.save(&tx).await?;
    tx.commit().await?;
    Ok(Redirect::to("/beheer/diensten?opgeslagen=1").into_response())
}
