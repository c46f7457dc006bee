//! The resident's side of complaints and reports: the two forms, the confirmation, the
//! tracking page with its actions, and a public status page per report.
//!
//! Both forms carry a honeypot field and are rate limited per client address and per e-mail
//! address ([`limits`]); report photos are checked and cleaned in [`photos`].

mod complaint;
mod limits;
mod photos;
mod report;
mod tracking;
mod view;

use crate::{
    cases::service::CaseError,
    error::{AppError, AppResult},
    state::AppState,
    web::page::Page,
};
use axum::{
    Extension, Router,
    extract::DefaultBodyLimit,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
pub use limits::Limits;

/// The hidden field people never see and bots fill in.
pub const HONEYPOT: &str = "website";
/// The longest free text accepted in one field.
pub const MAX_TEXT: usize = 4000;

pub fn routes() -> Router<AppState> {
    // Three photos at the limit plus the text fields.
    let report_body = photos::MAX_PHOTOS * photos::MAX_PHOTO_BYTES + 1024 * 1024;
    Router::new()
        .route("/melding", get(report::categories))
        .route("/melding/ontvangen", get(received_without_reference))
        .route(
            "/melding/{code}",
            get(report::form)
                .post(report::submit)
                .layer(DefaultBodyLimit::max(report_body)),
        )
        .route("/meldingen/{reference}", get(report::public_status))
        .route("/klacht", get(complaint::form).post(complaint::submit))
        .route("/klacht/ontvangen", get(received_without_reference))
        .route("/opvolging/{token}", get(tracking::show))
        .route("/opvolging/{token}/ontvangen", get(tracking::received))
        .route("/opvolging/{token}/foto/{id}", get(tracking::photo))
        .route(
            "/opvolging/{token}/aanvullen",
            post(tracking::add_information),
        )
        .route("/opvolging/{token}/intrekken", post(tracking::withdraw))
        .route(
            "/opvolging/{token}/tevredenheid",
            post(tracking::satisfaction),
        )
        .layer(Extension(Limits::from_env()))
}

/// Whether the honeypot was filled in: the submission is answered as if it went through, and
/// nothing is stored.
fn is_bot(honeypot: &str) -> bool {
    !honeypot.trim().is_empty()
}

async fn received_without_reference(page: Page) -> AppResult<Response> {
    page.render("cases/thanks.html", tera::Context::new())
}

/// A failed filing or change as the error page shows it.
fn case_error(error: CaseError) -> AppError {
    match error {
        CaseError::UnknownCategory | CaseError::UnknownDepartment | CaseError::NotFound => {
            AppError::NotFound
        }
        CaseError::Transition(e) => AppError::Conflict(e.to_string()),
        CaseError::Database(e) => AppError::Database(e),
        CaseError::Mail(e) => e.into(),
        other => AppError::Internal(other.to_string()),
    }
}

/// 429 with a plain explanation of what to do instead.
fn too_many(page: &Page) -> AppResult<Response> {
    page.render_with_status(
        StatusCode::TOO_MANY_REQUESTS,
        "cases/too_many.html",
        tera::Context::new(),
    )
}

/// A phone number is optional; when given it looks like one.
fn phone_ok(phone: &str) -> bool {
    phone.is_empty()
        || (phone.len() <= 30
            && phone.chars().filter(|c| c.is_ascii_digit()).count() >= 6
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +/.-()".contains(c)))
}

/// The length of a text as people count it.
fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_optional_but_look_like_one() {
        assert!(phone_ok(""));
        assert!(phone_ok("+32 3 800 05 11"));
        assert!(!phone_ok("bel me"));
        assert!(!phone_ok("123"));
    }

    #[test]
    fn the_honeypot_counts_only_when_filled() {
        assert!(!is_bot(""));
        assert!(!is_bot("  "));
        assert!(is_bot("http://spam.example"));
    }
}
