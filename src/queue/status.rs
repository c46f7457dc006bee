//! The live queue of a cluster as residents see it: how many wait, and the estimated wait from
//! the open counters and the recent service times.

use super::service::{CALLED, DONE, WAITING};
use crate::{
    cache::Change,
    catalogue::snapshot,
    domain::queue::estimated_wait,
    entities::{cluster, visit},
    state::AppState,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

/// Service time assumed when the cluster served nobody recently.
const DEFAULT_SERVICE: Duration = Duration::minutes(5);
/// How far back recent service times and open counters are taken from.
const RECENT: Duration = Duration::hours(2);
/// A visit called recently became ready at most this long before: bounds the index range, so
/// the statement reads today's visits and not the years of served ones.
const READY_BEFORE_CALL: Duration = Duration::hours(22);

/// Cluster, counter, call and finish time and outcome of a recent call.
type RecentCall = (
    i32,
    Option<i32>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    String,
);

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueStatus {
    pub cluster: String,
    pub waiting: u64,
    pub estimated_wait_seconds: i64,
}

/// The live queues of all clusters, in their order, read at most once a second-or-two: the home
/// and product pages show them on every view. A ticket, call or check-in made here makes the
/// next view read them afresh.
pub async fn live_queues(state: &AppState) -> Result<Arc<Vec<QueueStatus>>, DbErr> {
    let now = state.clock.now();
    let stamp = state.changes.stamp(&[Change::Catalogue, Change::Queue]);
    // The estimate moves with the clock: a new minute is a new value.
    let minute = now.timestamp().div_euclid(60);
    state
        .caches
        .queues
        .get_or_load(minute, stamp, async || {
            let catalogue = snapshot::current(state).await?;
            queue_statuses(&state.db, &catalogue.clusters, now).await
        })
        .await
}

pub async fn queue_status(
    db: &impl ConnectionTrait,
    cluster: &cluster::Model,
    now: DateTime<Utc>,
) -> Result<QueueStatus, DbErr> {
    let mut statuses = queue_statuses(db, std::slice::from_ref(cluster), now).await?;
    Ok(statuses.remove(0))
}

/// The live queues of these clusters, in their order, from two statements whatever their
/// number (the home page shows every cluster).
pub async fn queue_statuses(
    db: &impl ConnectionTrait,
    clusters: &[cluster::Model],
    now: DateTime<Utc>,
) -> Result<Vec<QueueStatus>, DbErr> {
    let ids: Vec<i32> = clusters.iter().map(|c| c.id).collect();
    let waiting: HashMap<i32, i64> = visit::Entity::find()
        .select_only()
        .column(visit::Column::ClusterId)
        .column_as(visit::Column::Id.count(), "waiting")
        .filter(visit::Column::ClusterId.is_in(ids.clone()))
        .filter(visit::Column::Status.eq(WAITING))
        .group_by(visit::Column::ClusterId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // Only the columns the estimate needs: on a busy day this runs for hundreds of calls.
    let recent: Vec<RecentCall> = visit::Entity::find()
        .select_only()
        .column(visit::Column::ClusterId)
        .column(visit::Column::CounterId)
        .column(visit::Column::CalledAt)
        .column(visit::Column::FinishedAt)
        .column(visit::Column::Outcome)
        .filter(visit::Column::ClusterId.is_in(ids))
        .filter(visit::Column::Status.is_in([CALLED, DONE]))
        .filter(visit::Column::ReadyAt.gte(now - RECENT - READY_BEFORE_CALL))
        .filter(visit::Column::CalledAt.gte(now - RECENT))
        .into_tuple()
        .all(db)
        .await?;
    Ok(clusters
        .iter()
        .map(|cluster| {
            let calls = recent.iter().filter(|(id, ..)| *id == cluster.id);
            let served: Vec<i64> = calls
                .clone()
                .filter(|(.., outcome)| outcome == "served")
                .filter_map(|(_, _, called, finished, _)| {
                    Some(((*finished)? - (*called)?).num_seconds())
                })
                .collect();
            let mean_service = if served.is_empty() {
                DEFAULT_SERVICE
            } else {
                Duration::seconds(served.iter().sum::<i64>() / served.len() as i64)
            };
            let open_counters: HashSet<i32> =
                calls.filter_map(|(_, counter, ..)| *counter).collect();
            let waiting = waiting.get(&cluster.id).copied().unwrap_or(0) as u64;
            let estimate = estimated_wait(waiting as usize, open_counters.len(), mean_service);
            QueueStatus {
                cluster: cluster.code.clone(),
                waiting,
                estimated_wait_seconds: estimate.num_seconds(),
            }
        })
        .collect())
}
