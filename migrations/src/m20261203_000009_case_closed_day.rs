//! The local day a case was closed, kept on the case, and one index that holds every column
//! the council report counts reports (meldingen) by: a year of a large city is 47,000 reports,
//! counted per category from the index instead of read row by row.

use crate::helpers::index;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Brussels;
use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, Statement},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("service_case")
                    .add_column(date_null("closed_day"))
                    .to_owned(),
            )
            .await?;
        backfill(manager.get_connection()).await?;
        // Replaces (received_at, kind): the five-year trend reads the same two leading columns.
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS service_case_received_at")
            .await?;
        manager
            .create_index(index(
                "service_case",
                "service_case_report_facts",
                &[
                    "received_at",
                    "kind",
                    "category_id",
                    "status",
                    "closed_day",
                    "due_on",
                    "extended_to",
                    "satisfied",
                    "reopen_count",
                ],
                false,
            ))
            .await?;
        Ok(())
    }
}

/// The rule of `service_case::ActiveModel::with_report_facts` as it was when this migration
/// was written, applied to the cases already stored.
async fn backfill(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, closed_at FROM service_case WHERE closed_at IS NOT NULL",
        ))
        .await?;
    let update = match backend {
        sea_orm_migration::sea_orm::DbBackend::Postgres => {
            "UPDATE service_case SET closed_day = $1 WHERE id = $2"
        }
        _ => "UPDATE service_case SET closed_day = ? WHERE id = ?",
    };
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let closed: DateTime<Utc> = row.try_get("", "closed_at")?;
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            update,
            [
                closed.with_timezone(&Brussels).date_naive().into(),
                id.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
