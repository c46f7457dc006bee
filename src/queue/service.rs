//! The queue in the database: issuing tickets, checking in appointments, calling the next
//! visitor, and closing a visit. Each change runs in one write transaction (IMMEDIATE on SQLite;
//! row locks on PostgreSQL: the day's ticket counter row, and `FOR UPDATE SKIP LOCKED` when a
//! counter takes the next visitor), so no number is issued twice and no visitor is called twice.

use crate::{
    appointments::schedule::BOOKED,
    clock::local_day,
    db,
    domain::queue::{InvalidTicket, TicketNumber, is_late, ready_at},
    entities::{appointment, cluster, counter, ticket_day, visit, visit_event},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict},
};

pub const WAITING: &str = "waiting";
pub const CALLED: &str = "called";
pub const DONE: &str = "done";
pub const WALK_IN: &str = "walk_in";
pub const APPOINTMENT: &str = "appointment";

/// How a visit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Served,
    NoShow,
    Abandoned,
    Transferred,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Served => "served",
            Outcome::NoShow => "no_show",
            Outcome::Abandoned => "abandoned",
            Outcome::Transferred => "transferred",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("no appointment with this reference")]
    UnknownReference,
    #[error("the appointment is not for today")]
    NotToday,
    #[error("the appointment is already checked in")]
    AlreadyCheckedIn,
    #[error("all ticket numbers of today are used")]
    NumbersUsedUp,
    #[error("this visit is not open at this counter")]
    NotOpen,
    #[error(transparent)]
    Ticket(#[from] InvalidTicket),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// The next number of the cluster's day; the counter row is locked until the transaction ends.
async fn next_ticket(
    tx: &DatabaseTransaction,
    cluster: &cluster::Model,
    day: NaiveDate,
) -> Result<TicketNumber, QueueError> {
    ticket_day::Entity::insert(ticket_day::ActiveModel {
        cluster_id: Set(cluster.id),
        day: Set(day),
        last_number: Set(0),
    })
    .on_conflict(
        OnConflict::columns([ticket_day::Column::ClusterId, ticket_day::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    let mut query = ticket_day::Entity::find_by_id((cluster.id, day));
    if tx.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let row = query
        .one(tx)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("ticket_day".into()))?;
    let number = u32::try_from(row.last_number + 1).unwrap_or(0);
    if number > TicketNumber::MAX {
        return Err(QueueError::NumbersUsedUp);
    }
    let ticket = TicketNumber::new(&cluster.ticket_prefix, number)?;
    let mut row: ticket_day::ActiveModel = row.into();
    row.last_number = Set(number as i32);
    row.update(tx).await?;
    Ok(ticket)
}

pub async fn record(
    db: &impl ConnectionTrait,
    visit_id: i32,
    kind: &str,
    at: DateTime<Utc>,
    counter_id: Option<i32>,
) -> Result<(), DbErr> {
    visit_event::ActiveModel {
        visit_id: Set(visit_id),
        kind: Set(kind.to_owned()),
        at: Set(at),
        counter_id: Set(counter_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A new visit in the queue of `cluster_id`, ready at `ready_at`.
struct NewVisit {
    cluster_id: i32,
    kind: &'static str,
    ticket: String,
    now: DateTime<Utc>,
    ready_at: DateTime<Utc>,
    appointment: Option<(i32, DateTime<Utc>)>,
    checked_in: bool,
    previous_visit_id: Option<i32>,
}

async fn open_visit(tx: &DatabaseTransaction, new: NewVisit) -> Result<visit::Model, DbErr> {
    let visit = visit::ActiveModel {
        cluster_id: Set(new.cluster_id),
        kind: Set(new.kind.to_owned()),
        ticket: Set(new.ticket),
        day: Set(local_day(new.now)),
        appointment_id: Set(new.appointment.map(|(id, _)| id)),
        appointment_start: Set(new.appointment.map(|(_, start)| start)),
        previous_visit_id: Set(new.previous_visit_id),
        issued_at: Set(new.now),
        checked_in_at: Set(new.checked_in.then_some(new.now)),
        ready_at: Set(new.ready_at),
        status: Set(WAITING.to_owned()),
        counter_id: Set(None),
        called_at: Set(None),
        finished_at: Set(None),
        outcome: Set(String::new()),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    record(tx, visit.id, "issued", new.now, None).await?;
    if new.checked_in {
        record(tx, visit.id, "checked_in", new.now, None).await?;
    }
    Ok(visit)
}

/// A walk-in ticket for the cluster.
pub async fn issue_ticket(
    db: &DatabaseConnection,
    cluster: &cluster::Model,
    now: DateTime<Utc>,
) -> Result<visit::Model, QueueError> {
    let tx = db::begin_write(db).await?;
    let day = local_day(now);
    let ticket = next_ticket(&tx, cluster, day).await?;
    let visit = open_visit(
        &tx,
        NewVisit {
            cluster_id: cluster.id,
            kind: WALK_IN,
            ticket: ticket.to_string(),
            now,
            ready_at: now,
            appointment: None,
            checked_in: false,
            previous_visit_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(visit)
}

pub struct CheckIn {
    pub visit: visit::Model,
    /// Came later than the grace period: queued as a walk-in.
    pub late: bool,
}

/// Normalises what a resident types or the QR scanner sends: "a-7k3m-9pqx" -> "A-7K3M-9PQX".
pub fn normalise_reference(raw: &str) -> String {
    let cleaned: String = raw
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match cleaned.strip_prefix('A') {
        Some(rest) if rest.len() == 8 => format!("A-{}-{}", &rest[..4], &rest[4..]),
        _ => raw.trim().to_uppercase(),
    }
}

/// Checks in today's appointment with this reference; late arrivals become walk-ins.
pub async fn check_in(
    db: &DatabaseConnection,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<CheckIn, QueueError> {
    let reference = normalise_reference(reference);
    let tx = db::begin_write(db).await?;
    let booked = appointment::Entity::find()
        .filter(appointment::Column::Reference.eq(reference))
        .filter(appointment::Column::Status.eq(BOOKED))
        .one(&tx)
        .await?
        .ok_or(QueueError::UnknownReference)?;
    if local_day(booked.start_at) != local_day(now) {
        return Err(QueueError::NotToday);
    }
    let cluster = cluster::Entity::find_by_id(booked.cluster_id)
        .one(&tx)
        .await?
        .ok_or(QueueError::UnknownReference)?;
    // The ticket counter row is locked now: a second check-in of the same appointment waits
    // here and then sees the first one's visit.
    let ticket = next_ticket(&tx, &cluster, local_day(now)).await?;
    let already = visit::Entity::find()
        .filter(visit::Column::AppointmentId.eq(booked.id))
        .one(&tx)
        .await?;
    if already.is_some() {
        return Err(QueueError::AlreadyCheckedIn);
    }
    let late = is_late(
        now,
        booked.start_at,
        Duration::minutes(cluster.grace_minutes as i64),
    );
    let visit = open_visit(
        &tx,
        NewVisit {
            cluster_id: cluster.id,
            kind: if late { WALK_IN } else { APPOINTMENT },
            ticket: ticket.to_string(),
            now,
            ready_at: if late {
                now
            } else {
                ready_at(now, Some(now), Some(booked.start_at))
            },
            appointment: Some((booked.id, booked.start_at)),
            checked_in: true,
            previous_visit_id: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CheckIn { visit, late })
}

/// Calls the next visitor of the counter's cluster: ready appointments first (when the cluster
/// says so), then walk-ins, each in order of ready time; an appointment checked in early comes
/// only when nobody else is ready. The counter's current visitor, if any, counts as served.
pub async fn call_next(
    db: &DatabaseConnection,
    counter: &counter::Model,
    now: DateTime<Utc>,
) -> Result<Option<visit::Model>, QueueError> {
    let tx = db::begin_write(db).await?;
    let cluster = cluster::Entity::find_by_id(counter.cluster_id)
        .one(&tx)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("cluster".into()))?;
    let current = visit::Entity::find()
        .filter(visit::Column::CounterId.eq(counter.id))
        .filter(visit::Column::Status.eq(CALLED))
        .all(&tx)
        .await?;
    for open in current {
        finish_in(&tx, open, Outcome::Served, now).await?;
    }
    let waiting = || {
        let mut query = visit::Entity::find()
            .filter(visit::Column::ClusterId.eq(cluster.id))
            .filter(visit::Column::Status.eq(WAITING));
        if tx.get_database_backend() == DbBackend::Postgres {
            query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        query
    };
    let mut ready = waiting().filter(visit::Column::ReadyAt.lte(now));
    if cluster.appointments_first {
        ready = ready.order_by_desc(Expr::col(visit::Column::Kind).eq(Expr::val(APPOINTMENT)));
    }
    let mut next = ready
        .order_by_asc(visit::Column::ReadyAt)
        .order_by_asc(visit::Column::Id)
        .limit(1)
        .one(&tx)
        .await?;
    if next.is_none() {
        next = waiting()
            .order_by_asc(visit::Column::ReadyAt)
            .order_by_asc(visit::Column::Id)
            .limit(1)
            .one(&tx)
            .await?;
    }
    let Some(next) = next else {
        tx.commit().await?;
        return Ok(None);
    };
    let mut called: visit::ActiveModel = next.into();
    called.status = Set(CALLED.to_owned());
    called.counter_id = Set(Some(counter.id));
    called.called_at = Set(Some(now));
    let called = called.update(&tx).await?;
    record(&tx, called.id, "called", now, Some(counter.id)).await?;
    tx.commit().await?;
    Ok(Some(called))
}

/// Calls the same visitor again (the display shows the number once more).
pub async fn recall(
    db: &DatabaseConnection,
    visit_id: i32,
    now: DateTime<Utc>,
) -> Result<visit::Model, QueueError> {
    let tx = db::begin_write(db).await?;
    let open = visit::Entity::find_by_id(visit_id)
        .one(&tx)
        .await?
        .filter(|v| v.status == CALLED)
        .ok_or(QueueError::NotOpen)?;
    record(&tx, open.id, "recalled", now, open.counter_id).await?;
    tx.commit().await?;
    Ok(open)
}

async fn finish_in(
    tx: &DatabaseTransaction,
    open: visit::Model,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<visit::Model, DbErr> {
    let counter = open.counter_id;
    let mut done: visit::ActiveModel = open.into();
    done.status = Set(DONE.to_owned());
    done.outcome = Set(outcome.as_str().to_owned());
    done.finished_at = Set(Some(now));
    let done = done.update(tx).await?;
    record(tx, done.id, outcome.as_str(), now, counter).await?;
    Ok(done)
}

/// Served or no-show, for the visitor a counter has called.
pub async fn finish(
    db: &DatabaseConnection,
    visit_id: i32,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<visit::Model, QueueError> {
    let tx = db::begin_write(db).await?;
    let open = visit::Entity::find_by_id(visit_id)
        .one(&tx)
        .await?
        .filter(|v| v.status == CALLED)
        .ok_or(QueueError::NotOpen)?;
    let done = finish_in(&tx, open, outcome, now).await?;
    tx.commit().await?;
    Ok(done)
}

/// Moves a called visitor to another cluster's queue: this leg ends as transferred, a new leg
/// (same ticket) starts now and is measured against the other cluster's target.
pub async fn transfer(
    db: &DatabaseConnection,
    visit_id: i32,
    to: &cluster::Model,
    now: DateTime<Utc>,
) -> Result<visit::Model, QueueError> {
    let tx = db::begin_write(db).await?;
    let open = visit::Entity::find_by_id(visit_id)
        .one(&tx)
        .await?
        .filter(|v| v.status == CALLED || v.status == WAITING)
        .ok_or(QueueError::NotOpen)?;
    let ticket = open.ticket.clone();
    let previous = finish_in(&tx, open, Outcome::Transferred, now).await?;
    let leg = open_visit(
        &tx,
        NewVisit {
            cluster_id: to.id,
            kind: WALK_IN,
            ticket,
            now,
            ready_at: now,
            appointment: None,
            checked_in: false,
            previous_visit_id: Some(previous.id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(leg)
}

/// Closes as abandoned every visit still waiting from before `cutoff` (the daily job passes
/// the end of the day's opening hours).
pub async fn abandon_waiting_before(
    db: &DatabaseConnection,
    cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    abandon_waiting(db, None, cutoff, now).await
}

/// The same, for one cluster only (its opening hours of the day have ended).
pub async fn abandon_waiting_in_cluster_before(
    db: &DatabaseConnection,
    cluster_id: i32,
    cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    abandon_waiting(db, Some(cluster_id), cutoff, now).await
}

async fn abandon_waiting(
    db: &DatabaseConnection,
    cluster_id: Option<i32>,
    cutoff: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let tx = db::begin_write(db).await?;
    let mut stale = visit::Entity::find()
        .filter(visit::Column::Status.eq(WAITING))
        .filter(visit::Column::IssuedAt.lt(cutoff));
    if let Some(cluster_id) = cluster_id {
        stale = stale.filter(visit::Column::ClusterId.eq(cluster_id));
    }
    let stale = stale.all(&tx).await?;
    let count = stale.len();
    for open in stale {
        let mut done: visit::ActiveModel = open.clone().into();
        done.status = Set(DONE.to_owned());
        done.outcome = Set(Outcome::Abandoned.as_str().to_owned());
        done.finished_at = Set(Some(now));
        done.update(&tx).await?;
        record(&tx, open.id, "abandoned", now, None).await?;
    }
    tx.commit().await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_however_they_are_typed() {
        assert_eq!(normalise_reference("a-7k3m-9pqx"), "A-7K3M-9PQX");
        assert_eq!(normalise_reference(" A7K3M9PQX "), "A-7K3M-9PQX");
        assert_eq!(normalise_reference("A-7K3M-9PQX"), "A-7K3M-9PQX");
        assert_eq!(normalise_reference("iets anders"), "IETS ANDERS");
    }
}
