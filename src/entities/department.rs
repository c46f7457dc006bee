use sea_orm::entity::prelude::*;

/// A service of the municipality that handles cases (Openbare werken, Burgerzaken, ...).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "department")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name: String,
    /// Where new, changed and closed reports are POSTed for the work planning; empty: none.
    pub webhook_url: String,
    /// The HMAC-SHA256 key of those POSTs.
    #[serde(skip)]
    pub webhook_secret: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
