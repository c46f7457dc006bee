//! `/beheer/beleid`: the nodes of the multi-year plan (objective > action plan > action) and
//! what each node is linked to (products, clusters, counters, categories, indicators).

use crate::{
    db,
    domain::policy::{LinkRelation, LinkTarget, PolicyLevel, STATUSES, status_is_known},
    entities::{
        case_category, cluster, counter, indicator, policy_link, policy_node, policy_plan,
        policy_plan_version, product,
    },
    error::{AppError, AppResult},
    policy::service as policy,
    state::AppState,
    web::{
        forms::{FieldErrors, FormFields, Saved},
        i18n::Lang,
        page::Page,
    },
};
use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

/// An optional date field: `Ok(None)` when empty, `Err(())` when it cannot be read.
fn optional_date(text: &str) -> Result<Option<NaiveDate>, ()> {
    match text.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ()),
    }
}

/// Checks a from/to pair of optional dates; adds the errors and gives the dates.
fn date_range(
    lang: Lang,
    errors: &mut FieldErrors,
    (from_field, from): (&str, &str),
    (to_field, to): (&str, &str),
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let from = optional_date(from).unwrap_or_else(|()| {
        errors.add(lang, from_field, "admin-policy-error-date");
        None
    });
    let to = optional_date(to).unwrap_or_else(|()| {
        errors.add(lang, to_field, "admin-policy-error-date");
        None
    });
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.add(lang, to_field, "admin-policy-error-end-before-start");
    }
    (from, to)
}

// ---------------------------------------------------------------------------------------------
// The tree

pub async fn tree(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let mut context = Context::new();
    context.insert("plans", &policy::tree(&state.db).await?);
    context.insert("saved", &saved.shown());
    page.render("admin/policy.html", context)
}

// ---------------------------------------------------------------------------------------------
// One node

/// The form exactly as typed: re-shown unchanged when something is wrong.
#[derive(Debug, Default, Clone, Serialize)]
pub struct NodeForm {
    plan_version: String,
    parent: String,
    level: String,
    code: String,
    title: String,
    description: String,
    status: String,
    start_date: String,
    end_date: String,
}

struct ValidNode {
    plan_version_id: i32,
    parent_id: Option<i32>,
    level: PolicyLevel,
    status: Option<i32>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
}

/// A node of a current plan that can be chosen as a parent.
#[derive(Debug, Clone, Serialize)]
struct ParentOption {
    id: String,
    plan_version_id: i32,
    level: String,
    code: String,
    title: String,
}

#[derive(Debug, Clone, Serialize)]
struct VersionOption {
    id: String,
    label: String,
    parents: Vec<ParentOption>,
}

impl NodeForm {
    fn from_fields(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            plan_version: text("plan_version"),
            parent: text("parent"),
            level: text("level"),
            code: text("code"),
            title: text("title"),
            description: text("description"),
            status: text("status"),
            start_date: text("start_date"),
            end_date: text("end_date"),
        }
    }

    fn from_model(n: &policy_node::Model) -> Self {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        Self {
            plan_version: n.plan_version_id.to_string(),
            parent: n.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            level: n.level.clone(),
            code: n.code.clone(),
            title: n.title.clone(),
            description: n.description.clone(),
            status: n.status.map(|s| s.to_string()).unwrap_or_default(),
            start_date: date(n.start_date).unwrap_or_default(),
            end_date: date(n.end_date).unwrap_or_default(),
        }
    }

    /// Checks every field against the plan versions that can be chosen and their nodes.
    fn validate(&self, lang: Lang, versions: &[VersionOption]) -> Result<ValidNode, FieldErrors> {
        let mut errors = FieldErrors::default();
        let version = versions.iter().find(|v| v.id == self.plan_version);
        if version.is_none() {
            errors.add(lang, "plan_version", "admin-error-choose");
        }
        let level = self.level.parse::<PolicyLevel>().ok();
        if level.is_none() {
            errors.add(lang, "level", "admin-error-choose");
        }
        let parent = match self.parent.trim() {
            "" => None,
            id => {
                let found = version.and_then(|v| v.parents.iter().find(|p| p.id == id));
                if found.is_none() && version.is_some() {
                    errors.add(lang, "parent", "admin-error-choose");
                }
                found
            }
        };
        match (level, parent) {
            (Some(PolicyLevel::Objective), Some(_)) => {
                errors.add(lang, "parent", "admin-policy-error-objective-parent");
            }
            (Some(level), None) if level != PolicyLevel::Objective && version.is_some() => {
                errors.add(lang, "parent", "admin-policy-error-parent-required");
            }
            (Some(level), Some(parent)) => {
                let parent_level = parent.level.parse::<PolicyLevel>().ok();
                if parent_level.and_then(PolicyLevel::child) != Some(level) {
                    errors.add(lang, "parent", "admin-policy-error-parent-level");
                }
            }
            _ => {}
        }
        let code = self.code.trim();
        if code.is_empty() {
            errors.add(lang, "code", "admin-policy-error-code");
        } else if code.chars().count() > 50 {
            errors.add(lang, "code", "admin-policy-error-code-long");
        }
        let title = self.title.trim();
        if title.is_empty() {
            errors.add(lang, "title", "admin-policy-error-title");
        } else if title.chars().count() > 300 {
            errors.add(lang, "title", "admin-policy-error-title-long");
        }
        let status = match self.status.trim() {
            "" => Ok(None),
            text => text
                .parse::<i32>()
                .ok()
                .filter(|s| status_is_known(*s))
                .map(Some)
                .ok_or(()),
        };
        if status.is_err() {
            errors.add(lang, "status", "admin-error-choose");
        }
        let (start_date, end_date) = date_range(
            lang,
            &mut errors,
            ("start_date", &self.start_date),
            ("end_date", &self.end_date),
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidNode {
            plan_version_id: version.and_then(|v| v.id.parse().ok()).unwrap_or_default(),
            parent_id: parent.and_then(|p| p.id.parse().ok()),
            level: level.unwrap_or(PolicyLevel::Objective),
            status: status.unwrap_or_default(),
            start_date,
            end_date,
        })
    }
}

/// The current plan versions (and the version of the node being edited), each with the nodes
/// that can hold children.
async fn version_options(
    db: &impl ConnectionTrait,
    also: Option<i32>,
) -> Result<Vec<VersionOption>, DbErr> {
    let versions = policy_plan_version::Entity::find()
        .order_by_asc(policy_plan_version::Column::Id)
        .all(db)
        .await?;
    let plans: HashMap<i32, policy_plan::Model> = policy_plan::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let chosen: Vec<&policy_plan_version::Model> = versions
        .iter()
        .filter(|v| v.current || Some(v.id) == also)
        .collect();
    let nodes = policy_node::Entity::find()
        .filter(policy_node::Column::PlanVersionId.is_in(chosen.iter().map(|v| v.id)))
        .filter(policy_node::Column::Level.ne(PolicyLevel::Action.as_str()))
        .order_by_asc(policy_node::Column::Position)
        .all(db)
        .await?;
    Ok(chosen
        .into_iter()
        .map(|v| VersionOption {
            id: v.id.to_string(),
            label: match plans.get(&v.plan_id) {
                Some(plan) => format!("{} – {}", plan.name, v.label),
                None => v.label.clone(),
            },
            parents: nodes
                .iter()
                .filter(|n| n.plan_version_id == v.id)
                .map(|n| ParentOption {
                    id: n.id.to_string(),
                    plan_version_id: n.plan_version_id,
                    level: n.level.clone(),
                    code: n.code.clone(),
                    title: n.title.clone(),
                })
                .collect(),
        })
        .collect())
}

fn node_context(
    id: Option<i32>,
    form: &NodeForm,
    errors: &FieldErrors,
    versions: &[VersionOption],
) -> Context {
    let mut context = Context::new();
    context.insert("id", &id);
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("versions", versions);
    context.insert(
        "levels",
        &PolicyLevel::ALL
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>(),
    );
    context.insert(
        "statuses",
        &STATUSES
            .iter()
            .map(|(code, label)| (code.to_string(), format!("{code} - {label}")))
            .collect::<Vec<_>>(),
    );
    let version = versions.iter().find(|v| v.id == form.plan_version);
    context.insert("version_label", &version.map(|v| v.label.clone()));
    context
}

pub async fn new_node(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let versions = version_options(&state.db, None).await?;
    let form = NodeForm {
        plan_version: versions.first().map(|v| v.id.clone()).unwrap_or_default(),
        level: PolicyLevel::Action.as_str().to_owned(),
        ..Default::default()
    };
    let context = node_context(None, &form, &FieldErrors::default(), &versions);
    page.render("admin/policy_form.html", context)
}

pub async fn edit_node(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let node = policy_node::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = version_options(&state.db, Some(node.plan_version_id)).await?;
    let form = NodeForm::from_model(&node);
    let context = node_context(Some(id), &form, &FieldErrors::default(), &versions);
    page.render("admin/policy_form.html", context)
}

pub async fn create_node(
    State(state): State<AppState>,
    page: Page,
    fields: FormFields,
) -> AppResult<Response> {
    save_node(state, page, None, fields).await
}

pub async fn update_node(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let node = policy_node::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    save_node(state, page, Some(node), fields).await
}

async fn save_node(
    state: AppState,
    page: Page,
    existing: Option<policy_node::Model>,
    fields: FormFields,
) -> AppResult<Response> {
    let mut form = NodeForm::from_fields(&fields);
    let id = existing.as_ref().map(|n| n.id);
    if let Some(node) = &existing {
        // The plan version of an existing node is fixed.
        form.plan_version = node.plan_version_id.to_string();
    }
    let versions = version_options(&state.db, existing.as_ref().map(|n| n.plan_version_id)).await?;
    let mut valid = form.validate(page.lang, &versions);
    if let Ok(v) = &valid {
        let mut errors = FieldErrors::default();
        let code_taken = policy_node::Entity::find()
            .filter(policy_node::Column::PlanVersionId.eq(v.plan_version_id))
            .filter(policy_node::Column::Code.eq(form.code.trim()))
            .one(&state.db)
            .await?
            .is_some_and(|other| Some(other.id) != id);
        if code_taken {
            errors.add(page.lang, "code", "admin-policy-error-code-taken");
        }
        if let Some(node) = &existing
            && node.level != v.level.as_str()
        {
            let children = policy_node::Entity::find()
                .filter(policy_node::Column::ParentId.eq(node.id))
                .count(&state.db)
                .await?;
            if children > 0 {
                errors.add(page.lang, "level", "admin-policy-error-level-children");
            }
        }
        if !errors.is_empty() {
            valid = Err(errors);
        }
    }
    let valid = match valid {
        Ok(valid) => valid,
        Err(errors) => {
            let context = node_context(id, &form, &errors, &versions);
            return page.render_invalid("admin/policy_form.html", context);
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let saved_id = write_node(&tx, existing, &form, valid).await?;
    tx.commit().await?;
    tracing::info!(node = saved_id, "policy node saved");
    Ok(Redirect::to("/beheer/beleid?opgeslagen=1").into_response())
}

async fn write_node(
    db: &impl ConnectionTrait,
    existing: Option<policy_node::Model>,
    form: &NodeForm,
    valid: ValidNode,
) -> Result<i32, DbErr> {
    let mut row: policy_node::ActiveModel = match existing {
        Some(node) => node.into(),
        None => {
            let last = policy_node::Entity::find()
                .filter(policy_node::Column::PlanVersionId.eq(valid.plan_version_id))
                .order_by_desc(policy_node::Column::Position)
                .one(db)
                .await?
                .map(|n| n.position)
                .unwrap_or(-1);
            policy_node::ActiveModel {
                plan_version_id: Set(valid.plan_version_id),
                position: Set(last + 1),
                ..Default::default()
            }
        }
    };
    row.parent_id = Set(valid.parent_id);
    row.level = Set(valid.level.as_str().to_owned());
    row.code = Set(form.code.trim().to_owned());
    row.title = Set(form.title.trim().to_owned());
    row.description = Set(form.description.trim().to_owned());
    row.status = Set(valid.status);
    row.start_date = Set(valid.start_date);
    row.end_date = Set(valid.end_date);
    let saved = row.save(db).await?;
    match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => Ok(id),
        sea_orm::ActiveValue::NotSet => Err(DbErr::RecordNotInserted),
    }
}

// ---------------------------------------------------------------------------------------------
// Links of one node

#[derive(Debug, Default, Clone, Serialize)]
pub struct LinkForm {
    target: String,
    relation: String,
    valid_from: String,
    valid_to: String,
}

#[derive(Debug, Clone, Serialize)]
struct TargetOption {
    value: String,
    name: String,
}

/// One `<optgroup>`: a kind of thing a node can be linked to.
#[derive(Debug, Clone, Serialize)]
struct TargetGroup {
    /// Translation key of the group's name.
    label: &'static str,
    options: Vec<TargetOption>,
}

pub const RELATIONS: [LinkRelation; 2] = [LinkRelation::Realises, LinkRelation::MeasuredBy];

async fn target_groups(db: &impl ConnectionTrait) -> Result<Vec<TargetGroup>, DbErr> {
    let option = |kind: LinkTarget, id: i32, name: String| TargetOption {
        value: format!("{}:{id}", kind.as_str()),
        name,
    };
    let products = product::Entity::find()
        .order_by_asc(product::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| option(LinkTarget::Product, p.id, p.name))
        .collect();
    let clusters = cluster::Entity::find()
        .order_by_asc(cluster::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|c| option(LinkTarget::Cluster, c.id, c.name))
        .collect();
    let counters = counter::Entity::find()
        .order_by_asc(counter::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            option(
                LinkTarget::Counter,
                c.id,
                format!("{} ({})", c.name, c.code),
            )
        })
        .collect();
    let categories = case_category::Entity::find()
        .order_by_asc(case_category::Column::Name)
        .all(db)
        .await?;
    let category_options = |kind: &str| -> Vec<TargetOption> {
        categories
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| option(LinkTarget::Category, c.id, c.name.clone()))
            .collect()
    };
    let indicators = indicator::Entity::find()
        .order_by_asc(indicator::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|i| {
            option(
                LinkTarget::Indicator,
                i.id,
                format!("{} ({})", i.name, i.code),
            )
        })
        .collect();
    Ok(vec![
        TargetGroup {
            label: "policy-linked-products",
            options: products,
        },
        TargetGroup {
            label: "policy-linked-clusters",
            options: clusters,
        },
        TargetGroup {
            label: "policy-linked-counters",
            options: counters,
        },
        TargetGroup {
            label: "policy-linked-complaints",
            options: category_options("complaint"),
        },
        TargetGroup {
            label: "policy-linked-reports",
            options: category_options("report"),
        },
        TargetGroup {
            label: "policy-linked-indicators",
            options: indicators,
        },
    ])
}

#[derive(Debug, Serialize)]
struct LinkRow {
    id: i32,
    kind: &'static str,
    name: String,
    relation: String,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

async fn links_context(
    state: &AppState,
    node: &policy_node::Model,
    form: &LinkForm,
    errors: &FieldErrors,
    saved: bool,
) -> AppResult<Context> {
    let groups = target_groups(&state.db).await?;
    let links = policy_link::Entity::find()
        .filter(policy_link::Column::NodeId.eq(node.id))
        .order_by_asc(policy_link::Column::Id)
        .all(&state.db)
        .await?;
    let rows: Vec<LinkRow> = links
        .into_iter()
        .map(|l| {
            let value = format!("{}:{}", l.target_kind, l.target_id);
            let found = groups.iter().find_map(|g| {
                g.options
                    .iter()
                    .find(|o| o.value == value)
                    .map(|o| (g.label, o.name.clone()))
            });
            let (kind, name) = found.unwrap_or(("admin-link-unknown", value));
            LinkRow {
                id: l.id,
                kind,
                name,
                relation: l.relation,
                valid_from: l.valid_from,
                valid_to: l.valid_to,
            }
        })
        .collect();
    let mut context = Context::new();
    context.insert("node", node);
    context.insert("links", &rows);
    context.insert("groups", &groups);
    context.insert(
        "relations",
        &RELATIONS.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
    );
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("saved", &saved);
    Ok(context)
}

async fn find_node(state: &AppState, id: i32) -> AppResult<policy_node::Model> {
    policy_node::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn links(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let node = find_node(&state, id).await?;
    let form = LinkForm {
        relation: LinkRelation::Realises.as_str().to_owned(),
        ..Default::default()
    };
    let context =
        links_context(&state, &node, &form, &FieldErrors::default(), saved.shown()).await?;
    page.render("admin/policy_links.html", context)
}

impl LinkForm {
    fn from_fields(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            target: text("target"),
            relation: text("relation"),
            valid_from: text("valid_from"),
            valid_to: text("valid_to"),
        }
    }

    fn validate(&self, lang: Lang, groups: &[TargetGroup]) -> Result<ValidLink, FieldErrors> {
        let mut errors = FieldErrors::default();
        let known = groups
            .iter()
            .any(|g| g.options.iter().any(|o| o.value == self.target));
        let target = self
            .target
            .split_once(':')
            .and_then(|(kind, id)| {
                Some((kind.parse::<LinkTarget>().ok()?, id.parse::<i32>().ok()?))
            })
            .filter(|_| known);
        if target.is_none() {
            errors.add(lang, "target", "admin-error-choose");
        }
        let relation = self.relation.parse::<LinkRelation>().ok();
        if relation.is_none() {
            errors.add(lang, "relation", "admin-error-choose");
        }
        let (valid_from, valid_to) = date_range(
            lang,
            &mut errors,
            ("valid_from", &self.valid_from),
            ("valid_to", &self.valid_to),
        );
        match (target, relation) {
            (Some((kind, target_id)), Some(relation)) if errors.is_empty() => Ok(ValidLink {
                kind,
                target_id,
                relation,
                valid_from,
                valid_to,
            }),
            _ => Err(errors),
        }
    }
}

struct ValidLink {
    kind: LinkTarget,
    target_id: i32,
    relation: LinkRelation,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

pub async fn add_link(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let node = find_node(&state, id).await?;
    let form = LinkForm::from_fields(&fields);
    let groups = target_groups(&state.db).await?;
    let mut valid = form.validate(page.lang, &groups);
    if let Ok(link) = &valid {
        let exists = policy_link::Entity::find()
            .filter(policy_link::Column::NodeId.eq(node.id))
            .filter(policy_link::Column::TargetKind.eq(link.kind.as_str()))
            .filter(policy_link::Column::TargetId.eq(link.target_id))
            .filter(policy_link::Column::Relation.eq(link.relation.as_str()))
            .one(&state.db)
            .await?
            .is_some();
        if exists {
            let mut errors = FieldErrors::default();
            errors.add(page.lang, "target", "admin-link-error-duplicate");
            valid = Err(errors);
        }
    }
    let link = match valid {
        Ok(link) => link,
        Err(errors) => {
            let context = links_context(&state, &node, &form, &errors, false).await?;
            return page.render_invalid("admin/policy_links.html", context);
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let saved = policy_link::ActiveModel {
        node_id: Set(node.id),
        target_kind: Set(link.kind.as_str().to_owned()),
        target_id: Set(link.target_id),
        relation: Set(link.relation.as_str().to_owned()),
        valid_from: Set(link.valid_from),
        valid_to: Set(link.valid_to),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(node = node.id, link = saved.id, "policy link added");
    Ok(Redirect::to(&format!(
        "/beheer/beleid/{}/koppelingen?opgeslagen=1",
        node.id
    ))
    .into_response())
}

pub async fn delete_link(
    State(state): State<AppState>,
    Path((id, link_id)): Path<(i32, i32)>,
) -> AppResult<Response> {
    let tx = db::begin_write(&state.db).await?;
    let deleted = policy_link::Entity::delete_many()
        .filter(policy_link::Column::Id.eq(link_id))
        .filter(policy_link::Column::NodeId.eq(id))
        .exec(&tx)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(node = id, link = link_id, "policy link deleted");
    Ok(Redirect::to(&format!("/beheer/beleid/{id}/koppelingen?opgeslagen=1")).into_response())
}
