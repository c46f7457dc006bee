//! Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under `/open311/v2/`, for
//! reports (meldingen) only: the categories are the services, a report is a service request.
//!
//! Reading is public and never shows who filed a report: no name, e-mail or phone leaves
//! through here. Filing needs an `api_key`: an API token of a staff user.

mod document;

pub use document::{Format, Open311Error};

use super::service::{self, CaseError, Channel, NewCase, status_of};
use crate::{
    auth::tokens,
    clock::TIME_ZONE,
    domain::{
        cases::{CaseKind, Status},
        email::EmailAddress,
    },
    entities::{case_category, department, service_case},
    state::AppState,
    web::{dates::long_date, forms::FormFields, i18n::Lang},
};
use axum::{
    Router,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};
use document::{Document, Record, Value};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// The specification's own address, named in the discovery document.
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When this endpoint last changed in a way clients may notice.
const CHANGESET: &str = "2026-12-02T00:00:00Z";
/// A search without dates covers this many days back; a search with dates at most this many.
const SEARCH_DAYS: i64 = 90;
/// The most requests one search returns (the specification's default).
const SEARCH_LIMIT: u64 = 1000;
/// The specification's limit for a description.
const DESCRIPTION_MAX: usize = 4000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(resource).post(post_request))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
}

type Answer = Result<Document, Open311Error>;

fn answer(result: Answer, format: Format) -> Response {
    match result {
        Ok(document) => document.respond(StatusCode::OK, format),
        Err(error) => error.into_response(),
    }
}

fn not_found(format: Format, what: &str) -> Open311Error {
    Open311Error::new(StatusCode::NOT_FOUND, format, what)
}

fn bad_request(format: Format, why: String) -> Open311Error {
    Open311Error::new(StatusCode::BAD_REQUEST, format, why)
}

fn text(key: &str) -> String {
    Lang::Nl.text(key)
}

/// A database failure is logged; the client learns only that it failed.
fn internal(format: Format) -> impl FnOnce(DbErr) -> Open311Error {
    move |error| {
        tracing::error!(%error, "Open311 request failed");
        Open311Error::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format,
            text("open311-error-internal"),
        )
    }
}

/// `discovery`, `services` and `requests`, each `.json` or `.xml`.
async fn resource(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((name, format)) = Format::split(&file) else {
        return not_found(Format::Json, &text("open311-error-no-such-resource")).into_response();
    };
    let params = FormFields::parse(query.unwrap_or_default().as_bytes());
    let result = match name {
        "discovery" => Ok(discovery(&state)),
        "services" => services(&state).await.map_err(internal(format)),
        "requests" => search(&state, &params, format).await,
        _ => Err(not_found(format, &text("open311-error-no-such-resource"))),
    };
    answer(result, format)
}

fn discovery(state: &AppState) -> Document {
    let contact = state
        .municipality()
        .map(|m| {
            [m.name, m.email, m.phone, m.website]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let endpoint = Record::new()
        .field("specification", SPECIFICATION)
        .field("url", format!("{}/open311/v2", state.config.base_url))
        .field("changeset", CHANGESET)
        .field("type", "production")
        .field(
            "formats",
            Value::List("format", vec!["text/xml".into(), "application/json".into()]),
        );
    Document::One {
        root: "discovery",
        record: Record::new()
            .field("changeset", CHANGESET)
            .field("contact", contact)
            .field("key_service", text("open311-key-service"))
            .field(
                "endpoints",
                Value::List("endpoint", vec![Value::Record(endpoint)]),
            ),
    }
}

async fn report_categories(state: &AppState) -> Result<Vec<case_category::Model>, DbErr> {
    case_category::Entity::find()
        .filter(case_category::Column::Kind.eq(CaseKind::Report.as_str()))
        .filter(case_category::Column::Active.eq(true))
        .order_by_asc(case_category::Column::Name)
        .all(&state.db)
        .await
}

/// The words of a category's code, as search words for a client's picker.
fn keywords(category: &case_category::Model) -> String {
    category
        .code
        .split('-')
        .filter(|word| word.chars().count() > 2)
        .collect::<Vec<_>>()
        .join(", ")
}

async fn services(state: &AppState) -> Result<Document, DbErr> {
    let records = report_categories(state)
        .await?
        .into_iter()
        .map(|c| {
            Record::new()
                .field("service_code", c.code.clone())
                .field("service_name", c.name.clone())
                .field("description", c.description.clone())
                .field("metadata", Value::Bool(false))
                .field("type", "realtime")
                .field("keywords", keywords(&c))
                .field("group", c.department.clone())
        })
        .collect();
    Ok(Document::List {
        root: "services",
        item: "service",
        records,
    })
}

/// `services/{code}.{format}`: a service has no extra attributes.
async fn service_definition(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((code, format)) = Format::split(&file) else {
        return not_found(Format::Json, &text("open311-error-no-such-resource")).into_response();
    };
    let result: Answer = async {
        let category = report_categories(&state)
            .await
            .map_err(internal(format))?
            .into_iter()
            .find(|c| c.code == code)
            .ok_or_else(|| not_found(format, &text("open311-error-unknown-service")))?;
        Ok(Document::One {
            root: "service_definition",
            record: Record::new()
                .field("service_code", category.code)
                .field("attributes", Value::List("attribute", Vec::new())),
        })
    }
    .await;
    answer(result, format)
}

/// `requests/{id}.{format}`: one report by its reference, as a list of one.
async fn one_request(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((reference, format)) = Format::split(&file) else {
        return not_found(Format::Json, &text("open311-error-no-such-resource")).into_response();
    };
    let result: Answer = async {
        let case = service_case::Entity::find()
            .filter(service_case::Column::Kind.eq(CaseKind::Report.as_str()))
            .filter(service_case::Column::Reference.eq(clean(reference)))
            .one(&state.db)
            .await
            .map_err(internal(format))?
            .ok_or_else(|| not_found(format, &text("open311-error-unknown-request")))?;
        requests_document(&state, vec![case])
            .await
            .map_err(internal(format))
    }
    .await;
    answer(result, format)
}

fn w3c(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&TIME_ZONE)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The start of the promised day in Brussels: the specification wants a moment.
fn day_start(day: NaiveDate) -> String {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(TIME_ZONE).earliest())
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, false))
        .unwrap_or_else(|| day.to_string())
}

/// The status in plain Dutch, with the date or organisation that goes with it. Never what a
/// resident or handler wrote: that may name people.
fn status_notes(case: &service_case::Model) -> String {
    let status = status_of(case);
    let label = text(&format!("case-status-{}", status.as_str()));
    match (status, case.scheduled_on) {
        (Status::Scheduled, Some(day)) => format!("{label}: {}", long_date(day, Lang::Nl)),
        (Status::Forwarded, _) if !case.forwarded_to.is_empty() => {
            format!("{label}: {}", case.forwarded_to)
        }
        _ => label,
    }
}

async fn requests_document(
    state: &AppState,
    cases: Vec<service_case::Model>,
) -> Result<Document, DbErr> {
    let categories: HashMap<i32, case_category::Model> = case_category::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let departments: HashMap<i32, String> = department::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let coordinate = |value: Option<f64>| value.map(Value::Number).unwrap_or(Value::Null);
    let records = cases
        .into_iter()
        .map(|case| {
            let category = categories.get(&case.category_id);
            Record::new()
                .field("service_request_id", case.reference.clone())
                .field("status", status_of(&case).open311())
                .field("status_notes", status_notes(&case))
                .field(
                    "service_name",
                    category.map(|c| c.name.clone()).unwrap_or_default(),
                )
                .field(
                    "service_code",
                    category.map(|c| c.code.clone()).unwrap_or_default(),
                )
                .field("description", case.description.clone())
                .field(
                    "agency_responsible",
                    departments
                        .get(&case.department_id)
                        .cloned()
                        .unwrap_or_default(),
                )
                .field("requested_datetime", w3c(case.received_at))
                .field("updated_datetime", w3c(case.updated_at))
                .field("expected_datetime", day_start(case.due_on))
                .field("address", case.address.clone())
                .field("lat", coordinate(case.latitude))
                .field("long", coordinate(case.longitude))
        })
        .collect();
    Ok(Document::List {
        root: "service_requests",
        item: "request",
        records,
    })
}

fn comma_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

fn moment(
    params: &FormFields,
    name: &str,
    format: Format,
) -> Result<Option<DateTime<Utc>>, Open311Error> {
    let raw = params.get(name).trim();
    if raw.is_empty() {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(raw)
        .map(|m| Some(m.with_timezone(&Utc)))
        .map_err(|_| bad_request(format, format!("{name}: {}", text("open311-error-date"))))
}

/// `GET requests`: by `service_request_id` (which overrides everything else), or by service,
/// period and status; the newest first.
async fn search(state: &AppState, params: &FormFields, format: Format) -> Answer {
    let mut query = service_case::Entity::find()
        .filter(service_case::Column::Kind.eq(CaseKind::Report.as_str()));
    // References go to the database: without control characters, which PostgreSQL may refuse.
    let references = comma_list(&clean(params.get("service_request_id")));
    if references.is_empty() {
        let codes = comma_list(params.get("service_code"));
        if !codes.is_empty() {
            let ids: Vec<i32> = report_categories(state)
                .await
                .map_err(internal(format))?
                .into_iter()
                .filter(|c| codes.contains(&c.code))
                .map(|c| c.id)
                .collect();
            query = query.filter(service_case::Column::CategoryId.is_in(ids));
        }
        let span = TimeDelta::days(SEARCH_DAYS);
        let (start, end) = match (
            moment(params, "start_date", format)?,
            moment(params, "end_date", format)?,
        ) {
            (Some(start), Some(end)) => {
                if end < start || end - start > span {
                    return Err(bad_request(format, text("open311-error-period")));
                }
                (start, Some(end))
            }
            (Some(start), None) => (start, Some(start + span)),
            (None, Some(end)) => (end - span, Some(end)),
            (None, None) => (state.clock.now() - span, None),
        };
        query = query.filter(service_case::Column::ReceivedAt.gte(start));
        if let Some(end) = end {
            query = query.filter(service_case::Column::ReceivedAt.lte(end));
        }
        let wanted = comma_list(params.get("status"));
        if !wanted.is_empty() {
            if wanted.iter().any(|s| s != "open" && s != "closed") {
                return Err(bad_request(format, text("open311-error-status")));
            }
            let statuses: Vec<&str> = Status::of(CaseKind::Report)
                .iter()
                .filter(|s| wanted.iter().any(|w| w == s.open311()))
                .map(|s| s.as_str())
                .collect();
            query = query.filter(service_case::Column::Status.is_in(statuses));
        }
    } else {
        query = query.filter(service_case::Column::Reference.is_in(references));
    }
    let cases = query
        .order_by_desc(service_case::Column::ReceivedAt)
        .order_by_desc(service_case::Column::Id)
        .limit(SEARCH_LIMIT)
        .all(&state.db)
        .await
        .map_err(internal(format))?;
    requests_document(state, cases)
        .await
        .map_err(internal(format))
}

/// Text as typed, without the control characters a database or an XML reader would choke on.
fn clean(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// `POST requests.{format}`: files a report for the resident, as the web form would.
async fn post_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let format = match Format::split(&file) {
        Some(("requests", format)) => format,
        Some((_, format)) => {
            return not_found(format, &text("open311-error-no-such-resource")).into_response();
        }
        None => {
            return not_found(Format::Json, &text("open311-error-no-such-resource"))
                .into_response();
        }
    };
    let fields = FormFields::parse(&body);
    // Some clients send the key in the query string; the body wins.
    let in_query = FormFields::parse(query.unwrap_or_default().as_bytes());
    let key = match fields.get("api_key") {
        "" => in_query.get("api_key"),
        key => key,
    };
    answer(file_request(&state, &fields, key, format).await, format)
}

async fn file_request(state: &AppState, fields: &FormFields, key: &str, format: Format) -> Answer {
    let key = key.trim();
    if key.is_empty() {
        return Err(Open311Error::new(
            StatusCode::FORBIDDEN,
            format,
            text("open311-error-no-key"),
        ));
    }
    tokens::user_for(&state.db, key, state.clock.now())
        .await
        .map_err(internal(format))?
        .ok_or_else(|| {
            Open311Error::new(StatusCode::FORBIDDEN, format, text("open311-error-bad-key"))
        })?;
    let code = clean(fields.get("service_code"));
    if code.is_empty() {
        return Err(bad_request(format, text("open311-error-no-service-code")));
    }
    let category = report_categories(state)
        .await
        .map_err(internal(format))?
        .into_iter()
        .find(|c| c.code == code)
        .ok_or_else(|| not_found(format, &text("open311-error-unknown-service")))?;
    let new = new_report(fields, category.id).map_err(|key| bad_request(format, text(key)))?;
    let case = match service::file(state, new).await {
        Ok(case) => case,
        Err(CaseError::UnknownCategory) => {
            return Err(not_found(format, &text("open311-error-unknown-service")));
        }
        Err(CaseError::Database(e)) => return Err(internal(format)(e)),
        Err(other) => {
            tracing::error!(error = %other, "Open311 report could not be filed");
            return Err(Open311Error::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format,
                text("open311-error-internal"),
            ));
        }
    };
    let notice = format!(
        "{} {}.",
        text("open311-notice"),
        long_date(case.due_on, Lang::Nl)
    );
    Ok(Document::List {
        root: "service_requests",
        item: "request",
        records: vec![
            Record::new()
                .field("service_request_id", case.reference)
                .field("service_notice", notice)
                .field("account_id", Value::Null),
        ],
    })
}

/// The report as the form fields describe it; `Err` names the message of the first problem.
fn new_report(fields: &FormFields, category_id: i32) -> Result<NewCase, &'static str> {
    let lat = clean(fields.get("lat"));
    let long = clean(fields.get("long"));
    let (latitude, longitude) = if lat.is_empty() && long.is_empty() {
        (None, None)
    } else {
        let lat: f64 = lat.parse().map_err(|_| "open311-error-location")?;
        let long: f64 = long.parse().map_err(|_| "open311-error-location")?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&long) {
            return Err("open311-error-location");
        }
        (Some(lat), Some(long))
    };
    let address = clean(fields.get("address_string"));
    if address.chars().count() > 300 {
        return Err("open311-error-address-long");
    }
    if latitude.is_none() && address.is_empty() {
        return Err("open311-error-no-location");
    }
    let description = clean(fields.get("description"));
    if description.is_empty() {
        return Err("open311-error-no-description");
    }
    if description.chars().count() > DESCRIPTION_MAX {
        return Err("open311-error-description-long");
    }
    let email = clean(fields.get("email"));
    let email = if email.is_empty() {
        None
    } else {
        Some(EmailAddress::parse(&email).map_err(|_| "open311-error-email")?)
    };
    let name = format!(
        "{} {}",
        clean(fields.get("first_name")),
        clean(fields.get("last_name"))
    )
    .trim()
    .to_owned();
    let phone = clean(fields.get("phone"));
    if name.chars().count() > 200 || phone.chars().count() > 50 {
        return Err("open311-error-contact-long");
    }
    Ok(NewCase {
        kind: CaseKind::Report,
        category_id,
        about_department_id: None,
        description,
        address,
        latitude,
        longitude,
        name,
        email,
        phone,
        happened_on: None,
        expectation: String::new(),
        channel: Channel::Open311,
        language: Lang::Nl,
        photos: Vec::new(),
    })
}
