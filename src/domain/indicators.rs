//! What an indicator is measured by: a metric Loket computes from its own data (the policy
//! report knows these by name), or figures that staff enter by hand.

use chrono::{Datelike, Months, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    CounterWait,
    PhoneMissedShare,
    PhoneAnswerWait,
    AppointmentLeadTime,
    Manual,
}

/// The units an indicator can be expressed in (each has a `unit-*` text).
pub const UNITS: [&str; 5] = ["seconds", "minutes", "percent", "working_days", "count"];
/// `le`: at most the target is good; `ge`: at least the target is good.
pub const DIRECTIONS: [&str; 2] = ["le", "ge"];
/// The span one value covers.
pub const PERIODS: [&str; 2] = ["year", "month"];

impl Source {
    pub const ALL: [Source; 5] = [
        Source::CounterWait,
        Source::PhoneMissedShare,
        Source::PhoneAnswerWait,
        Source::AppointmentLeadTime,
        Source::Manual,
    ];

    /// The value stored in `indicator.metric`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::CounterWait => "counter_wait",
            Source::PhoneMissedShare => "phone_missed_share",
            Source::PhoneAnswerWait => "phone_answer_wait",
            Source::AppointmentLeadTime => "appointment_lead_time",
            Source::Manual => "manual",
        }
    }

    /// A form value: only the names above.
    pub fn parse(text: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// A stored metric: a name the report does not compute means figures entered by hand.
    pub fn of_metric(metric: &str) -> Source {
        Source::parse(metric).unwrap_or(Source::Manual)
    }

    /// The counter wait is computed per cluster, so it cannot do without one.
    pub fn needs_cluster(self) -> bool {
        self == Source::CounterWait
    }

    /// The phone and appointment figures are computed for the whole municipality; a cluster
    /// there would suggest a split the report does not make. By hand, a cluster is a scope.
    pub fn allows_cluster(self) -> bool {
        matches!(self, Source::CounterWait | Source::Manual)
    }

    /// The unit the report computes this metric in; `None` for figures entered by hand.
    pub fn unit(self) -> Option<&'static str> {
        match self {
            Source::CounterWait | Source::PhoneAnswerWait => Some("seconds"),
            Source::PhoneMissedShare => Some("percent"),
            Source::AppointmentLeadTime => Some("working_days"),
            Source::Manual => None,
        }
    }

    /// How the metric summarises a period (`indicator.aggregation`).
    pub fn aggregation(self) -> &'static str {
        match self {
            Source::CounterWait | Source::PhoneAnswerWait | Source::AppointmentLeadTime => "mean",
            Source::PhoneMissedShare => "ratio",
            Source::Manual => "manual",
        }
    }
}

/// A number as people type it: `12.5` or, in Dutch, `12,5`.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Every unit counts something that cannot be negative; a percentage stops at 100.
pub fn value_fits(unit: &str, value: f64) -> bool {
    value >= 0.0 && (unit != "percent" || value <= 100.0)
}

/// Whether two validity spans share a day (`None` as end: open-ended).
pub fn overlaps(
    (a_from, a_to): (NaiveDate, Option<NaiveDate>),
    (b_from, b_to): (NaiveDate, Option<NaiveDate>),
) -> bool {
    a_to.is_none_or(|a_to| b_from <= a_to) && b_to.is_none_or(|b_to| a_from <= b_to)
}

/// The period a new measurement covers unless changed: the last whole year (or month) before
/// `today`, since figures are entered once the period is over.
pub fn last_whole_period(period: &str, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    if period == "month" {
        let this_month = today.with_day(1).unwrap_or(today);
        let start = this_month - Months::new(1);
        (start, this_month.pred_opt().unwrap_or(this_month))
    } else {
        let year = today.year() - 1;
        (
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
            NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn stored_metrics_the_report_does_not_compute_are_manual() {
        for source in Source::ALL {
            assert_eq!(Source::of_metric(source.as_str()), source);
        }
        assert_eq!(Source::of_metric("satisfaction_survey"), Source::Manual);
        assert_eq!(Source::parse("satisfaction_survey"), None);
    }

    #[test]
    fn only_the_counter_wait_needs_a_cluster_and_only_computed_metrics_fix_the_unit() {
        let needing: Vec<_> = Source::ALL
            .into_iter()
            .filter(|s| s.needs_cluster())
            .collect();
        assert_eq!(needing, vec![Source::CounterWait]);
        assert!(!Source::PhoneMissedShare.allows_cluster());
        assert!(Source::Manual.allows_cluster());
        assert_eq!(Source::Manual.unit(), None);
        assert_eq!(Source::PhoneMissedShare.unit(), Some("percent"));
        assert_eq!(Source::AppointmentLeadTime.unit(), Some("working_days"));
        for source in Source::ALL {
            assert!(source.unit().is_none_or(|u| UNITS.contains(&u)));
        }
    }

    #[test]
    fn numbers_take_a_decimal_comma_and_refuse_text() {
        assert_eq!(parse_number(" 12,5 "), Some(12.5));
        assert_eq!(parse_number("60"), Some(60.0));
        assert_eq!(parse_number("zestig"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("inf"), None);
        assert!(value_fits("percent", 100.0));
        assert!(!value_fits("percent", 100.5));
        assert!(!value_fits("seconds", -1.0));
        assert!(value_fits("seconds", 3600.0));
    }

    #[test]
    fn spans_overlap_when_they_share_a_day() {
        let y2024 = (day("2024-01-01"), Some(day("2024-12-31")));
        assert!(overlaps(y2024, (day("2024-12-31"), None)));
        assert!(!overlaps(y2024, (day("2025-01-01"), None)));
        assert!(overlaps((day("2020-01-01"), None), y2024));
        assert!(!overlaps(
            y2024,
            (day("2023-01-01"), Some(day("2023-12-31")))
        ));
    }

    #[test]
    fn the_default_period_is_the_last_whole_one() {
        assert_eq!(
            last_whole_period("year", day("2026-01-15")),
            (day("2025-01-01"), day("2025-12-31"))
        );
        assert_eq!(
            last_whole_period("month", day("2026-03-01")),
            (day("2026-02-01"), day("2026-02-28"))
        );
        assert_eq!(
            last_whole_period("month", day("2026-01-31")),
            (day("2025-12-01"), day("2025-12-31"))
        );
    }
}
