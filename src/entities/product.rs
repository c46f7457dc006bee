use super::TextList;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A condition to get the product, with the document that proves it (IPDC requirement + evidence).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Procedure {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    pub description: String,
    /// Euro; none when the cost is text only.
    #[serde(default)]
    pub amount: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegalResource {
    pub title: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Requirements(pub Vec<Requirement>);
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Procedures(pub Vec<Procedure>);
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct Costs(pub Vec<Cost>);
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, FromJsonQueryResult)]
pub struct LegalResources(pub Vec<LegalResource>);

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "product")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub additional_description: String,
    pub exceptions: String,
    pub regulation: String,
    pub product_type: String,
    pub themes: TextList,
    pub target_audiences: TextList,
    pub keywords: TextList,
    pub requirements: Requirements,
    pub procedures: Procedures,
    pub costs: Costs,
    pub financial_advantages: String,
    pub legal_resources: LegalResources,
    pub competent_authority: String,
    pub executing_authority: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub cluster_id: i32,
    /// counter | appointment | phone | online
    pub channels: TextList,
    pub online_url: String,
    pub bookable: bool,
    pub appointment_minutes: i32,
    pub front_office_eligible: bool,
    pub published: bool,
    pub popularity: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
