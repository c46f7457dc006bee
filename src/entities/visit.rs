use crate::domain::reports::VisitFacts;
use sea_orm::{ActiveValue::Set, entity::prelude::*};

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
    /// What the wait-time reports read, derived by `with_report_facts` on every save: the local
    /// day of `ready_at`, the wait until the first call, and the service time of a served leg.
    pub ready_day: Date,
    pub wait_seconds: Option<i32>,
    pub service_seconds: Option<i32>,
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
    /// Derives the report columns from the times and the outcome held here. `before_save` does
    /// it for every insert and update; bulk inserts (`insert_many`) call it themselves.
    pub fn with_report_facts(mut self) -> Self {
        let Some(ready_at) = self.ready_at.try_as_ref().copied() else {
            return self;
        };
        self.ready_day = Set(crate::clock::local_day(ready_at));
        if let (Some(called_at), Some(finished_at), Some(outcome)) = (
            self.called_at.try_as_ref().copied(),
            self.finished_at.try_as_ref().copied(),
            self.outcome.try_as_ref(),
        ) {
            let facts = VisitFacts {
                ready_at,
                called_at,
                finished_at,
                outcome,
            };
            let wait = facts.wait_seconds().map(seconds_column);
            let service = facts.service_seconds().map(seconds_column);
            self.wait_seconds = Set(wait);
            self.service_seconds = Set(service);
        }
        self
    }
}

/// A wait or service time as stored; no visit lasts the 68 years that would not fit.
fn seconds_column(seconds: i64) -> i32 {
    i32::try_from(seconds).unwrap_or(i32::MAX)
}
