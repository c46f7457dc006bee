//! `/balie`: the counter console. Choose your counter (kept in the URL), call the next
//! visitor, call again, close the visit or send the visitor to another cluster; see who waits
//! and which appointments are still to come today.

use super::{
    actions, is_late_arrival,
    kiosk::queue_error_into_app,
    minutes_up,
    service::{self, Outcome, QueueError},
    status, waiting_in_call_order,
};
use crate::{
    appointments::schedule::BOOKED,
    catalogue::service as catalogue,
    clock::TIME_ZONE,
    domain::slots::local_to_utc,
    entities::{appointment, cluster, counter, product, visit},
    error::{AppError, AppResult},
    state::AppState,
    web::page::Page,
};
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{NaiveTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use tera::Context;

#[derive(Serialize)]
struct CounterGroup {
    cluster: String,
    counters: Vec<counter::Model>,
}

/// The list of active counters, per cluster.
pub async fn choose(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let clusters = catalogue::clusters(&state.db).await?;
    let counters = counter::Entity::find()
        .filter(counter::Column::Active.eq(true))
        .order_by_asc(counter::Column::Code)
        .all(&state.db)
        .await?;
    let groups: Vec<CounterGroup> = clusters
        .into_iter()
        .map(|c| CounterGroup {
            counters: counters
                .iter()
                .filter(|k| k.cluster_id == c.id)
                .cloned()
                .collect(),
            cluster: c.name,
        })
        .filter(|g| !g.counters.is_empty())
        .collect();
    let mut context = Context::new();
    context.insert("groups", &groups);
    page.render("queue/choose.html", context)
}

#[derive(Deserialize)]
pub struct Chosen {
    loket: i32,
}

/// The counter chosen in the form goes into the URL, so a bookmark opens it again.
pub async fn chosen(Query(chosen): Query<Chosen>) -> Response {
    Redirect::to(&format!("/balie/loket/{}", chosen.loket)).into_response()
}

async fn counter_and_cluster(
    state: &AppState,
    id: i32,
) -> AppResult<(counter::Model, cluster::Model)> {
    let counter = counter::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|c| c.active)
        .ok_or(AppError::NotFound)?;
    let cluster = cluster::Entity::find_by_id(counter.cluster_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((counter, cluster))
}

#[derive(Serialize)]
struct VisitRow {
    id: i32,
    ticket: String,
    /// walk_in | appointment
    kind: String,
    late: bool,
    /// Minutes since the visit became ready (the wait so far, or the wait until the call).
    waited: i64,
    /// "HH:MM" when the visit is not ready yet (an appointment checked in early).
    ready_from: Option<String>,
    reference: Option<String>,
    appointment_time: Option<String>,
}

#[derive(Serialize)]
struct Upcoming {
    time: String,
    reference: String,
    product: String,
    name: String,
}

#[derive(Deserialize, Default)]
pub struct ConsoleQuery {
    #[serde(default)]
    melding: String,
}

/// Notices after an action, by the code in `?melding=`.
const NOTICES: [&str; 4] = ["niemand", "verwezen", "gesloten", "niet-open"];

fn local_time(moment: chrono::DateTime<Utc>) -> String {
    moment.with_timezone(&TIME_ZONE).format("%H:%M").to_string()
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(query): Query<ConsoleQuery>,
) -> AppResult<Response> {
    let (counter, cluster) = counter_and_cluster(&state, id).await?;
    let now = state.clock.now();
    let references: HashMap<i32, appointment::Model> = {
        let today = state.clock.today();
        let start = local_to_utc(TIME_ZONE, today, NaiveTime::MIN).ok_or(AppError::NotFound)?;
        let end = local_to_utc(TIME_ZONE, today.succ_opt().unwrap_or(today), NaiveTime::MIN)
            .ok_or(AppError::NotFound)?;
        appointment::Entity::find()
            .filter(appointment::Column::ClusterId.eq(cluster.id))
            .filter(appointment::Column::StartAt.gte(start))
            .filter(appointment::Column::StartAt.lt(end))
            .order_by_asc(appointment::Column::StartAt)
            .all(&state.db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let row = |v: &visit::Model, until: chrono::DateTime<Utc>| {
        let booked = v.appointment_id.and_then(|a| references.get(&a));
        VisitRow {
            id: v.id,
            ticket: v.ticket.clone(),
            kind: v.kind.clone(),
            late: is_late_arrival(v),
            waited: minutes_up((until - v.ready_at).num_seconds()),
            ready_from: (v.ready_at > now).then(|| local_time(v.ready_at)),
            reference: booked.map(|a| a.reference.clone()),
            appointment_time: booked.map(|a| local_time(a.start_at)),
        }
    };
    let current = visit::Entity::find()
        .filter(visit::Column::CounterId.eq(counter.id))
        .filter(visit::Column::Status.eq(service::CALLED))
        .order_by_desc(visit::Column::CalledAt)
        .one(&state.db)
        .await?
        .map(|v| row(&v, v.called_at.unwrap_or(now)));
    let waiting: Vec<VisitRow> = waiting_in_call_order(&state.db, &cluster, now)
        .await?
        .iter()
        .map(|v| row(v, now))
        .collect();
    // Today's booked appointments of the cluster not yet started or checked in.
    let checked_in: HashSet<i32> = visit::Entity::find()
        .filter(visit::Column::AppointmentId.is_in(references.keys().copied()))
        .all(&state.db)
        .await?
        .into_iter()
        .filter_map(|v| v.appointment_id)
        .collect();
    let products: HashMap<i32, String> = product::Entity::find()
        .filter(product::Column::ClusterId.eq(cluster.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut upcoming: Vec<&appointment::Model> = references
        .values()
        .filter(|a| a.status == BOOKED && a.end_at > now && !checked_in.contains(&a.id))
        .collect();
    upcoming.sort_by_key(|a| (a.start_at, a.id));
    let upcoming: Vec<Upcoming> = upcoming
        .into_iter()
        .map(|a| Upcoming {
            time: local_time(a.start_at),
            reference: a.reference.clone(),
            product: products.get(&a.product_id).cloned().unwrap_or_default(),
            name: a.name.clone(),
        })
        .collect();
    let others: Vec<cluster::Model> = catalogue::clusters(&state.db)
        .await?
        .into_iter()
        .filter(|c| c.id != cluster.id)
        .collect();
    let queue = status::queue_status(&state.db, &cluster, now).await?;
    let mut context = Context::new();
    context.insert("counter", &counter);
    context.insert("cluster", &cluster);
    context.insert("current", &current);
    context.insert("waiting", &waiting);
    context.insert("upcoming", &upcoming);
    context.insert("others", &others);
    context.insert("wait_minutes", &minutes_up(queue.estimated_wait_seconds));
    context.insert(
        "notice",
        &NOTICES.iter().find(|n| **n == query.melding).copied(),
    );
    page.render("queue/console.html", context)
}

fn back(id: i32, notice: Option<&str>) -> Response {
    let target = match notice {
        Some(code) => format!("/balie/loket/{id}?melding={code}"),
        None => format!("/balie/loket/{id}"),
    };
    Redirect::to(&target).into_response()
}

pub async fn next(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Response> {
    let (counter, _) = counter_and_cluster(&state, id).await?;
    let called = actions::call_next(&state, &counter)
        .await
        .map_err(queue_error_into_app)?;
    Ok(back(id, called.is_none().then_some("niemand")))
}

#[derive(Deserialize, Default)]
pub struct VisitForm {
    #[serde(default)]
    visit: i32,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    cluster: String,
}

/// The visit the form names, when this counter has it called now; a stale page (another
/// action came first) gets a notice instead of acting on someone else.
async fn open_here(state: &AppState, counter_id: i32, visit_id: i32) -> AppResult<Option<i32>> {
    Ok(visit::Entity::find_by_id(visit_id)
        .one(&state.db)
        .await?
        .filter(|v| v.status == service::CALLED && v.counter_id == Some(counter_id))
        .map(|v| v.id))
}

fn settled<T>(id: i32, result: Result<T, QueueError>, notice: Option<&str>) -> AppResult<Response> {
    match result {
        Ok(_) => Ok(back(id, notice)),
        Err(QueueError::NotOpen) => Ok(back(id, Some("niet-open"))),
        Err(e) => Err(queue_error_into_app(e)),
    }
}

pub async fn recall(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    Form(form): Form<VisitForm>,
) -> AppResult<Response> {
    counter_and_cluster(&state, id).await?;
    let Some(visit) = open_here(&state, id, form.visit).await? else {
        return Ok(back(id, Some("niet-open")));
    };
    settled(id, actions::recall(&state, visit).await, None)
}

pub async fn finish(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    Form(form): Form<VisitForm>,
) -> AppResult<Response> {
    counter_and_cluster(&state, id).await?;
    let outcome = match form.outcome.as_str() {
        "served" => Outcome::Served,
        "no_show" => Outcome::NoShow,
        _ => return Err(AppError::BadRequest("outcome: served or no_show".into())),
    };
    let Some(visit) = open_here(&state, id, form.visit).await? else {
        return Ok(back(id, Some("niet-open")));
    };
    let result = service::finish(&state.db, visit, outcome, state.clock.now()).await;
    settled(id, result, Some("gesloten"))
}

pub async fn transfer(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    Form(form): Form<VisitForm>,
) -> AppResult<Response> {
    let (_, here) = counter_and_cluster(&state, id).await?;
    let to = catalogue::clusters(&state.db)
        .await?
        .into_iter()
        .find(|c| c.code == form.cluster && c.id != here.id)
        .ok_or_else(|| AppError::BadRequest("unknown cluster".into()))?;
    let Some(visit) = open_here(&state, id, form.visit).await? else {
        return Ok(back(id, Some("niet-open")));
    };
    let result = service::transfer(&state.db, visit, &to, state.clock.now()).await;
    settled(id, result, Some("verwezen"))
}
