use clap::{Parser, Subcommand};
use loket::{
    app,
    auth::{tokens, users},
    clock::{Clock, SystemClock},
    config::Config,
    db,
    domain::{email::EmailAddress, role::Role},
    mail::worker::{self as mail_worker, Transport},
    outbox::Control,
    seed,
    state::AppState,
    web::templates::Templates,
};
use std::{future::IntoFuture, io::Read, process::ExitCode, sync::Arc};

#[derive(Parser)]
#[command(
    name = "loket",
    about = "Loket: the service desk of a Flemish municipality"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default): migrates, and seeds an empty database first.
    Serve,
    /// Run the database migrations.
    Migrate,
    /// Load a municipality's reference data (policy plan, clusters, products, categories).
    Seed {
        #[arg(long, default_value = "lier")]
        municipality: String,
    },
    /// Measure free-time computation and concurrent booking on a scratch database.
    BenchAppointments {
        /// Default: a new SQLite file in the temp directory. A PostgreSQL URL must name an empty database.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Measure call-next and how long a call takes to reach connected displays.
    BenchFrontOffice {
        /// Default: a new SQLite file in the temp directory. A PostgreSQL URL must name an empty database.
        #[arg(long)]
        database_url: Option<String>,
        #[arg(long, default_value_t = 100)]
        displays: usize,
    },
    /// Write synthetic history (visits, appointments, snapshots, calls, cases) for the reports.
    Generate {
        /// Full calendar years, ending last year.
        #[arg(long, default_value_t = 1)]
        years: u32,
        /// municipality (~40,000 visits a year) or city (~500,000).
        #[arg(long, default_value = "municipality")]
        scale: String,
    },
    /// Time each yearly report on the database as it is (run `loket generate` first).
    BenchReports {
        /// Default: last year.
        #[arg(long)]
        year: Option<i32>,
        /// Time this report alone (wait-times, appointments, phone, cases or policy), without
        /// recording the closed years first: its first run after the page cache was dropped is
        /// then a cold start.
        #[arg(long)]
        only: Option<String>,
    },
    /// Check the booking guarantee on the database as it is: count the times, from today on,
    /// that hold more appointments than desks (the exit status fails when there is one).
    CheckCapacity,
    /// Record today's first free appointment time of every bookable product.
    SnapshotLeadTimes,
    /// Remove personal data past its retention term now (also runs every hour in `serve`).
    Anonymise,
    /// Write a consistent copy of the (SQLite) database to FILE while Loket runs.
    Backup { file: std::path::PathBuf },
    /// Import historic data.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Staff users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a staff user; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, help = "frontoffice, handler, manager or admin")]
        role: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Historic visits from a previous queue system (CSV: cluster,kind,issued_at,appointment_start,
    /// checked_in_at,called_at,finished_at,outcome), all or nothing.
    Visits {
        /// The CSV file.
        file: std::path::PathBuf,
    },
    /// Call records from the telephony system (CSV: offered_at,answered_at,ended_at,queue; times
    /// RFC 3339 or local "YYYY-MM-DD HH:MM:SS"; an empty answered_at is a missed call), all or nothing.
    Calls {
        /// The CSV file.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Print a new API token for a user (shown once).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "command line")]
        label: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "loket=info,tower_http=warn".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("loket: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    if let Some(Command::BenchFrontOffice {
        database_url,
        displays,
    }) = &cli.command
    {
        let scratch =
            std::env::temp_dir().join(format!("loket-bench-fo-{}.db", std::process::id()));
        let url = database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", scratch.display()));
        let report = loket::bench::front_office(&url, config, *displays).await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
        }
        for line in report?.lines {
            println!("{line}");
        }
        return Ok(());
    }
    if let Some(Command::BenchAppointments { database_url }) = &cli.command {
        let scratch = std::env::temp_dir().join(format!("loket-bench-{}.db", std::process::id()));
        let url = database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", scratch.display()));
        let report =
            loket::bench::appointments(&url, &config.seeds_dir, Arc::new(SystemClock)).await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
        }
        for line in report?.lines {
            println!("{line}");
        }
        return Ok(());
    }
    let db = db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);

    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(db, config, clock).await,
        Command::BenchAppointments { .. } | Command::BenchFrontOffice { .. } => {
            unreachable!("benchmarks run on their own database, before connecting")
        }
        Command::Generate { years, scale } => {
            let scale: loket::generate::Scale = scale.parse()?;
            if seed::is_empty(&db).await.map_err(|e| e.to_string())? {
                seed::load(&db, &config.seeds_dir, &config.municipality, clock.now())
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let started = std::time::Instant::now();
            let done = loket::generate::generate(&db, years, scale, clock.today())
                .await
                .map_err(|e| e.to_string())?;
            record_closed_years(&db, clock.as_ref()).await?;
            println!(
                "Generated {} visits, {} appointments, {} snapshots, {} calls and {} cases in {:.1} s.",
                done.visits,
                done.appointments,
                done.snapshots,
                done.calls,
                done.cases,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::BenchReports { year, only } => {
            let year = year.unwrap_or_else(|| {
                use chrono::Datelike;
                clock.today().year() - 1
            });
            for line in
                loket::reports::bench::run(&db, year, only.as_deref(), clock.as_ref()).await?
            {
                println!("{line}");
            }
            Ok(())
        }
        Command::CheckCapacity => {
            let checked = loket::bench::check_capacity(&db, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{} booked appointments from today on; {} over capacity.",
                checked.booked, checked.over_capacity
            );
            if checked.over_capacity > 0 {
                return Err(format!(
                    "{} appointments start when more bookings run than there are desks",
                    checked.over_capacity
                ));
            }
            Ok(())
        }
        Command::Migrate => {
            println!("Migrations are up to date.");
            Ok(())
        }
        Command::SnapshotLeadTimes => {
            let templates =
                Templates::load(&config.templates_dir).map_err(|e| format!("templates: {e}"))?;
            let state = AppState::new(db, config, templates, clock)
                .await
                .map_err(|e| e.to_string())?;
            let recorded = loket::appointments::jobs::snapshot_lead_times(&state)
                .await
                .map_err(|e| e.to_string())?;
            println!("Recorded the first free time of {recorded} products.");
            Ok(())
        }
        Command::Anonymise => {
            let removed =
                loket::privacy::retention::anonymise_expired(&db, config.retention, clock.now())
                    .await
                    .map_err(|e| e.to_string())?;
            println!("Personal data removed from {removed}.");
            Ok(())
        }
        Command::Backup { file } => {
            db::backup(&db, &file).await.map_err(|e| e.to_string())?;
            println!("Copied the database to {}.", file.display());
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Visits { file },
        } => {
            let input = std::fs::File::open(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let imported = loket::queue::import::import(&db, std::io::BufReader::new(input))
                .await
                .map_err(|e| e.to_string())?;
            record_closed_years(&db, clock.as_ref()).await?;
            println!("{imported} bezoeken geïmporteerd uit {}.", file.display());
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Calls { file },
        } => {
            let input = std::fs::File::open(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let imported =
                loket::reports::phone_import::import(&db, std::io::BufReader::new(input))
                    .await
                    .map_err(|e| e.to_string())?;
            record_closed_years(&db, clock.as_ref()).await?;
            println!("{imported} oproepen geïmporteerd uit {}.", file.display());
            Ok(())
        }
        Command::Seed { municipality } => {
            let report = seed::load(&db, &config.seeds_dir, &municipality, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("{report}");
            Ok(())
        }
        Command::User {
            command: UserCommand::Add {
                email, role, name, ..
            },
        } => {
            let email = EmailAddress::parse(&email).map_err(|e| e.to_string())?;
            let role: Role = role
                .parse()
                .map_err(|e: loket::domain::role::UnknownRole| e.to_string())?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|e| format!("cannot read the password: {e}"))?;
            let password = password.trim_end_matches(['\n', '\r']);
            let user = users::create(&db, &email, &name, role, password, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("Created {} ({}).", user.email, user.role);
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Add { email, label },
        } => {
            let email = EmailAddress::parse(&email).map_err(|e| e.to_string())?;
            let user = users::find_by_email(&db, &email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no user with e-mail {email}"))?;
            let token = tokens::issue(&db, &user, &label, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
    }
}

async fn serve(
    db: sea_orm::DatabaseConnection,
    config: Config,
    clock: Arc<dyn Clock>,
) -> Result<(), String> {
    if seed::is_empty(&db).await.map_err(|e| e.to_string())? {
        let report = seed::load(&db, &config.seeds_dir, &config.municipality, clock.now())
            .await
            .map_err(|e| e.to_string())?;
        println!("First start: {report}");
    }
    if users::count(&db).await.map_err(|e| e.to_string())? == 0 {
        println!(
            "No staff users yet. Create the first administrator with:\n  \
             printf '%s' 'a-long-password' | loket user add --email you@example.org --role admin --password-stdin"
        );
    }
    let templates =
        Templates::load(&config.templates_dir).map_err(|e| format!("templates: {e}"))?;
    tokio::spawn(remove_expired_sessions(db.clone()));
    let transport = Transport::from_config(&config)?;
    println!("Mail goes out by {}", transport.describe());
    let bind = config.bind;
    let base_url = config.base_url.clone();
    let state = AppState::new(db, config, templates, clock)
        .await
        .map_err(|e| e.to_string())?;
    let stop = state.shutdown.clone();
    let control = Control {
        timing: state.config.outbox,
        stop: stop.clone(),
    };
    let mail = mail_worker::spawn(
        state.db.clone(),
        transport,
        state.config.mail_from.clone(),
        state.clock.clone(),
        control.clone(),
    );
    let webhooks =
        loket::cases::webhook_worker::spawn(state.db.clone(), state.clock.clone(), control);
    if state.config.jobs {
        loket::appointments::jobs::spawn(state.clone());
        loket::queue::jobs::spawn(state.clone());
        loket::privacy::retention::spawn(state.clone());
        loket::cases::jobs::spawn(state.clone());
        loket::reports::jobs::spawn(state.clone());
    }
    state.calls.spawn_listener(&state.db);
    state.changes.spawn_listener(&state.db);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    println!("Loket listens on {base_url}");
    let signalled = stop.clone();
    let server = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    // On the signal: no new connections, live streams end (the token), requests in flight finish.
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        println!("Stopping: finishing the requests in flight");
        signalled.cancel();
    });
    tokio::select! {
        served = server.into_future() => served.map_err(|e| e.to_string())?,
        () = async {
            stop.cancelled().await;
            tokio::time::sleep(DRAIN_LIMIT).await;
        } => eprintln!(
            "loket: requests still running {} s after the stop signal; stopping without them",
            DRAIN_LIMIT.as_secs()
        ),
    }
    // The workers finish the mail or webhook under way and hand back the rest of their batch;
    // one cut off here is sent again after its lease: none is lost.
    for (name, worker) in [("mail", mail), ("webhook", webhooks)] {
        if tokio::time::timeout(WORKER_LIMIT, worker).await.is_err() {
            eprintln!(
                "loket: the {name} worker did not stop within {} s",
                WORKER_LIMIT.as_secs()
            );
        }
    }
    println!("Stopped.");
    Ok(())
}

/// How long requests in flight may take to finish after the stop signal.
const DRAIN_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);
/// A send is bounded by 15 s (the SMTP and webhook timeouts); this leaves it time to be marked.
const WORKER_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// History changed: the computed indicator values of closed years are recorded again.
async fn record_closed_years(
    db: &sea_orm::DatabaseConnection,
    clock: &dyn Clock,
) -> Result<(), String> {
    loket::reports::service::record_closed_years(db, clock.today(), clock.now())
        .await
        .map(drop)
        .map_err(|e| format!("recording the computed indicator values: {e}"))
}

/// Expired sessions are refused when loaded; this removes their rows every hour.
async fn remove_expired_sessions(db: sea_orm::DatabaseConnection) {
    let store = loket::auth::session_store::DbSessionStore::new(db);
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "could not remove expired sessions");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
