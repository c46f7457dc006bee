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

/// First the recording of the closed years' computed indicator values (as `loket generate` and
/// the daily job do), then one line per report: the fastest and slowest of three runs.
pub async fn run(
    db: &DatabaseConnection,
    year: i32,
    clock: &dyn Clock,
) -> Result<Vec<String>, sea_orm::DbErr> {
    let period = Period::year(year);
    let started = Instant::now();
    let recorded = service::record_closed_years(db, clock.today(), clock.now()).await?;
    let mut lines = vec![
        format!(
            "Recorded {recorded} computed yearly indicator values in {:.1} ms.",
            ms(started.elapsed())
        ),
        format!(
            "Reports for {year} on {:?}, {RUNS} runs each:",
            db.get_database_backend()
        ),
    ];
    for name in ["wait-times", "appointments", "phone", "cases", "policy"] {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            match name {
                "wait-times" => drop(service::wait_times(db, &period).await?),
                "appointments" => drop(service::appointments(db, &period).await?),
                "phone" => drop(service::phone(db, &period).await?),
                "cases" => drop(service::cases(db, year).await?),
                _ => drop(service::policy(db, year).await?),
            }
            times.push(started.elapsed());
        }
        times.sort();
        lines.push(format!(
            "  {name:<12} fastest {:>8.1} ms, slowest {:>8.1} ms",
            ms(times[0]),
            ms(times[RUNS - 1])
        ));
    }
    Ok(lines)
}
