//! `/opvolging/{token}`: the resident follows a case by the link in the e-mail or on the
//! confirmation page, adds information, answers a question, withdraws, and says whether they
//! are satisfied once it is closed.

use super::{MAX_TEXT, too_long, view};
use crate::{
    cases::service::{self, By, Change, kind_of, status_of},
    domain::cases::{self, Action, Actor, Outcome, Status},
    entities::{case_photo, service_case},
    error::{AppError, AppResult},
    state::AppState,
    web::{forms::FieldErrors, i18n::Lang, page::Page},
};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use tera::Context;

async fn case_of(state: &AppState, token: &str) -> AppResult<service_case::Model> {
    service::by_token(&state.db, token)
        .await?
        .ok_or(AppError::NotFound)
}

/// `?bericht=...` after an action: what the page confirms.
#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    bericht: String,
    /// The answer the resident clicked in the "resolved" mail, preselected on the form.
    #[serde(default)]
    tevreden: String,
}

const NOTICES: [&str; 5] = [
    "toegevoegd",
    "ingetrokken",
    "heropend",
    "bedankt",
    "genoteerd",
];

/// What the resident typed in the forms of the page, kept when one comes back with errors.
#[derive(Serialize, Default)]
struct Typed {
    text: String,
    reason: String,
    comment: String,
    /// "ja" | "nee" | ""
    satisfied: String,
}

/// Which forms the page offers, from the transition table and the case's state.
#[derive(Serialize)]
struct Offers {
    add: bool,
    answer: bool,
    withdraw: bool,
    satisfaction: bool,
}

fn offers(case: &service_case::Model) -> Offers {
    let status = status_of(case);
    let actions = cases::actions_from(kind_of(case), status, Actor::Resident);
    // Asking a resident who withdrew or was sent elsewhere whether they are satisfied makes
    // no sense; every other closure gets the question once.
    let asked = !status.is_open()
        && case.satisfied.is_none()
        && status != Status::Cancelled
        && case.outcome != Outcome::Withdrawn.as_str();
    Offers {
        add: status.is_open(),
        answer: actions.contains(&Action::ResidentAnswers),
        withdraw: actions.contains(&Action::Withdraw),
        satisfaction: asked,
    }
}

async fn render(
    state: &AppState,
    page: &Page,
    case: &service_case::Model,
    notice: &str,
    typed: &Typed,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let view = view::case_view(&state.db, case, page.lang).await?;
    let mut context = Context::new();
    context.insert("case", &view);
    context.insert("offers", &offers(case));
    context.insert("token", &case.tracking_token);
    context.insert("tracking_url", &service::tracking_url(state, case));
    context.insert(
        "notice",
        &NOTICES.into_iter().find(|n| *n == notice).unwrap_or(""),
    );
    context.insert("typed", typed);
    context.insert("errors", errors);
    context.insert("max_text", &MAX_TEXT);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page.render_with_status(status, "cases/tracking.html", context)
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Query(notice): Query<Notice>,
) -> AppResult<Response> {
    let case = case_of(&state, &token).await?;
    render(
        &state,
        &page,
        &case,
        &notice.bericht,
        &Typed {
            satisfied: ["ja", "nee"]
                .into_iter()
                .find(|answer| *answer == notice.tevreden)
                .unwrap_or_default()
                .to_owned(),
            ..Default::default()
        },
        &FieldErrors::default(),
    )
    .await
}

/// The confirmation right after filing: the reference, the expected date and the link.
pub async fn received(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let case = case_of(&state, &token).await?;
    let view = view::case_view(&state.db, &case, page.lang).await?;
    let mut context = Context::new();
    context.insert("case", &view);
    context.insert("tracking_url", &service::tracking_url(&state, &case));
    context.insert(
        "acknowledge_days",
        &state.config.complaint_terms.acknowledge_days,
    );
    page.render("cases/received.html", context)
}

/// A photo of the case, only through its tracking link.
pub async fn photo(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let case = case_of(&state, &token).await?;
    let photo = case_photo::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|p| p.case_id == case.id)
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, photo.content_type),
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        photo.data,
    )
        .into_response())
}

fn back(case: &service_case::Model, notice: &str) -> Response {
    Redirect::to(&format!(
        "/opvolging/{}?bericht={notice}#bericht",
        case.tracking_token
    ))
    .into_response()
}

/// A change the table does not allow (the case moved on meanwhile) is shown, not failed.
fn refused(error: service::CaseError, lang: Lang) -> AppError {
    match error {
        service::CaseError::Transition(_) => {
            AppError::Conflict(lang.text("tracking-error-not-possible"))
        }
        other => super::case_error(other),
    }
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    text: String,
}

pub async fn add_information(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<AddForm>,
) -> AppResult<Response> {
    let case = case_of(&state, &token).await?;
    if !offers(&case).add {
        return Err(AppError::Conflict(
            page.lang.text("tracking-error-not-possible"),
        ));
    }
    let text = form.text.trim();
    let mut errors = FieldErrors::default();
    if text.is_empty() {
        errors.add(page.lang, "text", "tracking-error-text");
    } else if too_long(text, MAX_TEXT) {
        errors.add(page.lang, "text", "tracking-error-text-long");
    }
    if !errors.is_empty() {
        let typed = Typed {
            text: form.text,
            ..Default::default()
        };
        return render(&state, &page, &case, "", &typed, &errors).await;
    }
    service::resident_adds(&state, &case, text)
        .await
        .map_err(|e| refused(e, page.lang))?;
    Ok(back(&case, "toegevoegd"))
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    reason: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<WithdrawForm>,
) -> AppResult<Response> {
    let case = case_of(&state, &token).await?;
    let reason = form.reason.trim();
    if too_long(reason, MAX_TEXT) {
        let mut errors = FieldErrors::default();
        errors.add(page.lang, "reason", "tracking-error-text-long");
        let typed = Typed {
            reason: form.reason,
            ..Default::default()
        };
        return render(&state, &page, &case, "", &typed, &errors).await;
    }
    service::apply(
        &state,
        case.id,
        Change::Withdraw {
            reason: reason.to_owned(),
        },
        &By::Resident,
    )
    .await
    .map_err(|e| refused(e, page.lang))?;
    Ok(back(&case, "ingetrokken"))
}

#[derive(Deserialize)]
pub struct SatisfactionForm {
    #[serde(default)]
    satisfied: String,
    #[serde(default)]
    comment: String,
}

pub async fn satisfaction(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
    Form(form): Form<SatisfactionForm>,
) -> AppResult<Response> {
    let case = case_of(&state, &token).await?;
    if !offers(&case).satisfaction {
        return Err(AppError::Conflict(
            page.lang.text("tracking-error-not-possible"),
        ));
    }
    let satisfied = match form.satisfied.as_str() {
        "ja" => Some(true),
        "nee" => Some(false),
        _ => None,
    };
    let comment = form.comment.trim();
    let mut errors = FieldErrors::default();
    if satisfied.is_none() {
        errors.add(page.lang, "satisfied", "tracking-error-satisfied");
    }
    if too_long(comment, MAX_TEXT) {
        errors.add(page.lang, "comment", "tracking-error-text-long");
    }
    let Some(satisfied) = satisfied.filter(|_| errors.is_empty()) else {
        let typed = Typed {
            satisfied: form.satisfied,
            comment: form.comment,
            ..Default::default()
        };
        return render(&state, &page, &case, "", &typed, &errors).await;
    };
    let updated = service::satisfaction(&state, &case, satisfied, comment)
        .await
        .map_err(|e| refused(e, page.lang))?;
    let notice = if satisfied {
        "bedankt"
    } else if status_of(&updated) == Status::Reopened {
        "heropend"
    } else {
        "genoteerd"
    };
    Ok(back(&case, notice))
}
