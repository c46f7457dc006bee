//! `/balie/meldingen/{id}`: everything about one case, its history, and a form for each step
//! the transition table allows staff now. Contact data only for the case's department and
//! for managers.

use super::{INBOX, cancel, slug};
use crate::{
    audit,
    auth::current_user::{CurrentUser, Staff},
    cases::service::{self, kind_of, status_of},
    domain::{
        cases::{self, Action, Actor, InadmissibleReason, OMBUDSMAN_NORMS, Outcome},
        policy::LinkTarget,
        role::Role,
    },
    entities::{case_category, case_event, case_photo, department, service_case, staff_user},
    error::{AppError, AppResult},
    policy::service::nodes_linked_to,
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields, Saved},
        i18n::Lang,
        page::Page,
    },
};
use axum::{
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Staff(user): Staff,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let mut context = case_context(&state, page.lang, &user, id, HashMap::new()).await?;
    context.insert("saved", &saved.shown());
    context.insert("errors", &FieldErrors::default());
    page.render("cases_staff/case.html", context)
}

/// The case page again after a form failed: its messages, and the typed values under the
/// same `<form>-<field>` ids.
pub async fn render_failed(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    id: i32,
    form_name: &str,
    fields: &FormFields,
    errors: FieldErrors,
) -> AppResult<Response> {
    let typed: HashMap<String, String> = ["question", "on", "message", "organisation"]
        .into_iter()
        .chain([
            "closing_text",
            "reason",
            "duplicate_of",
            "explanation",
            "to",
            "motivation",
            "outcome",
            "improvement_actions",
            "text",
            "department",
            "assignee",
        ])
        .map(|f| (format!("{form_name}-{f}"), fields.get(f).to_owned()))
        .collect();
    let mut context = case_context(state, page.lang, user, id, typed).await?;
    context.insert("saved", &false);
    context.insert("errors", &errors);
    context.insert("failed", form_name);
    context.insert(
        "checked_norms",
        &fields.all("norms").into_iter().collect::<Vec<_>>(),
    );
    page.render_invalid("cases_staff/case.html", context)
}

/// A photo of a case, for staff only (residents' photos are not public).
pub async fn photo(
    State(state): State<AppState>,
    Path((id, photo)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let photo = case_photo::Entity::find_by_id(photo)
        .filter(case_photo::Column::CaseId.eq(id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let content_type = match photo.content_type.as_str() {
        "image/png" => "image/png",
        _ => "image/jpeg",
    };
    let mut response = (StatusCode::OK, photo.data).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(response)
}

#[derive(Serialize)]
struct EventView {
    at: DateTime<Utc>,
    actor: String,
    what: String,
    from: String,
    to: String,
    public: bool,
    body: String,
}

#[derive(Serialize)]
struct Linked {
    id: i32,
    reference: String,
    relation: String,
}

#[derive(Serialize)]
struct ActionView {
    name: &'static str,
    label: String,
    path: String,
}

#[derive(Serialize)]
struct Contact {
    name: String,
    email: String,
    phone: String,
}

/// The label of a history line: a step of the transition table, or another kind of event
/// (a message, a note, the resident's satisfaction); an unknown kind is shown as it is stored.
fn event_label(lang: Lang, kind: &str) -> String {
    let key = match kind.parse::<Action>() {
        Ok(action) => format!("case-action-{}", action.as_str()),
        Err(_) => format!("inbox-event-{kind}"),
    };
    lang.try_text(&key, &HashMap::new())
        .unwrap_or_else(|| kind.to_owned())
}

fn status_label(lang: Lang, status: &str) -> String {
    if status.is_empty() {
        return String::new();
    }
    lang.try_text(&format!("case-status-{status}"), &HashMap::new())
        .unwrap_or_else(|| status.to_owned())
}

async fn case_context(
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    id: i32,
    typed: HashMap<String, String>,
) -> AppResult<Context> {
    let db = &state.db;
    let case = service_case::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = kind_of(&case);
    let status = status_of(&case);
    let today = state.clock.today();
    let category = case_category::Entity::find_by_id(case.category_id)
        .one(db)
        .await?;
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(db)
        .await?;
    let department_name = |id: Option<i32>| {
        departments
            .iter()
            .find(|d| Some(d.id) == id)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    };
    let staff: Vec<staff_user::Model> = staff_user::Entity::find()
        .filter(staff_user::Column::Active.eq(true))
        .order_by_asc(staff_user::Column::DisplayName)
        .all(db)
        .await?;
    let staff_name = |id: Option<i32>| {
        staff
            .iter()
            .find(|u| Some(u.id) == id)
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    };
    let handlers: Vec<serde_json::Value> = staff
        .iter()
        .filter(|u| {
            u.role
                .parse::<Role>()
                .is_ok_and(|r| r.includes(Role::Handler))
        })
        .map(|u| serde_json::json!({"id": u.id.to_string(), "name": u.display_name}))
        .collect();

    let contact_visible = user.role.includes(Role::Manager)
        || service::works_in(db, user.id, case.department_id).await?;
    let contact = contact_visible.then(|| Contact {
        name: case.name.clone(),
        email: case.email.clone(),
        phone: case.phone.clone(),
    });
    let has_contact = !(case.name.is_empty() && case.email.is_empty() && case.phone.is_empty());
    if contact_visible && has_contact {
        audit::record(
            db,
            audit::Actor::user(user),
            "contact_data_viewed",
            &case.reference,
            "",
            state.clock.now(),
        )
        .await?;
    }

    let mut linked = Vec::new();
    for (other, relation) in [
        (case.duplicate_of, "inbox-linked-duplicate-of"),
        (case.converted_from, "inbox-linked-converted-from"),
    ] {
        if let Some(other) = other
            && let Some(o) = service_case::Entity::find_by_id(other).one(db).await?
        {
            linked.push(Linked {
                id: o.id,
                reference: o.reference,
                relation: lang.text(relation),
            });
        }
    }
    for (column, relation) in [
        (service_case::Column::DuplicateOf, "inbox-linked-duplicate"),
        (
            service_case::Column::ConvertedFrom,
            "inbox-linked-converted-to",
        ),
    ] {
        for o in service_case::Entity::find()
            .filter(column.eq(case.id))
            .order_by_asc(service_case::Column::Id)
            .all(db)
            .await?
        {
            linked.push(Linked {
                id: o.id,
                reference: o.reference,
                relation: lang.text(relation),
            });
        }
    }

    let events: Vec<EventView> = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .order_by_asc(case_event::Column::At)
        .order_by_asc(case_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EventView {
            at: e.at,
            actor: e.actor,
            what: event_label(lang, &e.kind),
            from: status_label(lang, &e.from_status),
            to: if e.from_status == e.to_status {
                String::new()
            } else {
                status_label(lang, &e.to_status)
            },
            public: e.public,
            body: e.body,
        })
        .collect();

    let photos: Vec<i32> = case_photo::Entity::find()
        .filter(case_photo::Column::CaseId.eq(case.id))
        .select_only()
        .column(case_photo::Column::Id)
        .order_by_asc(case_photo::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let policy = nodes_linked_to(db, LinkTarget::Category, &[case.category_id], today)
        .await?
        .remove(&case.category_id)
        .unwrap_or_default();

    let actions: Vec<ActionView> = cases::actions_from(kind, status, Actor::Staff)
        .into_iter()
        .map(|a| ActionView {
            name: a.as_str(),
            label: lang.text(&format!("case-action-{}", a.as_str())),
            path: format!("{INBOX}/{}/{}", case.id, slug(a)),
        })
        .collect();
    let can_take = actions.iter().any(|a| a.name == Action::Triage.as_str())
        && case.assigned_to != Some(user.id);
    let overdue = status.is_open() && case.paused_on.is_none() && case.due_on < today;

    // Contact data never reaches the template unless it may be shown.
    let mut shown = serde_json::to_value(&case).map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(map) = shown.as_object_mut() {
        for private in ["name", "email", "phone"] {
            map.remove(private);
        }
    }

    // What the forms show before anything was typed: the case's own department and handler.
    let mut form: HashMap<String, String> = HashMap::from([
        (
            "triage-department".to_owned(),
            case.department_id.to_string(),
        ),
        (
            "triage-assignee".to_owned(),
            case.assigned_to.map(|a| a.to_string()).unwrap_or_default(),
        ),
    ]);
    form.extend(typed);
    let departments: Vec<serde_json::Value> = departments
        .iter()
        .map(|d| serde_json::json!({"id": d.id.to_string(), "name": d.name}))
        .collect();

    let mut context = Context::new();
    context.insert("form", &form);
    context.insert("case", &shown);
    context.insert(
        "kind_label",
        &lang.text(&format!("case-kind-{}", kind.as_str())),
    );
    context.insert("status_label", &status_label(lang, status.as_str()));
    context.insert("is_open", &status.is_open());
    context.insert("overdue", &overdue);
    context.insert("category", &category.map(|c| c.name).unwrap_or_default());
    context.insert("department", &department_name(Some(case.department_id)));
    context.insert(
        "about_department",
        &department_name(case.about_department_id),
    );
    context.insert("assignee", &staff_name(case.assigned_to));
    context.insert("decided_by", &staff_name(case.decided_by));
    context.insert("contact", &contact);
    context.insert(
        "satisfaction",
        &case
            .satisfied
            .map(|yes| lang.text(if yes { "inbox-yes" } else { "inbox-no" })),
    );
    context.insert("linked", &linked);
    context.insert("events", &events);
    context.insert("photos", &photos);
    context.insert("policy", &policy);
    context.insert("actions", &actions);
    context.insert("can_take", &can_take);
    context.insert("departments", &departments);
    context.insert("handlers", &handlers);
    context.insert("today", &today.to_string());
    context.insert(
        "latest_extension",
        &state
            .config
            .complaint_terms
            .latest_extension(crate::clock::local_day(case.received_at))
            .to_string(),
    );
    context.insert(
        "reasons",
        &InadmissibleReason::ALL.map(|r| r.as_str()).to_vec(),
    );
    context.insert("outcomes", &Outcome::ALL.map(|o| o.as_str()).to_vec());
    context.insert("norms", &OMBUDSMAN_NORMS.to_vec());
    context.insert("cancel_reasons", &cancel::REASONS.to_vec());
    context.insert("checked_norms", &Vec::<String>::new());
    context.insert("failed", "");
    Ok(context)
}
