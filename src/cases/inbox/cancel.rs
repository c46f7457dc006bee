//! Stop a report: spam, withdrawn by phone or at the counter, or a duplicate of another report
//! (linked by its reference). Internal: no mail.

use super::submit::{self, Input};
use crate::{
    auth::current_user::Staff,
    cases::service::Change,
    domain::cases::{Action, CaseReference},
    entities::service_case,
    error::AppResult,
    state::AppState,
    web::{forms::FormFields, page::Page},
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub const REASONS: [&str; 3] = ["spam", "withdrawn", "duplicate"];

pub async fn post(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let mut input = Input::new(Action::Cancel.as_str(), &fields, page.lang);
    let reason = fields.get("reason");
    if !REASONS.contains(&reason) {
        input.fail("reason", "inbox-error-choose");
    }
    let raw = input.line("duplicate_of", reason == "duplicate");
    let mut duplicate_of = None;
    if !raw.is_empty() {
        match raw.parse::<CaseReference>() {
            Ok(reference) => {
                let original = service_case::Entity::find()
                    .filter(service_case::Column::Reference.eq(reference.to_string()))
                    .one(&state.db)
                    .await?;
                match original {
                    Some(o) if o.id != id => duplicate_of = Some(o.id),
                    Some(_) => input.fail("duplicate_of", "inbox-error-duplicate-self"),
                    None => input.fail("duplicate_of", "inbox-error-reference-unknown"),
                }
            }
            Err(_) => input.fail("duplicate_of", "inbox-error-reference-format"),
        }
    }
    let label = if REASONS.contains(&reason) {
        page.lang.text(&format!("inbox-cancel-reason-{reason}"))
    } else {
        String::new()
    };
    let parsed = input.finish(|| Change::Cancel {
        reason: label,
        duplicate_of,
    });
    submit::apply(&state, &page, &user, id, Action::Cancel, &fields, parsed).await
}
