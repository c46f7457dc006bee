use crate::queue::status::{QueueStatus, queue_statuses};
use crate::{catalogue::service, error::AppResult, state::AppState, web::page::Page};
use axum::{extract::State, response::Response};
use serde::Serialize;
use tera::Context;

/// The live queue of a cluster as a line on a page: how many wait, about how many minutes.
#[derive(Serialize)]
pub struct QueueLine {
    pub waiting: u64,
    pub minutes: i64,
}

impl From<QueueStatus> for QueueLine {
    fn from(status: QueueStatus) -> Self {
        Self {
            waiting: status.waiting,
            minutes: (status.estimated_wait_seconds.max(0) + 59) / 60,
        }
    }
}

/// How many products "most asked for" shows.
const POPULAR: usize = 8;

pub(crate) async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let products = service::most_asked_for(&state.db, POPULAR).await?;
    let clusters = service::clusters(&state.db).await?;
    let periods = service::opening_hours(&state.db).await?;
    let calendar = service::calendar(&state.db).await?;
    let now = state.clock.now_local();
    let hours: Vec<_> = clusters
        .iter()
        .map(|c| {
            service::cluster_hours(
                c,
                periods.get(&c.id).map(Vec::as_slice).unwrap_or(&[]),
                &calendar,
                now,
                page.lang,
            )
        })
        .collect();
    let queues: std::collections::HashMap<String, QueueLine> =
        queue_statuses(&state.db, &clusters, state.clock.now())
            .await?
            .into_iter()
            .map(|status| (status.cluster.clone(), QueueLine::from(status)))
            .collect();
    let mut context = Context::new();
    context.insert("queues", &queues);
    context.insert("popular", &products);
    context.insert("hours", &hours);
    page.render("home.html", context)
}
