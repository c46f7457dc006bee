//! `loket import calls FILE.csv`: call records from the telephony system, all or nothing.
//!
//! Columns: `offered_at,answered_at,ended_at,queue`. Times are RFC 3339 with an offset, or
//! local Brussels time `YYYY-MM-DD HH:MM:SS`; an empty `answered_at` is a missed call. Every
//! line is checked first and every bad value reported with its line and column; only a clean
//! file is imported, in one transaction.

use crate::{
    clock::TIME_ZONE,
    db,
    domain::reports::seconds_between,
    entities::phone_call,
    import::{ImportError, Lines, Problem, read_lines},
};
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use std::io::Read;

pub const COLUMNS: [&str; 4] = ["offered_at", "answered_at", "ended_at", "queue"];

/// Rows per INSERT: well under every database's limit on bound values.
const BATCH: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    pub line: u64,
    pub offered_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub queue: String,
}

/// An RFC 3339 time, or a local Brussels time without offset.
fn parse_time(raw: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S").map_err(|_| {
        format!("geen tijd: {raw:?} (gebruik 2026-03-02 09:15:00 of RFC 3339 met tijdzone)")
    })?;
    match TIME_ZONE.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(_, _) => Err(format!(
            "{raw:?} bestaat twee keer (de klok ging terug): geef de tijdzone mee"
        )),
        LocalResult::None => Err(format!("{raw:?} bestaat niet (de klok ging vooruit)")),
    }
}

pub fn parse(input: impl Read) -> Result<Vec<CallRecord>, Vec<Problem>> {
    let Lines {
        records,
        mut problems,
    } = read_lines(input, &COLUMNS)?;
    let mut calls = Vec::new();
    for (line, record) in records {
        let before = problems.len();
        let mut time = |i: usize, required: bool| -> Option<DateTime<Utc>> {
            let raw = record.get(i).unwrap_or("");
            if raw.is_empty() {
                if required {
                    problems.push(Problem {
                        line,
                        column: Some(COLUMNS[i]),
                        message: "ontbreekt".into(),
                    });
                }
                return None;
            }
            parse_time(raw)
                .map_err(|message| {
                    problems.push(Problem {
                        line,
                        column: Some(COLUMNS[i]),
                        message,
                    })
                })
                .ok()
        };
        let offered_at = time(0, true);
        let answered_at = time(1, false);
        let ended_at = time(2, false);
        let queue = record.get(3).unwrap_or("").to_owned();
        if queue.is_empty() {
            problems.push(Problem {
                line,
                column: Some("queue"),
                message: "ontbreekt".into(),
            });
        }
        if let (Some(offered), Some(answered)) = (offered_at, answered_at)
            && answered < offered
        {
            problems.push(Problem {
                line,
                column: Some("answered_at"),
                message: "ligt voor offered_at".into(),
            });
        }
        if let Some(ended) = ended_at
            && let Some(earlier) = answered_at.or(offered_at)
            && ended < earlier
        {
            problems.push(Problem {
                line,
                column: Some("ended_at"),
                message: if answered_at.is_some() {
                    "ligt voor answered_at".into()
                } else {
                    "ligt voor offered_at".into()
                },
            });
        }
        if problems.len() > before {
            continue;
        }
        if let Some(offered_at) = offered_at {
            calls.push(CallRecord {
                line,
                offered_at,
                answered_at,
                ended_at,
                queue,
            });
        }
    }
    if problems.is_empty() {
        Ok(calls)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// Parses and checks the whole file, then inserts every call in one transaction, in batches.
/// Returns how many calls were imported.
pub async fn import(db: &DatabaseConnection, input: impl Read) -> Result<usize, ImportError> {
    let calls = parse(input).map_err(ImportError::Invalid)?;
    let tx = db::begin_write(db).await?;
    for batch in calls.chunks(BATCH) {
        phone_call::Entity::insert_many(batch.iter().map(|c| {
            phone_call::ActiveModel {
                offered_at: Set(c.offered_at),
                answered_at: Set(c.answered_at),
                ended_at: Set(c.ended_at),
                queue: Set(c.queue.clone()),
                answer_wait_seconds: Set(c
                    .answered_at
                    .map(|a| seconds_between(c.offered_at, a) as i32)),
                ..Default::default()
            }
        }))
        .exec_without_returning(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(calls.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// The line a problem names exists in the file (a last line without newline counts).
    fn lines_in(bytes: &[u8]) -> u64 {
        bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1
    }

    proptest! {
        /// Any bytes: the records, or problems each on a line of the file; never a panic.
        #[test]
        fn any_bytes_give_records_or_line_precise_problems(
            bytes in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..300),
                "(2026-03-02T09:20:00\\+01:00|2026-03-29 02:30:00|2026-10-25 02:30:00|1000-01-01 00:00:00|9999-12-31T23:59:59-23:59|,|\\n|\\r|\"|\\x00|\\PC){0,40}".prop_map(|body| format!("{}{body}", HEADER).into_bytes()),
            ],
        ) {
            if let Err(problems) = parse(bytes.as_slice()) {
                prop_assert!(!problems.is_empty());
                for problem in problems {
                    prop_assert!(
                        (1..=lines_in(&bytes)).contains(&problem.line),
                        "{} in a file of {} lines", problem, lines_in(&bytes)
                    );
                }
            }
        }
    }

    const HEADER: &str = "offered_at,answered_at,ended_at,queue\n";

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn local_and_rfc3339_times_are_read_and_an_empty_answer_is_a_missed_call() {
        let file = format!(
            "{HEADER}\
             2026-03-02 09:00:00,2026-03-02 09:00:30,2026-03-02 09:04:00,algemeen\n\
             \n\
             2026-07-01T10:00:00+02:00,,,burgerzaken\n"
        );
        let calls = parse(file.as_bytes()).unwrap();
        assert_eq!(calls.len(), 2);
        // 2 March is CET: 09:00 local is 08:00 UTC.
        assert_eq!(calls[0].offered_at, at("2026-03-02T08:00:00Z"));
        assert_eq!(calls[0].answered_at, Some(at("2026-03-02T08:00:30Z")));
        assert_eq!(calls[1].line, 4, "blank lines are skipped, not renumbered");
        assert_eq!(calls[1].answered_at, None);
        assert_eq!(calls[1].queue, "burgerzaken");
    }

    #[test]
    fn every_bad_value_is_reported_with_its_line_and_column() {
        let file = format!(
            "{HEADER}\
             2026-03-02 09:00:00,,,algemeen\n\
             gisteren,,,algemeen\n\
             2026-03-02 09:00:00,2026-03-02 08:59:00,,algemeen\n\
             2026-03-29 02:30:00,,,algemeen\n\
             2026-10-25 02:30:00,,,algemeen\n\
             2026-03-02 09:00:00,,,\n\
             2026-03-02 09:00:00,,\n\
             2026-03-02 09:00:00,2026-03-02 09:01:00,2026-03-02 09:00:30,algemeen\n"
        );
        let found: Vec<String> = parse(file.as_bytes())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "regel 3, kolom offered_at: geen tijd: \"gisteren\" (gebruik 2026-03-02 09:15:00 of RFC 3339 met tijdzone)",
                "regel 4, kolom answered_at: ligt voor offered_at",
                "regel 5, kolom offered_at: \"2026-03-29 02:30:00\" bestaat niet (de klok ging vooruit)",
                "regel 6, kolom offered_at: \"2026-10-25 02:30:00\" bestaat twee keer (de klok ging terug): geef de tijdzone mee",
                "regel 7, kolom queue: ontbreekt",
                "regel 8: 3 kolommen in plaats van 4",
                "regel 9, kolom ended_at: ligt voor answered_at",
            ]
        );
    }

    #[test]
    fn a_wrong_header_or_an_empty_file_is_refused() {
        let empty = parse("".as_bytes()).unwrap_err();
        assert_eq!(
            empty[0].to_string(),
            "regel 1: het bestand is leeg; de eerste regel noemt de kolommen"
        );
        for file in [
            "offered;answered\n",
            "queue,offered_at,answered_at,ended_at\n",
        ] {
            let problems = parse(file.as_bytes()).unwrap_err();
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0]
                    .to_string()
                    .starts_with("regel 1: de eerste regel moet de kolommen offered_at,"),
                "{}",
                problems[0]
            );
        }
        assert_eq!(parse(HEADER.as_bytes()).unwrap(), vec![]);
    }
}
