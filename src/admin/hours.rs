//! `/beheer/diensten/{id}/openingsuren` and `/afspraakuren`: a cluster's weekly walk-in hours
//! and its appointment hours (with parallel desks), several periods a day.

use crate::{
    db,
    domain::opening_hours::{InvalidSchedule, OpeningPeriod, WeeklySchedule},
    entities::{appointment_period, cluster, opening_period},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        dates::day_name,
        forms::{FieldErrors, FormFields},
        i18n::Lang,
        page::Page,
    },
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{NaiveTime, Weekday};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use tera::Context;

/// Rows per day on the form.
const ROWS: usize = 4;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Opening,
    Appointments,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Opening => "openingsuren",
            Kind::Appointments => "afspraakuren",
        }
    }
}

#[derive(Serialize, Clone, Default)]
struct Row {
    key: String,
    opens: String,
    closes: String,
    desks: String,
}

#[derive(Serialize)]
struct Day {
    name: String,
    rows: Vec<Row>,
}

fn weekday(n: usize) -> Weekday {
    Weekday::try_from(n as u8).unwrap_or(Weekday::Mon)
}

fn empty_days(lang: Lang) -> Vec<Day> {
    (0..7)
        .map(|d| Day {
            name: day_name(weekday(d), lang).to_owned(),
            rows: (0..ROWS)
                .map(|r| Row {
                    key: format!("d{d}_{r}"),
                    ..Default::default()
                })
                .collect(),
        })
        .collect()
}

/// Fills the form with what is stored: (weekday 1-7, opens, closes, desks).
fn days_from(stored: Vec<(i16, NaiveTime, NaiveTime, i32)>, lang: Lang) -> Vec<Day> {
    let mut days = empty_days(lang);
    for (weekday, opens, closes, desks) in stored {
        let Some(day) = days.get_mut((weekday - 1) as usize) else {
            continue;
        };
        if let Some(row) = day.rows.iter_mut().find(|r| r.opens.is_empty()) {
            row.opens = opens.format("%H:%M").to_string();
            row.closes = closes.format("%H:%M").to_string();
            row.desks = desks.to_string();
        }
    }
    days
}

fn days_from_fields(fields: &FormFields, lang: Lang) -> Vec<Day> {
    let mut days = empty_days(lang);
    for day in &mut days {
        for row in &mut day.rows {
            row.opens = fields.get(&format!("{}_opens", row.key)).trim().to_owned();
            row.closes = fields.get(&format!("{}_closes", row.key)).trim().to_owned();
            row.desks = fields.get(&format!("{}_desks", row.key)).trim().to_owned();
        }
    }
    days
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .ok()
        .or_else(|| NaiveTime::parse_from_str(text, "%H:%M:%S").ok())
}

/// The periods of the form, or a message per row that is wrong.
fn validate(
    days: &[Day],
    kind: Kind,
    page: &Page,
) -> Result<Vec<(OpeningPeriod, i32)>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut periods = Vec::new();
    for (d, day) in days.iter().enumerate() {
        let mut of_day = Vec::new();
        for row in &day.rows {
            if row.opens.is_empty() && row.closes.is_empty() {
                continue;
            }
            let (Some(opens), Some(closes)) = (parse_time(&row.opens), parse_time(&row.closes))
            else {
                errors.add(page.lang, &row.key, "admin-error-time");
                continue;
            };
            let desks = if kind == Kind::Appointments {
                match row
                    .desks
                    .parse::<i32>()
                    .ok()
                    .filter(|n| (1..=50).contains(n))
                {
                    Some(n) => n,
                    None => {
                        errors.add(page.lang, &row.key, "admin-error-desks");
                        continue;
                    }
                }
            } else {
                1
            };
            let period = OpeningPeriod {
                weekday: weekday(d),
                opens,
                closes,
            };
            match WeeklySchedule::new(vec![period]) {
                Err(InvalidSchedule::ClosesBeforeOpening) => {
                    errors.add(page.lang, &row.key, "admin-error-closes-before")
                }
                _ => of_day.push((period, desks, row.key.clone())),
            }
        }
        if let Err(InvalidSchedule::Overlap) =
            WeeklySchedule::new(of_day.iter().map(|(p, _, _)| *p).collect())
            && let Some((_, _, key)) = of_day.first()
        {
            errors.add(page.lang, key, "admin-error-overlap");
        }
        periods.extend(of_day.into_iter().map(|(p, desks, _)| (p, desks)));
    }
    if errors.is_empty() {
        Ok(periods)
    } else {
        Err(errors)
    }
}

fn context(found: &cluster::Model, kind: Kind, days: &[Day], errors: &FieldErrors) -> Context {
    let mut context = Context::new();
    context.insert("cluster", found);
    context.insert("appointments", &(kind == Kind::Appointments));
    context.insert("kind_path", &kind.path());
    context.insert("days", days);
    context.insert("errors", errors);
    context
}

async fn stored(
    state: &AppState,
    cluster_id: i32,
    kind: Kind,
) -> AppResult<Vec<(i16, NaiveTime, NaiveTime, i32)>> {
    Ok(match kind {
        Kind::Opening => opening_period::Entity::find()
            .filter(opening_period::Column::ClusterId.eq(cluster_id))
            .order_by_asc(opening_period::Column::Weekday)
            .order_by_asc(opening_period::Column::Opens)
            .all(&state.db)
            .await?
            .into_iter()
            .map(|p| (p.weekday, p.opens, p.closes, 1))
            .collect(),
        Kind::Appointments => appointment_period::Entity::find()
            .filter(appointment_period::Column::ClusterId.eq(cluster_id))
            .order_by_asc(appointment_period::Column::Weekday)
            .order_by_asc(appointment_period::Column::Opens)
            .all(&state.db)
            .await?
            .into_iter()
            .map(|p| (p.weekday, p.opens, p.closes, p.desks))
            .collect(),
    })
}

async fn show(state: AppState, page: Page, id: i32, kind: Kind) -> AppResult<Response> {
    let found = cluster::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let days = days_from(stored(&state, id, kind).await?, page.lang);
    page.render(
        "admin/hours.html",
        context(&found, kind, &days, &FieldErrors::default()),
    )
}

async fn save(
    state: AppState,
    page: Page,
    id: i32,
    kind: Kind,
    fields: FormFields,
) -> AppResult<Response> {
    let found = cluster::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let days = days_from_fields(&fields, page.lang);
    let periods = match validate(&days, kind, &page) {
        Ok(periods) => periods,
        Err(errors) => {
            return page.render_invalid("admin/hours.html", context(&found, kind, &days, &errors));
        }
    };
    let tx = db::begin_write(&state.db).await?;
    match kind {
        Kind::Opening => {
            opening_period::Entity::delete_many()
                .filter(opening_period::Column::ClusterId.eq(id))
                .exec(&tx)
                .await?;
            for (p, _) in periods {
                opening_period::ActiveModel {
                    cluster_id: Set(id),
                    weekday: Set(p.weekday.number_from_monday() as i16),
                    opens: Set(p.opens),
                    closes: Set(p.closes),
                    ..Default::default()
                }
                .insert(&tx)
                .await?;
            }
        }
        Kind::Appointments => {
            appointment_period::Entity::delete_many()
                .filter(appointment_period::Column::ClusterId.eq(id))
                .exec(&tx)
                .await?;
            for (p, desks) in periods {
                appointment_period::ActiveModel {
                    cluster_id: Set(id),
                    weekday: Set(p.weekday.number_from_monday() as i16),
                    opens: Set(p.opens),
                    closes: Set(p.closes),
                    desks: Set(desks),
                    ..Default::default()
                }
                .insert(&tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/beheer/diensten/{id}?opgeslagen=1")).into_response())
}

pub async fn opening_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    show(state, page, id, Kind::Opening).await
}

pub async fn opening_save(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    save(state, page, id, Kind::Opening, fields).await
}

pub async fn appointment_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    show(state, page, id, Kind::Appointments).await
}

pub async fn appointment_save(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    save(state, page, id, Kind::Appointments, fields).await
}
