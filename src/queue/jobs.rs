//! The daily close: tickets not called by closing time are closed as abandoned. Runs every five
//! minutes; each run closes what is due, so a restart or a missed run loses nothing.

use super::service;
use crate::{
    cache::Change,
    clock::TIME_ZONE,
    domain::slots::local_to_utc,
    entities::{cluster, opening_period},
    state::AppState,
};
use chrono::{Datelike, NaiveTime};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Closes as abandoned the visits still waiting from before today, and today's visits of every
/// cluster whose last opening period of today has ended. Returns how many were closed.
pub async fn close_abandoned(state: &AppState) -> Result<usize, DbErr> {
    let now = state.clock.now();
    let today = state.clock.today();
    let mut closed = 0;
    if let Some(midnight) = local_to_utc(TIME_ZONE, today, NaiveTime::MIN) {
        closed += service::abandon_waiting_before(&state.db, midnight, now).await?;
    }
    let weekday = today.weekday().number_from_monday() as i16;
    let mut last_close: HashMap<i32, NaiveTime> = HashMap::new();
    for period in opening_period::Entity::find()
        .filter(opening_period::Column::Weekday.eq(weekday))
        .all(&state.db)
        .await?
    {
        let entry = last_close.entry(period.cluster_id).or_insert(period.closes);
        *entry = (*entry).max(period.closes);
    }
    for cluster in cluster::Entity::find().all(&state.db).await? {
        let Some(closes) = last_close.get(&cluster.id) else {
            continue;
        };
        let Some(closed_at) = local_to_utc(TIME_ZONE, today, *closes) else {
            continue;
        };
        if now >= closed_at {
            // Everything still waiting now: also a ticket taken after closing time.
            closed +=
                service::abandon_waiting_in_cluster_before(&state.db, cluster.id, now, now).await?;
        }
    }
    if closed > 0 {
        state.changes.changed(Change::Queue);
    }
    Ok(closed)
}

/// Runs the close every five minutes.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            every.tick().await;
            match close_abandoned(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(visits = n, "closed unserved tickets as abandoned"),
                Err(e) => tracing::warn!(error = %e, "closing unserved tickets"),
            }
        }
    })
}
