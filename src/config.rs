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
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("LOKET_BIND {0:?} is not an address like 127.0.0.1:8080")]
    Bind(String),
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
        Ok(Self {
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

    /// Cookies get the Secure flag only when residents reach Loket over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}
