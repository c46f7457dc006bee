//! `/melding`: choose a category, see the open reports of it nearby, then describe the
//! problem, give the place, add photos and (optionally) an e-mail address for feedback.

use super::{
    HONEYPOT, Limits, MAX_TEXT, is_bot, phone_ok,
    photos::{self, MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoError},
    too_long, too_many,
    view::{self, CategoryView, Point},
};
use crate::{
    cases::service::{self, Channel, NewCase, Photo, status_of},
    clock::local_day,
    domain::{
        cases::{CaseKind, CaseReference},
        email::EmailAddress,
    },
    entities::{case_category, service_case},
    error::{AppError, AppResult},
    state::AppState,
    web::{dates::long_date, forms::FieldErrors, i18n::Lang, page::Page},
};
use axum::{
    Extension,
    extract::{ConnectInfo, Multipart, Path, Query, State, multipart::MultipartError},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use tera::Context;

/// Belgium with a margin: a place outside it is a typo or a wrong device location.
const LATITUDES: std::ops::RangeInclusive<f64> = 49.4..=51.6;
const LONGITUDES: std::ops::RangeInclusive<f64> = 2.5..=6.5;
const MAX_ADDRESS: usize = 300;
const MAX_NAME: usize = 200;

pub async fn categories(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let categories: Vec<CategoryView> = view::categories(&state.db, CaseKind::Report)
        .await?
        .into_iter()
        .map(CategoryView::from)
        .collect();
    let mut context = Context::new();
    context.insert("categories", &categories);
    page.render("cases/report_categories.html", context)
}

async fn category(state: &AppState, code: &str) -> AppResult<case_category::Model> {
    case_category::Entity::find()
        .filter(case_category::Column::Kind.eq(CaseKind::Report.as_str()))
        .filter(case_category::Column::Code.eq(code))
        .filter(case_category::Column::Active.eq(true))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the resident typed, kept when the form comes back with errors.
#[derive(Serialize, Default, Debug)]
pub struct ReportForm {
    description: String,
    address: String,
    latitude: String,
    longitude: String,
    email: String,
    name: String,
    phone: String,
}

/// `?lat=..&lon=..`, set by the "use my location" button.
#[derive(Deserialize, Default)]
pub struct Near {
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
}

/// Reads a coordinate pair; both empty is no place. The error is a message key.
fn coordinates(latitude: &str, longitude: &str) -> Result<Option<Point>, &'static str> {
    let (latitude, longitude) = (latitude.trim(), longitude.trim());
    if latitude.is_empty() && longitude.is_empty() {
        return Ok(None);
    }
    if latitude.is_empty() || longitude.is_empty() {
        return Err("intake-report-error-coordinates-incomplete");
    }
    let number = |raw: &str| {
        raw.replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
    };
    let (Some(latitude), Some(longitude)) = (number(latitude), number(longitude)) else {
        return Err("intake-report-error-coordinates");
    };
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err("intake-report-error-coordinates");
    }
    if !LATITUDES.contains(&latitude) || !LONGITUDES.contains(&longitude) {
        return Err("intake-report-error-coordinates-far");
    }
    Ok(Some(Point {
        latitude,
        longitude,
    }))
}

struct FormPage<'a> {
    category: &'a case_category::Model,
    form: &'a ReportForm,
    errors: &'a FieldErrors,
    /// Files cannot be sent back to the browser: the resident chooses them again.
    photos_again: bool,
}

async fn form_context(state: &AppState, lang: Lang, page: FormPage<'_>) -> AppResult<Context> {
    let here = coordinates(&page.form.latitude, &page.form.longitude)
        .ok()
        .flatten();
    let reports = view::open_reports(&state.db, page.category.id, here, lang).await?;
    let mut context = Context::new();
    context.insert("category", &CategoryView::from(page.category.clone()));
    context.insert("form", page.form);
    context.insert("errors", page.errors);
    context.insert("photos_again", &page.photos_again);
    context.insert("reports", &reports);
    context.insert("near", &here.is_some());
    context.insert("max_text", &MAX_TEXT);
    context.insert("max_photos", &MAX_PHOTOS);
    context.insert("max_photo_mb", &(MAX_PHOTO_BYTES / (1024 * 1024)));
    context.insert(
        "due",
        &long_date(
            crate::domain::cases::report_due(
                &crate::catalogue::service::calendar(&state.db).await?,
                local_day(state.clock.now()),
                page.category.handling_days.max(0) as u32,
            ),
            lang,
        ),
    );
    Ok(context)
}

pub async fn form(
    State(state): State<AppState>,
    page: Page,
    Path(code): Path<String>,
    Query(near): Query<Near>,
) -> AppResult<Response> {
    let category = category(&state, &code).await?;
    let mut form = ReportForm::default();
    if let Ok(Some(point)) = coordinates(&near.lat, &near.lon) {
        // Rounded: a few metres is precise enough and the page shows no more than needed.
        form.latitude = format!("{:.5}", point.latitude);
        form.longitude = format!("{:.5}", point.longitude);
    }
    let context = form_context(
        &state,
        page.lang,
        FormPage {
            category: &category,
            form: &form,
            errors: &FieldErrors::default(),
            photos_again: false,
        },
    )
    .await?;
    page.render("cases/report_form.html", context)
}

/// The submitted form as read so far.
#[derive(Default)]
struct Submitted {
    form: ReportForm,
    honeypot: String,
    photos: Vec<Result<Photo, PhotoError>>,
}

async fn read(multipart: &mut Multipart, into: &mut Submitted) -> Result<(), MultipartError> {
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photos" {
            // An empty file input still sends a part, without a name or bytes.
            let chosen = field.file_name().is_some_and(|n| !n.is_empty());
            let mut bytes = Vec::new();
            let mut too_big = false;
            while let Some(chunk) = field.chunk().await? {
                if bytes.len() + chunk.len() > MAX_PHOTO_BYTES {
                    too_big = true;
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if too_big {
                into.photos.push(Err(PhotoError::TooBig));
            } else if chosen || !bytes.is_empty() {
                into.photos.push(photos::clean(&bytes));
            }
            continue;
        }
        // PostgreSQL cannot store NUL, and no keyboard types it; the other forms are refused
        // whole for it (`refuse_nul`), this one is read part by part.
        let text = field.text().await?.replace('\0', "");
        let form = &mut into.form;
        match name.as_str() {
            "description" => form.description = text,
            "address" => form.address = text,
            "latitude" => form.latitude = text,
            "longitude" => form.longitude = text,
            "email" => form.email = text,
            "name" => form.name = text,
            "phone" => form.phone = text,
            HONEYPOT => into.honeypot = text,
            _ => {}
        }
    }
    Ok(())
}

struct ValidReport {
    description: String,
    address: String,
    place: Option<Point>,
    email: Option<EmailAddress>,
    name: String,
    phone: String,
}

fn validate(form: &ReportForm, lang: Lang, errors: &mut FieldErrors) -> Option<ValidReport> {
    let description = form.description.trim();
    if description.is_empty() {
        errors.add(lang, "description", "intake-report-error-description");
    } else if too_long(description, MAX_TEXT) {
        errors.add(lang, "description", "intake-report-error-description-long");
    }
    let address = form.address.trim();
    if too_long(address, MAX_ADDRESS) {
        errors.add(lang, "address", "intake-report-error-address-long");
    }
    let place = match coordinates(&form.latitude, &form.longitude) {
        Ok(place) => place,
        Err(key) => {
            errors.add(lang, "latitude", key);
            None
        }
    };
    if address.is_empty() && place.is_none() && !errors.has("latitude") {
        errors.add(lang, "address", "intake-report-error-place");
    }
    let email = match form.email.trim() {
        "" => None,
        raw => match EmailAddress::parse(raw) {
            Ok(email) => Some(email),
            Err(_) => {
                errors.add(lang, "email", "intake-report-error-email");
                None
            }
        },
    };
    let name = form.name.trim();
    if too_long(name, MAX_NAME) {
        errors.add(lang, "name", "intake-report-error-name-long");
    }
    let phone = form.phone.trim();
    if !phone_ok(phone) {
        errors.add(lang, "phone", "intake-report-error-phone");
    }
    errors.is_empty().then(|| ValidReport {
        description: description.to_owned(),
        address: address.to_owned(),
        place,
        email,
        name: name.to_owned(),
        phone: phone.to_owned(),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(limits): Extension<Limits>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    page: Page,
    Path(code): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let category = category(&state, &code).await?;
    let mut submitted = Submitted::default();
    let mut errors = FieldErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Err(error) = read(&mut multipart, &mut submitted).await {
        status = error.status();
        let key = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "intake-report-error-photos-too-big"
        } else {
            "intake-report-error-upload"
        };
        errors.add(page.lang, "photos", key);
    }
    if is_bot(&submitted.honeypot) {
        return Ok(Redirect::to("/melding/ontvangen").into_response());
    }
    let valid = validate(&submitted.form, page.lang, &mut errors);
    if submitted.photos.len() > MAX_PHOTOS {
        errors.add(page.lang, "photos", "intake-report-error-photos-too-many");
    }
    if let Some(Err(error)) = submitted.photos.iter().find(|p| p.is_err()) {
        errors.add(page.lang, "photos", error.message_key());
    }
    let Some(valid) = valid.filter(|_| errors.is_empty()) else {
        let context = form_context(
            &state,
            page.lang,
            FormPage {
                category: &category,
                form: &submitted.form,
                errors: &errors,
                photos_again: !submitted.photos.is_empty() || errors.has("photos"),
            },
        )
        .await?;
        return page.render_with_status(status, "cases/report_form.html", context);
    };
    let email = valid.email.as_ref().map(|e| e.as_str()).unwrap_or_default();
    if !limits.address_allows(client.as_ref().map(|Extension(c)| c))
        || !limits.email_allows(&state, email).await?
    {
        return too_many(&page);
    }
    let case = service::file(
        &state,
        NewCase {
            kind: CaseKind::Report,
            category_id: category.id,
            about_department_id: None,
            description: valid.description,
            address: valid.address,
            latitude: valid.place.map(|p| p.latitude),
            longitude: valid.place.map(|p| p.longitude),
            name: valid.name,
            email: valid.email,
            phone: valid.phone,
            happened_on: None,
            expectation: String::new(),
            channel: Channel::Web,
            language: page.lang,
            photos: submitted.photos.into_iter().flatten().collect(),
        },
    )
    .await
    .map_err(super::case_error)?;
    Ok(Redirect::to(&format!("/opvolging/{}/ontvangen", case.tracking_token)).into_response())
}

/// A report's public face: what anyone may know, so a neighbour can follow it too.
pub async fn public_status(
    State(state): State<AppState>,
    page: Page,
    Path(reference): Path<String>,
) -> AppResult<Response> {
    let reference: CaseReference = reference.parse().map_err(|_| AppError::NotFound)?;
    if reference.kind() != CaseKind::Report {
        return Err(AppError::NotFound);
    }
    let case = service_case::Entity::find()
        .filter(service_case::Column::Reference.eq(reference.to_string()))
        .filter(service_case::Column::Kind.eq(CaseKind::Report.as_str()))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let category = case_category::Entity::find_by_id(case.category_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = status_of(&case);
    let mut context = Context::new();
    context.insert("reference", &case.reference);
    context.insert("category", &CategoryView::from(category));
    context.insert("address", &case.address);
    context.insert(
        "received",
        &long_date(local_day(case.received_at), page.lang),
    );
    context.insert("expected", &long_date(case.due_on, page.lang));
    context.insert("open", &status.is_open());
    context.insert("status", &view::status_label(page.lang, status));
    page.render("cases/public_status.html", context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_both_or_none_and_in_belgium() {
        assert_eq!(coordinates("", ""), Ok(None));
        assert_eq!(
            coordinates("51,1313", "4.57"),
            Ok(Some(Point {
                latitude: 51.1313,
                longitude: 4.57
            }))
        );
        assert_eq!(
            coordinates("51.1", ""),
            Err("intake-report-error-coordinates-incomplete")
        );
        assert_eq!(
            coordinates("abc", "4.5"),
            Err("intake-report-error-coordinates")
        );
        assert_eq!(
            coordinates("NaN", "4.5"),
            Err("intake-report-error-coordinates")
        );
        assert_eq!(
            coordinates("91", "4.5"),
            Err("intake-report-error-coordinates")
        );
        assert_eq!(
            coordinates("40.7128", "-74.0060"),
            Err("intake-report-error-coordinates-far")
        );
    }
}
