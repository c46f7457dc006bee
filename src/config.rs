//! Settings from the environment, each with a default that works on a fresh machine.

use std::{net::SocketAddr, path::PathBuf};

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub base_url: String,
    /// Unset: mail is written as .eml files to `mail_dir`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub mail_dir: PathBuf,
    /// Which seed municipality the first start loads.
    pub municipality: String,
    pub seeds_dir: PathBuf,
    pub static_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub booking: BookingSettings,
    /// The terms of the municipal complaint regulation (LOKET_COMPLAINT_*_DAYS).
    pub complaint_terms: crate::domain::cases::ComplaintTerms,
    /// Staff sessions end after this much inactivity (LOKET_SESSION_IDLE_MINUTES)...
    pub session_idle_minutes: u32,
    /// ...and this long after sign-in, active or not (LOKET_SESSION_MAX_HOURS).
    pub session_max_hours: u32,
    /// Administrators must use a second factor (LOKET_ADMIN_TOTP=required).
    pub admin_totp_required: bool,
    /// How long personal data is kept (LOKET_RETENTION_APPOINTMENT_DAYS, _CASE_MONTHS).
    pub retention: crate::privacy::retention::Retention,
    /// The background jobs (reminders, snapshots, closing the queue, case terms, retention)
    /// run unless LOKET_JOBS=off (the browser tests, whose outcome must not hang on the hour).
    pub jobs: bool,
    /// When the mail and webhook outboxes try again, and how long a claim holds a row.
    pub outbox: crate::outbox::Timing,
}

/// The municipality's booking rules (LOKET_BOOKING_* variables).
#[derive(Debug, Clone, Copy)]
pub struct BookingSettings {
    pub grid_minutes: u32,
    pub minimum_notice_minutes: u32,
    pub horizon_days: u32,
    /// Future appointments one e-mail address may hold per product.
    pub max_per_product: u32,
    /// How long before an appointment the reminder goes out.
    pub reminder_hours: u32,
}

impl Default for BookingSettings {
    fn default() -> Self {
        Self {
            grid_minutes: 10,
            minimum_notice_minutes: 120,
            horizon_days: 60,
            max_per_product: 1,
            reminder_hours: 24,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("LOKET_BIND {0:?} is not an address like 127.0.0.1:8080")]
    Bind(String),
    #[error("{0} must be a whole number between {1} and {2}")]
    Number(&'static str, u32, u32),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind_raw = var("LOKET_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let bind: SocketAddr = bind_raw.parse().map_err(|_| ConfigError::Bind(bind_raw))?;
        let base_url = var("LOKET_BASE_URL").unwrap_or_else(|| format!("http://{bind}"));
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = |name: &str, default: &str| {
            var(name)
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join(default))
        };
        let number =
            |name: &'static str, default: u32, min: u32, max: u32| -> Result<u32, ConfigError> {
                match var(name) {
                    None => Ok(default),
                    Some(raw) => raw
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (min..=max).contains(n))
                        .ok_or(ConfigError::Number(name, min, max)),
                }
            };
        let defaults = BookingSettings::default();
        let booking = BookingSettings {
            grid_minutes: number("LOKET_SLOT_MINUTES", defaults.grid_minutes, 5, 120)?,
            minimum_notice_minutes: number(
                "LOKET_BOOKING_NOTICE_MINUTES",
                defaults.minimum_notice_minutes,
                0,
                10_080,
            )?,
            horizon_days: number("LOKET_BOOKING_HORIZON_DAYS", defaults.horizon_days, 1, 366)?,
            max_per_product: number(
                "LOKET_MAX_APPOINTMENTS_PER_PRODUCT",
                defaults.max_per_product,
                1,
                20,
            )?,
            reminder_hours: number("LOKET_REMINDER_HOURS", defaults.reminder_hours, 1, 168)?,
        };
        let terms = crate::domain::cases::ComplaintTerms::default();
        let complaint_terms = crate::domain::cases::ComplaintTerms {
            acknowledge_days: number(
                "LOKET_COMPLAINT_ACKNOWLEDGE_DAYS",
                terms.acknowledge_days,
                1,
                60,
            )?,
            answer_days: number("LOKET_COMPLAINT_ANSWER_DAYS", terms.answer_days, 1, 180)?,
            extended_days: number("LOKET_COMPLAINT_EXTENDED_DAYS", terms.extended_days, 1, 365)?,
        };
        let outbox = crate::outbox::Timing::default();
        Ok(Self {
            booking,
            complaint_terms,
            session_idle_minutes: number("LOKET_SESSION_IDLE_MINUTES", 120, 5, 1440)?,
            session_max_hours: number("LOKET_SESSION_MAX_HOURS", 12, 1, 168)?,
            outbox: crate::outbox::Timing {
                first_retry: chrono::TimeDelta::seconds(
                    number(
                        "LOKET_OUTBOX_RETRY_SECONDS",
                        outbox.first_retry.num_seconds() as u32,
                        1,
                        3600,
                    )?
                    .into(),
                ),
                lease: chrono::TimeDelta::seconds(
                    number(
                        "LOKET_OUTBOX_LEASE_SECONDS",
                        outbox.lease.num_seconds() as u32,
                        1,
                        3600,
                    )?
                    .into(),
                ),
            },
            jobs: var("LOKET_JOBS").is_none_or(|v| v.trim() != "off"),
            retention: crate::privacy::retention::Retention {
                appointment_days: number("LOKET_RETENTION_APPOINTMENT_DAYS", 30, 1, 3650)?,
                case_months: number("LOKET_RETENTION_CASE_MONTHS", 12, 1, 120)?,
            },
            admin_totp_required: var("LOKET_ADMIN_TOTP").is_some_and(|v| v.trim() == "required"),
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://loket.db?mode=rwc".to_owned()),
            bind,
            base_url: base_url.trim_end_matches('/').to_owned(),
            smtp_url: var("SMTP_URL"),
            mail_from: var("LOKET_MAIL_FROM")
                .unwrap_or_else(|| "Loket <loket@localhost>".to_owned()),
            mail_dir: var("LOKET_MAIL_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("outbox-mail")),
            municipality: var("LOKET_MUNICIPALITY").unwrap_or_else(|| "lier".to_owned()),
            seeds_dir: dir("LOKET_SEEDS_DIR", "seeds"),
            static_dir: dir("LOKET_STATIC_DIR", "static"),
            templates_dir: dir("LOKET_TEMPLATES_DIR", "templates"),
        })
    }

    pub fn slot_rules(&self) -> crate::domain::slots::SlotRules {
        crate::domain::slots::SlotRules {
            grid: chrono::Duration::minutes(self.booking.grid_minutes as i64),
            minimum_notice: chrono::Duration::minutes(self.booking.minimum_notice_minutes as i64),
            horizon_days: self.booking.horizon_days,
        }
    }

    /// Cookies get the Secure flag only when residents reach Loket over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}
