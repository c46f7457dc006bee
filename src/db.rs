//! Connecting to SQLite (embedded default) or PostgreSQL, and running the migrations.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};
use std::time::Duration;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        // Fail fast when the database is away: the request gets a 503 within seconds.
        .acquire_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(3))
        // sqlx applies these to every pooled connection (after_connect would reach only one).
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    if url.starts_with("sqlite:") {
        options.max_connections(8).min_connections(1);
    } else {
        options.max_connections(20).min_connections(2);
    }
    Database::connect(options).await
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A transaction for read-then-write work: IMMEDIATE on SQLite, so two writers never both
/// read the old state (a DEFERRED one fails with "database is locked" when it upgrades).
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
    } else {
        db.begin().await
    }
}

/// On PostgreSQL: calls `on_payload` with each notification on `channel`, from a connection of
/// its own that is made again after it is lost. Nothing on SQLite (one process holds the
/// database, so there is no one else to hear from).
pub fn listen(
    db: &DatabaseConnection,
    channel: &'static str,
    on_payload: impl Fn(&str) + Send + 'static,
) -> Option<tokio::task::JoinHandle<()>> {
    if db.get_database_backend() != DbBackend::Postgres {
        return None;
    }
    let pool = db.get_postgres_connection_pool().clone();
    Some(tokio::spawn(async move {
        loop {
            match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut listener) => {
                    if listener.listen(channel).await.is_ok() {
                        while let Ok(note) = listener.recv().await {
                            on_payload(note.payload());
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, channel, "cannot listen"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }))
}

pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} exists already: choose a new file")]
    Exists(String),
    #[error(
        "loket backup copies SQLite databases; back up PostgreSQL with pg_dump (see the README)"
    )]
    NotSqlite,
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// A consistent copy of a SQLite database while it is in use (`VACUUM INTO` reads one snapshot
/// and writes a compact new file).
pub async fn backup(db: &DatabaseConnection, target: &std::path::Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    let path = target.to_string_lossy().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{path}'"))
        .await?;
    Ok(())
}
