//! Delivers the work-planning webhooks of `outbox_webhook`, the way the mail worker sends mail:
//! due rows are claimed with a lease in one short transaction (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, an IMMEDIATE transaction on SQLite), so several instances never POST the same
//! row at once; each POST has a timeout; a failure or a non-2xx answer is tried again with
//! exponential backoff until it is delivered. Told to stop, it finishes the POST under way and
//! hands the rest of its claimed batch back, due at once.

use crate::{
    clock::Clock,
    entities::outbox_webhook::{self, Column},
    outbox::{Control, Timing},
};
use chrono::{DateTime, TimeDelta, Utc};
use http_body_util::Full;
use hyper::{
    Request, StatusCode,
    body::Bytes,
    client::conn::http1,
    header::{CONTENT_TYPE, HOST, USER_AGENT},
};
use hyper_util::rt::TokioIo;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, LockBehavior, LockType},
};
use std::{net::IpAddr, sync::Arc, time::Duration};
use tokio::net::TcpStream;
use tokio_rustls::{
    TlsConnector,
    rustls::{self, pki_types::ServerName},
};
use url::{Host, Position, Url};

/// Rows claimed at a time.
const BATCH: u64 = 10;
/// Connecting, the TLS handshake and the answer's status line, together.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Errors kept per row.
const MAX_ERROR_LEN: usize = 1000;

/// Posts webhooks over HTTP or HTTPS (the web's usual root certificates).
#[derive(Clone)]
pub struct Poster {
    tls: TlsConnector,
}

impl Default for Poster {
    fn default() -> Self {
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("ring offers the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
        Self {
            tls: TlsConnector::from(Arc::new(config)),
        }
    }
}

impl Poster {
    /// POSTs the row's body with its event, signature and id; `Ok` only on a 2xx answer.
    pub async fn post(&self, row: &outbox_webhook::Model) -> Result<(), String> {
        match tokio::time::timeout(TIMEOUT, self.try_post(row)).await {
            Ok(Ok(status)) if status.is_success() => Ok(()),
            Ok(Ok(status)) => Err(format!("HTTP {status}")),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(format!("no answer within {} s", TIMEOUT.as_secs())),
        }
    }

    async fn try_post(&self, row: &outbox_webhook::Model) -> Result<StatusCode, String> {
        let url = Url::parse(&row.url).map_err(|e| format!("URL {:?}: {e}", row.url))?;
        let https = match url.scheme() {
            "http" => false,
            "https" => true,
            other => return Err(format!("URL scheme {other:?} is not http or https")),
        };
        let port = url
            .port_or_known_default()
            .ok_or_else(|| "URL without a port".to_owned())?;
        let host = url.host().ok_or_else(|| "URL without a host".to_owned())?;
        let connected = match &host {
            Host::Domain(name) => TcpStream::connect((*name, port)).await,
            Host::Ipv4(ip) => TcpStream::connect((*ip, port)).await,
            Host::Ipv6(ip) => TcpStream::connect((*ip, port)).await,
        };
        let tcp = connected.map_err(|e| format!("connect: {e}"))?;
        let request = Request::post(&url[Position::BeforePath..Position::AfterQuery])
            .header(HOST, &url[Position::BeforeHost..Position::AfterPort])
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, "Loket")
            .header("X-Loket-Event", &row.event)
            .header("X-Loket-Signature", &row.signature)
            .header("X-Loket-Delivery", row.id.to_string())
            .body(Full::new(Bytes::from(row.body.clone())))
            .map_err(|e| format!("request: {e}"))?;
        if !https {
            return send(TokioIo::new(tcp), request).await;
        }
        let name = match host {
            Host::Domain(name) => {
                ServerName::try_from(name.to_owned()).map_err(|e| format!("TLS name: {e}"))?
            }
            Host::Ipv4(ip) => ServerName::IpAddress(IpAddr::V4(ip).into()),
            Host::Ipv6(ip) => ServerName::IpAddress(IpAddr::V6(ip).into()),
        };
        let tls = self
            .tls
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS: {e}"))?;
        send(TokioIo::new(tls), request).await
    }
}

/// One request on a fresh HTTP/1.1 connection; the answer's status is all that counts.
async fn send<T>(io: T, request: Request<Full<Bytes>>) -> Result<StatusCode, String>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = http1::handshake(io)
        .await
        .map_err(|e| format!("HTTP: {e}"))?;
    // The connection runs beside the request; dropping the guard (done, or a timeout) ends it.
    let _driver = AbortOnDrop(tokio::spawn(async move {
        let _ = connection.await;
    }));
    sender
        .send_request(request)
        .await
        .map(|r| r.status())
        .map_err(|e| format!("HTTP: {e}"))
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One pass: claims the due undelivered rows batch by batch, posts each one, marks it
/// delivered or schedules the next attempt, until no row is due or `control` says stop.
/// Returns how many were delivered.
pub async fn deliver_due(
    db: &DatabaseConnection,
    poster: &Poster,
    now: DateTime<Utc>,
    control: &Control,
) -> Result<usize, DbErr> {
    let mut delivered = 0;
    loop {
        let claimed = claim(db, now, control.timing.lease).await?;
        let full_batch = claimed.len() as u64 == BATCH;
        let mut pending = claimed.into_iter();
        while let Some(row) = pending.next() {
            if control.stop.is_cancelled() {
                let undelivered: Vec<i32> = std::iter::once(row.id)
                    .chain(pending.map(|r| r.id))
                    .collect();
                release(db, &undelivered, now).await?;
                return Ok(delivered);
            }
            match poster.post(&row).await {
                Ok(()) => {
                    mark_delivered(db, &row, now).await?;
                    delivered += 1;
                }
                Err(error) => {
                    tracing::warn!(id = row.id, event = %row.event, attempts = row.attempts + 1, %error, "webhook not delivered; will retry");
                    mark_failed(db, &row, now, &control.timing, &error).await?;
                }
            }
        }
        if !full_batch || control.stop.is_cancelled() {
            return Ok(delivered);
        }
    }
}

/// Runs [`deliver_due`] every 2 seconds until `control` says stop; the task ends once the
/// POST under way is done.
pub fn spawn(
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    control: Control,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let poster = Poster::default();
        let mut ticks = tokio::time::interval(Duration::from_secs(2));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = control.stop.cancelled() => return,
                _ = ticks.tick() => {}
            }
            match deliver_due(&db, &poster, clock.now(), &control).await {
                Ok(0) => {}
                Ok(delivered) => tracing::info!(delivered, "webhooks delivered"),
                Err(error) => tracing::warn!(%error, "webhook outbox pass failed"),
            }
        }
    })
}

/// Takes up to a batch of due rows and moves their next attempt past the lease, so no other
/// worker takes them while this one posts.
async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: TimeDelta,
) -> Result<Vec<outbox_webhook::Model>, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let rows = outbox_webhook::Entity::find()
        .filter(Column::DeliveredAt.is_null())
        .filter(Column::NextAttemptAt.lte(now))
        .order_by_asc(Column::Id)
        .limit(BATCH)
        // PostgreSQL: rows another worker is claiming are skipped, not waited for.
        // SQLite has no row locks; its IMMEDIATE transaction serialises claims instead.
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .all(&txn)
        .await?;
    if !rows.is_empty() {
        outbox_webhook::Entity::update_many()
            .col_expr(Column::NextAttemptAt, Expr::value(now + lease))
            .filter(Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

/// `attempts` counts every POST, the one that got through too.
async fn mark_delivered(
    db: &DatabaseConnection,
    row: &outbox_webhook::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox_webhook::Entity::update_many()
        .col_expr(Column::DeliveredAt, Expr::value(Some(now)))
        .col_expr(
            Column::Attempts,
            Expr::value(row.attempts.saturating_add(1)),
        )
        .col_expr(Column::LastError, Expr::value(""))
        .filter(Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Claimed rows not posted (the worker is stopping) are due again at once, not after the lease.
async fn release(db: &DatabaseConnection, ids: &[i32], now: DateTime<Utc>) -> Result<(), DbErr> {
    outbox_webhook::Entity::update_many()
        .col_expr(Column::NextAttemptAt, Expr::value(now))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::DeliveredAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn mark_failed(
    db: &DatabaseConnection,
    row: &outbox_webhook::Model,
    now: DateTime<Utc>,
    timing: &Timing,
    error: &str,
) -> Result<(), DbErr> {
    let attempts = row.attempts.saturating_add(1);
    let error: String = error.chars().take(MAX_ERROR_LEN).collect();
    outbox_webhook::Entity::update_many()
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
