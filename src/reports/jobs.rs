//! The daily job of the reports: record the computed indicator values of closed years.

use super::service;
use crate::state::AppState;

/// At start and then once a day; on 1 January this records the year that just closed.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut daily = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
        loop {
            daily.tick().await;
            let (today, now) = (state.clock.today(), state.clock.now());
            if let Err(e) = service::record_closed_years(&state.db, today, now).await {
                tracing::warn!(error = %e, "recording the computed indicator values");
            }
        }
    })
}
