//! What every handler can reach: the database, settings, templates and the clock.

use crate::{
    clock::Clock, config::Config, entities::municipality, queue::live::CallHub,
    web::templates::Templates,
};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};
use std::sync::{Arc, RwLock};
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
    municipality: Arc<RwLock<Option<municipality::Model>>>,
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
            municipality: Arc::new(RwLock::new(None)),
        };
        state.reload_municipality().await?;
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
