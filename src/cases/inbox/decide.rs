//! Decide a complaint: the outcome, the motivation, the ombudsman norms breached and the
//! improvement actions, all mailed. A handler of the department it is about cannot decide it.

use super::submit::{self, Input};
use crate::{
    auth::current_user::Staff,
    cases::service::Change,
    domain::cases::{Action, OMBUDSMAN_NORMS, Outcome},
    error::AppResult,
    state::AppState,
    web::{forms::FormFields, page::Page},
};
use axum::{
    extract::{Path, State},
    response::Response,
};

pub async fn post(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let mut input = Input::new(Action::Decide.as_str(), &fields, page.lang);
    let outcome = fields.get("outcome").parse::<Outcome>().ok();
    if outcome.is_none() {
        input.fail("outcome", "inbox-error-choose");
    }
    let motivation = input.text("motivation", true);
    let norms: Vec<String> = fields.all("norms").into_iter().map(str::to_owned).collect();
    if norms.iter().any(|n| !OMBUDSMAN_NORMS.contains(&n.as_str())) {
        input.fail("norms", "inbox-error-choose");
    }
    let improvement_actions = input.text("improvement_actions", false);
    let parsed = input.finish(|| Change::Decide {
        outcome: outcome.unwrap_or(Outcome::Unfounded),
        motivation,
        norms,
        improvement_actions,
    });
    submit::apply(&state, &page, &user, id, Action::Decide, &fields, parsed).await
}
