//! What the two imports (`loket import visits`, `loket import calls`) share: reading a CSV file
//! line by line with the line number of every record, the header check, and the problems
//! reported to the person importing, in Dutch, with their line and column.

use sea_orm::DbErr;
use std::{fmt, io::Read};

/// One bad value (or a bad line, when `column` is `None`), in Dutch for the person importing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: Option<&'static str>,
    pub message: String,
}

impl Problem {
    fn of_line(line: u64, message: String) -> Self {
        Problem {
            line,
            column: None,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "regel {}, kolom {column}: {}", self.line, self.message),
            None => write!(f, "regel {}: {}", self.line, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} fout(en), niets geïmporteerd:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// The records of a file with the right header: each with its line number and as many fields
/// as there are columns (blank lines left out), and the problems of the lines that could not
/// be read or have another number of fields.
pub struct Lines {
    pub records: Vec<(u64, csv::StringRecord)>,
    pub problems: Vec<Problem>,
}

/// Reads the whole file; refuses it when it cannot be read or its first line does not name
/// exactly `columns`. Fields are trimmed; a byte-order mark before the header is ignored.
pub fn read_lines(mut input: impl Read, columns: &[&str]) -> Result<Lines, Vec<Problem>> {
    let mut text = Vec::new();
    if let Err(e) = input.read_to_end(&mut text) {
        return Err(vec![Problem::of_line(1, format!("onleesbaar: {e}"))]);
    }
    // csv dates a record after blank lines at the first blank line: count from its byte offset.
    let line_at = |position: Option<&csv::Position>, fallback: u64| -> u64 {
        let Some(byte) = position.map(|p| (p.byte() as usize).min(text.len())) else {
            return fallback;
        };
        let before = text[..byte].iter().filter(|b| **b == b'\n').count();
        let blank = text[byte..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .filter(|b| **b == b'\n')
            .count();
        (1 + before + blank) as u64
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_slice());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(vec![Problem::of_line(
                1,
                "het bestand is leeg; de eerste regel noemt de kolommen".into(),
            )]);
        }
        Some(Err(e)) => return Err(vec![Problem::of_line(1, format!("onleesbaar: {e}"))]),
        Some(Ok(header)) => header,
    };
    let found: Vec<&str> = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}'))
        .collect();
    if found != columns {
        return Err(vec![Problem::of_line(
            1,
            format!(
                "de eerste regel moet de kolommen {} noemen, niet {}",
                columns.join(","),
                found.join(",")
            ),
        )]);
    }
    let mut lines = Lines {
        records: Vec::new(),
        problems: Vec::new(),
    };
    for (index, record) in records.enumerate() {
        let fallback = index as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_at(e.position(), fallback);
                lines
                    .problems
                    .push(Problem::of_line(line, format!("onleesbaar: {e}")));
                continue;
            }
        };
        let line = line_at(record.position(), fallback);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != columns.len() {
            lines.problems.push(Problem::of_line(
                line,
                format!("{} kolommen in plaats van {}", record.len(), columns.len()),
            ));
            continue;
        }
        lines.records.push((line, record));
    }
    Ok(lines)
}
