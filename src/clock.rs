//! The clock is injected so every time-dependent rule can be tested at a chosen moment.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::{Europe::Brussels, Tz};
use std::sync::{Arc, Mutex};

/// Every date and time shown or scheduled is in this zone; storage is UTC.
pub const TIME_ZONE: Tz = Brussels;

/// The Brussels date of a moment stored in UTC: the day a booking or ticket belongs to.
pub fn local_day(moment: DateTime<Utc>) -> NaiveDate {
    moment.with_timezone(&TIME_ZONE).date_naive()
}

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    fn now_local(&self) -> DateTime<Tz> {
        self.now().with_timezone(&TIME_ZONE)
    }

    fn today(&self) -> NaiveDate {
        local_day(self.now())
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved: for tests and demos.
#[derive(Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    pub fn at(moment: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(moment)))
    }

    pub fn set(&self, moment: DateTime<Utc>) {
        *self.0.lock().expect("clock lock") = moment;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}
