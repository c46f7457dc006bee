//! Reads that many requests share and few requests change (the catalogue, the live queues, the
//! free times), held in memory. A value is used only while nothing it was read from has changed
//! since, and for at most its maximum age, which bounds how late a change made outside this
//! process (a command, or another instance whose announcement was lost) shows.

use crate::{db, state::AppState};
use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::Response,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::{
    collections::HashMap,
    hash::Hash,
    sync::{
        Arc, RwLock,
        atomic::{AtomicU8, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::sync::Notify;

/// The PostgreSQL channel on which instances announce their changes to each other.
pub const CHANNEL: &str = "loket_changes";

/// What a cached value can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Products, clusters, counters, opening hours, schedules, closing days, policy links.
    Catalogue,
    /// Appointments booked, moved or cancelled.
    Bookings,
    /// Tickets, check-ins and calls.
    Queue,
}

impl Change {
    const ALL: [Change; 3] = [Change::Catalogue, Change::Bookings, Change::Queue];

    fn name(self) -> &'static str {
        match self {
            Change::Catalogue => "catalogue",
            Change::Bookings => "bookings",
            Change::Queue => "queue",
        }
    }

    fn parse(name: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A counter per kind of change, raised after each change this instance makes and each one
/// another instance announces.
#[derive(Default)]
pub struct Changes {
    counters: [AtomicU64; 3],
    /// Kinds changed here and not yet announced to the other instances (a bit per kind).
    unannounced: AtomicU8,
    announce: Notify,
}

impl Changes {
    pub fn raise(&self, change: Change) {
        self.counters[change as usize].fetch_add(1, Ordering::AcqRel);
    }

    /// A number that moves whenever one of these kinds changes (the counters only grow, so
    /// their sum does too). Read it before reading the database, so that a change made while
    /// reading leaves the value stale rather than fresh.
    pub fn stamp(&self, kinds: &[Change]) -> u64 {
        kinds
            .iter()
            .map(|k| self.counters[*k as usize].load(Ordering::Acquire))
            .sum()
    }

    /// Raises the counter here and has the change announced to the other instances.
    pub fn changed(&self, change: Change) {
        self.raise(change);
        self.unannounced
            .fetch_or(1 << change as u8, Ordering::AcqRel);
        self.announce.notify_one();
    }

    /// On PostgreSQL: announces this instance's changes with `pg_notify`, one notification per
    /// kind for all changes made while the previous one went out. A NOTIFY commits on its own
    /// and PostgreSQL lets one notifying commit through at a time, so one per write would cap
    /// the writes of every instance.
    pub fn spawn_announcer(
        self: &Arc<Self>,
        db: &DatabaseConnection,
    ) -> Option<tokio::task::JoinHandle<()>> {
        if db.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        let (changes, db) = (self.clone(), db.clone());
        Some(tokio::spawn(async move {
            loop {
                changes.announce.notified().await;
                let kinds = changes.unannounced.swap(0, Ordering::AcqRel);
                for change in Change::ALL {
                    if kinds & (1 << change as u8) == 0 {
                        continue;
                    }
                    let notified = db
                        .execute_raw(Statement::from_sql_and_values(
                            DbBackend::Postgres,
                            "SELECT pg_notify($1, $2)",
                            [CHANNEL.into(), change.name().into()],
                        ))
                        .await;
                    if let Err(e) = notified {
                        // The others read it again within the values' maximum age.
                        tracing::warn!(error = %e, "cannot announce a change to the other instances");
                    }
                }
                tokio::time::sleep(ANNOUNCE_EVERY).await;
            }
        }))
    }

    /// On PostgreSQL: raises the counters for the other instances' announcements.
    pub fn spawn_listener(
        self: &Arc<Self>,
        db: &DatabaseConnection,
    ) -> Option<tokio::task::JoinHandle<()>> {
        let changes = self.clone();
        db::listen(db, CHANNEL, move |payload| {
            if let Some(change) = Change::parse(payload) {
                changes.raise(change);
            }
        })
    }
}

/// At most one announcement per kind in this time.
const ANNOUNCE_EVERY: Duration = Duration::from_millis(20);

/// After a request that may have changed something of this kind (any method but GET and HEAD),
/// the cached values read from it are read again, here and on the other instances.
pub async fn note_changes(
    State((state, change)): State<(AppState, Change)>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if writes {
        state.changes.changed(change);
    }
    response
}

struct Entry<V> {
    value: Arc<V>,
    stamp: u64,
    loaded: Instant,
}

/// Values by key, each kept with the stamp it was read under.
pub struct Cached<K, V> {
    entries: RwLock<HashMap<K, Entry<V>>>,
    /// One read per key at a time: a burst of requests after a change reads the database once,
    /// and reads of different keys still run side by side.
    loading: Turns<K>,
    max_age: Duration,
    capacity: usize,
}

impl<K: Eq + Hash + Clone, V> Cached<K, V> {
    pub fn new(max_age: Duration, capacity: usize) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            loading: std::sync::Mutex::new(HashMap::new()),
            max_age,
            capacity: capacity.max(1),
        }
    }

    fn fresh(&self, key: &K, stamp: u64) -> Option<Arc<V>> {
        let entries = self.entries.read().expect("cache lock");
        entries
            .get(key)
            .filter(|e| e.stamp == stamp && e.loaded.elapsed() < self.max_age)
            .map(|e| e.value.clone())
    }

    /// The value for `key` read under `stamp`, or `load`ed now.
    pub async fn get_or_load<E, F>(&self, key: K, stamp: u64, load: F) -> Result<Arc<V>, E>
    where
        F: AsyncFnOnce() -> Result<V, E>,
    {
        if let Some(value) = self.fresh(&key, stamp) {
            return Ok(value);
        }
        let turn = self
            .loading
            .lock()
            .expect("cache lock")
            .entry(key.clone())
            .or_default()
            .clone();
        let _turn = turn.lock().await;
        if let Some(value) = self.fresh(&key, stamp) {
            return Ok(value);
        }
        // Whether the read succeeds, fails or is dropped (the client went away), the turn goes.
        let _done = Done(&self.loading, &key);
        let value = Arc::new(load().await?);
        let mut entries = self.entries.write().expect("cache lock");
        if entries.len() >= self.capacity {
            entries.retain(|_, e| e.stamp == stamp && e.loaded.elapsed() < self.max_age);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(
            key.clone(),
            Entry {
                value: value.clone(),
                stamp,
                loaded: Instant::now(),
            },
        );
        Ok(value)
    }
}

type Turns<K> = std::sync::Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>;

/// Removes a key's turn once its read is over; those already waiting on it find the value.
struct Done<'a, K: Eq + Hash>(&'a Turns<K>, &'a K);

impl<K: Eq + Hash> Drop for Done<'_, K> {
    fn drop(&mut self) {
        if let Ok(mut turns) = self.0.lock() {
            turns.remove(self.1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    async fn get(cache: &Cached<u8, u32>, key: u8, stamp: u64, value: u32) -> u32 {
        *cache
            .get_or_load(key, stamp, async || Ok::<_, Infallible>(value))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_value_is_read_again_after_a_change() {
        let changes = Changes::default();
        let cache = Cached::new(Duration::from_secs(60), 8);
        let before = changes.stamp(&[Change::Catalogue, Change::Bookings]);
        assert_eq!(get(&cache, 1, before, 10).await, 10);
        assert_eq!(get(&cache, 1, before, 11).await, 10, "kept while unchanged");
        changes.raise(Change::Queue);
        let unrelated = changes.stamp(&[Change::Catalogue, Change::Bookings]);
        assert_eq!(
            get(&cache, 1, unrelated, 12).await,
            10,
            "other kinds do not count"
        );
        changes.raise(Change::Bookings);
        let after = changes.stamp(&[Change::Catalogue, Change::Bookings]);
        assert_ne!(after, before);
        assert_eq!(get(&cache, 1, after, 13).await, 13);
    }

    #[tokio::test]
    async fn a_value_is_read_again_after_its_maximum_age() {
        let cache = Cached::new(Duration::from_millis(20), 8);
        assert_eq!(get(&cache, 1, 0, 1).await, 1);
        assert_eq!(get(&cache, 1, 0, 2).await, 1);
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert_eq!(get(&cache, 1, 0, 3).await, 3);
    }

    #[tokio::test]
    async fn keys_are_kept_apart_and_their_number_bounded() {
        let cache = Cached::new(Duration::from_secs(60), 2);
        assert_eq!(get(&cache, 1, 0, 1).await, 1);
        assert_eq!(get(&cache, 2, 0, 2).await, 2);
        assert_eq!(get(&cache, 1, 0, 9).await, 1);
        assert_eq!(get(&cache, 3, 0, 3).await, 3);
        assert!(cache.entries.read().unwrap().len() <= 2);
    }

    #[tokio::test]
    async fn a_failed_read_keeps_nothing() {
        let cache: Cached<u8, u32> = Cached::new(Duration::from_secs(60), 2);
        let failed = cache.get_or_load(1, 0, async || Err("down")).await;
        assert!(failed.is_err());
        assert_eq!(get(&cache, 1, 0, 5).await, 5);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_reads_once_per_key() {
        let cache: Arc<Cached<u8, u32>> = Arc::new(Cached::new(Duration::from_secs(60), 8));
        let reads = Arc::new(AtomicU64::new(0));
        let burst: Vec<_> = (0..20u8)
            .map(|i| {
                let (cache, reads) = (cache.clone(), reads.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_load(i % 2, 0, async || {
                            reads.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok::<_, Infallible>(u32::from(i % 2))
                        })
                        .await
                        .map(|v| *v)
                })
            })
            .collect();
        for (i, task) in burst.into_iter().enumerate() {
            assert_eq!(task.await.unwrap().unwrap(), (i % 2) as u32);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 2, "one read per key");
        assert!(
            cache.loading.lock().unwrap().is_empty(),
            "no turn left behind"
        );
    }

    #[test]
    fn announcements_name_each_kind() {
        for change in Change::ALL {
            assert_eq!(Change::parse(change.name()), Some(change));
        }
        assert_eq!(Change::parse("other"), None);
    }
}
