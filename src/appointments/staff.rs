//! `/balie/agenda`: a cluster's appointments per day; book on behalf of a resident, cancel,
//! mark no-show. Front-office staff and higher.

use super::{
    actions,
    booking::{BookingError, NewAppointment, Source},
    pages::{Details, booking_error_into_app, booking_error_message, validate_details},
    schedule::{self, BOOKED, NO_SHOW},
};
use crate::{
    catalogue::service as catalogue,
    clock::TIME_ZONE,
    domain::slots::local_to_utc,
    entities::{appointment, cluster, product},
    error::{AppError, AppResult},
    state::AppState,
    web::{forms::FieldErrors, page::Page},
};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::{NaiveDate, NaiveTime};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tera::Context;

#[derive(Deserialize, Default)]
pub struct AgendaQuery {
    #[serde(default)]
    dienst: String,
    #[serde(default)]
    dag: String,
}

#[derive(Serialize)]
struct Row {
    id: i32,
    time: String,
    end: String,
    reference: String,
    product: String,
    name: String,
    email: String,
    phone: String,
    status: String,
    source: String,
}

async fn chosen(
    state: &AppState,
    query: &AgendaQuery,
) -> AppResult<(Vec<cluster::Model>, cluster::Model, NaiveDate)> {
    let clusters = catalogue::clusters(&state.db).await?;
    let cluster = clusters
        .iter()
        .find(|c| c.code == query.dienst)
        .or_else(|| clusters.first())
        .cloned()
        .ok_or(AppError::NotFound)?;
    let day = query.dag.parse().unwrap_or_else(|_| state.clock.today());
    Ok((clusters, cluster, day))
}

pub async fn agenda(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<AgendaQuery>,
) -> AppResult<Response> {
    let (clusters, cluster, day) = chosen(&state, &query).await?;
    let start = local_to_utc(TIME_ZONE, day, NaiveTime::MIN).ok_or(AppError::NotFound)?;
    let end = local_to_utc(TIME_ZONE, day.succ_opt().unwrap_or(day), NaiveTime::MIN)
        .ok_or(AppError::NotFound)?;
    let appointments = appointment::Entity::find()
        .filter(appointment::Column::ClusterId.eq(cluster.id))
        .filter(appointment::Column::StartAt.gte(start))
        .filter(appointment::Column::StartAt.lt(end))
        .order_by_asc(appointment::Column::StartAt)
        .all(&state.db)
        .await?;
    let products: HashMap<i32, String> = product::Entity::find()
        .filter(product::Column::ClusterId.eq(cluster.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let rows: Vec<Row> = appointments
        .into_iter()
        .map(|a| Row {
            id: a.id,
            time: a
                .start_at
                .with_timezone(&TIME_ZONE)
                .format("%H:%M")
                .to_string(),
            end: a
                .end_at
                .with_timezone(&TIME_ZONE)
                .format("%H:%M")
                .to_string(),
            reference: a.reference,
            product: products.get(&a.product_id).cloned().unwrap_or_default(),
            name: a.name,
            email: a.email,
            phone: a.phone,
            status: a.status,
            source: a.source,
        })
        .collect();
    let mut context = Context::new();
    context.insert("clusters", &clusters);
    context.insert("cluster", &cluster);
    context.insert("day", &day.to_string());
    context.insert("day_label", &crate::web::dates::long_date(day, page.lang));
    context.insert("previous", &day.pred_opt().map(|d| d.to_string()));
    context.insert("next", &day.succ_opt().map(|d| d.to_string()));
    context.insert("rows", &rows);
    context.insert(
        "booked",
        &rows.iter().filter(|r| r.status == BOOKED).count(),
    );
    page.render("appointments/agenda.html", context)
}

#[derive(Deserialize, Serialize, Default)]
pub struct StaffBooking {
    #[serde(default)]
    dienst: String,
    #[serde(default)]
    dag: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

async fn booking_context(
    state: &AppState,
    form: &StaffBooking,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let query = AgendaQuery {
        dienst: form.dienst.clone(),
        dag: form.dag.clone(),
    };
    let (_, cluster, day) = chosen(state, &query).await?;
    let products: Vec<product::Model> = catalogue::published(&state.db)
        .await?
        .into_iter()
        .filter(|p| p.bookable && p.cluster_id == cluster.id)
        .collect();
    let selected = products
        .iter()
        .find(|p| p.slug == form.product)
        .or_else(|| products.first());
    let mut times = Vec::new();
    if let Some(product) = selected {
        let availability = schedule::availability(
            &state.db,
            product,
            state.config.slot_rules(),
            day,
            day,
            None,
            state.clock.now(),
        )
        .await?;
        times = availability
            .query()
            .free_slots(day, day)
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "start": s.start.to_rfc3339(),
                    "label": s.start.with_timezone(&TIME_ZONE).format("%H:%M").to_string(),
                    "free": s.free,
                })
            })
            .collect();
    }
    let mut context = Context::new();
    context.insert("cluster", &cluster);
    context.insert("day", &day.to_string());
    context.insert("products", &products);
    context.insert("selected", &selected.map(|p| p.slug.clone()));
    context.insert("times", &times);
    context.insert("form", form);
    context.insert("errors", errors);
    Ok(context)
}

pub async fn booking_form(
    State(state): State<AppState>,
    page: Page,
    Query(form): Query<StaffBooking>,
) -> AppResult<Response> {
    let context = booking_context(&state, &form, &FieldErrors::default()).await?;
    page.render("appointments/staff_booking.html", context)
}

pub async fn booking_submit(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<StaffBooking>,
) -> AppResult<Response> {
    let product = catalogue::by_slug(&state.db, &form.product)
        .await?
        .filter(|p| p.bookable);
    let details = Details::new(&form.start, &form.name, &form.email, &form.phone);
    let mut errors = match validate_details(&details, page.lang) {
        Ok(valid) => match product {
            Some(product) => {
                let new = NewAppointment {
                    product,
                    start: valid.start,
                    name: valid.name,
                    email: valid.email,
                    phone: valid.phone,
                    lang: page.lang,
                    source: Source::Staff,
                };
                match actions::book(&state, new).await {
                    Ok(booked) => {
                        let day = crate::clock::local_day(booked.start_at);
                        let cluster = cluster::Entity::find_by_id(booked.cluster_id)
                            .one(&state.db)
                            .await?;
                        let code = cluster.map(|c| c.code).unwrap_or_default();
                        return Ok(
                            Redirect::to(&format!("/balie/agenda?dienst={code}&dag={day}"))
                                .into_response(),
                        );
                    }
                    Err(error) => {
                        let Some((field, key)) = booking_error_message(&error) else {
                            return Err(booking_error_into_app(error));
                        };
                        let mut errors = FieldErrors::default();
                        errors.add(page.lang, field, key);
                        errors
                    }
                }
            }
            None => {
                let mut errors = FieldErrors::default();
                errors.add(page.lang, "product", "api-error-product");
                errors
            }
        },
        Err(errors) => errors,
    };
    if errors.is_empty() {
        errors.add(page.lang, "start", "appointment-error-not-a-time");
    }
    let context = booking_context(&state, &form, &errors).await?;
    page.render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "appointments/staff_booking.html",
        context,
    )
}

#[derive(Deserialize, Default)]
pub struct Back {
    #[serde(default)]
    dienst: String,
    #[serde(default)]
    dag: String,
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    Form(back): Form<Back>,
) -> AppResult<Response> {
    let appointment = appointment::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    match actions::cancel(&state, &appointment).await {
        Ok(_) | Err(BookingError::NotChangeable) => {}
        Err(error) => return Err(booking_error_into_app(error)),
    }
    Ok(Redirect::to(&format!(
        "/balie/agenda?dienst={}&dag={}",
        back.dienst, back.dag
    ))
    .into_response())
}

/// A booked appointment whose resident did not come: only once it has started.
pub async fn no_show(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    Form(back): Form<Back>,
) -> AppResult<Response> {
    let appointment = appointment::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if appointment.status == BOOKED && appointment.start_at <= state.clock.now() {
        let mut row: appointment::ActiveModel = appointment.into();
        row.status = Set(NO_SHOW.to_owned());
        row.update(&state.db).await?;
    }
    Ok(Redirect::to(&format!(
        "/balie/agenda?dienst={}&dag={}",
        back.dienst, back.dag
    ))
    .into_response())
}
