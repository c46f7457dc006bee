//! Staff sign-in: sessions, passwords, API tokens and roles.

pub mod current_user;
mod login;
mod me;
pub mod password;
pub mod session_store;
pub mod tokens;
pub mod users;

pub use me::{__path_show as __path_me, MeJson};

use crate::state::AppState;
use axum::{Router, routing::get, routing::post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/aanmelden", get(login::form).post(login::submit))
        .route("/afmelden", post(login::sign_out))
        .route("/api/v1/me", get(me::show))
}
