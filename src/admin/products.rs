//! `/beheer/producten`: the catalogue, with every IPDC field, the cluster, booking settings and
//! the policy nodes each product realises.

use crate::{
    audit,
    catalogue::service as catalogue,
    db,
    domain::{
        policy::{LinkRelation, LinkTarget},
        slug::Slug,
    },
    entities::{
        TextList, policy_link, policy_node,
        product::{
            self, Cost, Costs, LegalResource, LegalResources, Procedure, Procedures, Requirement,
            Requirements,
        },
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
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use serde::Serialize;
use tera::Context;

pub const PRODUCT_TYPES: [&str; 7] = [
    "Bewijs",
    "Toelating",
    "Financieel voordeel",
    "Financiele verplichting",
    "Advies en begeleiding",
    "Infrastructuur en materiaal",
    "Voorwerp",
];
pub const CHANNELS: [&str; 4] = ["counter", "appointment", "phone", "online"];

/// The form exactly as typed: re-shown unchanged when something is wrong.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ProductForm {
    name: String,
    slug: String,
    summary: String,
    description: String,
    additional_description: String,
    exceptions: String,
    regulation: String,
    product_type: String,
    themes: String,
    target_audiences: String,
    keywords: String,
    requirements: String,
    procedures: String,
    costs: String,
    legal_resources: String,
    financial_advantages: String,
    competent_authority: String,
    executing_authority: String,
    cluster: String,
    channels: Vec<String>,
    online_url: String,
    bookable: bool,
    appointment_minutes: String,
    front_office_eligible: bool,
    published: bool,
    popularity: String,
    policy: Vec<String>,
}

fn lines(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').map(|part| part.trim().to_owned()).collect())
}

fn part(parts: &[String], i: usize) -> String {
    parts.get(i).cloned().unwrap_or_default()
}

/// Empty, or an address a browser fetches over the web.
fn web_address_ok(url: &str) -> bool {
    url.is_empty() || url.starts_with("https://") || url.starts_with("http://")
}

fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl ProductForm {
    fn from_fields(fields: &FormFields) -> Self {
        let text = |name: &str| fields.get(name).to_owned();
        Self {
            name: text("name"),
            slug: text("slug"),
            summary: text("summary"),
            description: text("description"),
            additional_description: text("additional_description"),
            exceptions: text("exceptions"),
            regulation: text("regulation"),
            product_type: text("product_type"),
            themes: text("themes"),
            target_audiences: text("target_audiences"),
            keywords: text("keywords"),
            requirements: text("requirements"),
            procedures: text("procedures"),
            costs: text("costs"),
            legal_resources: text("legal_resources"),
            financial_advantages: text("financial_advantages"),
            competent_authority: text("competent_authority"),
            executing_authority: text("executing_authority"),
            cluster: text("cluster"),
            channels: fields
                .all("channels")
                .into_iter()
                .map(str::to_owned)
                .collect(),
            online_url: text("online_url"),
            bookable: fields.checked("bookable"),
            appointment_minutes: text("appointment_minutes"),
            front_office_eligible: fields.checked("front_office_eligible"),
            published: fields.checked("published"),
            popularity: text("popularity"),
            policy: fields
                .all("policy")
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    fn from_model(p: &product::Model, cluster_code: &str, policy_ids: &[i32]) -> Self {
        let join = |rows: Vec<String>| rows.join("\n");
        Self {
            name: p.name.clone(),
            slug: p.slug.clone(),
            summary: p.summary.clone(),
            description: p.description.clone(),
            additional_description: p.additional_description.clone(),
            exceptions: p.exceptions.clone(),
            regulation: p.regulation.clone(),
            product_type: p.product_type.clone(),
            themes: p.themes.0.join(", "),
            target_audiences: p.target_audiences.0.join(", "),
            keywords: p.keywords.0.join(", "),
            requirements: join(
                p.requirements
                    .0
                    .iter()
                    .map(|r| format!("{} | {} | {}", r.title, r.description, r.evidence))
                    .collect(),
            ),
            procedures: join(
                p.procedures
                    .0
                    .iter()
                    .map(|r| format!("{} | {} | {}", r.title, r.description, r.url))
                    .collect(),
            ),
            costs: join(
                p.costs
                    .0
                    .iter()
                    .map(|c| match c.amount {
                        Some(a) => format!(
                            "{} | {}",
                            c.description,
                            format!("{a:.2}").replace('.', ",")
                        ),
                        None => c.description.clone(),
                    })
                    .collect(),
            ),
            legal_resources: join(
                p.legal_resources
                    .0
                    .iter()
                    .map(|l| format!("{} | {}", l.title, l.url))
                    .collect(),
            ),
            financial_advantages: p.financial_advantages.clone(),
            competent_authority: p.competent_authority.clone(),
            executing_authority: p.executing_authority.clone(),
            cluster: cluster_code.to_owned(),
            channels: p.channels.0.clone(),
            online_url: p.online_url.clone(),
            bookable: p.bookable,
            appointment_minutes: p.appointment_minutes.to_string(),
            front_office_eligible: p.front_office_eligible,
            published: p.published,
            popularity: p.popularity.to_string(),
            policy: policy_ids.iter().map(i32::to_string).collect(),
        }
    }

    /// Checks every field; on success the values to store.
    fn validate(
        &self,
        lang: Lang,
        clusters: &[(i32, String)],
        nodes: &[i32],
    ) -> Result<Valid, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add(lang, "name", "admin-error-name");
        } else if name.chars().count() > 200 {
            errors.add(lang, "name", "admin-error-too-long");
        }
        if Slug::parse(self.slug.trim()).is_err() {
            errors.add(lang, "slug", "admin-error-slug");
        }
        if self.description.trim().is_empty() {
            errors.add(lang, "description", "admin-error-description");
        }
        if !PRODUCT_TYPES.contains(&self.product_type.as_str()) {
            errors.add(lang, "product_type", "admin-error-choose");
        }
        let cluster_id = clusters
            .iter()
            .find(|(_, code)| *code == self.cluster)
            .map(|(id, _)| *id);
        if cluster_id.is_none() {
            errors.add(lang, "cluster", "admin-error-choose");
        }
        if self
            .channels
            .iter()
            .any(|c| !CHANNELS.contains(&c.as_str()))
        {
            errors.add(lang, "channels", "admin-error-choose");
        }
        if !web_address_ok(self.online_url.trim()) {
            errors.add(lang, "online_url", "admin-error-url");
        }
        // The links of procedures and legal resources become hrefs on the product page: a
        // `javascript:` or `data:` address there would run in a resident's browser.
        if lines(&self.procedures).any(|p| !web_address_ok(&part(&p, 2))) {
            errors.add(lang, "procedures", "admin-error-url");
        }
        if lines(&self.legal_resources).any(|p| !web_address_ok(&part(&p, 1))) {
            errors.add(lang, "legal_resources", "admin-error-url");
        }
        let minutes = self.appointment_minutes.trim();
        let appointment_minutes = if minutes.is_empty() && !self.bookable {
            Some(0)
        } else {
            minutes
                .parse::<i32>()
                .ok()
                .filter(|m| (5..=480).contains(m))
        };
        if appointment_minutes.is_none() {
            errors.add(lang, "appointment_minutes", "admin-error-minutes");
        }
        let popularity = match self.popularity.trim() {
            "" => Some(0),
            text => text.parse::<i32>().ok().filter(|p| *p >= 0),
        };
        if popularity.is_none() {
            errors.add(lang, "popularity", "admin-error-popularity");
        }
        let mut costs = Vec::new();
        for parts in lines(&self.costs) {
            let amount = match part(&parts, 1).replace(',', ".").trim() {
                "" => Ok(None),
                text => text
                    .parse::<f64>()
                    .ok()
                    .filter(|a| *a >= 0.0 && a.is_finite())
                    .map(Some)
                    .ok_or(()),
            };
            match amount {
                Ok(amount) if !part(&parts, 0).is_empty() => costs.push(Cost {
                    description: part(&parts, 0),
                    amount,
                }),
                _ => errors.add(lang, "costs", "admin-error-costs"),
            }
        }
        let policy: Vec<i32> = self
            .policy
            .iter()
            .filter_map(|id| id.parse().ok())
            .filter(|id| nodes.contains(id))
            .collect();
        if policy.len() != self.policy.len() {
            errors.add(lang, "policy", "admin-error-choose");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Valid {
            cluster_id: cluster_id.unwrap_or_default(),
            appointment_minutes: appointment_minutes.unwrap_or_default(),
            popularity: popularity.unwrap_or_default(),
            costs,
            policy,
        })
    }
}

struct Valid {
    cluster_id: i32,
    appointment_minutes: i32,
    popularity: i32,
    costs: Vec<Cost>,
    policy: Vec<i32>,
}

#[derive(Serialize)]
struct NodeOption {
    id: String,
    code: String,
    title: String,
    plan: String,
}

/// Action plans and actions of the current plans: what a product can realise.
async fn node_options(db: &impl ConnectionTrait) -> Result<Vec<NodeOption>, DbErr> {
    let trees = policy::tree(db).await?;
    let mut options = Vec::new();
    for tree in trees {
        for objective in &tree.objectives {
            for plan in &objective.children {
                options.push(NodeOption {
                    id: plan.id.to_string(),
                    code: plan.code.clone(),
                    title: plan.title.clone(),
                    plan: tree.plan.clone(),
                });
                for action in &plan.children {
                    options.push(NodeOption {
                        id: action.id.to_string(),
                        code: action.code.clone(),
                        title: action.title.clone(),
                        plan: tree.plan.clone(),
                    });
                }
            }
        }
    }
    Ok(options)
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(saved): Query<Saved>,
) -> AppResult<Response> {
    let products = product::Entity::find()
        .order_by_asc(product::Column::Name)
        .all(&state.db)
        .await?;
    let clusters = catalogue::clusters(&state.db).await?;
    let rows: Vec<serde_json::Value> = products
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "name": p.name,
                "slug": p.slug,
                "cluster": clusters.iter().find(|c| c.id == p.cluster_id).map(|c| c.name.clone()).unwrap_or_default(),
                "bookable": p.bookable,
                "published": p.published,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("products", &rows);
    context.insert("saved", &saved.shown());
    page.render("admin/products.html", context)
}

async fn form_context(
    state: &AppState,
    id: Option<i32>,
    form: &ProductForm,
    errors: &FieldErrors,
) -> AppResult<Context> {
    let mut context = Context::new();
    context.insert("id", &id);
    context.insert("form", form);
    context.insert("errors", errors);
    context.insert("clusters", &catalogue::clusters(&state.db).await?);
    context.insert("product_types", &PRODUCT_TYPES);
    context.insert("channels", &CHANNELS);
    context.insert("nodes", &node_options(&state.db).await?);
    Ok(context)
}

async fn realised_by(db: &impl ConnectionTrait, product_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(policy_link::Entity::find()
        .filter(policy_link::Column::TargetKind.eq(LinkTarget::Product.as_str()))
        .filter(policy_link::Column::TargetId.eq(product_id))
        .filter(policy_link::Column::Relation.eq(LinkRelation::Realises.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.node_id)
        .collect())
}

pub async fn new_form(State(state): State<AppState>, page: Page) -> AppResult<Response> {
    let form = ProductForm {
        published: true,
        product_type: PRODUCT_TYPES[0].to_owned(),
        ..Default::default()
    };
    page.render(
        "admin/product_form.html",
        form_context(&state, None, &form, &FieldErrors::default()).await?,
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let product = product::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let clusters = catalogue::clusters(&state.db).await?;
    let code = clusters
        .iter()
        .find(|c| c.id == product.cluster_id)
        .map(|c| c.code.clone())
        .unwrap_or_default();
    let form = ProductForm::from_model(&product, &code, &realised_by(&state.db, id).await?);
    page.render(
        "admin/product_form.html",
        form_context(&state, Some(id), &form, &FieldErrors::default()).await?,
    )
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    fields: FormFields,
) -> AppResult<Response> {
    save(state, page, None, fields).await
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    product::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    save(state, page, Some(id), fields).await
}

async fn save(
    state: AppState,
    page: Page,
    id: Option<i32>,
    fields: FormFields,
) -> AppResult<Response> {
    let form = ProductForm::from_fields(&fields);
    let clusters: Vec<(i32, String)> = catalogue::clusters(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.code))
        .collect();
    let nodes: Vec<i32> = node_options(&state.db)
        .await?
        .iter()
        .filter_map(|n| n.id.parse().ok())
        .collect();
    let mut valid = form.validate(page.lang, &clusters, &nodes);
    if valid.is_ok() {
        let slug_taken = product::Entity::find()
            .filter(product::Column::Slug.eq(form.slug.trim()))
            .one(&state.db)
            .await?
            .is_some_and(|other| Some(other.id) != id);
        if slug_taken {
            let mut errors = FieldErrors::default();
            errors.add(page.lang, "slug", "admin-error-slug-taken");
            valid = Err(errors);
        }
    }
    let valid = match valid {
        Ok(valid) => valid,
        Err(errors) => {
            return page.render_invalid(
                "admin/product_form.html",
                form_context(&state, id, &form, &errors).await?,
            );
        }
    };
    let tx = db::begin_write(&state.db).await?;
    let saved_id = write(&tx, id, &form, valid, state.clock.now()).await?;
    if let Some(me) = &page.user {
        let action = if id.is_some() {
            "product_updated"
        } else {
            "product_created"
        };
        audit::record(
            &tx,
            audit::Actor::user(me),
            action,
            &format!("product {saved_id}"),
            form.slug.trim(),
            state.clock.now(),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(product = saved_id, "product saved");
    Ok(Redirect::to("/beheer/producten?opgeslagen=1").into_response())
}

async fn write(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    form: &ProductForm,
    valid: Valid,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    let mut row = match id {
        Some(id) => product::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(Into::into)
            .ok_or_else(|| DbErr::RecordNotFound(format!("product {id}")))?,
        None => product::ActiveModel {
            start_date: Set(None),
            end_date: Set(None),
            ..Default::default()
        },
    };
    row.name = Set(form.name.trim().to_owned());
    row.slug = Set(form.slug.trim().to_owned());
    row.summary = Set(form.summary.trim().to_owned());
    row.description = Set(form.description.trim().to_owned());
    row.additional_description = Set(form.additional_description.trim().to_owned());
    row.exceptions = Set(form.exceptions.trim().to_owned());
    row.regulation = Set(form.regulation.trim().to_owned());
    row.product_type = Set(form.product_type.clone());
    row.themes = Set(TextList(comma_list(&form.themes)));
    row.target_audiences = Set(TextList(comma_list(&form.target_audiences)));
    row.keywords = Set(TextList(comma_list(&form.keywords)));
    row.requirements = Set(Requirements(
        lines(&form.requirements)
            .map(|p| Requirement {
                title: part(&p, 0),
                description: part(&p, 1),
                evidence: part(&p, 2),
            })
            .collect(),
    ));
    row.procedures = Set(Procedures(
        lines(&form.procedures)
            .map(|p| Procedure {
                title: part(&p, 0),
                description: part(&p, 1),
                url: part(&p, 2),
            })
            .collect(),
    ));
    row.costs = Set(Costs(valid.costs));
    row.legal_resources = Set(LegalResources(
        lines(&form.legal_resources)
            .map(|p| LegalResource {
                title: part(&p, 0),
                url: part(&p, 1),
            })
            .collect(),
    ));
    row.financial_advantages = Set(form.financial_advantages.trim().to_owned());
    row.competent_authority = Set(form.competent_authority.trim().to_owned());
    row.executing_authority = Set(form.executing_authority.trim().to_owned());
    row.cluster_id = Set(valid.cluster_id);
    row.channels = Set(TextList(form.channels.clone()));
    row.online_url = Set(form.online_url.trim().to_owned());
    row.bookable = Set(form.bookable);
    row.appointment_minutes = Set(valid.appointment_minutes);
    row.front_office_eligible = Set(form.front_office_eligible);
    row.published = Set(form.published);
    row.popularity = Set(valid.popularity);
    row.updated_at = Set(now);
    let saved = row.save(db).await?;
    let product_id = match saved.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => id,
        sea_orm::ActiveValue::NotSet => return Err(DbErr::RecordNotInserted),
    };
    // The product's `realises` links are replaced by what was ticked.
    policy_link::Entity::delete_many()
        .filter(policy_link::Column::TargetKind.eq(LinkTarget::Product.as_str()))
        .filter(policy_link::Column::TargetId.eq(product_id))
        .filter(policy_link::Column::Relation.eq(LinkRelation::Realises.as_str()))
        .exec(db)
        .await?;
    for node_id in valid.policy {
        if policy_node::Entity::find_by_id(node_id)
            .one(db)
            .await?
            .is_none()
        {
            continue;
        }
        policy_link::ActiveModel {
            node_id: Set(node_id),
            target_kind: Set(LinkTarget::Product.as_str().to_owned()),
            target_id: Set(product_id),
            relation: Set(LinkRelation::Realises.as_str().to_owned()),
            valid_from: Set(None),
            valid_to: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(product_id)
}
