use sea_orm::{ActiveValue::Set, entity::prelude::*};

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
    /// The local day of `start_at`, derived by `with_report_facts`; the daily figures the
    /// reports read are counted by it (migration 000010).
    pub start_day: Option<Date>,
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

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        Ok(self.with_report_facts())
    }
}

impl ActiveModel {
    /// Derives `start_day` from `start_at` when that is held here. `before_save` does it for
    /// every insert and update; bulk inserts (`insert_many`) call it themselves.
    pub fn with_report_facts(mut self) -> Self {
        if let Some(start_at) = self.start_at.try_as_ref().copied() {
            self.start_day = Set(Some(crate::clock::local_day(start_at)));
        }
        self
    }
}
