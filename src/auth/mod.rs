//! Staff sign-in: sessions, passwords, API tokens and roles.

mod account;
pub mod current_user;
mod login;
mod me;
pub mod password;
pub mod second_factor;
pub mod session_store;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use account::SECOND_FACTOR_PATH;
pub use me::{__path_show as __path_me, MeJson};

use crate::state::AppState;
use axum::{Router, routing::get, routing::post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/aanmelden", get(login::form).post(login::submit))
        .route(
            "/aanmelden/code",
            get(login::code_form).post(login::code_submit),
        )
        .route("/afmelden", post(login::sign_out))
        .route(
            "/mijn-account/tweestapsverificatie",
            get(account::second_factor),
        )
        .route(
            "/mijn-account/tweestapsverificatie/nieuw",
            post(account::start_enrolment),
        )
        .route(
            "/mijn-account/tweestapsverificatie/bevestigen",
            post(account::confirm_enrolment),
        )
        .route(
            "/mijn-account/tweestapsverificatie/uitzetten",
            post(account::turn_off),
        )
        .route("/api/v1/me", get(me::show))
}
