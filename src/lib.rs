//! Loket: the service desk of a Flemish municipality.

pub mod admin;
pub mod appointments;
pub mod audit;
pub mod auth;
pub mod bench;
pub mod cache;
pub mod cases;
pub mod catalogue;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod generate;
pub mod import;
pub mod mail;
pub mod outbox;
pub mod policy;
pub mod privacy;
pub mod queue;
pub mod reports;
pub mod seed;
pub mod site;
pub mod state;
pub mod web;

use crate::{
    auth::session_store::DbSessionStore,
    cache::{Change, note_changes},
    error::AppError,
    state::AppState,
};
use axum::{Router, middleware};
use tower_http::{csrf::CsrfLayer, services::ServeDir};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("loket_session")
        .with_http_only(true)
        // Lax, so a resident following a link from an e-mail arrives signed in.
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(
                state.config.session_idle_minutes.into(),
            ),
        ));

    // Every write through these routes makes the caches read that kind of data again.
    let changes = |change| middleware::from_fn_with_state((state.clone(), change), note_changes);
    Router::new()
        .merge(site::routes())
        .merge(catalogue::routes())
        .merge(policy::routes())
        .merge(auth::routes())
        .merge(admin::routes(state.clone()).layer(changes(Change::Catalogue)))
        .merge(appointments::routes(state.clone()).layer(changes(Change::Bookings)))
        .merge(queue::routes(state.clone()).layer(changes(Change::Queue)))
        .merge(queue::api::api_routes(state.clone()).layer(changes(Change::Queue)))
        .merge(cases::intake::routes())
        .merge(cases::inbox::routes(state.clone()))
        .merge(cases::open311::routes())
        .merge(cases::api::api_routes(state.clone()))
        .merge(reports::routes(state.clone()))
        .nest_service("/static", ServeDir::new(&state.config.static_dir))
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::current_user::authenticate,
        ))
        .layer(middleware::from_fn(web::layers::refuse_nul))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::layers::render_errors,
        ))
        // A state-changing request from another site is refused with 403 (Sec-Fetch-Site/Origin).
        .layer(CsrfLayer::new())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::layers::security_headers,
        ))
        .with_state(state)
}
