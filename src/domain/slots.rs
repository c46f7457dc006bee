//! Free appointment times. A cluster has a weekly appointment schedule (periods per weekday,
//! each with a number of parallel desks); times start on a grid; a time is free when fewer
//! bookings overlap it than there are desks. Schedules are local (Brussels) times and are
//! turned into UTC per date, so daylight saving never shifts an appointment.

use super::calendar::WorkingCalendar;
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentPeriod {
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub desks: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booking {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// How many more bookings this time can take.
    pub free: u32,
}

/// The booking rules of a municipality.
#[derive(Debug, Clone, Copy)]
pub struct SlotRules {
    pub grid: Duration,
    /// No times sooner than this after now.
    pub minimum_notice: Duration,
    /// No dates later than this many days after today.
    pub horizon_days: u32,
}

impl Default for SlotRules {
    fn default() -> Self {
        Self {
            grid: Duration::minutes(10),
            minimum_notice: Duration::hours(2),
            horizon_days: 60,
        }
    }
}

/// The local date and time in `zone`, or `None` when it does not exist (the spring-forward gap).
/// In the autumn fold the earlier of the two moments is taken.
pub fn local_to_utc(zone: Tz, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earliest, _) => Some(earliest.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

pub struct SlotQuery<'a> {
    pub schedule: &'a [AppointmentPeriod],
    pub calendar: &'a WorkingCalendar,
    /// Bookings of the cluster that may overlap the dates asked for, in any order.
    pub bookings: &'a [Booking],
    pub duration: Duration,
    pub rules: SlotRules,
    pub zone: Tz,
    pub now: DateTime<Utc>,
}

impl SlotQuery<'_> {
    /// The last date a resident may book.
    pub fn horizon(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
            + Duration::days(self.rules.horizon_days as i64)
    }

    /// Free times from `from` to `to` (local dates, both included), in time order.
    pub fn free_slots(&self, from: NaiveDate, to: NaiveDate) -> Vec<Slot> {
        let earliest = self.now + self.rules.minimum_notice;
        let last = to.min(self.horizon());
        let mut bookings: Vec<Booking> = self.bookings.to_vec();
        bookings.sort_by_key(|b| b.start);
        let mut slots = Vec::new();
        let mut day = from;
        while day <= last {
            if self.calendar.is_working_day(day) {
                self.day_slots(day, earliest, &bookings, &mut slots);
            }
            day = day.succ_opt().expect("date in range");
        }
        slots
    }

    fn day_slots(
        &self,
        day: NaiveDate,
        earliest: DateTime<Utc>,
        bookings: &[Booking],
        out: &mut Vec<Slot>,
    ) {
        use chrono::Datelike;
        let mut periods: Vec<&AppointmentPeriod> = self
            .schedule
            .iter()
            .filter(|p| p.weekday == day.weekday() && p.desks > 0)
            .collect();
        periods.sort_by_key(|p| p.opens);
        for period in periods {
            let mut time = period.opens;
            loop {
                let (end_time, wrapped) = time.overflowing_add_signed(self.duration);
                if wrapped != 0 || end_time > period.closes || end_time <= time {
                    break;
                }
                if let (Some(start), Some(end)) = (
                    local_to_utc(self.zone, day, time),
                    local_to_utc(self.zone, day, end_time),
                ) && start >= earliest
                {
                    let overlapping = overlapping(bookings, start, end);
                    if overlapping < period.desks {
                        out.push(Slot {
                            start,
                            end,
                            free: period.desks - overlapping,
                        });
                    }
                }
                let (next, wrapped) = time.overflowing_add_signed(self.rules.grid);
                if wrapped != 0 || next <= time {
                    break;
                }
                time = next;
            }
        }
    }

    /// Whether `start` is a free time now: the check a booking makes inside its transaction.
    pub fn is_free(&self, start: DateTime<Utc>) -> bool {
        let day = start.with_timezone(&self.zone).date_naive();
        self.free_slots(day, day).iter().any(|s| s.start == start)
    }

    /// The first free time from `from` to `to` (local dates, both included), if any within
    /// the horizon. Only the bookings of those dates need to be loaded.
    pub fn first_free(&self, from: NaiveDate, to: NaiveDate) -> Option<Slot> {
        let last = to.min(self.horizon());
        let mut day = from;
        while day <= last {
            if let Some(slot) = self.free_slots(day, day).into_iter().next() {
                return Some(slot);
            }
            day = day.succ_opt()?;
        }
        None
    }
}

/// Bookings overlapping [start, end); `bookings` is sorted by start.
fn overlapping(bookings: &[Booking], start: DateTime<Utc>, end: DateTime<Utc>) -> u32 {
    bookings
        .iter()
        .take_while(|b| b.start < end)
        .filter(|b| b.end > start)
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ClosingDays;
    use chrono_tz::Europe::Brussels;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn weekdays(opens: NaiveTime, closes: NaiveTime, desks: u32) -> Vec<AppointmentPeriod> {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
        .into_iter()
        .map(|weekday| AppointmentPeriod {
            weekday,
            opens,
            closes,
            desks,
        })
        .collect()
    }

    struct Fixture {
        schedule: Vec<AppointmentPeriod>,
        calendar: WorkingCalendar,
        bookings: Vec<Booking>,
        duration: Duration,
        rules: SlotRules,
        now: DateTime<Utc>,
    }

    impl Fixture {
        fn new(now: &str) -> Self {
            Self {
                schedule: weekdays(t(9, 0), t(12, 0), 1),
                calendar: WorkingCalendar::default(),
                bookings: Vec::new(),
                duration: Duration::minutes(20),
                rules: SlotRules::default(),
                now: utc(now),
            }
        }
        fn query(&self) -> SlotQuery<'_> {
            SlotQuery {
                schedule: &self.schedule,
                calendar: &self.calendar,
                bookings: &self.bookings,
                duration: self.duration,
                rules: self.rules,
                zone: Brussels,
                now: self.now,
            }
        }
    }

    #[test]
    fn times_start_on_the_grid_and_end_within_the_period() {
        let f = Fixture::new("2026-11-20T12:00:00Z"); // Friday
        let slots = f.query().free_slots(d(2026, 11, 23), d(2026, 11, 23));
        // 09:00..11:40 every 10 minutes: a 20-minute appointment must end by 12:00.
        assert_eq!(slots.len(), 17);
        assert_eq!(slots[0].start, utc("2026-11-23T08:00:00Z"));
        assert_eq!(slots[0].end, utc("2026-11-23T08:20:00Z"));
        assert_eq!(slots.last().unwrap().start, utc("2026-11-23T10:40:00Z"));
        assert!(slots.iter().all(|s| s.free == 1));
    }

    #[test]
    fn a_nine_oclock_appointment_is_nine_oclock_in_brussels_in_winter_and_summer() {
        let mut f = Fixture::new("2026-01-01T00:00:00Z");
        f.rules.horizon_days = 365;
        let january = f.query().free_slots(d(2026, 1, 12), d(2026, 1, 12));
        let july = f.query().free_slots(d(2026, 7, 13), d(2026, 7, 13));
        assert_eq!(january[0].start, utc("2026-01-12T08:00:00Z"));
        assert_eq!(july[0].start, utc("2026-07-13T07:00:00Z"));
        for slot in [january[0], july[0]] {
            assert_eq!(slot.start.with_timezone(&Brussels).time(), t(9, 0));
        }
    }

    #[test]
    fn the_days_around_a_clock_change_keep_their_local_times() {
        let mut f = Fixture::new("2026-03-01T00:00:00Z");
        f.schedule = vec![AppointmentPeriod {
            weekday: Weekday::Mon,
            opens: t(9, 0),
            closes: t(10, 0),
            desks: 1,
        }];
        // Summer time starts on Sunday 29 March 2026; Monday 30 March 09:00 is 07:00 UTC.
        let after = f.query().free_slots(d(2026, 3, 30), d(2026, 3, 30));
        assert_eq!(after[0].start, utc("2026-03-30T07:00:00Z"));
        let before = f.query().free_slots(d(2026, 3, 23), d(2026, 3, 23));
        assert_eq!(before[0].start, utc("2026-03-23T08:00:00Z"));
    }

    #[test]
    fn a_time_inside_the_spring_gap_does_not_exist() {
        assert_eq!(local_to_utc(Brussels, d(2026, 3, 29), t(2, 30)), None);
        // In the autumn fold the earlier moment (still summer time) is taken.
        assert_eq!(
            local_to_utc(Brussels, d(2026, 10, 25), t(2, 30)),
            Some(utc("2026-10-25T00:30:00Z"))
        );
    }

    #[test]
    fn weekends_holidays_and_closing_days_have_no_times() {
        let mut f = Fixture::new("2026-03-30T06:00:00Z");
        f.calendar = WorkingCalendar::new(ClosingDays::new([d(2026, 4, 8)], []));
        f.schedule = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .map(|weekday| AppointmentPeriod {
            weekday,
            opens: t(9, 0),
            closes: t(10, 0),
            desks: 1,
        })
        .collect();
        let days: Vec<NaiveDate> = f
            .query()
            .free_slots(d(2026, 4, 3), d(2026, 4, 9))
            .iter()
            .map(|s| s.start.with_timezone(&Brussels).date_naive())
            .collect();
        // Fri 3 April, then Easter Monday (6th) off, Tue 7th, Wed 8th closed, Thu 9th.
        assert!(days.contains(&d(2026, 4, 3)));
        assert!(!days.contains(&d(2026, 4, 4)) && !days.contains(&d(2026, 4, 5)));
        assert!(!days.contains(&d(2026, 4, 6)));
        assert!(days.contains(&d(2026, 4, 7)));
        assert!(!days.contains(&d(2026, 4, 8)));
        assert!(days.contains(&d(2026, 4, 9)));
    }

    #[test]
    fn nothing_in_the_past_within_the_notice_or_beyond_the_horizon() {
        // Monday 23 November 2026, 09:30 in Brussels: with 2 hours' notice the first time is 11:30.
        let f = Fixture::new("2026-11-23T08:30:00Z");
        let today = f.query().free_slots(d(2026, 11, 23), d(2026, 11, 23));
        assert_eq!(today[0].start, utc("2026-11-23T10:30:00Z"));
        assert!(
            f.query()
                .free_slots(d(2026, 11, 20), d(2026, 11, 22))
                .is_empty()
        );
        // The horizon is 60 days after today: 22 January 2027 is the last date.
        assert_eq!(f.query().horizon(), d(2027, 1, 22));
        assert!(
            !f.query()
                .free_slots(d(2027, 1, 22), d(2027, 1, 22))
                .is_empty()
        );
        assert!(
            f.query()
                .free_slots(d(2027, 1, 25), d(2027, 1, 29))
                .is_empty()
        );
    }

    #[test]
    fn a_time_is_free_while_fewer_bookings_overlap_it_than_there_are_desks() {
        let mut f = Fixture::new("2026-11-20T12:00:00Z");
        f.schedule = weekdays(t(9, 0), t(12, 0), 2);
        f.bookings = vec![Booking {
            start: utc("2026-11-23T08:00:00Z"),
            end: utc("2026-11-23T08:20:00Z"),
        }];
        let q = f.query();
        let nine = utc("2026-11-23T08:00:00Z");
        let slots = q.free_slots(d(2026, 11, 23), d(2026, 11, 23));
        assert_eq!(slots.iter().find(|s| s.start == nine).unwrap().free, 1);
        f.bookings.push(Booking {
            start: utc("2026-11-23T08:10:00Z"),
            end: utc("2026-11-23T08:30:00Z"),
        });
        let q = f.query();
        assert!(
            !q.is_free(nine),
            "two bookings overlap 09:00-09:20 with two desks"
        );
        // 09:10 overlaps both too; 09:20 overlaps only the second; 09:30 none.
        assert!(!q.is_free(utc("2026-11-23T08:10:00Z")));
        assert!(q.is_free(utc("2026-11-23T08:20:00Z")));
        assert!(q.is_free(utc("2026-11-23T08:30:00Z")));
        // A time off the grid is never free.
        assert!(!q.is_free(utc("2026-11-23T08:35:00Z")));
    }

    #[test]
    fn the_first_free_time_skips_full_days() {
        let mut f = Fixture::new("2026-11-20T12:00:00Z");
        f.schedule = vec![AppointmentPeriod {
            weekday: Weekday::Mon,
            opens: t(9, 0),
            closes: t(9, 20),
            desks: 1,
        }];
        f.bookings = vec![Booking {
            start: utc("2026-11-23T08:00:00Z"),
            end: utc("2026-11-23T08:20:00Z"),
        }];
        let query = f.query();
        let first = query.first_free(d(2026, 11, 20), query.horizon()).unwrap();
        assert_eq!(first.start, utc("2026-11-30T08:00:00Z"));
        // Within the first week only the full Monday: nothing.
        assert!(query.first_free(d(2026, 11, 20), d(2026, 11, 27)).is_none());
    }
}
