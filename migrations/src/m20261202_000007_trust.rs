//! Trust: sign-in attempts (for throttling), the optional second factor of staff, and the
//! append-only audit log of staff actions.

use crate::helpers::index;
use sea_orm_migration::sea_orm::ConnectionTrait;
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
                    // No foreign key: a cascade would have to rewrite history rows.
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_log", "audit_log_at", &["at"], false))
            .await?;
        // Append-only, enforced by the database itself and not just by the absence of code.
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
                     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
                )
                .await?;
            }
            _ => {
                for event in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_log_no_{} BEFORE {event} ON audit_log \
                         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }
}
