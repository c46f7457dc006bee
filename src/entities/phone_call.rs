use sea_orm::entity::prelude::*;

/// One call offered to the contact centre, as the telephony system recorded it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "phone_call")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub offered_at: DateTimeUtc,
    /// None: the call was missed.
    pub answered_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// The telephony queue (e.g. "algemeen", "burgerzaken").
    pub queue: String,
    /// Whole seconds from offer to answer (domain::reports::seconds_between).
    pub answer_wait_seconds: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
