//! `loket import visits FILE.csv`: historic visits from a previous queue system, all or nothing.
//!
//! Columns: `cluster,kind,issued_at,appointment_start,checked_in_at,called_at,finished_at,outcome`
//! (kind `walk_in` or `appointment`; times RFC 3339 with an offset, empty where unknown; outcome
//! `served`, `no_show` or `abandoned`). Every line is read and checked first and every bad value
//! is reported with its line and column; only a clean file is imported, in one transaction.

use super::service::{APPOINTMENT, DONE, WALK_IN, record};
use crate::clock::local_day;
use crate::{
    db,
    domain::queue::{TicketNumber, ready_at},
    entities::{cluster, ticket_day, visit},
    import::{ImportError, Lines, Problem, read_lines},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, sea_query::OnConflict,
};
use std::{collections::BTreeMap, collections::HashMap, io::Read};

pub const COLUMNS: [&str; 8] = [
    "cluster",
    "kind",
    "issued_at",
    "appointment_start",
    "checked_in_at",
    "called_at",
    "finished_at",
    "outcome",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoricOutcome {
    Served,
    NoShow,
    Abandoned,
}

impl HistoricOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoricOutcome::Served => "served",
            HistoricOutcome::NoShow => "no_show",
            HistoricOutcome::Abandoned => "abandoned",
        }
    }
}

/// One checked line of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoricVisit {
    pub line: u64,
    pub cluster: String,
    /// walk_in | appointment
    pub kind: &'static str,
    pub issued_at: DateTime<Utc>,
    pub appointment_start: Option<DateTime<Utc>>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: HistoricOutcome,
}

fn time(
    raw: &str,
    line: u64,
    column: &'static str,
    problems: &mut Vec<Problem>,
) -> Option<DateTime<Utc>> {
    if raw.is_empty() {
        return None;
    }
    match DateTime::parse_from_rfc3339(raw) {
        Ok(t) => Some(t.with_timezone(&Utc)),
        Err(_) => {
            problems.push(Problem {
                line,
                column: Some(column),
                message: format!("geen tijd met tijdzone (RFC 3339): {raw:?}"),
            });
            None
        }
    }
}

/// Reads and checks the whole file; returns every problem found, or the visits.
pub fn parse(input: impl Read) -> Result<Vec<HistoricVisit>, Vec<Problem>> {
    parse_checking(input, &|_| true)
}

/// As `parse`, with `known` telling which cluster codes exist.
pub fn parse_checking(
    input: impl Read,
    known: &dyn Fn(&str) -> bool,
) -> Result<Vec<HistoricVisit>, Vec<Problem>> {
    let Lines {
        records,
        mut problems,
    } = read_lines(input, &COLUMNS)?;
    let mut visits = Vec::new();
    for (line, record) in records {
        let field = |i: usize| record.get(i).unwrap_or("");
        let before = problems.len();
        let bad = |column: &'static str, message: String| Problem {
            line,
            column: Some(column),
            message,
        };
        let cluster = field(0).to_owned();
        let mut found = Vec::new();
        if cluster.is_empty() {
            found.push(bad("cluster", "ontbreekt".into()));
        } else if !known(&cluster) {
            found.push(bad("cluster", format!("onbekende cluster {cluster:?}")));
        }
        let kind = match field(1) {
            "walk_in" => Some(WALK_IN),
            "appointment" => Some(APPOINTMENT),
            other => {
                found.push(bad(
                    "kind",
                    format!("walk_in of appointment verwacht, niet {other:?}"),
                ));
                None
            }
        };
        let outcome = match field(7) {
            "served" => Some(HistoricOutcome::Served),
            "no_show" => Some(HistoricOutcome::NoShow),
            "abandoned" => Some(HistoricOutcome::Abandoned),
            other => {
                found.push(bad(
                    "outcome",
                    format!("served, no_show of abandoned verwacht, niet {other:?}"),
                ));
                None
            }
        };
        problems.append(&mut found);
        let issued_at = time(field(2), line, "issued_at", &mut problems);
        if field(2).is_empty() {
            problems.push(bad("issued_at", "ontbreekt".into()));
        }
        let appointment_start = time(field(3), line, "appointment_start", &mut problems);
        if kind == Some(APPOINTMENT) && field(3).is_empty() {
            problems.push(bad(
                "appointment_start",
                "ontbreekt bij een afspraak".into(),
            ));
        }
        let checked_in_at = time(field(4), line, "checked_in_at", &mut problems);
        let called_at = time(field(5), line, "called_at", &mut problems);
        let finished_at = time(field(6), line, "finished_at", &mut problems);
        match outcome {
            Some(HistoricOutcome::Served | HistoricOutcome::NoShow) if field(5).is_empty() => {
                problems.push(bad(
                    "called_at",
                    format!("ontbreekt bij uitkomst {}", field(7)),
                ));
            }
            Some(HistoricOutcome::Abandoned) if !field(5).is_empty() => {
                problems.push(bad(
                    "called_at",
                    "moet leeg zijn bij uitkomst abandoned (wie opgeroepen werd, kwam)".into(),
                ));
            }
            _ => {}
        }
        if let (Some(issued), Some(called)) = (issued_at, called_at)
            && called < issued
        {
            problems.push(bad("called_at", "ligt voor issued_at".into()));
        }
        if let (Some(issued), Some(checked_in)) = (issued_at, checked_in_at)
            && checked_in < issued
        {
            problems.push(bad("checked_in_at", "ligt voor issued_at".into()));
        }
        if let Some(finished) = finished_at
            && let Some(earlier) = called_at.or(issued_at)
            && finished < earlier
        {
            problems.push(bad(
                "finished_at",
                if called_at.is_some() {
                    "ligt voor called_at".into()
                } else {
                    "ligt voor issued_at".into()
                },
            ));
        }
        if problems.len() > before {
            continue;
        }
        if let (Some(kind), Some(issued_at), Some(outcome)) = (kind, issued_at, outcome) {
            visits.push(HistoricVisit {
                line,
                cluster,
                kind,
                issued_at,
                appointment_start,
                checked_in_at,
                called_at,
                finished_at,
                outcome,
            });
        }
    }
    if problems.is_empty() {
        Ok(visits)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// Parses the file, checks the clusters and the day's numbers, and imports everything in one
/// transaction. Returns how many visits were imported.
pub async fn import(db: &DatabaseConnection, input: impl Read) -> Result<usize, ImportError> {
    let clusters: HashMap<String, cluster::Model> = cluster::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    let visits =
        parse_checking(input, &|code| clusters.contains_key(code)).map_err(ImportError::Invalid)?;
    let mut problems = Vec::new();
    // Per cluster and local day, in order of issue (then of line): the numbers are given in
    // that order, after those the day already has.
    let mut days: BTreeMap<(i32, NaiveDate), Vec<&HistoricVisit>> = BTreeMap::new();
    for v in &visits {
        if let Some(c) = clusters.get(&v.cluster) {
            days.entry((c.id, local_day(v.issued_at)))
                .or_default()
                .push(v);
        }
    }
    let tx = db::begin_write(db).await?;
    let mut planned = Vec::new();
    for ((cluster_id, day), mut group) in days {
        group.sort_by_key(|v| (v.issued_at, v.line));
        let cluster = clusters
            .values()
            .find(|c| c.id == cluster_id)
            .expect("grouped by a known cluster");
        let start = ticket_day::Entity::find_by_id((cluster_id, day))
            .one(&tx)
            .await?
            .map(|r| r.last_number as u32)
            .unwrap_or(0);
        for (i, v) in group.into_iter().enumerate() {
            let number = start + i as u32 + 1;
            match TicketNumber::new(&cluster.ticket_prefix, number) {
                Ok(ticket) => planned.push((cluster_id, day, ticket, v)),
                Err(e) => problems.push(Problem {
                    line: v.line,
                    column: None,
                    message: format!("geen volgnummer meer voor {} op {day}: {e}", cluster.code),
                }),
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(ImportError::Invalid(problems));
    }
    let mut last: BTreeMap<(i32, NaiveDate), u32> = BTreeMap::new();
    for (cluster_id, day, ticket, v) in &planned {
        let inserted = visit::ActiveModel {
            cluster_id: Set(*cluster_id),
            kind: Set(v.kind.to_owned()),
            ticket: Set(ticket.to_string()),
            day: Set(*day),
            appointment_id: Set(None),
            appointment_start: Set(v.appointment_start),
            previous_visit_id: Set(None),
            issued_at: Set(v.issued_at),
            checked_in_at: Set(v.checked_in_at),
            ready_at: Set(ready_at(v.issued_at, v.checked_in_at, v.appointment_start)),
            status: Set(DONE.to_owned()),
            counter_id: Set(None),
            called_at: Set(v.called_at),
            finished_at: Set(v.finished_at),
            outcome: Set(v.outcome.as_str().to_owned()),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        record(&tx, inserted.id, "issued", v.issued_at, None).await?;
        if let Some(at) = v.checked_in_at {
            record(&tx, inserted.id, "checked_in", at, None).await?;
        }
        if let Some(at) = v.called_at {
            record(&tx, inserted.id, "called", at, None).await?;
        }
        // Without a finish time the end is dated at the last moment known.
        let ended = v
            .finished_at
            .or(v.called_at)
            .or(v.checked_in_at)
            .unwrap_or(v.issued_at);
        record(&tx, inserted.id, v.outcome.as_str(), ended, None).await?;
        let entry = last.entry((*cluster_id, *day)).or_default();
        *entry = (*entry).max(ticket.number());
    }
    for ((cluster_id, day), number) in last {
        ticket_day::Entity::insert(ticket_day::ActiveModel {
            cluster_id: Set(cluster_id),
            day: Set(day),
            last_number: Set(number as i32),
        })
        .on_conflict(
            OnConflict::columns([ticket_day::Column::ClusterId, ticket_day::Column::Day])
                .update_column(ticket_day::Column::LastNumber)
                .to_owned(),
        )
        .exec_without_returning(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(planned.len())
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
                "(burgerzaken|walk_in|appointment|served|no_show|abandoned|2026-03-02T09:20:00\\+01:00|,|\\n|\\r|\"|\\x00|\\PC){0,40}".prop_map(|body| format!("{}{body}", HEADER).into_bytes()),
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

    const HEADER: &str =
        "cluster,kind,issued_at,appointment_start,checked_in_at,called_at,finished_at,outcome\n";

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn problems(body: &str) -> Vec<String> {
        parse(format!("{HEADER}{body}").as_bytes())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_good_file_reads_every_line() {
        let file = format!(
            "{HEADER}\
             burgerzaken,walk_in,2026-03-02T09:00:00+01:00,,,2026-03-02T09:04:00+01:00,2026-03-02T09:10:00+01:00,served\n\
             burgerzaken,appointment,2026-03-02T08:50:00+01:00,2026-03-02T09:00:00+01:00,2026-03-02T08:50:00+01:00,2026-03-02T09:01:00+01:00,,no_show\n\
             \n\
             ocmw , walk_in ,2026-03-02T10:00:00Z,,,,,abandoned\n"
        );
        let visits = parse(file.as_bytes()).unwrap();
        assert_eq!(visits.len(), 3);
        assert_eq!(visits[0].line, 2);
        assert_eq!(visits[0].issued_at, at("2026-03-02T08:00:00Z"));
        assert_eq!(visits[0].outcome, HistoricOutcome::Served);
        assert_eq!(visits[1].kind, APPOINTMENT);
        assert_eq!(
            visits[1].appointment_start,
            Some(at("2026-03-02T08:00:00Z"))
        );
        assert_eq!(visits[1].finished_at, None);
        assert_eq!(visits[2].line, 5, "blank lines are skipped, not renumbered");
        assert_eq!(visits[2].cluster, "ocmw");
        assert_eq!(visits[2].outcome, HistoricOutcome::Abandoned);
    }

    #[test]
    fn every_bad_value_is_reported_with_its_line_and_column() {
        let found = problems(
            "burgerzaken,walk_in,2026-03-02T09:00:00+01:00,,,2026-03-02 09:04,,served\n\
             burgerzaken,wandelaar,2026-03-02T09:00:00+01:00,,,,,abandoned\n\
             burgerzaken,walk_in,,,,,,abandoned\n\
             burgerzaken,walk_in,2026-03-02T09:00:00+01:00,,,,,geholpen\n\
             burgerzaken,appointment,2026-03-02T09:00:00+01:00,,,2026-03-02T09:05:00+01:00,,served\n\
             burgerzaken,walk_in,2026-03-02T09:00:00+01:00,,,,,served\n\
             burgerzaken,walk_in,2026-03-02T09:00:00+01:00,,,2026-03-02T08:00:00+01:00,,served\n\
             ,walk_in,2026-03-02T09:00:00+01:00,,,,,abandoned,extra\n\
             ,walk_in,2026-03-02T09:00:00+01:00,,,,,abandoned\n\
             burgerzaken,walk_in,2026-03-02T09:00:00+01:00,,,2026-03-02T09:05:00+01:00,,abandoned\n",
        );
        assert_eq!(
            found,
            [
                "regel 2, kolom called_at: geen tijd met tijdzone (RFC 3339): \"2026-03-02 09:04\"",
                "regel 3, kolom kind: walk_in of appointment verwacht, niet \"wandelaar\"",
                "regel 4, kolom issued_at: ontbreekt",
                "regel 5, kolom outcome: served, no_show of abandoned verwacht, niet \"geholpen\"",
                "regel 6, kolom appointment_start: ontbreekt bij een afspraak",
                "regel 7, kolom called_at: ontbreekt bij uitkomst served",
                "regel 8, kolom called_at: ligt voor issued_at",
                "regel 9: 9 kolommen in plaats van 8",
                "regel 10, kolom cluster: ontbreekt",
                "regel 11, kolom called_at: moet leeg zijn bij uitkomst abandoned (wie opgeroepen werd, kwam)",
            ]
        );
    }

    #[test]
    fn an_empty_file_or_a_wrong_header_is_refused() {
        let empty = parse("".as_bytes()).unwrap_err();
        assert_eq!(
            empty[0].to_string(),
            "regel 1: het bestand is leeg; de eerste regel noemt de kolommen"
        );
        let wrong =
            parse("cluster;kind;issued_at\nburgerzaken;walk_in;x\n".as_bytes()).unwrap_err();
        assert_eq!(wrong.len(), 1);
        assert!(
            wrong[0]
                .to_string()
                .starts_with("regel 1: de eerste regel moet de kolommen cluster,kind,issued_at,"),
            "{}",
            wrong[0]
        );
        assert_eq!(parse(HEADER.as_bytes()).unwrap(), vec![]);
    }
}
