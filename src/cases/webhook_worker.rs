//! Delivers the work-planning webhooks of `outbox_webhook` through the outbox loop
//! (`crate::outbox`), as the mail worker sends mail: each POST has a timeout, and a failure or a
//! non-2xx answer is tried again with exponential backoff until it is delivered.

use crate::{
    clock::Clock,
    entities::outbox_webhook::{self, Column},
    outbox::{self, Control, Courier, Outbox},
};
use chrono::{DateTime, Utc};
use http_body_util::Full;
use hyper::{
    Request, StatusCode,
    body::Bytes,
    client::conn::http1,
    header::{CONTENT_TYPE, HOST, USER_AGENT},
};
use hyper_util::rt::TokioIo;
use sea_orm::{DatabaseConnection, DbErr};
use std::{net::IpAddr, sync::Arc, time::Duration};
use tokio::net::TcpStream;
use tokio_rustls::{
    TlsConnector,
    rustls::{self, pki_types::ServerName},
};
use url::{Host, Position, Url};

/// Connecting, the TLS handshake and the answer's status line, together.
const TIMEOUT: Duration = Duration::from_secs(10);

impl Outbox for outbox_webhook::Entity {
    const NAME: &'static str = "webhooks";
    const ID: Column = Column::Id;
    const DONE: Column = Column::DeliveredAt;
    const NEXT_ATTEMPT: Column = Column::NextAttemptAt;
    const ATTEMPTS: Column = Column::Attempts;
    const LAST_ERROR: Column = Column::LastError;
    /// `attempts` counts every POST, the one that got through too.
    const COUNTS_SUCCESS: bool = true;

    fn id(row: &outbox_webhook::Model) -> i32 {
        row.id
    }

    fn attempts(row: &outbox_webhook::Model) -> i32 {
        row.attempts
    }

    fn kind(row: &outbox_webhook::Model) -> &str {
        &row.event
    }
}

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

impl Courier<outbox_webhook::Model> for Poster {
    /// POSTs the row's body with its event, signature and id; `Ok` only on a 2xx answer.
    async fn deliver(&self, row: &outbox_webhook::Model) -> Result<(), String> {
        match tokio::time::timeout(TIMEOUT, self.try_post(row)).await {
            Ok(Ok(status)) if status.is_success() => Ok(()),
            Ok(Ok(status)) => Err(format!("HTTP {status}")),
            Ok(Err(error)) => Err(error),
            Err(_) => Err(format!("no answer within {} s", TIMEOUT.as_secs())),
        }
    }
}

impl Poster {
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

/// One pass of the outbox loop (`outbox::deliver_due`). Returns how many were delivered.
pub async fn deliver_due(
    db: &DatabaseConnection,
    poster: &Poster,
    now: DateTime<Utc>,
    control: &Control,
) -> Result<usize, DbErr> {
    outbox::deliver_due::<outbox_webhook::Entity>(db, poster, now, control).await
}

/// Delivers due webhooks every 2 seconds until `control` says stop (`outbox::spawn`).
pub fn spawn(
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    control: Control,
) -> tokio::task::JoinHandle<()> {
    outbox::spawn::<outbox_webhook::Entity>(db, Poster::default(), clock, control)
}
