//! Removing personal data once it is no longer needed: appointments some days after they took
//! place, cases some months after closure, sent e-mails after the appointment term. Runs daily
//! and as `loket anonymise`; what was removed is counted and logged, without the data.

use crate::{
    audit,
    entities::{appointment, case_event, case_photo, outbox_mail, service_case, waitlist_entry},
};
use chrono::{DateTime, Duration, Months, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Condition, Expr},
};
use std::fmt;

/// How long personal data is kept (LOKET_RETENTION_* settings).
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Days after an appointment (and after a mail was sent).
    pub appointment_days: u32,
    /// Months after a case was closed.
    pub case_months: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            appointment_days: 30,
            case_months: 12,
        }
    }
}

/// How many records lost their personal data.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    pub appointments: u64,
    pub waitlist_entries: u64,
    pub cases: u64,
    pub photos: u64,
    pub mails: u64,
}

impl Removed {
    pub fn total(&self) -> u64 {
        self.appointments + self.waitlist_entries + self.cases + self.photos + self.mails
    }
}

impl fmt::Display for Removed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} appointments, {} waiting-list entries, {} cases, {} photos, {} e-mails",
            self.appointments, self.waitlist_entries, self.cases, self.photos, self.mails
        )
    }
}

/// Removes what is past its term at `now`, and logs the counts in the audit log.
pub async fn anonymise_expired(
    db: &impl ConnectionTrait,
    retention: Retention,
    now: DateTime<Utc>,
) -> Result<Removed, DbErr> {
    let appointments_before = now - Duration::days(retention.appointment_days.into());
    let cases_before = now
        .checked_sub_months(Months::new(retention.case_months))
        .unwrap_or(now);
    let appointment_ids: Vec<i32> = appointment::Entity::find()
        .select_only()
        .column(appointment::Column::Id)
        .filter(appointment::Column::EndAt.lt(appointments_before))
        .filter(not_anonymised(
            appointment::Column::Email,
            appointment::Column::Name,
        ))
        .into_tuple()
        .all(db)
        .await?;
    let case_ids: Vec<i32> = service_case::Entity::find()
        .select_only()
        .column(service_case::Column::Id)
        .filter(service_case::Column::ClosedAt.lt(cases_before))
        .filter(
            Condition::any()
                .add(not_anonymised(
                    service_case::Column::Email,
                    service_case::Column::Name,
                ))
                .add(service_case::Column::Description.ne("")),
        )
        .into_tuple()
        .all(db)
        .await?;
    let mut removed = Removed {
        mails: outbox_mail::Entity::delete_many()
            .filter(outbox_mail::Column::SentAt.lt(appointments_before))
            .exec(db)
            .await?
            .rows_affected,
        ..Removed::default()
    };
    removed.add(anonymise_appointments(db, &appointment_ids).await?);
    removed.add(anonymise_cases(db, &case_ids).await?);
    if removed.total() > 0 {
        audit::record(
            db,
            audit::Actor::System("retention"),
            "personal_data_removed",
            "retention",
            &removed.to_string(),
            now,
        )
        .await?;
    }
    tracing::info!(%removed, "retention: personal data removed");
    Ok(removed)
}

impl Removed {
    fn add(&mut self, other: Removed) {
        self.appointments += other.appointments;
        self.waitlist_entries += other.waitlist_entries;
        self.cases += other.cases;
        self.photos += other.photos;
        self.mails += other.mails;
    }
}

fn not_anonymised(email: impl ColumnTrait, name: impl ColumnTrait) -> Condition {
    Condition::any().add(email.ne("")).add(name.ne(""))
}

/// Blanks the resident's name, e-mail and phone of these appointments and drops their
/// waiting-list entries. Product, times, status and lead times stay for the reports.
pub async fn anonymise_appointments(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Removed, DbErr> {
    let mut removed = Removed::default();
    for chunk in ids.chunks(500) {
        removed.waitlist_entries += waitlist_entry::Entity::delete_many()
            .filter(waitlist_entry::Column::AppointmentId.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
        removed.appointments += appointment::Entity::update_many()
            .col_expr(appointment::Column::Name, Expr::value(""))
            .col_expr(appointment::Column::Email, Expr::value(""))
            .col_expr(appointment::Column::Phone, Expr::value(""))
            .filter(appointment::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(removed)
}

/// Blanks everything a resident wrote or gave about these cases (contact data, description,
/// place, expectation, comments, message texts) and deletes their photos. The case, its
/// category, department, dates, status and outcome stay for the reports.
pub async fn anonymise_cases(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Removed, DbErr> {
    let mut removed = Removed::default();
    for chunk in ids.chunks(500) {
        removed.photos += case_photo::Entity::delete_many()
            .filter(case_photo::Column::CaseId.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
        case_event::Entity::update_many()
            .col_expr(case_event::Column::Body, Expr::value(""))
            .filter(case_event::Column::CaseId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        removed.cases += service_case::Entity::update_many()
            .col_expr(service_case::Column::Name, Expr::value(""))
            .col_expr(service_case::Column::Email, Expr::value(""))
            .col_expr(service_case::Column::Phone, Expr::value(""))
            .col_expr(service_case::Column::Description, Expr::value(""))
            .col_expr(service_case::Column::Address, Expr::value(""))
            .col_expr(
                service_case::Column::Latitude,
                Expr::value(Option::<f64>::None),
            )
            .col_expr(
                service_case::Column::Longitude,
                Expr::value(Option::<f64>::None),
            )
            .col_expr(service_case::Column::Expectation, Expr::value(""))
            .col_expr(service_case::Column::SatisfactionComment, Expr::value(""))
            .filter(service_case::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(removed)
}

/// Runs the retention every hour (it removes only what is past its term, so a run is cheap
/// when there is nothing to do, and several instances running it at once do no harm).
pub fn spawn(state: crate::state::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let now = state.clock.now();
            if let Err(e) = anonymise_expired(&state.db, state.config.retention, now).await {
                tracing::warn!(error = %e, "retention");
            }
        }
    })
}
