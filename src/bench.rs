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
    let today = crate::clock::local_day(now);
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
    let first_free = booking::first_free_lead_days(db, product, rules.slots, now).await?;
    let draft = booking::draft(
        NewAppointment {
            product: product.clone(),
            start,
            name: "Bench".to_owned(),
            email: EmailAddress::parse(email).map_err(|e| BookingError::Mail(e.to_string()))?,
            phone: String::new(),
            lang: Lang::Nl,
            source: Source::Api,
        },
        first_free,
        now,
    );
    let tx = db::begin_write(db).await?;
    booking::book(&tx, rules, draft, now).await?;
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

pub struct CapacityCheck {
    pub booked: usize,
    pub over_capacity: usize,
}

/// The booking guarantee checked on the stored data: every cluster's booked appointments from
/// today on, against the desks of its appointment hours.
pub async fn check_capacity(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<CapacityCheck, sea_orm::DbErr> {
    use crate::entities::product;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let bookable = product::Entity::find()
        .filter(product::Column::Bookable.eq(true))
        .order_by_asc(product::Column::ClusterId)
        .all(db)
        .await?;
    let today = crate::clock::local_day(now);
    let last = today + Duration::days(366);
    let mut checked = CapacityCheck {
        booked: 0,
        over_capacity: 0,
    };
    let mut cluster = None;
    for product in bookable {
        // Desks are shared by the products of a cluster: one look per cluster.
        if cluster == Some(product.cluster_id) {
            continue;
        }
        cluster = Some(product.cluster_id);
        let rules = crate::domain::slots::SlotRules::default();
        let availability =
            schedule::availability(db, &product, rules, today, last, None, now).await?;
        checked.booked += availability.bookings.len();
        checked.over_capacity += overbooked(&availability);
    }
    Ok(checked)
}

/// `loket bench-front-office`: a real server on a loopback port, `displays` call displays
/// connected to `/scherm/events`, and counters calling the next visitor: how long call-next
/// takes, and how long until the last display has the call.
pub async fn front_office(
    database_url: &str,
    config: crate::config::Config,
    displays: usize,
) -> Result<Report, String> {
    use crate::{
        entities::{cluster, counter},
        queue::{actions, service},
        state::AppState,
        web::templates::Templates,
    };
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tokio::{
        io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
        net::{TcpListener, TcpStream},
        sync::mpsc,
    };

    let err = |e: &dyn std::fmt::Display| e.to_string();
    let db = db::connect(database_url).await.map_err(|e| err(&e))?;
    db::migrate(&db).await.map_err(|e| err(&e))?;
    let clock: Arc<dyn Clock> = Arc::new(crate::clock::SystemClock);
    seed::load(&db, &config.seeds_dir, "lier", clock.now())
        .await
        .map_err(|e| err(&e))?;
    let templates = Templates::load(&config.templates_dir).map_err(|e| err(&e))?;
    let state = AppState::new(db.clone(), config, templates, clock.clone())
        .await
        .map_err(|e| err(&e))?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| err(&e))?;
    let address = listener.local_addr().map_err(|e| err(&e))?;
    let app = crate::app(state.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });

    // The displays: each reads its event stream and reports every call it sees.
    let (seen, mut calls) = mpsc::unbounded_channel::<(String, Instant)>();
    let (ready, mut connected) = mpsc::unbounded_channel::<()>();
    let mut readers = Vec::new();
    for _ in 0..displays {
        let seen = seen.clone();
        let ready = ready.clone();
        readers.push(tokio::spawn(async move {
            let Ok(mut stream) = TcpStream::connect(address).await else {
                return;
            };
            let request =
                "GET /scherm/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n";
            if stream.write_all(request.as_bytes()).await.is_err() {
                return;
            }
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if line.starts_with("HTTP/1.1 200") {
                    let _ = ready.send(());
                } else if let Some(data) = line.strip_prefix("data:")
                    && let Ok(call) = serde_json::from_str::<serde_json::Value>(data.trim())
                {
                    let ticket = call["ticket"].as_str().unwrap_or_default().to_owned();
                    let _ = seen.send((ticket, Instant::now()));
                }
            }
        }));
    }
    let started = Instant::now();
    for _ in 0..displays {
        tokio::time::timeout(std::time::Duration::from_secs(30), connected.recv())
            .await
            .map_err(|_| "the displays did not all connect within 30 s".to_owned())?;
    }
    let connect_time = started.elapsed();
    // The response headers come before the server subscribes the stream: give it a moment.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let burgerzaken = cluster::Entity::find()
        .filter(cluster::Column::Code.eq("burgerzaken"))
        .one(&db)
        .await
        .map_err(|e| err(&e))?
        .ok_or("no burgerzaken")?;
    let desk = counter::Entity::find()
        .filter(counter::Column::ClusterId.eq(burgerzaken.id))
        .one(&db)
        .await
        .map_err(|e| err(&e))?
        .ok_or("no counter")?;
    let rounds = 50;
    for _ in 0..rounds {
        service::issue_ticket(&db, &burgerzaken, clock.now())
            .await
            .map_err(|e| err(&e))?;
    }
    let mut call_ms = Vec::new();
    let mut reach_ms = Vec::new();
    for _ in 0..rounds {
        let t0 = Instant::now();
        let called = actions::call_next(&state, &desk)
            .await
            .map_err(|e| err(&e))?
            .ok_or("nobody waiting")?;
        call_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        let mut reached = 0;
        let mut last = t0;
        while reached < displays {
            let (ticket, at) =
                tokio::time::timeout(std::time::Duration::from_secs(10), calls.recv())
                    .await
                    .map_err(|_| {
                        format!(
                            "only {reached} of {displays} displays got {} within 10 s",
                            called.ticket
                        )
                    })?
                    .ok_or("the displays stopped")?;
            if ticket == called.ticket {
                reached += 1;
                last = last.max(at);
            }
        }
        reach_ms.push((last - t0).as_secs_f64() * 1000.0);
    }
    for reader in readers {
        reader.abort();
    }
    server.abort();
    for samples in [&mut call_ms, &mut reach_ms] {
        samples.sort_by(f64::total_cmp);
    }
    Ok(Report {
        lines: vec![
            format!(
                "{displays} displays connected to /scherm/events in {:.0} ms",
                connect_time.as_secs_f64() * 1000.0
            ),
            format!(
                "call-next ({rounds} calls): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                percentile(&call_ms, 0.5),
                percentile(&call_ms, 0.99),
                call_ms[call_ms.len() - 1]
            ),
            format!(
                "from the call to the last of {displays} displays: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                percentile(&reach_ms, 0.5),
                percentile(&reach_ms, 0.99),
                reach_ms[reach_ms.len() - 1]
            ),
        ],
    })
}
