use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "visit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub cluster_id: i32,
    /// walk_in | appointment
    pub kind: String,
    /// "B007"
    pub ticket: String,
    /// The local date the ticket belongs to.
    pub day: Date,
    /// Only the reference to an appointment: nothing personal is kept on a visit.
    pub appointment_id: Option<i32>,
    pub appointment_start: Option<DateTimeUtc>,
    /// The leg in another cluster this visit was moved from.
    pub previous_visit_id: Option<i32>,
    pub issued_at: DateTimeUtc,
    pub checked_in_at: Option<DateTimeUtc>,
    pub ready_at: DateTimeUtc,
    /// waiting | called | done
    pub status: String,
    pub counter_id: Option<i32>,
    /// The first call: the wait ends here.
    pub called_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// "" while open; served | no_show | abandoned | transferred
    pub outcome: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
