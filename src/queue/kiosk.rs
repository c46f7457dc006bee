//! `/kiosk`: the touch screen in the town hall. A walk-in takes a ticket for a cluster; a
//! resident with an appointment types (or scans) the reference and is checked in.

use super::{
    is_late_arrival, minutes_up,
    service::{self, QueueError},
    status, waiting_in_call_order,
};
use crate::{
    catalogue::service as catalogue,
    entities::{cluster, visit},
    error::{AppError, AppResult},
    state::AppState,
    web::{forms::FieldErrors, page::Page},
};
use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use tera::Context;

/// A ticket for a cluster, or for a product (the ticket is then for the product's cluster).
#[derive(Deserialize, Serialize, Default)]
pub struct TicketForm {
    #[serde(default)]
    cluster: String,
    #[serde(default)]
    product: String,
}

/// How many of the most asked-for products the kiosk offers as buttons.
const KIOSK_PRODUCTS: usize = 8;

#[derive(Deserialize, Serialize, Default)]
pub struct CheckInForm {
    #[serde(default)]
    reference: String,
}

async fn render_kiosk(
    state: &AppState,
    page: &Page,
    form: &CheckInForm,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let clusters = catalogue::clusters(&state.db).await?;
    let mut products: Vec<_> = catalogue::published(&state.db)
        .await?
        .into_iter()
        .filter(|p| p.channels.0.iter().any(|c| c == "counter"))
        .collect();
    products.sort_by_key(|p| std::cmp::Reverse(p.popularity));
    products.truncate(KIOSK_PRODUCTS);
    let mut context = Context::new();
    context.insert("clusters", &clusters);
    context.insert("products", &products);
    context.insert("form", form);
    context.insert("errors", errors);
    if errors.is_empty() {
        page.render("queue/kiosk.html", context)
    } else {
        page.render_invalid("queue/kiosk.html", context)
    }
}

pub async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    render_kiosk(
        &state,
        &page,
        &CheckInForm::default(),
        &FieldErrors::default(),
    )
    .await
}

pub async fn take_ticket(
    State(state): State<AppState>,
    Form(form): Form<TicketForm>,
) -> AppResult<Response> {
    let product_cluster = match form.product.as_str() {
        "" => None,
        slug => catalogue::by_slug(&state.db, slug)
            .await?
            .map(|p| p.cluster_id),
    };
    let cluster = catalogue::clusters(&state.db)
        .await?
        .into_iter()
        .find(|c| {
            Some(c.id) == product_cluster || (product_cluster.is_none() && c.code == form.cluster)
        })
        .ok_or_else(|| AppError::BadRequest("unknown cluster or product".into()))?;
    let visit = service::issue_ticket(&state.db, &cluster, state.clock.now())
        .await
        .map_err(queue_error_into_app)?;
    Ok(Redirect::to(&format!("/kiosk/volgnummer/{}", visit.id)).into_response())
}

pub async fn check_in(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<CheckInForm>,
) -> AppResult<Response> {
    let key = match service::check_in(&state.db, &form.reference, state.clock.now()).await {
        Ok(done) => {
            return Ok(
                Redirect::to(&format!("/kiosk/volgnummer/{}", done.visit.id)).into_response(),
            );
        }
        Err(QueueError::UnknownReference) if form.reference.trim().is_empty() => {
            "kiosk-error-reference-empty"
        }
        Err(QueueError::UnknownReference) => "kiosk-error-reference-unknown",
        Err(QueueError::NotToday) => "kiosk-error-not-today",
        Err(QueueError::AlreadyCheckedIn) => "kiosk-error-already-checked-in",
        Err(other) => return Err(queue_error_into_app(other)),
    };
    let mut errors = FieldErrors::default();
    errors.add(page.lang, "reference", key);
    render_kiosk(&state, &page, &form, &errors).await
}

#[derive(Serialize)]
struct TicketView {
    ticket: String,
    cluster: String,
    /// walk_in | appointment | late
    kind: &'static str,
    open: bool,
    ahead: usize,
    wait_minutes: i64,
}

/// The ticket as the kiosk shows and prints it, with the live number ahead and the estimate.
pub async fn ticket(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let visit = visit::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|v| v.day == crate::clock::local_day(state.clock.now()))
        .ok_or(AppError::NotFound)?;
    let cluster = cluster::Entity::find_by_id(visit.cluster_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let queue = status::queue_status(&state.db, &cluster, now).await?;
    let order = waiting_in_call_order(&state.db, &cluster, now).await?;
    let open = visit.status == service::WAITING;
    let ahead = order.iter().position(|v| v.id == visit.id).unwrap_or(0);
    // The estimate grows linearly with the people ahead: scale the cluster's estimate.
    let wait_seconds = if queue.waiting == 0 {
        0
    } else {
        queue.estimated_wait_seconds * ahead as i64 / queue.waiting as i64
    };
    let view = TicketView {
        ticket: visit.ticket.clone(),
        cluster: cluster.name.clone(),
        kind: if is_late_arrival(&visit) {
            "late"
        } else if visit.kind == service::APPOINTMENT {
            "appointment"
        } else {
            "walk_in"
        },
        open,
        ahead,
        wait_minutes: minutes_up(wait_seconds),
    };
    let mut context = Context::new();
    context.insert("ticket", &view);
    page.render("queue/ticket.html", context)
}

pub(crate) fn queue_error_into_app(error: QueueError) -> AppError {
    match error {
        QueueError::Database(e) => AppError::Database(e),
        QueueError::NotOpen => AppError::Conflict(error.to_string()),
        other => AppError::Internal(other.to_string()),
    }
}
