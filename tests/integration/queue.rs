use crate::{on_both_databases, support::TestApp};
use loket::{
    entities::{cluster, counter, visit, visit_event},
    queue::service::{self, Outcome, QueueError},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use std::{collections::HashSet, sync::Arc};

on_both_databases!(
    fifty_tickets_at_once_get_fifty_different_numbers,
    two_counters_pressing_next_at_once_never_get_the_same_visitor,
    appointments_go_before_walk_ins_in_order_of_ready_time,
    a_late_arrival_becomes_a_walk_in_and_checking_in_twice_is_refused,
    a_transferred_visitor_starts_a_new_leg_in_the_other_queue,
);

pub async fn burgerzaken(app: &TestApp) -> cluster::Model {
    cluster::Entity::find()
        .filter(cluster::Column::Code.eq("burgerzaken"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

pub async fn counters(app: &TestApp, cluster: &cluster::Model, n: usize) -> Vec<counter::Model> {
    let mut all = Vec::new();
    for i in 0..n {
        all.push(
            counter::ActiveModel {
                cluster_id: Set(cluster.id),
                code: Set(format!("T{i}")),
                name: Set(format!("Testloket {i}")),
                active: Set(true),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap(),
        );
    }
    all
}

async fn fifty_tickets_at_once_get_fifty_different_numbers(app: TestApp) {
    let cluster = burgerzaken(&app).await;
    let app = Arc::new(app);
    let now = app.clock_now();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let app = app.clone();
            let cluster = cluster.clone();
            tokio::spawn(async move {
                service::issue_ticket(&app.db, &cluster, now)
                    .await
                    .unwrap()
                    .ticket
            })
        })
        .collect();
    let mut numbers = HashSet::new();
    for task in tasks {
        numbers.insert(task.await.unwrap());
    }
    let expected: HashSet<String> = (1..=50).map(|n| format!("B{n:03}")).collect();
    assert_eq!(numbers, expected);
    // A new day starts again at 1.
    let tomorrow = now + chrono::Duration::days(1);
    assert_eq!(
        service::issue_ticket(&app.db, &cluster, tomorrow)
            .await
            .unwrap()
            .ticket,
        "B001"
    );
}

async fn two_counters_pressing_next_at_once_never_get_the_same_visitor(app: TestApp) {
    let cluster = burgerzaken(&app).await;
    let now = app.clock_now();
    for _ in 0..10 {
        service::issue_ticket(&app.db, &cluster, now).await.unwrap();
    }
    let desks = counters(&app, &cluster, 20).await;
    let app = Arc::new(app);
    let later = now + chrono::Duration::minutes(1);
    let tasks: Vec<_> = desks
        .into_iter()
        .map(|desk| {
            let app = app.clone();
            tokio::spawn(async move { service::call_next(&app.db, &desk, later).await.unwrap() })
        })
        .collect();
    let mut called = Vec::new();
    let mut nobody = 0;
    for task in tasks {
        match task.await.unwrap() {
            Some(visit) => called.push(visit.id),
            None => nobody += 1,
        }
    }
    let distinct: HashSet<i32> = called.iter().copied().collect();
    assert_eq!((called.len(), distinct.len(), nobody), (10, 10, 10));
    let calls = visit_event::Entity::find()
        .filter(visit_event::Column::Kind.eq("called"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(calls.len(), 10, "one call event per visitor");
}

async fn appointments_go_before_walk_ins_in_order_of_ready_time(app: TestApp) {
    let cluster = burgerzaken(&app).await;
    let product = crate::booking::eid(&app).await;
    let now = app.clock_now(); // Monday 10:00 in Brussels
    let walk_in = service::issue_ticket(&app.db, &cluster, now - chrono::Duration::minutes(20))
        .await
        .unwrap();
    // Appointments today at 12:00 and 12:10, booked before.
    app.clock.set("2026-11-22T09:00:00Z".parse().unwrap());
    let noon: chrono::DateTime<chrono::Utc> = "2026-11-23T11:00:00Z".parse().unwrap();
    let first = crate::booking::try_book(&app, &product, noon, "eerste@lier.test")
        .await
        .unwrap();
    let second = crate::booking::try_book(
        &app,
        &product,
        noon + chrono::Duration::minutes(10),
        "tweede@lier.test",
    )
    .await
    .unwrap();
    // Both check in at 11:55; the 12:10 one is ready at 12:10.
    let arrival = noon - chrono::Duration::minutes(5);
    let a = service::check_in(&app.db, &first.reference.to_lowercase(), arrival)
        .await
        .unwrap();
    let b = service::check_in(&app.db, &second.reference, arrival)
        .await
        .unwrap();
    assert!(!a.late && !b.late);
    assert_eq!(a.visit.ready_at, noon);
    let desk = &counters(&app, &cluster, 1).await[0];
    // At 12:15 both appointments are ready: they go before the walk-in, earliest first.
    let at = noon + chrono::Duration::minutes(15);
    let order: Vec<i32> = [
        service::call_next(&app.db, desk, at)
            .await
            .unwrap()
            .unwrap()
            .id,
        service::call_next(&app.db, desk, at)
            .await
            .unwrap()
            .unwrap()
            .id,
        service::call_next(&app.db, desk, at)
            .await
            .unwrap()
            .unwrap()
            .id,
    ]
    .into();
    assert_eq!(order, vec![a.visit.id, b.visit.id, walk_in.id]);
    assert!(
        service::call_next(&app.db, desk, at)
            .await
            .unwrap()
            .is_none()
    );
    // Calling the next one served the one before.
    let first_done = visit::Entity::find_by_id(a.visit.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first_done.status.as_str(), first_done.outcome.as_str()),
        ("done", "served")
    );
}

async fn a_late_arrival_becomes_a_walk_in_and_checking_in_twice_is_refused(app: TestApp) {
    let product = crate::booking::eid(&app).await;
    let noon: chrono::DateTime<chrono::Utc> = "2026-11-23T11:00:00Z".parse().unwrap();
    let booked = crate::booking::try_book(&app, &product, noon, "laat@lier.test")
        .await
        .unwrap();
    let late = service::check_in(
        &app.db,
        &booked.reference,
        noon + chrono::Duration::minutes(11),
    )
    .await
    .unwrap();
    assert!(late.late);
    assert_eq!(late.visit.kind, "walk_in");
    assert_eq!(late.visit.ready_at, noon + chrono::Duration::minutes(11));
    assert!(matches!(
        service::check_in(
            &app.db,
            &booked.reference,
            noon + chrono::Duration::minutes(12)
        )
        .await,
        Err(QueueError::AlreadyCheckedIn)
    ));
    assert!(matches!(
        service::check_in(&app.db, "A-2222-2222", noon).await,
        Err(QueueError::UnknownReference)
    ));
    let tomorrow = crate::booking::try_book(
        &app,
        &product,
        noon + chrono::Duration::days(1),
        "morgen@lier.test",
    )
    .await
    .unwrap();
    assert!(matches!(
        service::check_in(&app.db, &tomorrow.reference, noon).await,
        Err(QueueError::NotToday)
    ));
}

async fn a_transferred_visitor_starts_a_new_leg_in_the_other_queue(app: TestApp) {
    let from = burgerzaken(&app).await;
    let to = cluster::Entity::find()
        .filter(cluster::Column::Code.eq("ocmw"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let now = app.clock_now();
    let ticket = service::issue_ticket(&app.db, &from, now).await.unwrap();
    let desk = &counters(&app, &from, 1).await[0];
    let called = service::call_next(&app.db, desk, now + chrono::Duration::minutes(2))
        .await
        .unwrap()
        .unwrap();
    let leg = service::transfer(&app.db, called.id, &to, now + chrono::Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        (leg.cluster_id, leg.ticket.as_str(), leg.previous_visit_id),
        (to.id, ticket.ticket.as_str(), Some(ticket.id))
    );
    assert_eq!(leg.ready_at, now + chrono::Duration::minutes(5));
    let first = visit::Entity::find_by_id(ticket.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.outcome, "transferred");
    let events: Vec<String> = visit_event::Entity::find()
        .filter(visit_event::Column::VisitId.eq(ticket.id))
        .order_by_asc(visit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(events, ["issued", "called", "transferred"]);
    // Closing it twice is refused.
    assert!(matches!(
        service::finish(&app.db, ticket.id, Outcome::Served, now).await,
        Err(QueueError::NotOpen)
    ));
    // Tickets still waiting at closing time are abandoned by the daily job.
    let waiting = service::abandon_waiting_before(
        &app.db,
        now + chrono::Duration::hours(10),
        now + chrono::Duration::hours(10),
    )
    .await
    .unwrap();
    assert_eq!(waiting, 1);
    let leg = visit::Entity::find_by_id(leg.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(leg.outcome, "abandoned");
}
