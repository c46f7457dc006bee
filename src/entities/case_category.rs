use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "case_category")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// complaint | report
    pub kind: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    /// The name of the handling department (`department.name`).
    pub department: String,
    /// Reports: the handling term in working days.
    pub handling_days: i32,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
