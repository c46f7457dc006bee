//! E-mail through a transactional outbox.
//!
//! A service renders a mail with [`enqueue`] inside its own transaction (the booking, the
//! complaint), so the mail row exists exactly when the change does. The [`worker`] sends the
//! rows with lettre, retrying with backoff until they go out: no mail is lost when the SMTP
//! server is down or the process is killed.
//!
//! The kinds and the context each template needs (Tera 2 refuses undefined variables):
//! - `appointment_confirmed`, `appointment_moved`, `appointment_cancelled`,
//!   `appointment_reminder`: `appointment` = {reference, name, product, cluster, place,
//!   when ([`crate::web::dates::when`]), minutes, bring: [text], manage_url, qr_html ([`qr::html_table`])},
//!   `municipality` = its name. `bring` may be empty; the cancelled mail shows neither `bring`
//!   nor the QR code.
//! - `appointment_earlier_time`: `offer` = {name, product, when, take_url, manage_url},
//!   `municipality`.

pub mod calendar;
pub mod qr;
pub mod worker;

use crate::{
    domain::email::EmailAddress,
    entities::outbox_mail::{self, Attachment, Attachments},
    error::AppError,
    web::{i18n::Lang, templates::Templates},
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// One e-mail to one resident, before it is rendered.
pub struct Mail {
    /// The template folder under `templates/emails/`, e.g. `"appointment_confirmed"`.
    pub kind: &'static str,
    pub to: EmailAddress,
    /// The language of the texts; `lang` goes into the context so `t()` works.
    pub lang: Lang,
    pub context: tera::Context,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail template: {0}")]
    Template(#[from] tera::Error),
    #[error("mail outbox: {0}")]
    Database(#[from] DbErr),
}

impl From<MailError> for AppError {
    fn from(error: MailError) -> Self {
        match error {
            MailError::Template(e) => AppError::Template(e),
            MailError::Database(e) => AppError::Database(e),
        }
    }
}

/// The three rendered parts of a mail.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `subject.txt`, `body.txt` and `body.html` of `templates/emails/<kind>/`.
pub fn render(
    templates: &Templates,
    kind: &str,
    lang: Lang,
    context: &tera::Context,
) -> Result<Rendered, tera::Error> {
    let mut context = context.clone();
    context.insert("lang", lang.code());
    let part = |name: &str| templates.render(&format!("emails/{kind}/{name}"), &context);
    let subject = part("subject.txt")?;
    Ok(Rendered {
        // One line, whatever the template's layout: a header cannot hold a line break.
        subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
        text: part("body.txt")?.trim().to_owned() + "\n",
        html: part("body.html")?,
    })
}

/// Renders the mail now (so a template error fails the caller's transaction) and writes one
/// outbox row with `db`, the caller's transaction. The worker sends it from `now` on.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    templates: &Templates,
    mail: Mail,
    now: DateTime<Utc>,
) -> Result<(), MailError> {
    prepare(templates, mail, now)?.enqueue(db).await
}

/// A mail rendered and ready for the outbox: rendered before a transaction that must stay short
/// (a booking holds SQLite's write lock), written in it.
pub struct Prepared(outbox_mail::ActiveModel);

pub fn prepare(
    templates: &Templates,
    mail: Mail,
    now: DateTime<Utc>,
) -> Result<Prepared, MailError> {
    let rendered = render(templates, mail.kind, mail.lang, &mail.context)?;
    Ok(Prepared(outbox_mail::ActiveModel {
        kind: Set(mail.kind.to_owned()),
        recipient: Set(mail.to.as_str().to_owned()),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        attachments: Set(Attachments(mail.attachments)),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        last_error: Set(String::new()),
        ..Default::default()
    }))
}

impl Prepared {
    /// Writes the outbox row with `db`, the caller's transaction.
    pub async fn enqueue(self, db: &impl ConnectionTrait) -> Result<(), MailError> {
        outbox_mail::Entity::insert(self.0).exec(db).await?;
        Ok(())
    }
}
