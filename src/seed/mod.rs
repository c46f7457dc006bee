//! Loads a municipality's reference data from `seeds/` (format: seeds/README.md) in one
//! transaction, replacing the reference data that was there. Staff users stay.

mod files;

use crate::{
    domain::{
        opening_hours::{OpeningPeriod, WeeklySchedule},
        policy::{LinkRelation, LinkTarget, PolicyLevel, status_is_known},
        slug::Slug,
    },
    entities::{self as e, TextList},
};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use files::*;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, TransactionTrait,
};
use std::{collections::HashMap, fmt, path::Path};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("unknown municipality {0:?}: choose lier, meerhout or nazareth")]
    UnknownMunicipality(String),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

#[derive(Debug, Default)]
pub struct SeedReport {
    pub municipality: String,
    pub policy_nodes: usize,
    pub clusters: usize,
    pub products: usize,
    pub categories: usize,
    pub indicators: usize,
    pub links: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "loaded {}: {} policy nodes, {} clusters, {} products, {} categories, {} indicators, {} policy links",
            self.municipality,
            self.policy_nodes,
            self.clusters,
            self.products,
            self.categories,
            self.indicators,
            self.links
        )
    }
}

/// True when no municipality was loaded yet (the first start seeds then).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(e::municipality::Entity::find().count(db).await? == 0)
}

pub async fn load(
    db: &DatabaseConnection,
    seeds_dir: &Path,
    municipality: &str,
    now: DateTime<Utc>,
) -> Result<SeedReport, SeedError> {
    if !matches!(municipality, "lier" | "meerhout" | "nazareth") {
        return Err(SeedError::UnknownMunicipality(municipality.to_owned()));
    }
    let files = SeedFiles::read(seeds_dir, municipality)?;
    // Reference data is replaced whole; residents' bookings point at it and must not dangle.
    if holds_any::<e::appointment::Entity>(db, e::appointment::Column::Id).await?
        || holds_any::<e::service_case::Entity>(db, e::service_case::Column::Id).await?
    {
        return Err(SeedError::Invalid(
            "this database holds appointments or cases: seed a new database instead of replacing the data of one in use".to_owned(),
        ));
    }
    let tx = db.begin().await?;
    clear(&tx).await?;
    let report = insert(&tx, &files, now).await?;
    tx.commit().await?;
    Ok(report)
}

/// Whether the table has a row: one id read, not the rows counted.
async fn holds_any<E: EntityTrait>(db: &DatabaseConnection, id: E::Column) -> Result<bool, DbErr> {
    use sea_orm::QuerySelect;
    let first: Option<i32> = E::find()
        .select_only()
        .column(id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(first.is_some())
}

async fn clear(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    // Children first, so foreign keys hold on both databases.
    e::policy_link::Entity::delete_many().exec(db).await?;
    e::indicator_measurement::Entity::delete_many()
        .exec(db)
        .await?;
    e::indicator_target::Entity::delete_many().exec(db).await?;
    e::indicator::Entity::delete_many().exec(db).await?;
    e::product::Entity::delete_many().exec(db).await?;
    e::case_category::Entity::delete_many().exec(db).await?;
    e::department::Entity::delete_many().exec(db).await?;
    e::opening_period::Entity::delete_many().exec(db).await?;
    e::appointment_period::Entity::delete_many()
        .exec(db)
        .await?;
    e::counter::Entity::delete_many().exec(db).await?;
    e::cluster::Entity::delete_many().exec(db).await?;
    e::closing_day::Entity::delete_many().exec(db).await?;
    // Nodes point at their parents: remove the deepest level first.
    for level in [
        PolicyLevel::Action,
        PolicyLevel::ActionPlan,
        PolicyLevel::Objective,
    ] {
        use sea_orm::{ColumnTrait, QueryFilter};
        e::policy_node::Entity::delete_many()
            .filter(e::policy_node::Column::Level.eq(level.as_str()))
            .exec(db)
            .await?;
    }
    e::policy_plan_version::Entity::delete_many()
        .exec(db)
        .await?;
    e::policy_plan::Entity::delete_many().exec(db).await?;
    e::municipality::Entity::delete_many().exec(db).await?;
    Ok(())
}

fn invalid(message: String) -> SeedError {
    SeedError::Invalid(message)
}

fn parse_date(raw: &Option<String>, what: &str) -> Result<Option<NaiveDate>, SeedError> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| invalid(format!("{what}: {text:?} is not a date (YYYY-MM-DD)"))),
    }
}

fn parse_time(raw: &str, what: &str) -> Result<NaiveTime, SeedError> {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .map_err(|_| invalid(format!("{what}: {raw:?} is not a time (HH:MM)")))
}

fn parse_weekday(raw: &str) -> Result<Weekday, SeedError> {
    raw.parse()
        .map_err(|_| invalid(format!("{raw:?} is not a day (mon..sun)")))
}

async fn insert(
    db: &impl ConnectionTrait,
    files: &SeedFiles,
    now: DateTime<Utc>,
) -> Result<SeedReport, SeedError> {
    let m = &files.municipality;
    e::municipality::ActiveModel {
        slug: Set(m.slug.clone()),
        name: Set(m.name.clone()),
        legal_name: Set(m.legal_name.clone()),
        street: Set(m.street.clone()),
        postal_code: Set(m.postal_code.clone()),
        city: Set(m.city.clone()),
        nis_code: Set(m.nis_code.clone()),
        phone: Set(m.phone.clone()),
        email: Set(m.email.clone()),
        website: Set(m.website.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for day in &m.closing_day {
        e::closing_day::ActiveModel {
            date: Set(parse_date(&Some(day.date.clone()), "closing_day")?),
            reason: Set(day.reason.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for day in &m.yearly_closing_day {
        if NaiveDate::from_ymd_opt(2024, day.month, day.day).is_none() {
            return Err(invalid(format!(
                "yearly closing day {}/{} does not exist",
                day.day, day.month
            )));
        }
        e::closing_day::ActiveModel {
            month: Set(Some(day.month as i16)),
            day: Set(Some(day.day as i16)),
            reason: Set(day.reason.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // The plan and its nodes; parents come before children in the file.
    let plan = e::policy_plan::ActiveModel {
        name: Set(files.policy.plan.name.clone()),
        period_start: Set(files.policy.plan.period_start),
        period_end: Set(files.policy.plan.period_end),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let version = e::policy_plan_version::ActiveModel {
        plan_id: Set(plan.id),
        label: Set(files.policy.plan.version.clone()),
        current: Set(true),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut nodes: HashMap<String, (i32, PolicyLevel)> = HashMap::new();
    for (position, node) in files.policy.node.iter().enumerate() {
        let level: PolicyLevel = node.level.parse().map_err(invalid)?;
        let parent = if node.parent.trim().is_empty() {
            if level != PolicyLevel::Objective {
                return Err(invalid(format!("policy node {} has no parent", node.code)));
            }
            None
        } else {
            let (parent_id, parent_level) =
                nodes.get(node.parent.trim()).copied().ok_or_else(|| {
                    invalid(format!(
                        "policy node {}: parent {} not found above it",
                        node.code, node.parent
                    ))
                })?;
            if parent_level.child() != Some(level) {
                return Err(invalid(format!(
                    "policy node {} ({}) cannot sit under {} ({})",
                    node.code,
                    level.as_str(),
                    node.parent,
                    parent_level.as_str()
                )));
            }
            Some(parent_id)
        };
        if let Some(status) = node.status
            && !status_is_known(status)
        {
            return Err(invalid(format!(
                "policy node {}: unknown status {status}",
                node.code
            )));
        }
        if nodes.contains_key(&node.code) {
            return Err(invalid(format!("policy node {} appears twice", node.code)));
        }
        let row = e::policy_node::ActiveModel {
            plan_version_id: Set(version.id),
            parent_id: Set(parent),
            level: Set(level.as_str().to_owned()),
            code: Set(node.code.clone()),
            title: Set(node.title.clone()),
            description: Set(node.description.clone()),
            status: Set(node.status),
            start_date: Set(parse_date(&node.start_date, &node.code)?),
            end_date: Set(parse_date(&node.end_date, &node.code)?),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
        nodes.insert(node.code.clone(), (row.id, level));
    }

    // Clusters, counters, opening hours.
    let mut clusters: HashMap<String, i32> = HashMap::new();
    let mut serves: HashMap<String, i32> = HashMap::new();
    for (position, c) in files.clusters.cluster.iter().enumerate() {
        let schedule = WeeklySchedule::new(
            c.opening_hours
                .iter()
                .map(|p| {
                    Ok(OpeningPeriod {
                        weekday: parse_weekday(&p.day)?,
                        opens: parse_time(&p.opens, &c.code)?,
                        closes: parse_time(&p.closes, &c.code)?,
                    })
                })
                .collect::<Result<Vec<_>, SeedError>>()?,
        )
        .map_err(|e| invalid(format!("cluster {}: {e}", c.code)))?;
        let row = e::cluster::ActiveModel {
            code: Set(c.code.clone()),
            name: Set(c.name.clone()),
            description: Set(c.description.clone()),
            wait_target_seconds: Set(c.wait_target_seconds),
            ticket_prefix: Set(c.ticket_prefix.clone()),
            grace_minutes: Set(c.grace_minutes.unwrap_or(10)),
            appointments_first: Set(true),
            serves: Set(TextList(c.serves.clone())),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
        clusters.insert(c.code.clone(), row.id);
        serves.insert(c.code.clone(), row.id);
        for served in &c.serves {
            serves.insert(served.clone(), row.id);
        }
        for counter in &c.counters {
            e::counter::ActiveModel {
                cluster_id: Set(row.id),
                code: Set(counter.code.clone()),
                name: Set(counter.name.clone()),
                active: Set(true),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        for period in &c.appointment_hours {
            let weekday = parse_weekday(&period.day)?;
            let opens = parse_time(&period.opens, &c.code)?;
            let closes = parse_time(&period.closes, &c.code)?;
            if closes <= opens || period.desks < 1 {
                return Err(invalid(format!(
                    "cluster {}: appointment hours {} {}-{} with {} desks",
                    c.code, period.day, period.opens, period.closes, period.desks
                )));
            }
            e::appointment_period::ActiveModel {
                cluster_id: Set(row.id),
                weekday: Set(weekday.number_from_monday() as i16),
                opens: Set(opens),
                closes: Set(closes),
                desks: Set(period.desks),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        for period in schedule.periods() {
            e::opening_period::ActiveModel {
                cluster_id: Set(row.id),
                weekday: Set(period.weekday.number_from_monday() as i16),
                opens: Set(period.opens),
                closes: Set(period.closes),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    // Products whose catalogue cluster this municipality serves.
    let mut products: HashMap<String, i32> = HashMap::new();
    for p in &files.products.product {
        Slug::parse(&p.slug).map_err(|e| invalid(format!("product {}: {e}", p.slug)))?;
        let Some(cluster_id) = serves.get(&p.cluster).copied() else {
            continue;
        };
        let row = e::product::ActiveModel {
            slug: Set(p.slug.clone()),
            name: Set(p.name.clone()),
            summary: Set(p.summary.clone()),
            description: Set(p.description.clone()),
            additional_description: Set(p.additional_description.clone()),
            exceptions: Set(p.exceptions.clone()),
            regulation: Set(p.regulation.clone()),
            product_type: Set(p.product_type.clone()),
            themes: Set(TextList(p.themes.clone())),
            target_audiences: Set(TextList(p.target_audiences.clone())),
            keywords: Set(TextList(p.keywords.clone())),
            requirements: Set(e::product::Requirements(p.requirements.clone())),
            procedures: Set(e::product::Procedures(p.procedures.clone())),
            costs: Set(e::product::Costs(p.costs.clone())),
            financial_advantages: Set(p.financial_advantages.clone()),
            legal_resources: Set(e::product::LegalResources(p.legal_resources.clone())),
            competent_authority: Set(p.competent_authority.clone()),
            executing_authority: Set(p.executing_authority.clone()),
            start_date: Set(None),
            end_date: Set(None),
            cluster_id: Set(cluster_id),
            channels: Set(TextList(p.channels.clone())),
            online_url: Set(p.online_url.clone()),
            bookable: Set(p.bookable),
            appointment_minutes: Set(p.appointment_minutes),
            front_office_eligible: Set(p.front_office_eligible),
            published: Set(true),
            popularity: Set(p.popularity),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        products.insert(p.slug.clone(), row.id);
    }

    // Departments: those that handle a category, and every cluster (a complaint can be about
    // any service the resident met).
    let mut departments: Vec<&str> = files
        .categories
        .category
        .iter()
        .map(|c| c.department.as_str())
        .chain(files.clusters.cluster.iter().map(|c| c.name.as_str()))
        .collect();
    departments.sort_unstable();
    departments.dedup();
    for name in departments {
        let code = Slug::from_name(name)
            .map_err(|_| invalid(format!("department {name:?}: no usable name")))?;
        e::department::ActiveModel {
            code: Set(code.as_str().to_owned()),
            name: Set(name.to_owned()),
            webhook_url: Set(String::new()),
            webhook_secret: Set(String::new()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    let mut categories: HashMap<(String, String), i32> = HashMap::new();
    for c in &files.categories.category {
        if !matches!(c.kind.as_str(), "complaint" | "report") {
            return Err(invalid(format!(
                "category {}: kind must be complaint or report",
                c.code
            )));
        }
        let row = e::case_category::ActiveModel {
            kind: Set(c.kind.clone()),
            code: Set(c.code.clone()),
            name: Set(c.name.clone()),
            description: Set(c.description.clone()),
            icon: Set(c.icon.clone()),
            department: Set(c.department.clone()),
            handling_days: Set(c.handling_days),
            active: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await?;
        categories.insert((c.kind.clone(), c.code.clone()), row.id);
    }

    let mut links = LinkWriter::default();
    let mut indicator_count = 0;
    for i in &files.indicators.indicator {
        let cluster_id =
            match i.scope_cluster.as_deref().filter(|c| !c.is_empty()) {
                Some(code) => Some(*clusters.get(code).ok_or_else(|| {
                    invalid(format!("indicator {}: unknown cluster {code}", i.code))
                })?),
                None => None,
            };
        if !matches!(i.direction.as_str(), "le" | "ge") {
            return Err(invalid(format!(
                "indicator {}: direction must be le or ge",
                i.code
            )));
        }
        let row = e::indicator::ActiveModel {
            code: Set(i.code.clone()),
            name: Set(i.name.clone()),
            unit: Set(i.unit.clone()),
            direction: Set(i.direction.clone()),
            aggregation: Set(i.aggregation.clone()),
            metric: Set(i.metric.clone()),
            cluster_id: Set(cluster_id),
            definition: Set(i.definition.clone()),
            period: Set(i.period.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        indicator_count += 1;
        for t in &i.targets {
            e::indicator_target::ActiveModel {
                indicator_id: Set(row.id),
                valid_from: Set(parse_date(&Some(t.from.clone()), &i.code)?.unwrap_or_default()),
                valid_to: Set(parse_date(&t.to, &i.code)?),
                value: Set(t.value),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        for measurement in &i.measurements {
            e::indicator_measurement::ActiveModel {
                indicator_id: Set(row.id),
                period_start: Set(
                    parse_date(&Some(measurement.period_start.clone()), &i.code)?
                        .unwrap_or_default(),
                ),
                period_end: Set(
                    parse_date(&Some(measurement.period_end.clone()), &i.code)?.unwrap_or_default()
                ),
                value: Set(measurement.value),
                origin: Set("imported".to_owned()),
                recorded_by: Set("seed".to_owned()),
                recorded_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        if let Some(code) = i.measures.as_deref().filter(|c| !c.is_empty()) {
            let (node, _) = nodes.get(code).ok_or_else(|| {
                invalid(format!("indicator {}: unknown policy node {code}", i.code))
            })?;
            links.add(
                *node,
                LinkTarget::Indicator,
                row.id,
                LinkRelation::MeasuredBy,
            );
        }
    }

    for link in &files.links.link {
        let (node, _) = nodes
            .get(&link.node)
            .ok_or_else(|| invalid(format!("link: unknown policy node {}", link.node)))?;
        let relation: LinkRelation = link.relation.parse().map_err(invalid)?;
        let pick = |wanted: &[String],
                    all: &HashMap<String, i32>,
                    what: &str|
         -> Result<Vec<i32>, SeedError> {
            if wanted.iter().any(|w| w == "*") {
                return Ok(all.values().copied().collect());
            }
            wanted
                .iter()
                .filter_map(|w| match all.get(w) {
                    Some(id) => Some(Ok(*id)),
                    // A product of the shared catalogue this municipality does not offer.
                    None if what == "product"
                        && files.products.product.iter().any(|p| &p.slug == w) =>
                    {
                        None
                    }
                    None => Some(Err(invalid(format!(
                        "link {}: unknown {what} {w}",
                        link.node
                    )))),
                })
                .collect()
        };
        for id in pick(&link.products, &products, "product")? {
            links.add(*node, LinkTarget::Product, id, relation);
        }
        for id in pick(&link.clusters, &clusters, "cluster")? {
            links.add(*node, LinkTarget::Cluster, id, relation);
        }
        for (kind, wanted) in [
            ("complaint", &link.complaint_categories),
            ("report", &link.report_categories),
        ] {
            let of_kind: HashMap<String, i32> = categories
                .iter()
                .filter(|((k, _), _)| k == kind)
                .map(|((_, code), id)| (code.clone(), *id))
                .collect();
            for id in pick(wanted, &of_kind, "category")? {
                links.add(*node, LinkTarget::Category, id, relation);
            }
        }
    }
    let link_count = links.write(db).await?;

    Ok(SeedReport {
        municipality: m.name.clone(),
        policy_nodes: nodes.len(),
        clusters: clusters.len(),
        products: products.len(),
        categories: categories.len(),
        indicators: indicator_count,
        links: link_count,
    })
}

/// Collects links without duplicates, then writes them.
#[derive(Default)]
struct LinkWriter(Vec<(i32, LinkTarget, i32, LinkRelation)>);

impl LinkWriter {
    fn add(&mut self, node: i32, target: LinkTarget, id: i32, relation: LinkRelation) {
        let link = (node, target, id, relation);
        if !self.0.contains(&link) {
            self.0.push(link);
        }
    }

    async fn write(self, db: &impl ConnectionTrait) -> Result<usize, DbErr> {
        let count = self.0.len();
        let rows =
            self.0
                .into_iter()
                .map(|(node, target, id, relation)| e::policy_link::ActiveModel {
                    node_id: Set(node),
                    target_kind: Set(target.as_str().to_owned()),
                    target_id: Set(id),
                    relation: Set(relation.as_str().to_owned()),
                    valid_from: Set(None),
                    valid_to: Set(None),
                    ..Default::default()
                });
        if count > 0 {
            e::policy_link::Entity::insert_many(rows)
                .exec_without_returning(db)
                .await?;
        }
        Ok(count)
    }
}
