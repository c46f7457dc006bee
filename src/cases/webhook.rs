//! Work-planning webhooks: each department may name a URL to which new, changed and closed
//! reports are POSTed as JSON, signed with HMAC-SHA256 over the body
//! (`X-Loket-Signature: sha256=<hex>`). The POST is written to `outbox_webhook` in the case's
//! transaction and delivered by a worker with retries, like mail.

use crate::entities::{department, outbox_webhook, service_case};
use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde::Serialize;
use sha2::Sha256;

/// What happened to the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Created,
    Changed,
    Closed,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Created => "case.created",
            Event::Changed => "case.changed",
            Event::Closed => "case.closed",
        }
    }
}

/// The body of a webhook POST: the report without the resident's contact data.
#[derive(Debug, Serialize)]
pub struct Payload<'a> {
    pub event: &'static str,
    pub id: i32,
    pub reference: &'a str,
    pub status: &'a str,
    pub category: &'a str,
    pub department: &'a str,
    pub description: &'a str,
    pub address: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub due_on: String,
    pub scheduled_on: Option<String>,
    pub updated_at: String,
}

/// `sha256=<hex>` of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Queues the POST for the case's department, if it has a webhook; in the caller's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    category: &str,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(department) = department::Entity::find_by_id(case.department_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if department.webhook_url.is_empty() {
        return Ok(());
    }
    let body = serde_json::to_string(&Payload {
        event: event.as_str(),
        id: case.id,
        reference: &case.reference,
        status: &case.status,
        category,
        department: &department.name,
        description: &case.description,
        address: &case.address,
        latitude: case.latitude,
        longitude: case.longitude,
        due_on: case.due_on.to_string(),
        scheduled_on: case.scheduled_on.map(|d| d.to_string()),
        updated_at: case.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
    .expect("a payload of strings and numbers serialises");
    outbox_webhook::Entity::insert(outbox_webhook::ActiveModel {
        department_id: Set(department.id),
        event: Set(event.as_str().to_owned()),
        url: Set(department.webhook_url.clone()),
        signature: Set(signature(&department.webhook_secret, body.as_bytes())),
        body: Set(body),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        delivered_at: Set(None),
        last_error: Set(String::new()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_in_hex() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
