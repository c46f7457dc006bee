//! The clock is injected so every time-dependent rule can be tested at a chosen moment.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::{Europe::Brussels, Tz};
use std::sync::{Arc, Mutex};

/// Every date and time shown or scheduled is in this zone; storage is UTC.
pub const TIME_ZONE: Tz = Brussels;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    fn now_local(&self) -> DateTime<Tz> {
        self.now().with_timezone(&TIME_ZONE)
    }

    fn today(&self) -> NaiveDate {
        self.now_local().date_naive()
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
