//! Calls as they happen, for displays and consoles: a broadcast channel in each instance, and
//! on PostgreSQL a NOTIFY on `loket_calls` so a call made on one instance reaches the displays
//! connected to every other instance (LISTEN in each).

use rand::RngExt;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

pub const CHANNEL: &str = "loket_calls";

/// One call (or call again) of a ticket to a counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallEvent {
    pub ticket: String,
    /// The cluster's code.
    pub cluster: String,
    pub cluster_name: String,
    /// The counter's name, as the display shows it.
    pub counter: String,
    pub counter_id: i32,
    pub visit_id: i32,
    /// RFC 3339.
    pub at: String,
    /// called | recalled
    pub kind: String,
    /// The instance that made the call; listeners skip their own.
    pub origin: u64,
}

#[derive(Clone)]
pub struct CallHub {
    sender: broadcast::Sender<CallEvent>,
    instance: u64,
}

impl Default for CallHub {
    fn default() -> Self {
        Self::new()
    }
}

impl CallHub {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(256);
        Self {
            sender,
            instance: rand::rng().random(),
        }
    }

    pub fn instance(&self) -> u64 {
        self.instance
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CallEvent> {
        self.sender.subscribe()
    }

    /// Sends to this instance's listeners, and on PostgreSQL to the other instances.
    pub async fn publish(&self, db: &DatabaseConnection, event: CallEvent) -> Result<(), DbErr> {
        if db.get_database_backend() == DbBackend::Postgres {
            let payload = serde_json::to_string(&event).unwrap_or_default();
            db.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await?;
        }
        // No receiver connected is not an error.
        let _ = self.sender.send(event);
        Ok(())
    }

    /// On PostgreSQL: listens for the other instances' calls and passes them on here. Does
    /// nothing on SQLite (one process holds the database).
    pub fn spawn_listener(&self, db: &DatabaseConnection) -> Option<tokio::task::JoinHandle<()>> {
        let hub = self.clone();
        crate::db::listen(db, CHANNEL, move |payload| {
            if let Ok(event) = serde_json::from_str::<CallEvent>(payload)
                && event.origin != hub.instance
            {
                let _ = hub.sender.send(event);
            }
        })
    }
}
