//! `/beheer/privacy`: an administrator answers a resident's request for access or erasure:
//! everything held about one e-mail address, as a download, or removed. Each step is written
//! to the audit log under a hash of the address, so the log proves the request was handled
//! without keeping the address itself.

use crate::{
    audit, auth::current_user::Staff, domain::email::EmailAddress, error::AppResult,
    privacy::subject, state::AppState, web::page::Page,
};
use axum::{
    Form,
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tera::Context;

#[derive(Deserialize, Default)]
pub struct Lookup {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize)]
pub struct Erase {
    #[serde(default)]
    email: String,
    #[serde(default)]
    confirm: String,
}

/// Every key the template reads, with "nothing yet" values (Tera refuses undefined ones).
fn base(email: &str) -> Context {
    let mut context = Context::new();
    context.insert("email", email);
    context.insert("invalid", &false);
    context.insert("erased", &false);
    context.insert("found", &false);
    context.insert("data", &serde_json::Value::Null);
    context.insert("confirm_missing", &false);
    context.insert("removed", &serde_json::Value::Null);
    context
}

/// The audit subject for an address: a short hash, not the address.
fn subject_of(email: &EmailAddress) -> String {
    let digest = Sha256::digest(email.as_str().as_bytes());
    format!("e-mail sha256:{}", &hex::encode(digest)[..16])
}

pub async fn page(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    Query(lookup): Query<Lookup>,
) -> AppResult<Response> {
    let mut context = base(&lookup.email);
    if lookup.email.trim().is_empty() {
        return page.render("admin/privacy.html", context);
    }
    let Ok(email) = EmailAddress::parse(&lookup.email) else {
        context.insert("invalid", &true);
        return page.render_invalid("admin/privacy.html", context);
    };
    let data = subject::find(&state.db, &email).await?;
    let now = state.clock.now();
    audit::record(
        &state.db,
        audit::Actor::user(&user),
        "personal_data_viewed",
        &subject_of(&email),
        "",
        now,
    )
    .await?;
    context.insert("email", email.as_str());
    context.insert("data", &data);
    context.insert("found", &!data.is_empty());
    page.render("admin/privacy.html", context)
}

pub async fn export(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    Form(form): Form<Lookup>,
) -> AppResult<Response> {
    let Ok(email) = EmailAddress::parse(&form.email) else {
        let mut context = base(&form.email);
        context.insert("invalid", &true);
        return page.render_invalid("admin/privacy.html", context);
    };
    let data = subject::find(&state.db, &email).await?;
    audit::record(
        &state.db,
        audit::Actor::user(&user),
        "personal_data_exported",
        &subject_of(&email),
        "",
        state.clock.now(),
    )
    .await?;
    let body = serde_json::to_string_pretty(&data).unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"persoonsgegevens.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn erase(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: Page,
    Form(form): Form<Erase>,
) -> AppResult<Response> {
    let mut context = base(&form.email);
    let Ok(email) = EmailAddress::parse(&form.email) else {
        context.insert("invalid", &true);
        return page.render_invalid("admin/privacy.html", context);
    };
    if form.confirm != "ja" {
        let data = subject::find(&state.db, &email).await?;
        context.insert("found", &!data.is_empty());
        context.insert("data", &data);
        context.insert("confirm_missing", &true);
        return page.render_invalid("admin/privacy.html", context);
    }
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    let removed = subject::erase(&tx, &email, now).await?;
    audit::record(
        &tx,
        audit::Actor::user(&user),
        "personal_data_erased",
        &subject_of(&email),
        &removed.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    context.insert("email", "");
    context.insert("erased", &true);
    context.insert("removed", &removed);
    page.render("admin/privacy.html", context)
}
