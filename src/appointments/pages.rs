//! The resident's pages: choose a product, a time, give details, then manage by link.

use super::{
    actions,
    booking::{BookingError, InvalidTime, NewAppointment, Source},
    schedule,
};
use crate::{
    catalogue::service as catalogue,
    clock::TIME_ZONE,
    domain::{email::EmailAddress, slots::Slot},
    entities::{appointment, product, waitlist_entry},
    error::{AppError, AppResult},
    mail::{calendar, qr},
    state::AppState,
    web::{forms::FieldErrors, i18n::Lang, page::Page},
};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use tera::Context;

/// How many days one page of times shows.
const DAYS_PER_PAGE: i64 = 7;

pub async fn products(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let products: Vec<product::Model> = catalogue::published(&state.db)
        .await?
        .into_iter()
        .filter(|p| p.bookable)
        .collect();
    let clusters = catalogue::clusters(&state.db).await?;
    let groups: Vec<serde_json::Value> = clusters
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name,
                "products": products.iter().filter(|p| p.cluster_id == c.id).collect::<Vec<_>>(),
            })
        })
        .filter(|g| g["products"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    let mut context = Context::new();
    context.insert("groups", &groups);
    page.render("appointments/products.html", context)
}

#[derive(Serialize)]
struct DayTimes {
    date: String,
    label: String,
    times: Vec<TimeOption>,
    closed: bool,
}

#[derive(Serialize)]
struct TimeOption {
    start: String,
    label: String,
}

fn group_by_day(
    slots: &[Slot],
    from: NaiveDate,
    lang: Lang,
    calendar: &crate::domain::calendar::WorkingCalendar,
) -> Vec<DayTimes> {
    (0..DAYS_PER_PAGE)
        .map(|offset| {
            let date = from + Duration::days(offset);
            DayTimes {
                date: date.to_string(),
                label: crate::web::dates::long_date(date, lang),
                closed: !calendar.is_working_day(date),
                times: slots
                    .iter()
                    .filter(|s| crate::clock::local_day(s.start) == date)
                    .map(|s| TimeOption {
                        start: s.start.to_rfc3339(),
                        label: s
                            .start
                            .with_timezone(&TIME_ZONE)
                            .format("%H:%M")
                            .to_string(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct Week {
    #[serde(default)]
    vanaf: String,
}

/// The days shown: a week from `vanaf` (today when absent or in the past).
async fn times_context(
    state: &AppState,
    product: &product::Model,
    week: &Week,
    lang: Lang,
    except: Option<i32>,
) -> AppResult<Context> {
    let now = state.clock.now();
    let today = crate::clock::local_day(now);
    let from = week
        .vanaf
        .parse::<NaiveDate>()
        .ok()
        .filter(|d| *d >= today)
        .unwrap_or(today);
    let to = from + Duration::days(DAYS_PER_PAGE - 1);
    let availability = schedule::availability(
        &state.db,
        product,
        state.config.slot_rules(),
        from,
        to,
        except,
        now,
    )
    .await?;
    let query = availability.query();
    let slots = query.free_slots(from, to);
    let horizon = query.horizon();
    let mut context = Context::new();
    context.insert("product", product);
    context.insert(
        "days",
        &group_by_day(&slots, from, lang, &availability.calendar),
    );
    context.insert("any", &!slots.is_empty());
    context.insert(
        "previous",
        &(from > today).then(|| {
            (from - Duration::days(DAYS_PER_PAGE))
                .max(today)
                .to_string()
        }),
    );
    context.insert(
        "next",
        &(to < horizon).then(|| (to + Duration::days(1)).to_string()),
    );
    context.insert("horizon", &horizon.to_string());
    Ok(context)
}

async fn bookable(state: &AppState, slug: &str) -> AppResult<product::Model> {
    catalogue::by_slug(&state.db, slug)
        .await?
        .filter(|p| p.bookable)
        .ok_or(AppError::NotFound)
}

pub async fn times(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(week): Query<Week>,
) -> AppResult<Response> {
    let product = bookable(&state, &slug).await?;
    let mut context = times_context(&state, &product, &week, page.lang, None).await?;
    context.insert("action", &format!("/afspraak/{}/gegevens", product.slug));
    context.insert("method", "get");
    context.insert("moving", &false);
    context.insert("page_base", &format!("/afspraak/{}", product.slug));
    page.render("appointments/times.html", context)
}

#[derive(Deserialize, Serialize, Default)]
pub struct Details {
    #[serde(default)]
    start: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

impl Details {
    pub fn new(start: &str, name: &str, email: &str, phone: &str) -> Self {
        Self {
            start: start.to_owned(),
            name: name.to_owned(),
            email: email.to_owned(),
            phone: phone.to_owned(),
        }
    }
}

fn parse_start(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn details_context(
    product: &product::Model,
    details: &Details,
    errors: &FieldErrors,
    lang: Lang,
) -> Context {
    let mut context = Context::new();
    context.insert("product", product);
    context.insert("form", details);
    context.insert("errors", errors);
    context.insert(
        "when",
        &parse_start(&details.start).map(|s| crate::web::dates::when(s, lang)),
    );
    context
}

pub async fn details_form(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(details): Query<Details>,
) -> AppResult<Response> {
    let product = bookable(&state, &slug).await?;
    if parse_start(&details.start).is_none() {
        return Ok(Redirect::to(&format!("/afspraak/{}", product.slug)).into_response());
    }
    page.render(
        "appointments/details.html",
        details_context(&product, &details, &FieldErrors::default(), page.lang),
    )
}

/// The Dutch (or English) message for a booking that did not go through, and on which field.
pub fn booking_error_message(error: &BookingError) -> Option<(&'static str, &'static str)> {
    Some(match error {
        BookingError::Taken => ("start", "appointment-error-taken"),
        BookingError::TooMany => ("email", "appointment-error-too-many"),
        BookingError::InvalidTime(InvalidTime::TooSoon) => ("start", "appointment-error-too-soon"),
        BookingError::InvalidTime(InvalidTime::BeyondHorizon) => {
            ("start", "appointment-error-horizon")
        }
        BookingError::InvalidTime(InvalidTime::ClosedDay) => ("start", "appointment-error-closed"),
        BookingError::InvalidTime(InvalidTime::NotOnSchedule) => {
            ("start", "appointment-error-not-a-time")
        }
        BookingError::NotChangeable => ("start", "appointment-error-not-changeable"),
        BookingError::NotBookable | BookingError::Database(_) | BookingError::Mail(_) => {
            return None;
        }
    })
}

pub fn booking_error_into_app(error: BookingError) -> AppError {
    match error {
        BookingError::NotBookable => AppError::NotFound,
        BookingError::Database(e) => AppError::Database(e),
        other => AppError::Internal(other.to_string()),
    }
}

pub struct ValidDetails {
    pub start: DateTime<Utc>,
    pub name: String,
    pub email: EmailAddress,
    pub phone: String,
}

pub fn validate_details(details: &Details, lang: Lang) -> Result<ValidDetails, FieldErrors> {
    let mut errors = FieldErrors::default();
    let start = parse_start(&details.start);
    if start.is_none() {
        errors.add(lang, "start", "appointment-error-not-a-time");
    }
    let name = details.name.trim();
    if name.is_empty() {
        errors.add(lang, "name", "appointment-error-name");
    } else if name.chars().count() > 200 {
        errors.add(lang, "name", "appointment-error-name-long");
    }
    let email = EmailAddress::parse(&details.email);
    if email.is_err() {
        errors.add(lang, "email", "appointment-error-email");
    }
    let phone = details.phone.trim();
    let phone_ok = phone.is_empty()
        || (phone.len() <= 30
            && phone.chars().filter(|c| c.is_ascii_digit()).count() >= 6
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +/.-()".contains(c)));
    if !phone_ok {
        errors.add(lang, "phone", "appointment-error-phone");
    }
    match (start, email) {
        (Some(start), Ok(email)) if errors.is_empty() => Ok(ValidDetails {
            start,
            name: name.to_owned(),
            email,
            phone: phone.to_owned(),
        }),
        _ => Err(errors),
    }
}

pub async fn details_submit(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Form(details): Form<Details>,
) -> AppResult<Response> {
    let product = bookable(&state, &slug).await?;
    let valid = match validate_details(&details, page.lang) {
        Ok(valid) => valid,
        Err(errors) => {
            return page.render_invalid(
                "appointments/details.html",
                details_context(&product, &details, &errors, page.lang),
            );
        }
    };
    let new = NewAppointment {
        product: product.clone(),
        start: valid.start,
        name: valid.name,
        email: valid.email,
        phone: valid.phone,
        lang: page.lang,
        source: Source::Online,
    };
    match actions::book(&state, new).await {
        Ok(booked) => Ok(Redirect::to(&format!(
            "/afspraak/beheer/{}?nieuw=1",
            booked.manage_token
        ))
        .into_response()),
        Err(error) => {
            let Some((field, key)) = booking_error_message(&error) else {
                return Err(booking_error_into_app(error));
            };
            let mut errors = FieldErrors::default();
            errors.add(page.lang, field, key);
            let status = if matches!(error, BookingError::Taken) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page.render_with_status(
                status,
                "appointments/details.html",
                details_context(&product, &details, &errors, page.lang),
            )
        }
    }
}

async fn by_token(state: &AppState, token: &str) -> AppResult<appointment::Model> {
    super::booking::by_token(&state.db, token)
        .await?
        .ok_or(AppError::NotFound)
}

#[derive(Deserialize, Default)]
pub struct ManageFlags {
    #[serde(default)]
    nieuw: Option<String>,
    #[serde(default)]
    gewijzigd: Option<String>,
    #[serde(default)]
    wachtlijst: Option<String>,
}

pub async fn manage(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Query(flags): Query<ManageFlags>,
) -> AppResult<Response> {
    let appointment = by_token(&state, &token).await?;
    let (view, _) = actions::view_of(&state.db, &state, &appointment, page.lang).await?;
    let waiting = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::AppointmentId.eq(appointment.id))
        .one(&state.db)
        .await?
        .is_some();
    let mut context = Context::new();
    context.insert("a", &view);
    context.insert(
        "qr",
        &qr::svg(&view.reference, &page.lang.text("appointment-qr-label")),
    );
    context.insert("new", &flags.nieuw.is_some());
    context.insert("changed", &flags.gewijzigd.is_some());
    context.insert("joined_waitlist", &flags.wachtlijst.is_some());
    context.insert("waiting", &waiting);
    context.insert(
        "changeable",
        &(appointment.status == schedule::BOOKED && appointment.start_at > state.clock.now()),
    );
    page.render("appointments/manage.html", context)
}

pub async fn calendar_file(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let appointment = by_token(&state, &token).await?;
    let (view, _) = actions::view_of(&state.db, &state, &appointment, page.lang).await?;
    let uid = actions::calendar_uid(&appointment);
    let method = if appointment.status == schedule::CANCELLED {
        calendar::CalendarMethod::Cancel
    } else {
        calendar::CalendarMethod::Request
    };
    let from = state.config.mail_from.clone();
    let attachment = calendar::attachment(
        &actions::calendar_event(&view, &appointment, &uid, &from),
        method,
    );
    Ok((
        [
            (header::CONTENT_TYPE, attachment.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", attachment.filename),
            ),
        ],
        attachment.content,
    )
        .into_response())
}

pub async fn move_times(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Query(week): Query<Week>,
) -> AppResult<Response> {
    let appointment = by_token(&state, &token).await?;
    let context = move_context(&state, &appointment, &token, &week, page.lang).await?;
    page.render("appointments/times.html", context)
}

/// The free times offered to move an appointment to (its own time counts as free).
async fn move_context(
    state: &AppState,
    appointment: &appointment::Model,
    token: &str,
    week: &Week,
    lang: Lang,
) -> AppResult<Context> {
    let product = product::Entity::find_by_id(appointment.product_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut context = times_context(state, &product, week, lang, Some(appointment.id)).await?;
    let here = format!("/afspraak/beheer/{token}/verplaatsen");
    context.insert("action", &here);
    context.insert("method", "post");
    context.insert("moving", &true);
    context.insert("page_base", &here);
    Ok(context)
}

#[derive(Deserialize, Default)]
pub struct Chosen {
    #[serde(default)]
    start: String,
}

pub async fn move_submit(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(chosen): Form<Chosen>,
) -> AppResult<Response> {
    let appointment = by_token(&state, &token).await?;
    let Some(start) = parse_start(&chosen.start) else {
        return Ok(Redirect::to(&format!("/afspraak/beheer/{token}/verplaatsen")).into_response());
    };
    match actions::move_to(&state, &appointment, start).await {
        Ok(_) => Ok(Redirect::to(&format!("/afspraak/beheer/{token}?gewijzigd=1")).into_response()),
        Err(error) => {
            let Some((_, key)) = booking_error_message(&error) else {
                return Err(booking_error_into_app(error));
            };
            let mut context =
                move_context(&state, &appointment, &token, &Week::default(), page.lang).await?;
            context.insert("problem", &page.lang.text(key));
            let status = if matches!(error, BookingError::Taken) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page.render_with_status(status, "appointments/times.html", context)
        }
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let appointment = by_token(&state, &token).await?;
    match actions::cancel(&state, &appointment).await {
        Ok(_) | Err(BookingError::NotChangeable) => {
            Ok(Redirect::to(&format!("/afspraak/beheer/{token}?gewijzigd=1")).into_response())
        }
        Err(error) => Err(booking_error_into_app(error)),
    }
}

/// Mail me when an earlier time of this product comes free.
pub async fn join_waitlist(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let appointment = by_token(&state, &token).await?;
    let exists = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::AppointmentId.eq(appointment.id))
        .one(&state.db)
        .await?
        .is_some();
    if !exists && appointment.status == schedule::BOOKED {
        waitlist_entry::ActiveModel {
            product_id: Set(appointment.product_id),
            appointment_id: Set(Some(appointment.id)),
            name: Set(appointment.name.clone()),
            email: Set(appointment.email.clone()),
            language: Set(appointment.language.clone()),
            created_at: Set(state.clock.now()),
            notified_at: Set(None),
            token: Set(super::booking::new_token()),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
    }
    Ok(Redirect::to(&format!("/afspraak/beheer/{token}?wachtlijst=1")).into_response())
}

async fn waitlist_by_token(state: &AppState, token: &str) -> AppResult<waitlist_entry::Model> {
    if token.len() != 64 {
        return Err(AppError::NotFound);
    }
    waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::Token.eq(token))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn offer(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Query(chosen): Query<Chosen>,
) -> AppResult<Response> {
    let (_, product, start) = offered(&state, &token, &chosen).await?;
    page.render(
        "appointments/offer.html",
        offer_context(&product, start, &token, None, page.lang),
    )
}

/// The waiting-list entry behind an offer link, its product and the offered time.
async fn offered(
    state: &AppState,
    token: &str,
    chosen: &Chosen,
) -> AppResult<(waitlist_entry::Model, product::Model, DateTime<Utc>)> {
    let entry = waitlist_by_token(state, token).await?;
    let start = parse_start(&chosen.start).ok_or(AppError::NotFound)?;
    let product = product::Entity::find_by_id(entry.product_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((entry, product, start))
}

fn offer_context(
    product: &product::Model,
    start: DateTime<Utc>,
    token: &str,
    problem: Option<String>,
    lang: Lang,
) -> Context {
    let mut context = Context::new();
    context.insert("product", product);
    context.insert("when", &crate::web::dates::when(start, lang));
    context.insert("start", &start.to_rfc3339());
    context.insert("token", token);
    context.insert("problem", &problem);
    context
}

/// Takes the offered time: moves the resident's appointment there (or books one), checked
/// against double booking like any other booking.
pub async fn take_offer(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(chosen): Form<Chosen>,
) -> AppResult<Response> {
    let (entry, product, start) = offered(&state, &token, &chosen).await?;
    let own = match entry.appointment_id {
        Some(id) => appointment::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    let result = match &own {
        Some(own) => actions::move_to(&state, own, start).await,
        None => {
            let email =
                EmailAddress::parse(&entry.email).map_err(|e| AppError::Internal(e.to_string()))?;
            actions::book(
                &state,
                NewAppointment {
                    product: product.clone(),
                    start,
                    name: entry.name.clone(),
                    email,
                    phone: String::new(),
                    lang: Lang::parse(&entry.language).unwrap_or_default(),
                    source: Source::Online,
                },
            )
            .await
        }
    };
    match result {
        Ok(booked) => {
            waitlist_entry::Entity::delete_by_id(entry.id)
                .exec(&state.db)
                .await?;
            Ok(Redirect::to(&format!(
                "/afspraak/beheer/{}?gewijzigd=1",
                booked.manage_token
            ))
            .into_response())
        }
        Err(error) => {
            let Some((_, key)) = booking_error_message(&error) else {
                return Err(booking_error_into_app(error));
            };
            page.render_with_status(
                StatusCode::CONFLICT,
                "appointments/offer.html",
                offer_context(
                    &product,
                    start,
                    &token,
                    Some(page.lang.text(key)),
                    page.lang,
                ),
            )
        }
    }
}
