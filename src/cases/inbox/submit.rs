//! What every action form shares: reading its fields with a Dutch message per invalid one,
//! applying the change, and on failure the case page again with the input kept.

use super::{INBOX, show};
use crate::{
    auth::current_user::CurrentUser,
    cases::service::{self, By, CaseError, Change},
    domain::cases::{Action, ExtensionError},
    error::{AppError, AppResult},
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields},
        i18n::Lang,
        page::Page,
    },
};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;

/// Longer than any real message, short enough that a pasted book is refused with a message.
pub const MAX_TEXT: usize = 10_000;
const MAX_LINE: usize = 200;

pub fn by(user: &CurrentUser) -> By {
    By::Staff {
        id: user.id,
        name: user.display_name.clone(),
        role: user.role,
    }
}

/// The fields of one action's form. Errors are keyed `<form>-<field>`, the id of the field on
/// the case page, where several forms share one page.
pub struct Input<'a> {
    pub form_name: &'static str,
    pub fields: &'a FormFields,
    pub lang: Lang,
    pub errors: FieldErrors,
}

impl<'a> Input<'a> {
    pub fn new(form_name: &'static str, fields: &'a FormFields, lang: Lang) -> Self {
        Self {
            form_name,
            fields,
            lang,
            errors: FieldErrors::default(),
        }
    }

    pub fn id(&self, field: &str) -> String {
        format!("{}-{field}", self.form_name)
    }

    pub fn fail(&mut self, field: &str, key: &str) {
        let id = self.id(field);
        self.errors.add(self.lang, &id, key);
    }

    /// A free text; `required` ones must not be empty.
    pub fn text(&mut self, field: &str, required: bool) -> String {
        let value = self.fields.get(field).trim().to_owned();
        if required && value.is_empty() {
            self.fail(field, "inbox-error-required");
        } else if value.chars().count() > MAX_TEXT {
            self.fail(field, "inbox-error-too-long");
        }
        value
    }

    /// A short text on one line (an organisation, a reference).
    pub fn line(&mut self, field: &str, required: bool) -> String {
        let value = self.fields.get(field).trim().to_owned();
        if required && value.is_empty() {
            self.fail(field, "inbox-error-required");
        } else if value.chars().count() > MAX_LINE || value.contains(['\n', '\r']) {
            self.fail(field, "inbox-error-line-too-long");
        }
        value
    }

    /// A date as a browser's date field sends it (2026-11-23); also 23-11-2026 or 23/11/2026,
    /// as people type it where the browser has no date picker.
    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let raw = self.fields.get(field).trim();
        if raw.is_empty() {
            self.fail(field, "inbox-error-required");
            return None;
        }
        let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(raw, "%d-%m-%Y"))
            .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"));
        if parsed.is_err() {
            self.fail(field, "inbox-error-not-a-date");
        }
        parsed.ok()
    }

    /// The change, when every field was valid.
    pub fn finish(self, change: impl FnOnce() -> Change) -> Result<Change, FieldErrors> {
        if self.errors.is_empty() {
            Ok(change())
        } else {
            Err(self.errors)
        }
    }
}

/// After a change: back to the case, which says it was saved (POST-redirect-GET).
pub fn saved(id: i32) -> Response {
    Redirect::to(&format!("{INBOX}/{id}?opgeslagen=1")).into_response()
}

/// Applies a parsed change; on bad input or a refused change, the case page again with the
/// messages and what was typed.
pub async fn apply(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    id: i32,
    action: Action,
    fields: &FormFields,
    parsed: Result<Change, FieldErrors>,
) -> AppResult<Response> {
    let form_name = action.as_str();
    let errors = match parsed {
        Ok(change) => match service::apply(state, id, change, &by(user)).await {
            Ok(_) => return Ok(saved(id)),
            Err(error) => refused(page.lang, form_name, error)?,
        },
        Err(errors) => errors,
    };
    show::render_failed(state, page, user, id, form_name, fields, errors).await
}

/// The message for a change the service refused, or the error when it is not the user's to fix.
pub fn refused(lang: Lang, form_name: &str, error: CaseError) -> AppResult<FieldErrors> {
    let mut errors = FieldErrors::default();
    let section = format!("actie-{form_name}");
    match error {
        CaseError::Transition(_) => errors.add(lang, &section, "inbox-error-not-now"),
        CaseError::NotIndependent => errors.add(lang, &section, "inbox-error-not-independent"),
        CaseError::UnknownDepartment => errors.add(
            lang,
            &format!("{form_name}-department"),
            "inbox-error-department",
        ),
        CaseError::Extension(e) => {
            let key = match e {
                ExtensionError::AlreadyExtended => "inbox-error-extension-once",
                ExtensionError::TooLate => "inbox-error-extension-too-late",
                ExtensionError::NotLater => "inbox-error-extension-not-later",
                ExtensionError::TooFar => "inbox-error-extension-too-far",
            };
            errors.add(lang, &format!("{form_name}-to"), key);
        }
        CaseError::NotFound => return Err(AppError::NotFound),
        CaseError::Database(e) => return Err(AppError::Database(e)),
        CaseError::Mail(e) => return Err(e.into()),
        other => return Err(AppError::Internal(other.to_string())),
    }
    Ok(errors)
}
