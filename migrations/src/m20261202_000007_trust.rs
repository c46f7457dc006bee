//! Trust: sign-in attempts (for throttling), the optional second factor of staff, and the
//! append-only audit log of staff actions.

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
                    .table("login_attempt")
                    .col(pk_auto("id"))
                    .col(string("email"))
                    .col(string("address"))
                    .col(timestamp_with_time_zone("at"))
                    .col(boolean("succeeded"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "login_attempt",
                "login_attempt_email",
                &["email", "at"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "login_attempt",
                "login_attempt_address",
                &["address", "at"],
                false,
            ))
            .await?;
        // One ALTER per column: SQLite takes one change per statement.
        manager
            .alter_table(
                Table::alter()
                    .table("staff_user")
                    .add_column(string_null("totp_secret"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("staff_user")
                    .add_column(big_integer("totp_last_step").default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("staff_user_id"))
                    .col(string("actor"))
                    .col(string("action"))
                    .col(string("subject"))
                    .col(text("detail"))
                    .foreign_key(&mut fk(
                        "audit_log",
                        "staff_user_id",
                        "staff_user",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_log", "audit_log_at", &["at"], false))
            .await
    }
}
