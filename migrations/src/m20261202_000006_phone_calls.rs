//! Call records imported from the telephony system, and the indexes the management reports
//! read by period.

use crate::helpers::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("phone_call")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("offered_at"))
                    .col(timestamp_with_time_zone_null("answered_at"))
                    .col(timestamp_with_time_zone_null("ended_at"))
                    .col(string("queue"))
                    // Whole seconds from offer to answer, kept so both databases report the
                    // same figures without date arithmetic; none for a missed call.
                    .col(integer_null("answer_wait_seconds"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "phone_call",
                "phone_call_offered",
                &["offered_at", "answer_wait_seconds"],
                false,
            ))
            .await?;
        // The appointments report reads every cluster's appointments of a period.
        manager
            .create_index(index(
                "appointment",
                "appointment_start",
                &["start_at"],
                false,
            ))
            .await?;
        Ok(())
    }
}
