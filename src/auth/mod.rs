//! Staff sign-in: sessions, passwords, API tokens and roles.

pub mod current_user;
mod login;
pub mod password;
pub mod session_store;
pub mod tokens;
pub mod users;

use crate::state::AppState;
use axum::{Router, routing::get, routing::post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/aanmelden", get(login::form).post(login::submit))
        .route("/afmelden", post(login::sign_out))
}
