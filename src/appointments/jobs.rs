//! Background work: reminders the day before, and the daily snapshot of the first free time
//! of every bookable product (the reports read it as "wait until you can get an appointment").

use super::{actions, booking, schedule::BOOKED};
use crate::{
    catalogue::service as catalogue,
    db,
    entities::{appointment, lead_time_snapshot},
    state::AppState,
};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, QueryFilter};

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Booking(#[from] booking::BookingError),
}

/// Queues one reminder for every booked appointment starting within the reminder lead;
/// `reminder_queued_at` makes it once only, and moving an appointment clears it.
pub async fn queue_reminders(state: &AppState) -> Result<usize, JobError> {
    let now = state.clock.now();
    let lead = Duration::hours(state.config.booking.reminder_hours as i64);
    let due = appointment::Entity::find()
        .filter(appointment::Column::Status.eq(BOOKED))
        .filter(appointment::Column::ReminderQueuedAt.is_null())
        .filter(appointment::Column::StartAt.gt(now))
        .filter(appointment::Column::StartAt.lte(now + lead))
        .all(&state.db)
        .await?;
    let mut queued = 0;
    for candidate in due {
        let tx = db::begin_write(&state.db).await?;
        // Read again inside the transaction: it may have been cancelled or reminded meanwhile.
        let Some(current) = appointment::Entity::find_by_id(candidate.id)
            .one(&tx)
            .await?
        else {
            continue;
        };
        if current.status != BOOKED || current.reminder_queued_at.is_some() {
            continue;
        }
        actions::queue_appointment_mail(&tx, state, "appointment_reminder", &current, now).await?;
        let mut row: appointment::ActiveModel = current.into();
        row.reminder_queued_at = Set(Some(now));
        row.update(&tx).await?;
        tx.commit().await?;
        queued += 1;
    }
    Ok(queued)
}

/// Records today's first free time of every bookable product, once per working day.
pub async fn snapshot_lead_times(state: &AppState) -> Result<usize, JobError> {
    let now = state.clock.now();
    let today = state.clock.today();
    let calendar = catalogue::calendar(&state.db).await?;
    if !calendar.is_working_day(today) {
        return Ok(0);
    }
    let mut recorded = 0;
    for product in catalogue::published(&state.db)
        .await?
        .into_iter()
        .filter(|p| p.bookable)
    {
        let exists = lead_time_snapshot::Entity::find()
            .filter(lead_time_snapshot::Column::Day.eq(today))
            .filter(lead_time_snapshot::Column::ProductId.eq(product.id))
            .one(&state.db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let first_free =
            booking::first_free_lead_days(&state.db, &product, state.config.slot_rules(), now)
                .await?;
        let (first_free_at, lead_days) = (first_free.start, first_free.lead_days);
        lead_time_snapshot::ActiveModel {
            day: Set(today),
            product_id: Set(product.id),
            cluster_id: Set(product.cluster_id),
            first_free_at: Set(first_free_at),
            lead_days: Set(lead_days),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        recorded += 1;
    }
    Ok(recorded)
}

/// Runs both jobs every five minutes (the snapshot records once a day; later runs skip).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            every.tick().await;
            if let Err(e) = queue_reminders(&state).await {
                tracing::warn!(error = %e, "reminders");
            }
            if let Err(e) = snapshot_lead_times(&state).await {
                tracing::warn!(error = %e, "lead-time snapshot");
            }
        }
    })
}
