use crate::{on_both_databases, support::TestApp};
use chrono::{DateTime, Utc};
use loket::{
    appointments::booking::{self, BookingError, BookingRules, NewAppointment, Source},
    db,
    domain::email::EmailAddress,
    entities::{appointment, appointment_period, cluster, product},
    web::i18n::Lang,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

on_both_databases!(
    fifty_residents_racing_for_one_desk_get_exactly_one_appointment,
    fifty_residents_racing_for_three_desks_get_exactly_three,
);

/// Monday 30 November 2026, 09:00 in Brussels.
fn nine_oclock() -> DateTime<Utc> {
    "2026-11-30T08:00:00Z".parse().unwrap()
}

pub async fn eid(app: &TestApp) -> product::Model {
    product::Entity::find()
        .filter(product::Column::Slug.eq("identiteitskaart"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Gives the eID's cluster this many desks in every appointment period.
async fn set_desks(app: &TestApp, product: &product::Model, desks: i32) {
    let periods = appointment_period::Entity::find()
        .filter(appointment_period::Column::ClusterId.eq(product.cluster_id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!periods.is_empty());
    for period in periods {
        let mut row: appointment_period::ActiveModel = period.into();
        row.desks = Set(desks);
        row.update(&app.db).await.unwrap();
    }
    let _ = cluster::Entity::find_by_id(product.cluster_id)
        .one(&app.db)
        .await
        .unwrap();
}

pub async fn try_book(
    app: &TestApp,
    product: &product::Model,
    start: DateTime<Utc>,
    email: &str,
) -> Result<appointment::Model, BookingError> {
    let rules = BookingRules {
        slots: app.state.config.slot_rules(),
        max_per_product: app.state.config.booking.max_per_product,
    };
    let first_free =
        booking::first_free_lead_days(&app.db, product, rules.slots, app.clock_now()).await?;
    let draft = booking::draft(
        NewAppointment {
            product: product.clone(),
            start,
            name: "Resident".to_owned(),
            email: EmailAddress::parse(email).unwrap(),
            phone: String::new(),
            lang: Lang::Nl,
            source: Source::Online,
        },
        first_free,
        app.clock_now(),
    );
    let tx = db::begin_write(&app.db).await?;
    let booked = booking::book(&tx, &rules, draft, app.clock_now()).await?;
    tx.commit().await?;
    Ok(booked)
}

async fn race(app: TestApp, desks: i32) {
    let product = eid(&app).await;
    set_desks(&app, &product, desks).await;
    // An earlier booking that day: the day's lock row exists before the race, so the race is
    // decided by the lock itself, not by who creates that row first.
    let eleven = nine_oclock() + chrono::Duration::hours(2);
    try_book(&app, &product, eleven, "eerder@lier.test")
        .await
        .unwrap();
    let app = std::sync::Arc::new(app);
    let attempts: Vec<_> = (0..50)
        .map(|i| {
            let app = app.clone();
            let product = product.clone();
            tokio::spawn(async move {
                try_book(
                    &app,
                    &product,
                    nine_oclock(),
                    &format!("inwoner{i}@lier.test"),
                )
                .await
            })
        })
        .collect();
    let mut booked = 0;
    let mut taken = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(_) => booked += 1,
            Err(BookingError::Taken) => taken += 1,
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!((booked, taken), (desks, 50 - desks));
    let stored = appointment::Entity::find()
        .filter(appointment::Column::StartAt.eq(nine_oclock()))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, desks as u64);
}

async fn fifty_residents_racing_for_one_desk_get_exactly_one_appointment(app: TestApp) {
    race(app, 1).await;
}

async fn fifty_residents_racing_for_three_desks_get_exactly_three(app: TestApp) {
    race(app, 3).await;
}
