use sea_orm::entity::prelude::*;

/// One line of a case's history. Append-only.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "case_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub at: DateTimeUtc,
    pub staff_user_id: Option<i32>,
    /// Who did it, as shown: a staff member's name, "resident", "system" or an API token's name.
    pub actor: String,
    /// domain::cases::EventKind
    pub kind: String,
    pub from_status: String,
    pub to_status: String,
    /// Shown to the resident on the tracking page (and mailed when staff wrote it).
    pub public: bool,
    pub body: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
