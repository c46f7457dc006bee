//! Booking, moving and cancelling. Each runs in one transaction (the caller's, begun with
//! `db::begin_write`, so the mail it queues commits or rolls back with it) that first locks the cluster's
//! day (a row in appointment_day_lock, `FOR UPDATE` on PostgreSQL; SQLite transactions begin
//! IMMEDIATE and so run one at a time), then checks the time against the bookings it can now
//! see, then writes. Whatever the interleaving, a time never holds more bookings than desks.

use super::schedule::{self, Availability, BOOKED, CANCELLED};
use crate::{
    clock::local_day,
    domain::{email::EmailAddress, slots::SlotRules},
    entities::{appointment, appointment_day_lock, product},
    web::i18n::Lang,
};
use chrono::{DateTime, NaiveDate, Utc};
use rand::RngExt;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect,
    sea_query::OnConflict,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Online,
    Staff,
    Api,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Online => "online",
            Source::Staff => "staff",
            Source::Api => "api",
        }
    }
}

/// Why a time cannot be booked, as the resident is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTime {
    #[error("the time has passed or is too soon")]
    TooSoon,
    #[error("the time lies beyond the booking horizon")]
    BeyondHorizon,
    #[error("the municipality is closed that day")]
    ClosedDay,
    #[error("no appointments start at that time")]
    NotOnSchedule,
}

#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("this product cannot be booked")]
    NotBookable,
    #[error(transparent)]
    InvalidTime(#[from] InvalidTime),
    #[error("the time is no longer free")]
    Taken,
    #[error("this e-mail address already holds the maximum of appointments for this product")]
    TooMany,
    #[error("the appointment is cancelled or has passed")]
    NotChangeable,
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("mail: {0}")]
    Mail(String),
}

pub struct NewAppointment {
    pub product: product::Model,
    pub start: DateTime<Utc>,
    pub name: String,
    pub email: EmailAddress,
    pub phone: String,
    pub lang: Lang,
    pub source: Source,
}

pub struct BookingRules {
    pub slots: SlotRules,
    pub max_per_product: u32,
}

const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A short reference residents can read aloud and type at the kiosk: "A-7K3M-9PQX".
pub fn new_reference() -> String {
    let mut rng = rand::rng();
    let mut pick = || REFERENCE_ALPHABET[rng.random_range(0..REFERENCE_ALPHABET.len())] as char;
    let a: String = (0..4).map(|_| pick()).collect();
    let b: String = (0..4).map(|_| pick()).collect();
    format!("A-{a}-{b}")
}

/// 256 random bits, hex: the manage link's capability.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

/// Serialises every booking change of one cluster and day.
async fn lock_day(tx: &DatabaseTransaction, cluster_id: i32, day: NaiveDate) -> Result<(), DbErr> {
    appointment_day_lock::Entity::insert(appointment_day_lock::ActiveModel {
        cluster_id: Set(cluster_id),
        day: Set(day),
    })
    .on_conflict(
        OnConflict::columns([
            appointment_day_lock::Column::ClusterId,
            appointment_day_lock::Column::Day,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    if tx.get_database_backend() == DbBackend::Postgres {
        appointment_day_lock::Entity::find_by_id((cluster_id, day))
            .lock_exclusive()
            .one(tx)
            .await?;
    }
    Ok(())
}

/// Checks `start` inside the transaction, after the day is locked. `setting` holds the
/// product's schedule and the calendar, read before the lock (changing them does not take it);
/// the day's bookings, which the lock guards, are read here.
async fn check_free(
    tx: &DatabaseTransaction,
    mut setting: Availability,
    cluster_id: i32,
    start: DateTime<Utc>,
    except: Option<i32>,
) -> Result<Availability, BookingError> {
    let day = local_day(start);
    let (rules, now) = (setting.rules, setting.now);
    if !setting.ignoring_bookings().is_free(start) {
        let query = setting.ignoring_bookings();
        return Err(if start < now + rules.minimum_notice {
            InvalidTime::TooSoon
        } else if day > query.horizon() {
            InvalidTime::BeyondHorizon
        } else if !setting.calendar.is_working_day(day) {
            InvalidTime::ClosedDay
        } else {
            InvalidTime::NotOnSchedule
        }
        .into());
    }
    setting.bookings = schedule::bookings(tx, cluster_id, day, day, except).await?;
    if !setting.query().is_free(start) {
        return Err(BookingError::Taken);
    }
    Ok(setting)
}

/// How many days of bookings `first_free_lead_days` reads at a time.
const FIRST_FREE_WINDOW_DAYS: i64 = 14;

/// The first free time of the product and the working days from `now` to it (none within the
/// horizon: None), with the schedule and calendar it read (`book` checks against them).
/// Runs before every booking: the bookings are read two weeks at a time, since the first free
/// time is usually near and a cluster can hold a year of bookings.
pub async fn first_free_lead_days(
    db: &impl ConnectionTrait,
    product: &product::Model,
    rules: SlotRules,
    now: DateTime<Utc>,
) -> Result<FirstFree, DbErr> {
    let today = local_day(now);
    let horizon = today + chrono::Duration::days(rules.horizon_days as i64);
    let mut from = today;
    let mut to = (today + chrono::Duration::days(FIRST_FREE_WINDOW_DAYS - 1)).min(horizon);
    let mut availability = schedule::availability(db, product, rules, from, to, None, now).await?;
    loop {
        if let Some(slot) = availability.query().first_free(from, to) {
            let lead = availability
                .calendar
                .working_days_between(today, local_day(slot.start));
            return Ok(FirstFree {
                start: Some(slot.start),
                lead_days: Some(lead as i32),
                setting: availability,
            });
        }
        if to >= horizon {
            return Ok(FirstFree {
                start: None,
                lead_days: None,
                setting: availability,
            });
        }
        from = to + chrono::Duration::days(1);
        to = (from + chrono::Duration::days(FIRST_FREE_WINDOW_DAYS - 1)).min(horizon);
        availability.bookings = schedule::bookings(db, product.cluster_id, from, to, None).await?;
    }
}

pub struct FirstFree {
    pub start: Option<DateTime<Utc>>,
    pub lead_days: Option<i32>,
    /// The product's schedule and the calendar as read.
    pub setting: Availability,
}

/// The appointment `book` will store, made before the lock so that everything that needs no
/// lock (its confirmation mail above all) can be prepared from it first. `first_free` is the
/// product's first free time just before, as `first_free_lead_days` gives it.
pub fn draft(new: NewAppointment, first_free: FirstFree, now: DateTime<Utc>) -> Draft {
    let duration = chrono::Duration::minutes(new.product.appointment_minutes.max(5) as i64);
    let booked_lead_days = first_free
        .setting
        .calendar
        .working_days_between(local_day(now), local_day(new.start))
        as i32;
    let appointment = appointment::Model {
        id: 0,
        reference: new_reference(),
        manage_token: new_token(),
        product_id: new.product.id,
        cluster_id: new.product.cluster_id,
        start_at: new.start,
        end_at: new.start + duration,
        start_day: Some(local_day(new.start)),
        name: new.name.trim().to_owned(),
        email: new.email.as_str().to_owned(),
        phone: new.phone.trim().to_owned(),
        language: new.lang.code().to_owned(),
        status: BOOKED.to_owned(),
        source: new.source.as_str().to_owned(),
        sequence: 0,
        booked_lead_days,
        first_free_lead_days: first_free.lead_days,
        created_at: now,
        cancelled_at: None,
        reminder_queued_at: None,
    };
    Draft {
        appointment,
        product: new.product,
        setting: first_free.setting,
    }
}

pub struct Draft {
    /// As it will be stored, without its id.
    pub appointment: appointment::Model,
    pub product: product::Model,
    setting: Availability,
}

/// Books the draft's time in `tx` (begun with `db::begin_write`); the caller queues mail and
/// commits. In the lock: four statements.
pub async fn book(
    tx: &DatabaseTransaction,
    rules: &BookingRules,
    draft: Draft,
    now: DateTime<Utc>,
) -> Result<appointment::Model, BookingError> {
    let Draft {
        appointment,
        product,
        setting,
    } = draft;
    if !product.bookable || !product.published {
        return Err(BookingError::NotBookable);
    }
    let day = local_day(appointment.start_at);
    lock_day(tx, product.cluster_id, day).await?;
    check_free(tx, setting, product.cluster_id, appointment.start_at, None).await?;
    let held = appointment::Entity::find()
        .filter(appointment::Column::Email.eq(appointment.email.as_str()))
        .filter(appointment::Column::ProductId.eq(product.id))
        .filter(appointment::Column::Status.eq(BOOKED))
        .filter(appointment::Column::StartAt.gt(now))
        .count(tx)
        .await?;
    if held >= rules.max_per_product as u64 {
        return Err(BookingError::TooMany);
    }
    let mut row: appointment::ActiveModel = appointment.into();
    row.id = NotSet;
    Ok(row.insert(tx).await?)
}

/// Moves a booked appointment to another free time; the old time is freed in the same transaction.
pub async fn move_to(
    tx: &DatabaseTransaction,
    rules: &BookingRules,
    appointment_id: i32,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(appointment::Model, DateTime<Utc>), BookingError> {
    let current = appointment::Entity::find_by_id(appointment_id)
        .one(tx)
        .await?
        .ok_or(BookingError::NotChangeable)?;
    if current.status != BOOKED || current.start_at <= now {
        return Err(BookingError::NotChangeable);
    }
    let product = product::Entity::find_by_id(current.product_id)
        .one(tx)
        .await?
        .ok_or(BookingError::NotBookable)?;
    // Lock both days in one order, so two moves in opposite directions cannot deadlock.
    let mut days = vec![local_day(current.start_at), local_day(start)];
    days.sort();
    days.dedup();
    for day in days {
        lock_day(tx, current.cluster_id, day).await?;
    }
    let setting = schedule::setting(tx, &product, rules.slots, now).await?;
    check_free(tx, setting, current.cluster_id, start, Some(current.id)).await?;
    let old_start = current.start_at;
    let duration = current.end_at - current.start_at;
    let mut moved: appointment::ActiveModel = current.clone().into();
    moved.start_at = Set(start);
    moved.end_at = Set(start + duration);
    moved.sequence = Set(current.sequence + 1);
    moved.reminder_queued_at = Set(None);
    let moved = moved.update(tx).await?;
    Ok((moved, old_start))
}

/// Cancels a booked appointment that has not started yet.
pub async fn cancel(
    tx: &DatabaseTransaction,
    appointment_id: i32,
    now: DateTime<Utc>,
) -> Result<appointment::Model, BookingError> {
    let current = appointment::Entity::find_by_id(appointment_id)
        .one(tx)
        .await?
        .ok_or(BookingError::NotChangeable)?;
    if current.status != BOOKED || current.start_at <= now {
        return Err(BookingError::NotChangeable);
    }
    lock_day(tx, current.cluster_id, local_day(current.start_at)).await?;
    let mut cancelled: appointment::ActiveModel = current.clone().into();
    cancelled.status = Set(CANCELLED.to_owned());
    cancelled.cancelled_at = Set(Some(now));
    cancelled.sequence = Set(current.sequence + 1);
    let cancelled = cancelled.update(tx).await?;
    Ok(cancelled)
}

pub async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<appointment::Model>, DbErr> {
    // Tokens are 64 hex characters; anything else is not looked up.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    appointment::Entity::find()
        .filter(appointment::Column::ManageToken.eq(token))
        .one(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        let reference = new_reference();
        assert_eq!(reference.len(), 11);
        assert!(reference.starts_with("A-"));
        assert!(!reference[2..].contains(['0', 'O', '1', 'I']));
        assert_ne!(new_reference(), new_reference());
    }

    #[test]
    fn tokens_carry_256_bits() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(token, new_token());
    }
}
