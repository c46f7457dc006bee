//! `loket generate`: realistic synthetic history for the reports and their benchmark: visits,
//! appointments, first-free-time snapshots, phone calls, complaints and reports, per working
//! day, for the last N full years. Multi-row INSERTs in one transaction per day; the same seed
//! gives the same data on every run and every database.

use crate::{
    clock::TIME_ZONE,
    db,
    domain::calendar::public_holiday,
    entities::{
        TextList, appointment, case_category, cluster, department, lead_time_snapshot, phone_call,
        product, service_case, visit,
    },
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use std::{collections::HashMap, str::FromStr};

/// How much happens in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A municipality like Lier: ~40,000 visits, ~4,000 cases, ~60,000 calls a year.
    Municipality,
    /// A large city: ~500,000 visits, ~50,000 cases, ~200,000 calls a year.
    City,
}

impl FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "municipality" => Ok(Scale::Municipality),
            "city" => Ok(Scale::City),
            other => Err(format!("unknown scale {other:?}: use municipality or city")),
        }
    }
}

impl Scale {
    /// Visits, cases and calls per working day (about 250 a year).
    fn per_day(self) -> (u32, u32, u32) {
        match self {
            Scale::Municipality => (160, 16, 240),
            Scale::City => (2000, 200, 800),
        }
    }
}

/// SplitMix64: small, fast and reproducible; statistics need no cryptographic randomness.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// 0..1.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Exponentially distributed with this mean, in whole seconds.
    fn exponential(&mut self, mean: f64) -> i64 {
        (-mean * (1.0 - self.unit()).ln()).round() as i64
    }
}

#[derive(Debug, Default)]
pub struct Generated {
    pub visits: u64,
    pub appointments: u64,
    pub snapshots: u64,
    pub calls: u64,
    pub cases: u64,
}

fn local(day: NaiveDate, seconds_after_midnight: i64) -> DateTime<Utc> {
    let midnight = TIME_ZONE
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .expect("local midnight exists")
        .with_timezone(&Utc);
    midnight + Duration::seconds(seconds_after_midnight)
}

const BATCH: usize = 1000;

async fn insert_visits(
    db: &impl ConnectionTrait,
    rows: Vec<visit::ActiveModel>,
) -> Result<(), DbErr> {
    for chunk in rows.chunks(BATCH) {
        visit::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Writes `years` full calendar years of history ending last year (relative to `today`).
pub async fn generate(
    db: &DatabaseConnection,
    years: u32,
    scale: Scale,
    today: NaiveDate,
) -> Result<Generated, DbErr> {
    let clusters = cluster::Entity::find().all(db).await?;
    let products = product::Entity::find()
        .filter(product::Column::Bookable.eq(true))
        .all(db)
        .await?;
    let categories = case_category::Entity::find().all(db).await?;
    let departments: HashMap<String, i32> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.name, d.id))
        .collect();
    if clusters.is_empty() {
        return Err(DbErr::Custom(
            "no clusters: load a seed first (loket seed)".into(),
        ));
    }
    let (visits_per_day, cases_per_day, calls_per_day) = scale.per_day();
    let mut random = Random(2026);
    let mut done = Generated::default();
    let first = NaiveDate::from_ymd_opt(today.year() - years as i32, 1, 1).expect("1 January");
    let last = NaiveDate::from_ymd_opt(today.year() - 1, 12, 31).expect("31 December");
    let mut case_number = 0u64;
    let mut day = first;
    while day <= last {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend || public_holiday(day).is_some() {
            day = day.succ_opt().expect("a next day");
            continue;
        }
        let tx = db::begin_write(db).await?;
        // A slow month now and then: waits vary around the target.
        let month_factor = 0.6 + 0.8 * ((day.month() * 7 + day.year() as u32) % 10) as f64 / 10.0;
        let mut visits = Vec::with_capacity(visits_per_day as usize);
        for n in 0..visits_per_day {
            let c = &clusters[(random.below(100) as usize * clusters.len()) / 100];
            // 8:30 to 12:30 and 13:30 to 16:00.
            let at = if random.below(4) == 0 {
                13 * 3600 + 1800 + random.below(9000) as i64
            } else {
                8 * 3600 + 1800 + random.below(14400) as i64
            };
            let ready = local(day, at);
            let roll = random.below(100);
            let wait = random.exponential(f64::from(c.wait_target_seconds) * month_factor);
            let (called, finished, outcome) = if roll < 3 {
                (None, Some(ready + Duration::seconds(wait)), "abandoned")
            } else if roll < 5 {
                let called = ready + Duration::seconds(wait);
                (Some(called), Some(called), "no_show")
            } else {
                let called = ready + Duration::seconds(wait);
                let service = 120 + random.exponential(420.0);
                (
                    Some(called),
                    Some(called + Duration::seconds(service)),
                    "served",
                )
            };
            visits.push(
                visit::ActiveModel {
                    cluster_id: Set(c.id),
                    kind: Set(if roll.is_multiple_of(3) {
                        "appointment"
                    } else {
                        "walk_in"
                    }
                    .into()),
                    ticket: Set(format!("{}{:03}", c.ticket_prefix, n % 999 + 1)),
                    day: Set(day),
                    appointment_id: Set(None),
                    appointment_start: Set(None),
                    previous_visit_id: Set(None),
                    issued_at: Set(ready),
                    checked_in_at: Set(None),
                    ready_at: Set(ready),
                    status: Set("done".into()),
                    counter_id: Set(None),
                    called_at: Set(called),
                    finished_at: Set(finished),
                    outcome: Set(outcome.into()),
                    ..Default::default()
                }
                .with_report_facts(),
            );
        }
        done.visits += visits.len() as u64;
        insert_visits(&tx, visits).await?;

        let mut appointments = Vec::new();
        let mut snapshots = Vec::new();
        for p in &products {
            let lead = random.below(12) as i32;
            snapshots.push(lead_time_snapshot::ActiveModel {
                day: Set(day),
                product_id: Set(p.id),
                cluster_id: Set(p.cluster_id),
                first_free_at: Set(None),
                lead_days: Set((random.below(50) != 0).then_some(lead)),
                ..Default::default()
            });
            for _ in 0..(visits_per_day / 40).max(1) {
                done.appointments += 1;
                let start = local(day, 9 * 3600 + 600 * random.below(36) as i64);
                let roll = random.below(100);
                appointments.push(
                    appointment::ActiveModel {
                        reference: Set(format!("G{}", done.appointments)),
                        manage_token: Set(format!("generated-{}", done.appointments)),
                        product_id: Set(p.id),
                        cluster_id: Set(p.cluster_id),
                        start_at: Set(start),
                        end_at: Set(start + Duration::minutes(10)),
                        name: Set(String::new()),
                        email: Set(String::new()),
                        phone: Set(String::new()),
                        language: Set("nl".into()),
                        status: Set(match roll {
                            0..10 => "cancelled",
                            10..15 => "no_show",
                            _ => "booked",
                        }
                        .into()),
                        source: Set("online".into()),
                        sequence: Set(0),
                        booked_lead_days: Set(lead + random.below(6) as i32),
                        first_free_lead_days: Set(Some(lead)),
                        created_at: Set(start - Duration::days(i64::from(lead) + 2)),
                        cancelled_at: Set(None),
                        reminder_queued_at: Set(None),
                        ..Default::default()
                    }
                    .with_report_facts(),
                );
            }
        }
        done.snapshots += snapshots.len() as u64;
        for chunk in snapshots.chunks(BATCH) {
            lead_time_snapshot::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&tx)
                .await?;
        }
        for chunk in appointments.chunks(BATCH) {
            appointment::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&tx)
                .await?;
        }

        let calls: Vec<phone_call::ActiveModel> = (0..calls_per_day)
            .map(|_| {
                let offered = local(day, 8 * 3600 + 1800 + random.below(28800) as i64);
                let missed = random.below(100) < 12;
                let wait = random.exponential(35.0 * month_factor);
                phone_call::ActiveModel {
                    offered_at: Set(offered),
                    answered_at: Set((!missed).then(|| offered + Duration::seconds(wait))),
                    ended_at: Set(Some(offered + Duration::seconds(wait + 180))),
                    queue: Set("algemeen".into()),
                    answer_wait_seconds: Set((!missed).then_some(wait as i32)),
                    ..Default::default()
                }
            })
            .collect();
        done.calls += calls.len() as u64;
        for chunk in calls.chunks(BATCH) {
            phone_call::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&tx)
                .await?;
        }

        let mut cases = Vec::new();
        for _ in 0..cases_per_day {
            let complaint = random.below(100) < 7;
            let kind = if complaint { "complaint" } else { "report" };
            let of_kind: Vec<&case_category::Model> =
                categories.iter().filter(|c| c.kind == kind).collect();
            let Some(category) = of_kind.get(random.below(of_kind.len() as u64) as usize) else {
                continue;
            };
            let Some(department_id) = departments.get(&category.department) else {
                continue;
            };
            case_number += 1;
            let received = local(day, 7 * 3600 + random.below(50000) as i64);
            let handling = 1 + random.exponential(if complaint { 30.0 } else { 8.0 });
            let closed = received + Duration::days(handling);
            let open = closed.date_naive() > last;
            let (status, outcome) = match (complaint, open) {
                (_, true) => ("received", ""),
                (true, false) => (
                    "closed",
                    ["founded", "partly_founded", "unfounded"][random.below(3) as usize],
                ),
                (false, false) => ("resolved", ""),
            };
            cases.push(
                service_case::ActiveModel {
                    kind: Set(kind.into()),
                    reference: Set(format!("G-{case_number:09}")),
                    tracking_token: Set(format!("generated-{case_number}")),
                    channel: Set(
                        ["web", "phone", "counter", "email"][random.below(4) as usize].into(),
                    ),
                    status: Set(status.into()),
                    category_id: Set(category.id),
                    department_id: Set(*department_id),
                    about_department_id: Set(None),
                    assigned_to: Set(None),
                    description: Set(String::new()),
                    address: Set(String::new()),
                    latitude: Set(None),
                    longitude: Set(None),
                    name: Set(String::new()),
                    email: Set(String::new()),
                    phone: Set(String::new()),
                    language: Set("nl".into()),
                    happened_on: Set(None),
                    expectation: Set(String::new()),
                    received_at: Set(received),
                    acknowledged_at: Set(Some(received + Duration::days(random.exponential(4.0)))),
                    due_on: Set(day + Duration::days(if complaint { 45 } else { 14 })),
                    extended_to: Set(None),
                    extension_reason: Set(String::new()),
                    paused_on: Set(None),
                    scheduled_on: Set(None),
                    forwarded_to: Set(String::new()),
                    inadmissible_reason: Set(String::new()),
                    outcome: Set(outcome.into()),
                    ombudsman_norms: Set(TextList(if outcome == "founded" {
                        vec!["courtesy".into()]
                    } else {
                        vec![]
                    })),
                    improvement_actions: Set(String::new()),
                    closing_text: Set(String::new()),
                    decided_by: Set(None),
                    closed_at: Set((!open).then_some(closed)),
                    satisfied: Set((!open && random.below(3) == 0).then(|| random.below(4) != 0)),
                    satisfaction_comment: Set(String::new()),
                    reopen_count: Set(i32::from(random.below(50) == 0)),
                    duplicate_of: Set(None),
                    converted_from: Set(None),
                    term_warning_sent_at: Set(None),
                    more_time_sent_at: Set(None),
                    updated_at: Set(received),
                    ..Default::default()
                }
                .with_report_facts(),
            );
        }
        done.cases += cases.len() as u64;
        for chunk in cases.chunks(BATCH / 2) {
            service_case::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&tx)
                .await?;
        }
        tx.commit().await?;
        day = day.succ_opt().expect("a next day");
    }
    // Statistics for the query planners, and on PostgreSQL the visibility map that lets the
    // reports read from their indexes alone: what a database that grew slowly has by itself.
    db.execute_unprepared(match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    })
    .await?;
    Ok(done)
}
