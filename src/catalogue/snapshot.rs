//! The catalogue as the public pages and the API show it, read in one go and held in memory:
//! every page view would otherwise read the same rows again, and staff change them only now and
//! then (each change under `/beheer` makes the next request read them afresh).

use super::service::{self, ClusterHours, ProductView};
use crate::{
    cache::Change,
    domain::{
        calendar::WorkingCalendar,
        policy::LinkTarget,
        search::{Document, Query},
    },
    entities::{cluster, opening_period, product},
    policy::service::{NodeRef, nodes_linked_to},
    state::AppState,
    web::i18n::Lang,
};
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;
use std::{collections::HashMap, sync::Arc};

pub struct Catalogue {
    /// Published products, by name.
    pub products: Vec<product::Model>,
    /// In their order on the pages.
    pub clusters: Vec<cluster::Model>,
    periods: HashMap<i32, Vec<opening_period::Model>>,
    calendar: WorkingCalendar,
    /// The policy actions each published product realises, on the day it was read.
    policy: HashMap<i32, Vec<NodeRef>>,
    /// What search looks in, one per product in the same order.
    documents: Vec<Document>,
}

/// The catalogue of today (policy links have a validity period, so each day reads it anew).
pub async fn current(state: &AppState) -> Result<Arc<Catalogue>, DbErr> {
    let day = state.clock.now_local().date_naive();
    let stamp = state.changes.stamp(&[Change::Catalogue]);
    state
        .caches
        .catalogue
        .get_or_load(day, stamp, async || read(&state.db, day).await)
        .await
}

async fn read(db: &impl ConnectionTrait, day: NaiveDate) -> Result<Catalogue, DbErr> {
    let products = service::published(db).await?;
    let ids: Vec<i32> = products.iter().map(|p| p.id).collect();
    let documents = products
        .iter()
        .map(|p| {
            let text = format!("{} {} {}", p.summary, p.description, p.themes.0.join(" "));
            Document::new(&p.name, &p.keywords.0, &text)
        })
        .collect();
    Ok(Catalogue {
        documents,
        policy: nodes_linked_to(db, LinkTarget::Product, &ids, day).await?,
        clusters: service::clusters(db).await?,
        periods: service::opening_hours(db).await?,
        calendar: service::calendar(db).await?,
        products,
    })
}

/// A product as a line in a list: what the home page and the catalogue show of it.
#[derive(Serialize)]
pub struct ProductLink<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub summary: &'a str,
}

impl<'a> From<&'a product::Model> for ProductLink<'a> {
    fn from(p: &'a product::Model) -> Self {
        Self {
            slug: &p.slug,
            name: &p.name,
            summary: &p.summary,
        }
    }
}

impl Catalogue {
    pub fn product(&self, slug: &str) -> Option<&product::Model> {
        self.products.iter().find(|p| p.slug == slug)
    }

    /// Products matching the query, best match first (then the most asked for).
    pub fn search(&self, query: &Query) -> Vec<&product::Model> {
        let mut scored: Vec<(u32, &product::Model)> = self
            .products
            .iter()
            .zip(&self.documents)
            .filter_map(|(p, doc)| Some((query.score(doc)?, p)))
            .collect();
        scored.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then(b.popularity.cmp(&a.popularity)));
        scored.into_iter().map(|(_, p)| p).collect()
    }

    pub fn cluster(&self, id: i32) -> Option<&cluster::Model> {
        self.clusters.iter().find(|c| c.id == id)
    }

    /// The `limit` most asked-for products (then by name).
    pub fn most_asked_for(&self, limit: usize) -> Vec<ProductLink<'_>> {
        let mut products: Vec<&product::Model> = self.products.iter().collect();
        // Stable: equal popularity keeps the order by name.
        products.sort_by_key(|p| std::cmp::Reverse(p.popularity));
        products
            .into_iter()
            .take(limit)
            .map(ProductLink::from)
            .collect()
    }

    pub fn hours(&self, cluster: &cluster::Model, now: DateTime<Tz>, lang: Lang) -> ClusterHours {
        service::cluster_hours(
            cluster,
            self.periods
                .get(&cluster.id)
                .map(Vec::as_slice)
                .unwrap_or(&[]),
            &self.calendar,
            now,
            lang,
        )
    }

    /// The policy actions a published product realises.
    pub fn policy_of(&self, product_id: i32) -> &[NodeRef] {
        self.policy
            .get(&product_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn product_view<'a>(
        &'a self,
        product: &'a product::Model,
        now: DateTime<Tz>,
        lang: Lang,
    ) -> ProductView<'a> {
        let cluster = self.cluster(product.cluster_id);
        ProductView {
            product,
            cluster,
            hours: cluster.map(|c| self.hours(c, now, lang)),
            policy: self.policy_of(product.id),
        }
    }
}
