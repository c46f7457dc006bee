//! What the two outbox workers (mail and webhooks) share: the claim loop, when a failed row is
//! tried again, how long a claim holds a row, and the signal to stop at shutdown.
//!
//! Rows are claimed with a lease (their `next_attempt_at` moves a few minutes ahead) in one
//! short transaction: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an IMMEDIATE
//! transaction on SQLite. Several instances can run a worker at once without delivering a row
//! twice. Delivery happens outside any transaction. A row that fails is tried again with
//! exponential backoff, for as long as it takes; one whose process dies mid-delivery is tried
//! again when its lease runs out. Told to stop, a worker finishes the row it is delivering,
//! marks it, and hands the rest of its claimed batch back, due at once, for the next start.

use crate::clock::Clock;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, LockBehavior, LockType},
};
use std::{future::Future, sync::Arc, time::Duration};
use tokio_util::sync::CancellationToken;

/// Retry and lease times (LOKET_OUTBOX_RETRY_SECONDS, LOKET_OUTBOX_LEASE_SECONDS).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// The wait after the first failure; it doubles after each next one, up to an hour.
    pub first_retry: TimeDelta,
    /// A claimed row is left alone this long, so it must outlast sending a whole batch; a
    /// process killed while it holds rows delays them by at most this.
    pub lease: TimeDelta,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            first_retry: TimeDelta::seconds(30),
            lease: TimeDelta::minutes(5),
        }
    }
}

impl Timing {
    /// The wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... at most an hour (or
    /// the first wait, when that is set longer).
    pub fn backoff(&self, attempts: i32) -> TimeDelta {
        let doublings = attempts.saturating_sub(1).clamp(0, 16) as u32;
        let first = self.first_retry.num_seconds().max(1);
        let seconds = first.saturating_mul(1i64 << doublings);
        TimeDelta::seconds(seconds.min(3600.max(first)))
    }
}

/// How a worker runs: its timing, and the token that tells it to stop. Stopping lets the row
/// being sent finish and be marked, and hands the rest of the claimed batch back at once.
#[derive(Debug, Clone, Default)]
pub struct Control {
    pub timing: Timing,
    pub stop: CancellationToken,
}

/// A table of rows waiting to be delivered, as the claim loop sees it.
pub trait Outbox: EntityTrait<Model: Sync> {
    /// What the log calls the rows (`mail`, `webhooks`).
    const NAME: &'static str;
    const ID: Self::Column;
    /// Set once the row got through (`sent_at`, `delivered_at`).
    const DONE: Self::Column;
    const NEXT_ATTEMPT: Self::Column;
    const ATTEMPTS: Self::Column;
    const LAST_ERROR: Self::Column;
    /// Whether `attempts` counts the attempt that got through too (webhooks count every POST;
    /// mail counts failures).
    const COUNTS_SUCCESS: bool;

    fn id(row: &Self::Model) -> i32;
    fn attempts(row: &Self::Model) -> i32;
    /// What kind of row it is, for the log (a mail's kind, a webhook's event).
    fn kind(row: &Self::Model) -> &str;
}

/// Delivers one row: `Ok` once it got through, the reason otherwise.
pub trait Courier<Row>: Sync {
    fn deliver(&self, row: &Row) -> impl Future<Output = Result<(), String>> + Send;
}

/// Rows claimed at a time.
const BATCH: u64 = 10;
/// Errors kept per row.
const MAX_ERROR_LEN: usize = 1000;

/// One pass: claims the due rows batch by batch, delivers each one, marks it done or schedules
/// the next attempt, until no row is due or `control` says stop. Returns how many got through.
pub async fn deliver_due<T: Outbox>(
    db: &DatabaseConnection,
    courier: &impl Courier<T::Model>,
    now: DateTime<Utc>,
    control: &Control,
) -> Result<usize, DbErr> {
    let mut delivered = 0;
    loop {
        let claimed = claim::<T>(db, now, control.timing.lease).await?;
        let full_batch = claimed.len() as u64 == BATCH;
        let mut pending = claimed.into_iter();
        while let Some(row) = pending.next() {
            if control.stop.is_cancelled() {
                let unsent: Vec<i32> = std::iter::once(T::id(&row))
                    .chain(pending.map(|r| T::id(&r)))
                    .collect();
                release::<T>(db, &unsent, now).await?;
                return Ok(delivered);
            }
            match courier.deliver(&row).await {
                Ok(()) => {
                    mark_done::<T>(db, &row, now).await?;
                    delivered += 1;
                }
                Err(error) => {
                    tracing::warn!(outbox = T::NAME, id = T::id(&row), kind = T::kind(&row), attempts = T::attempts(&row) + 1, %error, "not delivered; will retry");
                    mark_failed::<T>(db, &row, now, &control.timing, &error).await?;
                }
            }
        }
        if !full_batch || control.stop.is_cancelled() {
            return Ok(delivered);
        }
    }
}

/// Runs [`deliver_due`] every 2 seconds until `control` says stop; the task ends once the row
/// being delivered is done.
pub fn spawn<T: Outbox>(
    db: DatabaseConnection,
    courier: impl Courier<T::Model> + Send + 'static,
    clock: Arc<dyn Clock>,
    control: Control,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(2));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = control.stop.cancelled() => return,
                _ = ticks.tick() => {}
            }
            match deliver_due::<T>(&db, &courier, clock.now(), &control).await {
                Ok(0) => {}
                Ok(delivered) => tracing::info!(outbox = T::NAME, delivered, "delivered"),
                Err(error) => tracing::warn!(outbox = T::NAME, %error, "outbox pass failed"),
            }
        }
    })
}

/// Takes up to a batch of due rows and moves their next attempt past the lease, so no other
/// worker takes them while this one delivers.
async fn claim<T: Outbox>(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: TimeDelta,
) -> Result<Vec<T::Model>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let rows = T::find()
        .filter(T::DONE.is_null())
        .filter(T::NEXT_ATTEMPT.lte(now))
        .order_by_asc(T::ID)
        .limit(BATCH)
        // PostgreSQL: rows another worker is claiming are skipped, not waited for.
        // SQLite has no row locks; its IMMEDIATE transaction serialises claims instead.
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    if !rows.is_empty() {
        T::update_many()
            .col_expr(T::NEXT_ATTEMPT, Expr::value(now + lease))
            .filter(T::ID.is_in(rows.iter().map(T::id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

async fn mark_done<T: Outbox>(
    db: &DatabaseConnection,
    row: &T::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let attempts = T::attempts(row).saturating_add(i32::from(T::COUNTS_SUCCESS));
    T::update_many()
        .col_expr(T::DONE, Expr::value(Some(now)))
        .col_expr(T::ATTEMPTS, Expr::value(attempts))
        .col_expr(T::LAST_ERROR, Expr::value(""))
        .filter(T::ID.eq(T::id(row)))
        .exec(db)
        .await?;
    Ok(())
}

/// Claimed rows not delivered (the worker is stopping) are due again at once, not after the
/// lease.
async fn release<T: Outbox>(
    db: &DatabaseConnection,
    ids: &[i32],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    T::update_many()
        .col_expr(T::NEXT_ATTEMPT, Expr::value(now))
        .filter(T::ID.is_in(ids.iter().copied()))
        .filter(T::DONE.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn mark_failed<T: Outbox>(
    db: &DatabaseConnection,
    row: &T::Model,
    now: DateTime<Utc>,
    timing: &Timing,
    error: &str,
) -> Result<(), DbErr> {
    let attempts = T::attempts(row).saturating_add(1);
    let error: String = error.chars().take(MAX_ERROR_LEN).collect();
    T::update_many()
        .col_expr(T::ATTEMPTS, Expr::value(attempts))
        .col_expr(T::NEXT_ATTEMPT, Expr::value(now + timing.backoff(attempts)))
        .col_expr(T::LAST_ERROR, Expr::value(error))
        .filter(T::ID.eq(T::id(row)))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let timing = Timing::default();
        assert_eq!(timing.backoff(1), TimeDelta::seconds(30));
        assert_eq!(timing.backoff(2), TimeDelta::seconds(60));
        assert_eq!(timing.backoff(3), TimeDelta::seconds(120));
        assert_eq!(timing.backoff(7), TimeDelta::seconds(1920));
        assert_eq!(timing.backoff(8), TimeDelta::hours(1));
        assert_eq!(timing.backoff(1000), TimeDelta::hours(1));
        assert_eq!(timing.backoff(i32::MAX), TimeDelta::hours(1));
    }

    #[test]
    fn a_shorter_first_retry_doubles_from_there() {
        let timing = Timing {
            first_retry: TimeDelta::seconds(1),
            ..Timing::default()
        };
        assert_eq!(timing.backoff(1), TimeDelta::seconds(1));
        assert_eq!(timing.backoff(4), TimeDelta::seconds(8));
        assert_eq!(timing.backoff(20), TimeDelta::hours(1));
    }
}
