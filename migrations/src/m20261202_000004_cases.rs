//! Complaints (klachten) and reports (meldingen): departments and who works in them, the cases
//! with their append-only history and photos, the per-kind yearly reference counter, and the
//! outbox of work-planning webhooks.

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
                    .table("department")
                    .col(pk_auto("id"))
                    .col(string_uniq("code"))
                    .col(string_uniq("name"))
                    .col(string("webhook_url"))
                    .col(string("webhook_secret"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_department")
                    .col(integer("staff_user_id"))
                    .col(integer("department_id"))
                    .primary_key(Index::create().col("staff_user_id").col("department_id"))
                    .foreign_key(&mut fk(
                        "staff_department",
                        "staff_user_id",
                        "staff_user",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "staff_department",
                        "department_id",
                        "department",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // The handling term of a report category, in working days (unused for complaints,
        // whose terms are the municipality's complaint regulation).
        manager
            .alter_table(
                Table::alter()
                    .table("case_category")
                    .add_column(integer("handling_days").default(10))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("case_number")
                    .col(string("kind"))
                    .col(integer("year"))
                    .col(integer("last_number"))
                    .primary_key(Index::create().col("kind").col("year"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("service_case")
                    .col(pk_auto("id"))
                    .col(string("kind"))
                    .col(string_uniq("reference"))
                    .col(string_uniq("tracking_token"))
                    .col(string("channel"))
                    .col(string("status"))
                    .col(integer("category_id"))
                    .col(integer("department_id"))
                    .col(integer_null("about_department_id"))
                    .col(integer_null("assigned_to"))
                    .col(text("description"))
                    .col(string("address"))
                    .col(double_null("latitude"))
                    .col(double_null("longitude"))
                    .col(string("name"))
                    .col(string("email"))
                    .col(string("phone"))
                    .col(string("language"))
                    .col(date_null("happened_on"))
                    .col(text("expectation"))
                    .col(timestamp_with_time_zone("received_at"))
                    .col(timestamp_with_time_zone_null("acknowledged_at"))
                    .col(date("due_on"))
                    .col(date_null("extended_to"))
                    .col(text("extension_reason"))
                    .col(date_null("paused_on"))
                    .col(date_null("scheduled_on"))
                    .col(string("forwarded_to"))
                    .col(string("inadmissible_reason"))
                    .col(string("outcome"))
                    .col(json("ombudsman_norms"))
                    .col(text("improvement_actions"))
                    .col(text("closing_text"))
                    .col(integer_null("decided_by"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(boolean_null("satisfied"))
                    .col(text("satisfaction_comment"))
                    .col(integer("reopen_count"))
                    .col(integer_null("duplicate_of"))
                    .col(integer_null("converted_from"))
                    .col(timestamp_with_time_zone_null("term_warning_sent_at"))
                    .col(timestamp_with_time_zone_null("more_time_sent_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut fk(
                        "service_case",
                        "category_id",
                        "case_category",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "service_case",
                        "department_id",
                        "department",
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "service_case",
                        "about_department_id",
                        "department",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "service_case",
                        "assigned_to",
                        "staff_user",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "service_case",
                        "decided_by",
                        "staff_user",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "service_case",
                        "duplicate_of",
                        "service_case",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "service_case",
                        "converted_from",
                        "service_case",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("service_case_inbox", &["kind", "status", "due_on"][..]),
            ("service_case_received", &["kind", "received_at"][..]),
            ("service_case_email", &["email", "received_at"][..]),
            ("service_case_category", &["category_id", "status"][..]),
        ] {
            manager
                .create_index(index("service_case", name, cols, false))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("case_event")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("staff_user_id"))
                    .col(string("actor"))
                    .col(string("kind"))
                    .col(string("from_status"))
                    .col(string("to_status"))
                    .col(boolean("public"))
                    .col(text("body"))
                    .foreign_key(&mut fk(
                        "case_event",
                        "case_id",
                        "service_case",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "case_event",
                        "staff_user_id",
                        "staff_user",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "case_event",
                "case_event_case",
                &["case_id", "at"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("case_photo")
                    .col(pk_auto("id"))
                    .col(integer("case_id"))
                    .col(string("content_type"))
                    .col(blob("data"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk(
                        "case_photo",
                        "case_id",
                        "service_case",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("case_photo", "case_photo_case", &["case_id"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("outbox_webhook")
                    .col(pk_auto("id"))
                    .col(integer("department_id"))
                    .col(string("event"))
                    .col(string("url"))
                    .col(text("body"))
                    .col(string("signature"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(integer("attempts"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .col(text("last_error"))
                    .foreign_key(&mut fk(
                        "outbox_webhook",
                        "department_id",
                        "department",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "outbox_webhook",
                "outbox_webhook_due",
                &["delivered_at", "next_attempt_at"],
                false,
            ))
            .await?;
        Ok(())
    }
}
