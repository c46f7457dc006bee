use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "lead_time_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub day: Date,
    pub product_id: i32,
    pub cluster_id: i32,
    pub first_free_at: Option<DateTimeUtc>,
    /// Working days from `day` to the first free time; none when nothing is free in the horizon.
    pub lead_days: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
