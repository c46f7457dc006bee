//! The rights of access and erasure: everything Loket holds about one e-mail address, as a
//! document to hand over, and its removal.

use super::retention::{self, Removed};
use crate::{
    appointments::schedule::{BOOKED, CANCELLED},
    domain::email::EmailAddress,
    entities::{appointment, outbox_mail, service_case, waitlist_entry},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use serde::Serialize;

/// What is held about one address, in the form a resident can read (JSON).
#[derive(Debug, Serialize)]
pub struct PersonalData {
    pub email: String,
    pub appointments: Vec<AppointmentData>,
    pub waitlist_entries: Vec<WaitlistData>,
    pub cases: Vec<CaseData>,
    pub mails: Vec<MailData>,
}

#[derive(Debug, Serialize)]
pub struct AppointmentData {
    pub reference: String,
    pub name: String,
    pub phone: String,
    pub start_at: DateTime<Utc>,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct WaitlistData {
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct CaseData {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub name: String,
    pub phone: String,
    pub description: String,
    pub address: String,
    pub expectation: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct MailData {
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl PersonalData {
    pub fn is_empty(&self) -> bool {
        self.appointments.is_empty()
            && self.waitlist_entries.is_empty()
            && self.cases.is_empty()
            && self.mails.is_empty()
    }
}

pub async fn find(db: &impl ConnectionTrait, email: &EmailAddress) -> Result<PersonalData, DbErr> {
    let address = email.as_str();
    Ok(PersonalData {
        email: address.to_owned(),
        appointments: appointment::Entity::find()
            .filter(appointment::Column::Email.eq(address))
            .order_by_asc(appointment::Column::StartAt)
            .all(db)
            .await?
            .into_iter()
            .map(|a| AppointmentData {
                reference: a.reference,
                name: a.name,
                phone: a.phone,
                start_at: a.start_at,
                status: a.status,
                created_at: a.created_at,
            })
            .collect(),
        waitlist_entries: waitlist_entry::Entity::find()
            .filter(waitlist_entry::Column::Email.eq(address))
            .all(db)
            .await?
            .into_iter()
            .map(|w| WaitlistData {
                name: w.name,
                created_at: w.created_at,
            })
            .collect(),
        cases: service_case::Entity::find()
            .filter(service_case::Column::Email.eq(address))
            .order_by_asc(service_case::Column::ReceivedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|c| CaseData {
                reference: c.reference,
                kind: c.kind,
                status: c.status,
                name: c.name,
                phone: c.phone,
                description: c.description,
                address: c.address,
                expectation: c.expectation,
                received_at: c.received_at,
            })
            .collect(),
        mails: outbox_mail::Entity::find()
            .filter(outbox_mail::Column::Recipient.eq(address))
            .order_by_asc(outbox_mail::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|m| MailData {
                subject: m.subject,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect(),
    })
}

/// Erases everything held about the address. A future appointment is cancelled (its time
/// goes back to others), since no one could be reminded of it or come to it by name.
pub async fn erase(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    now: DateTime<Utc>,
) -> Result<Removed, DbErr> {
    let address = email.as_str();
    appointment::Entity::update_many()
        .col_expr(appointment::Column::Status, Expr::value(CANCELLED))
        .col_expr(appointment::Column::CancelledAt, Expr::value(now))
        .filter(appointment::Column::Email.eq(address))
        .filter(appointment::Column::Status.eq(BOOKED))
        .filter(appointment::Column::StartAt.gt(now))
        .exec(db)
        .await?;
    let appointment_ids: Vec<i32> = appointment::Entity::find()
        .filter(appointment::Column::Email.eq(address))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let case_ids: Vec<i32> = service_case::Entity::find()
        .filter(service_case::Column::Email.eq(address))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut removed = retention::anonymise_appointments(db, &appointment_ids).await?;
    let cases = retention::anonymise_cases(db, &case_ids).await?;
    removed.cases = cases.cases;
    removed.photos = cases.photos;
    removed.waitlist_entries += waitlist_entry::Entity::delete_many()
        .filter(waitlist_entry::Column::Email.eq(address))
        .exec(db)
        .await?
        .rows_affected;
    removed.mails = outbox_mail::Entity::delete_many()
        .filter(outbox_mail::Column::Recipient.eq(address))
        // A mail not yet sent is the worker's; retention removes it once sent.
        .filter(outbox_mail::Column::SentAt.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(removed)
}
