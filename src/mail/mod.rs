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
//!   when ([`when_nl`]), minutes, bring: [text], manage_url, qr_html ([`qr::html_table`])},
//!   `municipality` = its name. `bring` may be empty; the cancelled mail shows neither `bring`
//!   nor the QR code.
//! - `appointment_earlier_time`: `offer` = {name, product, when, take_url, manage_url},
//!   `municipality`.

pub mod calendar;
pub mod qr;
pub mod worker;

use crate::{
    clock::TIME_ZONE,
    domain::email::EmailAddress,
    entities::outbox_mail::{self, Attachment, Attachments},
    error::AppError,
    web::{i18n::Lang, templates::Templates},
};
use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
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
    let rendered = render(templates, mail.kind, mail.lang, &mail.context)?;
    let row = outbox_mail::ActiveModel {
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
    };
    outbox_mail::Entity::insert(row).exec(db).await?;
    Ok(())
}

/// A moment as residents read it, in Brussels time: "maandag 23 november 2026 om 09:00",
/// "Monday 23 November 2026 at 09:00".
pub fn when_nl(start: DateTime<Utc>, lang: Lang) -> String {
    let local = start.with_timezone(&TIME_ZONE);
    let (day, month, at) = match lang {
        Lang::Nl => (
            day_nl(local.weekday()),
            MONTHS_NL[local.month0() as usize],
            "om",
        ),
        Lang::En => (
            day_en(local.weekday()),
            MONTHS_EN[local.month0() as usize],
            "at",
        ),
    };
    format!(
        "{day} {} {month} {} {at} {:02}:{:02}",
        local.day(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn day_nl(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "maandag",
        Weekday::Tue => "dinsdag",
        Weekday::Wed => "woensdag",
        Weekday::Thu => "donderdag",
        Weekday::Fri => "vrijdag",
        Weekday::Sat => "zaterdag",
        Weekday::Sun => "zondag",
    }
}

fn day_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_written_out_in_brussels_time() {
        // 08:00 UTC is 09:00 in Brussels in winter, 10:00 in summer.
        let winter: DateTime<Utc> = "2026-11-23T08:00:00Z".parse().unwrap();
        let summer: DateTime<Utc> = "2026-07-01T08:05:00Z".parse().unwrap();
        assert_eq!(
            when_nl(winter, Lang::Nl),
            "maandag 23 november 2026 om 09:00"
        );
        assert_eq!(
            when_nl(winter, Lang::En),
            "Monday 23 November 2026 at 09:00"
        );
        assert_eq!(when_nl(summer, Lang::Nl), "woensdag 1 juli 2026 om 10:05");
    }
}
