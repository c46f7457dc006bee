//! The front-office queue: ticket numbers, when a visit is ready to be called, late arrivals,
//! the estimated wait, and the wait statistics management is judged on (../shared/DESIGN.md).

use chrono::{DateTime, Duration, Utc};
use std::fmt;

/// A ticket number: the cluster's letter and a number that restarts every day ("B007").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TicketNumber {
    prefix: char,
    number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTicket {
    #[error("a ticket prefix is one capital letter")]
    Prefix,
    #[error("ticket numbers run from 1 to 999 per day")]
    Number,
}

impl TicketNumber {
    pub const MAX: u32 = 999;

    pub fn new(prefix: &str, number: u32) -> Result<Self, InvalidTicket> {
        let mut chars = prefix.chars();
        let (Some(letter), None) = (chars.next(), chars.next()) else {
            return Err(InvalidTicket::Prefix);
        };
        if !letter.is_ascii_uppercase() {
            return Err(InvalidTicket::Prefix);
        }
        if !(1..=Self::MAX).contains(&number) {
            return Err(InvalidTicket::Number);
        }
        Ok(Self {
            prefix: letter,
            number,
        })
    }

    pub fn number(&self) -> u32 {
        self.number
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:03}", self.prefix, self.number)
    }
}

/// When a visit may be called: at issue for a walk-in; for an appointment the later of
/// check-in and the appointment's start (arriving early does not count against the municipality).
pub fn ready_at(
    issued_at: DateTime<Utc>,
    checked_in_at: Option<DateTime<Utc>>,
    appointment_start: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    match (checked_in_at, appointment_start) {
        (Some(checked_in), Some(start)) => checked_in.max(start),
        _ => issued_at,
    }
}

/// Arriving more than the grace period after the start turns an appointment into a walk-in.
pub fn is_late(arrived: DateTime<Utc>, appointment_start: DateTime<Utc>, grace: Duration) -> bool {
    arrived > appointment_start + grace
}

/// The wait of a visit: first call minus ready time; none for a visit never called.
pub fn wait(ready: DateTime<Utc>, first_call: Option<DateTime<Utc>>) -> Option<Duration> {
    first_call.map(|called| (called - ready).max(Duration::zero()))
}

/// Expected wait for someone joining behind `ahead` visitors, with `open_counters` serving and
/// a recent mean service time per visitor.
pub fn estimated_wait(ahead: usize, open_counters: usize, mean_service: Duration) -> Duration {
    let counters = open_counters.max(1) as i64;
    Duration::seconds(mean_service.num_seconds() * ahead as i64 / counters)
}

/// The figures of a set of waits, in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitStats {
    pub visits: usize,
    pub mean: f64,
    pub median: f64,
    pub p90: f64,
    pub max: f64,
    /// Share of visits waiting at most the target, 0..=1.
    pub within_target: f64,
}

/// Nearest-rank percentile of sorted values (p in 0..=1).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl WaitStats {
    /// `None` when there are no waits to describe.
    pub fn of(waits_seconds: &[f64], target_seconds: f64) -> Option<Self> {
        if waits_seconds.is_empty() {
            return None;
        }
        let mut sorted = waits_seconds.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        Some(Self {
            visits: n,
            mean: sorted.iter().sum::<f64>() / n as f64,
            median: percentile(&sorted, 0.5),
            p90: percentile(&sorted, 0.9),
            max: sorted[n - 1],
            within_target: sorted.iter().filter(|w| **w <= target_seconds).count() as f64
                / n as f64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn ticket_numbers_have_a_letter_and_three_digits() {
        assert_eq!(TicketNumber::new("B", 7).unwrap().to_string(), "B007");
        assert_eq!(TicketNumber::new("W", 999).unwrap().to_string(), "W999");
        assert_eq!(TicketNumber::new("b", 7), Err(InvalidTicket::Prefix));
        assert_eq!(TicketNumber::new("BB", 7), Err(InvalidTicket::Prefix));
        assert_eq!(TicketNumber::new("", 7), Err(InvalidTicket::Prefix));
        assert_eq!(TicketNumber::new("B", 0), Err(InvalidTicket::Number));
        assert_eq!(TicketNumber::new("B", 1000), Err(InvalidTicket::Number));
    }

    #[test]
    fn an_early_arrival_is_ready_at_the_appointment_a_late_one_at_check_in() {
        let start = at("2026-11-23T09:00:00Z");
        let issued = at("2026-11-23T08:40:00Z");
        assert_eq!(
            ready_at(issued, Some(at("2026-11-23T08:50:00Z")), Some(start)),
            start
        );
        assert_eq!(
            ready_at(issued, Some(at("2026-11-23T09:05:00Z")), Some(start)),
            at("2026-11-23T09:05:00Z")
        );
        assert_eq!(ready_at(issued, None, None), issued);
    }

    #[test]
    fn lateness_counts_from_the_end_of_the_grace_period() {
        let start = at("2026-11-23T09:00:00Z");
        let grace = Duration::minutes(10);
        assert!(!is_late(at("2026-11-23T09:10:00Z"), start, grace));
        assert!(is_late(at("2026-11-23T09:10:01Z"), start, grace));
        assert!(!is_late(at("2026-11-23T08:30:00Z"), start, grace));
    }

    #[test]
    fn a_visit_never_called_has_no_wait() {
        let ready = at("2026-11-23T09:00:00Z");
        assert_eq!(
            wait(ready, Some(at("2026-11-23T09:02:30Z"))),
            Some(Duration::seconds(150))
        );
        assert_eq!(wait(ready, None), None);
        // A call before the ready time (an early appointment called early) waits zero.
        assert_eq!(
            wait(ready, Some(at("2026-11-23T08:58:00Z"))),
            Some(Duration::zero())
        );
    }

    #[test]
    fn the_estimate_spreads_the_queue_over_the_open_counters() {
        let service = Duration::minutes(4);
        assert_eq!(estimated_wait(0, 2, service), Duration::zero());
        assert_eq!(estimated_wait(3, 1, service), Duration::minutes(12));
        assert_eq!(estimated_wait(3, 2, service), Duration::minutes(6));
        assert_eq!(
            estimated_wait(3, 0, service),
            Duration::minutes(12),
            "no open counter counts as one"
        );
    }

    #[test]
    fn wait_statistics_use_nearest_rank_percentiles() {
        let waits: Vec<f64> = (1..=10).map(|m| m as f64 * 60.0).collect();
        let stats = WaitStats::of(&waits, 300.0).unwrap();
        assert_eq!(stats.visits, 10);
        assert_eq!(stats.mean, 330.0);
        assert_eq!(stats.median, 300.0);
        assert_eq!(stats.p90, 540.0);
        assert_eq!(stats.max, 600.0);
        assert_eq!(stats.within_target, 0.5);
        assert_eq!(WaitStats::of(&[], 60.0), None);
        assert_eq!(percentile(&[42.0], 0.9), 42.0);
    }
}
