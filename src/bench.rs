//! `loket bench-appointments`: measures the free-times computation and concurrent booking on a
//! scratch database (SQLite by default, PostgreSQL with --database-url), with the real code.

use crate::{
    appointments::{
        booking::{self, BookingError, BookingRules, NewAppointment, Source},
        schedule,
    },
    catalogue::service as catalogue,
    clock::{Clock, TIME_ZONE},
    db,
    domain::email::EmailAddress,
    seed,
    web::i18n::Lang,
};
use chrono::{DateTime, Duration, Utc};
use std::{path::Path, sync::Arc, time::Instant};

pub struct Report {
    pub lines: Vec<String>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub async fn appointments(
    database_url: &str,
    seeds: &Path,
    clock: Arc<dyn Clock>,
) -> Result<Report, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let db = db::connect(database_url).await.map_err(|e| err(&e))?;
    db::migrate(&db).await.map_err(|e| err(&e))?;
    let now = clock.now();
    seed::load(&db, seeds, "lier", now)
        .await
        .map_err(|e| err(&e))?;
    let rules = BookingRules {
        slots: crate::domain::slots::SlotRules::default(),
        max_per_product: 1,
    };
    let product = catalogue::by_slug(&db, "identiteitskaart")
        .await
        .map_err(|e| err(&e))?
        .ok_or("the seed has no identiteitskaart")?;
    let today = now.with_timezone(&TIME_ZONE).date_naive();
    let horizon = today + Duration::days(60);
    let mut lines = Vec::new();

    // Half of the next 60 days' times booked, as on a busy month.
    let availability =
        schedule::availability(&db, &product, rules.slots, today, horizon, None, now)
            .await
            .map_err(|e| err(&e))?;
    let all: Vec<DateTime<Utc>> = availability
        .query()
        .free_slots(today, horizon)
        .iter()
        .map(|s| s.start)
        .collect();
    let started = Instant::now();
    let mut filled = 0;
    for (i, start) in all.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        if book_one(
            &db,
            &rules,
            &product,
            *start,
            &format!("vol{i}@bench.test"),
            now,
        )
        .await
        .is_ok()
        {
            filled += 1;
        }
    }
    lines.push(format!(
        "setup: {filled} bookings over 60 days of {} possible start times ({:.1} s)",
        all.len(),
        started.elapsed().as_secs_f64()
    ));

    // The free-times computation for 60 days: pure rule, and with its database reads.
    let availability =
        schedule::availability(&db, &product, rules.slots, today, horizon, None, now)
            .await
            .map_err(|e| err(&e))?;
    let mut pure = Vec::new();
    let mut slots = 0;
    for _ in 0..200 {
        let t = Instant::now();
        slots = availability.query().free_slots(today, horizon).len();
        pure.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut with_db = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let a = schedule::availability(&db, &product, rules.slots, today, horizon, None, now)
            .await
            .map_err(|e| err(&e))?;
        let _ = a.query().free_slots(today, horizon);
        with_db.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    for samples in [&mut pure, &mut with_db] {
        samples.sort_by(f64::total_cmp);
    }
    lines.push(format!(
        "free times, 60 days, {slots} free of {} ({} desks max): rule p50 {:.3} ms, p99 {:.3} ms; with database reads p50 {:.3} ms, p99 {:.3} ms",
        all.len(),
        availability.schedule.iter().map(|p| p.desks).max().unwrap_or(0),
        percentile(&pure, 0.5),
        percentile(&pure, 0.99),
        percentile(&with_db, 0.5),
        percentile(&with_db, 0.99)
    ));

    // Concurrent booking: 64 tasks race for the remaining times, each task its own residents.
    let free: Vec<DateTime<Utc>> = availability
        .query()
        .free_slots(today, horizon)
        .iter()
        .map(|s| s.start)
        .collect();
    let targets: Arc<Vec<DateTime<Utc>>> = Arc::new(free);
    let started = Instant::now();
    let tasks: Vec<_> = (0..64)
        .map(|task| {
            let db = db.clone();
            let product = product.clone();
            let targets = targets.clone();
            let rules = BookingRules {
                slots: rules.slots,
                max_per_product: 1,
            };
            tokio::spawn(async move {
                let (mut booked, mut taken) = (0u32, 0u32);
                // Every task tries every time, offset so they collide on purpose.
                for (n, start) in targets
                    .iter()
                    .cycle()
                    .skip(task * 7)
                    .take(targets.len().min(400))
                    .enumerate()
                {
                    match book_one(
                        &db,
                        &rules,
                        &product,
                        *start,
                        &format!("t{task}-{n}@bench.test"),
                        now,
                    )
                    .await
                    {
                        Ok(()) => booked += 1,
                        Err(BookingError::Taken) => taken += 1,
                        Err(e) => return Err(e.to_string()),
                    }
                }
                Ok((booked, taken))
            })
        })
        .collect();
    let (mut booked, mut taken) = (0, 0);
    for task in tasks {
        let (b, t) = task.await.map_err(|e| err(&e))??;
        booked += b;
        taken += t;
    }
    let seconds = started.elapsed().as_secs_f64();
    let attempts = booked + taken;
    // The guarantee under load: no time holds more bookings than desks.
    let after = schedule::availability(&db, &product, rules.slots, today, horizon, None, now)
        .await
        .map_err(|e| err(&e))?;
    let over = overbooked(&after);
    lines.push(format!(
        "concurrent booking, 64 tasks: {attempts} attempts in {seconds:.2} s = {:.0} attempts/s, {booked} booked ({:.0}/s), {taken} refused as taken; times over capacity: {over}",
        attempts as f64 / seconds,
        booked as f64 / seconds
    ));
    if over > 0 {
        return Err(format!("{over} times hold more bookings than desks"));
    }
    Ok(Report { lines })
}

async fn book_one(
    db: &sea_orm::DatabaseConnection,
    rules: &BookingRules,
    product: &crate::entities::product::Model,
    start: DateTime<Utc>,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let tx = db::begin_write(db).await?;
    booking::book(
        &tx,
        rules,
        NewAppointment {
            product: product.clone(),
            start,
            name: "Bench".to_owned(),
            email: EmailAddress::parse(email).map_err(|e| BookingError::Mail(e.to_string()))?,
            phone: String::new(),
            lang: Lang::Nl,
            source: Source::Api,
        },
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Bookings at whose start more bookings run at once than their period has desks (the peak
/// of concurrent bookings is always at some booking's start).
fn overbooked(availability: &schedule::Availability) -> usize {
    use chrono::Datelike;
    availability
        .bookings
        .iter()
        .filter(|b| {
            let local = b.start.with_timezone(&TIME_ZONE);
            let desks = availability
                .schedule
                .iter()
                .filter(|p| {
                    p.weekday == local.weekday()
                        && p.opens <= local.time()
                        && local.time() < p.closes
                })
                .map(|p| p.desks)
                .max()
                .unwrap_or(0);
            let running = availability
                .bookings
                .iter()
                .filter(|o| o.start <= b.start && b.start < o.end)
                .count();
            running as u32 > desks
        })
        .count()
}
