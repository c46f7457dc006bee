//! `/beheer/afdelingen`: the departments that handle complaints and reports: who works in each
//! one, and where its reports go for the work planning (a webhook URL and its signing key).
//! `/beheer/diensten` is the clusters' page, so the departments have their own path.

use crate::{
    cases::service::new_token,
    db,
    domain::role::Role,
    entities::{department, staff_department, staff_user},
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
    http::{HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tera::Context;

const URL_MAX: usize = 500;
const SECRET_MIN: usize = 16;
const SECRET_MAX: usize = 200;

#[derive(Debug, Serialize)]
struct DepartmentRow {
    id: i32,
    code: String,
    name: String,
    webhook_url: String,
    staff: usize,
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let mut staff: HashMap<i32, usize> = HashMap::new();
    for row in staff_department::Entity::find().all(&state.db).await? {
        *staff.entry(row.department_id).or_default() += 1;
    }
    let departments: Vec<DepartmentRow> = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|d| DepartmentRow {
            staff: staff.get(&d.id).copied().unwrap_or(0),
            id: d.id,
            code: d.code,
            name: d.name,
            webhook_url: d.webhook_url,
        })
        .collect();
    let mut context = Context::new();
    context.insert("departments", &departments);
    context.insert("saved", &saved.shown());
    page.render("admin/departments.html", context)
}

/// The form as typed; the secret is never sent back.
#[derive(Debug, Default, Clone, Serialize)]
struct DepartmentForm {
    webhook_url: String,
    #[serde(skip)]
    webhook_secret: String,
    staff: Vec<i32>,
}

impl DepartmentForm {
    fn from_fields(fields: &FormFields) -> Self {
        Self {
            webhook_url: fields.get("webhook_url").trim().to_owned(),
            webhook_secret: fields.get("webhook_secret").trim().to_owned(),
            staff: fields
                .all("staff")
                .into_iter()
                .filter_map(|id| id.parse().ok())
                .collect(),
        }
    }

    fn from_model(d: &department::Model, staff: Vec<i32>) -> Self {
        Self {
            webhook_url: d.webhook_url.clone(),
            webhook_secret: String::new(),
            staff,
        }
    }

    fn validate(&self, lang: Lang) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if self.webhook_url.chars().count() > URL_MAX {
            errors.add(lang, "webhook_url", "admin-department-error-url-long");
        } else if !self.webhook_url.is_empty() && !is_web_address(&self.webhook_url) {
            errors.add(lang, "webhook_url", "admin-department-error-url");
        }
        let secret = self.webhook_secret.chars().count();
        if secret > 0 && !(SECRET_MIN..=SECRET_MAX).contains(&secret) {
            errors.add(lang, "webhook_secret", "admin-department-error-secret");
        }
        errors
    }
}

/// Only http(s) addresses with a host: the worker posts nowhere else.
fn is_web_address(raw: &str) -> bool {
    url::Url::parse(raw).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

#[derive(Debug, Serialize)]
struct StaffOption {
    id: i32,
    label: String,
    role: String,
}

/// The staff who can handle cases (handler and up), and anyone already in the department.
async fn staff_options(state: &AppState, members: &[i32]) -> AppResult<Vec<StaffOption>> {
    Ok(staff_user::Entity::find()
        .order_by_asc(staff_user::Column::Email)
        .all(&state.db)
        .await?
        .into_iter()
        .filter(|u| {
            members.contains(&u.id)
                || (u.active
                    && u.role
                        .parse::<Role>()
                        .is_ok_and(|r| r.includes(Role::Handler)))
        })
        .map(|u| StaffOption {
            label: if u.display_name.is_empty() {
                u.email.clone()
            } else {
                format!("{} ({})", u.display_name, u.email)
            },
            id: u.id,
            role: u.role,
        })
        .collect())
}

async fn members(state: &AppState, department_id: i32) -> AppResult<Vec<i32>> {
    Ok(staff_department::Entity::find()
        .filter(staff_department::Column::DepartmentId.eq(department_id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| m.staff_user_id)
        .collect())
}

async fn find(state: &AppState, id: i32) -> AppResult<department::Model> {
    department::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The last four characters, so an administrator can tell keys apart without seeing one.
fn secret_hint(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if secret.is_empty() {
        String::new()
    } else {
        format!("…{tail}")
    }
}

async fn form_context(
    state: &AppState,
    department: &department::Model,
    form: &DepartmentForm,
    errors: &FieldErrors,
    saved: bool,
) -> AppResult<Context> {
    let mut context = Context::new();
    context.insert("department", &department);
    context.insert("secret_hint", &secret_hint(&department.webhook_secret));
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("staff", &staff_options(state, &form.staff).await?);
    context.insert("saved", &saved);
    Ok(context)
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let department = find(&state, id).await?;
    let form = DepartmentForm::from_model(&department, members(&state, id).await?);
    let context = form_context(
        &state,
        &department,
        &form,
        &FieldErrors::default(),
        saved.shown(),
    )
    .await?;
    page.render("admin/departments_form.html", context)
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let department = find(&state, id).await?;
    let form = DepartmentForm::from_fields(&fields);
    let errors = form.validate(page.lang);
    if !errors.is_empty() {
        let context = form_context(&state, &department, &form, &errors, false).await?;
        return page.render_invalid("admin/departments_form.html", context);
    }
    // Only people offered on the form can be added; a forged id is left out.
    let offered: HashSet<i32> = staff_options(&state, &members(&state, id).await?)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    // A webhook without a key could not be verified: one is made when none is set.
    let generated = (!form.webhook_url.is_empty()
        && form.webhook_secret.is_empty()
        && department.webhook_secret.is_empty())
    .then(new_token);
    let secret = match (&generated, form.webhook_secret.is_empty()) {
        (Some(new), _) => new.clone(),
        (None, false) => form.webhook_secret.clone(),
        (None, true) => department.webhook_secret.clone(),
    };
    let tx = db::begin_write(&state.db).await?;
    let mut row: department::ActiveModel = department.clone().into();
    row.webhook_url = Set(form.webhook_url.clone());
    row.webhook_secret = Set(secret);
    let updated = row.update(&tx).await?;
    staff_department::Entity::delete_many()
        .filter(staff_department::Column::DepartmentId.eq(id))
        .exec(&tx)
        .await?;
    let chosen: HashSet<i32> = form
        .staff
        .iter()
        .copied()
        .filter(|s| offered.contains(s))
        .collect();
    for staff_user_id in &chosen {
        staff_department::ActiveModel {
            staff_user_id: Set(*staff_user_id),
            department_id: Set(id),
        }
        .insert(&tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(
        department = id,
        staff = chosen.len(),
        webhook = !updated.webhook_url.is_empty(),
        "department updated"
    );
    match generated {
        Some(secret) => secret_page(&page, &updated, &secret),
        None => Ok(Redirect::to(&format!("/beheer/afdelingen/{id}?opgeslagen=1")).into_response()),
    }
}

/// A new random key replaces the old one; the answer page is the only place it is shown.
pub async fn new_secret(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let department = find(&state, id).await?;
    let secret = new_token();
    let tx = db::begin_write(&state.db).await?;
    let mut row: department::ActiveModel = department.into();
    row.webhook_secret = Set(secret.clone());
    let updated = row.update(&tx).await?;
    tx.commit().await?;
    tracing::info!(department = id, "webhook key replaced");
    secret_page(&page, &updated, &secret)
}

fn secret_page(page: &Page, department: &department::Model, secret: &str) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("department", department);
    context.insert("secret", secret);
    let mut response = page.render("admin/departments_secret.html", context)?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_go_to_web_addresses_only() {
        assert!(is_web_address("https://planning.lier.be/loket"));
        assert!(is_web_address("http://127.0.0.1:8081/hook"));
        assert!(!is_web_address("ftp://planning.lier.be/"));
        assert!(!is_web_address("file:///etc/passwd"));
        assert!(!is_web_address("planning.lier.be/loket"));
        assert!(!is_web_address("javascript:alert(1)"));
    }

    #[test]
    fn a_key_is_shown_by_its_last_four_characters() {
        assert_eq!(secret_hint(""), "");
        assert_eq!(secret_hint("abc"), "…abc");
        assert_eq!(secret_hint("0123456789abcdef"), "…cdef");
    }
}
