//! The front-office JSON API: the live queue and the counters for everyone; tickets, check-ins
//! and calling visitors for staff (frontoffice and up, with a Bearer token or a session).

use super::{
    actions,
    service::{self, Outcome, QueueError},
    status::{QueueStatus, queue_status},
};
use crate::{
    auth::current_user::require_role,
    domain::role::Role,
    entities::{cluster, counter, visit},
    error::{AppError, AppResult, InvalidParam},
    state::AppState,
    web::i18n::Lang,
};
use axum::{
    Json, Router,
    extract::{Path, State, rejection::JsonRejection},
    http::StatusCode,
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

pub fn api_routes(state: AppState) -> Router<AppState> {
    let staff = Router::new()
        .route("/api/v1/tickets", post(issue_ticket))
        .route("/api/v1/checkins", post(check_in))
        .route("/api/v1/counters/{id}/call-next", post(call_next))
        .route("/api/v1/visits/{id}/served", post(served))
        .route("/api/v1/visits/{id}/no-show", post(no_show))
        .route("/api/v1/visits/{id}/recall", post(recall))
        .route("/api/v1/visits/{id}/transfer", post(transfer))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Frontoffice),
            require_role,
        ));
    Router::new()
        .route("/api/v1/clusters/{code}/queue", get(queue))
        .route("/api/v1/counters", get(counters))
        .merge(staff)
}

fn invalid(name: &str, key: &str) -> AppError {
    AppError::Invalid(vec![InvalidParam {
        name: name.to_owned(),
        reason: Lang::Nl.text(key),
    }])
}

fn conflict(key: &str) -> AppError {
    AppError::Conflict(Lang::Nl.text(key))
}

/// The problem for a queue error; `field` names the request field a bad value came from.
fn queue_error(error: QueueError) -> AppError {
    match error {
        QueueError::UnknownReference => invalid("reference", "queue-api-unknown-reference"),
        QueueError::NotToday => invalid("reference", "queue-api-not-today"),
        QueueError::AlreadyCheckedIn => conflict("queue-api-already-checked-in"),
        QueueError::NumbersUsedUp => conflict("queue-api-numbers-used-up"),
        QueueError::NotOpen => conflict("queue-api-not-open"),
        QueueError::Ticket(e) => AppError::Internal(e.to_string()),
        QueueError::Database(e) => AppError::Database(e),
    }
}

async fn cluster_by_code(state: &AppState, code: &str) -> AppResult<Option<cluster::Model>> {
    Ok(cluster::Entity::find()
        .filter(cluster::Column::Code.eq(code.trim()))
        .one(&state.db)
        .await?)
}

/// How many wait in a cluster, and the estimated wait for someone joining now.
#[utoipa::path(get, path = "/api/v1/clusters/{code}/queue", tag = "front office",
    params(("code" = String, Path, description = "The cluster's code, e.g. burgerzaken")),
    responses((status = 200, body = QueueStatus), (status = 404, description = "No such cluster")))]
pub async fn queue(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Json<QueueStatus>> {
    let cluster = cluster_by_code(&state, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        queue_status(&state.db, &cluster, state.clock.now()).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CounterJson {
    pub id: i32,
    /// As the call display shows it, e.g. "Loket 2".
    pub name: String,
    pub code: String,
    /// The code of the cluster the counter serves.
    pub cluster: String,
    pub active: bool,
}

/// The counters, by cluster.
#[utoipa::path(get, path = "/api/v1/counters", tag = "front office",
    responses((status = 200, body = Vec<CounterJson>)))]
pub async fn counters(State(state): State<AppState>) -> AppResult<Json<Vec<CounterJson>>> {
    let clusters: HashMap<i32, cluster::Model> = cluster::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut all = counter::Entity::find()
        .order_by_asc(counter::Column::Id)
        .all(&state.db)
        .await?;
    all.sort_by_key(|c| {
        (
            clusters.get(&c.cluster_id).map(|k| k.position),
            c.code.clone(),
        )
    });
    Ok(Json(
        all.into_iter()
            .map(|c| CounterJson {
                cluster: clusters
                    .get(&c.cluster_id)
                    .map(|k| k.code.clone())
                    .unwrap_or_default(),
                id: c.id,
                name: c.name,
                code: c.code,
                active: c.active,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct TicketRequest {
    /// The cluster's code.
    pub cluster: String,
}

#[derive(Serialize, ToSchema)]
pub struct TicketJson {
    pub visit_id: i32,
    /// The ticket number, e.g. "B007".
    pub number: String,
    pub cluster: String,
    /// How many visitors waited in the cluster when the ticket was issued.
    pub waiting_ahead: u64,
    pub estimated_wait_seconds: i64,
}

fn body<T>(body: Result<Json<T>, JsonRejection>) -> AppResult<T> {
    body.map(|Json(b)| b)
        .map_err(|e| AppError::BadRequest(e.body_text()))
}

/// A walk-in ticket, as the kiosk gives it.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "front office", security(("bearer" = [])),
    request_body = TicketRequest,
    responses((status = 201, body = TicketJson), (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the frontoffice role"),
              (status = 409, description = "All numbers of today are used"),
              (status = 422, description = "Unknown cluster, in invalid-params")))]
pub async fn issue_ticket(
    State(state): State<AppState>,
    request: Result<Json<TicketRequest>, JsonRejection>,
) -> AppResult<Response> {
    let request = body(request)?;
    let cluster = cluster_by_code(&state, &request.cluster)
        .await?
        .ok_or_else(|| invalid("cluster", "queue-api-unknown-cluster"))?;
    let now = state.clock.now();
    let visit = service::issue_ticket(&state.db, &cluster, now)
        .await
        .map_err(queue_error)?;
    let status = queue_status(&state.db, &cluster, now).await?;
    // Everyone waiting besides this ticket is ahead; the estimate is linear in the queue.
    let ahead = status.waiting.saturating_sub(1);
    let estimate = if status.waiting == 0 {
        0
    } else {
        status.estimated_wait_seconds * ahead as i64 / status.waiting as i64
    };
    let json = TicketJson {
        visit_id: visit.id,
        number: visit.ticket,
        cluster: cluster.code,
        waiting_ahead: ahead,
        estimated_wait_seconds: estimate,
    };
    Ok((StatusCode::CREATED, Json(json)).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct CheckInRequest {
    /// The appointment's reference, as typed or scanned ("A-7K3M-9PQX"; case and dashes do not matter).
    pub reference: String,
}

#[derive(Serialize, ToSchema)]
pub struct CheckInJson {
    pub visit_id: i32,
    pub number: String,
    pub cluster: String,
    /// More than the cluster's grace period late: queued as a walk-in.
    pub late: bool,
}

/// Checks in today's appointment.
#[utoipa::path(post, path = "/api/v1/checkins", tag = "front office", security(("bearer" = [])),
    request_body = CheckInRequest,
    responses((status = 201, body = CheckInJson), (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the frontoffice role"),
              (status = 409, description = "Already checked in"),
              (status = 422, description = "Unknown reference, or not today, in invalid-params")))]
pub async fn check_in(
    State(state): State<AppState>,
    request: Result<Json<CheckInRequest>, JsonRejection>,
) -> AppResult<Response> {
    let request = body(request)?;
    if request.reference.trim().is_empty() {
        return Err(invalid("reference", "queue-api-unknown-reference"));
    }
    let checked = service::check_in(&state.db, &request.reference, state.clock.now())
        .await
        .map_err(queue_error)?;
    let cluster = cluster::Entity::find_by_id(checked.visit.cluster_id)
        .one(&state.db)
        .await?;
    let json = CheckInJson {
        visit_id: checked.visit.id,
        number: checked.visit.ticket,
        cluster: cluster.map(|c| c.code).unwrap_or_default(),
        late: checked.late,
    };
    Ok((StatusCode::CREATED, Json(json)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct VisitJson {
    pub visit_id: i32,
    pub number: String,
    /// The cluster's code.
    pub cluster: String,
    /// The name of the counter that called the visitor, once called.
    pub counter: Option<String>,
    pub counter_id: Option<i32>,
    /// walk_in | appointment
    pub kind: String,
    /// waiting | called | done
    pub status: String,
    /// Empty while open; served | no_show | abandoned | transferred
    pub outcome: String,
    /// RFC 3339, UTC: when the visitor could be called.
    pub ready_at: String,
    pub called_at: Option<String>,
    pub finished_at: Option<String>,
}

async fn visit_json(state: &AppState, visit: visit::Model) -> AppResult<VisitJson> {
    let cluster = cluster::Entity::find_by_id(visit.cluster_id)
        .one(&state.db)
        .await?;
    let counter = match visit.counter_id {
        Some(id) => counter::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    Ok(VisitJson {
        visit_id: visit.id,
        number: visit.ticket,
        cluster: cluster.map(|c| c.code).unwrap_or_default(),
        counter: counter.map(|c| c.name),
        counter_id: visit.counter_id,
        kind: visit.kind,
        status: visit.status,
        outcome: visit.outcome,
        ready_at: visit.ready_at.to_rfc3339(),
        called_at: visit.called_at.map(|t| t.to_rfc3339()),
        finished_at: visit.finished_at.map(|t| t.to_rfc3339()),
    })
}

/// The counter calls its next visitor (the one before counts as served); displays hear it.
#[utoipa::path(post, path = "/api/v1/counters/{id}/call-next", tag = "front office", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The counter")),
    responses((status = 200, body = VisitJson, description = "The visitor called"),
              (status = 204, description = "Nobody waits"),
              (status = 401, description = "No valid token or session"),
              (status = 403, description = "Below the frontoffice role"),
              (status = 404, description = "No such counter"),
              (status = 409, description = "The counter is not in use")))]
pub async fn call_next(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let counter = counter::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !counter.active {
        return Err(conflict("queue-api-counter-inactive"));
    }
    match actions::call_next(&state, &counter)
        .await
        .map_err(queue_error)?
    {
        Some(called) => Ok(Json(visit_json(&state, called).await?).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

async fn finish(state: &AppState, id: i32, outcome: Outcome) -> AppResult<Json<VisitJson>> {
    let done = service::finish(&state.db, id, outcome, state.clock.now())
        .await
        .map_err(queue_error)?;
    Ok(Json(visit_json(state, done).await?))
}

/// The called visitor has been served.
#[utoipa::path(post, path = "/api/v1/visits/{id}/served", tag = "front office", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The visit")),
    responses((status = 200, body = VisitJson), (status = 401, description = "No valid token or session"),
              (status = 409, description = "The visit is not called (not open)")))]
pub async fn served(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Json<VisitJson>> {
    finish(&state, id, Outcome::Served).await
}

/// The called visitor did not come to the counter.
#[utoipa::path(post, path = "/api/v1/visits/{id}/no-show", tag = "front office", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The visit")),
    responses((status = 200, body = VisitJson), (status = 401, description = "No valid token or session"),
              (status = 409, description = "The visit is not called (not open)")))]
pub async fn no_show(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Json<VisitJson>> {
    finish(&state, id, Outcome::NoShow).await
}

/// Calls the same visitor again; displays show the number once more.
#[utoipa::path(post, path = "/api/v1/visits/{id}/recall", tag = "front office", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The visit")),
    responses((status = 200, body = VisitJson), (status = 401, description = "No valid token or session"),
              (status = 409, description = "The visit is not called (not open)")))]
pub async fn recall(
    State(state): State<AppState>,
    Path(id): Path<i32>,
) -> AppResult<Json<VisitJson>> {
    let called = actions::recall(&state, id).await.map_err(queue_error)?;
    Ok(Json(visit_json(&state, called).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct TransferRequest {
    /// The code of the cluster whose queue the visitor joins.
    pub cluster: String,
}

/// Moves the visitor to another cluster's queue: a new leg with the same ticket, ready now.
#[utoipa::path(post, path = "/api/v1/visits/{id}/transfer", tag = "front office", security(("bearer" = [])),
    params(("id" = i32, Path, description = "The visit")), request_body = TransferRequest,
    responses((status = 200, body = VisitJson, description = "The new leg"),
              (status = 401, description = "No valid token or session"),
              (status = 409, description = "The visit is not open"),
              (status = 422, description = "Unknown cluster, in invalid-params")))]
pub async fn transfer(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    request: Result<Json<TransferRequest>, JsonRejection>,
) -> AppResult<Json<VisitJson>> {
    let request = body(request)?;
    let to = cluster_by_code(&state, &request.cluster)
        .await?
        .ok_or_else(|| invalid("cluster", "queue-api-unknown-cluster"))?;
    let leg = service::transfer(&state.db, id, &to, state.clock.now())
        .await
        .map_err(queue_error)?;
    Ok(Json(visit_json(&state, leg).await?))
}
