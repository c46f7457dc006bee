//! Assign a report to a department and optionally a handler (internal: no mail).

use super::submit::{self, Input};
use crate::{
    auth::current_user::Staff,
    cases::service::Change,
    domain::{cases::Action, role::Role},
    entities::staff_user,
    error::AppResult,
    state::AppState,
    web::{forms::FormFields, page::Page},
};
use axum::{
    extract::{Path, State},
    response::Response,
};
use sea_orm::EntityTrait;

pub async fn post(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let mut input = Input::new(Action::Triage.as_str(), &fields, page.lang);
    let department_id = fields.get("department").parse::<i32>().ok();
    if department_id.is_none() {
        input.fail("department", "inbox-error-department");
    }
    let assigned_to = match fields.get("assignee") {
        "" => None,
        raw => {
            let handler = match raw.parse::<i32>() {
                Ok(id) => staff_user::Entity::find_by_id(id).one(&state.db).await?,
                Err(_) => None,
            };
            // Only an active handler (or higher) can be given a case.
            let handler = handler.filter(|u| {
                u.active
                    && u.role
                        .parse::<Role>()
                        .is_ok_and(|r| r.includes(Role::Handler))
            });
            if handler.is_none() {
                input.fail("assignee", "inbox-error-assignee");
            }
            handler.map(|u| u.id)
        }
    };
    let parsed = input.finish(|| Change::Triage {
        department_id: department_id.unwrap_or_default(),
        assigned_to,
    });
    submit::apply(&state, &page, &user, id, Action::Triage, &fields, parsed).await
}
