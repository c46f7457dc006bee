//! The figures of the management reports (../shared/DESIGN.md, "Definitions"): report periods
//! in local dates, counter waits, appointments, phone calls, complaints and reports, and the
//! status of a policy indicator against its target. Pure: the database side only tallies.

use crate::{
    clock::{TIME_ZONE, local_day},
    domain::{
        cases::ComplaintTerms,
        queue::{WaitStats, percentile},
    },
};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Local dates, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the end lies before the start")]
    Reversed,
    #[error("a report covers at most ten years")]
    TooLong,
}

/// The parts of a year the period picker offers: the whole year, a quarter or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Year,
    Quarter(u32),
    Month(u32),
}

impl Part {
    /// `jaar`, `k1`..`k4` or `1`..`12`.
    pub fn parse(raw: &str) -> Option<Part> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "jaar" {
            return Some(Part::Year);
        }
        if let Some(q) = raw.strip_prefix('k') {
            return q
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .map(Part::Quarter);
        }
        raw.parse()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(Part::Month)
    }

    pub fn code(self) -> String {
        match self {
            Part::Year => "jaar".to_owned(),
            Part::Quarter(q) => format!("k{q}"),
            Part::Month(m) => m.to_string(),
        }
    }
}

fn first_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("month 1..=12 of a plain year")
}

/// Midnight of a local date, in UTC. Brussels changes its clocks at 2:00 or 3:00, never at
/// midnight, so every local midnight exists exactly once.
pub fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    TIME_ZONE
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .expect("local midnight exists")
        .with_timezone(&Utc)
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodError> {
        if to < from {
            return Err(PeriodError::Reversed);
        }
        if to > from + Months::new(120) {
            return Err(PeriodError::TooLong);
        }
        Ok(Self { from, to })
    }

    pub fn year(year: i32) -> Self {
        Self::pick(year, Part::Year)
    }

    pub fn pick(year: i32, part: Part) -> Self {
        let (first, months) = match part {
            Part::Year => (1, 12),
            Part::Quarter(q) => (3 * q - 2, 3),
            Part::Month(m) => (m, 1),
        };
        let from = first_of(year, first);
        let to = from + Months::new(months) - Days::new(1);
        Self { from, to }
    }

    /// `[start, end)` in UTC: local midnight of the first day up to local midnight after the last.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.from),
            local_midnight(self.to + Days::new(1)),
        )
    }

    /// Whether a moment falls on one of the period's local days.
    pub fn contains(&self, moment: DateTime<Utc>) -> bool {
        let day = local_day(moment);
        self.from <= day && day <= self.to
    }

    /// The calendar months the period touches, each cut to the period.
    pub fn months(&self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let next = first_of(start.year(), start.month()) + Months::new(1);
            let end = (next - Days::new(1)).min(self.to);
            out.push(Period {
                from: start,
                to: end,
            });
            start = next;
        }
        out
    }

    /// `2026-03` for a month, else `2026-01-01 – 2026-03-31`.
    pub fn label(&self) -> String {
        let whole_month =
            self.from.day() == 1 && (self.to + Days::new(1)) == self.from + Months::new(1);
        if whole_month {
            self.from.format("%Y-%m").to_string()
        } else {
            format!("{} – {}", self.from, self.to)
        }
    }
}

/// Whole seconds from `earlier` to `later`, each moment cut to its second, never negative: both
/// databases compute it this way, so SQLite and PostgreSQL give the same figures.
pub fn seconds_between(earlier: DateTime<Utc>, later: DateTime<Utc>) -> i64 {
    (later.timestamp() - earlier.timestamp()).max(0)
}

/// What a report needs of one visit (one leg: a transferred visit's next leg is its own visit,
/// ready when it was sent on).
#[derive(Debug, Clone)]
pub struct VisitFacts<'a> {
    pub ready_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// "" while open; served | no_show | abandoned | transferred
    pub outcome: &'a str,
}

/// The called visits and wait seconds of one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthWaits {
    pub called: u64,
    pub wait_seconds: i64,
}

/// Counts of one cluster's visits in a period; the database fills it with GROUP BY queries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitTally {
    /// Wait in whole seconds -> called visits.
    pub waits: BTreeMap<i64, u64>,
    /// Never called, and no longer waiting.
    pub abandoned: u64,
    pub no_show: u64,
    pub service_seconds: i64,
    pub serviced: u64,
    /// Per local (year, month) of the ready time.
    pub months: BTreeMap<(i32, u32), MonthWaits>,
}

impl VisitFacts<'_> {
    /// From ready to the first call; none for a visit never called.
    pub fn wait_seconds(&self) -> Option<i64> {
        self.called_at
            .map(|called| seconds_between(self.ready_at, called))
    }

    /// From the first call to the end of a served (or transferred) leg. A no-show was called
    /// but never served: no service time.
    pub fn service_seconds(&self) -> Option<i64> {
        let called = self.called_at?;
        self.finished_at
            .filter(|f| *f >= called && self.outcome != "no_show")
            .map(|finished| seconds_between(called, finished))
    }
}

impl WaitTally {
    pub fn add(&mut self, visit: &VisitFacts) {
        match visit.wait_seconds() {
            Some(wait) => {
                *self.waits.entry(wait).or_default() += 1;
                let day = local_day(visit.ready_at);
                let month = self.months.entry((day.year(), day.month())).or_default();
                month.called += 1;
                month.wait_seconds += wait;
                if let Some(service) = visit.service_seconds() {
                    self.service_seconds += service;
                    self.serviced += 1;
                }
            }
            // Still in the queue: no wait yet, not abandoned either.
            None if visit.outcome.is_empty() => {}
            None => self.abandoned += 1,
        }
        if visit.outcome == "no_show" {
            self.no_show += 1;
        }
    }

    pub fn figures(&self, target_seconds: i64) -> CounterWait {
        // Nearest-rank figures over every called visit, from the histogram.
        let expanded: Vec<f64> = self
            .waits
            .iter()
            .flat_map(|(wait, n)| std::iter::repeat_n(*wait as f64, *n as usize))
            .collect();
        let stats = WaitStats::of(&expanded, target_seconds as f64);
        let called = expanded.len() as u64;
        CounterWait {
            target_seconds,
            visits: called + self.abandoned,
            meets_target: stats.as_ref().map(|s| s.mean <= target_seconds as f64),
            stats,
            abandoned: self.abandoned,
            no_show: self.no_show,
            mean_service_seconds: (self.serviced > 0)
                .then(|| self.service_seconds as f64 / self.serviced as f64),
            months: self
                .months
                .iter()
                .map(|((y, m), w)| MonthMean {
                    year: *y,
                    month: *m,
                    visits: w.called,
                    mean_wait_seconds: (w.called > 0)
                        .then(|| w.wait_seconds as f64 / w.called as f64),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthMean {
    pub year: i32,
    pub month: u32,
    pub visits: u64,
    pub mean_wait_seconds: Option<f64>,
}

/// The counter-wait figures of a cluster for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterWait {
    pub target_seconds: i64,
    /// Called visits and abandoned ones.
    pub visits: u64,
    /// Over called visits; none when nobody was called.
    pub stats: Option<WaitStats>,
    pub abandoned: u64,
    pub no_show: u64,
    pub mean_service_seconds: Option<f64>,
    /// The seed's definition: the mean wait within the target.
    pub meets_target: Option<bool>,
    pub months: Vec<MonthMean>,
}

/// Working days up to which a first free time counts as "soon" (seed 001).
pub const LEAD_TIME_TARGET_DAYS: i32 = 5;

/// Counts of a cluster's or product's appointments (by appointment date) and daily snapshots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AppointmentTally {
    pub bookings: u64,
    pub cancelled: u64,
    pub no_show: u64,
    pub booked_lead_days: i64,
    pub snapshot_days: u64,
    /// Snapshot days on which a free time was found in the horizon.
    pub snapshot_days_free: u64,
    pub first_free_lead_days: i64,
    pub first_free_lead_max: Option<i32>,
    pub first_free_within_target: u64,
}

impl AppointmentTally {
    pub fn add_booking(&mut self, status: &str, booked_lead_days: i32) {
        self.add_bookings(status, 1, i64::from(booked_lead_days));
    }

    /// `n` bookings with one status and the sum of their booked lead days.
    pub fn add_bookings(&mut self, status: &str, n: u64, booked_lead_days: i64) {
        self.bookings += n;
        match status {
            "cancelled" => self.cancelled += n,
            "no_show" => self.no_show += n,
            _ => {}
        }
        self.booked_lead_days += booked_lead_days;
    }

    pub fn add_snapshot(&mut self, lead_days: Option<i32>) {
        self.snapshot_days += 1;
        if let Some(lead) = lead_days {
            self.snapshot_days_free += 1;
            self.first_free_lead_days += i64::from(lead);
            self.first_free_lead_max = Some(self.first_free_lead_max.map_or(lead, |m| m.max(lead)));
            if lead <= LEAD_TIME_TARGET_DAYS {
                self.first_free_within_target += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &AppointmentTally) {
        self.bookings += other.bookings;
        self.cancelled += other.cancelled;
        self.no_show += other.no_show;
        self.booked_lead_days += other.booked_lead_days;
        self.snapshot_days += other.snapshot_days;
        self.snapshot_days_free += other.snapshot_days_free;
        self.first_free_lead_days += other.first_free_lead_days;
        self.first_free_lead_max = match (self.first_free_lead_max, other.first_free_lead_max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.first_free_within_target += other.first_free_within_target;
    }

    pub fn figures(&self) -> AppointmentFigures {
        let kept = self.bookings - self.cancelled;
        AppointmentFigures {
            bookings: self.bookings,
            cancelled: self.cancelled,
            no_show: self.no_show,
            // Of the appointments not cancelled: those the resident could have come to.
            no_show_rate: ratio(self.no_show, kept),
            mean_booked_lead_days: ratio_i(self.booked_lead_days, self.bookings),
            mean_first_free_lead_days: ratio_i(self.first_free_lead_days, self.snapshot_days_free),
            max_first_free_lead_days: self.first_free_lead_max,
            // A day with nothing free in the horizon is a day not within the target.
            first_free_within_target_share: ratio(
                self.first_free_within_target,
                self.snapshot_days,
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppointmentFigures {
    pub bookings: u64,
    pub cancelled: u64,
    pub no_show: u64,
    pub no_show_rate: Option<f64>,
    pub mean_booked_lead_days: Option<f64>,
    pub mean_first_free_lead_days: Option<f64>,
    pub max_first_free_lead_days: Option<i32>,
    pub first_free_within_target_share: Option<f64>,
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn ratio_i(sum: i64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

/// Phone targets of seed 001.
pub const MISSED_SHARE_TARGET: f64 = 0.20;
pub const ANSWER_WAIT_TARGET_SECONDS: f64 = 45.0;
/// Upper ends of the answered-within bands, in seconds; the last band is "later".
pub const ANSWER_BANDS: [i64; 3] = [20, 60, 120];

/// Counts of the calls offered in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhoneTally {
    pub offered: u64,
    pub answered: u64,
    pub answer_wait_seconds: i64,
    /// Answered within 20 s, 60 s, 120 s, later.
    pub bands: [u64; 4],
}

/// The band of an answered call's wait: 0 for <= 20 s, 1 for <= 60 s, 2 for <= 120 s, 3 later.
pub fn answer_band(wait_seconds: i64) -> usize {
    ANSWER_BANDS
        .iter()
        .position(|limit| wait_seconds <= *limit)
        .unwrap_or(ANSWER_BANDS.len())
}

impl PhoneTally {
    pub fn add(&mut self, answer_wait_seconds: Option<i64>) {
        self.offered += 1;
        if let Some(wait) = answer_wait_seconds {
            self.answered += 1;
            self.answer_wait_seconds += wait;
            self.bands[answer_band(wait)] += 1;
        }
    }

    pub fn merge(&mut self, other: &PhoneTally) {
        self.offered += other.offered;
        self.answered += other.answered;
        self.answer_wait_seconds += other.answer_wait_seconds;
        for (mine, theirs) in self.bands.iter_mut().zip(other.bands) {
            *mine += theirs;
        }
    }

    pub fn figures(&self) -> PhoneFigures {
        let missed_share = ratio(self.offered - self.answered, self.offered);
        let mean = ratio_i(self.answer_wait_seconds, self.answered);
        PhoneFigures {
            offered: self.offered,
            answered: self.answered,
            missed: self.offered - self.answered,
            missed_share,
            mean_answer_wait_seconds: mean,
            bands: self.bands,
            meets_targets: match (missed_share, mean) {
                (Some(share), Some(mean)) => {
                    Some(share <= MISSED_SHARE_TARGET && mean <= ANSWER_WAIT_TARGET_SECONDS)
                }
                // Every call missed: the missed share alone already fails.
                (Some(_), None) => Some(false),
                _ => None,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PhoneFigures {
    pub offered: u64,
    pub answered: u64,
    pub missed: u64,
    pub missed_share: Option<f64>,
    pub mean_answer_wait_seconds: Option<f64>,
    pub bands: [u64; 4],
    pub meets_targets: Option<bool>,
}

/// What the yearly complaints report needs of one case.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub reference: String,
    /// complaint | report
    pub kind: String,
    pub channel: String,
    pub status: String,
    pub category: String,
    pub department: String,
    /// The policy actions the category is linked to (their codes).
    pub policy_actions: Vec<String>,
    pub received: NaiveDate,
    pub acknowledged: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub due_on: NaiveDate,
    pub extended_to: Option<NaiveDate>,
    pub inadmissible_reason: String,
    pub outcome: String,
    pub ombudsman_norms: Vec<String>,
    pub improvement_actions: String,
}

/// A name and how often it occurs, most often first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: u64,
}

fn counts<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut map: BTreeMap<&str, u64> = BTreeMap::new();
    for name in names {
        *map.entry(name).or_default() += 1;
    }
    let mut out: Vec<Count> = map
        .into_iter()
        .map(|(name, count)| Count {
            name: name.to_owned(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImprovementAction {
    pub reference: String,
    pub category: String,
    pub action: String,
    pub status: String,
}

/// The complaints part of the council report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintFigures {
    pub received: u64,
    pub by_channel: Vec<Count>,
    pub by_category: Vec<Count>,
    pub by_department: Vec<Count>,
    pub by_policy_action: Vec<Count>,
    pub admissible: u64,
    pub inadmissible: u64,
    pub inadmissible_reasons: Vec<Count>,
    pub outcomes: Vec<Count>,
    /// Of the complaints received.
    pub acknowledged_in_time_share: Option<f64>,
    /// Of the complaints decided.
    pub answered_in_time_share: Option<f64>,
    pub extended: u64,
    /// Calendar days from receipt to the answer, of the complaints answered.
    pub mean_handling_days: Option<f64>,
    pub median_handling_days: Option<f64>,
    pub ombudsman_norms_breached: Vec<Count>,
    pub improvement_actions: Vec<ImprovementAction>,
}

/// Per category of reports (meldingen).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportCategoryFigures {
    pub category: String,
    pub received: u64,
    pub resolved: u64,
    /// Of the resolved: closed on or before the (extended) due date.
    pub resolved_in_time_share: Option<f64>,
    /// Of the resolved the resident rated: satisfied.
    pub satisfied_share: Option<f64>,
    /// Of the resolved: reopened at least once.
    pub reopened_share: Option<f64>,
}

const INADMISSIBLE: &str = "inadmissible";

pub fn complaint_figures(cases: &[CaseFacts], terms: &ComplaintTerms) -> ComplaintFigures {
    let complaints: Vec<&CaseFacts> = cases.iter().filter(|c| c.kind == "complaint").collect();
    let received = complaints.len() as u64;
    let inadmissible: Vec<&&CaseFacts> = complaints
        .iter()
        .filter(|c| c.status == INADMISSIBLE || !c.inadmissible_reason.is_empty())
        .collect();
    let decided: Vec<&&CaseFacts> = complaints
        .iter()
        .filter(|c| !c.outcome.is_empty() && c.closed.is_some())
        .collect();
    let acknowledged_in_time = complaints
        .iter()
        .filter(|c| {
            c.acknowledged
                .is_some_and(|a| a <= terms.acknowledge_by(c.received))
        })
        .count() as u64;
    let answered_in_time = decided
        .iter()
        .filter(|c| c.closed.is_some_and(|d| d <= terms.answer_by(c.received)))
        .count() as u64;
    let mut handling: Vec<f64> = decided
        .iter()
        .filter_map(|c| c.closed.map(|d| (d - c.received).num_days() as f64))
        .collect();
    handling.sort_by(f64::total_cmp);
    ComplaintFigures {
        received,
        by_channel: counts(complaints.iter().map(|c| c.channel.as_str())),
        by_category: counts(complaints.iter().map(|c| c.category.as_str())),
        by_department: counts(complaints.iter().map(|c| c.department.as_str())),
        by_policy_action: counts(
            complaints
                .iter()
                .flat_map(|c| c.policy_actions.iter().map(String::as_str)),
        ),
        admissible: received - inadmissible.len() as u64,
        inadmissible: inadmissible.len() as u64,
        inadmissible_reasons: counts(
            inadmissible
                .iter()
                .filter(|c| !c.inadmissible_reason.is_empty())
                .map(|c| c.inadmissible_reason.as_str()),
        ),
        outcomes: counts(decided.iter().map(|c| c.outcome.as_str())),
        acknowledged_in_time_share: ratio(acknowledged_in_time, received),
        answered_in_time_share: ratio(answered_in_time, decided.len() as u64),
        extended: complaints
            .iter()
            .filter(|c| c.extended_to.is_some())
            .count() as u64,
        mean_handling_days: (!handling.is_empty())
            .then(|| handling.iter().sum::<f64>() / handling.len() as f64),
        median_handling_days: (!handling.is_empty()).then(|| percentile(&handling, 0.5)),
        ombudsman_norms_breached: counts(
            complaints
                .iter()
                .flat_map(|c| c.ombudsman_norms.iter().map(String::as_str)),
        ),
        improvement_actions: complaints
            .iter()
            .filter(|c| !c.improvement_actions.trim().is_empty())
            .map(|c| ImprovementAction {
                reference: c.reference.clone(),
                category: c.category.clone(),
                action: c.improvement_actions.trim().to_owned(),
                status: c.status.clone(),
            })
            .collect(),
    }
}

/// What the council report counts of one category's reports (meldingen); the database counts
/// them (a large city receives 47,000 a year). A report is resolved when its status is
/// `resolved` and it has a closing time; in time when the local day it closed is on or before
/// its (extended) due date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportCategoryCounts {
    pub category: String,
    pub received: u64,
    pub resolved: u64,
    /// Of the resolved: closed in time.
    pub resolved_in_time: u64,
    /// Of the resolved: rated by the resident, and of those, rated satisfied.
    pub rated: u64,
    pub satisfied: u64,
    /// Of the resolved: reopened at least once.
    pub reopened: u64,
}

impl From<ReportCategoryCounts> for ReportCategoryFigures {
    fn from(c: ReportCategoryCounts) -> Self {
        ReportCategoryFigures {
            received: c.received,
            resolved: c.resolved,
            resolved_in_time_share: ratio(c.resolved_in_time, c.resolved),
            satisfied_share: ratio(c.satisfied, c.rated),
            reopened_share: ratio(c.reopened, c.resolved),
            category: c.category,
        }
    }
}

/// How an indicator's value stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Met,
    /// Missed by at most 10 % of the target.
    WithinTenPercent,
    Missed,
}

impl TargetStatus {
    /// `direction` is `le` (at most the target) or `ge` (at least).
    pub fn of(direction: &str, value: f64, target: f64) -> TargetStatus {
        let margin = target.abs() * 0.10;
        let (met, near) = if direction == "ge" {
            (value >= target, value >= target - margin)
        } else {
            (value <= target, value <= target + margin)
        };
        match (met, near) {
            (true, _) => TargetStatus::Met,
            (false, true) => TargetStatus::WithinTenPercent,
            _ => TargetStatus::Missed,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Met => "met",
            TargetStatus::WithinTenPercent => "within_ten_percent",
            TargetStatus::Missed => "missed",
        }
    }
}

/// A dated target: the one valid on the last day of the period counts.
pub fn target_for(targets: &[(NaiveDate, Option<NaiveDate>, f64)], period: &Period) -> Option<f64> {
    targets
        .iter()
        .filter(|(from, to, _)| *from <= period.to && to.is_none_or(|to| to >= period.to))
        .max_by_key(|(from, _, _)| *from)
        .map(|(_, _, value)| *value)
}

/// Neutralises a CSV cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, and the tab
/// and carriage return some spreadsheets also accept).
pub fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::queue::ready_at;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_period_part_reads_back_from_its_code(
            part in prop_oneof![
                Just(Part::Year),
                (1..=4u32).prop_map(Part::Quarter),
                (1..=12u32).prop_map(Part::Month),
            ],
        ) {
            prop_assert_eq!(Part::parse(&part.code()), Some(part));
        }

        #[test]
        fn any_text_is_a_part_or_none(raw in any::<String>()) {
            let _ = Part::parse(&raw);
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn served<'a>(ready: &str, called: &str, finished: &str) -> VisitFacts<'a> {
        VisitFacts {
            ready_at: at(ready),
            called_at: Some(at(called)),
            finished_at: Some(at(finished)),
            outcome: "served",
        }
    }

    fn tally(visits: &[VisitFacts], period: &Period) -> WaitTally {
        let mut t = WaitTally::default();
        for v in visits.iter().filter(|v| period.contains(v.ready_at)) {
            t.add(v);
        }
        t
    }

    #[test]
    fn periods_are_local_days_both_ends_inclusive() {
        let march = Period::pick(2026, Part::Month(3));
        assert_eq!((march.from, march.to), (d("2026-03-01"), d("2026-03-31")));
        // CET on 1 March, CEST from 29 March: the month ends at 22:00 UTC.
        assert_eq!(
            march.bounds(),
            (at("2026-02-28T23:00:00Z"), at("2026-03-31T22:00:00Z"))
        );
        let q4 = Period::pick(2026, Part::Quarter(4));
        assert_eq!((q4.from, q4.to), (d("2026-10-01"), d("2026-12-31")));
        let february = Period::pick(2028, Part::Month(2));
        assert_eq!(february.to, d("2028-02-29"), "a leap year");
        assert_eq!(Period::year(2026).to, d("2026-12-31"));
        assert_eq!(
            Period::new(d("2026-02-01"), d("2026-01-01")),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            Period::new(d("2010-01-01"), d("2026-01-01")),
            Err(PeriodError::TooLong)
        );
        let one_day = Period::new(d("2026-01-01"), d("2026-01-01")).unwrap();
        assert!(
            one_day.contains(at("2025-12-31T23:00:00Z")),
            "local midnight"
        );
        assert!(!one_day.contains(at("2025-12-31T22:59:59Z")));
        assert!(one_day.contains(at("2026-01-01T22:59:59Z")));
        assert!(!one_day.contains(at("2026-01-01T23:00:00Z")));
    }

    #[test]
    fn the_picker_reads_year_quarter_and_month() {
        assert_eq!(Part::parse(""), Some(Part::Year));
        assert_eq!(Part::parse("jaar"), Some(Part::Year));
        assert_eq!(Part::parse("k2"), Some(Part::Quarter(2)));
        assert_eq!(Part::parse("k5"), None);
        assert_eq!(Part::parse("12"), Some(Part::Month(12)));
        assert_eq!(Part::parse("13"), None);
        assert_eq!(Part::parse("0"), None);
        for part in [Part::Year, Part::Quarter(3), Part::Month(7)] {
            assert_eq!(Part::parse(&part.code()), Some(part));
        }
    }

    #[test]
    fn months_cut_the_period() {
        let p = Period::new(d("2025-12-15"), d("2026-02-10")).unwrap();
        let months: Vec<(NaiveDate, NaiveDate)> =
            p.months().iter().map(|m| (m.from, m.to)).collect();
        assert_eq!(
            months,
            [
                (d("2025-12-15"), d("2025-12-31")),
                (d("2026-01-01"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-02-10")),
            ]
        );
        assert_eq!(Period::pick(2026, Part::Month(3)).label(), "2026-03");
        assert_eq!(p.label(), "2025-12-15 – 2026-02-10");
    }

    #[test]
    fn an_empty_period_has_no_figures() {
        let figures = WaitTally::default().figures(60);
        assert_eq!(figures.visits, 0);
        assert_eq!(figures.stats, None);
        assert_eq!(figures.meets_target, None);
        assert_eq!(figures.mean_service_seconds, None);
        assert!(figures.months.is_empty());
    }

    #[test]
    fn a_single_visit_is_its_own_mean_median_p90_and_maximum() {
        let visits = [served(
            "2026-03-02T09:00:00+01:00",
            "2026-03-02T09:01:30+01:00",
            "2026-03-02T09:06:30+01:00",
        )];
        let f = tally(&visits, &Period::year(2026)).figures(60);
        let s = f.stats.unwrap();
        assert_eq!(
            (s.visits, s.mean, s.median, s.p90, s.max),
            (1, 90.0, 90.0, 90.0, 90.0)
        );
        assert_eq!(s.within_target, 0.0);
        assert_eq!(f.meets_target, Some(false), "90 s against a 60 s target");
        assert_eq!(f.mean_service_seconds, Some(300.0));
        assert_eq!(f.visits, 1);
    }

    #[test]
    fn waits_abandoned_no_shows_and_open_visits() {
        let visits = [
            served(
                "2026-03-02T09:00:00Z",
                "2026-03-02T09:00:20Z",
                "2026-03-02T09:05:20Z",
            ),
            served(
                "2026-03-02T09:00:00Z",
                "2026-03-02T09:00:40Z",
                "2026-03-02T09:01:40Z",
            ),
            served(
                "2026-03-02T09:00:00Z",
                "2026-03-02T09:02:00Z",
                "2026-03-02T09:05:00Z",
            ),
            VisitFacts {
                outcome: "no_show",
                finished_at: None,
                ..served(
                    "2026-03-02T09:00:00Z",
                    "2026-03-02T09:03:00Z",
                    "2026-03-02T09:03:00Z",
                )
            },
            VisitFacts {
                ready_at: at("2026-03-02T09:10:00Z"),
                called_at: None,
                finished_at: Some(at("2026-03-02T09:30:00Z")),
                outcome: "abandoned",
            },
            VisitFacts {
                ready_at: at("2026-03-02T09:10:00Z"),
                called_at: None,
                finished_at: None,
                outcome: "",
            },
        ];
        let f = tally(&visits, &Period::year(2026)).figures(60);
        let s = f.stats.unwrap();
        // Waits 20, 40, 120, 180: mean (20+40+120+180)/4 = 90; nearest rank: median rank
        // ceil(0.5*4)=2 -> 40; p90 rank ceil(0.9*4)=4 -> 180; within 60 s: 2 of 4.
        assert_eq!(
            (s.visits, s.mean, s.median, s.p90, s.max),
            (4, 90.0, 40.0, 180.0, 180.0)
        );
        assert_eq!(s.within_target, 0.5);
        assert_eq!(
            f.visits, 5,
            "four called and one abandoned; the open one is not counted"
        );
        assert_eq!((f.abandoned, f.no_show), (1, 1));
        // Service of the three served: 300 + 60 + 180 = 540 / 3 = 180 s.
        assert_eq!(f.mean_service_seconds, Some(180.0));
    }

    #[test]
    fn a_visit_across_midnight_belongs_to_the_day_of_its_ready_time() {
        // Ready 23:50 on 31 January (local), called 00:10 on 1 February: 20 minutes in January.
        let late = served(
            "2026-01-31T23:50:00+01:00",
            "2026-02-01T00:10:00+01:00",
            "2026-02-01T00:15:00+01:00",
        );
        let january = tally(
            std::slice::from_ref(&late),
            &Period::pick(2026, Part::Month(1)),
        )
        .figures(60);
        assert_eq!(january.stats.unwrap().mean, 1200.0);
        assert_eq!(january.months[0].month, 1);
        let february = tally(
            std::slice::from_ref(&late),
            &Period::pick(2026, Part::Month(2)),
        )
        .figures(60);
        assert_eq!(february.visits, 0);
    }

    #[test]
    fn year_boundaries_follow_the_local_new_year() {
        // 31 Dec 23:30 local is 22:30 UTC, still 2025; 1 Jan 00:30 local is 23:30 UTC on 31 Dec.
        let old = served(
            "2025-12-31T22:30:00Z",
            "2025-12-31T22:31:00Z",
            "2025-12-31T22:35:00Z",
        );
        let new = served(
            "2025-12-31T23:30:00Z",
            "2025-12-31T23:32:00Z",
            "2025-12-31T23:35:00Z",
        );
        let visits = [old, new];
        let y2025 = tally(&visits, &Period::year(2025)).figures(60);
        let y2026 = tally(&visits, &Period::year(2026)).figures(60);
        assert_eq!(y2025.stats.unwrap().mean, 60.0);
        assert_eq!(y2026.stats.unwrap().mean, 120.0);
        assert_eq!((y2026.months[0].year, y2026.months[0].month), (2026, 1));
    }

    #[test]
    fn the_monthly_trend_splits_at_the_local_month() {
        let visits = [
            // 31 March 23:30 CEST = 21:30 UTC: March.
            served(
                "2026-03-31T21:30:00Z",
                "2026-03-31T21:31:00Z",
                "2026-03-31T21:32:00Z",
            ),
            // 1 April 00:30 CEST = 31 March 22:30 UTC: April.
            served(
                "2026-03-31T22:30:00Z",
                "2026-03-31T22:33:00Z",
                "2026-03-31T22:34:00Z",
            ),
            served(
                "2026-04-15T08:00:00Z",
                "2026-04-15T08:05:00Z",
                "2026-04-15T08:06:00Z",
            ),
        ];
        let f = tally(&visits, &Period::year(2026)).figures(120);
        let months: Vec<(u32, u64, Option<f64>)> = f
            .months
            .iter()
            .map(|m| (m.month, m.visits, m.mean_wait_seconds))
            .collect();
        // April: (180 + 300) / 2 = 240.
        assert_eq!(months, [(3, 1, Some(60.0)), (4, 2, Some(240.0))]);
        // Whole year: (60 + 180 + 300) / 3 = 180 > 120.
        assert_eq!(f.meets_target, Some(false));
    }

    #[test]
    fn daylight_saving_changes_do_not_change_a_wait() {
        // 29 March 2026: 01:50 CET to 03:10 CEST is 20 minutes, not 80.
        let spring = served(
            "2026-03-29T01:50:00+01:00",
            "2026-03-29T03:10:00+02:00",
            "2026-03-29T03:20:00+02:00",
        );
        // 25 October 2026: 02:50 CEST to 02:10 CET is 20 minutes, not minus 40.
        let autumn = served(
            "2026-10-25T02:50:00+02:00",
            "2026-10-25T02:10:00+01:00",
            "2026-10-25T02:20:00+01:00",
        );
        let f = tally(&[spring, autumn], &Period::year(2026)).figures(60);
        let s = f.stats.unwrap();
        assert_eq!((s.mean, s.max), (1200.0, 1200.0));
        assert_eq!(f.mean_service_seconds, Some(600.0));
        // 25 October has 25 hours: 2:30 UTC is still that local day.
        let long_day = Period::new(d("2026-10-25"), d("2026-10-25")).unwrap();
        assert_eq!(
            long_day.bounds(),
            (at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z"))
        );
    }

    #[test]
    fn early_arrivals_wait_from_their_appointment_late_ones_from_check_in() {
        let start = at("2026-03-02T09:00:00Z");
        // Checked in 15 minutes early, called at 9:02: a wait of 2 minutes, not 17.
        let early_ready = ready_at(
            at("2026-03-02T08:45:00Z"),
            Some(at("2026-03-02T08:45:00Z")),
            Some(start),
        );
        // Checked in 5 minutes late (within grace), called 9:06: 1 minute.
        let late_ready = ready_at(
            at("2026-03-02T09:05:00Z"),
            Some(at("2026-03-02T09:05:00Z")),
            Some(start),
        );
        let visits = [
            VisitFacts {
                ready_at: early_ready,
                called_at: Some(at("2026-03-02T09:02:00Z")),
                finished_at: None,
                outcome: "served",
            },
            VisitFacts {
                ready_at: late_ready,
                called_at: Some(at("2026-03-02T09:06:00Z")),
                finished_at: None,
                outcome: "served",
            },
        ];
        let s = tally(&visits, &Period::year(2026))
            .figures(60)
            .stats
            .unwrap();
        // (120 + 60) / 2 = 90.
        assert_eq!((s.mean, s.max, s.within_target), (90.0, 120.0, 0.5));
    }

    #[test]
    fn a_transfer_counts_in_each_cluster_from_when_it_was_ready_there() {
        // Burgerzaken: ready 9:00, called 9:01, sent on at 9:05 to OCMW, called there at 9:15.
        let first_leg = VisitFacts {
            outcome: "transferred",
            ..served(
                "2026-03-02T09:00:00Z",
                "2026-03-02T09:01:00Z",
                "2026-03-02T09:05:00Z",
            )
        };
        let second_leg = served(
            "2026-03-02T09:05:00Z",
            "2026-03-02T09:15:00Z",
            "2026-03-02T09:25:00Z",
        );
        let year = Period::year(2026);
        let burgerzaken = tally(&[first_leg], &year).figures(60);
        let ocmw = tally(&[second_leg], &year).figures(600);
        assert_eq!(burgerzaken.stats.unwrap().mean, 60.0);
        assert_eq!(burgerzaken.mean_service_seconds, Some(240.0));
        assert_eq!(
            ocmw.stats.unwrap().mean,
            600.0,
            "10 minutes, not 15 since issue"
        );
        assert_eq!(
            ocmw.meets_target,
            Some(true),
            "600 s is within a 600 s target"
        );
        assert_eq!(burgerzaken.abandoned + ocmw.abandoned, 0);
    }

    #[test]
    fn sub_second_moments_count_whole_seconds() {
        assert_eq!(
            seconds_between(
                at("2026-03-02T09:00:00.900Z"),
                at("2026-03-02T09:00:01.100Z")
            ),
            1
        );
        assert_eq!(
            seconds_between(at("2026-03-02T09:00:05Z"), at("2026-03-02T09:00:01Z")),
            0
        );
    }

    #[test]
    fn appointment_figures() {
        let mut t = AppointmentTally::default();
        t.add_booking("booked", 3);
        t.add_booking("booked", 7);
        t.add_booking("cancelled", 2);
        t.add_booking("no_show", 0);
        for lead in [Some(2), Some(6), None, Some(5)] {
            t.add_snapshot(lead);
        }
        let f = t.figures();
        assert_eq!((f.bookings, f.cancelled, f.no_show), (4, 1, 1));
        // 1 no-show of 3 not cancelled.
        assert_eq!(f.no_show_rate, Some(1.0 / 3.0));
        // (3 + 7 + 2 + 0) / 4 = 3.
        assert_eq!(f.mean_booked_lead_days, Some(3.0));
        // (2 + 6 + 5) / 3 days with a free time = 13/3.
        assert_eq!(f.mean_first_free_lead_days, Some(13.0 / 3.0));
        assert_eq!(f.max_first_free_lead_days, Some(6));
        // Within 5: 2 and 5, of 4 days (the day without a free time is not within).
        assert_eq!(f.first_free_within_target_share, Some(0.5));
        let mut both = t;
        both.merge(&AppointmentTally::default());
        assert_eq!(both, t);
        let empty = AppointmentTally::default().figures();
        assert_eq!(
            (
                empty.no_show_rate,
                empty.mean_booked_lead_days,
                empty.max_first_free_lead_days
            ),
            (None, None, None)
        );
    }

    #[test]
    fn phone_figures_and_bands() {
        assert_eq!(
            [0, 20, 21, 60, 61, 120, 121].map(answer_band),
            [0, 0, 1, 1, 2, 2, 3]
        );
        let mut t = PhoneTally::default();
        for wait in [Some(10), Some(20), Some(50), Some(130), None] {
            t.add(wait);
        }
        let f = t.figures();
        assert_eq!((f.offered, f.answered, f.missed), (5, 4, 1));
        // 1 / 5 = 20 %: within the target; (10 + 20 + 50 + 130) / 4 = 52.5 s: not.
        assert_eq!(f.missed_share, Some(0.2));
        assert_eq!(f.mean_answer_wait_seconds, Some(52.5));
        assert_eq!(f.bands, [2, 1, 0, 1]);
        assert_eq!(f.meets_targets, Some(false));
        let mut quick = PhoneTally::default();
        quick.add(Some(45));
        assert_eq!(quick.figures().meets_targets, Some(true));
        let mut missed = PhoneTally::default();
        missed.add(None);
        assert_eq!(missed.figures().meets_targets, Some(false));
        assert_eq!(PhoneTally::default().figures().meets_targets, None);
    }

    fn case(kind: &str, received: &str) -> CaseFacts {
        CaseFacts {
            reference: format!("{kind}-{received}"),
            kind: kind.to_owned(),
            channel: "web".to_owned(),
            status: "received".to_owned(),
            category: "Wegen".to_owned(),
            department: "Openbaar domein".to_owned(),
            policy_actions: vec![],
            received: d(received),
            acknowledged: None,
            closed: None,
            due_on: d(received) + Days::new(10),
            extended_to: None,
            inadmissible_reason: String::new(),
            outcome: String::new(),
            ombudsman_norms: vec![],
            improvement_actions: String::new(),
        }
    }

    #[test]
    fn complaint_figures_follow_the_regulation_terms() {
        let founded = CaseFacts {
            status: "closed".into(),
            acknowledged: Some(d("2026-01-11")), // day 10: in time
            closed: Some(d("2026-02-15")),       // day 45: in time
            outcome: "founded".into(),
            ombudsman_norms: vec!["courtesy".into(), "due_care".into()],
            improvement_actions: "Balie-opleiding".into(),
            policy_actions: vec!["01/16/SAP/01/01".into()],
            ..case("complaint", "2026-01-01")
        };
        let late = CaseFacts {
            status: "closed".into(),
            channel: "email".into(),
            acknowledged: Some(d("2026-03-12")), // day 11: late
            closed: Some(d("2026-05-01")),       // day 61: late
            extended_to: Some(d("2026-05-15")),
            outcome: "unfounded".into(),
            ombudsman_norms: vec!["courtesy".into()],
            ..case("complaint", "2026-03-01")
        };
        let rejected = CaseFacts {
            status: "inadmissible".into(),
            category: "Afval".into(),
            acknowledged: Some(d("2026-04-02")),
            inadmissible_reason: "anonymous".into(),
            ..case("complaint", "2026-04-01")
        };
        let open = case("complaint", "2026-06-01");
        let report = case("report", "2026-06-01");
        let f = complaint_figures(
            &[founded, late, rejected, open, report],
            &ComplaintTerms::default(),
        );
        assert_eq!(f.received, 4);
        assert_eq!((f.admissible, f.inadmissible), (3, 1));
        assert_eq!(
            f.inadmissible_reasons,
            [Count {
                name: "anonymous".into(),
                count: 1
            }]
        );
        // Acknowledged in time: the founded one and the rejected one, of 4.
        assert_eq!(f.acknowledged_in_time_share, Some(0.5));
        // Answered in time: 1 of the 2 decided.
        assert_eq!(f.answered_in_time_share, Some(0.5));
        assert_eq!(f.extended, 1);
        // Handling days 45 and 61: mean 53, median (rank ceil(0.5*2)=1) 45.
        assert_eq!(f.mean_handling_days, Some(53.0));
        assert_eq!(f.median_handling_days, Some(45.0));
        assert_eq!(
            f.by_channel[0],
            Count {
                name: "web".into(),
                count: 3
            }
        );
        assert_eq!(
            f.by_category[0],
            Count {
                name: "Wegen".into(),
                count: 3
            }
        );
        assert_eq!(
            f.ombudsman_norms_breached[0],
            Count {
                name: "courtesy".into(),
                count: 2
            }
        );
        assert_eq!(f.by_policy_action.len(), 1);
        assert_eq!(f.improvement_actions.len(), 1);
        assert_eq!(f.improvement_actions[0].action, "Balie-opleiding");
        let none = complaint_figures(&[], &ComplaintTerms::default());
        assert_eq!((none.received, none.acknowledged_in_time_share), (0, None));
    }

    #[test]
    fn report_figures_are_shares_of_the_resolved() {
        let wegen = ReportCategoryFigures::from(ReportCategoryCounts {
            category: "Wegen".into(),
            received: 4,
            resolved: 3,
            resolved_in_time: 2,
            rated: 2,
            satisfied: 1,
            reopened: 1,
        });
        assert_eq!((wegen.received, wegen.resolved), (4, 3));
        assert_eq!(wegen.resolved_in_time_share, Some(2.0 / 3.0));
        assert_eq!(wegen.satisfied_share, Some(0.5), "1 of the 2 who rated");
        assert_eq!(wegen.reopened_share, Some(1.0 / 3.0));
        // Nothing resolved or rated yet: no share, rather than 0 %.
        let new = ReportCategoryFigures::from(ReportCategoryCounts {
            category: "Groen".into(),
            received: 2,
            ..Default::default()
        });
        assert_eq!(new.received, 2);
        assert_eq!(
            (
                new.resolved_in_time_share,
                new.satisfied_share,
                new.reopened_share
            ),
            (None, None, None)
        );
    }

    #[test]
    fn indicator_status_against_the_target() {
        assert_eq!(TargetStatus::of("le", 60.0, 60.0), TargetStatus::Met);
        assert_eq!(
            TargetStatus::of("le", 66.0, 60.0),
            TargetStatus::WithinTenPercent
        );
        assert_eq!(TargetStatus::of("le", 66.1, 60.0), TargetStatus::Missed);
        assert_eq!(
            TargetStatus::of("ge", 90.0, 100.0),
            TargetStatus::WithinTenPercent
        );
        assert_eq!(TargetStatus::of("ge", 89.0, 100.0), TargetStatus::Missed);
        assert_eq!(TargetStatus::of("ge", 101.0, 100.0), TargetStatus::Met);
        let targets = [
            (d("2020-01-01"), Some(d("2025-12-31")), 20.0),
            (d("2026-01-01"), None, 15.0),
        ];
        assert_eq!(target_for(&targets, &Period::year(2024)), Some(20.0));
        assert_eq!(target_for(&targets, &Period::year(2027)), Some(15.0));
        assert_eq!(target_for(&targets, &Period::year(2019)), None);
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+32 3 800 03 11"), "'+32 3 800 03 11");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Burgerzaken"), "Burgerzaken");
        assert_eq!(csv_cell(""), "");
    }
}
