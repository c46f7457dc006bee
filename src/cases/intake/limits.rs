//! Rate limits on the complaint and report forms: per client address (in memory, per
//! instance) and per e-mail address (counted in the database, so every instance sees them).

use crate::{entities::service_case, state::AppState};
use axum::extract::ConnectInfo;
use chrono::Duration;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};
use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::Arc,
};

/// Filings per client address per hour (LOKET_INTAKE_PER_ADDRESS_PER_HOUR).
const DEFAULT_PER_ADDRESS: u32 = 10;
/// Filings per e-mail address per hour (LOKET_INTAKE_PER_EMAIL_PER_HOUR).
const DEFAULT_PER_EMAIL: u32 = 5;

#[derive(Clone)]
pub struct Limits {
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    per_email: u64,
}

impl Limits {
    pub fn from_env() -> Self {
        Self::new(
            setting("LOKET_INTAKE_PER_ADDRESS_PER_HOUR", DEFAULT_PER_ADDRESS),
            setting("LOKET_INTAKE_PER_EMAIL_PER_HOUR", DEFAULT_PER_EMAIL),
        )
    }

    pub fn new(per_address: NonZeroU32, per_email: NonZeroU32) -> Self {
        Self {
            per_address: Arc::new(RateLimiter::keyed(Quota::per_hour(per_address))),
            per_email: u64::from(per_email.get()),
        }
    }

    /// Takes one filing from the client's allowance; `false` when it is used up. Without a
    /// known client address (a test calling the router directly) there is nothing to count.
    pub fn address_allows(&self, client: Option<&ConnectInfo<SocketAddr>>) -> bool {
        let Some(ConnectInfo(address)) = client else {
            return true;
        };
        self.per_address.retain_recent();
        self.per_address.check_key(&key_of(address.ip())).is_ok()
    }

    /// Whether `email` filed fewer cases than the limit in the last hour.
    pub async fn email_allows(&self, state: &AppState, email: &str) -> Result<bool, DbErr> {
        if email.is_empty() {
            return Ok(true);
        }
        let since = state.clock.now() - Duration::hours(1);
        let recent = service_case::Entity::find()
            .filter(service_case::Column::Email.eq(email))
            .filter(service_case::Column::ReceivedAt.gt(since))
            .count(&state.db)
            .await?;
        Ok(recent < self.per_email)
    }
}

fn setting(name: &str, default: u32) -> NonZeroU32 {
    let fallback = NonZeroU32::new(default).expect("defaults are not zero");
    match std::env::var(name) {
        Err(_) => fallback,
        Ok(raw) => raw.trim().parse().unwrap_or_else(|_| {
            tracing::warn!("{name} = {raw:?} is not a whole number above 0; using {default}");
            fallback
        }),
    }
}

/// One IPv6 client usually holds a whole /64: count it as one address.
fn key_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::from(segments)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(ip: &str) -> ConnectInfo<SocketAddr> {
        ConnectInfo(SocketAddr::new(ip.parse().unwrap(), 40_000))
    }

    #[test]
    fn an_address_gets_its_allowance_and_no_more() {
        let limits = Limits::new(NonZeroU32::new(2).unwrap(), NonZeroU32::new(1).unwrap());
        let one = client("192.0.2.1");
        assert!(limits.address_allows(Some(&one)));
        assert!(limits.address_allows(Some(&one)));
        assert!(!limits.address_allows(Some(&one)));
        assert!(limits.address_allows(Some(&client("192.0.2.2"))));
        assert!(limits.address_allows(None));
    }

    #[test]
    fn an_ipv6_network_counts_as_one_client() {
        let limits = Limits::new(NonZeroU32::new(1).unwrap(), NonZeroU32::new(1).unwrap());
        assert!(limits.address_allows(Some(&client("2001:db8:1:2::1"))));
        assert!(!limits.address_allows(Some(&client("2001:db8:1:2::ffff"))));
        assert!(limits.address_allows(Some(&client("2001:db8:1:3::1"))));
    }
}
