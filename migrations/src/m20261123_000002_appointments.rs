//! Appointments: the appointment schedule per cluster, bookings, the per-day lock rows that
//! serialise bookings of one cluster and day on PostgreSQL, the waiting list for earlier
//! times, lead-time snapshots, and the mail outbox.

use crate::helpers::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("appointment_period")
                    .col(pk_auto("id"))
                    .col(integer("cluster_id"))
                    .col(small_integer("weekday"))
                    .col(time("opens"))
                    .col(time("closes"))
                    .col(integer("desks"))
                    .foreign_key(&mut fk(
                        "appointment_period",
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
                    .table("appointment")
                    .col(pk_auto("id"))
                    .col(string_uniq("reference"))
                    .col(string_uniq("manage_token"))
                    .col(integer("product_id"))
                    .col(integer("cluster_id"))
                    .col(timestamp_with_time_zone("start_at"))
                    .col(timestamp_with_time_zone("end_at"))
                    .col(string("name"))
                    .col(string("email"))
                    .col(string("phone"))
                    .col(string("language"))
                    .col(string("status"))
                    .col(string("source"))
                    .col(integer("sequence"))
                    .col(integer("booked_lead_days"))
                    .col(integer_null("first_free_lead_days"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("cancelled_at"))
                    .col(timestamp_with_time_zone_null("reminder_queued_at"))
                    .foreign_key(&mut fk(
                        "appointment",
                        "product_id",
                        "product",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "appointment",
                        "cluster_id",
                        "cluster",
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "appointment",
                "appointment_cluster_start",
                &["cluster_id", "start_at"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "appointment",
                "appointment_email_product",
                &["email", "product_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("appointment_day_lock")
                    .col(integer("cluster_id"))
                    .col(date("day"))
                    .primary_key(Index::create().col("cluster_id").col("day"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("waitlist_entry")
                    .col(pk_auto("id"))
                    .col(integer("product_id"))
                    .col(integer_null("appointment_id"))
                    .col(string("name"))
                    .col(string("email"))
                    .col(string("language"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("notified_at"))
                    .col(string_uniq("token"))
                    .foreign_key(&mut fk(
                        "waitlist_entry",
                        "product_id",
                        "product",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "waitlist_entry",
                        "appointment_id",
                        "appointment",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("lead_time_snapshot")
                    .col(pk_auto("id"))
                    .col(date("day"))
                    .col(integer("product_id"))
                    .col(integer("cluster_id"))
                    .col(timestamp_with_time_zone_null("first_free_at"))
                    .col(integer_null("lead_days"))
                    .foreign_key(&mut fk(
                        "lead_time_snapshot",
                        "product_id",
                        "product",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "lead_time_snapshot",
                "lead_time_snapshot_day_product",
                &["day", "product_id"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("outbox_mail")
                    .col(pk_auto("id"))
                    .col(string("kind"))
                    .col(string("recipient"))
                    .col(string("subject"))
                    .col(text("body_text"))
                    .col(text("body_html"))
                    .col(json("attachments"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .col(text("last_error"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "outbox_mail",
                "outbox_mail_due",
                &["sent_at", "next_attempt_at"],
                false,
            ))
            .await?;
        Ok(())
    }
}
