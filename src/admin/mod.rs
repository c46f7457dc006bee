//! `/beheer`: administrators manage products, clusters, counters, opening hours, closing days,
//! the policy plan and its links, indicators, users and API tokens; managers also enter the
//! measurements of indicators.

mod audit;
mod closing_days;
mod clusters;
mod counters;
mod dashboard;
mod departments;
mod hours;
mod indicators;
mod outbox;
mod policy;
mod privacy;
mod products;
mod users;

use crate::{auth::current_user::require_role, domain::role::Role, state::AppState};
use axum::{
    Router, middleware,
    routing::{get, post},
};

pub fn routes(state: AppState) -> Router<AppState> {
    // Managers answer for the figures, so they enter the yearly measurements themselves.
    let managers = Router::new()
        .route("/beheer/indicatoren", get(indicators::list))
        .route(
            "/beheer/indicatoren/{id}/metingen",
            get(indicators::measurements::page).post(indicators::measurements::add),
        )
        .route(
            "/beheer/indicatoren/{id}/metingen/{measurement_id}/verwijderen",
            post(indicators::measurements::remove),
        )
        .route_layer(middleware::from_fn_with_state(
            (state.clone(), Role::Manager),
            require_role,
        ));
    Router::new()
        .route("/beheer", get(dashboard::page))
        .route("/beheer/uitgaande-mail", get(outbox::page))
        .route("/beheer/audit", get(audit::page))
        .route("/beheer/privacy", get(privacy::page))
        .route("/beheer/privacy/export", post(privacy::export))
        .route("/beheer/privacy/wissen", post(privacy::erase))
        .route("/beheer/producten", get(products::list))
        .route(
            "/beheer/producten/nieuw",
            get(products::new_form).post(products::create),
        )
        .route(
            "/beheer/producten/{id}",
            get(products::edit_form).post(products::update),
        )
        .route("/beheer/diensten", get(clusters::list))
        .route(
            "/beheer/diensten/nieuw",
            get(clusters::new_form).post(clusters::create),
        )
        .route(
            "/beheer/diensten/{id}",
            get(clusters::edit_form).post(clusters::update),
        )
        .route(
            "/beheer/diensten/{id}/loketten",
            get(counters::list).post(counters::save),
        )
        .route(
            "/beheer/diensten/{id}/openingsuren",
            get(hours::opening_form).post(hours::opening_save),
        )
        .route(
            "/beheer/diensten/{id}/afspraakuren",
            get(hours::appointment_form).post(hours::appointment_save),
        )
        .route(
            "/beheer/sluitingsdagen",
            get(closing_days::list).post(closing_days::add),
        )
        .route(
            "/beheer/sluitingsdagen/{id}/verwijderen",
            post(closing_days::remove),
        )
        .route("/beheer/beleid", get(policy::tree))
        .route(
            "/beheer/beleid/nieuw",
            get(policy::new_node).post(policy::create_node),
        )
        .route(
            "/beheer/beleid/{id}",
            get(policy::edit_node).post(policy::update_node),
        )
        .route(
            "/beheer/beleid/{id}/koppelingen",
            get(policy::links).post(policy::add_link),
        )
        .route(
            "/beheer/beleid/{id}/koppelingen/{link_id}/verwijderen",
            post(policy::delete_link),
        )
        .route(
            "/beheer/indicatoren/nieuw",
            get(indicators::form::new_form).post(indicators::form::create),
        )
        .route(
            "/beheer/indicatoren/{id}",
            get(indicators::form::edit_form).post(indicators::form::update),
        )
        .route(
            "/beheer/indicatoren/{id}/streefwaarden",
            post(indicators::targets::add),
        )
        .route(
            "/beheer/indicatoren/{id}/streefwaarden/{target_id}/verwijderen",
            post(indicators::targets::remove),
        )
        .route("/beheer/afdelingen", get(departments::list))
        .route(
            "/beheer/afdelingen/{id}",
            get(departments::edit_form).post(departments::update),
        )
        .route(
            "/beheer/afdelingen/{id}/sleutel",
            post(departments::new_secret),
        )
        .route("/beheer/gebruikers", get(users::list))
        .route(
            "/beheer/gebruikers/nieuw",
            get(users::new_form).post(users::create),
        )
        .route(
            "/beheer/gebruikers/{id}",
            get(users::edit_form).post(users::update),
        )
        .route("/beheer/gebruikers/{id}/sleutels", post(users::issue_token))
        .route(
            "/beheer/gebruikers/{id}/sleutels/{token_id}/intrekken",
            post(users::revoke_token),
        )
        .route(
            "/beheer/gebruikers/{id}/tweestapsverificatie/uitzetten",
            post(users::reset_second_factor),
        )
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Admin),
            require_role,
        ))
        .merge(managers)
}
