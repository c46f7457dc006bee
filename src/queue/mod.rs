//! The front office: kiosk tickets, appointment check-in, counters calling visitors, the call
//! display, and the live queue.

pub mod actions;
pub mod api;
mod console;
mod display;
pub mod import;
pub mod jobs;
mod kiosk;
pub mod live;
pub mod service;
pub mod status;

use crate::{
    auth::current_user::require_role,
    domain::role::Role,
    entities::{cluster, visit},
    state::AppState,
};
use axum::{
    Router, middleware,
    routing::{get, post},
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub fn routes(state: AppState) -> Router<AppState> {
    let staff = Router::new()
        .route("/balie", get(console::choose))
        .route("/balie/kies", get(console::chosen))
        .route("/balie/loket/{id}", get(console::page))
        .route("/balie/loket/{id}/volgende", post(console::next))
        .route("/balie/loket/{id}/opnieuw", post(console::recall))
        .route("/balie/loket/{id}/klaar", post(console::finish))
        .route("/balie/loket/{id}/doorverwijzen", post(console::transfer))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Frontoffice),
            require_role,
        ));
    Router::new()
        .route("/kiosk", get(kiosk::page))
        .route("/kiosk/volgnummer", post(kiosk::take_ticket))
        .route("/kiosk/volgnummer/{id}", get(kiosk::ticket))
        .route("/kiosk/inchecken", post(kiosk::check_in))
        .route("/scherm", get(display::all))
        .route("/scherm/events", get(display::events))
        .route("/scherm/{cluster}", get(display::one))
        .merge(staff)
}

/// The waiting visitors of a cluster in the order Volgende calls them (the rule of
/// `service::call_next`): ready ones first (appointments before walk-ins when the cluster says
/// so), each by ready time; then those not ready yet.
pub(crate) async fn waiting_in_call_order(
    db: &impl ConnectionTrait,
    cluster: &cluster::Model,
    now: DateTime<Utc>,
) -> Result<Vec<visit::Model>, DbErr> {
    let mut waiting = visit::Entity::find()
        .filter(visit::Column::ClusterId.eq(cluster.id))
        .filter(visit::Column::Status.eq(service::WAITING))
        .all(db)
        .await?;
    waiting.sort_by_key(|v| {
        let ready = v.ready_at <= now;
        let walk_in_first = ready && cluster.appointments_first && v.kind != service::APPOINTMENT;
        (!ready, walk_in_first, v.ready_at, v.id)
    });
    Ok(waiting)
}

/// Whole minutes, rounded up, for "about 5 minutes" (0 stays 0).
pub(crate) fn minutes_up(seconds: i64) -> i64 {
    (seconds.max(0) + 59) / 60
}

/// An appointment that came too late and was queued as a walk-in.
pub(crate) fn is_late_arrival(visit: &visit::Model) -> bool {
    visit.appointment_id.is_some() && visit.kind == service::WALK_IN
}
