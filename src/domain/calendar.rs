//! Working days: Monday to Friday, not a Belgian public holiday, not a closing day of the
//! municipality. Public holidays are computed (Easter-based ones from the Gregorian computus),
//! never listed per year.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::HashSet;

/// A Belgian public holiday falling on `date`, with its Dutch name.
pub fn public_holiday(date: NaiveDate) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("Nieuwjaar"),
        (5, 1) => Some("Dag van de Arbeid"),
        (7, 21) => Some("Nationale feestdag"),
        (8, 15) => Some("Onze-Lieve-Vrouw-Hemelvaart"),
        (11, 1) => Some("Allerheiligen"),
        (11, 11) => Some("Wapenstilstand"),
        (12, 25) => Some("Kerstmis"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(date.year());
    let offset = (date - easter).num_days();
    match offset {
        1 => Some("Paasmaandag"),
        39 => Some("Onze-Lieve-Heer-Hemelvaart"),
        50 => Some("Pinkstermaandag"),
        _ => None,
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("computus yields a valid date")
}

/// The closing days a municipality configured: single dates and days that recur every year.
#[derive(Debug, Clone, Default)]
pub struct ClosingDays {
    dates: HashSet<NaiveDate>,
    yearly: HashSet<(u32, u32)>,
}

impl ClosingDays {
    pub fn new(
        dates: impl IntoIterator<Item = NaiveDate>,
        yearly: impl IntoIterator<Item = (u32, u32)>,
    ) -> Self {
        Self {
            dates: dates.into_iter().collect(),
            yearly: yearly.into_iter().collect(),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.dates.contains(&date) || self.yearly.contains(&(date.month(), date.day()))
    }
}

/// Why a day is not a working day, for display ("gesloten: Paasmaandag").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Weekend,
    PublicHoliday(&'static str),
    ClosingDay,
}

#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    closing_days: ClosingDays,
}

impl WorkingCalendar {
    pub fn new(closing_days: ClosingDays) -> Self {
        Self { closing_days }
    }

    pub fn day_off(&self, date: NaiveDate) -> Option<DayOff> {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Some(DayOff::Weekend);
        }
        if let Some(name) = public_holiday(date) {
            return Some(DayOff::PublicHoliday(name));
        }
        if self.closing_days.contains(date) {
            return Some(DayOff::ClosingDay);
        }
        None
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day_off(date).is_none()
    }

    /// Lead time in working days: the working days after `from` up to and including `to`
    /// (Monday for Tuesday is 1, the same day is 0). Negative when `to` lies before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as i64
    }

    /// The `n`-th working day after `from` (a term of `n` working days received on `from`
    /// ends that day); for `n` = 0, the first working day on or after `from`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        self.next_working_day_from(day)
    }

    /// The first working day on or after `date`.
    pub fn next_working_day_from(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            day = day + Days::new(1);
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_matches_known_dates() {
        let known = [
            (2019, d(2019, 4, 21)),
            (2020, d(2020, 4, 12)),
            (2021, d(2021, 4, 4)),
            (2022, d(2022, 4, 17)),
            (2023, d(2023, 4, 9)),
            (2024, d(2024, 3, 31)),
            (2025, d(2025, 4, 20)),
            (2026, d(2026, 4, 5)),
            (2027, d(2027, 3, 28)),
            (2038, d(2038, 4, 25)),
            (2285, d(2285, 3, 22)),
        ];
        for (year, date) in known {
            assert_eq!(easter_sunday(year), date, "Easter {year}");
        }
    }

    #[test]
    fn the_ten_belgian_public_holidays_of_2026() {
        let expected = [
            (d(2026, 1, 1), "Nieuwjaar"),
            (d(2026, 4, 6), "Paasmaandag"),
            (d(2026, 5, 1), "Dag van de Arbeid"),
            (d(2026, 5, 14), "Onze-Lieve-Heer-Hemelvaart"),
            (d(2026, 5, 25), "Pinkstermaandag"),
            (d(2026, 7, 21), "Nationale feestdag"),
            (d(2026, 8, 15), "Onze-Lieve-Vrouw-Hemelvaart"),
            (d(2026, 11, 1), "Allerheiligen"),
            (d(2026, 11, 11), "Wapenstilstand"),
            (d(2026, 12, 25), "Kerstmis"),
        ];
        let found: Vec<_> = d(2026, 1, 1)
            .iter_days()
            .take_while(|x| x.year() == 2026)
            .filter_map(|x| public_holiday(x).map(|n| (x, n)))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn weekends_holidays_and_closing_days_are_not_working_days() {
        let calendar = WorkingCalendar::new(ClosingDays::new([d(2026, 12, 24)], [(7, 11)]));
        assert_eq!(calendar.day_off(d(2026, 11, 21)), Some(DayOff::Weekend));
        assert_eq!(calendar.day_off(d(2026, 11, 22)), Some(DayOff::Weekend));
        assert_eq!(
            calendar.day_off(d(2026, 4, 6)),
            Some(DayOff::PublicHoliday("Paasmaandag"))
        );
        assert_eq!(calendar.day_off(d(2026, 12, 24)), Some(DayOff::ClosingDay));
        assert_eq!(calendar.day_off(d(2025, 7, 11)), Some(DayOff::ClosingDay));
        assert_eq!(calendar.day_off(d(2027, 7, 12)), None);
        assert!(calendar.is_working_day(d(2026, 11, 23)));
    }

    #[test]
    fn lead_time_counts_working_days_after_the_reference_date() {
        let calendar = WorkingCalendar::default();
        // Monday 23 Nov 2026 for Tuesday: 1; same day: 0.
        assert_eq!(
            calendar.working_days_between(d(2026, 11, 23), d(2026, 11, 24)),
            1
        );
        assert_eq!(
            calendar.working_days_between(d(2026, 11, 23), d(2026, 11, 23)),
            0
        );
        // Friday to Monday skips the weekend.
        assert_eq!(
            calendar.working_days_between(d(2026, 11, 20), d(2026, 11, 23)),
            1
        );
        // Saturday to Monday: only Monday counts.
        assert_eq!(
            calendar.working_days_between(d(2026, 11, 21), d(2026, 11, 23)),
            1
        );
        // Thursday before Easter to the Tuesday after: Friday and Tuesday (Easter Monday is off).
        assert_eq!(
            calendar.working_days_between(d(2026, 4, 2), d(2026, 4, 7)),
            2
        );
        // Two full weeks.
        assert_eq!(
            calendar.working_days_between(d(2026, 11, 23), d(2026, 12, 7)),
            10
        );
        assert_eq!(
            calendar.working_days_between(d(2026, 11, 24), d(2026, 11, 23)),
            -1
        );
    }

    #[test]
    fn next_working_day_skips_a_long_weekend() {
        let calendar = WorkingCalendar::default();
        // Saturday 4 April 2026, Easter Monday on the 6th: Tuesday 7th.
        assert_eq!(calendar.next_working_day_from(d(2026, 4, 4)), d(2026, 4, 7));
        assert_eq!(calendar.next_working_day_from(d(2026, 4, 7)), d(2026, 4, 7));
    }

    #[test]
    fn adding_working_days_skips_weekends_holidays_and_closing_days() {
        let calendar = WorkingCalendar::new(ClosingDays::new([d(2026, 12, 24)], [(7, 11)]));
        // Friday + 1 is Monday.
        assert_eq!(
            calendar.add_working_days(d(2026, 11, 20), 1),
            d(2026, 11, 23)
        );
        // Received on a Saturday: the term starts counting on Monday.
        assert_eq!(
            calendar.add_working_days(d(2026, 11, 21), 1),
            d(2026, 11, 23)
        );
        // Across Christmas, the closing day of 24 December and New Year.
        assert_eq!(
            calendar.add_working_days(d(2026, 12, 22), 3),
            d(2026, 12, 29)
        );
        assert_eq!(calendar.add_working_days(d(2026, 12, 30), 2), d(2027, 1, 4));
        // Easter Monday 2027 (29 March).
        assert_eq!(calendar.add_working_days(d(2027, 3, 26), 1), d(2027, 3, 30));
        // Zero: the day itself when it is a working day, else the next one.
        assert_eq!(
            calendar.add_working_days(d(2026, 11, 23), 0),
            d(2026, 11, 23)
        );
        assert_eq!(calendar.add_working_days(d(2026, 7, 11), 0), d(2026, 7, 13));
        for n in 0..40 {
            let from = d(2026, 12, 15);
            let end = calendar.add_working_days(from, n);
            assert!(calendar.is_working_day(end));
            assert_eq!(
                calendar.working_days_between(from, end),
                i64::from(n),
                "n = {n}"
            );
        }
    }
}
