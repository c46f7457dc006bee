//! Loading what the slot rules need from the database: a cluster's appointment schedule,
//! its bookings around some dates, and the working calendar.

use crate::{
    catalogue::service::calendar,
    clock::TIME_ZONE,
    domain::{
        calendar::WorkingCalendar,
        slots::{AppointmentPeriod, Booking, SlotQuery, SlotRules},
    },
    entities::{appointment, appointment_period, product},
};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

pub const BOOKED: &str = "booked";
pub const CANCELLED: &str = "cancelled";
pub const NO_SHOW: &str = "no_show";

/// Everything needed to list or check the free times of one product.
pub struct Availability {
    pub schedule: Vec<AppointmentPeriod>,
    pub calendar: WorkingCalendar,
    pub bookings: Vec<Booking>,
    pub duration: Duration,
    pub rules: SlotRules,
    pub now: DateTime<Utc>,
}

impl Availability {
    pub fn query(&self) -> SlotQuery<'_> {
        SlotQuery {
            schedule: &self.schedule,
            calendar: &self.calendar,
            bookings: &self.bookings,
            duration: self.duration,
            rules: self.rules,
            zone: TIME_ZONE,
            now: self.now,
        }
    }

    /// The same rules without any booking: tells "not a valid time" from "taken".
    pub fn ignoring_bookings(&self) -> SlotQuery<'_> {
        SlotQuery {
            bookings: &[],
            ..self.query()
        }
    }
}

pub async fn appointment_schedule(
    db: &impl ConnectionTrait,
    cluster_id: i32,
) -> Result<Vec<AppointmentPeriod>, DbErr> {
    Ok(appointment_period::Entity::find()
        .filter(appointment_period::Column::ClusterId.eq(cluster_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(AppointmentPeriod {
                weekday: Weekday::try_from(u8::try_from(p.weekday - 1).ok()?).ok()?,
                opens: p.opens,
                closes: p.closes,
                desks: u32::try_from(p.desks).ok()?,
            })
        })
        .collect())
}

/// UTC bounds of local dates `from` to `to` (both included), with a day's margin for safety.
fn window(from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = from.and_time(NaiveTime::MIN).and_utc() - Duration::days(1);
    let end = to.and_time(NaiveTime::MIN).and_utc() + Duration::days(2);
    (start, end)
}

/// Booked appointments of a cluster between two local dates, leaving one out (when moving it).
pub async fn bookings(
    db: &impl ConnectionTrait,
    cluster_id: i32,
    from: NaiveDate,
    to: NaiveDate,
    except: Option<i32>,
) -> Result<Vec<Booking>, DbErr> {
    let (start, end) = window(from, to);
    let mut query = appointment::Entity::find()
        .filter(appointment::Column::ClusterId.eq(cluster_id))
        .filter(appointment::Column::Status.eq(BOOKED))
        // An appointment lasts at most 8 hours (the product form), so one that overlaps the
        // window started at most a day before it: without this lower bound the index range
        // would run through every past appointment of the cluster.
        .filter(appointment::Column::StartAt.gt(start - Duration::days(1)))
        .filter(appointment::Column::StartAt.lt(end))
        .filter(appointment::Column::EndAt.gt(start));
    if let Some(id) = except {
        query = query.filter(appointment::Column::Id.ne(id));
    }
    // Only the two times: this runs for every page of free times and every booking.
    Ok(query
        .select_only()
        .column(appointment::Column::StartAt)
        .column(appointment::Column::EndAt)
        .into_tuple::<(DateTime<Utc>, DateTime<Utc>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(start, end)| Booking { start, end })
        .collect())
}

pub async fn availability(
    db: &impl ConnectionTrait,
    product: &product::Model,
    rules: SlotRules,
    from: NaiveDate,
    to: NaiveDate,
    except: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Availability, DbErr> {
    let mut availability = setting(db, product, rules, now).await?;
    availability.bookings = bookings(db, product.cluster_id, from, to, except).await?;
    Ok(availability)
}

/// The product's schedule and the calendar, with no bookings read yet.
pub async fn setting(
    db: &impl ConnectionTrait,
    product: &product::Model,
    rules: SlotRules,
    now: DateTime<Utc>,
) -> Result<Availability, DbErr> {
    Ok(Availability {
        schedule: appointment_schedule(db, product.cluster_id).await?,
        calendar: calendar(db).await?,
        bookings: Vec::new(),
        duration: Duration::minutes(product.appointment_minutes.max(5) as i64),
        rules,
        now,
    })
}
