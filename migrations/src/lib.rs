//! Database migrations of Loket, run on start and by `loket migrate`.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261122_000001_foundation;
mod m20261123_000002_appointments;
mod m20261123_000003_front_office;
mod m20261202_000004_cases;
mod m20261202_000006_phone_calls;
mod m20261202_000007_trust;
mod m20261202_000008_reports_at_scale;
mod m20261203_000009_case_closed_day;
mod m20261204_000010_daily_figures;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261123_000002_appointments::Migration),
            Box::new(m20261123_000003_front_office::Migration),
            Box::new(m20261202_000004_cases::Migration),
            Box::new(m20261202_000006_phone_calls::Migration),
            Box::new(m20261202_000007_trust::Migration),
            Box::new(m20261202_000008_reports_at_scale::Migration),
            Box::new(m20261203_000009_case_closed_day::Migration),
            Box::new(m20261204_000010_daily_figures::Migration),
        ]
    }
}
