//! `/klacht`: a complaint about how the municipality acted, with the procedure and its terms
//! explained before the resident starts.

use super::{Limits, MAX_TEXT, is_bot, phone_ok, too_long, too_many, view};
use crate::{
    cases::service::{self, Channel, NewCase},
    clock::local_day,
    domain::{cases::CaseKind, email::EmailAddress},
    entities::department,
    error::AppResult,
    state::AppState,
    web::{dates::long_date, forms::FieldErrors, i18n::Lang, page::Page},
};
use axum::{
    Extension, Form,
    extract::{ConnectInfo, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;
use sea_orm::{EntityTrait, QueryOrder};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use tera::Context;

const MAX_NAME: usize = 200;

/// What the resident typed, kept when the form comes back with errors.
#[derive(Deserialize, Serialize, Default, Debug)]
pub struct ComplaintForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    happened_on: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    expectation: String,
    #[serde(default, rename = "website")]
    honeypot: String,
}

async fn form_context(
    state: &AppState,
    lang: Lang,
    form: &ComplaintForm,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let categories: Vec<view::CategoryView> = view::categories(&state.db, CaseKind::Complaint)
        .await?
        .into_iter()
        .map(view::CategoryView::from)
        .collect();
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(&state.db)
        .await?;
    let terms = state.config.complaint_terms;
    let today = local_day(state.clock.now());
    let mut context = Context::new();
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("categories", &categories);
    context.insert("departments", &departments);
    context.insert("acknowledge_days", &terms.acknowledge_days);
    context.insert("answer_days", &terms.answer_days);
    context.insert("extended_days", &terms.extended_days);
    context.insert("answer_by", &long_date(terms.answer_by(today), lang));
    context.insert("today", &today.to_string());
    context.insert("max_text", &MAX_TEXT);
    Ok(context)
}

pub async fn form(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let context = form_context(
        &state,
        page.lang,
        &ComplaintForm::default(),
        &FieldErrors::default(),
    )
    .await?;
    page.render("cases/complaint_form.html", context)
}

struct ValidComplaint {
    name: String,
    email: EmailAddress,
    phone: String,
    description: String,
    happened_on: Option<NaiveDate>,
    about: Option<i32>,
    category: i32,
    expectation: String,
}

fn validate(
    form: &ComplaintForm,
    lang: Lang,
    today: NaiveDate,
    departments: &[i32],
    categories: &[i32],
) -> Result<ValidComplaint, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = form.name.trim();
    if name.is_empty() {
        errors.add(lang, "name", "intake-complaint-error-name");
    } else if too_long(name, MAX_NAME) {
        errors.add(lang, "name", "intake-complaint-error-name-long");
    }
    let email = EmailAddress::parse(form.email.trim());
    if email.is_err() {
        errors.add(lang, "email", "intake-complaint-error-email");
    }
    let phone = form.phone.trim();
    if !phone_ok(phone) {
        errors.add(lang, "phone", "intake-complaint-error-phone");
    }
    let description = form.description.trim();
    if description.is_empty() {
        errors.add(lang, "description", "intake-complaint-error-description");
    } else if too_long(description, MAX_TEXT) {
        errors.add(
            lang,
            "description",
            "intake-complaint-error-description-long",
        );
    }
    let happened_on = match form.happened_on.trim() {
        "" => None,
        raw => match raw.parse::<NaiveDate>() {
            Ok(date) if date > today => {
                errors.add(lang, "happened_on", "intake-complaint-error-date-future");
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(lang, "happened_on", "intake-complaint-error-date");
                None
            }
        },
    };
    let about = match form.about.trim() {
        "" => None,
        raw => match raw
            .parse::<i32>()
            .ok()
            .filter(|id| departments.contains(id))
        {
            Some(id) => Some(id),
            None => {
                errors.add(lang, "about", "intake-complaint-error-about");
                None
            }
        },
    };
    let category = form
        .category
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|id| categories.contains(id));
    if category.is_none() {
        errors.add(lang, "category", "intake-complaint-error-category");
    }
    let expectation = form.expectation.trim();
    if too_long(expectation, MAX_TEXT) {
        errors.add(
            lang,
            "expectation",
            "intake-complaint-error-expectation-long",
        );
    }
    match (email, category) {
        (Ok(email), Some(category)) if errors.is_empty() => Ok(ValidComplaint {
            name: name.to_owned(),
            email,
            phone: phone.to_owned(),
            description: description.to_owned(),
            happened_on,
            about,
            category,
            expectation: expectation.to_owned(),
        }),
        _ => Err(errors),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(limits): Extension<Limits>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    page: Page,
    Form(form): Form<ComplaintForm>,
) -> AppResult<Response> {
    if is_bot(&form.honeypot) {
        return Ok(Redirect::to("/klacht/ontvangen").into_response());
    }
    let departments: Vec<i32> = department::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let categories: Vec<i32> = view::categories(&state.db, CaseKind::Complaint)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let today = local_day(state.clock.now());
    let valid = match validate(&form, page.lang, today, &departments, &categories) {
        Ok(valid) => valid,
        Err(errors) => {
            let context = form_context(&state, page.lang, &form, &errors).await?;
            return page.render_invalid("cases/complaint_form.html", context);
        }
    };
    if !limits.address_allows(client.as_ref().map(|Extension(c)| c))
        || !limits.email_allows(&state, valid.email.as_str()).await?
    {
        return too_many(&page);
    }
    let case = service::file(
        &state,
        NewCase {
            kind: CaseKind::Complaint,
            category_id: valid.category,
            about_department_id: valid.about,
            description: valid.description,
            address: String::new(),
            latitude: None,
            longitude: None,
            name: valid.name,
            email: Some(valid.email),
            phone: valid.phone,
            happened_on: valid.happened_on,
            expectation: valid.expectation,
            channel: Channel::Web,
            language: page.lang,
            photos: Vec::new(),
        },
    )
    .await
    .map_err(super::case_error)?;
    Ok(Redirect::to(&format!("/opvolging/{}/ontvangen", case.tracking_token)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ComplaintForm {
        ComplaintForm {
            name: "An Peeters".into(),
            email: "an@example.org".into(),
            description: "Niemand nam de telefoon op.".into(),
            category: "7".into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_complete_complaint_passes() {
        let valid = validate(&filled(), Lang::Nl, today(), &[1], &[7])
            .ok()
            .unwrap();
        assert_eq!(valid.category, 7);
        assert_eq!(valid.about, None);
    }

    #[test]
    fn a_complaint_needs_a_name_an_email_and_a_story() {
        let form = ComplaintForm {
            category: "7".into(),
            ..Default::default()
        };
        let errors = validate(&form, Lang::Nl, today(), &[1], &[7])
            .err()
            .unwrap();
        assert!(errors.has("name") && errors.has("email") && errors.has("description"));
    }

    #[test]
    fn the_date_is_not_in_the_future_and_the_service_exists() {
        let form = ComplaintForm {
            happened_on: "2026-11-24".into(),
            about: "99".into(),
            ..filled()
        };
        let errors = validate(&form, Lang::Nl, today(), &[1], &[7])
            .err()
            .unwrap();
        assert!(errors.has("happened_on") && errors.has("about"));
        let today_ok = ComplaintForm {
            happened_on: "2026-11-23".into(),
            about: "1".into(),
            ..filled()
        };
        assert!(validate(&today_ok, Lang::Nl, today(), &[1], &[7]).is_ok());
    }
}
