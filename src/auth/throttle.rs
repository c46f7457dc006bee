//! Sign-in throttling: after too many failed attempts for one account, or from one address,
//! within a window, further attempts are refused until the window has passed. Attempts are
//! rows in the database, so every instance behind a load balancer counts the same.

use crate::entities::login_attempt;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

/// The window in which failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures for one account within the window before it is locked for the window.
pub const MAX_ACCOUNT_FAILURES: u64 = 5;
/// Failures from one address (any account) within the window before it is refused.
pub const MAX_ADDRESS_FAILURES: u64 = 20;

/// Whether a new attempt for `email` from `address` is refused right now.
pub async fn refused(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    // A successful sign-in clears the account's earlier failures.
    let last_success = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Succeeded.eq(true))
        .filter(login_attempt::Column::At.gte(since))
        .order_by_desc(login_attempt::Column::At)
        .one(db)
        .await?
        .map(|a| a.at)
        .unwrap_or(since);
    let account_failures = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .filter(login_attempt::Column::At.gte(last_success))
        .count(db)
        .await?;
    if account_failures >= MAX_ACCOUNT_FAILURES {
        return Ok(true);
    }
    let address_failures = login_attempt::Entity::find()
        .filter(login_attempt::Column::Address.eq(address))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .filter(login_attempt::Column::At.gte(since))
        .count(db)
        .await?;
    Ok(address_failures >= MAX_ADDRESS_FAILURES)
}

pub async fn record(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    succeeded: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_attempt::Entity::insert(login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        address: Set(address.to_owned()),
        at: Set(now),
        succeeded: Set(succeeded),
        ..Default::default()
    })
    .exec(db)
    .await?;
    // Rows older than a day serve no window: keep the table small.
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    Ok(())
}

/// The e-mail as counted: trimmed and lower case, whatever was typed.
pub fn normalise(email: &str) -> String {
    email.trim().to_lowercase()
}
