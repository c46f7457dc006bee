//! Reading the multi-year plan: the tree, one node with everything linked to it, and the
//! policy nodes linked to a set of products, clusters, categories or indicators.

use crate::{
    domain::policy::{LinkRelation, LinkTarget, STATUSES},
    entities::{
        case_category, cluster, counter, indicator, indicator_measurement, indicator_target,
        policy_link, policy_node, policy_plan, policy_plan_version, product,
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use std::collections::HashMap;

/// A policy node as other pages show it: code, title and where it lives.
#[derive(Debug, Clone, Serialize)]
pub struct NodeRef {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub level: String,
    pub plan: String,
    pub relation: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TreeNode {
    pub id: i32,
    pub code: String,
    pub title: String,
    /// objective | action_plan | action
    pub level: String,
    pub status: Option<i32>,
    pub status_label: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    #[schema(no_recursion)]
    pub children: Vec<TreeNode>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanTree {
    pub plan: String,
    pub period_start: i32,
    pub period_end: i32,
    pub version: String,
    pub objectives: Vec<TreeNode>,
}

pub fn status_label(status: Option<i32>) -> Option<String> {
    let status = status?;
    STATUSES
        .iter()
        .find(|(code, _)| *code == status)
        .map(|(code, label)| format!("{code} - {label}"))
}

/// The current version of every plan, newest period first, as trees.
pub async fn tree(db: &impl ConnectionTrait) -> Result<Vec<PlanTree>, DbErr> {
    let versions = policy_plan_version::Entity::find()
        .filter(policy_plan_version::Column::Current.eq(true))
        .all(db)
        .await?;
    let plans: HashMap<i32, policy_plan::Model> = policy_plan::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let nodes = policy_node::Entity::find()
        .filter(policy_node::Column::PlanVersionId.is_in(versions.iter().map(|v| v.id)))
        .order_by_asc(policy_node::Column::Position)
        .all(db)
        .await?;
    let mut trees: Vec<PlanTree> = versions
        .iter()
        .filter_map(|version| {
            let plan = plans.get(&version.plan_id)?;
            let in_version: Vec<&policy_node::Model> = nodes
                .iter()
                .filter(|n| n.plan_version_id == version.id)
                .collect();
            Some(PlanTree {
                plan: plan.name.clone(),
                period_start: plan.period_start,
                period_end: plan.period_end,
                version: version.label.clone(),
                objectives: children_of(None, &in_version),
            })
        })
        .collect();
    trees.sort_by_key(|t| std::cmp::Reverse(t.period_start));
    Ok(trees)
}

fn children_of(parent: Option<i32>, nodes: &[&policy_node::Model]) -> Vec<TreeNode> {
    nodes
        .iter()
        .filter(|n| n.parent_id == parent)
        .map(|n| TreeNode {
            id: n.id,
            code: n.code.clone(),
            title: n.title.clone(),
            level: n.level.clone(),
            status: n.status,
            status_label: status_label(n.status),
            start_date: n.start_date,
            end_date: n.end_date,
            children: children_of(Some(n.id), nodes),
        })
        .collect()
}

fn valid_on(today: NaiveDate) -> Condition {
    Condition::all()
        .add(
            Condition::any()
                .add(policy_link::Column::ValidFrom.is_null())
                .add(policy_link::Column::ValidFrom.lte(today)),
        )
        .add(
            Condition::any()
                .add(policy_link::Column::ValidTo.is_null())
                .add(policy_link::Column::ValidTo.gte(today)),
        )
}

/// For each target id, the policy nodes linked to it today (one query for all targets).
pub async fn nodes_linked_to(
    db: &impl ConnectionTrait,
    target: LinkTarget,
    ids: &[i32],
    today: NaiveDate,
) -> Result<HashMap<i32, Vec<NodeRef>>, DbErr> {
    let links = policy_link::Entity::find()
        .filter(policy_link::Column::TargetKind.eq(target.as_str()))
        .filter(policy_link::Column::TargetId.is_in(ids.iter().copied()))
        .filter(valid_on(today))
        .all(db)
        .await?;
    let nodes: HashMap<i32, policy_node::Model> = policy_node::Entity::find()
        .filter(policy_node::Column::Id.is_in(links.iter().map(|l| l.node_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let plans = plan_names(db).await?;
    let mut by_target: HashMap<i32, Vec<NodeRef>> = HashMap::new();
    for link in links {
        if let Some(node) = nodes.get(&link.node_id) {
            by_target.entry(link.target_id).or_default().push(NodeRef {
                id: node.id,
                code: node.code.clone(),
                title: node.title.clone(),
                level: node.level.clone(),
                plan: plans
                    .get(&node.plan_version_id)
                    .cloned()
                    .unwrap_or_default(),
                relation: link.relation.clone(),
            });
        }
    }
    for refs in by_target.values_mut() {
        refs.sort_by(|a, b| a.code.cmp(&b.code));
    }
    Ok(by_target)
}

/// Plan name per plan version id.
async fn plan_names(db: &impl ConnectionTrait) -> Result<HashMap<i32, String>, DbErr> {
    let plans: HashMap<i32, String> = policy_plan::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(policy_plan_version::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, plans.get(&v.plan_id).cloned().unwrap_or_default()))
        .collect())
}

#[derive(Debug, Serialize)]
pub struct Linked {
    pub id: i32,
    pub name: String,
    pub url: Option<String>,
    pub relation: String,
}

#[derive(Debug, Serialize)]
pub struct LinkedIndicator {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub relation: String,
    pub target: Option<f64>,
    pub latest: Option<indicator_measurement::Model>,
}

#[derive(Debug, Serialize)]
pub struct NodeDetail {
    pub node: policy_node::Model,
    pub plan: String,
    pub ancestors: Vec<policy_node::Model>,
    pub children: Vec<policy_node::Model>,
    pub products: Vec<Linked>,
    pub clusters: Vec<Linked>,
    pub counters: Vec<Linked>,
    pub complaint_categories: Vec<Linked>,
    pub report_categories: Vec<Linked>,
    pub indicators: Vec<LinkedIndicator>,
}

pub async fn node_detail(
    db: &impl ConnectionTrait,
    id: i32,
    today: NaiveDate,
) -> Result<Option<NodeDetail>, DbErr> {
    let Some(node) = policy_node::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut ancestors = Vec::new();
    let mut parent = node.parent_id;
    while let Some(parent_id) = parent {
        let Some(up) = policy_node::Entity::find_by_id(parent_id).one(db).await? else {
            break;
        };
        parent = up.parent_id;
        ancestors.insert(0, up);
    }
    let children = policy_node::Entity::find()
        .filter(policy_node::Column::ParentId.eq(node.id))
        .order_by_asc(policy_node::Column::Position)
        .all(db)
        .await?;
    let links = policy_link::Entity::find()
        .filter(policy_link::Column::NodeId.eq(node.id))
        .filter(valid_on(today))
        .all(db)
        .await?;
    let ids_of = |target: LinkTarget| -> Vec<(i32, String)> {
        links
            .iter()
            .filter(|l| l.target_kind == target.as_str())
            .map(|l| (l.target_id, l.relation.clone()))
            .collect()
    };

    let product_links = ids_of(LinkTarget::Product);
    let products = product::Entity::find()
        .filter(product::Column::Id.is_in(product_links.iter().map(|(id, _)| *id)))
        .filter(product::Column::Published.eq(true))
        .order_by_asc(product::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Linked {
            relation: relation_of(&product_links, p.id),
            url: Some(format!("/producten/{}", p.slug)),
            id: p.id,
            name: p.name,
        })
        .collect();

    let cluster_links = ids_of(LinkTarget::Cluster);
    let clusters = cluster::Entity::find()
        .filter(cluster::Column::Id.is_in(cluster_links.iter().map(|(id, _)| *id)))
        .order_by_asc(cluster::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Linked {
            relation: relation_of(&cluster_links, c.id),
            url: Some(format!("/producten?dienst={}", c.code)),
            id: c.id,
            name: c.name,
        })
        .collect();

    let counter_links = ids_of(LinkTarget::Counter);
    let counters = counter::Entity::find()
        .filter(counter::Column::Id.is_in(counter_links.iter().map(|(id, _)| *id)))
        .order_by_asc(counter::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|c| Linked {
            relation: relation_of(&counter_links, c.id),
            url: None,
            id: c.id,
            name: c.name,
        })
        .collect();

    let category_links = ids_of(LinkTarget::Category);
    let categories = case_category::Entity::find()
        .filter(case_category::Column::Id.is_in(category_links.iter().map(|(id, _)| *id)))
        .order_by_asc(case_category::Column::Name)
        .all(db)
        .await?;
    let (complaint, report): (Vec<_>, Vec<_>) =
        categories.into_iter().partition(|c| c.kind == "complaint");
    let to_linked = |c: case_category::Model| Linked {
        relation: relation_of(&category_links, c.id),
        url: None,
        id: c.id,
        name: c.name,
    };

    let indicator_links = ids_of(LinkTarget::Indicator);
    let indicator_rows = indicator::Entity::find()
        .filter(indicator::Column::Id.is_in(indicator_links.iter().map(|(id, _)| *id)))
        .order_by_asc(indicator::Column::Code)
        .all(db)
        .await?;
    let targets = indicator_target::Entity::find()
        .filter(indicator_target::Column::IndicatorId.is_in(indicator_rows.iter().map(|i| i.id)))
        .all(db)
        .await?;
    let measurements = indicator_measurement::Entity::find()
        .filter(
            indicator_measurement::Column::IndicatorId.is_in(indicator_rows.iter().map(|i| i.id)),
        )
        .order_by_asc(indicator_measurement::Column::PeriodEnd)
        .all(db)
        .await?;
    let indicators = indicator_rows
        .into_iter()
        .map(|i| LinkedIndicator {
            relation: relation_of(&indicator_links, i.id),
            target: targets
                .iter()
                .filter(|t| {
                    t.indicator_id == i.id
                        && t.valid_from <= today
                        && t.valid_to.is_none_or(|to| to >= today)
                })
                .map(|t| t.value)
                .next()
                .or_else(|| {
                    // A plan that has ended still shows the last target it had.
                    targets
                        .iter()
                        .filter(|t| t.indicator_id == i.id)
                        .max_by_key(|t| t.valid_from)
                        .map(|t| t.value)
                }),
            latest: measurements
                .iter()
                .rfind(|m| m.indicator_id == i.id)
                .cloned(),
            id: i.id,
            code: i.code,
            name: i.name,
            unit: i.unit,
            direction: i.direction,
        })
        .collect();

    let plan = plan_names(db)
        .await?
        .remove(&node.plan_version_id)
        .unwrap_or_default();
    Ok(Some(NodeDetail {
        plan,
        ancestors,
        children,
        products,
        clusters,
        counters,
        complaint_categories: complaint.into_iter().map(to_linked).collect(),
        report_categories: report.into_iter().map(to_linked).collect(),
        indicators,
        node,
    }))
}

fn relation_of(links: &[(i32, String)], id: i32) -> String {
    links
        .iter()
        .find(|(target, _)| *target == id)
        .map(|(_, r)| r.clone())
        .unwrap_or_else(|| LinkRelation::Realises.as_str().to_owned())
}
