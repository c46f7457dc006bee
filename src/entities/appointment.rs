use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "appointment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub reference: String,
    /// The capability in the manage link of every e-mail (at least 128 random bits).
    pub manage_token: String,
    pub product_id: i32,
    pub cluster_id: i32,
    pub start_at: DateTimeUtc,
    pub end_at: DateTimeUtc,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub language: String,
    /// booked | cancelled | no_show
    pub status: String,
    /// online | staff | api
    pub source: String,
    /// Raised at every change, for the calendar file (iCalendar SEQUENCE).
    pub sequence: i32,
    /// Working days from the booking date to the appointment date.
    pub booked_lead_days: i32,
    /// Working days to the first free time of the product when this was booked.
    pub first_free_lead_days: Option<i32>,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub reminder_queued_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
