//! `/balie/meldingen`: the staff side of complaints and reports. The inbox with its filters,
//! the case page with its history, and one small handler per action the transition table
//! allows; each parses its own fields and calls `service::apply`. Handlers and higher.

mod admit;
mod ask;
mod cancel;
mod close;
mod decide;
mod extend;
mod forward;
mod list;
mod message;
mod reject;
mod reopen;
mod resolve;
mod review;
mod schedule;
mod show;
mod submit;
mod take;
mod triage;

use crate::{
    auth::current_user::require_role,
    domain::{cases::Action, role::Role},
    state::AppState,
};
use axum::{
    Router, middleware,
    routing::{get, post},
};

pub const INBOX: &str = "/balie/meldingen";

/// The Dutch path segment of each staff action's form, below the case's page.
pub fn slug(action: Action) -> &'static str {
    match action {
        Action::Triage => "toewijzen",
        Action::AskResident => "vraag",
        Action::Schedule => "inplannen",
        Action::Forward => "doorsturen",
        Action::Resolve => "oplossen",
        Action::Reopen => "heropenen",
        Action::Cancel => "stopzetten",
        Action::StartReview => "ontvankelijkheid",
        Action::Admit => "ontvankelijk",
        Action::Reject => "niet-ontvankelijk",
        Action::Extend => "verlengen",
        Action::Decide => "beslissen",
        Action::Close => "afsluiten",
        // The resident's own actions, from the tracking page; staff never get their forms.
        Action::ResidentAnswers => "antwoord",
        Action::Withdraw => "intrekken",
    }
}

fn action_path(action: Action) -> String {
    format!("{INBOX}/{{id}}/{}", slug(action))
}

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route(INBOX, get(list::page))
        .route(&format!("{INBOX}/{{id}}"), get(show::page))
        .route(&format!("{INBOX}/{{id}}/fotos/{{photo}}"), get(show::photo))
        .route(&format!("{INBOX}/{{id}}/nemen"), post(take::post))
        .route(&format!("{INBOX}/{{id}}/bericht"), post(message::public))
        .route(&format!("{INBOX}/{{id}}/notitie"), post(message::note))
        .route(&action_path(Action::Triage), post(triage::post))
        .route(&action_path(Action::AskResident), post(ask::post))
        .route(&action_path(Action::Schedule), post(schedule::post))
        .route(&action_path(Action::Forward), post(forward::post))
        .route(&action_path(Action::Resolve), post(resolve::post))
        .route(&action_path(Action::Reopen), post(reopen::post))
        .route(&action_path(Action::Cancel), post(cancel::post))
        .route(&action_path(Action::StartReview), post(review::post))
        .route(&action_path(Action::Admit), post(admit::post))
        .route(&action_path(Action::Reject), post(reject::post))
        .route(&action_path(Action::Extend), post(extend::post))
        .route(&action_path(Action::Decide), post(decide::post))
        .route(&action_path(Action::Close), post(close::post))
        .route_layer(middleware::from_fn_with_state(
            (state, Role::Handler),
            require_role,
        ))
}
