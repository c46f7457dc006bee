use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "waitlist_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub product_id: i32,
    /// The appointment the resident holds and wants to bring forward, if any.
    pub appointment_id: Option<i32>,
    pub name: String,
    pub email: String,
    pub language: String,
    pub created_at: DateTimeUtc,
    pub notified_at: Option<DateTimeUtc>,
    pub token: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
