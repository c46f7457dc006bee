//! `/api/v1/reports/...`: the reports as JSON, for managers (Bearer token or session).

use super::service::{self, PlanReport, YearCount};
use crate::{
    domain::reports::{
        AppointmentFigures, AppointmentTally, ComplaintFigures, Period, PeriodError,
        ReportCategoryFigures,
    },
    error::{AppError, AppResult, InvalidParam},
    state::AppState,
};
use axum::{
    Json,
    extract::{Query, State},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct PeriodQuery {
    /// First local date (Europe/Brussels), YYYY-MM-DD, included.
    pub from: Option<String>,
    /// Last local date, YYYY-MM-DD, included.
    pub to: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    /// The calendar year, e.g. 2026.
    pub year: Option<String>,
}

fn invalid(name: &str, reason: &str) -> AppError {
    AppError::Invalid(vec![InvalidParam {
        name: name.to_owned(),
        reason: reason.to_owned(),
    }])
}

impl PeriodQuery {
    pub fn period(&self) -> AppResult<Period> {
        let date = |name: &str, raw: &Option<String>| -> AppResult<NaiveDate> {
            raw.as_deref()
                .and_then(|r| NaiveDate::parse_from_str(r.trim(), "%Y-%m-%d").ok())
                .ok_or_else(|| invalid(name, "Geef een datum als JJJJ-MM-DD."))
        };
        let (from, to) = (date("from", &self.from), date("to", &self.to));
        let (from, to) = match (from, to) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(AppError::Invalid(mut a)), Err(AppError::Invalid(b))) => {
                a.extend(b);
                return Err(AppError::Invalid(a));
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        Period::new(from, to).map_err(|e| match e {
            PeriodError::Reversed => invalid("to", "Deze datum ligt voor de begindatum."),
            PeriodError::TooLong => invalid("to", "Een rapport beslaat hoogstens tien jaar."),
        })
    }
}

/// A year between 2000 and 2100.
pub fn parse_year(raw: Option<&str>) -> AppResult<i32> {
    raw.and_then(|y| y.trim().parse().ok())
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| invalid("year", "Geef een jaar tussen 2000 en 2100."))
}

#[derive(Serialize, ToSchema)]
pub struct ClusterWaitJson {
    /// The cluster's code.
    pub cluster: String,
    pub target_seconds: i64,
    /// Visits called and visits abandoned (never called).
    pub visits: u64,
    pub mean_wait_seconds: Option<f64>,
    /// Nearest-rank.
    pub median_wait_seconds: Option<f64>,
    /// Nearest-rank.
    pub p90_wait_seconds: Option<f64>,
    pub max_wait_seconds: Option<f64>,
    /// Share of called visits waiting at most the target, 0..1.
    pub within_target_share: Option<f64>,
    pub abandoned: u64,
    pub no_show: u64,
    pub mean_service_seconds: Option<f64>,
    /// The mean wait is within the target; null without visits.
    pub meets_target: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct WaitTimesJson {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub clusters: Vec<ClusterWaitJson>,
}

impl From<&service::ClusterWait> for ClusterWaitJson {
    fn from(c: &service::ClusterWait) -> Self {
        let f = &c.figures;
        let s = f.stats.as_ref();
        Self {
            cluster: c.cluster.code.clone(),
            target_seconds: f.target_seconds,
            visits: f.visits,
            mean_wait_seconds: s.map(|s| s.mean),
            median_wait_seconds: s.map(|s| s.median),
            p90_wait_seconds: s.map(|s| s.p90),
            max_wait_seconds: s.map(|s| s.max),
            within_target_share: s.map(|s| s.within_target),
            abandoned: f.abandoned,
            no_show: f.no_show,
            mean_service_seconds: f.mean_service_seconds,
            meets_target: f.meets_target,
        }
    }
}

/// Counter waits per cluster; a visit belongs to the local day of its ready time.
#[utoipa::path(get, path = "/api/v1/reports/wait-times", tag = "reports", params(PeriodQuery),
    security(("bearer" = [])),
    responses((status = 200, body = WaitTimesJson), (status = 401, description = "No valid token or session"),
        (status = 403, description = "Below the manager role"),
        (status = 422, description = "Invalid dates")))]
pub async fn wait_times(
    State(state): State<AppState>,
    Query(query): Query<PeriodQuery>,
) -> AppResult<Json<WaitTimesJson>> {
    let period = query.period()?;
    let clusters = service::wait_times(&state.db, &period).await?;
    Ok(Json(WaitTimesJson {
        from: period.from,
        to: period.to,
        clusters: clusters.iter().map(ClusterWaitJson::from).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct AppointmentFiguresJson {
    pub bookings: u64,
    pub cancelled: u64,
    pub no_show: u64,
    /// No-shows of the appointments not cancelled.
    pub no_show_rate: Option<f64>,
    /// Working days from booking to appointment.
    pub mean_booked_lead_days: Option<f64>,
    /// Working days to the first free time, from the daily snapshots.
    pub mean_first_free_lead_days: Option<f64>,
    pub max_first_free_lead_days: Option<i32>,
    /// Share of snapshot days with a first free time within 5 working days.
    pub first_free_within_5_days_share: Option<f64>,
}

impl From<AppointmentFigures> for AppointmentFiguresJson {
    fn from(f: AppointmentFigures) -> Self {
        Self {
            bookings: f.bookings,
            cancelled: f.cancelled,
            no_show: f.no_show,
            no_show_rate: f.no_show_rate,
            mean_booked_lead_days: f.mean_booked_lead_days,
            mean_first_free_lead_days: f.mean_first_free_lead_days,
            max_first_free_lead_days: f.max_first_free_lead_days,
            first_free_within_5_days_share: f.first_free_within_target_share,
        }
    }
}

fn figures(t: &AppointmentTally) -> AppointmentFiguresJson {
    t.figures().into()
}

#[derive(Serialize, ToSchema)]
pub struct ProductAppointmentsJson {
    pub product: String,
    #[serde(flatten)]
    pub figures: AppointmentFiguresJson,
}

#[derive(Serialize, ToSchema)]
pub struct ClusterAppointmentsJson {
    /// The cluster's code.
    pub cluster: String,
    #[serde(flatten)]
    pub figures: AppointmentFiguresJson,
    pub products: Vec<ProductAppointmentsJson>,
}

#[derive(Serialize, ToSchema)]
pub struct AppointmentsJson {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub clusters: Vec<ClusterAppointmentsJson>,
}

/// Appointments by appointment date, and first-free-time lead times, per cluster and product.
#[utoipa::path(get, path = "/api/v1/reports/appointments", tag = "reports", params(PeriodQuery),
    security(("bearer" = [])),
    responses((status = 200, body = AppointmentsJson), (status = 401, description = "No valid token or session"),
        (status = 403, description = "Below the manager role"),
        (status = 422, description = "Invalid dates")))]
pub async fn appointments(
    State(state): State<AppState>,
    Query(query): Query<PeriodQuery>,
) -> AppResult<Json<AppointmentsJson>> {
    let period = query.period()?;
    let clusters = service::appointments(&state.db, &period).await?;
    Ok(Json(AppointmentsJson {
        from: period.from,
        to: period.to,
        clusters: clusters
            .iter()
            .map(|c| ClusterAppointmentsJson {
                cluster: c.cluster.code.clone(),
                figures: figures(&c.tally),
                products: c
                    .products
                    .iter()
                    .map(|p| ProductAppointmentsJson {
                        product: p.product.clone(),
                        figures: figures(&p.tally),
                    })
                    .collect(),
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct AnsweredWithinJson {
    #[serde(rename = "20")]
    pub s20: u64,
    #[serde(rename = "60")]
    pub s60: u64,
    #[serde(rename = "120")]
    pub s120: u64,
    pub later: u64,
}

#[derive(Serialize, ToSchema)]
pub struct PhoneJson {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub offered: u64,
    pub answered: u64,
    pub missed: u64,
    /// 0..1; target at most 0.20.
    pub missed_share: Option<f64>,
    /// Of answered calls; target at most 45.
    pub mean_answer_wait_seconds: Option<f64>,
    /// Answered calls by wait: up to 20 s, 21-60 s, 61-120 s, later.
    pub answered_within: AnsweredWithinJson,
    pub meets_targets: Option<bool>,
}

/// Imported phone calls offered in the period.
#[utoipa::path(get, path = "/api/v1/reports/phone", tag = "reports", params(PeriodQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PhoneJson), (status = 401, description = "No valid token or session"),
        (status = 403, description = "Below the manager role"),
        (status = 422, description = "Invalid dates")))]
pub async fn phone(
    State(state): State<AppState>,
    Query(query): Query<PeriodQuery>,
) -> AppResult<Json<PhoneJson>> {
    let period = query.period()?;
    let (total, _) = service::phone(&state.db, &period).await?;
    let f = total.figures();
    Ok(Json(PhoneJson {
        from: period.from,
        to: period.to,
        offered: f.offered,
        answered: f.answered,
        missed: f.missed,
        missed_share: f.missed_share,
        mean_answer_wait_seconds: f.mean_answer_wait_seconds,
        answered_within: AnsweredWithinJson {
            s20: f.bands[0],
            s60: f.bands[1],
            s120: f.bands[2],
            later: f.bands[3],
        },
        meets_targets: f.meets_targets,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct CasesJson {
    pub year: i32,
    #[schema(value_type = Object)]
    pub complaints: ComplaintFigures,
    /// Reports (meldingen) per category.
    #[schema(value_type = Vec<Object>)]
    pub reports: Vec<ReportCategoryFigures>,
    /// Received per year: this year and the four before.
    #[schema(value_type = Vec<Object>)]
    pub trend: Vec<YearCount>,
}

/// The yearly complaints and reports report for the council (Decreet Lokaal Bestuur art. 303).
#[utoipa::path(get, path = "/api/v1/reports/cases", tag = "reports", params(YearQuery),
    security(("bearer" = [])),
    responses((status = 200, body = CasesJson), (status = 401, description = "No valid token or session"),
        (status = 403, description = "Below the manager role"),
        (status = 422, description = "Invalid year")))]
pub async fn cases(
    State(state): State<AppState>,
    Query(query): Query<YearQuery>,
) -> AppResult<Json<CasesJson>> {
    let year = parse_year(query.year.as_deref())?;
    let report = service::cases(&state.db, year).await?;
    Ok(Json(CasesJson {
        year,
        complaints: report.complaints,
        reports: report.reports,
        trend: report.trend,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PolicyJson {
    pub year: i32,
    /// Per plan running that year: action plans and actions with their links and indicators
    /// (value computed or measured, target, status met | within_ten_percent | missed, history).
    #[schema(value_type = Vec<Object>)]
    pub plans: Vec<PlanReport>,
}

/// The policy follow-up report of a year.
#[utoipa::path(get, path = "/api/v1/reports/policy", tag = "reports", params(YearQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PolicyJson), (status = 401, description = "No valid token or session"),
        (status = 403, description = "Below the manager role"),
        (status = 422, description = "Invalid year")))]
pub async fn policy(
    State(state): State<AppState>,
    Query(query): Query<YearQuery>,
) -> AppResult<Json<PolicyJson>> {
    let year = parse_year(query.year.as_deref())?;
    Ok(Json(PolicyJson {
        year,
        plans: service::policy(&state.db, year).await?,
    }))
}
