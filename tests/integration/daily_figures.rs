//! The daily figures the appointment and council reports read (kept by triggers, migration
//! 000010) against a count of the rows themselves: after every kind of change, after rolled
//! back transactions, and after concurrent changes of the same figures, on both databases.

use crate::on_both_databases;
use crate::reports::{CaseRow, appointment_row, case_row};
use crate::support::TestApp;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use loket::entities::{appointment, case_category, product, service_case};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Statement, sea_query::Expr,
};

/// A small deterministic generator, so a failing sequence can be replayed.
struct Steps(u64);

impl Steps {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }
}

pub(crate) type Figures = Vec<(String, String, i64, i64, Vec<i64>)>;

/// Rows of (day, text key, number key, number key, sums), sorted; rows whose sums are all zero
/// are left out (a figure that went back to zero is the same as none).
pub(crate) async fn figures(db: &DatabaseConnection, sql: &str) -> Figures {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    let mut out: Figures = rows
        .iter()
        .map(|r| {
            let sums: Vec<i64> = (0..6)
                .map_while(|i| r.try_get::<i64>("", &format!("s{i}")).ok())
                .collect();
            (
                r.try_get::<String>("", "d").unwrap(),
                r.try_get::<String>("", "t").unwrap(),
                r.try_get::<i64>("", "a").unwrap(),
                r.try_get::<i64>("", "b").unwrap_or(0),
                sums,
            )
        })
        .filter(|row| row.4.iter().any(|s| *s != 0))
        .collect();
    out.sort();
    out
}

const APPOINTMENT_FIGURES: &str = "SELECT CAST(day AS TEXT) AS d, status AS t, \
    CAST(cluster_id AS BIGINT) AS a, CAST(product_id AS BIGINT) AS b, \
    CAST(appointments AS BIGINT) AS s0, CAST(booked_lead_days AS BIGINT) AS s1 \
    FROM appointment_day_figures";

const APPOINTMENTS_COUNTED: &str = "SELECT CAST(start_day AS TEXT) AS d, status AS t, \
    CAST(cluster_id AS BIGINT) AS a, CAST(product_id AS BIGINT) AS b, \
    CAST(COUNT(*) AS BIGINT) AS s0, CAST(SUM(booked_lead_days) AS BIGINT) AS s1 \
    FROM appointment GROUP BY start_day, status, cluster_id, product_id";

pub(crate) const CASE_FIGURES: &str = "SELECT CAST(received_day AS TEXT) AS d, kind AS t, \
    CAST(category_id AS BIGINT) AS a, CAST(received AS BIGINT) AS s0, \
    CAST(resolved AS BIGINT) AS s1, CAST(resolved_in_time AS BIGINT) AS s2, \
    CAST(rated AS BIGINT) AS s3, CAST(satisfied AS BIGINT) AS s4, \
    CAST(reopened AS BIGINT) AS s5 FROM case_day_figures";

/// The rules of the council report's per-category counts, as the report counted them from the
/// cases themselves before the daily figures existed.
const CASES_COUNTED: &str = "SELECT CAST(received_day AS TEXT) AS d, kind AS t, \
    CAST(category_id AS BIGINT) AS a, CAST(COUNT(*) AS BIGINT) AS s0, \
    CAST(SUM(CASE WHEN status = 'resolved' AND closed_day IS NOT NULL THEN 1 ELSE 0 END) \
      AS BIGINT) AS s1, \
    CAST(SUM(CASE WHEN status = 'resolved' AND closed_day IS NOT NULL \
      AND closed_day <= COALESCE(extended_to, due_on) THEN 1 ELSE 0 END) AS BIGINT) AS s2, \
    CAST(SUM(CASE WHEN status = 'resolved' AND closed_day IS NOT NULL \
      AND satisfied IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS s3, \
    CAST(SUM(CASE WHEN status = 'resolved' AND closed_day IS NOT NULL AND satisfied \
      THEN 1 ELSE 0 END) AS BIGINT) AS s4, \
    CAST(SUM(CASE WHEN status = 'resolved' AND closed_day IS NOT NULL AND reopen_count > 0 \
      THEN 1 ELSE 0 END) AS BIGINT) AS s5 \
    FROM service_case GROUP BY received_day, kind, category_id";

async fn assert_appointment_figures(db: &DatabaseConnection, step: &str) {
    assert_eq!(
        figures(db, APPOINTMENT_FIGURES).await,
        figures(db, APPOINTMENTS_COUNTED).await,
        "after {step}"
    );
}

async fn assert_case_figures(db: &DatabaseConnection, step: &str) {
    assert_eq!(
        figures(db, CASE_FIGURES).await,
        figures(db, CASES_COUNTED).await,
        "after {step}"
    );
}

async fn two_products(app: &TestApp) -> Vec<product::Model> {
    let products = product::Entity::find()
        .filter(product::Column::Slug.is_in(["identiteitskaart", "rijbewijs"]))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(products.len(), 2);
    products
}

/// Times around midnight and the change to summer time (29 March 2026, 02:00 in Brussels):
/// 23:30 UTC on 28 March is already 29 March in Brussels.
const TIMES: [&str; 5] = [
    "2026-03-27T09:00:00Z",
    "2026-03-28T22:30:00Z",
    "2026-03-28T23:30:00Z",
    "2026-03-30T08:00:00Z",
    "2026-03-30T21:59:00Z",
];

const STATUSES: [&str; 3] = ["booked", "cancelled", "no_show"];

/// One stored row, picked by `steps`; none when the table is empty.
async fn any_row<E: EntityTrait>(
    db: &DatabaseConnection,
    steps: &mut Steps,
    id: E::Column,
) -> Option<E::Model> {
    let all = E::find().order_by_asc(id).all(db).await.unwrap();
    (!all.is_empty()).then(|| steps.pick(&all))
}

/// 300 random changes of the kinds the application makes (booking, moving, cancelling,
/// no-shows, erasure's bulk update, retention's anonymising) and some it does not (deleting,
/// changing the product); the figures equal the count after each one.
async fn appointment_figures_follow_every_change(app: TestApp) {
    let db = &app.db;
    let products = two_products(&app).await;
    let mut steps = Steps(0x9e37_79b9_7f4a_7c15);
    assert_appointment_figures(db, "the seed").await;
    for n in 0..300u32 {
        let step = steps.below(8);
        match (
            step,
            any_row::<appointment::Entity>(db, &mut steps, appointment::Column::Id).await,
        ) {
            (0 | 1, _) | (_, None) => {
                let product = &steps.pick(&products);
                let start = at_utc(steps.pick(&TIMES));
                appointment_row(product, n, start, steps.pick(&STATUSES), n as i32 % 7)
                    .insert(db)
                    .await
                    .unwrap();
            }
            (2, Some(a)) => {
                let mut row: appointment::ActiveModel = a.into();
                row.status = Set(steps.pick(&STATUSES).to_owned());
                row.update(db).await.unwrap();
            }
            (3, Some(a)) => {
                let mut row: appointment::ActiveModel = a.into();
                let start = at_utc(steps.pick(&TIMES));
                row.start_at = Set(start);
                row.end_at = Set(start + Duration::minutes(10));
                row.update(db).await.unwrap();
            }
            (4, Some(a)) => {
                let mut row: appointment::ActiveModel = a.into();
                row.product_id = Set(steps.pick(&products).id);
                row.booked_lead_days = Set(steps.below(20) as i32);
                row.update(db).await.unwrap();
            }
            (5, Some(a)) => {
                // Erasure cancels every future appointment of an address in one statement;
                // retention empties the personal fields.
                appointment::Entity::update_many()
                    .col_expr(appointment::Column::Status, Expr::value("cancelled"))
                    .filter(appointment::Column::StartAt.gte(a.start_at))
                    .filter(appointment::Column::Status.eq("booked"))
                    .exec(db)
                    .await
                    .unwrap();
                appointment::Entity::update_many()
                    .col_expr(appointment::Column::Name, Expr::value(""))
                    .exec(db)
                    .await
                    .unwrap();
            }
            (6, Some(a)) => {
                appointment::Entity::delete_by_id(a.id)
                    .exec(db)
                    .await
                    .unwrap();
            }
            (_, Some(a)) => {
                // Booked and changed, then rolled back: nothing of it may stay counted.
                let tx = loket::db::begin_write(db).await.unwrap();
                appointment_row(&products[0], 10_000 + n, a.start_at, "booked", 3)
                    .insert(&tx)
                    .await
                    .unwrap();
                let mut row: appointment::ActiveModel = a.into();
                row.status = Set("no_show".into());
                row.update(&tx).await.unwrap();
                tx.rollback().await.unwrap();
            }
        }
        assert_appointment_figures(db, &format!("step {n} (kind {step})")).await;
    }
    let days: Vec<Option<NaiveDate>> = appointment::Entity::find()
        .filter(appointment::Column::StartAt.eq(at_utc("2026-03-28T23:30:00Z")))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.start_day)
        .collect();
    assert!(
        days.iter()
            .all(|d| *d == Some("2026-03-29".parse().unwrap())),
        "23:30 UTC on 28 March counts for 29 March in Brussels: {days:?}"
    );
}

fn at_utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const CATEGORIES: [(&str, &str); 3] = [
    ("report", "straatverlichting"),
    ("report", "groen"),
    ("complaint", "wachttijd"),
];

const RECEIVED: [&str; 4] = [
    "2026-03-02T09:00:00Z",
    "2026-03-28T23:30:00Z",
    "2026-12-31T22:59:00Z",
    "2026-12-31T23:00:00Z",
];

/// 300 random changes of cases: received, resolved in or out of term, rated, reopened,
/// extended, moved to another category, received at another time, deleted, rolled back.
async fn case_figures_follow_every_change(app: TestApp) {
    let db = &app.db;
    let mut steps = Steps(0x2545_f491_4f6c_dd1d);
    let categories: Vec<i32> = case_category::Entity::find()
        .filter(case_category::Column::Code.is_in(CATEGORIES.map(|(_, code)| code)))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(categories.len(), CATEGORIES.len());
    for n in 1..=300u32 {
        let step = steps.below(8);
        match (
            step,
            any_row::<service_case::Entity>(db, &mut steps, service_case::Column::Id).await,
        ) {
            (0 | 1, _) | (_, None) => {
                let (kind, code) = steps.pick(&CATEGORIES);
                case_row(db, n, row(kind, code, steps.pick(&RECEIVED)))
                    .await
                    .insert(db)
                    .await
                    .unwrap();
            }
            (2, Some(c)) => {
                // Resolved, on some day before, on or after its term.
                let closed = c.received_at + Duration::days(steps.below(30) as i64);
                let mut row: service_case::ActiveModel = c.into();
                row.status = Set("resolved".into());
                row.closed_at = Set(Some(closed));
                row.satisfied = Set(steps.pick(&[None, Some(true), Some(false)]));
                row.update(db).await.unwrap();
            }
            (3, Some(c)) => {
                let mut row: service_case::ActiveModel = c.clone().into();
                row.status = Set("in_progress".into());
                row.reopen_count = Set(c.reopen_count + 1);
                row.update(db).await.unwrap();
            }
            (4, Some(c)) => {
                let mut row: service_case::ActiveModel = c.clone().into();
                row.extended_to = Set(Some(c.due_on + Duration::days(steps.below(40) as i64)));
                row.due_on = Set(c.due_on + Duration::days(steps.below(5) as i64));
                row.update(db).await.unwrap();
            }
            (5, Some(c)) => {
                let mut row: service_case::ActiveModel = c.into();
                row.category_id = Set(steps.pick(&categories));
                row.received_at = Set(at_utc(steps.pick(&RECEIVED)));
                row.update(db).await.unwrap();
            }
            (6, Some(c)) => {
                service_case::Entity::delete_by_id(c.id)
                    .exec(db)
                    .await
                    .unwrap();
            }
            (_, Some(c)) => {
                let tx = loket::db::begin_write(db).await.unwrap();
                let mut resolved: service_case::ActiveModel = c.into();
                resolved.status = Set("resolved".into());
                resolved.closed_at = Set(Some(at_utc(RECEIVED[0])));
                resolved.update(&tx).await.unwrap();
                let (kind, code) = CATEGORIES[0];
                case_row(&tx, 10_000 + n, row(kind, code, RECEIVED[1]))
                    .await
                    .insert(&tx)
                    .await
                    .unwrap();
                tx.rollback().await.unwrap();
            }
        }
        assert_case_figures(db, &format!("step {n} (kind {step})")).await;
    }
    let received: u64 = figures(db, CASE_FIGURES)
        .await
        .iter()
        .map(|f| f.4[0] as u64)
        .sum();
    let stored = service_case::Entity::find().all(db).await.unwrap().len() as u64;
    assert_eq!(received, stored);
}

fn row<'a>(kind: &'a str, category: &'a str, received: &'a str) -> CaseRow<'a> {
    CaseRow {
        kind,
        category,
        status: "received",
        received,
        acknowledged: None,
        closed: None,
        outcome: "",
        reason: "",
        satisfied: None,
    }
}

/// Eight writers at once, each changing the same few figures 25 times: bookings of one day,
/// cancellations, and moves between two days in both directions (on PostgreSQL two such
/// moves take the same two rows of figures; taken in opposite orders they would deadlock).
/// Every transaction commits, and no change is lost.
async fn concurrent_changes_lose_no_count(app: TestApp) {
    let products = two_products(&app).await;
    let days = [
        at_utc("2026-03-30T08:00:00Z"),
        at_utc("2026-03-31T08:00:00Z"),
    ];
    for (n, start) in days.iter().enumerate() {
        for i in 0..8u32 {
            appointment_row(&products[0], 100 * n as u32 + i, *start, "booked", 1)
                .insert(&app.db)
                .await
                .unwrap();
        }
    }
    let mut writers = Vec::new();
    for w in 0..8u32 {
        let db = app.db.clone();
        let product = products[(w % 2) as usize].clone();
        writers.push(tokio::spawn(async move {
            for i in 0..25u32 {
                let tx = loket::db::begin_write(&db).await?;
                match (w + i) % 3 {
                    0 => {
                        let n = 1_000 + 100 * w + i;
                        appointment_row(&product, n, days[0], "booked", 2)
                            .insert(&tx)
                            .await?;
                    }
                    1 => {
                        // Writer w moves appointments of day w % 2 to the other day.
                        let (from, to) = (days[(w % 2) as usize], days[1 - (w % 2) as usize]);
                        if let Some(a) = appointment::Entity::find()
                            .filter(appointment::Column::StartAt.eq(from))
                            .order_by_asc(appointment::Column::Id)
                            .one(&tx)
                            .await?
                        {
                            let mut row: appointment::ActiveModel = a.into();
                            row.start_at = Set(to);
                            row.end_at = Set(to + Duration::minutes(10));
                            row.update(&tx).await?;
                        }
                    }
                    _ => {
                        if let Some(a) = appointment::Entity::find()
                            .filter(appointment::Column::Status.eq("booked"))
                            .order_by_desc(appointment::Column::Id)
                            .one(&tx)
                            .await?
                        {
                            let mut row: appointment::ActiveModel = a.into();
                            row.status = Set("cancelled".into());
                            row.update(&tx).await?;
                        }
                    }
                }
                tx.commit().await?;
            }
            Ok::<(), sea_orm::DbErr>(())
        }));
    }
    for writer in writers {
        writer.await.unwrap().expect("every transaction commits");
    }
    assert_appointment_figures(&app.db, "eight concurrent writers").await;
    let booked_on_first_day: i64 = figures(&app.db, APPOINTMENT_FIGURES)
        .await
        .iter()
        .filter(|f| f.0 == "2026-03-30")
        .map(|f| f.4[0])
        .sum();
    assert!(booked_on_first_day > 0);
}

on_both_databases!(
    appointment_figures_follow_every_change,
    case_figures_follow_every_change,
    concurrent_changes_lose_no_count,
);

/// Appointments stored before the daily figures existed get their local day and are counted
/// when the migration runs.
async fn existing_appointments_are_counted(url: &str) {
    use migrations::MigratorTrait;
    let db = loket::db::connect(url).await.unwrap();
    // Eight migrations: up to 000009 (there is no 000005).
    migrations::Migrator::up(&db, Some(8)).await.unwrap();
    // The seed loader writes no appointments or cases, the two tables the migration changes.
    loket::seed::load(
        &db,
        &crate::support::root().join("seeds"),
        "lier",
        crate::support::default_now(),
    )
    .await
    .unwrap();
    for (n, (start, status, lead)) in [
        ("2026-03-28T23:30:00Z", "booked", 4),
        ("2026-03-29T08:00:00Z", "booked", 2),
        ("2026-03-29T09:00:00Z", "cancelled", 7),
        ("2026-03-28T10:00:00Z", "booked", 1),
    ]
    .into_iter()
    .enumerate()
    {
        let sql = "INSERT INTO appointment (reference, manage_token, product_id, cluster_id, \
                   start_at, end_at, name, email, phone, language, status, source, sequence, \
                   booked_lead_days, created_at) \
                   SELECT ?1, ?1, p.id, p.cluster_id, ?2, ?2, '', '', '', 'nl', ?3, 'online', 0, \
                   ?4, ?2 FROM product p WHERE p.slug = 'identiteitskaart'";
        let values: Vec<sea_orm::Value> = vec![
            format!("AFS-{n}").into(),
            at_utc(start).into(),
            status.into(),
            lead.into(),
        ];
        crate::support::execute_numbered(&db, sql, values).await;
    }
    migrations::Migrator::up(&db, None).await.unwrap();
    let days: Vec<Option<NaiveDate>> = appointment::Entity::find()
        .order_by_asc(appointment::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.start_day)
        .collect();
    let day = |d: &str| Some(d.parse::<NaiveDate>().unwrap());
    assert_eq!(
        days,
        vec![
            day("2026-03-29"),
            day("2026-03-29"),
            day("2026-03-29"),
            day("2026-03-28")
        ]
    );
    let counted: Vec<(String, String, Vec<i64>)> = figures(&db, APPOINTMENT_FIGURES)
        .await
        .into_iter()
        .map(|(d, status, _, _, sums)| (d, status, sums))
        .collect();
    assert_eq!(
        counted,
        vec![
            ("2026-03-28".into(), "booked".into(), vec![1, 1]),
            ("2026-03-29".into(), "booked".into(), vec![2, 6]),
            ("2026-03-29".into(), "cancelled".into(), vec![1, 7]),
        ]
    );
}

#[tokio::test]
async fn existing_appointments_are_counted_on_sqlite() {
    let (url, _guard) = crate::support::empty_sqlite_database();
    existing_appointments_are_counted(&url).await;
}

#[tokio::test]
async fn existing_appointments_are_counted_on_postgres() {
    match crate::support::empty_postgres_database().await {
        Some(url) => existing_appointments_are_counted(&url).await,
        None => eprintln!("LOKET_TEST_POSTGRES_URL is not set: PostgreSQL run skipped"),
    }
}
