//! `/beheer`: administrators manage products, clusters, counters, opening hours, closing days,
//! the policy plan and its links, users and API tokens.

mod dashboard;
mod outbox;
mod products;

use crate::{auth::current_user::require_role, domain::role::Role, state::AppState};
use axum::{Router, middleware, routing::get};

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/beheer", get(dashboard::page))
        .route("/beheer/uitgaande-mail", get(outbox::page))
        .route("/beheer/producten", get(products::list))
        .route("/beheer/producten/nieuw", get(products::new_form).post(products::create))
        .route("/beheer/producten/{id}", get(products::edit_form).post(products::update))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Admin),
            require_role,
        ))
}
