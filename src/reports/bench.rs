//! `loket bench-reports`: times each report for one year on the database as it is (fill it with
//! `loket generate` first), through the same code the pages and the API use.

use super::service;
use crate::{clock::Clock, domain::reports::Period};
use sea_orm::DatabaseConnection;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const REPORTS: [&str; 5] = ["wait-times", "appointments", "phone", "cases", "policy"];

/// First the recording of the closed years' computed indicator values (as `loket generate` and
/// the daily job do), then one line per report: its first, fastest and slowest of three runs.
/// With `only`, that report alone and no recording, so its first run reads what nothing before
/// it read.
pub async fn run(
    db: &DatabaseConnection,
    year: i32,
    only: Option<&str>,
    clock: &dyn Clock,
) -> Result<Vec<String>, String> {
    let reports: Vec<&str> = match only {
        Some(name) if REPORTS.contains(&name) => vec![name],
        Some(name) => {
            return Err(format!(
                "unknown report {name:?}: choose one of {}",
                REPORTS.join(", ")
            ));
        }
        None => REPORTS.to_vec(),
    };
    let period = Period::year(year);
    let mut lines = Vec::new();
    if only.is_none() {
        let started = Instant::now();
        let recorded = service::record_closed_years(db, clock.today(), clock.now())
            .await
            .map_err(|e| e.to_string())?;
        lines.push(format!(
            "Recorded {recorded} computed yearly indicator values in {:.1} ms.",
            ms(started.elapsed())
        ));
    }
    lines.push(format!(
        "Reports for {year} on {:?}, {RUNS} runs each:",
        db.get_database_backend()
    ));
    for name in reports {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            let done = match name {
                "wait-times" => service::wait_times(db, &period).await.map(drop),
                "appointments" => service::appointments(db, &period).await.map(drop),
                "phone" => service::phone(db, &period).await.map(drop),
                "cases" => service::cases(db, year).await.map(drop),
                _ => service::policy(db, year).await.map(drop),
            };
            done.map_err(|e| e.to_string())?;
            times.push(started.elapsed());
        }
        lines.push(format!(
            "  {name:<12} first {:>8.1} ms, fastest {:>8.1} ms, slowest {:>8.1} ms",
            ms(times[0]),
            ms(*times.iter().min().expect("three runs")),
            ms(*times.iter().max().expect("three runs"))
        ));
    }
    Ok(lines)
}
