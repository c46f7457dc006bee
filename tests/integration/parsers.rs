//! Property tests of what parses untrusted input over HTTP and from files: the Open311 form,
//! the JSON API bodies and the CSV imports. Whatever the bytes, the answer is never a server
//! error and nothing panics; a refused import stores nothing.

use crate::{
    on_both_databases,
    open311::api_key,
    support::{TestApp, TestResponse},
};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use loket::{
    entities::{phone_call, visit},
    import::ImportError,
    queue::import,
    reports::phone_import,
};
use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestRunner},
};
use sea_orm::{EntityTrait, PaginatorTrait};

on_both_databases!(
    the_open311_form_never_answers_a_server_error,
    the_json_apis_answer_bad_bodies_with_a_client_error,
    a_refused_import_stores_nothing,
    a_nul_character_gets_a_clear_message_never_a_server_error,
);

/// Few cases per property: each one is a request against a real database, on both databases.
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs an async request inside a synchronous property.
fn blocking<T>(future: impl Future<Output = T>) -> T {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(future))
}

/// Text that is likely to break something: markup, quotes, control characters and NUL, odd
/// Unicode, very long runs, or anything at all.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f<>\"'&%{}\\\\=+@-]{0,20}",
        proptest::sample::select(vec![
            "\0",
            "a\0b",
            "\u{202E}\u{200B}\u{FEFF}",
            "<script>alert(1)</script>",
            "'; DROP TABLE visit; --",
            "1e999",
            "NaN",
            "-0",
        ])
        .prop_map(str::to_owned),
        (0usize..6000).prop_map(|n| "x".repeat(n)),
    ]
}

fn assert_not_a_server_error(what: &str, response: &TestResponse) -> Result<(), TestCaseError> {
    prop_assert!(
        !response.status.is_server_error(),
        "{what}: {} {}",
        response.status,
        response.body
    );
    Ok(())
}

async fn post_bytes(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> TestResponse {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap();
    for (name, value) in headers {
        request.headers_mut().insert(
            header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            header::HeaderValue::from_str(value).unwrap(),
        );
    }
    app.request(request).await
}

async fn the_open311_form_never_answers_a_server_error(app: TestApp) {
    let key = api_key(&app, "handler").await;
    // Any bytes at all as the body.
    runner(48)
        .run(
            &(
                proptest::collection::vec(any::<u8>(), 0..400),
                prop_oneof![Just("requests.json"), Just("requests.xml"), Just("x.y")],
            ),
            |(body, file)| {
                let response = blocking(post_bytes(
                    &app,
                    &format!("/open311/v2/{file}"),
                    "application/x-www-form-urlencoded",
                    body,
                    &[],
                ));
                assert_not_a_server_error("bytes", &response)
            },
        )
        .unwrap();
    // A well-formed form with a valid key and any values in its fields.
    let fields = (
        prop_oneof![Just("straatverlichting".to_owned()), nasty_text()],
        nasty_text(),
        nasty_text(),
        nasty_text(),
        nasty_text(),
        prop_oneof![Just("melder@lier.test".to_owned()), nasty_text()],
        nasty_text(),
        nasty_text(),
    );
    runner(48)
        .run(
            &fields,
            |(service, lat, long, address, description, email, name, phone)| {
                let form: String = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs([
                        ("api_key", key.as_str()),
                        ("service_code", &service),
                        ("lat", &lat),
                        ("long", &long),
                        ("address_string", &address),
                        ("description", &description),
                        ("email", &email),
                        ("first_name", &name),
                        ("phone", &phone),
                    ])
                    .finish();
                for format in ["json", "xml"] {
                    let response = blocking(post_bytes(
                        &app,
                        &format!("/open311/v2/requests.{format}"),
                        "application/x-www-form-urlencoded",
                        form.clone().into_bytes(),
                        &[],
                    ));
                    assert_not_a_server_error("fields", &response)?;
                    if format == "xml" {
                        prop_assert!(
                            roxmltree::Document::parse(&response.body).is_ok(),
                            "not XML: {}",
                            response.body
                        );
                    } else {
                        prop_assert!(
                            serde_json::from_str::<serde_json::Value>(&response.body).is_ok(),
                            "not JSON: {}",
                            response.body
                        );
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

/// A JSON value of any shape, a few levels deep, with nasty strings.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        nasty_text().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    proptest::sample::select(vec![
                        "product",
                        "start",
                        "name",
                        "email",
                        "cluster",
                        "reference",
                        "message",
                        "date",
                    ])
                    .prop_map(str::to_owned),
                    nasty_text(),
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A booking whose every field may be anything, most often of the expected type.
fn any_booking() -> impl Strategy<Value = serde_json::Value> {
    (
        prop_oneof![Just("identiteitskaart".to_owned()), nasty_text()],
        prop_oneof![
            Just("2026-11-30T08:30:00+01:00".to_owned()),
            Just("2026-11-30T08:30:00".to_owned()),
            Just("+275760-09-13T00:00:00Z".to_owned()),
            nasty_text()
        ],
        nasty_text(),
        prop_oneof![Just("x@lier.test".to_owned()), nasty_text()],
        prop_oneof![Just("nl".to_owned()), nasty_text()],
    )
        .prop_map(|(product, start, name, email, language)| {
            serde_json::json!({"product": product, "start": start, "name": name,
                "email": email, "language": language})
        })
}

async fn the_json_apis_answer_bad_bodies_with_a_client_error(app: TestApp) {
    let key = api_key(&app, "admin").await;
    let bearer = format!("Bearer {key}");
    let routes = [
        "/api/v1/appointments",
        "/api/v1/tickets",
        "/api/v1/checkins",
        "/api/v1/cases/M-2026-000001/resolve",
        "/api/v1/cases/M-2026-000001/schedule",
        "/api/v1/visits/1/transfer",
    ];
    let body = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        any_json().prop_map(|v| v.to_string().into_bytes()),
    ];
    runner(64)
        .run(
            &(proptest::sample::select(routes.to_vec()), body),
            |(route, body)| {
                let response = blocking(post_bytes(
                    &app,
                    route,
                    "application/json",
                    body,
                    &[("authorization", &bearer)],
                ));
                assert_not_a_server_error(route, &response)?;
                Ok(())
            },
        )
        .unwrap();
    runner(48)
        .run(&any_booking(), |booking| {
            let response = blocking(post_bytes(
                &app,
                "/api/v1/appointments",
                "application/json",
                booking.to_string().into_bytes(),
                &[],
            ));
            assert_not_a_server_error("booking", &response)?;
            prop_assert!(
                response.status.is_success()
                    || response.header("content-type") == "application/problem+json",
                "{}",
                response.body
            );
            Ok(())
        })
        .unwrap();
}

/// A CSV file close enough to the expected one that most lines get past the header: the right
/// header, then lines of nasty cells.
fn almost_csv(columns: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let line = proptest::collection::vec(
        prop_oneof![
            Just(String::new()),
            Just("2026-03-02T09:20:00+01:00".to_owned()),
            Just("2026-03-29 02:30:00".to_owned()),
            Just("burgerzaken".to_owned()),
            Just("walk_in".to_owned()),
            Just("served".to_owned()),
            nasty_text(),
        ],
        0..columns.len() + 2,
    )
    .prop_map(|cells| cells.join(","));
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        proptest::collection::vec(line, 0..6).prop_map(move |lines| format!(
            "{}\n{}",
            columns.join(","),
            lines.join("\n")
        )
        .into_bytes()),
    ]
}

async fn a_refused_import_stores_nothing(app: TestApp) {
    runner(24)
        .run(&almost_csv(&import::COLUMNS), |bytes| {
            let before = blocking(visit::Entity::find().count(&app.db)).unwrap();
            match blocking(import::import(&app.db, bytes.as_slice())) {
                Ok(_) => {}
                Err(ImportError::Invalid(problems)) => {
                    prop_assert!(!problems.is_empty());
                    let after = blocking(visit::Entity::find().count(&app.db)).unwrap();
                    prop_assert_eq!(before, after);
                }
                Err(ImportError::Database(e)) => prop_assert!(false, "database error: {e}"),
            }
            Ok(())
        })
        .unwrap();
    runner(24)
        .run(&almost_csv(&phone_import::COLUMNS), |bytes| {
            let before = blocking(phone_call::Entity::find().count(&app.db)).unwrap();
            match blocking(phone_import::import(&app.db, bytes.as_slice())) {
                Ok(_) => {}
                Err(ImportError::Invalid(problems)) => {
                    prop_assert!(!problems.is_empty());
                    let after = blocking(phone_call::Entity::find().count(&app.db)).unwrap();
                    prop_assert_eq!(before, after);
                }
                Err(ImportError::Database(e)) => prop_assert!(false, "database error: {e}"),
            }
            Ok(())
        })
        .unwrap();
}

/// PostgreSQL cannot store NUL in text; a NUL must never reach it as a database error.
async fn a_nul_character_gets_a_clear_message_never_a_server_error(app: TestApp) {
    let message = "Er staat een ongeldig teken (een nulteken) in wat je stuurde.";
    let form = app
        .post_form("/klacht", &[("name", "An\0"), ("email", "an@lier.test")])
        .await;
    assert_eq!(form.status, StatusCode::BAD_REQUEST, "{}", form.body);
    let json = app
        .post_json(
            "/api/v1/appointments",
            &serde_json::json!({"product": "identiteitskaart", "start": "2026-11-30T08:30:00+01:00",
                "name": "An\u{0}", "email": "an@lier.test"}),
        )
        .await;
    assert_eq!(json.status, StatusCode::BAD_REQUEST);
    assert_eq!(json.header("content-type"), "application/problem+json");
    assert!(json.json()["detail"].as_str().unwrap().starts_with(message));
    for path in [
        "/meldingen/M-2026-%00",
        "/afspraak/beheer/%00",
        "/producten?q=%00",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
    }
    // Open311 drops control characters itself and answers in its own formats.
    for path in [
        "/open311/v2/requests.xml?service_request_id=M-2026-%00",
        "/open311/v2/requests/M-2026-%00.xml",
    ] {
        let response = app.get(path).await;
        assert!(!response.status.is_server_error(), "{path}");
        assert!(
            roxmltree::Document::parse(&response.body).is_ok(),
            "{path}: {}",
            response.body
        );
    }
    // An escaped backslash before u0000 is text, not a NUL: it passes the check.
    let text = app
        .post_raw_json(
            "/api/v1/appointments",
            r#"{"product": "identiteitskaart", "start": "2026-11-30T08:30:00+01:00", "name": "An \\u0000", "email": "an@lier.test"}"#,
        )
        .await;
    assert_eq!(text.status, StatusCode::CREATED, "{}", text.body);
}
