//! The front-office queue: visits (one per queue leg), their append-only events, and the
//! per-cluster, per-day ticket counter whose row also serialises ticket issuing.

use crate::helpers::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("ticket_day")
                    .col(integer("cluster_id"))
                    .col(date("day"))
                    .col(integer("last_number"))
                    .primary_key(Index::create().col("cluster_id").col("day"))
                    .foreign_key(&mut fk(
                        "ticket_day",
                        "cluster_id",
                        "cluster",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("visit")
                    .col(pk_auto("id"))
                    .col(integer("cluster_id"))
                    .col(string("kind"))
                    .col(string("ticket"))
                    .col(date("day"))
                    .col(integer_null("appointment_id"))
                    .col(timestamp_with_time_zone_null("appointment_start"))
                    .col(integer_null("previous_visit_id"))
                    .col(timestamp_with_time_zone("issued_at"))
                    .col(timestamp_with_time_zone_null("checked_in_at"))
                    .col(timestamp_with_time_zone("ready_at"))
                    .col(string("status"))
                    .col(integer_null("counter_id"))
                    .col(timestamp_with_time_zone_null("called_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .col(string("outcome"))
                    .foreign_key(&mut fk(
                        "visit",
                        "cluster_id",
                        "cluster",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "visit",
                        "appointment_id",
                        "appointment",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "visit",
                        "previous_visit_id",
                        "visit",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "visit",
                        "counter_id",
                        "counter",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("visit_queue")
                    .table("visit")
                    .col("cluster_id")
                    .col("status")
                    .col("ready_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("visit_ready")
                    .table("visit")
                    .col("ready_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("visit_event")
                    .col(pk_auto("id"))
                    .col(integer("visit_id"))
                    .col(string("kind"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("counter_id"))
                    .foreign_key(&mut fk(
                        "visit_event",
                        "visit_id",
                        "visit",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("visit_event_visit")
                    .table("visit_event")
                    .col("visit_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
