//! `/beheer/diensten/{id}/loketten`: the counters (desks) of a cluster: add one, rename one,
//! put one in or out of use.

use crate::{
    entities::{cluster, counter},
    error::{AppError, AppResult},
    state::AppState,
    web::{forms::FieldErrors, forms::Saved, i18n::Lang, page::Page},
};
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use tera::Context;

/// One posted counter: `counter` is the id of an existing one, empty for a new one.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CounterForm {
    counter: String,
    counter_code: String,
    counter_name: String,
    active: String,
}

#[derive(Debug, Clone, Serialize)]
struct Row {
    id: i32,
    code: String,
    name: String,
    active: bool,
}

pub async fn of_cluster(
    db: &impl ConnectionTrait,
    cluster_id: i32,
) -> Result<Vec<counter::Model>, DbErr> {
    counter::Entity::find()
        .filter(counter::Column::ClusterId.eq(cluster_id))
        .order_by_asc(counter::Column::Code)
        .all(db)
        .await
}

/// Checks code and name; `field` prefixes the error keys ("counter" for the new-counter form,
/// "counter-ID" for a row) so each message sits next to its own input.
fn check(
    lang: Lang,
    field: &str,
    code: &str,
    name: &str,
    own_id: Option<i32>,
    all: &[counter::Model],
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let code_field = format!("{field}_code");
    if code.is_empty()
        || code.chars().count() > 10
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        errors.add(lang, &code_field, "admin-error-counter-code");
    } else if all.iter().any(|c| c.code == code && Some(c.id) != own_id) {
        errors.add(lang, &code_field, "admin-error-code-taken");
    }
    if name.is_empty() {
        errors.add(lang, &format!("{field}_name"), "admin-error-name");
    }
    errors
}

async fn render(
    state: &AppState,
    page: &Page,
    found: &cluster::Model,
    failed: Option<(&CounterForm, &FieldErrors)>,
    saved: bool,
) -> AppResult<Response> {
    let failed_id = failed.and_then(|(f, _)| f.counter.parse::<i32>().ok());
    let rows: Vec<Row> = of_cluster(&state.db, found.id)
        .await?
        .into_iter()
        .map(|c| match failed {
            // The row that failed shows what was typed, not what is stored.
            Some((form, _)) if failed_id == Some(c.id) => Row {
                id: c.id,
                code: form.counter_code.trim().to_owned(),
                name: form.counter_name.trim().to_owned(),
                active: !form.active.is_empty(),
            },
            _ => Row {
                id: c.id,
                code: c.code,
                name: c.name,
                active: c.active,
            },
        })
        .collect();
    let (new_code, new_name) = match failed {
        Some((form, _)) if failed_id.is_none() => (
            form.counter_code.trim().to_owned(),
            form.counter_name.trim().to_owned(),
        ),
        _ => (String::new(), String::new()),
    };
    let mut context = Context::new();
    context.insert("cluster", found);
    context.insert("counters", &rows);
    context.insert(
        "form",
        &serde_json::json!({"counter_code": new_code, "counter_name": new_name}),
    );
    context.insert(
        "errors",
        &failed.map(|(_, e)| e.clone()).unwrap_or_default(),
    );
    context.insert("saved", &saved);
    match failed {
        Some(_) => page.render_invalid("admin/counters.html", context),
        None => page.render("admin/counters.html", context),
    }
}

async fn find_cluster(state: &AppState, id: i32) -> AppResult<cluster::Model> {
    cluster::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let found = find_cluster(&state, id).await?;
    render(&state, &page, &found, None, saved.shown()).await
}

/// Adds a counter to the cluster, or renames / (de)activates one of its counters.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Form(form): Form<CounterForm>,
) -> AppResult<Response> {
    let found = find_cluster(&state, id).await?;
    let all = counter::Entity::find().all(&state.db).await?;
    let existing = match form.counter.trim() {
        "" => None,
        text => Some(
            text.parse::<i32>()
                .ok()
                .and_then(|c| all.iter().find(|e| e.id == c && e.cluster_id == id))
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
    };
    let field = match &existing {
        Some(c) => format!("counter-{}", c.id),
        None => "counter".to_owned(),
    };
    let code = form.counter_code.trim();
    let name = form.counter_name.trim();
    let errors = check(
        page.lang,
        &field,
        code,
        name,
        existing.as_ref().map(|c| c.id),
        &all,
    );
    if !errors.is_empty() {
        return render(&state, &page, &found, Some((&form, &errors)), false).await;
    }
    let mut row: counter::ActiveModel = match existing {
        Some(current) => current.into(),
        None => counter::ActiveModel {
            cluster_id: Set(id),
            ..Default::default()
        },
    };
    let is_new = form.counter.trim().is_empty();
    row.code = Set(code.to_owned());
    row.name = Set(name.to_owned());
    // A new counter is in use; an existing one follows its checkbox.
    row.active = Set(is_new || !form.active.is_empty());
    row.save(&state.db).await?;
    Ok(Redirect::to(&format!("/beheer/diensten/{id}/loketten?opgeslagen=1")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter(id: i32, code: &str) -> counter::Model {
        counter::Model {
            id,
            cluster_id: 1,
            code: code.into(),
            name: "Loket".into(),
            active: true,
        }
    }

    #[test]
    fn codes_are_short_alphanumeric_and_unique() {
        let all = [counter(1, "B1"), counter(2, "B2")];
        assert!(check(Lang::Nl, "counter", "B3", "Loket 3", None, &all).is_empty());
        assert!(check(Lang::Nl, "counter-1", "B1", "Hernoemd", Some(1), &all).is_empty());
        let taken = check(Lang::Nl, "counter-1", "B2", "", Some(1), &all);
        assert!(taken.has("counter-1_code") && taken.has("counter-1_name"));
        for bad in ["", "B 1", "B-1", "ABCDEFGHIJK"] {
            assert!(
                check(Lang::Nl, "counter", bad, "x", None, &all).has("counter_code"),
                "{bad}"
            );
        }
    }
}
