use sea_orm::entity::prelude::*;

/// One POST to a department's work-planning webhook, signed when written, retried until delivered.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "outbox_webhook")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub department_id: i32,
    /// case.created | case.changed | case.closed
    pub event: String,
    pub url: String,
    pub body: String,
    /// `sha256=<hex HMAC-SHA256 of body>`
    pub signature: String,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
    pub last_error: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
