//! The appointments JSON API, for the municipality's website and apps.

use super::{
    actions,
    booking::{BookingError, NewAppointment, Source},
    pages::{Details, booking_error_into_app, booking_error_message, validate_details},
    schedule,
};
use crate::{
    cache::Change,
    catalogue::snapshot,
    clock::TIME_ZONE,
    error::{AppError, AppResult, InvalidParam},
    state::AppState,
    web::i18n::Lang,
};
use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State, rejection::JsonRejection},
    http::StatusCode,
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct SlotRange {
    /// First local date (YYYY-MM-DD); today when absent.
    from: Option<String>,
    /// Last local date, included; two weeks after `from` when absent (at most 62 days).
    to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SlotJson {
    /// RFC 3339 with the Brussels offset.
    pub start: String,
    pub end: String,
    /// How many more bookings this time takes.
    pub free: u32,
}

#[derive(Serialize, ToSchema)]
pub struct SlotsJson {
    pub product: String,
    pub slots: Vec<SlotJson>,
}

fn invalid(name: &str, lang: Lang, key: &str) -> AppError {
    AppError::Invalid(vec![InvalidParam {
        name: name.to_owned(),
        reason: lang.text(key),
    }])
}

/// The free times of a bookable product.
#[utoipa::path(get, path = "/api/v1/products/{slug}/slots", tag = "appointments",
    params(("slug" = String, Path, description = "A bookable product"), SlotRange),
    responses((status = 200, body = SlotsJson), (status = 404, description = "No such bookable product"), (status = 422, description = "Bad dates")))]
pub async fn slots(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(range): Query<SlotRange>,
) -> AppResult<Response> {
    let catalogue = snapshot::current(&state).await?;
    let product = catalogue
        .product(&slug)
        .filter(|p| p.bookable)
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let today = crate::clock::local_day(now);
    let parse = |raw: &Option<String>, name: &str| -> AppResult<Option<NaiveDate>> {
        match raw.as_deref() {
            None | Some("") => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| invalid(name, Lang::Nl, "api-error-date")),
        }
    };
    let from = parse(&range.from, "from")?.unwrap_or(today);
    let to = parse(&range.to, "to")?.unwrap_or(from + Duration::days(13));
    if to < from || (to - from).num_days() > 62 {
        return Err(invalid("to", Lang::Nl, "api-error-range"));
    }
    // Asked for again and again while nobody books: kept as the answer's bytes until a
    // booking, move or cancellation (or a new minute, for the notice period).
    let key = (product.id, from, to, now.timestamp().div_euclid(60));
    let stamp = state.changes.stamp(&[Change::Catalogue, Change::Bookings]);
    let body = state
        .caches
        .free_times
        .get_or_load(key, stamp, async || {
            let availability = schedule::availability(
                &state.db,
                product,
                state.config.slot_rules(),
                from,
                to,
                None,
                now,
            )
            .await?;
            let slots = availability
                .query()
                .free_slots(from, to)
                .into_iter()
                .map(|s| SlotJson {
                    start: s.start.with_timezone(&TIME_ZONE).to_rfc3339(),
                    end: s.end.with_timezone(&TIME_ZONE).to_rfc3339(),
                    free: s.free,
                })
                .collect();
            let json = serde_json::to_vec(&SlotsJson {
                product: product.slug.clone(),
                slots,
            })
            .map_err(|e| AppError::Internal(e.to_string()))?;
            Ok::<_, AppError>(Bytes::from(json))
        })
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        Bytes::clone(&body),
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct BookingJson {
    pub product: String,
    /// RFC 3339, one of the free times.
    pub start: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// nl (default) or en: the language of the e-mails.
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct BookedJson {
    pub reference: String,
    pub product: String,
    pub cluster: String,
    pub start: String,
    pub end: String,
    pub manage_url: String,
}

/// Books a free time. Dutch messages per invalid field; 409 when the time was just taken.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointments", request_body = BookingJson,
    responses((status = 201, body = BookedJson), (status = 409, description = "The time is no longer free"),
              (status = 422, description = "Invalid fields, listed in invalid-params")))]
pub async fn create(
    State(state): State<AppState>,
    body: Result<Json<BookingJson>, JsonRejection>,
) -> AppResult<Response> {
    let Json(body) = body.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let lang = body
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let catalogue = snapshot::current(&state).await?;
    let product = catalogue
        .product(&body.product)
        .filter(|p| p.bookable)
        .ok_or_else(|| invalid("product", Lang::Nl, "api-error-product"))?;
    let details = Details::new(
        &body.start,
        &body.name,
        &body.email,
        body.phone.as_deref().unwrap_or(""),
    );
    let valid = validate_details(&details, Lang::Nl)
        .map_err(|errors| AppError::Invalid(errors.into_params()))?;
    let booked = actions::book(
        &state,
        NewAppointment {
            product: product.clone(),
            start: valid.start,
            name: valid.name,
            email: valid.email,
            phone: valid.phone,
            lang,
            source: Source::Api,
        },
    )
    .await
    .map_err(api_error)?;
    let json = BookedJson {
        reference: booked.reference.clone(),
        product: product.slug.clone(),
        cluster: catalogue
            .cluster(booked.cluster_id)
            .map(|c| c.code.clone())
            .unwrap_or_default(),
        start: booked.start_at.with_timezone(&TIME_ZONE).to_rfc3339(),
        end: booked.end_at.with_timezone(&TIME_ZONE).to_rfc3339(),
        manage_url: format!(
            "{}/afspraak/beheer/{}",
            state.config.base_url, booked.manage_token
        ),
    };
    Ok((StatusCode::CREATED, Json(json)).into_response())
}

fn api_error(error: BookingError) -> AppError {
    match (&error, booking_error_message(&error)) {
        (BookingError::Taken, _) => AppError::Conflict(Lang::Nl.text("appointment-error-taken")),
        (BookingError::NotChangeable, _) => {
            AppError::Conflict(Lang::Nl.text("appointment-error-not-changeable"))
        }
        (_, Some((field, key))) => invalid(field, Lang::Nl, key),
        _ => booking_error_into_app(error),
    }
}

/// Cancels an appointment by its manage token.
#[utoipa::path(delete, path = "/api/v1/appointments/{token}", tag = "appointments",
    params(("token" = String, Path, description = "The token of the manage link")),
    responses((status = 204, description = "Cancelled"), (status = 404, description = "Unknown token"), (status = 409, description = "Already cancelled or passed")))]
pub async fn cancel(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<StatusCode> {
    let appointment = super::booking::by_token(&state.db, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    actions::cancel(&state, &appointment)
        .await
        .map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}
