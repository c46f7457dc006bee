//! What residents and staff do with appointments, each in one transaction together with the
//! e-mail it sends (queued in the outbox, so it commits or rolls back with the change).

use super::{
    booking::{self, BookingError, BookingRules, NewAppointment},
    view::AppointmentView,
};
use crate::{
    catalogue::snapshot,
    db,
    domain::email::EmailAddress,
    entities::{appointment, cluster, product, waitlist_entry},
    mail::{
        self, Mail,
        calendar::{self, CalendarEvent, CalendarMethod},
        qr,
    },
    state::AppState,
    web::i18n::Lang,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

pub fn rules(state: &AppState) -> BookingRules {
    BookingRules {
        slots: state.config.slot_rules(),
        max_per_product: state.config.booking.max_per_product,
    }
}

impl From<mail::MailError> for BookingError {
    fn from(e: mail::MailError) -> Self {
        BookingError::Mail(e.to_string())
    }
}

pub async fn view_of(
    db: &impl ConnectionTrait,
    state: &AppState,
    appointment: &appointment::Model,
    lang: Lang,
) -> Result<(AppointmentView, product::Model), sea_orm::DbErr> {
    let product = product::Entity::find_by_id(appointment.product_id)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("product".into()))?;
    let cluster = cluster::Entity::find_by_id(appointment.cluster_id)
        .one(db)
        .await?;
    let view = view_with(state, appointment, &product, cluster.as_ref(), lang);
    Ok((view, product))
}

/// The view of an appointment whose product and cluster are already read.
fn view_with(
    state: &AppState,
    appointment: &appointment::Model,
    product: &product::Model,
    cluster: Option<&cluster::Model>,
    lang: Lang,
) -> AppointmentView {
    AppointmentView::new(
        appointment,
        product,
        cluster,
        state.municipality().as_ref(),
        &state.config.base_url,
        lang,
    )
}

/// The calendar file of an appointment: REQUEST while booked, CANCEL once cancelled.
pub fn calendar_event<'a>(
    view: &'a AppointmentView,
    appointment: &appointment::Model,
    uid: &'a str,
    from: &'a str,
) -> CalendarEvent<'a> {
    CalendarEvent {
        uid,
        sequence: appointment.sequence,
        start: appointment.start_at,
        end: appointment.end_at,
        summary: &view.product,
        location: &view.place,
        description: &view.manage_url,
        organizer_email: from,
    }
}

pub fn calendar_uid(appointment: &appointment::Model) -> String {
    format!("{}@loket", appointment.reference)
}

pub(super) async fn queue_appointment_mail(
    db: &impl ConnectionTrait,
    state: &AppState,
    kind: &'static str,
    appointment: &appointment::Model,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let lang = Lang::parse(&appointment.language).unwrap_or_default();
    let (view, _) = view_of(db, state, appointment, lang).await?;
    enqueue_mail(db, state, kind, appointment, &view, now).await
}

/// Renders the appointment's mail from its view and writes it to the outbox with `db`.
async fn enqueue_mail(
    db: &impl ConnectionTrait,
    state: &AppState,
    kind: &'static str,
    appointment: &appointment::Model,
    view: &AppointmentView,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    Ok(prepare_mail(state, kind, appointment, view, now)?
        .enqueue(db)
        .await?)
}

/// Renders the appointment's mail from its view, for the outbox.
fn prepare_mail(
    state: &AppState,
    kind: &'static str,
    appointment: &appointment::Model,
    view: &AppointmentView,
    now: DateTime<Utc>,
) -> Result<mail::Prepared, BookingError> {
    let lang = Lang::parse(&appointment.language).unwrap_or_default();
    let method = if appointment.status == super::schedule::CANCELLED {
        CalendarMethod::Cancel
    } else {
        CalendarMethod::Request
    };
    let uid = calendar_uid(appointment);
    let from = mail_address(&state.config.mail_from);
    let attachment = calendar::attachment(&calendar_event(view, appointment, &uid, &from), method);
    let mut context = tera::Context::new();
    let mut mail_view = serde_json::to_value(view).unwrap_or_default();
    mail_view["qr_html"] = serde_json::Value::String(qr::html_table(&view.reference));
    context.insert("appointment", &mail_view);
    context.insert(
        "municipality",
        &state.municipality().map(|m| m.name).unwrap_or_default(),
    );
    let to =
        EmailAddress::parse(&appointment.email).map_err(|e| BookingError::Mail(e.to_string()))?;
    Ok(mail::prepare(
        &state.templates,
        Mail {
            kind,
            to,
            lang,
            context,
            attachments: vec![attachment],
        },
        now,
    )?)
}

/// "Loket <loket@x>" -> "loket@x".
fn mail_address(from: &str) -> String {
    from.rsplit_once('<')
        .map(|(_, rest)| rest.trim_end_matches('>').to_owned())
        .unwrap_or_else(|| from.to_owned())
}

pub async fn book(
    state: &AppState,
    new: NewAppointment,
) -> Result<appointment::Model, BookingError> {
    let now = state.clock.now();
    let rules = rules(state);
    // Everything that needs no lock is done first: SQLite lets one writer at a time in.
    let first_free =
        booking::first_free_lead_days(&state.db, &new.product, rules.slots, now).await?;
    let catalogue = snapshot::current(state).await?;
    let draft = booking::draft(new, first_free, now);
    let lang = Lang::parse(&draft.appointment.language).unwrap_or_default();
    let cluster = catalogue.cluster(draft.product.cluster_id);
    let view = view_with(state, &draft.appointment, &draft.product, cluster, lang);
    let confirmation = prepare_mail(
        state,
        "appointment_confirmed",
        &draft.appointment,
        &view,
        now,
    )?;
    let tx = db::begin_write(&state.db).await?;
    let booked = booking::book(&tx, &rules, draft, now).await?;
    confirmation.enqueue(&tx).await?;
    tx.commit().await?;
    Ok(booked)
}

pub async fn move_to(
    state: &AppState,
    appointment: &appointment::Model,
    start: DateTime<Utc>,
) -> Result<appointment::Model, BookingError> {
    let now = state.clock.now();
    let tx = db::begin_write(&state.db).await?;
    let (moved, old_start) =
        booking::move_to(&tx, &rules(state), appointment.id, start, now).await?;
    queue_appointment_mail(&tx, state, "appointment_moved", &moved, now).await?;
    offer_freed_time(&tx, state, &moved, old_start, now).await?;
    tx.commit().await?;
    Ok(moved)
}

pub async fn cancel(
    state: &AppState,
    appointment: &appointment::Model,
) -> Result<appointment::Model, BookingError> {
    let now = state.clock.now();
    let tx = db::begin_write(&state.db).await?;
    let cancelled = booking::cancel(&tx, appointment.id, now).await?;
    queue_appointment_mail(&tx, state, "appointment_cancelled", &cancelled, now).await?;
    offer_freed_time(&tx, state, &cancelled, cancelled.start_at, now).await?;
    // Waiting for an earlier time makes no sense without the appointment.
    waitlist_entry::Entity::delete_many()
        .filter(waitlist_entry::Column::AppointmentId.eq(cancelled.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(cancelled)
}

/// A time of `freed.product` at `start` came free: every resident waiting for an earlier time
/// of that product (and whose own appointment, if any, is later) gets a mail, oldest request
/// first; whoever clicks first gets it (the booking checks again).
async fn offer_freed_time(
    db: &impl ConnectionTrait,
    state: &AppState,
    freed: &appointment::Model,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    if start < now + state.config.slot_rules().minimum_notice {
        return Ok(());
    }
    let waiting = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::ProductId.eq(freed.product_id))
        .order_by_asc(waitlist_entry::Column::CreatedAt)
        .order_by_asc(waitlist_entry::Column::Id)
        .all(db)
        .await?;
    let product = product::Entity::find_by_id(freed.product_id)
        .one(db)
        .await?;
    let Some(product) = product else {
        return Ok(());
    };
    for entry in waiting {
        if entry.appointment_id == Some(freed.id) {
            continue;
        }
        if let Some(own) = entry.appointment_id {
            let later = appointment::Entity::find_by_id(own)
                .one(db)
                .await?
                .is_some_and(|a| a.status == super::schedule::BOOKED && a.start_at > start);
            if !later {
                continue;
            }
        }
        let lang = Lang::parse(&entry.language).unwrap_or_default();
        let base = &state.config.base_url;
        let mut context = tera::Context::new();
        context.insert(
            "offer",
            &serde_json::json!({
                "name": entry.name,
                "product": product.name,
                "when": crate::web::dates::when(start, lang),
                "take_url": format!("{base}/afspraak/vrij/{}?start={}", entry.token, crate::web::url_encode(&start.to_rfc3339())),
                "manage_url": format!("{base}/afspraak/{}", product.slug),
            }),
        );
        context.insert(
            "municipality",
            &state.municipality().map(|m| m.name).unwrap_or_default(),
        );
        let Ok(to) = EmailAddress::parse(&entry.email) else {
            continue;
        };
        mail::enqueue(
            db,
            &state.templates,
            Mail {
                kind: "appointment_earlier_time",
                to,
                lang,
                context,
                attachments: vec![],
            },
            now,
        )
        .await?;
        let mut notified: waitlist_entry::ActiveModel = entry.into();
        notified.notified_at = Set(Some(now));
        notified.update(db).await?;
    }
    Ok(())
}
