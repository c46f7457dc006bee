//! Every change to a case, each in one transaction with its history line, the e-mail to the
//! resident (through the outbox) and the work-planning webhook.

use super::webhook::{self, Event};
use crate::{
    catalogue::service::calendar,
    clock::local_day,
    db,
    domain::{
        cases::{
            self, Action, Actor, CaseKind, CaseReference, InadmissibleReason, Outcome, Status,
            TransitionError,
        },
        email::EmailAddress,
        role::Role,
    },
    entities::{
        TextList, case_category, case_event, case_number, case_photo, department, service_case,
        staff_department,
    },
    mail::{self, Mail, MailError},
    state::AppState,
    web::{dates::long_date, i18n::Lang},
};
use chrono::{DateTime, NaiveDate, Utc};
use rand::RngExt;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect, sea_query::OnConflict,
};

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the category does not exist or is not open for this kind of case")]
    UnknownCategory,
    #[error("the department does not exist")]
    UnknownDepartment,
    #[error("the case does not exist")]
    NotFound,
    /// A complaint is decided independently of the service it is about.
    #[error("a handler of the department the complaint is about cannot decide it")]
    NotIndependent,
    #[error(transparent)]
    Extension(#[from] cases::ExtensionError),
    #[error("reference numbers of this year are used up")]
    NumbersUsedUp,
    #[error("mail: {0}")]
    Mail(#[from] MailError),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// Who changes a case, for the rules and the history.
#[derive(Debug, Clone)]
pub enum By {
    Staff {
        id: i32,
        name: String,
        role: Role,
    },
    /// A program with an API token (the work planning, an Open311 client).
    Api {
        name: String,
    },
    Resident,
    /// A job of Loket itself.
    System,
}

impl By {
    fn actor(&self) -> Actor {
        match self {
            By::Resident => Actor::Resident,
            _ => Actor::Staff,
        }
    }

    fn label(&self) -> String {
        match self {
            By::Staff { name, .. } => name.clone(),
            By::Api { name } => format!("API: {name}"),
            By::Resident => "resident".to_owned(),
            By::System => "system".to_owned(),
        }
    }

    fn staff_id(&self) -> Option<i32> {
        match self {
            By::Staff { id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// How the case reached the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Web,
    Open311,
    Api,
    Counter,
    Phone,
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Open311 => "open311",
            Channel::Api => "api",
            Channel::Counter => "counter",
            Channel::Phone => "phone",
            Channel::Email => "email",
        }
    }
}

/// A photo that was already checked and re-encoded (no location metadata).
pub struct Photo {
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// A new complaint or report, already validated at the edge.
pub struct NewCase {
    pub kind: CaseKind,
    pub category_id: i32,
    /// Complaints: the service the complaint is about.
    pub about_department_id: Option<i32>,
    pub description: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub name: String,
    /// `None`: an anonymous report, which gets no feedback.
    pub email: Option<EmailAddress>,
    pub phone: String,
    pub happened_on: Option<NaiveDate>,
    pub expectation: String,
    pub channel: Channel,
    pub language: Lang,
    pub photos: Vec<Photo>,
}

/// What a change does, with what it needs. Each maps to one [`Action`].
#[derive(Debug, Clone)]
pub enum Change {
    /// Reports: assign to a department (and optionally a handler).
    Triage {
        department_id: i32,
        assigned_to: Option<i32>,
    },
    AskResident {
        question: String,
    },
    ResidentAnswers {
        answer: String,
    },
    Schedule {
        on: NaiveDate,
        message: String,
    },
    Forward {
        to: String,
        message: String,
    },
    Resolve {
        closing_text: String,
    },
    Reopen {
        reason: String,
    },
    Cancel {
        reason: String,
        duplicate_of: Option<i32>,
    },
    StartReview,
    Admit {
        message: String,
    },
    Reject {
        reason: InadmissibleReason,
        explanation: String,
    },
    Extend {
        to: NaiveDate,
        motivation: String,
    },
    Decide {
        outcome: Outcome,
        motivation: String,
        norms: Vec<String>,
        improvement_actions: String,
    },
    Close,
    Withdraw {
        reason: String,
    },
}

impl Change {
    pub fn action(&self) -> Action {
        match self {
            Change::Triage { .. } => Action::Triage,
            Change::AskResident { .. } => Action::AskResident,
            Change::ResidentAnswers { .. } => Action::ResidentAnswers,
            Change::Schedule { .. } => Action::Schedule,
            Change::Forward { .. } => Action::Forward,
            Change::Resolve { .. } => Action::Resolve,
            Change::Reopen { .. } => Action::Reopen,
            Change::Cancel { .. } => Action::Cancel,
            Change::StartReview => Action::StartReview,
            Change::Admit { .. } => Action::Admit,
            Change::Reject { .. } => Action::Reject,
            Change::Extend { .. } => Action::Extend,
            Change::Decide { .. } => Action::Decide,
            Change::Close => Action::Close,
            Change::Withdraw { .. } => Action::Withdraw,
        }
    }
}

/// 256 random bits, hex: the tracking link's capability.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

pub fn kind_of(case: &service_case::Model) -> CaseKind {
    case.kind.parse().unwrap_or(CaseKind::Report)
}

pub fn status_of(case: &service_case::Model) -> Status {
    case.status.parse().unwrap_or(Status::Received)
}

/// Files a new case: its reference, its term, the acknowledgement mail and the webhook.
pub async fn file(state: &AppState, new: NewCase) -> Result<service_case::Model, CaseError> {
    let now = state.clock.now();
    let today = local_day(now);
    let category = case_category::Entity::find_by_id(new.category_id)
        .one(&state.db)
        .await?
        .filter(|c| c.active && c.kind == new.kind.as_str())
        .ok_or(CaseError::UnknownCategory)?;
    let department = department_by_name(&state.db, &category.department).await?;
    if let Some(about) = new.about_department_id {
        department::Entity::find_by_id(about)
            .one(&state.db)
            .await?
            .ok_or(CaseError::UnknownDepartment)?;
    }
    let due_on = match new.kind {
        CaseKind::Report => cases::report_due(
            &calendar(&state.db).await?,
            today,
            category.handling_days.max(0) as u32,
        ),
        CaseKind::Complaint => state.config.complaint_terms.answer_by(today),
    };
    let tx = db::begin_write(&state.db).await?;
    let reference = next_reference(&tx, new.kind, today).await?;
    let case = service_case::ActiveModel {
        kind: Set(new.kind.as_str().to_owned()),
        reference: Set(reference.to_string()),
        tracking_token: Set(new_token()),
        channel: Set(new.channel.as_str().to_owned()),
        status: Set(Status::Received.as_str().to_owned()),
        category_id: Set(category.id),
        department_id: Set(department.id),
        about_department_id: Set(new.about_department_id),
        assigned_to: Set(None),
        description: Set(new.description),
        address: Set(new.address),
        latitude: Set(new.latitude),
        longitude: Set(new.longitude),
        name: Set(new.name),
        email: Set(new.email.map(|e| e.as_str().to_owned()).unwrap_or_default()),
        phone: Set(new.phone),
        language: Set(new.language.code().to_owned()),
        happened_on: Set(new.happened_on),
        expectation: Set(new.expectation),
        received_at: Set(now),
        acknowledged_at: Set(None),
        due_on: Set(due_on),
        extended_to: Set(None),
        extension_reason: Set(String::new()),
        paused_on: Set(None),
        scheduled_on: Set(None),
        forwarded_to: Set(String::new()),
        inadmissible_reason: Set(String::new()),
        outcome: Set(String::new()),
        ombudsman_norms: Set(TextList::default()),
        improvement_actions: Set(String::new()),
        closing_text: Set(String::new()),
        decided_by: Set(None),
        closed_at: Set(None),
        satisfied: Set(None),
        satisfaction_comment: Set(String::new()),
        reopen_count: Set(0),
        duplicate_of: Set(None),
        converted_from: Set(None),
        term_warning_sent_at: Set(None),
        more_time_sent_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    for photo in new.photos {
        case_photo::ActiveModel {
            case_id: Set(case.id),
            content_type: Set(photo.content_type.to_owned()),
            data: Set(photo.data),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    record(
        &tx,
        &case,
        now,
        &By::Resident,
        "received",
        ("", Status::Received.as_str()),
        true,
        "",
    )
    .await?;
    let received_mail = match new.kind {
        CaseKind::Report => "report_received",
        CaseKind::Complaint => "complaint_received",
    };
    queue_mail(&tx, state, &case, &category, received_mail, "", now).await?;
    if new.kind == CaseKind::Report {
        webhook::enqueue(&tx, &case, &category.name, Event::Created, now).await?;
    }
    tx.commit().await?;
    Ok(case)
}

/// Applies `change` to the case `case_id`, if the transition table allows it for `by`.
pub async fn apply(
    state: &AppState,
    case_id: i32,
    change: Change,
    by: &By,
) -> Result<service_case::Model, CaseError> {
    let now = state.clock.now();
    let today = local_day(now);
    let tx = db::begin_write(&state.db).await?;
    let case = lock(&tx, case_id).await?;
    let kind = kind_of(&case);
    let from = status_of(&case);
    let transition = cases::transition(kind, from, change.action(), by.actor())?;
    let mut row: service_case::ActiveModel = case.clone().into();
    let mut body = String::new();
    match &change {
        Change::Triage {
            department_id,
            assigned_to,
        } => {
            department::Entity::find_by_id(*department_id)
                .one(&tx)
                .await?
                .ok_or(CaseError::UnknownDepartment)?;
            row.department_id = Set(*department_id);
            row.assigned_to = Set(*assigned_to);
            if case.acknowledged_at.is_none() {
                row.acknowledged_at = Set(Some(now));
            }
        }
        Change::AskResident { question } => {
            row.paused_on = Set(Some(today));
            body = question.clone();
        }
        Change::ResidentAnswers { answer } => {
            if let Some(paused) = case.paused_on {
                let calendar = calendar(&tx).await?;
                row.due_on = Set(cases::resume_term(&calendar, case.due_on, paused, today));
            }
            row.paused_on = Set(None);
            body = answer.clone();
        }
        Change::Schedule { on, message } => {
            resume_if_paused(&tx, &case, &mut row, today).await?;
            row.scheduled_on = Set(Some(*on));
            body = message.clone();
        }
        Change::Forward { to, message } => {
            resume_if_paused(&tx, &case, &mut row, today).await?;
            row.forwarded_to = Set(to.clone());
            row.closed_at = Set(Some(now));
            body = message.clone();
        }
        Change::Resolve { closing_text } => {
            resume_if_paused(&tx, &case, &mut row, today).await?;
            row.closing_text = Set(closing_text.clone());
            row.closed_at = Set(Some(now));
            body = closing_text.clone();
        }
        Change::Reopen { reason } => {
            row.closed_at = Set(None);
            row.satisfied = Set(None);
            row.reopen_count = Set(case.reopen_count + 1);
            body = reason.clone();
        }
        Change::Cancel {
            reason,
            duplicate_of,
        } => {
            resume_if_paused(&tx, &case, &mut row, today).await?;
            if let Some(original) = duplicate_of {
                let original = service_case::Entity::find_by_id(*original)
                    .one(&tx)
                    .await?
                    .filter(|o| o.id != case.id && o.kind == case.kind)
                    .ok_or(CaseError::NotFound)?;
                row.duplicate_of = Set(Some(original.id));
            }
            row.closed_at = Set(Some(now));
            body = reason.clone();
        }
        Change::StartReview | Change::Close => {}
        Change::Admit { message } => {
            row.acknowledged_at = Set(Some(now));
            body = message.clone();
        }
        Change::Reject {
            reason,
            explanation,
        } => {
            row.acknowledged_at = Set(Some(now));
            row.inadmissible_reason = Set(reason.as_str().to_owned());
            row.closed_at = Set(Some(now));
            body = explanation.clone();
        }
        Change::Extend { to, motivation } => {
            state.config.complaint_terms.check_extension(
                local_day(case.received_at),
                case.extended_to.is_some(),
                today,
                *to,
            )?;
            row.extended_to = Set(Some(*to));
            row.due_on = Set(*to);
            row.extension_reason = Set(motivation.clone());
            body = motivation.clone();
        }
        Change::Decide {
            outcome,
            motivation,
            norms,
            improvement_actions,
        } => {
            if let (By::Staff { id, .. }, Some(about)) = (by, case.about_department_id)
                && works_in(&tx, *id, about).await?
            {
                return Err(CaseError::NotIndependent);
            }
            row.outcome = Set(outcome.as_str().to_owned());
            row.closing_text = Set(motivation.clone());
            row.ombudsman_norms = Set(TextList(
                norms
                    .iter()
                    .filter(|n| cases::OMBUDSMAN_NORMS.contains(&n.as_str()))
                    .cloned()
                    .collect(),
            ));
            row.improvement_actions = Set(improvement_actions.clone());
            row.decided_by = Set(by.staff_id());
            row.closed_at = Set(Some(now));
            body = motivation.clone();
        }
        Change::Withdraw { reason } => {
            if kind == CaseKind::Complaint {
                row.outcome = Set(Outcome::Withdrawn.as_str().to_owned());
            }
            row.closed_at = Set(Some(now));
            body = reason.clone();
        }
    }
    row.status = Set(transition.to.as_str().to_owned());
    row.updated_at = Set(now);
    let updated = row.update(&tx).await?;
    // A staff member's reason to cancel or close is internal; what the resident is told is
    // public (and mailed when the transition has a mail).
    let public = transition.mail.is_some() || by.actor() == Actor::Resident;
    record(
        &tx,
        &updated,
        now,
        by,
        change.action().as_str(),
        (from.as_str(), transition.to.as_str()),
        public,
        &body,
    )
    .await?;
    let category = case_category::Entity::find_by_id(updated.category_id)
        .one(&tx)
        .await?
        .ok_or(CaseError::UnknownCategory)?;
    if let Some(kind) = transition.mail {
        queue_mail(&tx, state, &updated, &category, kind, &body, now).await?;
    }
    if let Change::Reject {
        reason: InadmissibleReason::ConvertedToReport,
        ..
    } = change
    {
        convert_to_report(&tx, state, &updated, now).await?;
    }
    if kind == CaseKind::Report {
        let event = if transition.to.is_open() {
            Event::Changed
        } else {
            Event::Closed
        };
        webhook::enqueue(&tx, &updated, &category.name, event, now).await?;
    }
    tx.commit().await?;
    Ok(updated)
}

/// A public message from staff to the resident (mailed) or an internal note (never mailed or
/// shown to the resident).
pub async fn add_message(
    state: &AppState,
    case_id: i32,
    by: &By,
    text: &str,
    public: bool,
) -> Result<service_case::Model, CaseError> {
    let now = state.clock.now();
    let tx = db::begin_write(&state.db).await?;
    let case = lock(&tx, case_id).await?;
    let status = case.status.clone();
    let kind = if public { "message" } else { "note" };
    record(&tx, &case, now, by, kind, (&status, &status), public, text).await?;
    if public {
        let category = case_category::Entity::find_by_id(case.category_id)
            .one(&tx)
            .await?
            .ok_or(CaseError::UnknownCategory)?;
        queue_mail(&tx, state, &case, &category, "case_message", text, now).await?;
    }
    tx.commit().await?;
    Ok(case)
}

/// The resident adds information from the tracking page. When the handler was waiting for an
/// answer, this is the answer and the term runs again.
pub async fn resident_adds(
    state: &AppState,
    case: &service_case::Model,
    text: &str,
) -> Result<service_case::Model, CaseError> {
    if status_of(case) == Status::WaitingForResident {
        return apply(
            state,
            case.id,
            Change::ResidentAnswers {
                answer: text.to_owned(),
            },
            &By::Resident,
        )
        .await;
    }
    let now = state.clock.now();
    let tx = db::begin_write(&state.db).await?;
    let case = lock(&tx, case.id).await?;
    let status = case.status.clone();
    record(
        &tx,
        &case,
        now,
        &By::Resident,
        "resident_message",
        (&status, &status),
        true,
        text,
    )
    .await?;
    tx.commit().await?;
    Ok(case)
}

/// The resident's answer to "are you satisfied?" after closure. "No" within the reopen window
/// reopens a report; for a complaint it is recorded as a request to reopen for the handler.
pub async fn satisfaction(
    state: &AppState,
    case: &service_case::Model,
    satisfied: bool,
    comment: &str,
) -> Result<service_case::Model, CaseError> {
    let now = state.clock.now();
    let kind = kind_of(case);
    let closed = case.closed_at.map(local_day);
    let reopens = !satisfied
        && kind == CaseKind::Report
        && status_of(case) == Status::Resolved
        && closed.is_some_and(|c| cases::within_reopen_window(c, local_day(now)));
    {
        let tx = db::begin_write(&state.db).await?;
        let locked = lock(&tx, case.id).await?;
        let mut row: service_case::ActiveModel = locked.clone().into();
        row.satisfied = Set(Some(satisfied));
        row.satisfaction_comment = Set(comment.to_owned());
        row.updated_at = Set(now);
        let updated = row.update(&tx).await?;
        let kind = if satisfied {
            "satisfied"
        } else if kind == CaseKind::Complaint {
            "reopen_requested"
        } else {
            "not_satisfied"
        };
        let status = updated.status.clone();
        record(
            &tx,
            &updated,
            now,
            &By::Resident,
            kind,
            (&status, &status),
            true,
            comment,
        )
        .await?;
        tx.commit().await?;
    }
    if reopens {
        return apply(
            state,
            case.id,
            Change::Reopen {
                reason: comment.to_owned(),
            },
            &By::Resident,
        )
        .await;
    }
    service_case::Entity::find_by_id(case.id)
        .one(&state.db)
        .await?
        .ok_or(CaseError::NotFound)
}

pub async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<service_case::Model>, DbErr> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    service_case::Entity::find()
        .filter(service_case::Column::TrackingToken.eq(token))
        .one(db)
        .await
}

pub async fn department_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<department::Model, CaseError> {
    department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or(CaseError::UnknownDepartment)
}

/// Whether the staff member works in the department.
pub async fn works_in(
    db: &impl ConnectionTrait,
    staff_user_id: i32,
    department_id: i32,
) -> Result<bool, DbErr> {
    Ok(
        staff_department::Entity::find_by_id((staff_user_id, department_id))
            .one(db)
            .await?
            .is_some(),
    )
}

/// The link a resident follows a case with.
pub fn tracking_url(state: &AppState, case: &service_case::Model) -> String {
    format!(
        "{}/opvolging/{}",
        state.config.base_url, case.tracking_token
    )
}

async fn lock(tx: &DatabaseTransaction, id: i32) -> Result<service_case::Model, CaseError> {
    let mut query = service_case::Entity::find_by_id(id);
    if tx.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(tx).await?.ok_or(CaseError::NotFound)
}

async fn resume_if_paused(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    row: &mut service_case::ActiveModel,
    today: NaiveDate,
) -> Result<(), DbErr> {
    if let Some(paused) = case.paused_on {
        let calendar = calendar(db).await?;
        row.due_on = Set(cases::resume_term(&calendar, case.due_on, paused, today));
        row.paused_on = Set(None);
    }
    Ok(())
}

/// The next reference of `kind` in the year of `today`; the counter row stays locked until the
/// transaction ends, so two filings never get the same number.
async fn next_reference(
    tx: &DatabaseTransaction,
    kind: CaseKind,
    today: NaiveDate,
) -> Result<CaseReference, CaseError> {
    use chrono::Datelike;
    let year = today.year();
    case_number::Entity::insert(case_number::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        year: Set(year),
        last_number: Set(0),
    })
    .on_conflict(
        OnConflict::columns([case_number::Column::Kind, case_number::Column::Year])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    let mut query = case_number::Entity::find_by_id((kind.as_str().to_owned(), year));
    if tx.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    let row = query
        .one(tx)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("case_number".into()))?;
    let number = u32::try_from(row.last_number + 1).unwrap_or(0);
    let reference = CaseReference::new(kind, year, number).map_err(|_| CaseError::NumbersUsedUp)?;
    let mut row: case_number::ActiveModel = row.into();
    row.last_number = Set(number as i32);
    row.update(tx).await?;
    Ok(reference)
}

#[allow(clippy::too_many_arguments)]
async fn record(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    at: DateTime<Utc>,
    by: &By,
    kind: &str,
    (from, to): (&str, &str),
    public: bool,
    body: &str,
) -> Result<(), DbErr> {
    case_event::ActiveModel {
        case_id: Set(case.id),
        at: Set(at),
        staff_user_id: Set(by.staff_id()),
        actor: Set(by.label()),
        kind: Set(kind.to_owned()),
        from_status: Set(from.to_owned()),
        to_status: Set(to.to_owned()),
        public: Set(public),
        body: Set(body.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A complaint that is really a report becomes one, linked to it; the resident gets the
/// report's acknowledgement with its own tracking link.
async fn convert_to_report(
    tx: &DatabaseTransaction,
    state: &AppState,
    complaint: &service_case::Model,
    now: DateTime<Utc>,
) -> Result<(), CaseError> {
    let category = case_category::Entity::find()
        .filter(case_category::Column::Kind.eq(CaseKind::Report.as_str()))
        .filter(case_category::Column::Code.eq("andere"))
        .one(tx)
        .await?
        .ok_or(CaseError::UnknownCategory)?;
    let department = department_by_name(tx, &category.department).await?;
    let today = local_day(now);
    let due_on = cases::report_due(
        &calendar(tx).await?,
        today,
        category.handling_days.max(0) as u32,
    );
    let reference = next_reference(tx, CaseKind::Report, today).await?;
    let mut report: service_case::ActiveModel = complaint.clone().into();
    report.id = sea_orm::ActiveValue::NotSet;
    report.kind = Set(CaseKind::Report.as_str().to_owned());
    report.reference = Set(reference.to_string());
    report.tracking_token = Set(new_token());
    report.status = Set(Status::Received.as_str().to_owned());
    report.category_id = Set(category.id);
    report.department_id = Set(department.id);
    report.about_department_id = Set(None);
    report.received_at = Set(now);
    report.acknowledged_at = Set(None);
    report.due_on = Set(due_on);
    report.inadmissible_reason = Set(String::new());
    report.closed_at = Set(None);
    report.converted_from = Set(Some(complaint.id));
    report.updated_at = Set(now);
    let report = report.insert(tx).await?;
    record(
        tx,
        &report,
        now,
        &By::System,
        "received",
        ("", Status::Received.as_str()),
        true,
        "",
    )
    .await?;
    queue_mail(tx, state, &report, &category, "report_received", "", now).await?;
    webhook::enqueue(tx, &report, &category.name, Event::Created, now).await?;
    Ok(())
}

/// The mail `kind` about `case` to its resident, if they left an e-mail address.
///
/// Context (every case mail): `case` = {reference, kind, category, status, description,
/// address, name, received (long date), due (long date), tracking_url, scheduled (long date or
/// ""), forwarded_to, inadmissible_reason, outcome, norms: [code], improvement_actions,
/// extended_to (long date or ""), closing_text}, `message` = the text of this step (question,
/// motivation, closing text; may be empty), `acknowledge_days` = the complaint regulation's
/// term for the admissibility decision, `municipality` = its name.
pub async fn queue_mail(
    db: &impl ConnectionTrait,
    state: &AppState,
    case: &service_case::Model,
    category: &case_category::Model,
    kind: &'static str,
    message: &str,
    now: DateTime<Utc>,
) -> Result<(), MailError> {
    let Ok(to) = EmailAddress::parse(&case.email) else {
        return Ok(());
    };
    let lang = Lang::parse(&case.language).unwrap_or_default();
    let mut context = tera::Context::new();
    context.insert(
        "case",
        &serde_json::json!({
            "reference": case.reference,
            "kind": case.kind,
            "category": category.name,
            "status": case.status,
            "description": case.description,
            "address": case.address,
            "name": case.name,
            "received": long_date(local_day(case.received_at), lang),
            "due": long_date(case.due_on, lang),
            "tracking_url": tracking_url(state, case),
            "scheduled": case.scheduled_on.map(|d| long_date(d, lang)).unwrap_or_default(),
            "forwarded_to": case.forwarded_to,
            "inadmissible_reason": case.inadmissible_reason,
            "outcome": case.outcome,
            "norms": case.ombudsman_norms.0,
            "improvement_actions": case.improvement_actions,
            "extended_to": case.extended_to.map(|d| long_date(d, lang)).unwrap_or_default(),
            "closing_text": case.closing_text,
        }),
    );
    context.insert("message", message);
    context.insert(
        "acknowledge_days",
        &state.config.complaint_terms.acknowledge_days,
    );
    context.insert(
        "municipality",
        &state
            .municipality()
            .map(|m| m.name)
            .unwrap_or_else(|| "Loket".to_owned()),
    );
    mail::enqueue(
        db,
        &state.templates,
        Mail {
            kind,
            to,
            lang,
            context,
            attachments: Vec::new(),
        },
        now,
    )
    .await
}

/// Staff working in `department_id`, for notices to handlers.
pub async fn handlers_of(db: &impl ConnectionTrait, department_id: i32) -> Result<Vec<i32>, DbErr> {
    staff_department::Entity::find()
        .filter(staff_department::Column::DepartmentId.eq(department_id))
        .select_only()
        .column(staff_department::Column::StaffUserId)
        .into_tuple()
        .all(db)
        .await
}
