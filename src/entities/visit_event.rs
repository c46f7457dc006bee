use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "visit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub visit_id: i32,
    /// issued | checked_in | called | recalled | served | no_show | transferred | abandoned
    pub kind: String,
    pub at: DateTimeUtc,
    pub counter_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
