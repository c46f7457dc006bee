//! What the two outbox workers (mail and webhooks) share: when a failed row is tried again,
//! how long a claim holds a row, and the signal to stop at shutdown.

use chrono::TimeDelta;
use tokio_util::sync::CancellationToken;

/// Retry and lease times (LOKET_OUTBOX_RETRY_SECONDS, LOKET_OUTBOX_LEASE_SECONDS).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// The wait after the first failure; it doubles after each next one, up to an hour.
    pub first_retry: TimeDelta,
    /// A claimed row is left alone this long, so it must outlast sending a whole batch; a
    /// process killed while it holds rows delays them by at most this.
    pub lease: TimeDelta,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            first_retry: TimeDelta::seconds(30),
            lease: TimeDelta::minutes(5),
        }
    }
}

impl Timing {
    /// The wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... at most an hour (or
    /// the first wait, when that is set longer).
    pub fn backoff(&self, attempts: i32) -> TimeDelta {
        let doublings = attempts.saturating_sub(1).clamp(0, 16) as u32;
        let first = self.first_retry.num_seconds().max(1);
        let seconds = first.saturating_mul(1i64 << doublings);
        TimeDelta::seconds(seconds.min(3600.max(first)))
    }
}

/// How a worker runs: its timing, and the token that tells it to stop. Stopping lets the row
/// being sent finish and be marked, and hands the rest of the claimed batch back at once.
#[derive(Debug, Clone, Default)]
pub struct Control {
    pub timing: Timing,
    pub stop: CancellationToken,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let timing = Timing::default();
        assert_eq!(timing.backoff(1), TimeDelta::seconds(30));
        assert_eq!(timing.backoff(2), TimeDelta::seconds(60));
        assert_eq!(timing.backoff(3), TimeDelta::seconds(120));
        assert_eq!(timing.backoff(7), TimeDelta::seconds(1920));
        assert_eq!(timing.backoff(8), TimeDelta::hours(1));
        assert_eq!(timing.backoff(1000), TimeDelta::hours(1));
        assert_eq!(timing.backoff(i32::MAX), TimeDelta::hours(1));
    }

    #[test]
    fn a_shorter_first_retry_doubles_from_there() {
        let timing = Timing {
            first_retry: TimeDelta::seconds(1),
            ..Timing::default()
        };
        assert_eq!(timing.backoff(1), TimeDelta::seconds(1));
        assert_eq!(timing.backoff(4), TimeDelta::seconds(8));
        assert_eq!(timing.backoff(20), TimeDelta::hours(1));
    }
}
