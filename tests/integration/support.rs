//! `TestApp`: the real router over a fresh database, with a cookie jar and a fixed clock.

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header},
};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use loket::{
    clock::FixedClock, config::Config, db, seed, state::AppState, web::templates::Templates,
};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::{
    collections::BTreeMap,
    path::PathBuf,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};
use tokio::sync::OnceCell;
use tower::ServiceExt;

/// Runs an `async fn(TestApp)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::TestApp::sqlite().await).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    match $crate::support::TestApp::postgres().await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("LOKET_TEST_POSTGRES_URL is not set: PostgreSQL run skipped"),
                    }
                }
            }
        )+
    };
}

/// Runs `sql`, written with SQLite's numbered placeholders (`?1`), on either database: as the
/// tests that write rows the way an older schema had them do.
pub async fn execute_numbered(db: &DatabaseConnection, sql: &str, values: Vec<sea_orm::Value>) {
    let backend = db.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        sql.replace('?', "$")
    } else {
        sql.to_owned()
    };
    db.execute_raw(sea_orm::Statement::from_sql_and_values(
        backend, sql, values,
    ))
    .await
    .unwrap();
}

/// Monday 23 November 2026, 10:00 in Brussels.
pub fn default_now() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

pub struct TestApp {
    pub router: Router,
    pub db: DatabaseConnection,
    pub clock: FixedClock,
    pub state: AppState,
    cookies: Mutex<BTreeMap<String, String>>,
    _guard: Option<TempFile>,
}

pub struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        Utc::now().timestamp_micros()
    )
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Test databases of earlier runs are dropped once, before the first test makes its own.
static PG_CLEANED: OnceCell<()> = OnceCell::const_new();

/// Whether a test database was made by a process that has ended (its name holds the process
/// id): those are dropped, while another test run on the same server keeps its own.
fn left_behind(name: &str) -> bool {
    name.strip_prefix("loket_t_")
        .and_then(|rest| rest.split('_').next())
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists())
}

/// A new, empty PostgreSQL database of this run; none without LOKET_TEST_POSTGRES_URL.
pub async fn empty_postgres_database() -> Option<String> {
    let server = std::env::var("LOKET_TEST_POSTGRES_URL").ok()?;
    let admin = Database::connect(&server)
        .await
        .expect("cannot reach LOKET_TEST_POSTGRES_URL");
    PG_CLEANED
        .get_or_init(|| async {
            let stale: Vec<String> = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'loket\\_t\\_%'",
                ))
                .await
                .map(|rows| {
                    rows.iter()
                        .filter_map(|r| r.try_get::<String>("", "datname").ok())
                        .collect()
                })
                .unwrap_or_default();
            for name in stale.into_iter().filter(|name| left_behind(name)) {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            }
        })
        .await;
    let name = unique_name("loket_t");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    let base = server.rsplit_once('/').map(|(b, _)| b).unwrap_or(&server);
    Some(format!("{base}/{name}"))
}

/// A new, empty SQLite database file, removed when the guard is dropped.
pub fn empty_sqlite_database() -> (String, TempFile) {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name("loket_test")));
    (
        format!("sqlite://{}?mode=rwc", path.display()),
        TempFile(path),
    )
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        let (url, guard) = empty_sqlite_database();
        Self::start(&url, Some(guard)).await
    }

    pub async fn postgres() -> Option<TestApp> {
        let url = empty_postgres_database().await?;
        Some(Self::start(&url, None).await)
    }

    async fn start(url: &str, guard: Option<TempFile>) -> TestApp {
        let db = db::connect(url).await.expect("connect");
        db::migrate(&db).await.expect("migrate");
        seed::load(&db, &root().join("seeds"), "lier", default_now())
            .await
            .expect("seed lier");
        Self::over(db, url, guard).await
    }

    /// A second instance on the same database (its own pool, state, call hub and clock), as a
    /// second server behind a load balancer would be; nothing is migrated or seeded again.
    pub async fn another_instance(&self) -> TestApp {
        let url = self.state.config.database_url.clone();
        let db = db::connect(&url).await.expect("connect");
        let other = Self::over(db, &url, None).await;
        other.clock.set(self.clock_now());
        other
    }

    /// The same database served with changed settings (a fresh cookie jar, the same time).
    pub async fn reconfigured(&self, change: impl FnOnce(&mut Config)) -> TestApp {
        let url = self.state.config.database_url.clone();
        let db = db::connect(&url).await.expect("connect");
        let other = Self::over_with(db, &url, None, change).await;
        other.clock.set(self.clock_now());
        other
    }

    async fn over(db: DatabaseConnection, url: &str, guard: Option<TempFile>) -> TestApp {
        Self::over_with(db, url, guard, |_| {}).await
    }

    async fn over_with(
        db: DatabaseConnection,
        url: &str,
        guard: Option<TempFile>,
        change: impl FnOnce(&mut Config),
    ) -> TestApp {
        let mut config = Config::from_env().expect("config");
        config.database_url = url.to_owned();
        config.base_url = "http://localhost".to_owned();
        config.seeds_dir = root().join("seeds");
        config.static_dir = root().join("static");
        config.templates_dir = root().join("templates");
        change(&mut config);
        let templates = Templates::load(&config.templates_dir).expect("templates");
        let clock = FixedClock::at(default_now());
        let state = AppState::new(db.clone(), config, templates, Arc::new(clock.clone()))
            .await
            .expect("state");
        TestApp {
            router: loket::app(state.clone()),
            db,
            clock,
            state,
            cookies: Mutex::new(BTreeMap::new()),
            _guard: guard,
        }
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        use loket::clock::Clock;
        self.clock.now()
    }

    pub async fn request(&self, mut request: Request<Body>) -> TestResponse {
        let cookie_header = {
            let jar = self.cookies.lock().unwrap();
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if !cookie_header.is_empty() && !request.headers().contains_key(header::COOKIE) {
            request.headers_mut().insert(
                header::COOKIE,
                HeaderValue::from_str(&cookie_header).unwrap(),
            );
        }
        let response = self.router.clone().oneshot(request).await.expect("router");
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let parsed = cookie::Cookie::parse(set.to_str().unwrap().to_owned()).unwrap();
            let mut jar = self.cookies.lock().unwrap();
            let expired = parsed
                .max_age()
                .is_some_and(|a| a.is_zero() || a.is_negative());
            if expired || parsed.value().is_empty() {
                jar.remove(parsed.name());
            } else {
                jar.insert(parsed.name().to_owned(), parsed.value().to_owned());
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path).body(Body::empty()).unwrap();
        for (k, v) in headers {
            request.headers_mut().insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        self.request(request).await
    }

    /// A same-origin form post, as a browser sends it.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_form_with(path, fields, &[("sec-fetch-site", "same-origin")])
            .await
    }

    pub async fn post_form_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "localhost")
            .body(Body::from(body))
            .unwrap();
        for (k, v) in headers {
            request.headers_mut().insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        self.request(request).await
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.post_raw_json(path, &body.to_string()).await
    }

    pub async fn post_raw_json(&self, path: &str, body: &str) -> TestResponse {
        self.post_json_with(path, body, &[]).await
    }

    /// A JSON post with extra headers, e.g. `("authorization", "Bearer loket_...")`.
    pub async fn post_json_with(
        &self,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        for (k, v) in headers {
            request.headers_mut().insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        self.request(request).await
    }

    pub async fn delete(&self, path: &str) -> TestResponse {
        self.request(Request::delete(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn create_user(&self, email: &str, role: &str, password: &str) {
        let email = loket::domain::email::EmailAddress::parse(email).unwrap();
        loket::auth::users::create(
            &self.db,
            &email,
            "",
            role.parse().unwrap(),
            password,
            default_now(),
        )
        .await
        .expect("create user");
    }

    /// Signs in through the real form; the session cookie stays in the jar.
    pub async fn sign_in_as(&self, role: &str) -> String {
        let email = format!("{role}@lier.test");
        let password = "een-lang-wachtwoord-123";
        self.create_user(&email, role, password).await;
        let response = self
            .post_form("/aanmelden", &[("email", &email), ("password", password)])
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            response.body
        );
        email
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.header("location")
    }
}
