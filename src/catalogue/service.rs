//! Reading the catalogue: published products, search, one product with its cluster, opening
//! hours and policy links.

use crate::{
    domain::calendar::WorkingCalendar,
    entities::{closing_day, cluster, opening_period, product},
    policy::service::NodeRef,
    web::{dates::day_name, i18n::Lang},
};
use chrono::{DateTime, NaiveDate, Weekday};
use chrono_tz::Tz;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;

pub async fn published(db: &impl ConnectionTrait) -> Result<Vec<product::Model>, DbErr> {
    product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .order_by_asc(product::Column::Name)
        .all(db)
        .await
}

pub async fn clusters(db: &impl ConnectionTrait) -> Result<Vec<cluster::Model>, DbErr> {
    cluster::Entity::find()
        .order_by_asc(cluster::Column::Position)
        .all(db)
        .await
}

pub async fn by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<product::Model>, DbErr> {
    product::Entity::find()
        .filter(product::Column::Slug.eq(slug))
        .filter(product::Column::Published.eq(true))
        .one(db)
        .await
}

pub async fn calendar(db: &impl ConnectionTrait) -> Result<WorkingCalendar, DbErr> {
    let rows = closing_day::Entity::find().all(db).await?;
    Ok(WorkingCalendar::new(
        crate::domain::calendar::ClosingDays::new(
            rows.iter().filter_map(|r| r.date),
            rows.iter()
                .filter_map(|r| Some((r.month? as u32, r.day? as u32))),
        ),
    ))
}

#[derive(Debug, Serialize, Clone, utoipa::ToSchema)]
pub struct DayHours {
    /// 1 = Monday
    pub weekday: i16,
    pub day: String,
    /// "08:30-12:30"
    pub periods: Vec<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct ClusterHours {
    pub code: String,
    pub name: String,
    pub week: Vec<DayHours>,
    pub today: Vec<String>,
    pub open_now: bool,
    /// Why the cluster is closed today, when it is a holiday or closing day.
    pub closed_reason: Option<String>,
}

pub async fn opening_hours(
    db: &impl ConnectionTrait,
) -> Result<HashMap<i32, Vec<opening_period::Model>>, DbErr> {
    let mut by_cluster: HashMap<i32, Vec<opening_period::Model>> = HashMap::new();
    for period in opening_period::Entity::find()
        .order_by_asc(opening_period::Column::Weekday)
        .order_by_asc(opening_period::Column::Opens)
        .all(db)
        .await?
    {
        by_cluster
            .entry(period.cluster_id)
            .or_default()
            .push(period);
    }
    Ok(by_cluster)
}

/// "08:30-12:30" (written out by hand: every page view shows a few dozen of these).
fn period_label(period: &opening_period::Model) -> String {
    use chrono::Timelike;
    let (opens, closes) = (period.opens, period.closes);
    format!(
        "{:02}:{:02}-{:02}:{:02}",
        opens.hour(),
        opens.minute(),
        closes.hour(),
        closes.minute()
    )
}

pub fn week(periods: &[opening_period::Model], lang: Lang) -> Vec<DayHours> {
    (1..=7)
        .filter_map(|weekday| {
            let day: Vec<String> = periods
                .iter()
                .filter(|p| p.weekday == weekday)
                .map(period_label)
                .collect();
            if day.is_empty() {
                return None;
            }
            let name = Weekday::try_from(weekday as u8 - 1)
                .map(|w| day_name(w, lang))
                .unwrap_or("");
            Some(DayHours {
                weekday,
                day: name.to_owned(),
                periods: day,
            })
        })
        .collect()
}

pub fn cluster_hours(
    cluster: &cluster::Model,
    periods: &[opening_period::Model],
    calendar: &WorkingCalendar,
    now: DateTime<Tz>,
    lang: Lang,
) -> ClusterHours {
    use chrono::Datelike;
    let today: NaiveDate = now.date_naive();
    let weekday = now.weekday().number_from_monday() as i16;
    let day_off = calendar.day_off(today);
    let closed_reason = match &day_off {
        Some(crate::domain::calendar::DayOff::PublicHoliday(name)) => Some((*name).to_owned()),
        Some(crate::domain::calendar::DayOff::ClosingDay) => Some("Sluitingsdag".to_owned()),
        _ => None,
    };
    let todays: Vec<&opening_period::Model> = if day_off.is_some() && closed_reason.is_some() {
        Vec::new()
    } else {
        periods.iter().filter(|p| p.weekday == weekday).collect()
    };
    let time = now.time();
    ClusterHours {
        code: cluster.code.clone(),
        name: cluster.name.clone(),
        week: week(periods, lang),
        today: todays.iter().map(|p| period_label(p)).collect(),
        open_now: todays.iter().any(|p| p.opens <= time && time < p.closes),
        closed_reason,
    }
}

/// A product with everything its page shows.
#[derive(Debug, Serialize)]
pub struct ProductView<'a> {
    pub product: &'a product::Model,
    pub cluster: Option<&'a cluster::Model>,
    pub hours: Option<ClusterHours>,
    pub policy: &'a [NodeRef],
}
