//! `/beheer`: administrators manage products, clusters, counters, opening hours, closing days,
//! the policy plan and its links, users and API tokens.

mod dashboard;
mod outbox;

use crate::{auth::current_user::require_role, domain::role::Role, state::AppState};
use axum::{Router, middleware, routing::get};

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/beheer", get(dashboard::page))
        .route("/beheer/uitgaande-mail", get(outbox::page))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Admin),
            require_role,
        ))
}
