use super::TextList;
use sea_orm::{ActiveValue::Set, entity::prelude::*};

/// A complaint (klacht) or report (melding). See `domain::cases` for the states and terms.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "service_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// complaint | report
    pub kind: String,
    /// `M-2026-000123`, `K-2026-000045`
    pub reference: String,
    /// The capability in the tracking link of every e-mail (at least 128 random bits).
    #[serde(skip)]
    pub tracking_token: String,
    /// web | open311 | api | counter | phone | email
    pub channel: String,
    pub status: String,
    pub category_id: i32,
    /// The department handling the case.
    pub department_id: i32,
    /// Complaints: the service the complaint is about.
    pub about_department_id: Option<i32>,
    pub assigned_to: Option<i32>,
    pub description: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub language: String,
    pub happened_on: Option<Date>,
    pub expectation: String,
    pub received_at: DateTimeUtc,
    /// The local day of `received_at`, derived by `with_report_facts`; the daily figures the
    /// reports read are counted by it (migration 000010).
    pub received_day: Option<Date>,
    /// Complaints: when the admissibility decision was sent; reports: when triaged.
    pub acknowledged_at: Option<DateTimeUtc>,
    /// The date the resident was promised (answer deadline or expected handling date).
    pub due_on: Date,
    pub extended_to: Option<Date>,
    pub extension_reason: String,
    /// Reports: the day the clock was paused to wait for the resident.
    pub paused_on: Option<Date>,
    pub scheduled_on: Option<Date>,
    pub forwarded_to: String,
    pub inadmissible_reason: String,
    pub outcome: String,
    pub ombudsman_norms: TextList,
    pub improvement_actions: String,
    pub closing_text: String,
    pub decided_by: Option<i32>,
    pub closed_at: Option<DateTimeUtc>,
    /// The local day of `closed_at`, derived on save: the council report compares it with the
    /// term in SQL.
    pub closed_day: Option<Date>,
    pub satisfied: Option<bool>,
    pub satisfaction_comment: String,
    pub reopen_count: i32,
    pub duplicate_of: Option<i32>,
    pub converted_from: Option<i32>,
    /// When handlers were told the case reached 75 % of its term.
    pub term_warning_sent_at: Option<DateTimeUtc>,
    /// When the resident was told a report needs more time.
    pub more_time_sent_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
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
    /// Derives `received_day` and `closed_day` from the times held here. `before_save` does it
    /// for every insert and update; bulk inserts (`insert_many`) call it themselves.
    pub fn with_report_facts(mut self) -> Self {
        if let Some(received_at) = self.received_at.try_as_ref().copied() {
            self.received_day = Set(Some(crate::clock::local_day(received_at)));
        }
        if let Some(closed_at) = self.closed_at.try_as_ref().copied() {
            self.closed_day = Set(closed_at.map(crate::clock::local_day));
        }
        self
    }
}
