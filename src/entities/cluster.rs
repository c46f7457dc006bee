use super::TextList;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "cluster")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name: String,
    pub description: String,
    pub wait_target_seconds: i32,
    pub ticket_prefix: String,
    pub grace_minutes: i32,
    pub appointments_first: bool,
    /// Catalogue cluster codes this cluster also serves (seeds/README.md).
    pub serves: TextList,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
