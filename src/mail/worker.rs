//! The outbox worker: claims due mail rows, sends them, and records the outcome.
//!
//! Rows are claimed with a lease (their `next_attempt_at` moves a few minutes ahead) in one
//! short transaction: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, an IMMEDIATE
//! transaction on SQLite. Several instances can run the worker at once without sending a
//! mail twice. Sending happens outside any transaction. A mail that fails is tried again with
//! exponential backoff, for as long as it takes; one whose process dies mid-send is tried again
//! when its lease runs out. Told to stop, the worker finishes the mail it is sending, marks it,
//! and hands the rest of its claimed batch back, due at once, for the next start.

use crate::{
    clock::Clock,
    config::Config,
    entities::outbox_mail::{self, Column},
    outbox::{Control, Timing},
};
use chrono::{DateTime, TimeDelta, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment, Mailbox, MultiPart, header::ContentType},
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, LockBehavior, LockType},
};
use std::{path::PathBuf, sync::Arc, time::Duration};

/// How mail leaves Loket.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Each mail as `<outbox id>.eml` in this folder (when `SMTP_URL` is unset).
    Files(PathBuf),
}

impl Transport {
    /// `SMTP_URL` like `smtp://127.0.0.1:2525` (plain, for a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://host:465`; unset: files
    /// in `mail_dir`. Call it inside the Tokio runtime: the SMTP connection pool lives there.
    pub fn from_config(config: &Config) -> Result<Self, String> {
        match &config.smtp_url {
            Some(url) => Self::smtp(url),
            None => Ok(Transport::Files(config.mail_dir.clone())),
        }
    }

    pub fn smtp(url: &str) -> Result<Self, String> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // The URL may hold a password: the message names only the problem.
            .map_err(|e| format!("SMTP_URL is not a usable SMTP address: {e}"))?;
        Ok(Transport::Smtp(builder.timeout(Some(SEND_TIMEOUT)).build()))
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP".to_owned(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }
}

/// Rows claimed at a time.
const BATCH: u64 = 10;
/// lettre's own timeout covers connecting only; each send is bounded by this.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);
/// Errors kept per row.
const MAX_ERROR_LEN: usize = 1000;

/// One pass: claims the due unsent rows batch by batch, sends each one, marks it sent or
/// schedules the next attempt, until no row is due or `control` says stop. Returns how many
/// were sent.
pub async fn deliver_due(
    db: &DatabaseConnection,
    transport: &Transport,
    from: &str,
    now: DateTime<Utc>,
    control: &Control,
) -> Result<usize, DbErr> {
    let sender: Result<Mailbox, String> = from
        .parse()
        .map_err(|e| format!("LOKET_MAIL_FROM {from:?} is not an address: {e}"));
    let mut sent = 0;
    loop {
        let claimed = claim(db, now, control.timing.lease).await?;
        let full_batch = claimed.len() as u64 == BATCH;
        let mut pending = claimed.into_iter();
        while let Some(row) = pending.next() {
            if control.stop.is_cancelled() {
                let unsent: Vec<i32> = std::iter::once(row.id)
                    .chain(pending.map(|r| r.id))
                    .collect();
                release(db, &unsent, now).await?;
                return Ok(sent);
            }
            let outcome = match &sender {
                Ok(sender) => send(transport, sender, &row).await,
                Err(e) => Err(e.clone()),
            };
            match outcome {
                Ok(()) => {
                    mark_sent(db, row.id, now).await?;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(id = row.id, kind = %row.kind, attempts = row.attempts + 1, %error, "mail not sent; will retry");
                    mark_failed(db, &row, now, &control.timing, &error).await?;
                }
            }
        }
        if !full_batch || control.stop.is_cancelled() {
            return Ok(sent);
        }
    }
}

/// Runs [`deliver_due`] every 2 seconds until `control` says stop; the task ends once the
/// mail being sent is done.
pub fn spawn(
    db: DatabaseConnection,
    transport: Transport,
    from: String,
    clock: Arc<dyn Clock>,
    control: Control,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(2));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = control.stop.cancelled() => return,
                _ = ticks.tick() => {}
            }
            match deliver_due(&db, &transport, &from, clock.now(), &control).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "mail sent"),
                Err(error) => tracing::warn!(%error, "mail outbox pass failed"),
            }
        }
    })
}

/// Takes up to a batch of due rows and moves their next attempt past the lease, so no other
/// worker takes them while this one sends.
async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: TimeDelta,
) -> Result<Vec<outbox_mail::Model>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let rows = outbox_mail::Entity::find()
        .filter(Column::SentAt.is_null())
        .filter(Column::NextAttemptAt.lte(now))
        .order_by_asc(Column::Id)
        .limit(BATCH)
        // PostgreSQL: rows another worker is claiming are skipped, not waited for.
        // SQLite has no row locks; its IMMEDIATE transaction serialises claims instead.
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    if !rows.is_empty() {
        outbox_mail::Entity::update_many()
            .col_expr(Column::NextAttemptAt, Expr::value(now + lease))
            .filter(Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

async fn mark_sent(db: &DatabaseConnection, id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    outbox_mail::Entity::update_many()
        .col_expr(Column::SentAt, Expr::value(Some(now)))
        .col_expr(Column::LastError, Expr::value(""))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Claimed rows not sent (the worker is stopping) are due again at once, not after the lease.
async fn release(db: &DatabaseConnection, ids: &[i32], now: DateTime<Utc>) -> Result<(), DbErr> {
    outbox_mail::Entity::update_many()
        .col_expr(Column::NextAttemptAt, Expr::value(now))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn mark_failed(
    db: &DatabaseConnection,
    row: &outbox_mail::Model,
    now: DateTime<Utc>,
    timing: &Timing,
    error: &str,
) -> Result<(), DbErr> {
    let attempts = row.attempts.saturating_add(1);
    let error: String = error.chars().take(MAX_ERROR_LEN).collect();
    outbox_mail::Entity::update_many()
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(
            Column::NextAttemptAt,
            Expr::value(now + timing.backoff(attempts)),
        )
        .col_expr(Column::LastError, Expr::value(error))
        .filter(Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

async fn send(
    transport: &Transport,
    from: &Mailbox,
    row: &outbox_mail::Model,
) -> Result<(), String> {
    let message = message(row, from)?;
    match transport {
        Transport::Smtp(smtp) => match tokio::time::timeout(SEND_TIMEOUT, smtp.send(message)).await
        {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(format!("SMTP: {e}")),
            Err(_) => Err(format!(
                "SMTP: no answer within {} s",
                SEND_TIMEOUT.as_secs()
            )),
        },
        Transport::Files(dir) => {
            let dir = dir.clone();
            let id = row.id;
            let bytes = message.formatted();
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                std::fs::create_dir_all(&dir)?;
                // Written whole, then renamed: a reader never sees half a mail.
                let partial = dir.join(format!("{id}.eml.part"));
                std::fs::write(&partial, bytes)?;
                std::fs::rename(&partial, dir.join(format!("{id}.eml")))
            })
            .await
            .map_err(|e| format!("file: {e}"))?
            .map_err(|e| format!("file: {e}"))
        }
    }
}

/// multipart/mixed [ multipart/alternative [text, html], attachments... ], or just the
/// alternative when there are no attachments.
pub fn message(row: &outbox_mail::Model, from: &Mailbox) -> Result<Message, String> {
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| format!("recipient {:?}: {e}", row.recipient))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        // The same row always has the same Message-ID, so a mail sent twice (a crash between
        // sending and marking) can be recognised as one.
        .message_id(Some(format!(
            "<outbox-{}.{}@{}>",
            row.id,
            row.created_at.timestamp(),
            from.email.domain()
        )));
    let alternative =
        MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone());
    let result = if row.attachments.0.is_empty() {
        builder.multipart(alternative)
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        for attachment in &row.attachments.0 {
            let content_type = ContentType::parse(&attachment.content_type).map_err(|e| {
                format!(
                    "attachment {:?} has content type {:?}: {e}",
                    attachment.filename, attachment.content_type
                )
            })?;
            mixed = mixed.singlepart(
                Attachment::new(attachment.filename.clone())
                    .body(attachment.content.clone(), content_type),
            );
        }
        builder.multipart(mixed)
    };
    result.map_err(|e| format!("message: {e}"))
}
