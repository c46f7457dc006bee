use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name: String,
    pub unit: String,
    /// le (<=) | ge (>=)
    pub direction: String,
    pub aggregation: String,
    pub metric: String,
    pub cluster_id: Option<i32>,
    /// What is measured and how, in the words of the plan.
    pub definition: String,
    /// year | month: the period one value covers.
    pub period: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
