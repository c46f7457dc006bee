//! The mail worker: the outbox loop (`crate::outbox`) over `outbox_mail`, sending each row by
//! SMTP or as a file.

use crate::{
    clock::Clock,
    config::Config,
    entities::outbox_mail::{self, Column},
    outbox::{self, Control, Courier, Outbox},
};
use chrono::{DateTime, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment, Mailbox, MultiPart, header::ContentType},
};
use sea_orm::{DatabaseConnection, DbErr};
use std::{borrow::Borrow, path::PathBuf, sync::Arc, time::Duration};

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

/// lettre's own timeout covers connecting only; each send is bounded by this.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

impl Outbox for outbox_mail::Entity {
    const NAME: &'static str = "mail";
    const ID: Column = Column::Id;
    const DONE: Column = Column::SentAt;
    const NEXT_ATTEMPT: Column = Column::NextAttemptAt;
    const ATTEMPTS: Column = Column::Attempts;
    const LAST_ERROR: Column = Column::LastError;
    const COUNTS_SUCCESS: bool = false;

    fn id(row: &outbox_mail::Model) -> i32 {
        row.id
    }

    fn attempts(row: &outbox_mail::Model) -> i32 {
        row.attempts
    }

    fn kind(row: &outbox_mail::Model) -> &str {
        &row.kind
    }
}

/// Sends mail from one address over a transport (borrowed for one pass, owned by the task).
struct Sender<T> {
    transport: T,
    /// An unusable LOKET_MAIL_FROM fails every row with this reason, and they wait for a fix.
    from: Result<Mailbox, String>,
}

impl<T: Borrow<Transport>> Sender<T> {
    fn new(transport: T, from: &str) -> Self {
        let from = from
            .parse()
            .map_err(|e| format!("LOKET_MAIL_FROM {from:?} is not an address: {e}"));
        Self { transport, from }
    }
}

impl<T: Borrow<Transport> + Sync> Courier<outbox_mail::Model> for Sender<T> {
    async fn deliver(&self, row: &outbox_mail::Model) -> Result<(), String> {
        match &self.from {
            Ok(from) => send(self.transport.borrow(), from, row).await,
            Err(e) => Err(e.clone()),
        }
    }
}

/// One pass of the outbox loop (`outbox::deliver_due`). Returns how many were sent.
pub async fn deliver_due(
    db: &DatabaseConnection,
    transport: &Transport,
    from: &str,
    now: DateTime<Utc>,
    control: &Control,
) -> Result<usize, DbErr> {
    outbox::deliver_due::<outbox_mail::Entity>(db, &Sender::new(transport, from), now, control)
        .await
}

/// Sends due mail every 2 seconds until `control` says stop (`outbox::spawn`).
pub fn spawn(
    db: DatabaseConnection,
    transport: Transport,
    from: String,
    clock: Arc<dyn Clock>,
    control: Control,
) -> tokio::task::JoinHandle<()> {
    outbox::spawn::<outbox_mail::Entity>(db, Sender::new(transport, &from), clock, control)
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
