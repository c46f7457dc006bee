//! Work-planning webhooks: a department's reports are POSTed, signed, to a small HTTP server
//! run by the test; failures are retried later, and each row is delivered once even with two
//! instances delivering at the same time.

use crate::{cases_api::file, on_both_databases, support::TestApp};
use axum::http::StatusCode;
use chrono::Duration;
use hmac::{Hmac, Mac};
use loket::{
    cases::{
        service::{self, By, Change},
        webhook_worker::{self, Poster},
    },
    domain::cases::CaseKind,
    entities::{department, outbox_webhook, staff_department, staff_user},
    outbox::Control,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::Sha256;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

on_both_databases!(
    reports_are_posted_signed_with_the_department_secret,
    a_failed_delivery_is_retried_later_and_delivered_once,
    two_instances_deliver_each_webhook_once,
    complaints_and_departments_without_a_url_post_nothing,
    an_administrator_sets_the_webhook_and_who_works_in_a_department,
);

const SECRET: &str = "een-geheime-sleutel-van-de-planning";

/// One POST as the server received it.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

/// A tiny HTTP/1.1 server on 127.0.0.1: answers with the next status of `statuses` (200 once
/// they run out) and records every request.
struct Planning {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Planning {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Planning {
    async fn start(statuses: &[u16]) -> Planning {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://{}/loket/hook?bron=loket",
            listener.local_addr().unwrap()
        );
        let received = Arc::new(Mutex::new(Vec::new()));
        let statuses = Arc::new(Mutex::new(statuses.to_vec()));
        let log = received.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                let statuses = statuses.clone();
                tokio::spawn(async move {
                    let mut reader = BufReader::new(stream);
                    let mut line = String::new();
                    reader.read_line(&mut line).await.unwrap();
                    let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                    let mut headers = HashMap::new();
                    loop {
                        let mut header = String::new();
                        reader.read_line(&mut header).await.unwrap();
                        let header = header.trim_end();
                        if header.is_empty() {
                            break;
                        }
                        let (name, value) = header.split_once(':').unwrap();
                        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
                    }
                    let length: usize = headers
                        .get("content-length")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).await.unwrap();
                    log.lock().unwrap().push(Received {
                        path,
                        headers,
                        body: String::from_utf8(body).unwrap(),
                    });
                    let status = {
                        let mut statuses = statuses.lock().unwrap();
                        if statuses.is_empty() {
                            200
                        } else {
                            statuses.remove(0)
                        }
                    };
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                    );
                    let _ = reader.get_mut().write_all(answer.as_bytes()).await;
                    let _ = reader.get_mut().shutdown().await;
                });
            }
        });
        Planning {
            url,
            received,
            task,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Points the department's webhook at `url`.
async fn hook(app: &TestApp, name: &str, url: &str) -> department::Model {
    let department = department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: department::ActiveModel = department.into();
    row.webhook_url = Set(url.to_owned());
    row.webhook_secret = Set(SECRET.to_owned());
    row.update(&app.db).await.unwrap()
}

fn verifies(received: &Received) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(received.body.as_bytes());
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    received.headers.get("x-loket-signature") == Some(&expected)
}

async fn rows(app: &TestApp) -> Vec<outbox_webhook::Model> {
    let mut rows = outbox_webhook::Entity::find().all(&app.db).await.unwrap();
    rows.sort_by_key(|r| r.id);
    rows
}

async fn reports_are_posted_signed_with_the_department_secret(app: TestApp) {
    let planning = Planning::start(&[]).await;
    hook(&app, "Openbare werken", &planning.url).await;
    let case = file(&app, CaseKind::Report, "straatverlichting").await;
    let poster = Poster::default();
    let delivered =
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap();
    assert_eq!(delivered, 1, "{:?}", rows(&app).await);
    let received = planning.received();
    assert_eq!(received.len(), 1);
    let created = &received[0];
    assert_eq!(created.path, "/loket/hook?bron=loket");
    assert_eq!(created.headers["content-type"], "application/json");
    assert_eq!(created.headers["x-loket-event"], "case.created");
    let row = &rows(&app).await[0];
    assert_eq!(created.headers["x-loket-delivery"], row.id.to_string());
    assert!(verifies(created), "the signature verifies with the secret");
    let body: serde_json::Value = serde_json::from_str(&created.body).unwrap();
    assert_eq!(body["event"], "case.created");
    assert_eq!(body["reference"], case.reference.as_str());
    assert_eq!(body["status"], "received");
    assert_eq!(body["department"], "Openbare werken");
    assert!(
        !created.body.contains("mira@example.org"),
        "no contact data"
    );
    assert_eq!(row.attempts, 1);
    assert_eq!(row.delivered_at, Some(app.clock_now()));
    assert_eq!(row.last_error, "");

    // Nothing is posted twice.
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap(),
        0
    );

    let by = By::Api {
        name: "planning".into(),
    };
    service::apply(
        &app.state,
        case.id,
        Change::Schedule {
            on: "2026-11-30".parse().unwrap(),
            message: String::new(),
        },
        &by,
    )
    .await
    .unwrap();
    service::apply(
        &app.state,
        case.id,
        Change::Resolve {
            closing_text: "De lamp is vervangen.".into(),
        },
        &by,
    )
    .await
    .unwrap();
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap(),
        2
    );
    let received = planning.received();
    assert_eq!(received.len(), 3);
    assert!(received.iter().all(verifies));
    assert_eq!(received[1].headers["x-loket-event"], "case.changed");
    let changed: serde_json::Value = serde_json::from_str(&received[1].body).unwrap();
    assert_eq!(changed["status"], "scheduled");
    assert_eq!(changed["scheduled_on"], "2026-11-30");
    assert_eq!(received[2].headers["x-loket-event"], "case.closed");
    let closed: serde_json::Value = serde_json::from_str(&received[2].body).unwrap();
    assert_eq!(closed["status"], "resolved");

    // A body changed on the way no longer verifies.
    let mut forged = received[2].clone();
    forged.body = forged.body.replace("resolved", "cancelled");
    assert!(!verifies(&forged));
}

async fn a_failed_delivery_is_retried_later_and_delivered_once(app: TestApp) {
    let planning = Planning::start(&[500]).await;
    hook(&app, "Groendienst", &planning.url).await;
    file(&app, CaseKind::Report, "groen").await;
    let poster = Poster::default();
    let now = app.clock_now();
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, now, &Control::default())
            .await
            .unwrap(),
        0
    );
    let row = &rows(&app).await[0];
    assert_eq!(row.attempts, 1);
    assert_eq!(row.delivered_at, None);
    assert!(row.last_error.contains("500"), "{}", row.last_error);
    assert_eq!(row.next_attempt_at, now + Duration::seconds(30));

    // Not before the backoff has passed.
    app.clock.set(now + Duration::seconds(29));
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap(),
        0
    );
    assert_eq!(planning.received().len(), 1);

    app.clock.set(now + Duration::seconds(31));
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap(),
        1
    );
    let row = &rows(&app).await[0];
    assert_eq!(row.attempts, 2);
    assert_eq!(row.delivered_at, Some(now + Duration::seconds(31)));
    assert_eq!(row.last_error, "");
    let received = planning.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].body, received[1].body,
        "the same delivery, again"
    );
    assert!(received.iter().all(verifies));
    app.clock.set(now + Duration::hours(2));
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap(),
        0
    );
    assert_eq!(planning.received().len(), 2);

    // A server that does not answer: the row keeps its error and waits.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = closed.local_addr().unwrap();
    drop(closed);
    hook(&app, "Groendienst", &format!("http://{address}/")).await;
    file(&app, CaseKind::Report, "groen").await;
    assert_eq!(
        webhook_worker::deliver_due(&app.db, &poster, app.clock_now(), &Control::default())
            .await
            .unwrap(),
        0
    );
    let row = &rows(&app).await[1];
    assert_eq!(row.attempts, 1);
    assert!(row.last_error.starts_with("connect"), "{}", row.last_error);
}

async fn two_instances_deliver_each_webhook_once(app: TestApp) {
    let planning = Planning::start(&[]).await;
    hook(&app, "Openbare werken", &planning.url).await;
    for _ in 0..25 {
        file(&app, CaseKind::Report, "straatverlichting").await;
    }
    let other = app.another_instance().await;
    let poster = Poster::default();
    let now = app.clock_now();
    let control = Control::default();
    let (here, there) = tokio::join!(
        webhook_worker::deliver_due(&app.db, &poster, now, &control),
        webhook_worker::deliver_due(&other.db, &poster, now, &control),
    );
    assert_eq!(here.unwrap() + there.unwrap(), 25);
    let mut deliveries: Vec<String> = planning
        .received()
        .iter()
        .map(|r| r.headers["x-loket-delivery"].clone())
        .collect();
    assert_eq!(deliveries.len(), 25);
    deliveries.sort();
    deliveries.dedup();
    assert_eq!(deliveries.len(), 25, "no row posted twice");
    assert!(rows(&app).await.iter().all(|r| r.delivered_at.is_some()));
}

async fn complaints_and_departments_without_a_url_post_nothing(app: TestApp) {
    let planning = Planning::start(&[]).await;
    for department in department::Entity::find().all(&app.db).await.unwrap() {
        hook(&app, &department.name, &planning.url).await;
    }
    file(&app, CaseKind::Complaint, "andere").await;
    assert!(rows(&app).await.is_empty(), "no webhook for complaints");

    // A department whose URL was cleared posts nothing.
    hook(&app, "Openbare werken", "").await;
    file(&app, CaseKind::Report, "straatverlichting").await;
    assert!(rows(&app).await.is_empty());
    assert_eq!(
        webhook_worker::deliver_due(
            &app.db,
            &Poster::default(),
            app.clock_now(),
            &Control::default()
        )
        .await
        .unwrap(),
        0
    );
    assert!(planning.received().is_empty());
}

/// The value of the read-only field with this id on a page.
fn field_value<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no field {id}: {html}"));
    let rest = &html[start..];
    let value = &rest[rest.find("value=\"").unwrap() + 7..];
    &value[..value.find('"').unwrap()]
}

async fn user_id(app: &TestApp, email: &str) -> i32 {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn an_administrator_sets_the_webhook_and_who_works_in_a_department(app: TestApp) {
    app.sign_in_as("admin").await;
    app.create_user("els@lier.test", "handler", "een-lang-wachtwoord-123")
        .await;
    app.create_user("tom@lier.test", "manager", "een-lang-wachtwoord-123")
        .await;
    app.create_user("balie@lier.test", "frontoffice", "een-lang-wachtwoord-123")
        .await;
    let els = user_id(&app, "els@lier.test").await;
    let tom = user_id(&app, "tom@lier.test").await;
    let balie = user_id(&app, "balie@lier.test").await;
    let works = department::Entity::find()
        .filter(department::Column::Name.eq("Openbare werken"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let page = format!("/beheer/afdelingen/{}", works.id);

    let list = app.get("/beheer/afdelingen").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("href=\"{page}\"")));
    assert!(list.body.contains("Openbare werken"));
    let form = app.get(&page).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("els@lier.test"));
    assert!(form.body.contains("tom@lier.test"));
    assert!(
        !form.body.contains("balie@lier.test"),
        "front office does not handle cases"
    );

    // Bad input: a Dutch message per field, the address kept.
    let bad = app
        .post_form(
            &page,
            &[
                ("webhook_url", "ftp://planning.lier.be/<x>"),
                ("webhook_secret", "kort"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("begint met https://"), "{}", bad.body);
    assert!(bad.body.contains("minstens 16"), "{}", bad.body);
    assert!(bad.body.contains("ftp://planning.lier.be/&lt;x&gt;"));
    assert!(!bad.body.contains("<x>"));

    // A URL without a key: Loket makes one and shows it once.
    let els_text = els.to_string();
    let tom_text = tom.to_string();
    let balie_text = balie.to_string();
    let saved = app
        .post_form(
            &page,
            &[
                ("webhook_url", "https://planning.lier.be/loket"),
                ("staff", &els_text),
                ("staff", &tom_text),
                ("staff", &balie_text),
                ("staff", "999999"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.header("cache-control"), "no-store");
    let shown = field_value(&saved.body, "secret").to_owned();
    assert_eq!(shown.len(), 64);
    let stored = department::Entity::find_by_id(works.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.webhook_url, "https://planning.lier.be/loket");
    assert_eq!(stored.webhook_secret, shown);
    let mut members: Vec<i32> = staff_department::Entity::find()
        .filter(staff_department::Column::DepartmentId.eq(works.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.staff_user_id)
        .collect();
    members.sort();
    assert_eq!(members, [els, tom], "only offered staff are added");

    // Afterwards the key is only hinted at.
    let form = app.get(&page).await;
    assert!(!form.body.contains(&shown));
    assert!(form.body.contains(&format!("…{}", &shown[60..])));
    assert!(form.body.contains("https://planning.lier.be/loket"));

    // A new random key replaces the old one.
    let renewed = app.post_form(&format!("{page}/sleutel"), &[]).await;
    assert_eq!(renewed.status, StatusCode::OK);
    let new_secret = field_value(&renewed.body, "secret").to_owned();
    assert_ne!(new_secret, shown);
    // A typed key is kept; the key field left empty keeps the current one.
    let typed = app
        .post_form(
            &page,
            &[
                ("webhook_url", "https://planning.lier.be/loket"),
                ("webhook_secret", "een-sleutel-van-de-planning"),
                ("staff", &els_text),
            ],
        )
        .await;
    assert_eq!(typed.status, StatusCode::SEE_OTHER);
    let kept = app
        .post_form(
            &page,
            &[
                ("webhook_url", "http://127.0.0.1:9/hook"),
                ("staff", &els_text),
            ],
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    assert_eq!(kept.location(), format!("{page}?opgeslagen=1"));
    let stored = department::Entity::find_by_id(works.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.webhook_secret, "een-sleutel-van-de-planning");
    assert_eq!(stored.webhook_url, "http://127.0.0.1:9/hook");
    let members = staff_department::Entity::find()
        .filter(staff_department::Column::DepartmentId.eq(works.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(members.len(), 1);

    // From another site: refused.
    let forged = app
        .post_form_with(
            &page,
            &[("webhook_url", "https://evil.example/")],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/beheer/afdelingen/999999").await.status,
        StatusCode::NOT_FOUND
    );
}
