//! What the wait-time reports read of a visit, kept on the visit itself: the local day of its
//! ready time, its wait and its service time in whole seconds. The reports then group integers
//! by day instead of converting two timestamps of every row (seconds per report on large data).
//! Also the indexes the appointment and case reports read a year from, and an indicator's
//! definition and period.

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
        for col in [
            date_null("ready_day"),
            integer_null("wait_seconds"),
            integer_null("service_seconds"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("visit")
                        .add_column(col.to_owned())
                        .to_owned(),
                )
                .await?;
        }
        backfill(manager.get_connection()).await?;
        // An indicator says what it measures and over which period, as the plan's text does.
        for col in [
            text("definition").default(""),
            string("period").default("year"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("indicator")
                        .add_column(col.to_owned())
                        .to_owned(),
                )
                .await?;
        }
        // Every report query is a range of days, read from the index alone.
        manager
            .create_index(index(
                "visit",
                "visit_report_facts",
                &[
                    "ready_day",
                    "cluster_id",
                    "wait_seconds",
                    "service_seconds",
                    "outcome",
                ],
                false,
            ))
            .await?;
        // The yearly reports of a large city read 250,000 appointments and 50,000 cases a year:
        // from indexes that hold every column they group by.
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS appointment_start")
            .await?;
        manager
            .create_index(index(
                "appointment",
                "appointment_report",
                &[
                    "start_at",
                    "cluster_id",
                    "product_id",
                    "status",
                    "booked_lead_days",
                ],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "service_case",
                "service_case_received_at",
                &["received_at", "kind"],
                false,
            ))
            .await?;
        Ok(())
    }
}

/// The rules of `visit::ActiveModel::with_report_facts` as they were when this migration was
/// written, applied to the visits already stored.
async fn backfill(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, ready_at, called_at, finished_at, outcome FROM visit",
        ))
        .await?;
    let update = match backend {
        sea_orm_migration::sea_orm::DbBackend::Postgres => {
            "UPDATE visit SET ready_day = $1, wait_seconds = $2, service_seconds = $3 WHERE id = $4"
        }
        _ => "UPDATE visit SET ready_day = ?, wait_seconds = ?, service_seconds = ? WHERE id = ?",
    };
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let ready: DateTime<Utc> = row.try_get("", "ready_at")?;
        let called: Option<DateTime<Utc>> = row.try_get("", "called_at")?;
        let finished: Option<DateTime<Utc>> = row.try_get("", "finished_at")?;
        let outcome: String = row.try_get("", "outcome")?;
        let seconds = |from: DateTime<Utc>, to: DateTime<Utc>| {
            Ord::max(to.timestamp() - from.timestamp(), 0) as i32
        };
        let wait = called.map(|c| seconds(ready, c));
        let service = match (called, finished) {
            (Some(c), Some(f)) if f >= c && outcome != "no_show" => Some(seconds(c, f)),
            _ => None,
        };
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            update,
            [
                ready.with_timezone(&Brussels).date_naive().into(),
                wait.into(),
                service.into(),
                id.into(),
            ],
        ))
        .await?;
    }
    Ok(())
}
