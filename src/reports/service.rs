//! Reads the data of each report: aggregated in SQL (GROUP BY cluster, product, day or month),
//! the figures computed by domain::reports. The SQL is the same on SQLite and PostgreSQL.

use crate::{
    clock::local_day,
    domain::{
        cases::ComplaintTerms,
        reports::{
            AppointmentTally, CaseFacts, ComplaintFigures, CounterWait, MonthWaits, Period,
            PhoneTally, ReportCategoryCounts, ReportCategoryFigures, TargetStatus, WaitTally,
            complaint_figures, target_for,
        },
    },
    entities::{
        case_category, cluster, department, indicator, indicator_measurement, indicator_target,
        policy_link, policy_node, policy_plan, policy_plan_version, product,
    },
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QueryResult, Statement, Value,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A statement written with `?` placeholders, numbered for PostgreSQL.
fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `CASE WHEN col < end0 THEN 0 WHEN col < end1 THEN 1 ... END`: the index of the part a value
/// falls in, the parts given by their exclusive ends.
fn bucket_sql<T: Into<Value> + Copy>(col: &str, ends: &[T], values: &mut Vec<Value>) -> String {
    // BIGINT on both databases, so the index reads back as i64 everywhere.
    let mut sql = String::from("CAST(CASE");
    for (i, end) in ends.iter().enumerate() {
        sql.push_str(&format!(" WHEN {col} < ? THEN {i}"));
        values.push((*end).into());
    }
    sql.push_str(" END AS BIGINT)");
    sql
}

fn int(row: &QueryResult, col: &str) -> Result<i64, DbErr> {
    Ok(row.try_get::<Option<i64>>("", col)?.unwrap_or(0))
}

fn month_ends(period: &Period) -> (Vec<Period>, Vec<DateTime<Utc>>) {
    let months = period.months();
    let ends = months.iter().map(|m| m.bounds().1).collect();
    (months, ends)
}

/// One cluster's visits of one local day (of their ready time).
struct DailyVisits {
    cluster_id: i32,
    day: NaiveDate,
    called: u64,
    wait_sum: i64,
    abandoned: u64,
    no_show: u64,
    service_sum: i64,
    serviced: u64,
}

/// The visits from `from` to `to` (local days, both included), per cluster and day: at most a
/// few thousand rows, which months and years are added up from.
async fn daily_visits(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DailyVisits>, DbErr> {
    // As WaitTally::add: abandoned is never called and no longer waiting.
    let rows = db
        .query_all_raw(statement(
            db,
            "SELECT cluster_id, ready_day, CAST(COUNT(wait_seconds) AS BIGINT) AS called, \
             CAST(SUM(wait_seconds) AS BIGINT) AS wait_sum, \
             CAST(SUM(CASE WHEN wait_seconds IS NULL AND outcome <> '' THEN 1 ELSE 0 END) AS BIGINT) AS abandoned, \
             CAST(SUM(CASE WHEN outcome = 'no_show' THEN 1 ELSE 0 END) AS BIGINT) AS no_show, \
             CAST(SUM(service_seconds) AS BIGINT) AS service_sum, \
             CAST(COUNT(service_seconds) AS BIGINT) AS serviced \
             FROM visit WHERE ready_day >= ? AND ready_day <= ? GROUP BY cluster_id, ready_day",
            vec![from.into(), to.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok(DailyVisits {
                cluster_id: row.try_get("", "cluster_id")?,
                day: row.try_get("", "ready_day")?,
                called: int(row, "called")? as u64,
                wait_sum: int(row, "wait_sum")?,
                abandoned: int(row, "abandoned")? as u64,
                no_show: int(row, "no_show")? as u64,
                service_sum: int(row, "service_sum")?,
                serviced: int(row, "serviced")? as u64,
            })
        })
        .collect()
}

pub struct ClusterWait {
    pub cluster: cluster::Model,
    pub figures: CounterWait,
}

/// Counter waits per cluster, in the clusters' order. Reads the report columns of the visits
/// (`visit::ActiveModel::with_report_facts`) by local day of their ready time.
pub async fn wait_times(
    db: &impl ConnectionTrait,
    period: &Period,
) -> Result<Vec<ClusterWait>, DbErr> {
    let days = vec![period.from.into(), period.to.into()];
    let histogram = db
        .query_all_raw(statement(
            db,
            "SELECT cluster_id, CAST(wait_seconds AS BIGINT) AS w, CAST(COUNT(*) AS BIGINT) AS n \
             FROM visit WHERE ready_day >= ? AND ready_day <= ? AND wait_seconds IS NOT NULL \
             GROUP BY cluster_id, wait_seconds",
            days.clone(),
        ))
        .await?;
    let mut tallies: HashMap<i32, WaitTally> = HashMap::new();
    for row in &histogram {
        let cluster: i32 = row.try_get("", "cluster_id")?;
        *tallies
            .entry(cluster)
            .or_default()
            .waits
            .entry(int(row, "w")?)
            .or_default() += int(row, "n")? as u64;
    }
    for row in &daily_visits(db, period.from, period.to).await? {
        let t = tallies.entry(row.cluster_id).or_default();
        t.abandoned += row.abandoned;
        t.no_show += row.no_show;
        t.service_seconds += row.service_sum;
        t.serviced += row.serviced;
        if row.called > 0 {
            let entry = t
                .months
                .entry((row.day.year(), row.day.month()))
                .or_default();
            *entry = MonthWaits {
                called: entry.called + row.called,
                wait_seconds: entry.wait_seconds + row.wait_sum,
            };
        }
    }
    let clusters = cluster::Entity::find()
        .order_by_asc(cluster::Column::Position)
        .order_by_asc(cluster::Column::Name)
        .all(db)
        .await?;
    Ok(clusters
        .into_iter()
        .map(|c| {
            let figures = tallies
                .remove(&c.id)
                .unwrap_or_default()
                .figures(i64::from(c.wait_target_seconds));
            ClusterWait {
                cluster: c,
                figures,
            }
        })
        .collect())
}

pub struct PhoneMonth {
    pub month: Period,
    pub tally: PhoneTally,
}

/// The calls offered in the period, in total and per month.
pub async fn phone(
    db: &impl ConnectionTrait,
    period: &Period,
) -> Result<(PhoneTally, Vec<PhoneMonth>), DbErr> {
    let (start, end) = period.bounds();
    let (months, ends) = month_ends(period);
    let mut values = Vec::new();
    let bucket = bucket_sql("offered_at", &ends, &mut values);
    values.extend([start.into(), end.into()]);
    let band = |low: i64, high: Option<i64>| {
        let upper = high.map_or(String::new(), |h| {
            format!(" AND answer_wait_seconds <= {h}")
        });
        format!(
            "CAST(SUM(CASE WHEN answer_wait_seconds > {low}{upper} THEN 1 ELSE 0 END) AS BIGINT)"
        )
    };
    let rows = db
        .query_all_raw(statement(
            db,
            &format!(
                "SELECT {bucket} AS m, CAST(COUNT(*) AS BIGINT) AS offered, \
                 CAST(COUNT(answer_wait_seconds) AS BIGINT) AS answered, \
                 CAST(SUM(answer_wait_seconds) AS BIGINT) AS wait_sum, \
                 {} AS b0, {} AS b1, {} AS b2, {} AS b3 \
                 FROM phone_call WHERE offered_at >= ? AND offered_at < ? GROUP BY m",
                band(-1, Some(20)),
                band(20, Some(60)),
                band(60, Some(120)),
                band(120, None),
            ),
            values,
        ))
        .await?;
    let mut total = PhoneTally::default();
    let mut per_month: BTreeMap<usize, PhoneTally> = BTreeMap::new();
    for row in &rows {
        let t = PhoneTally {
            offered: int(row, "offered")? as u64,
            answered: int(row, "answered")? as u64,
            answer_wait_seconds: int(row, "wait_sum")?,
            bands: [
                int(row, "b0")? as u64,
                int(row, "b1")? as u64,
                int(row, "b2")? as u64,
                int(row, "b3")? as u64,
            ],
        };
        total.merge(&t);
        per_month.insert(int(row, "m")? as usize, t);
    }
    let months = months
        .into_iter()
        .enumerate()
        .map(|(i, month)| PhoneMonth {
            month,
            tally: per_month.remove(&i).unwrap_or_default(),
        })
        .collect();
    Ok((total, months))
}

pub struct ProductAppointments {
    pub product: String,
    pub tally: AppointmentTally,
}

pub struct ClusterAppointments {
    pub cluster: cluster::Model,
    pub tally: AppointmentTally,
    pub products: Vec<ProductAppointments>,
}

/// Appointments by appointment date, and the daily first-free-time snapshots, per cluster and
/// product; clusters and products without either are left out.
pub async fn appointments(
    db: &impl ConnectionTrait,
    period: &Period,
) -> Result<Vec<ClusterAppointments>, DbErr> {
    let mut tallies: BTreeMap<(i32, i32), AppointmentTally> = BTreeMap::new();
    // The daily figures the database keeps (migration 000010): a few thousand rows a year.
    let bookings = db
        .query_all_raw(statement(
            db,
            "SELECT cluster_id, product_id, status, CAST(SUM(appointments) AS BIGINT) AS n, \
             CAST(SUM(booked_lead_days) AS BIGINT) AS lead_sum FROM appointment_day_figures \
             WHERE day >= ? AND day <= ? GROUP BY cluster_id, product_id, status \
             HAVING SUM(appointments) > 0",
            vec![period.from.into(), period.to.into()],
        ))
        .await?;
    for row in &bookings {
        let key = (
            row.try_get("", "cluster_id")?,
            row.try_get("", "product_id")?,
        );
        let status: String = row.try_get("", "status")?;
        tallies.entry(key).or_default().add_bookings(
            &status,
            int(row, "n")? as u64,
            int(row, "lead_sum")?,
        );
    }
    let snapshots = db
        .query_all_raw(statement(
            db,
            "SELECT cluster_id, product_id, CAST(COUNT(*) AS BIGINT) AS days, \
             CAST(COUNT(lead_days) AS BIGINT) AS free_days, \
             CAST(SUM(lead_days) AS BIGINT) AS lead_sum, \
             CAST(MAX(lead_days) AS BIGINT) AS lead_max, \
             CAST(SUM(CASE WHEN lead_days <= ? THEN 1 ELSE 0 END) AS BIGINT) AS within \
             FROM lead_time_snapshot WHERE day >= ? AND day <= ? GROUP BY cluster_id, product_id",
            vec![
                crate::domain::reports::LEAD_TIME_TARGET_DAYS.into(),
                period.from.into(),
                period.to.into(),
            ],
        ))
        .await?;
    for row in &snapshots {
        let key = (
            row.try_get("", "cluster_id")?,
            row.try_get("", "product_id")?,
        );
        let t = tallies.entry(key).or_default();
        t.snapshot_days += int(row, "days")? as u64;
        t.snapshot_days_free += int(row, "free_days")? as u64;
        t.first_free_lead_days += int(row, "lead_sum")?;
        t.first_free_lead_max = row
            .try_get::<Option<i64>>("", "lead_max")?
            .map(|m| m as i32);
        t.first_free_within_target += int(row, "within")? as u64;
    }
    let products: HashMap<i32, String> = product::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let clusters = cluster::Entity::find()
        .order_by_asc(cluster::Column::Position)
        .order_by_asc(cluster::Column::Name)
        .all(db)
        .await?;
    Ok(clusters
        .into_iter()
        .filter_map(|c| {
            let mut total = AppointmentTally::default();
            let mut rows: Vec<ProductAppointments> = tallies
                .range((c.id, i32::MIN)..=(c.id, i32::MAX))
                .map(|((_, product_id), t)| {
                    total.merge(t);
                    ProductAppointments {
                        product: products.get(product_id).cloned().unwrap_or_default(),
                        tally: *t,
                    }
                })
                .collect();
            rows.sort_by(|a, b| a.product.cmp(&b.product));
            (!rows.is_empty()).then_some(ClusterAppointments {
                cluster: c,
                tally: total,
                products: rows,
            })
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct YearCount {
    pub year: i32,
    pub complaints: u64,
    pub reports: u64,
}

pub struct CaseYear {
    pub complaints: ComplaintFigures,
    pub reports: Vec<ReportCategoryFigures>,
    /// This year and the four before it.
    pub trend: Vec<YearCount>,
}

/// The council report of a year: complaints and reports received in it.
pub async fn cases(db: &impl ConnectionTrait, year: i32) -> Result<CaseYear, DbErr> {
    let period = Period::year(year);
    let (start, end) = period.bounds();
    let categories: HashMap<i32, case_category::Model> = case_category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let departments: HashMap<i32, String> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let nodes: HashMap<i32, String> = policy_node::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.code))
        .collect();
    let mut actions: HashMap<i32, Vec<String>> = HashMap::new();
    for link in policy_link::Entity::find()
        .filter(policy_link::Column::TargetKind.eq("category"))
        .all(db)
        .await?
    {
        if let Some(code) = nodes.get(&link.node_id) {
            actions
                .entry(link.target_id)
                .or_default()
                .push(code.clone());
        }
    }
    // Complaints are few (a large city: 3,500 a year) and every figure of theirs reads a
    // different column: read one by one. Reports are counted per category by the database.
    let rows = db
        .query_all_raw(statement(
            db,
            "SELECT reference, kind, channel, status, category_id, department_id, \
             about_department_id, received_at, acknowledged_at, closed_at, due_on, extended_to, \
             inadmissible_reason, outcome, CAST(ombudsman_norms AS TEXT) AS norms, \
             improvement_actions FROM service_case \
             WHERE received_at >= ? AND received_at < ? AND kind = 'complaint' \
             ORDER BY received_at, id",
            vec![start.into(), end.into()],
        ))
        .await?;
    let mut facts = Vec::with_capacity(rows.len());
    for row in &rows {
        let category_id: i32 = row.try_get("", "category_id")?;
        // A complaint is counted against the service it is about, if it names one.
        let department_id: i32 = match row.try_get::<Option<i32>>("", "about_department_id")? {
            Some(about) => about,
            None => row.try_get("", "department_id")?,
        };
        let received: DateTime<Utc> = row.try_get("", "received_at")?;
        let day = |col: &str| -> Result<Option<NaiveDate>, DbErr> {
            Ok(row
                .try_get::<Option<DateTime<Utc>>>("", col)?
                .map(local_day))
        };
        let norms: String = row.try_get("", "norms")?;
        facts.push(CaseFacts {
            reference: row.try_get("", "reference")?,
            kind: row.try_get("", "kind")?,
            channel: row.try_get("", "channel")?,
            status: row.try_get("", "status")?,
            category: categories
                .get(&category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            department: departments.get(&department_id).cloned().unwrap_or_default(),
            policy_actions: actions.get(&category_id).cloned().unwrap_or_default(),
            received: local_day(received),
            acknowledged: day("acknowledged_at")?,
            closed: day("closed_at")?,
            due_on: row.try_get("", "due_on")?,
            extended_to: row.try_get("", "extended_to")?,
            inadmissible_reason: row.try_get("", "inadmissible_reason")?,
            outcome: row.try_get("", "outcome")?,
            ombudsman_norms: serde_json::from_str(&norms).unwrap_or_default(),
            improvement_actions: row.try_get("", "improvement_actions")?,
        });
    }
    let reports = report_counts(db, &period, &categories).await?;

    let first = year - 4;
    let years: Vec<Period> = (first..=year).map(Period::year).collect();
    let day_ends: Vec<NaiveDate> = years.iter().map(|y| y.to + chrono::Days::new(1)).collect();
    let mut values = Vec::new();
    let bucket = bucket_sql("received_day", &day_ends, &mut values);
    values.extend([years[0].from.into(), period.to.into()]);
    let counted = db
        .query_all_raw(statement(
            db,
            &format!(
                "SELECT {bucket} AS y, kind, CAST(SUM(received) AS BIGINT) AS n \
                 FROM case_day_figures WHERE received_day >= ? AND received_day <= ? \
                 GROUP BY y, kind"
            ),
            values,
        ))
        .await?;
    let mut trend: Vec<YearCount> = (first..=year)
        .map(|year| YearCount {
            year,
            complaints: 0,
            reports: 0,
        })
        .collect();
    for row in &counted {
        let kind: String = row.try_get("", "kind")?;
        if let Some(entry) = trend.get_mut(int(row, "y")? as usize) {
            let n = int(row, "n")? as u64;
            if kind == "complaint" {
                entry.complaints += n;
            } else {
                entry.reports += n;
            }
        }
    }
    Ok(CaseYear {
        complaints: complaint_figures(&facts, &ComplaintTerms::default()),
        reports: reports
            .into_iter()
            .map(ReportCategoryFigures::from)
            .collect(),
        trend,
    })
}

/// Reports (meldingen) received in the period counted per category, sorted by its name; the
/// rules are those of `ReportCategoryCounts`, applied by the triggers that keep the daily
/// figures (migration 000010).
async fn report_counts(
    db: &impl ConnectionTrait,
    period: &Period,
    categories: &HashMap<i32, case_category::Model>,
) -> Result<Vec<ReportCategoryCounts>, DbErr> {
    let rows = db
        .query_all_raw(statement(
            db,
            "SELECT category_id, CAST(SUM(received) AS BIGINT) AS received, \
             CAST(SUM(resolved) AS BIGINT) AS resolved, \
             CAST(SUM(resolved_in_time) AS BIGINT) AS in_time, \
             CAST(SUM(rated) AS BIGINT) AS rated, \
             CAST(SUM(satisfied) AS BIGINT) AS satisfied, \
             CAST(SUM(reopened) AS BIGINT) AS reopened \
             FROM case_day_figures WHERE received_day >= ? AND received_day <= ? \
             AND kind = 'report' GROUP BY category_id HAVING SUM(received) > 0",
            vec![period.from.into(), period.to.into()],
        ))
        .await?;
    let mut counts = rows
        .iter()
        .map(|row| {
            let category_id: i32 = row.try_get("", "category_id")?;
            Ok(ReportCategoryCounts {
                category: categories
                    .get(&category_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                received: int(row, "received")? as u64,
                resolved: int(row, "resolved")? as u64,
                resolved_in_time: int(row, "in_time")? as u64,
                rated: int(row, "rated")? as u64,
                satisfied: int(row, "satisfied")? as u64,
                reopened: int(row, "reopened")? as u64,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    counts.sort_by(|a, b| a.category.cmp(&b.category));
    Ok(counts)
}

/// Computed yearly values of the metrics an indicator can name, for the years asked.
struct YearMetrics {
    /// (cluster, year) -> (called visits, wait seconds)
    counter_wait: HashMap<(i32, i32), (u64, i64)>,
    /// year -> (offered, answered, answer wait seconds)
    phone: HashMap<i32, (u64, u64, i64)>,
    /// year -> (snapshot days with a free time, lead days)
    lead_time: HashMap<i32, (u64, i64)>,
}

async fn year_metrics(
    db: &impl ConnectionTrait,
    years: &[i32],
    counter_clusters: bool,
) -> Result<YearMetrics, DbErr> {
    let mut metrics = YearMetrics {
        counter_wait: HashMap::new(),
        phone: HashMap::new(),
        lead_time: HashMap::new(),
    };
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return Ok(metrics);
    };
    let periods: Vec<Period> = (*first..=*last).map(Period::year).collect();
    let ends: Vec<DateTime<Utc>> = periods.iter().map(|p| p.bounds().1).collect();
    let (start, end) = (periods[0].bounds().0, ends[ends.len() - 1]);
    let year_of = |row: &QueryResult| -> Result<i32, DbErr> { Ok(first + int(row, "y")? as i32) };
    if counter_clusters {
        let (from, to) = (periods[0].from, periods[periods.len() - 1].to);
        for row in daily_visits(db, from, to).await? {
            let entry = metrics
                .counter_wait
                .entry((row.cluster_id, row.day.year()))
                .or_default();
            entry.0 += row.called;
            entry.1 += row.wait_sum;
        }
    }
    let mut values = Vec::new();
    let bucket = bucket_sql("offered_at", &ends, &mut values);
    values.extend([start.into(), end.into()]);
    for row in db
        .query_all_raw(statement(
            db,
            &format!(
                "SELECT {bucket} AS y, CAST(COUNT(*) AS BIGINT) AS offered, \
                 CAST(COUNT(answer_wait_seconds) AS BIGINT) AS answered, \
                 CAST(SUM(answer_wait_seconds) AS BIGINT) AS wait_sum FROM phone_call \
                 WHERE offered_at >= ? AND offered_at < ? GROUP BY y"
            ),
            values,
        ))
        .await?
    {
        metrics.phone.insert(
            year_of(&row)?,
            (
                int(&row, "offered")? as u64,
                int(&row, "answered")? as u64,
                int(&row, "wait_sum")?,
            ),
        );
    }
    let day_ends: Vec<NaiveDate> = periods
        .iter()
        .map(|p| p.to + chrono::Days::new(1))
        .collect();
    let mut values = Vec::new();
    let bucket = bucket_sql("day", &day_ends, &mut values);
    values.extend([periods[0].from.into(), periods[periods.len() - 1].to.into()]);
    for row in db
        .query_all_raw(statement(
            db,
            &format!(
                "SELECT {bucket} AS y, CAST(COUNT(lead_days) AS BIGINT) AS n, \
                 CAST(SUM(lead_days) AS BIGINT) AS lead_sum FROM lead_time_snapshot \
                 WHERE day >= ? AND day <= ? GROUP BY y"
            ),
            values,
        ))
        .await?
    {
        metrics.lead_time.insert(
            year_of(&row)?,
            (int(&row, "n")? as u64, int(&row, "lead_sum")?),
        );
    }
    Ok(metrics)
}

impl YearMetrics {
    /// The computed value of a metric in the indicator's unit; none without data.
    fn value(&self, indicator: &indicator::Model, year: i32) -> Option<f64> {
        match indicator.metric.as_str() {
            "counter_wait" => {
                let (n, sum) = self
                    .counter_wait
                    .get(&(indicator.cluster_id?, year))
                    .copied()?;
                (n > 0).then(|| sum as f64 / n as f64)
            }
            "phone_missed_share" => {
                let (offered, answered, _) = self.phone.get(&year).copied()?;
                let share = (offered - answered) as f64 / offered as f64;
                (offered > 0).then(|| {
                    if indicator.unit == "percent" {
                        share * 100.0
                    } else {
                        share
                    }
                })
            }
            "phone_answer_wait" => {
                let (_, answered, sum) = self.phone.get(&year).copied()?;
                (answered > 0).then(|| sum as f64 / answered as f64)
            }
            "appointment_lead_time" => {
                let (n, sum) = self.lead_time.get(&year).copied()?;
                (n > 0).then(|| sum as f64 / n as f64)
            }
            _ => None,
        }
    }
}

/// The metrics the system computes from its own data; any other metric is measured by hand.
const COMPUTED_METRICS: [&str; 4] = [
    "counter_wait",
    "phone_missed_share",
    "phone_answer_wait",
    "appointment_lead_time",
];

/// Where a recorded measurement came from when Loket computed it itself.
const COMPUTED: &str = "computed";

/// Records the value of every computed indicator for each closed year (before `today`'s) with
/// data, as a whole-year measurement of origin `computed`, replacing what was recorded before.
/// The policy report then reads a closed year's history instead of recomputing it from millions
/// of visits. Run by `loket generate`, after every import, and daily by the server.
pub async fn record_closed_years(
    db: &DatabaseConnection,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let computed: Vec<indicator::Model> = indicator::Entity::find()
        .filter(indicator::Column::Metric.is_in(COMPUTED_METRICS))
        .all(db)
        .await?;
    let last = today.year() - 1;
    let Some(first) = first_year_with_data(db).await? else {
        return Ok(0);
    };
    if computed.is_empty() || first > last {
        return Ok(0);
    }
    let years: Vec<i32> = (first..=last).collect();
    let metrics = year_metrics(
        db,
        &years,
        computed.iter().any(|i| i.metric == "counter_wait"),
    )
    .await?;
    let mut rows = Vec::new();
    for i in &computed {
        for year in &years {
            if let Some(value) = metrics.value(i, *year) {
                let period = Period::year(*year);
                rows.push(indicator_measurement::ActiveModel {
                    indicator_id: Set(i.id),
                    period_start: Set(period.from),
                    period_end: Set(period.to),
                    value: Set(value),
                    origin: Set(COMPUTED.to_owned()),
                    recorded_by: Set("loket".to_owned()),
                    recorded_at: Set(now),
                    ..Default::default()
                });
            }
        }
    }
    let recorded = rows.len();
    let tx = crate::db::begin_write(db).await?;
    indicator_measurement::Entity::delete_many()
        .filter(indicator_measurement::Column::Origin.eq(COMPUTED))
        .filter(indicator_measurement::Column::IndicatorId.is_in(computed.iter().map(|i| i.id)))
        .exec(&tx)
        .await?;
    if !rows.is_empty() {
        indicator_measurement::Entity::insert_many(rows)
            .exec_without_returning(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(recorded)
}

/// The first year of any visit, call or first-free-time snapshot.
async fn first_year_with_data(db: &impl ConnectionTrait) -> Result<Option<i32>, DbErr> {
    let mut first: Option<i32> = None;
    for sql in [
        "SELECT MIN(ready_day) AS d FROM visit",
        "SELECT MIN(day) AS d FROM lead_time_snapshot",
    ] {
        let row = db.query_one_raw(statement(db, sql, vec![])).await?;
        if let Some(day) = row.and_then(|r| r.try_get::<Option<NaiveDate>>("", "d").ok().flatten())
        {
            first = Some(first.map_or(day.year(), |f| f.min(day.year())));
        }
    }
    let row = db
        .query_one_raw(statement(
            db,
            "SELECT MIN(offered_at) AS t FROM phone_call",
            vec![],
        ))
        .await?;
    if let Some(at) = row.and_then(|r| r.try_get::<Option<DateTime<Utc>>>("", "t").ok().flatten()) {
        let year = local_day(at).year();
        first = Some(first.map_or(year, |f| f.min(year)));
    }
    Ok(first)
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorValue {
    pub year: i32,
    pub value: f64,
    /// computed | measured
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorReport {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub metric: String,
    pub value: Option<f64>,
    pub source: Option<&'static str>,
    pub target: Option<f64>,
    pub status: Option<TargetStatus>,
    /// Every year with a value up to the report's year.
    pub history: Vec<IndicatorValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeReport {
    pub code: String,
    pub title: String,
    /// action_plan | action
    pub level: String,
    pub products: Vec<String>,
    pub clusters: Vec<String>,
    pub categories: Vec<String>,
    pub indicators: Vec<IndicatorReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    pub plan: String,
    pub version: String,
    pub nodes: Vec<NodeReport>,
}

/// Every plan running in `year`: its action plans and actions with their links and indicators.
pub async fn policy(db: &impl ConnectionTrait, year: i32) -> Result<Vec<PlanReport>, DbErr> {
    let plans = policy_plan::Entity::find()
        .filter(policy_plan::Column::PeriodStart.lte(year))
        .filter(policy_plan::Column::PeriodEnd.gte(year))
        .order_by_asc(policy_plan::Column::PeriodStart)
        .all(db)
        .await?;
    let indicators: HashMap<i32, indicator::Model> = indicator::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut targets: HashMap<i32, Vec<(NaiveDate, Option<NaiveDate>, f64)>> = HashMap::new();
    for t in indicator_target::Entity::find().all(db).await? {
        targets
            .entry(t.indicator_id)
            .or_default()
            .push((t.valid_from, t.valid_to, t.value));
    }
    // Recorded yearly measurements (the whole calendar year), by indicator and year: those Loket
    // computed of closed years (record_closed_years), and those entered or imported.
    let mut measured: HashMap<(i32, i32), (DateTime<Utc>, f64)> = HashMap::new();
    let mut recorded_computed: HashMap<(i32, i32), f64> = HashMap::new();
    for m in indicator_measurement::Entity::find().all(db).await? {
        let whole_year = m.period_start == Period::year(m.period_start.year()).from
            && m.period_end == Period::year(m.period_start.year()).to;
        if whole_year && m.origin == COMPUTED {
            recorded_computed.insert((m.indicator_id, m.period_start.year()), m.value);
        } else if whole_year {
            let key = (m.indicator_id, m.period_start.year());
            // The latest recorded value counts.
            if measured
                .get(&key)
                .is_none_or(|(at, _)| *at <= m.recorded_at)
            {
                measured.insert(key, (m.recorded_at, m.value));
            }
        }
    }
    let names = |map: Vec<(i32, String)>| map.into_iter().collect::<HashMap<i32, String>>();
    let products = names(
        product::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
    );
    let clusters = names(
        cluster::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
    );
    let categories = names(
        case_category::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
    );
    // Computed over the running plans' years; earlier years come from recorded measurements.
    let plan_start = plans
        .iter()
        .map(|p| p.period_start)
        .min()
        .unwrap_or(year)
        .min(year);
    let first_year = measured
        .keys()
        .map(|(_, y)| *y)
        .min()
        .unwrap_or(plan_start)
        .min(plan_start);
    let years: Vec<i32> = (first_year..=year).collect();
    // Only the years Loket has not recorded yet are computed now: the open year, mostly.
    let recorded_years: std::collections::HashSet<i32> =
        recorded_computed.keys().map(|(_, y)| *y).collect();
    let computed_years: Vec<i32> = (plan_start..=year)
        .filter(|y| !recorded_years.contains(y))
        .collect();
    let metrics = year_metrics(
        db,
        &computed_years,
        indicators.values().any(|i| i.metric == "counter_wait"),
    )
    .await?;
    let report_year = Period::year(year);

    let mut out = Vec::new();
    for plan in plans {
        let Some(version) = policy_plan_version::Entity::find()
            .filter(policy_plan_version::Column::PlanId.eq(plan.id))
            .filter(policy_plan_version::Column::Current.eq(true))
            .one(db)
            .await?
        else {
            continue;
        };
        let nodes = policy_node::Entity::find()
            .filter(policy_node::Column::PlanVersionId.eq(version.id))
            .filter(policy_node::Column::Level.is_in(["action_plan", "action"]))
            .order_by_asc(policy_node::Column::Code)
            .all(db)
            .await?;
        let ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
        let mut links: HashMap<i32, Vec<policy_link::Model>> = HashMap::new();
        for link in policy_link::Entity::find()
            .filter(policy_link::Column::NodeId.is_in(ids))
            .order_by_asc(policy_link::Column::Id)
            .all(db)
            .await?
        {
            // A link valid at some time in the year counts.
            let valid = link.valid_from.is_none_or(|f| f <= report_year.to)
                && link.valid_to.is_none_or(|t| t >= report_year.from);
            if valid {
                links.entry(link.node_id).or_default().push(link);
            }
        }
        let mut reports = Vec::new();
        for node in nodes {
            let node_links = links.remove(&node.id).unwrap_or_default();
            let named = |kind: &str, names: &HashMap<i32, String>| -> Vec<String> {
                node_links
                    .iter()
                    .filter(|l| l.target_kind == kind)
                    .filter_map(|l| names.get(&l.target_id).cloned())
                    .collect()
            };
            let indicators: Vec<IndicatorReport> = node_links
                .iter()
                .filter(|l| l.target_kind == "indicator")
                .filter_map(|l| indicators.get(&l.target_id))
                .map(|i| {
                    let value_of = |y: i32| -> Option<IndicatorValue> {
                        // A computed metric where the system has the data; else what was recorded.
                        recorded_computed
                            .get(&(i.id, y))
                            .copied()
                            .or_else(|| metrics.value(i, y))
                            .map(|value| IndicatorValue {
                                year: y,
                                value,
                                source: "computed",
                            })
                            .or_else(|| {
                                measured.get(&(i.id, y)).map(|(_, value)| IndicatorValue {
                                    year: y,
                                    value: *value,
                                    source: "measured",
                                })
                            })
                    };
                    let current = value_of(year);
                    let target = target_for(
                        targets.get(&i.id).map(Vec::as_slice).unwrap_or(&[]),
                        &report_year,
                    );
                    IndicatorReport {
                        code: i.code.clone(),
                        name: i.name.clone(),
                        unit: i.unit.clone(),
                        direction: i.direction.clone(),
                        metric: i.metric.clone(),
                        value: current.as_ref().map(|v| v.value),
                        source: current.as_ref().map(|v| v.source),
                        target,
                        status: current
                            .as_ref()
                            .zip(target)
                            .map(|(v, t)| TargetStatus::of(&i.direction, v.value, t)),
                        history: years.iter().filter_map(|y| value_of(*y)).collect(),
                    }
                })
                .collect();
            reports.push(NodeReport {
                code: node.code,
                title: node.title,
                level: node.level,
                products: named("product", &products),
                clusters: named("cluster", &clusters),
                categories: named("category", &categories),
                indicators,
            });
        }
        out.push(PlanReport {
            plan: plan.name,
            version: version.label,
            nodes: reports,
        });
    }
    Ok(out)
}
