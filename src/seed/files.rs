//! The seed files as written by hand (seeds/README.md describes each field).

use super::SeedError;
use crate::entities::product::{Cost, LegalResource, Procedure, Requirement};
use serde::Deserialize;
use std::path::Path;

pub struct SeedFiles {
    pub municipality: MunicipalityFile,
    pub policy: PolicyFile,
    pub clusters: ClustersFile,
    pub indicators: IndicatorsFile,
    pub links: LinksFile,
    pub products: ProductsFile,
    pub categories: CategoriesFile,
}

impl SeedFiles {
    pub fn read(dir: &Path, municipality: &str) -> Result<Self, SeedError> {
        let own = dir.join(municipality);
        Ok(Self {
            municipality: read(&own.join("municipality.toml"))?,
            policy: read(&own.join("policy.toml"))?,
            clusters: read(&own.join("clusters.toml"))?,
            indicators: read(&own.join("indicators.toml"))?,
            links: read(&own.join("links.toml"))?,
            products: read(&dir.join("products.toml"))?,
            categories: read(&dir.join("categories.toml"))?,
        })
    }
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, SeedError> {
    let error = |message: String| SeedError::File {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    toml::from_str(&text).map_err(|e| error(e.to_string()))
}

#[derive(Deserialize)]
pub struct MunicipalityFile {
    pub slug: String,
    pub name: String,
    pub legal_name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub nis_code: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub closing_day: Vec<ClosingDay>,
    #[serde(default)]
    pub yearly_closing_day: Vec<YearlyClosingDay>,
}

#[derive(Deserialize)]
pub struct ClosingDay {
    pub date: String,
    pub reason: String,
}

#[derive(Deserialize)]
pub struct YearlyClosingDay {
    pub month: u32,
    pub day: u32,
    pub reason: String,
}

#[derive(Deserialize)]
pub struct PolicyFile {
    pub plan: Plan,
    #[serde(default)]
    pub node: Vec<Node>,
}

#[derive(Deserialize)]
pub struct Plan {
    pub name: String,
    pub period_start: i32,
    pub period_end: i32,
    pub version: String,
}

#[derive(Deserialize)]
pub struct Node {
    pub code: String,
    pub level: String,
    #[serde(default)]
    pub parent: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub status: Option<i32>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

#[derive(Deserialize)]
pub struct ClustersFile {
    #[serde(default)]
    pub cluster: Vec<Cluster>,
}

#[derive(Deserialize)]
pub struct Cluster {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub wait_target_seconds: i32,
    pub ticket_prefix: String,
    pub grace_minutes: Option<i32>,
    #[serde(default)]
    pub serves: Vec<String>,
    #[serde(default)]
    pub counters: Vec<Counter>,
    #[serde(default)]
    pub opening_hours: Vec<Period>,
    #[serde(default)]
    pub appointment_hours: Vec<AppointmentPeriod>,
}

#[derive(Deserialize)]
pub struct AppointmentPeriod {
    pub day: String,
    pub opens: String,
    pub closes: String,
    pub desks: i32,
}

#[derive(Deserialize)]
pub struct Counter {
    pub code: String,
    pub name: String,
}

#[derive(Deserialize)]
pub struct Period {
    pub day: String,
    pub opens: String,
    pub closes: String,
}

#[derive(Deserialize)]
pub struct ProductsFile {
    #[serde(default)]
    pub product: Vec<Product>,
}

#[derive(Deserialize)]
pub struct Product {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub additional_description: String,
    #[serde(default)]
    pub exceptions: String,
    #[serde(default)]
    pub regulation: String,
    #[serde(default)]
    pub product_type: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub target_audiences: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub cluster: String,
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub bookable: bool,
    #[serde(default)]
    pub appointment_minutes: i32,
    #[serde(default)]
    pub front_office_eligible: bool,
    #[serde(default)]
    pub popularity: i32,
    #[serde(default)]
    pub competent_authority: String,
    #[serde(default)]
    pub executing_authority: String,
    #[serde(default)]
    pub financial_advantages: String,
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    #[serde(default)]
    pub costs: Vec<Cost>,
    #[serde(default)]
    pub legal_resources: Vec<LegalResource>,
}

#[derive(Deserialize)]
pub struct CategoriesFile {
    #[serde(default)]
    pub category: Vec<Category>,
}

#[derive(Deserialize)]
pub struct Category {
    pub kind: String,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub icon: String,
    #[serde(default)]
    pub department: String,
    /// Reports: the handling term in working days.
    #[serde(default = "default_handling_days")]
    pub handling_days: i32,
}

fn default_handling_days() -> i32 {
    10
}

#[derive(Deserialize)]
pub struct IndicatorsFile {
    #[serde(default)]
    pub indicator: Vec<Indicator>,
}

#[derive(Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub aggregation: String,
    pub metric: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default = "default_indicator_period")]
    pub period: String,
    pub scope_cluster: Option<String>,
    pub measures: Option<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub measurements: Vec<Measurement>,
}

fn default_indicator_period() -> String {
    "year".into()
}

#[derive(Deserialize)]
pub struct Target {
    pub from: String,
    pub to: Option<String>,
    pub value: f64,
}

#[derive(Deserialize)]
pub struct Measurement {
    pub period_start: String,
    pub period_end: String,
    pub value: f64,
}

#[derive(Deserialize)]
pub struct LinksFile {
    #[serde(default)]
    pub link: Vec<Link>,
}

#[derive(Deserialize)]
pub struct Link {
    pub node: String,
    pub relation: String,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub clusters: Vec<String>,
    #[serde(default)]
    pub complaint_categories: Vec<String>,
    #[serde(default)]
    pub report_categories: Vec<String>,
}
