//! The staff JSON API for complaints and reports (`/api/v1/cases/...`, handler role and up, a
//! Bearer token or a session): what a work-planning system needs to follow the cases and to
//! set a report's planned date and its resolution.

use super::service::{self, By, CaseError, Change, status_of};
use crate::{
    auth::current_user::{CurrentUser, Staff, require_role},
    clock::local_day,
    domain::{cases::CaseKind, role::Role},
    entities::{case_category, department, service_case},
    error::{AppError, AppResult, InvalidParam},
    state::AppState,
    web::i18n::Lang,
};
use axum::{
    Json, Router,
    extract::{Path, Query, State, rejection::JsonRejection},
    http::{HeaderMap, header::AUTHORIZATION},
    middleware,
    routing::{get, post},
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// The most cases one list returns; ask again with `updated_since` for the rest.
const LIST_LIMIT: u64 = 500;
const TEXT_MAX: usize = 4000;

pub fn api_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/cases", get(list_cases))
        .route("/api/v1/cases/{reference}", get(get_case))
        .route("/api/v1/cases/{reference}/schedule", post(schedule_case))
        .route("/api/v1/cases/{reference}/resolve", post(resolve_case))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Handler),
            require_role,
        ))
}

#[derive(Serialize, ToSchema)]
pub struct CaseJson {
    /// `M-2026-000123` (report) or `K-2026-000045` (complaint).
    pub reference: String,
    /// report | complaint
    pub kind: String,
    /// One of the states of the kind, e.g. received, triaged, scheduled, resolved.
    pub status: String,
    /// Whether the municipality still has to act.
    pub open: bool,
    /// The category's code.
    pub category: String,
    pub category_name: String,
    /// The code of the handling department.
    pub department: String,
    pub description: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// web | open311 | api | counter | phone | email
    pub channel: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// The date promised to the resident (YYYY-MM-DD).
    pub due_on: String,
    pub scheduled_on: Option<String>,
    pub closed_at: Option<String>,
    pub closing_text: String,
    /// RFC 3339, UTC; the value to pass as `updated_since` to follow changes.
    pub updated_at: String,
    /// The resident's contact data: only for handlers of the case's department, managers and
    /// administrators, and only on a single case.
    pub contact: Option<ContactJson>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactJson {
    pub name: String,
    pub email: String,
    pub phone: String,
}

#[derive(Deserialize, IntoParams)]
pub struct CaseQuery {
    /// report | complaint
    kind: Option<String>,
    /// A state, e.g. scheduled.
    status: Option<String>,
    /// A department's code.
    department: Option<String>,
    /// RFC 3339: only cases changed at or after this moment, oldest change first.
    updated_since: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ScheduleRequest {
    /// The planned date, YYYY-MM-DD, today or later.
    #[serde(default)]
    pub date: Option<String>,
    /// Mailed to the resident with the date (may be empty).
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ResolveRequest {
    /// What was done; mailed to the resident. Required.
    #[serde(default)]
    pub closing_text: Option<String>,
}

fn invalid(name: &str, key: &str) -> AppError {
    AppError::Invalid(vec![InvalidParam {
        name: name.to_owned(),
        reason: Lang::Nl.text(key),
    }])
}

fn body<T>(body: Result<Json<T>, JsonRejection>) -> AppResult<T> {
    body.map(|Json(b)| b)
        .map_err(|e| AppError::BadRequest(e.body_text()))
}

fn moment(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Text as sent, without control characters a database cannot store.
fn clean(raw: Option<String>) -> String {
    raw.unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

fn case_error(error: CaseError) -> AppError {
    match error {
        CaseError::NotFound => AppError::NotFound,
        CaseError::Transition(_) => AppError::Conflict(Lang::Nl.text("cases-api-not-allowed")),
        CaseError::Mail(e) => e.into(),
        CaseError::Database(e) => e.into(),
        other => AppError::Internal(other.to_string()),
    }
}

/// Names for the codes: categories and departments by id.
struct Names {
    categories: HashMap<i32, case_category::Model>,
    departments: HashMap<i32, String>,
}

impl Names {
    async fn load(state: &AppState) -> AppResult<Self> {
        Ok(Self {
            categories: case_category::Entity::find()
                .all(&state.db)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect(),
            departments: department::Entity::find()
                .all(&state.db)
                .await?
                .into_iter()
                .map(|d| (d.id, d.code))
                .collect(),
        })
    }

    fn json(&self, case: service_case::Model, with_contact: bool) -> CaseJson {
        let category = self.categories.get(&case.category_id);
        CaseJson {
            open: status_of(&case).is_open(),
            category: category.map(|c| c.code.clone()).unwrap_or_default(),
            category_name: category.map(|c| c.name.clone()).unwrap_or_default(),
            department: self
                .departments
                .get(&case.department_id)
                .cloned()
                .unwrap_or_default(),
            received_at: moment(case.received_at),
            due_on: case.due_on.to_string(),
            scheduled_on: case.scheduled_on.map(|d| d.to_string()),
            closed_at: case.closed_at.map(moment),
            updated_at: moment(case.updated_at),
            contact: with_contact.then_some(ContactJson {
                name: case.name,
                email: case.email,
                phone: case.phone,
            }),
            reference: case.reference,
            kind: case.kind,
            status: case.status,
            description: case.description,
            address: case.address,
            latitude: case.latitude,
            longitude: case.longitude,
            channel: case.channel,
            closing_text: case.closing_text,
        }
    }
}

/// Contact data is for the handlers of the case's department and for managers and up.
async fn sees_contact(
    state: &AppState,
    user: &CurrentUser,
    case: &service_case::Model,
) -> AppResult<bool> {
    Ok(user.role.includes(Role::Manager)
        || service::works_in(&state.db, user.id, case.department_id).await?)
}

async fn by_reference(state: &AppState, reference: &str) -> AppResult<service_case::Model> {
    service_case::Entity::find()
        .filter(service_case::Column::Reference.eq(reference.trim()))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A program with a token acts as itself; a signed-in handler as themselves.
fn actor(user: &CurrentUser, headers: &HeaderMap) -> By {
    let name = if user.display_name.is_empty() {
        user.email.clone()
    } else {
        user.display_name.clone()
    };
    if headers.contains_key(AUTHORIZATION) {
        By::Api { name }
    } else {
        By::Staff {
            id: user.id,
            name,
            role: user.role,
        }
    }
}

/// Complaints and reports, oldest change first, at most 500; without contact data.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", security(("bearer" = [])),
    params(CaseQuery),
    responses((status = 200, body = Vec<CaseJson>), (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the handler role"),
              (status = 422, description = "Unknown kind, status or department, or a bad date, in invalid-params")))]
pub async fn list_cases(
    State(state): State<AppState>,
    Query(filters): Query<CaseQuery>,
) -> AppResult<Json<Vec<CaseJson>>> {
    let mut query = service_case::Entity::find();
    if let Some(kind) = filters.kind.as_deref().filter(|k| !k.is_empty()) {
        let kind: CaseKind = kind
            .parse()
            .map_err(|_| invalid("kind", "cases-api-unknown-kind"))?;
        query = query.filter(service_case::Column::Kind.eq(kind.as_str()));
    }
    if let Some(status) = filters.status.as_deref().filter(|s| !s.is_empty()) {
        let status: crate::domain::cases::Status = status
            .parse()
            .map_err(|_| invalid("status", "cases-api-unknown-status"))?;
        query = query.filter(service_case::Column::Status.eq(status.as_str()));
    }
    if let Some(code) = filters.department.as_deref().filter(|d| !d.is_empty()) {
        let department = department::Entity::find()
            .filter(department::Column::Code.eq(code.trim()))
            .one(&state.db)
            .await?
            .ok_or_else(|| invalid("department", "cases-api-unknown-department"))?;
        query = query.filter(service_case::Column::DepartmentId.eq(department.id));
    }
    if let Some(since) = filters.updated_since.as_deref().filter(|s| !s.is_empty()) {
        let since = DateTime::parse_from_rfc3339(since.trim())
            .map_err(|_| invalid("updated_since", "cases-api-bad-moment"))?;
        query = query.filter(service_case::Column::UpdatedAt.gte(since.with_timezone(&Utc)));
    }
    let cases = query
        .order_by_asc(service_case::Column::UpdatedAt)
        .order_by_asc(service_case::Column::Id)
        .limit(LIST_LIMIT)
        .all(&state.db)
        .await?;
    let names = Names::load(&state).await?;
    Ok(Json(
        cases.into_iter().map(|c| names.json(c, false)).collect(),
    ))
}

/// One case; with the resident's contact data for those who may see it.
#[utoipa::path(get, path = "/api/v1/cases/{reference}", tag = "cases", security(("bearer" = [])),
    params(("reference" = String, Path, description = "e.g. M-2026-000123")),
    responses((status = 200, body = CaseJson), (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the handler role"), (status = 404, description = "No such case")))]
pub async fn get_case(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(reference): Path<String>,
) -> AppResult<Json<CaseJson>> {
    let case = by_reference(&state, &reference).await?;
    let contact = sees_contact(&state, &user, &case).await?;
    Ok(Json(Names::load(&state).await?.json(case, contact)))
}

/// Plans a report's work on a date; the resident gets the date (and the message) by e-mail.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/schedule", tag = "cases", security(("bearer" = [])),
    params(("reference" = String, Path, description = "A report, e.g. M-2026-000123")),
    request_body = ScheduleRequest,
    responses((status = 200, body = CaseJson), (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the handler role"), (status = 404, description = "No such case"),
              (status = 409, description = "The case cannot be scheduled in its state (a complaint, or closed)"),
              (status = 422, description = "Bad date or message, in invalid-params")))]
pub async fn schedule_case(
    State(state): State<AppState>,
    Staff(user): Staff,
    headers: HeaderMap,
    Path(reference): Path<String>,
    request: Result<Json<ScheduleRequest>, JsonRejection>,
) -> AppResult<Json<CaseJson>> {
    let request = body(request)?;
    let raw_date = clean(request.date);
    let on: NaiveDate = match raw_date.parse() {
        Ok(on) => on,
        Err(_) if raw_date.is_empty() => return Err(invalid("date", "cases-api-date-missing")),
        Err(_) => return Err(invalid("date", "cases-api-date")),
    };
    if on < local_day(state.clock.now()) {
        return Err(invalid("date", "cases-api-date-past"));
    }
    let message = clean(request.message);
    if message.chars().count() > TEXT_MAX {
        return Err(invalid("message", "cases-api-too-long"));
    }
    let case = by_reference(&state, &reference).await?;
    let updated = service::apply(
        &state,
        case.id,
        Change::Schedule { on, message },
        &actor(&user, &headers),
    )
    .await
    .map_err(case_error)?;
    let contact = sees_contact(&state, &user, &updated).await?;
    Ok(Json(Names::load(&state).await?.json(updated, contact)))
}

/// Closes a report as resolved; the resident gets the closing text by e-mail.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/resolve", tag = "cases", security(("bearer" = [])),
    params(("reference" = String, Path, description = "A report, e.g. M-2026-000123")),
    request_body = ResolveRequest,
    responses((status = 200, body = CaseJson), (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the handler role"), (status = 404, description = "No such case"),
              (status = 409, description = "The case cannot be resolved in its state (a complaint, or closed)"),
              (status = 422, description = "Missing or too long closing_text, in invalid-params")))]
pub async fn resolve_case(
    State(state): State<AppState>,
    Staff(user): Staff,
    headers: HeaderMap,
    Path(reference): Path<String>,
    request: Result<Json<ResolveRequest>, JsonRejection>,
) -> AppResult<Json<CaseJson>> {
    let request = body(request)?;
    let closing_text = clean(request.closing_text);
    if closing_text.is_empty() {
        return Err(invalid("closing_text", "cases-api-closing-text-missing"));
    }
    if closing_text.chars().count() > TEXT_MAX {
        return Err(invalid("closing_text", "cases-api-too-long"));
    }
    let case = by_reference(&state, &reference).await?;
    let updated = service::apply(
        &state,
        case.id,
        Change::Resolve { closing_text },
        &actor(&user, &headers),
    )
    .await
    .map_err(case_error)?;
    let contact = sees_contact(&state, &user, &updated).await?;
    Ok(Json(Names::load(&state).await?.json(updated, contact)))
}
