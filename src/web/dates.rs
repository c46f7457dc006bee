//! Dates and times as residents read them, in Brussels time: "maandag 23 november 2026 om
//! 09:00", "Monday 23 November 2026 at 09:00".

use super::i18n::Lang;
use crate::clock::TIME_ZONE;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn day_name(day: Weekday, lang: Lang) -> &'static str {
    match (lang, day) {
        (Lang::Nl, Weekday::Mon) => "maandag",
        (Lang::Nl, Weekday::Tue) => "dinsdag",
        (Lang::Nl, Weekday::Wed) => "woensdag",
        (Lang::Nl, Weekday::Thu) => "donderdag",
        (Lang::Nl, Weekday::Fri) => "vrijdag",
        (Lang::Nl, Weekday::Sat) => "zaterdag",
        (Lang::Nl, Weekday::Sun) => "zondag",
        (Lang::En, Weekday::Mon) => "Monday",
        (Lang::En, Weekday::Tue) => "Tuesday",
        (Lang::En, Weekday::Wed) => "Wednesday",
        (Lang::En, Weekday::Thu) => "Thursday",
        (Lang::En, Weekday::Fri) => "Friday",
        (Lang::En, Weekday::Sat) => "Saturday",
        (Lang::En, Weekday::Sun) => "Sunday",
    }
}

/// "maandag 23 november 2026".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let months = match lang {
        Lang::Nl => MONTHS_NL,
        Lang::En => MONTHS_EN,
    };
    format!(
        "{} {} {} {}",
        day_name(date.weekday(), lang),
        date.day(),
        months[date.month0() as usize],
        date.year()
    )
}

/// "maandag 23 november 2026 om 09:00" for a moment stored in UTC.
pub fn when(start: DateTime<Utc>, lang: Lang) -> String {
    let local = start.with_timezone(&TIME_ZONE);
    let at = match lang {
        Lang::Nl => "om",
        Lang::En => "at",
    };
    format!(
        "{} {at} {:02}:{:02}",
        long_date(local.date_naive(), lang),
        local.hour(),
        local.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every moment from year 1 to 9999 reads as a date in both languages, DST and all.
        #[test]
        fn every_moment_reads_in_both_languages(seconds in -62_135_596_800i64..253_402_214_400i64) {
            let moment = DateTime::from_timestamp(seconds, 0).unwrap();
            let local = moment.with_timezone(&TIME_ZONE);
            for lang in [Lang::Nl, Lang::En] {
                let text = when(moment, lang);
                prop_assert!(text.contains(&local.year().to_string()), "{}", text);
                let clock = format!("{:02}:{:02}", local.hour(), local.minute());
                prop_assert!(text.ends_with(&clock), "{} does not end in {}", text, clock);
            }
        }
    }

    #[test]
    fn moments_read_in_brussels_time_in_both_languages() {
        let winter: DateTime<Utc> = "2026-01-12T08:00:00Z".parse().unwrap();
        let summer: DateTime<Utc> = "2026-07-01T08:05:00Z".parse().unwrap();
        assert_eq!(when(winter, Lang::Nl), "maandag 12 januari 2026 om 09:00");
        assert_eq!(when(winter, Lang::En), "Monday 12 January 2026 at 09:00");
        assert_eq!(when(summer, Lang::Nl), "woensdag 1 juli 2026 om 10:05");
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(long_date(date, Lang::Nl), "maandag 23 november 2026");
        assert_eq!(day_name(Weekday::Sun, Lang::En), "Sunday");
    }
}
