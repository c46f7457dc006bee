//! A cluster's weekly opening hours: several periods a day, in local (Brussels) time.

use chrono::{NaiveTime, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningPeriod {
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSchedule {
    #[error("a period must close after it opens")]
    ClosesBeforeOpening,
    #[error("two periods on the same day overlap")]
    Overlap,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklySchedule {
    periods: Vec<OpeningPeriod>,
}

impl WeeklySchedule {
    /// Sorted by day and time; refuses empty or overlapping periods.
    pub fn new(mut periods: Vec<OpeningPeriod>) -> Result<Self, InvalidSchedule> {
        if periods.iter().any(|p| p.closes <= p.opens) {
            return Err(InvalidSchedule::ClosesBeforeOpening);
        }
        periods.sort_by_key(|p| (p.weekday.num_days_from_monday(), p.opens));
        let overlaps = periods
            .windows(2)
            .any(|w| w[0].weekday == w[1].weekday && w[1].opens < w[0].closes);
        if overlaps {
            return Err(InvalidSchedule::Overlap);
        }
        Ok(Self { periods })
    }

    pub fn periods(&self) -> &[OpeningPeriod] {
        &self.periods
    }

    pub fn on(&self, weekday: Weekday) -> impl Iterator<Item = &OpeningPeriod> {
        self.periods.iter().filter(move |p| p.weekday == weekday)
    }

    /// Open at this local day and time (the caller checks closing days and holidays).
    pub fn is_open(&self, weekday: Weekday, time: NaiveTime) -> bool {
        self.on(weekday).any(|p| p.opens <= time && time < p.closes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn period(weekday: Weekday, opens: NaiveTime, closes: NaiveTime) -> OpeningPeriod {
        OpeningPeriod {
            weekday,
            opens,
            closes,
        }
    }

    #[test]
    fn several_periods_a_day_are_sorted_and_checked() {
        let schedule = WeeklySchedule::new(vec![
            period(Weekday::Tue, t(13, 30), t(16, 0)),
            period(Weekday::Mon, t(13, 30), t(19, 0)),
            period(Weekday::Mon, t(8, 30), t(12, 30)),
        ])
        .unwrap();
        let monday: Vec<_> = schedule.on(Weekday::Mon).map(|p| p.opens).collect();
        assert_eq!(monday, vec![t(8, 30), t(13, 30)]);
        assert!(schedule.is_open(Weekday::Mon, t(8, 30)));
        assert!(schedule.is_open(Weekday::Mon, t(18, 59)));
        assert!(!schedule.is_open(Weekday::Mon, t(12, 30)));
        assert!(!schedule.is_open(Weekday::Mon, t(19, 0)));
        assert!(!schedule.is_open(Weekday::Wed, t(10, 0)));
    }

    #[test]
    fn refuses_inverted_and_overlapping_periods() {
        assert_eq!(
            WeeklySchedule::new(vec![period(Weekday::Mon, t(12, 0), t(9, 0))]),
            Err(InvalidSchedule::ClosesBeforeOpening)
        );
        assert_eq!(
            WeeklySchedule::new(vec![period(Weekday::Mon, t(9, 0), t(9, 0))]),
            Err(InvalidSchedule::ClosesBeforeOpening)
        );
        assert_eq!(
            WeeklySchedule::new(vec![
                period(Weekday::Fri, t(9, 0), t(12, 0)),
                period(Weekday::Fri, t(11, 0), t(14, 0)),
            ]),
            Err(InvalidSchedule::Overlap)
        );
        // Touching periods and the same hours on other days are fine.
        assert!(
            WeeklySchedule::new(vec![
                period(Weekday::Fri, t(9, 0), t(12, 0)),
                period(Weekday::Fri, t(12, 0), t(14, 0)),
                period(Weekday::Thu, t(9, 0), t(12, 0)),
            ])
            .is_ok()
        );
    }
}
