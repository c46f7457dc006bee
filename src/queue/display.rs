//! `/scherm`: the call display in the hall (all clusters, or `/scherm/{cluster}` for one), and
//! `/scherm/events`: the calls as server-sent events, as they happen.

use super::live::CallEvent;
use crate::{
    catalogue::service as catalogue,
    clock::TIME_ZONE,
    domain::slots::local_to_utc,
    entities::{cluster, counter, visit, visit_event},
    error::{AppError, AppResult},
    state::AppState,
    web::page::Page,
};
use axum::{
    extract::{Path, Query, State},
    response::{
        Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use chrono::NaiveTime;
use futures_util::stream::{self, Stream, StreamExt};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query as SqlQuery,
};
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, convert::Infallible, time::Duration};
use tera::Context;
use tokio::sync::broadcast::error::RecvError;

/// How many calls the display shows.
const SHOWN: u64 = 8;

#[derive(Serialize)]
struct CallRow {
    ticket: String,
    counter: String,
    /// "HH:MM" in Brussels time.
    time: String,
    recalled: bool,
}

async fn render(
    state: &AppState,
    page: &Page,
    only: Option<cluster::Model>,
) -> AppResult<Response> {
    let today = state.clock.today();
    let since = local_to_utc(TIME_ZONE, today, NaiveTime::MIN).ok_or(AppError::NotFound)?;
    let mut calls = visit_event::Entity::find()
        .filter(visit_event::Column::Kind.is_in(["called", "recalled"]))
        .filter(visit_event::Column::At.gte(since));
    if let Some(cluster) = &only {
        calls = calls.filter(
            visit_event::Column::VisitId.in_subquery(
                SqlQuery::select()
                    .column(visit::Column::Id)
                    .from(visit::Entity)
                    .and_where(visit::Column::ClusterId.eq(cluster.id))
                    .to_owned(),
            ),
        );
    }
    let calls = calls
        .order_by_desc(visit_event::Column::At)
        .order_by_desc(visit_event::Column::Id)
        .limit(SHOWN)
        .all(&state.db)
        .await?;
    let visits: HashMap<i32, String> = visit::Entity::find()
        .filter(visit::Column::Id.is_in(calls.iter().map(|c| c.visit_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.ticket))
        .collect();
    let counters: HashMap<i32, String> = counter::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let rows: Vec<CallRow> = calls
        .iter()
        .map(|c| CallRow {
            ticket: visits.get(&c.visit_id).cloned().unwrap_or_default(),
            counter: c
                .counter_id
                .and_then(|id| counters.get(&id).cloned())
                .unwrap_or_default(),
            time: c.at.with_timezone(&TIME_ZONE).format("%H:%M").to_string(),
            recalled: c.kind == "recalled",
        })
        .collect();
    let events = match &only {
        Some(c) => format!("/scherm/events?cluster={}", crate::web::url_encode(&c.code)),
        None => "/scherm/events".to_owned(),
    };
    let mut context = Context::new();
    context.insert("calls", &rows);
    context.insert("only", &only);
    context.insert("events_url", &events);
    page.render("queue/display.html", context)
}

pub async fn all(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    render(&state, &page, None).await
}

pub async fn one(
    State(state): State<AppState>,
    page: Page,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let cluster = catalogue::clusters(&state.db)
        .await?
        .into_iter()
        .find(|c| c.code == code)
        .ok_or(AppError::NotFound)?;
    render(&state, &page, Some(cluster)).await
}

#[derive(Deserialize, Default)]
pub struct EventsQuery {
    #[serde(default)]
    cluster: Option<String>,
}

/// One `message` event per call, its data the call as JSON; a comment every 15 s keeps
/// proxies from closing the connection. The browser's EventSource reconnects by itself, so the
/// stream simply ends when the server stops (graceful shutdown would otherwise wait for ever).
pub async fn events(
    State(state): State<AppState>,
    Query(query): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.calls.subscribe();
    let only = query.cluster.filter(|c| !c.is_empty());
    let stream = stream::unfold((receiver, only), |(mut receiver, only)| async move {
        loop {
            match receiver.recv().await {
                Ok(call) if wanted(&call, only.as_deref()) => {
                    let data = serde_json::to_string(&call).unwrap_or_default();
                    let event = Event::default().data(data);
                    return Some((Ok(event), (receiver, only)));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    })
    .take_until(state.shutdown.clone().cancelled_owned());
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn wanted(call: &CallEvent, only: Option<&str>) -> bool {
    only.is_none_or(|code| call.cluster == code)
}
