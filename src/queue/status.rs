//! The live queue of a cluster as residents see it: how many wait, and the estimated wait from
//! the open counters and the recent service times.

use super::service::{CALLED, DONE, WAITING};
use crate::{
    domain::queue::estimated_wait,
    entities::{cluster, visit},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;
use std::collections::HashSet;

/// Service time assumed when the cluster served nobody recently.
const DEFAULT_SERVICE: Duration = Duration::minutes(5);
/// How far back recent service times and open counters are taken from.
const RECENT: Duration = Duration::hours(2);

/// Counter, call and finish time and outcome of a recent call.
type RecentCall = (
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

pub async fn queue_status(
    db: &impl ConnectionTrait,
    cluster: &cluster::Model,
    now: DateTime<Utc>,
) -> Result<QueueStatus, DbErr> {
    let waiting = visit::Entity::find()
        .filter(visit::Column::ClusterId.eq(cluster.id))
        .filter(visit::Column::Status.eq(WAITING))
        .count(db)
        .await?;
    // Only the columns the estimate needs: on a busy day this runs for hundreds of calls.
    let recent: Vec<RecentCall> = visit::Entity::find()
        .select_only()
        .column(visit::Column::CounterId)
        .column(visit::Column::CalledAt)
        .column(visit::Column::FinishedAt)
        .column(visit::Column::Outcome)
        .filter(visit::Column::ClusterId.eq(cluster.id))
        .filter(visit::Column::Status.is_in([CALLED, DONE]))
        .filter(visit::Column::CalledAt.gte(now - RECENT))
        .into_tuple()
        .all(db)
        .await?;
    let served: Vec<i64> = recent
        .iter()
        .filter(|(_, _, _, outcome)| outcome == "served")
        .filter_map(|(_, called, finished, _)| Some(((*finished)? - (*called)?).num_seconds()))
        .collect();
    let mean_service = if served.is_empty() {
        DEFAULT_SERVICE
    } else {
        Duration::seconds(served.iter().sum::<i64>() / served.len() as i64)
    };
    let open_counters: HashSet<i32> = recent.iter().filter_map(|(counter, ..)| *counter).collect();
    let estimate = estimated_wait(waiting as usize, open_counters.len(), mean_service);
    Ok(QueueStatus {
        cluster: cluster.code.clone(),
        waiting,
        estimated_wait_seconds: estimate.num_seconds(),
    })
}
