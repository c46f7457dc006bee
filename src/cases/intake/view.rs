//! What the resident's pages show of a case, in plain words.

use crate::{
    cases::service::{kind_of, status_of},
    clock::{TIME_ZONE, local_day},
    domain::cases::{CaseKind, Status},
    entities::{case_category, case_event, case_photo, service_case},
    web::{dates::long_date, i18n::Lang},
};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

/// The icons there are a file for in `static/cases/`; anything else gets the general one.
const ICONS: [&str; 9] = [
    "lamp",
    "trash",
    "road",
    "tree",
    "drain",
    "sign",
    "broom",
    "playground",
    "other",
];

#[derive(Serialize)]
pub struct CategoryView {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub description: String,
    pub icon: &'static str,
    pub handling_days: i32,
}

impl From<case_category::Model> for CategoryView {
    fn from(c: case_category::Model) -> Self {
        Self {
            icon: ICONS.into_iter().find(|i| *i == c.icon).unwrap_or("other"),
            id: c.id,
            code: c.code,
            name: c.name,
            description: c.description,
            handling_days: c.handling_days,
        }
    }
}

/// The active categories of `kind`, in the order the municipality gave them.
pub async fn categories(
    db: &impl sea_orm::ConnectionTrait,
    kind: CaseKind,
) -> Result<Vec<case_category::Model>, DbErr> {
    case_category::Entity::find()
        .filter(case_category::Column::Kind.eq(kind.as_str()))
        .filter(case_category::Column::Active.eq(true))
        .order_by_asc(case_category::Column::Id)
        .all(db)
        .await
}

pub fn status_label(lang: Lang, status: Status) -> String {
    lang.text(&format!("case-status-{}", status.as_str()))
}

/// A point on the map, already checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

/// Metres between two points (haversine; plenty for "which is nearest").
pub fn distance_m(a: Point, b: Point) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_000.0;
    let (la1, la2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dla = la2 - la1;
    let dlo = (b.longitude - a.longitude).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// An open report anyone may see: no description, name or contact data.
#[derive(Serialize)]
pub struct PublicReport {
    pub reference: String,
    pub address: String,
    pub received: String,
    pub status: String,
    /// "350 m" from the resident, when both places are known.
    pub distance: Option<String>,
}

/// How many open reports the form shows before the resident files a new one.
const NEARBY_SHOWN: usize = 10;
/// How many recent open reports are compared by distance.
const NEARBY_SCANNED: u64 = 500;

/// Open reports of `category`, nearest to `here` first (newest first without a place).
pub async fn open_reports(
    db: &impl sea_orm::ConnectionTrait,
    category_id: i32,
    here: Option<Point>,
    lang: Lang,
) -> Result<Vec<PublicReport>, DbErr> {
    let open: Vec<&str> = Status::of(CaseKind::Report)
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let cases = service_case::Entity::find()
        .filter(service_case::Column::Kind.eq(CaseKind::Report.as_str()))
        .filter(service_case::Column::CategoryId.eq(category_id))
        .filter(service_case::Column::Status.is_in(open))
        .order_by_desc(service_case::Column::ReceivedAt)
        .limit(NEARBY_SCANNED)
        .all(db)
        .await?;
    let mut with_distance: Vec<(Option<f64>, service_case::Model)> = cases
        .into_iter()
        .map(|c| {
            let there = c
                .latitude
                .zip(c.longitude)
                .map(|(latitude, longitude)| Point {
                    latitude,
                    longitude,
                });
            (here.zip(there).map(|(a, b)| distance_m(a, b)), c)
        })
        .collect();
    if here.is_some() {
        // Known distances first, nearest first; the stable sort keeps the rest newest first.
        with_distance.sort_by(|(a, _), (b, _)| match (a, b) {
            (Some(a), Some(b)) => a.total_cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    Ok(with_distance
        .into_iter()
        .take(NEARBY_SHOWN)
        .map(|(distance, c)| PublicReport {
            distance: distance.map(|m| format_distance(m, lang)),
            reference: c.reference.clone(),
            address: c.address.clone(),
            received: long_date(local_day(c.received_at), lang),
            status: status_label(lang, status_of(&c)),
        })
        .collect())
}

fn format_distance(metres: f64, lang: Lang) -> String {
    if metres < 1000.0 {
        format!("{} m", ((metres / 10.0).round() * 10.0) as i64)
    } else {
        let km = format!("{:.1}", metres / 1000.0);
        match lang {
            Lang::Nl => format!("{} km", km.replace('.', ",")),
            Lang::En => format!("{km} km"),
        }
    }
}

/// One public line of the history.
#[derive(Serialize)]
pub struct EventView {
    pub at: String,
    pub label: String,
    pub body: String,
    pub by_resident: bool,
}

/// Everything the tracking page shows to the resident.
#[derive(Serialize)]
pub struct CaseView {
    pub reference: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub category: String,
    pub status: &'static str,
    pub status_label: String,
    pub open: bool,
    pub received: String,
    pub expected: String,
    pub scheduled: Option<String>,
    pub description: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub happened_on: Option<String>,
    pub expectation: String,
    pub photos: Vec<i32>,
    pub events: Vec<EventView>,
    /// The handler's question while the case waits for the resident.
    pub question: Option<String>,
    pub has_email: bool,
    /// The answer to "are you satisfied?": "yes", "no" or "" (not asked or not answered).
    pub satisfied: &'static str,
}

pub async fn case_view(
    db: &impl sea_orm::ConnectionTrait,
    case: &service_case::Model,
    lang: Lang,
) -> Result<CaseView, DbErr> {
    let kind = kind_of(case);
    let status = status_of(case);
    let category = case_category::Entity::find_by_id(case.category_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let photos: Vec<i32> = case_photo::Entity::find()
        .filter(case_photo::Column::CaseId.eq(case.id))
        .select_only()
        .column(case_photo::Column::Id)
        .order_by_asc(case_photo::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    // Internal notes and staff-only steps never leave the database on this page.
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .filter(case_event::Column::Public.eq(true))
        .order_by_asc(case_event::Column::At)
        .order_by_asc(case_event::Column::Id)
        .all(db)
        .await?;
    let question = (status == Status::WaitingForResident)
        .then(|| {
            events
                .iter()
                .rev()
                .find(|e| e.kind == "ask_resident")
                .map(|e| e.body.clone())
        })
        .flatten();
    Ok(CaseView {
        reference: case.reference.clone(),
        kind: kind.as_str(),
        kind_label: lang.text(&format!("case-kind-{}", kind.as_str())),
        category,
        status: status.as_str(),
        status_label: status_label(lang, status),
        open: status.is_open(),
        received: long_date(local_day(case.received_at), lang),
        expected: long_date(case.due_on, lang),
        scheduled: case.scheduled_on.map(|d| long_date(d, lang)),
        description: case.description.clone(),
        address: case.address.clone(),
        latitude: case.latitude,
        longitude: case.longitude,
        happened_on: case.happened_on.map(|d| long_date(d, lang)),
        expectation: case.expectation.clone(),
        photos,
        question,
        has_email: !case.email.is_empty(),
        satisfied: match case.satisfied {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        },
        events: events
            .into_iter()
            .map(|e| EventView {
                at: e
                    .at
                    .with_timezone(&TIME_ZONE)
                    .format("%d-%m-%Y %H:%M")
                    .to_string(),
                label: event_label(lang, &e.kind),
                by_resident: e.staff_user_id.is_none() && e.actor == "resident",
                body: e.body,
            })
            .collect(),
    })
}

/// The resident's words for a step of the history.
fn event_label(lang: Lang, kind: &str) -> String {
    lang.try_text(&format!("tracking-event-{kind}"), &Default::default())
        .unwrap_or_else(|| lang.text("tracking-event-other"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_metres_on_the_ground() {
        let lier_market = Point {
            latitude: 51.1313,
            longitude: 4.5700,
        };
        let mechelen = Point {
            latitude: 51.0259,
            longitude: 4.4776,
        };
        let d = distance_m(lier_market, mechelen);
        assert!((13_000.0..14_000.0).contains(&d), "{d}");
        assert_eq!(distance_m(lier_market, lier_market), 0.0);
    }

    #[test]
    fn distances_read_as_people_say_them() {
        assert_eq!(format_distance(347.0, Lang::Nl), "350 m");
        assert_eq!(format_distance(1260.0, Lang::Nl), "1,3 km");
        assert_eq!(format_distance(1260.0, Lang::En), "1.3 km");
    }

    #[test]
    fn every_history_step_has_a_label_in_both_languages() {
        use crate::domain::cases::Action;
        let kinds = ["received", "message", "resident_message", "satisfied"]
            .into_iter()
            .chain(["not_satisfied", "reopen_requested", "more_time"])
            .map(str::to_owned)
            .chain(Action::ALL.iter().map(|a| a.as_str().to_owned()));
        for kind in kinds {
            for lang in [Lang::Nl, Lang::En] {
                let key = format!("tracking-event-{kind}");
                assert!(
                    lang.try_text(&key, &Default::default()).is_some(),
                    "{lang:?} {kind}"
                );
            }
        }
    }
}
