//! What every handler can reach: the database, settings, templates and the clock.

use crate::{
    cache::{Cached, Changes},
    catalogue::snapshot::Catalogue,
    clock::Clock,
    config::Config,
    entities::municipality,
    queue::{live::CallHub, status::QueueStatus},
    web::{i18n::Lang, templates::Templates},
};
use axum::body::Bytes;
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};
use std::{
    sync::{Arc, RwLock},
    time::Duration,
};
use tokio_util::sync::CancellationToken;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub templates: Arc<Templates>,
    pub clock: Arc<dyn Clock>,
    /// Calls to counters, for the displays and consoles of this and other instances.
    pub calls: CallHub,
    /// Cancelled when the server is told to stop: live streams end so shutdown is not held up.
    pub shutdown: CancellationToken,
    /// What has changed, so that the caches know what to read again.
    pub changes: Arc<Changes>,
    pub caches: Arc<Caches>,
    municipality: Arc<RwLock<Option<municipality::Model>>>,
}

/// What the public pages read on every view, held in memory (see `cache`). The maximum ages
/// bound how late a change made by another process shows when its announcement is lost.
pub struct Caches {
    /// By local day.
    pub catalogue: Cached<NaiveDate, Catalogue>,
    /// By minute (Unix time / 60).
    pub queues: Cached<i64, Vec<QueueStatus>>,
    /// The JSON of the free-times API by product, first and last day, and minute.
    pub free_times: Cached<(i32, NaiveDate, NaiveDate, i64), Bytes>,
    /// Pages as visitors who are not signed in see them, by path, language and minute.
    pub pages: Cached<(String, Lang, i64), Bytes>,
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            catalogue: Cached::new(Duration::from_secs(60), 4),
            queues: Cached::new(Duration::from_secs(2), 4),
            // Free times change with every booking, and a time shown free that was just taken
            // elsewhere is refused when booked: two seconds at most.
            free_times: Cached::new(Duration::from_secs(2), 1024),
            pages: Cached::new(Duration::from_secs(2), 256),
        }
    }
}

impl AppState {
    pub async fn new(
        db: DatabaseConnection,
        config: Config,
        templates: Templates,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, DbErr> {
        let state = Self {
            db,
            config: Arc::new(config),
            templates: Arc::new(templates),
            clock,
            calls: CallHub::new(),
            shutdown: CancellationToken::new(),
            changes: Arc::default(),
            caches: Arc::default(),
            municipality: Arc::new(RwLock::new(None)),
        };
        state.reload_municipality().await?;
        state.changes.spawn_announcer(&state.db);
        Ok(state)
    }

    /// The municipality is on every page: read it once, and again after it changes.
    pub async fn reload_municipality(&self) -> Result<(), DbErr> {
        let found = municipality::Entity::find().one(&self.db).await?;
        *self.municipality.write().expect("municipality lock") = found;
        Ok(())
    }

    pub fn municipality(&self) -> Option<municipality::Model> {
        self.municipality.read().expect("municipality lock").clone()
    }
}
