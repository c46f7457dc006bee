use crate::cache::Change;
use crate::queue::status::{QueueStatus, live_queues};
use crate::{catalogue::snapshot, error::AppResult, state::AppState, web::page::Page};
use axum::{extract::State, response::Response};
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

/// The live queue of a cluster as a line on a page: how many wait, about how many minutes.
#[derive(Serialize)]
pub struct QueueLine {
    pub waiting: u64,
    pub minutes: i64,
}

impl From<&QueueStatus> for QueueLine {
    fn from(status: &QueueStatus) -> Self {
        Self {
            waiting: status.waiting,
            minutes: (status.estimated_wait_seconds.max(0) + 59) / 60,
        }
    }
}

/// How many products "most asked for" shows.
const POPULAR: usize = 8;

pub(crate) async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let lang = page.lang;
    page.render_public(
        "home.html",
        &[Change::Catalogue, Change::Queue],
        async || {
            let catalogue = snapshot::current(&state).await?;
            let now = state.clock.now_local();
            let hours: Vec<_> = catalogue
                .clusters
                .iter()
                .map(|c| catalogue.hours(c, now, lang))
                .collect();
            let live = live_queues(&state).await?;
            let queues: HashMap<&str, QueueLine> = live
                .iter()
                .map(|status| (status.cluster.as_str(), QueueLine::from(status)))
                .collect();
            let mut context = Context::new();
            context.insert("queues", &queues);
            context.insert("popular", &catalogue.most_asked_for(POPULAR));
            context.insert("hours", &hours);
            Ok(context)
        },
    )
    .await
}
