//! Declare a complaint inadmissible, with one of the reasons of the complaint regulation; the
//! resident is mailed the reason and where to go instead. "Not a complaint" makes it a report.

use super::submit::{self, Input};
use crate::{
    auth::current_user::Staff,
    cases::service::Change,
    domain::cases::{Action, InadmissibleReason},
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
    let mut input = Input::new(Action::Reject.as_str(), &fields, page.lang);
    let reason = fields.get("reason").parse::<InadmissibleReason>().ok();
    if reason.is_none() {
        input.fail("reason", "inbox-error-choose");
    }
    // Forwarded to whom: the resident must know where their complaint went.
    let explanation = input.text(
        "explanation",
        reason == Some(InadmissibleReason::NotCompetent),
    );
    let parsed = input.finish(|| Change::Reject {
        reason: reason.unwrap_or(InadmissibleReason::Anonymous),
        explanation,
    });
    submit::apply(&state, &page, &user, id, Action::Reject, &fields, parsed).await
}
