//! One error type for every handler. A handler returns `AppError`; the `render_errors` layer
//! turns it into an HTML page or an `application/problem+json` document (RFC 9457), depending
//! on who asked.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("invalid input")]
    Invalid(Vec<InvalidParam>),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("template: {0}")]
    Template(#[from] tera::Error),
    #[error("{0}")]
    Internal(String),
}

/// One invalid field of a request, as listed in a problem document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InvalidParam {
    pub name: String,
    pub reason: String,
}

/// What the error layer needs to render a failed response; travels as a response extension.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            // The database is down or out of connections: say so at once and let the caller
            // retry, rather than a generic failure.
            AppError::Database(sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_)) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Database(_) | AppError::Template(_) | AppError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        let (kind, title) = match self {
            AppError::NotFound => ("about:blank", "Niet gevonden"),
            AppError::Unauthorized => ("about:blank", "Aanmelden nodig"),
            AppError::Forbidden => ("about:blank", "Geen toegang"),
            AppError::BadRequest(_) => ("about:blank", "Ongeldige vraag"),
            AppError::Invalid(_) => ("/problems/invalid-input", "Ongeldige invoer"),
            AppError::Conflict(_) => ("/problems/conflict", "Niet meer mogelijk"),
            _ if status == StatusCode::SERVICE_UNAVAILABLE => {
                ("about:blank", "Tijdelijk niet beschikbaar")
            }
            _ => ("about:blank", "Er ging iets mis"),
        };
        Problem {
            kind,
            title,
            status: status.as_u16(),
            // Internal details go to the log, never to the visitor.
            detail: match self {
                AppError::BadRequest(detail) | AppError::Conflict(detail) => Some(detail.clone()),
                _ => None,
            },
            invalid_params: match self {
                AppError::Invalid(params) => params.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self.problem());
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
