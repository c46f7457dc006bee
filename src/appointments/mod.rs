//! Online appointments: free times, booking, the manage link, the waiting list for an earlier
//! time, staff booking on behalf of residents, and the JSON API.

mod actions;
mod api;
pub mod booking;
pub mod jobs;
mod pages;
pub mod schedule;
mod staff;
mod view;

use crate::{auth::current_user::require_role, domain::role::Role, state::AppState};
use axum::{
    Router, middleware,
    routing::{delete, get, post},
};

pub use api::{
    __path_cancel, __path_create, __path_slots, BookedJson, BookingJson, SlotJson, SlotsJson,
};

pub fn routes(state: AppState) -> Router<AppState> {
    let staff = Router::new()
        .route("/balie/agenda", get(staff::agenda))
        .route(
            "/balie/agenda/nieuw",
            get(staff::booking_form).post(staff::booking_submit),
        )
        .route("/balie/agenda/{id}/annuleren", post(staff::cancel))
        .route("/balie/agenda/{id}/niet-gekomen", post(staff::no_show))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Frontoffice),
            require_role,
        ));
    Router::new()
        .route("/afspraak", get(pages::products))
        .route("/afspraak/{slug}", get(pages::times))
        .route(
            "/afspraak/{slug}/gegevens",
            get(pages::details_form).post(pages::details_submit),
        )
        .route("/afspraak/beheer/{token}", get(pages::manage))
        .route(
            "/afspraak/beheer/{token}/agenda.ics",
            get(pages::calendar_file),
        )
        .route(
            "/afspraak/beheer/{token}/verplaatsen",
            get(pages::move_times).post(pages::move_submit),
        )
        .route("/afspraak/beheer/{token}/annuleren", post(pages::cancel))
        .route(
            "/afspraak/beheer/{token}/wachtlijst",
            post(pages::join_waitlist),
        )
        .route(
            "/afspraak/vrij/{token}",
            get(pages::offer).post(pages::take_offer),
        )
        .route("/api/v1/products/{slug}/slots", get(api::slots))
        .route("/api/v1/appointments", post(api::create))
        .route("/api/v1/appointments/{token}", delete(api::cancel))
        .merge(staff)
}
