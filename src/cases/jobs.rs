//! Background work on cases, every five minutes. Each step is once-only and safe when several
//! instances run it at the same moment: a case is claimed inside a write transaction (a row
//! lock that others skip on PostgreSQL; one writer at a time on SQLite) and checked again.
//!
//! - At 75 % of its term an open case is announced to the handlers of its department, once.
//! - Every working day from 07:00, each handler gets one digest of their departments' overdue
//!   cases. The digest's outbox row is the record that it went out today: no extra table.
//! - A report still open one working day before its due date, and not scheduled, tells its
//!   resident once that it needs more time.

use super::{
    inbox::INBOX,
    service::{self, kind_of, status_of},
};
use crate::{
    catalogue::service::calendar,
    clock::{TIME_ZONE, local_day},
    db,
    domain::{
        cases::{self, Status},
        email::EmailAddress,
        slots::local_to_utc,
    },
    entities::{case_category, case_event, department, outbox_mail, service_case, staff_user},
    mail::{self, Mail, MailError},
    state::AppState,
    web::{dates::long_date, i18n::Lang},
};
use chrono::{DateTime, NaiveTime, Timelike, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{LockBehavior, LockType},
};
use std::collections::{BTreeMap, HashMap, hash_map::Entry};

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Mail(#[from] MailError),
}

/// The hour (Brussels) from which the daily digest goes out.
pub const DIGEST_HOUR: u32 = 7;

/// Handlers' mails are in Dutch: the staff's working language.
const STAFF_LANG: Lang = Lang::Nl;

/// The states whose term runs (waiting for the resident is filtered apart: it pauses).
fn open_statuses() -> Vec<&'static str> {
    Status::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect()
}

/// Reads the case again inside `tx`, locked; `None` when another instance holds it.
async fn claim(tx: &DatabaseTransaction, id: i32) -> Result<Option<service_case::Model>, DbErr> {
    let mut query = service_case::Entity::find_by_id(id);
    if tx.get_database_backend() == DbBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    query.one(tx).await
}

/// Active staff of a department with a usable address.
async fn recipients(
    db: &impl ConnectionTrait,
    department_id: i32,
) -> Result<Vec<(staff_user::Model, EmailAddress)>, DbErr> {
    let ids = service::handlers_of(db, department_id).await?;
    Ok(staff_user::Entity::find()
        .filter(staff_user::Column::Id.is_in(ids))
        .filter(staff_user::Column::Active.eq(true))
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| EmailAddress::parse(&u.email).ok().map(|e| (u, e)))
        .collect())
}

fn staff_url(state: &AppState, case: &service_case::Model) -> String {
    format!("{}{INBOX}/{}", state.config.base_url, case.id)
}

fn municipality(state: &AppState) -> String {
    state
        .municipality()
        .map(|m| m.name)
        .unwrap_or_else(|| "Loket".to_owned())
}

async fn case_summary(
    db: &impl ConnectionTrait,
    state: &AppState,
    case: &service_case::Model,
    today: chrono::NaiveDate,
) -> Result<serde_json::Value, DbErr> {
    let category = case_category::Entity::find_by_id(case.category_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let department = department::Entity::find_by_id(case.department_id)
        .one(db)
        .await?
        .map(|d| d.name)
        .unwrap_or_default();
    Ok(serde_json::json!({
        "reference": case.reference,
        "kind": STAFF_LANG.text(&format!("case-kind-{}", case.kind)),
        "category": category,
        "department": department,
        "status": STAFF_LANG.text(&format!("case-status-{}", case.status)),
        "received": long_date(local_day(case.received_at), STAFF_LANG),
        "due": long_date(case.due_on, STAFF_LANG),
        "days_late": (today - case.due_on).num_days().max(0),
        "url": staff_url(state, case),
    }))
}

async fn note(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    now: DateTime<Utc>,
    kind: &str,
    public: bool,
) -> Result<(), DbErr> {
    case_event::ActiveModel {
        case_id: Set(case.id),
        at: Set(now),
        staff_user_id: Set(None),
        actor: Set("system".to_owned()),
        kind: Set(kind.to_owned()),
        from_status: Set(case.status.clone()),
        to_status: Set(case.status.clone()),
        public: Set(public),
        body: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Mails the handlers of each open case that has reached 75 % of its term, once per case.
/// Reports waiting for the resident are skipped: their clock is paused.
pub async fn warn_at_three_quarters(state: &AppState) -> Result<usize, JobError> {
    let now = state.clock.now();
    let today = local_day(now);
    let calendar = calendar(&state.db).await?;
    let candidates = service_case::Entity::find()
        .filter(service_case::Column::Status.is_in(open_statuses()))
        .filter(service_case::Column::PausedOn.is_null())
        .filter(service_case::Column::TermWarningSentAt.is_null())
        .all(&state.db)
        .await?;
    let mut warned = 0;
    for candidate in candidates {
        if !cases::term_three_quarters_passed(
            kind_of(&candidate),
            &calendar,
            local_day(candidate.received_at),
            candidate.due_on,
            today,
        ) {
            continue;
        }
        let tx = db::begin_write(&state.db).await?;
        let Some(case) = claim(&tx, candidate.id).await? else {
            continue;
        };
        if case.term_warning_sent_at.is_some()
            || case.paused_on.is_some()
            || !status_of(&case).is_open()
        {
            continue;
        }
        let summary = case_summary(&tx, state, &case, today).await?;
        for (handler, address) in recipients(&tx, case.department_id).await? {
            let mut context = tera::Context::new();
            context.insert("name", &handler.display_name);
            context.insert("case", &summary);
            context.insert("municipality", &municipality(state));
            mail::enqueue(
                &tx,
                &state.templates,
                Mail {
                    kind: "case_term_warning",
                    to: address,
                    lang: STAFF_LANG,
                    context,
                    attachments: Vec::new(),
                },
                now,
            )
            .await?;
        }
        note(&tx, &case, now, "term_warning", false).await?;
        let mut row: service_case::ActiveModel = case.into();
        row.term_warning_sent_at = Set(Some(now));
        row.update(&tx).await?;
        tx.commit().await?;
        warned += 1;
    }
    Ok(warned)
}

/// One mail per handler per working day listing the overdue cases of their departments.
pub async fn digest_overdue(state: &AppState) -> Result<usize, JobError> {
    let now = state.clock.now();
    let local = now.with_timezone(&TIME_ZONE);
    let today = local.date_naive();
    if local.hour() < DIGEST_HOUR || !calendar(&state.db).await?.is_working_day(today) {
        return Ok(0);
    }
    let Some(midnight) = local_to_utc(TIME_ZONE, today, NaiveTime::MIN) else {
        return Ok(0);
    };
    let overdue = service_case::Entity::find()
        .filter(service_case::Column::Status.is_in(open_statuses()))
        .filter(service_case::Column::PausedOn.is_null())
        .filter(service_case::Column::DueOn.lt(today))
        .order_by_asc(service_case::Column::DueOn)
        .order_by_asc(service_case::Column::Id)
        .all(&state.db)
        .await?;
    // Handler -> their overdue cases, over all their departments.
    let mut by_handler: BTreeMap<i32, (staff_user::Model, EmailAddress, Vec<serde_json::Value>)> =
        BTreeMap::new();
    let mut departments: HashMap<i32, Vec<(staff_user::Model, EmailAddress)>> = HashMap::new();
    for case in &overdue {
        if let Entry::Vacant(slot) = departments.entry(case.department_id) {
            slot.insert(recipients(&state.db, case.department_id).await?);
        }
        let summary = case_summary(&state.db, state, case, today).await?;
        for (handler, address) in &departments[&case.department_id] {
            by_handler
                .entry(handler.id)
                .or_insert_with(|| (handler.clone(), address.clone(), Vec::new()))
                .2
                .push(summary.clone());
        }
    }
    let mut sent = 0;
    for (id, (handler, address, cases)) in by_handler {
        let tx = db::begin_write(&state.db).await?;
        // The handler's row is the claim: a second instance skips it until this one commits,
        // and then finds today's digest in the outbox.
        let mut handler_row = staff_user::Entity::find_by_id(id);
        if tx.get_database_backend() == DbBackend::Postgres {
            handler_row =
                handler_row.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        if handler_row.one(&tx).await?.is_none() {
            continue;
        }
        let already = outbox_mail::Entity::find()
            .filter(outbox_mail::Column::Kind.eq("case_overdue_digest"))
            .filter(outbox_mail::Column::Recipient.eq(address.as_str()))
            .filter(outbox_mail::Column::CreatedAt.gte(midnight))
            .one(&tx)
            .await?
            .is_some();
        if already {
            continue;
        }
        let mut context = tera::Context::new();
        context.insert("name", &handler.display_name);
        context.insert("count", &cases.len());
        context.insert("cases", &cases);
        context.insert("day", &long_date(today, STAFF_LANG));
        context.insert(
            "inbox_url",
            &format!("{}{INBOX}?te_laat=1", state.config.base_url),
        );
        context.insert("municipality", &municipality(state));
        mail::enqueue(
            &tx,
            &state.templates,
            Mail {
                kind: "case_overdue_digest",
                to: address,
                lang: STAFF_LANG,
                context,
                attachments: Vec::new(),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Tells the resident of each report that is still open one working day before its due date,
/// and not scheduled, that it needs more time; once per report.
pub async fn tell_more_time_needed(state: &AppState) -> Result<usize, JobError> {
    let now = state.clock.now();
    let today = local_day(now);
    let calendar = calendar(&state.db).await?;
    let running: Vec<&str> = open_statuses()
        .into_iter()
        .filter(|s| *s != Status::Scheduled.as_str() && *s != Status::WaitingForResident.as_str())
        .collect();
    let candidates = service_case::Entity::find()
        .filter(service_case::Column::Kind.eq(cases::CaseKind::Report.as_str()))
        .filter(service_case::Column::Status.is_in(running.clone()))
        .filter(service_case::Column::PausedOn.is_null())
        .filter(service_case::Column::MoreTimeSentAt.is_null())
        .filter(service_case::Column::DueOn.gt(today))
        .filter(service_case::Column::Email.ne(""))
        .all(&state.db)
        .await?;
    let mut told = 0;
    for candidate in candidates {
        // One working day before the due date (or the weekend between), not on the day of receipt.
        if calendar.add_working_days(today, 1) < candidate.due_on
            || local_day(candidate.received_at) >= today
        {
            continue;
        }
        let tx = db::begin_write(&state.db).await?;
        let Some(case) = claim(&tx, candidate.id).await? else {
            continue;
        };
        if case.more_time_sent_at.is_some()
            || case.paused_on.is_some()
            || !running.contains(&case.status.as_str())
        {
            continue;
        }
        let category = case_category::Entity::find_by_id(case.category_id)
            .one(&tx)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("case_category".into()))?;
        service::queue_mail(
            &tx,
            state,
            &case,
            &category,
            "report_needs_more_time",
            "",
            now,
        )
        .await?;
        note(&tx, &case, now, "more_time", true).await?;
        let mut row: service_case::ActiveModel = case.into();
        row.more_time_sent_at = Set(Some(now));
        row.update(&tx).await?;
        tx.commit().await?;
        told += 1;
    }
    Ok(told)
}

/// Runs the three every five minutes.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            every.tick().await;
            if let Err(e) = warn_at_three_quarters(&state).await {
                tracing::warn!(error = %e, "case term warnings");
            }
            if let Err(e) = digest_overdue(&state).await {
                tracing::warn!(error = %e, "overdue digest");
            }
            if let Err(e) = tell_more_time_needed(&state).await {
                tracing::warn!(error = %e, "reports needing more time");
            }
        }
    })
}
