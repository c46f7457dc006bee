use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "policy_node")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_version_id: i32,
    pub parent_id: Option<i32>,
    /// objective | action_plan | action (domain::policy::PolicyLevel)
    pub level: String,
    pub code: String,
    pub title: String,
    pub description: String,
    pub status: Option<i32>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
