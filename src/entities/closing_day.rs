use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "closing_day")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// A single date, or (month, day) recurring every year.
    pub date: Option<Date>,
    pub month: Option<i16>,
    pub day: Option<i16>,
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
