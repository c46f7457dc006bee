use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "ticket_day")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cluster_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub last_number: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
