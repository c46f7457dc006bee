//! `/beheer/uitgaande-mail`: the latest outgoing mails, the ones that keep failing first.

use crate::{
    entities::outbox_mail::{self, Column},
    error::AppResult,
    state::AppState,
    web::page::Page,
};
use axum::{extract::State, response::Response};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use tera::Context;

const SHOWN: u64 = 200;

#[derive(Serialize)]
struct Row {
    id: i32,
    kind: String,
    recipient: String,
    subject: String,
    created_at: DateTime<Utc>,
    attempts: i32,
    next_attempt_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    last_error: String,
    /// Tried and not sent yet.
    failing: bool,
}

#[derive(Serialize)]
struct Counts {
    waiting: u64,
    failing: u64,
    sent: u64,
}

pub async fn page(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let latest = outbox_mail::Entity::find()
        .order_by_desc(Column::Id)
        .limit(SHOWN)
        .all(&state.db)
        .await?;
    let mut rows: Vec<Row> = latest
        .into_iter()
        .map(|m| Row {
            failing: m.sent_at.is_none() && m.attempts > 0,
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            subject: m.subject,
            created_at: m.created_at,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            sent_at: m.sent_at,
            last_error: m.last_error,
        })
        .collect();
    // Failures first; within each group the newest first (the sort is stable).
    rows.sort_by_key(|r| !r.failing);

    let unsent = || outbox_mail::Entity::find().filter(Column::SentAt.is_null());
    let counts = Counts {
        waiting: unsent().count(&state.db).await?,
        failing: unsent()
            .filter(Column::Attempts.gt(0))
            .count(&state.db)
            .await?,
        sent: outbox_mail::Entity::find()
            .filter(Column::SentAt.is_not_null())
            .count(&state.db)
            .await?,
    };

    let mut context = Context::new();
    context.insert("rows", &rows);
    context.insert("counts", &counts);
    page.render("admin/outbox.html", context)
}
