//! The authorisation matrix: every route of the app with who may use it. A test reads the
//! routes from the source, so a new route that is not listed here fails the build's tests;
//! another signs in as each role and checks every route lets in exactly the roles listed.

use crate::{on_both_databases, support::TestApp};
use Access::*;
use axum::http::StatusCode;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    /// Anyone, residents included (capability links such as a manage token count as public:
    /// the token, not a role, guards them).
    Public,
    /// A public stream (server-sent events): listed, but not requested (it never ends).
    Stream,
    /// Any signed-in staff member.
    Staff,
    Frontoffice,
    Handler,
    Manager,
    Admin,
}

/// (method, path as registered, who may use it)
const MATRIX: &[(&str, &str, Access)] = &[
    ("GET", "/", Public),
    ("GET", "/aanmelden", Public),
    ("POST", "/aanmelden", Public),
    ("GET", "/aanmelden/code", Public),
    ("POST", "/aanmelden/code", Public),
    ("POST", "/afmelden", Public),
    ("GET", "/afspraak", Public),
    ("GET", "/afspraak/beheer/{token}", Public),
    ("GET", "/afspraak/beheer/{token}/agenda.ics", Public),
    ("POST", "/afspraak/beheer/{token}/annuleren", Public),
    ("GET", "/afspraak/beheer/{token}/verplaatsen", Public),
    ("POST", "/afspraak/beheer/{token}/verplaatsen", Public),
    ("POST", "/afspraak/beheer/{token}/wachtlijst", Public),
    ("GET", "/afspraak/vrij/{token}", Public),
    ("POST", "/afspraak/vrij/{token}", Public),
    ("GET", "/afspraak/{slug}", Public),
    ("GET", "/afspraak/{slug}/gegevens", Public),
    ("POST", "/afspraak/{slug}/gegevens", Public),
    ("POST", "/api/v1/appointments", Public),
    ("DELETE", "/api/v1/appointments/{token}", Public),
    ("GET", "/api/v1/cases", Handler),
    ("GET", "/api/v1/cases/{reference}", Handler),
    ("POST", "/api/v1/cases/{reference}/resolve", Handler),
    ("POST", "/api/v1/cases/{reference}/schedule", Handler),
    ("POST", "/api/v1/checkins", Frontoffice),
    ("GET", "/api/v1/clusters", Public),
    ("GET", "/api/v1/clusters/{code}/queue", Public),
    ("GET", "/api/v1/counters", Public),
    ("POST", "/api/v1/counters/{id}/call-next", Frontoffice),
    ("GET", "/api/v1/me", Staff),
    ("GET", "/api/v1/openapi.json", Public),
    ("GET", "/api/v1/policy", Public),
    ("GET", "/api/v1/products", Public),
    ("GET", "/api/v1/products/{slug}", Public),
    ("GET", "/api/v1/products/{slug}/slots", Public),
    ("GET", "/api/v1/reports/appointments", Manager),
    ("GET", "/api/v1/reports/cases", Manager),
    ("GET", "/api/v1/reports/phone", Manager),
    ("GET", "/api/v1/reports/policy", Manager),
    ("GET", "/api/v1/reports/wait-times", Manager),
    ("POST", "/api/v1/tickets", Frontoffice),
    ("POST", "/api/v1/visits/{id}/no-show", Frontoffice),
    ("POST", "/api/v1/visits/{id}/recall", Frontoffice),
    ("POST", "/api/v1/visits/{id}/served", Frontoffice),
    ("POST", "/api/v1/visits/{id}/transfer", Frontoffice),
    ("GET", "/balie", Frontoffice),
    ("GET", "/balie/agenda", Frontoffice),
    ("GET", "/balie/agenda/nieuw", Frontoffice),
    ("POST", "/balie/agenda/nieuw", Frontoffice),
    ("POST", "/balie/agenda/{id}/annuleren", Frontoffice),
    ("POST", "/balie/agenda/{id}/niet-gekomen", Frontoffice),
    ("GET", "/balie/kies", Frontoffice),
    ("GET", "/balie/loket/{id}", Frontoffice),
    ("POST", "/balie/loket/{id}/doorverwijzen", Frontoffice),
    ("POST", "/balie/loket/{id}/klaar", Frontoffice),
    ("POST", "/balie/loket/{id}/opnieuw", Frontoffice),
    ("POST", "/balie/loket/{id}/volgende", Frontoffice),
    ("GET", "/beheer", Admin),
    ("GET", "/beheer/afdelingen", Admin),
    ("GET", "/beheer/afdelingen/{id}", Admin),
    ("POST", "/beheer/afdelingen/{id}", Admin),
    ("POST", "/beheer/afdelingen/{id}/sleutel", Admin),
    ("GET", "/beheer/audit", Admin),
    ("GET", "/beheer/beleid", Admin),
    ("GET", "/beheer/beleid/nieuw", Admin),
    ("POST", "/beheer/beleid/nieuw", Admin),
    ("GET", "/beheer/beleid/{id}", Admin),
    ("POST", "/beheer/beleid/{id}", Admin),
    ("GET", "/beheer/beleid/{id}/koppelingen", Admin),
    ("POST", "/beheer/beleid/{id}/koppelingen", Admin),
    (
        "POST",
        "/beheer/beleid/{id}/koppelingen/{link_id}/verwijderen",
        Admin,
    ),
    ("GET", "/beheer/indicatoren", Manager),
    ("GET", "/beheer/indicatoren/nieuw", Admin),
    ("POST", "/beheer/indicatoren/nieuw", Admin),
    ("GET", "/beheer/indicatoren/{id}", Admin),
    ("POST", "/beheer/indicatoren/{id}", Admin),
    ("GET", "/beheer/indicatoren/{id}/metingen", Manager),
    ("POST", "/beheer/indicatoren/{id}/metingen", Manager),
    (
        "POST",
        "/beheer/indicatoren/{id}/metingen/{measurement_id}/verwijderen",
        Manager,
    ),
    ("POST", "/beheer/indicatoren/{id}/streefwaarden", Admin),
    (
        "POST",
        "/beheer/indicatoren/{id}/streefwaarden/{target_id}/verwijderen",
        Admin,
    ),
    ("GET", "/beheer/diensten", Admin),
    ("GET", "/beheer/diensten/nieuw", Admin),
    ("POST", "/beheer/diensten/nieuw", Admin),
    ("GET", "/beheer/diensten/{id}", Admin),
    ("POST", "/beheer/diensten/{id}", Admin),
    ("GET", "/beheer/diensten/{id}/afspraakuren", Admin),
    ("POST", "/beheer/diensten/{id}/afspraakuren", Admin),
    ("GET", "/beheer/diensten/{id}/loketten", Admin),
    ("POST", "/beheer/diensten/{id}/loketten", Admin),
    ("GET", "/beheer/diensten/{id}/openingsuren", Admin),
    ("POST", "/beheer/diensten/{id}/openingsuren", Admin),
    ("GET", "/beheer/gebruikers", Admin),
    ("GET", "/beheer/gebruikers/nieuw", Admin),
    ("POST", "/beheer/gebruikers/nieuw", Admin),
    ("GET", "/beheer/gebruikers/{id}", Admin),
    ("POST", "/beheer/gebruikers/{id}", Admin),
    ("POST", "/beheer/gebruikers/{id}/sleutels", Admin),
    (
        "POST",
        "/beheer/gebruikers/{id}/sleutels/{token_id}/intrekken",
        Admin,
    ),
    (
        "POST",
        "/beheer/gebruikers/{id}/tweestapsverificatie/uitzetten",
        Admin,
    ),
    ("GET", "/beheer/privacy", Admin),
    ("POST", "/beheer/privacy/export", Admin),
    ("POST", "/beheer/privacy/wissen", Admin),
    ("GET", "/beheer/producten", Admin),
    ("GET", "/beheer/producten/nieuw", Admin),
    ("POST", "/beheer/producten/nieuw", Admin),
    ("GET", "/beheer/producten/{id}", Admin),
    ("POST", "/beheer/producten/{id}", Admin),
    ("GET", "/beheer/sluitingsdagen", Admin),
    ("POST", "/beheer/sluitingsdagen", Admin),
    ("POST", "/beheer/sluitingsdagen/{id}/verwijderen", Admin),
    ("GET", "/beheer/uitgaande-mail", Admin),
    ("GET", "/beleid", Public),
    ("GET", "/beleid/{id}", Public),
    ("GET", "/health", Public),
    ("GET", "/health/live", Public),
    ("GET", "/kiosk", Public),
    ("POST", "/kiosk/inchecken", Public),
    ("POST", "/kiosk/volgnummer", Public),
    ("GET", "/kiosk/volgnummer/{id}", Public),
    ("GET", "/klacht", Public),
    ("POST", "/klacht", Public),
    ("GET", "/klacht/ontvangen", Public),
    ("GET", "/melding", Public),
    ("GET", "/melding/ontvangen", Public),
    ("GET", "/melding/{code}", Public),
    ("POST", "/melding/{code}", Public),
    ("GET", "/meldingen/{reference}", Public),
    ("GET", "/mijn-account/tweestapsverificatie", Staff),
    (
        "POST",
        "/mijn-account/tweestapsverificatie/bevestigen",
        Staff,
    ),
    ("POST", "/mijn-account/tweestapsverificatie/nieuw", Staff),
    (
        "POST",
        "/mijn-account/tweestapsverificatie/uitzetten",
        Staff,
    ),
    ("GET", "/open311/v2/requests/{file}", Public),
    ("GET", "/open311/v2/services/{file}", Public),
    ("GET", "/open311/v2/{file}", Public),
    ("POST", "/open311/v2/{file}", Public),
    ("GET", "/opvolging/{token}", Public),
    ("POST", "/opvolging/{token}/aanvullen", Public),
    ("GET", "/opvolging/{token}/foto/{id}", Public),
    ("POST", "/opvolging/{token}/intrekken", Public),
    ("GET", "/opvolging/{token}/ontvangen", Public),
    ("POST", "/opvolging/{token}/tevredenheid", Public),
    ("GET", "/privacy", Public),
    ("GET", "/producten", Public),
    ("GET", "/producten/{slug}", Public),
    ("GET", "/rapporten", Manager),
    ("GET", "/rapporten/{report}", Manager),
    ("GET", "/rapporten/{report}/export.csv", Manager),
    ("GET", "/scherm", Public),
    ("GET", "/scherm/events", Stream),
    ("GET", "/scherm/{cluster}", Public),
    ("GET", "/taal/{code}", Public),
];

/// Every `.route("path", get(..).post(..))` in src/, as (method, path).
fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.extend(routes_in(&text));
            }
        }
    }
    found
}

fn routes_in(text: &str) -> Vec<(String, String)> {
    let mut routes = Vec::new();
    for (start, _) in text.match_indices(".route(") {
        let open = start + ".route".len();
        let rest = text[open + 1..].trim_start();
        let Some(rest) = rest.strip_prefix('"') else {
            continue;
        };
        let path = &rest[..rest.find('"').unwrap()];
        // The call's arguments: up to the parenthesis that closes `.route(`.
        let mut depth = 0;
        let mut end = open;
        for (i, c) in text[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let args = &text[open..end];
        for method in ["get", "post", "put", "delete", "patch"] {
            let call = format!("{method}(");
            let mut from = 0;
            while let Some(at) = args[from..].find(&call) {
                let at = from + at;
                let before = args[..at].chars().last().unwrap_or(' ');
                if !before.is_alphanumeric() && before != '_' {
                    routes.push((method.to_uppercase(), path.to_owned()));
                }
                from = at + call.len();
            }
        }
    }
    routes
}

#[test]
fn every_route_is_in_the_matrix_and_every_row_is_a_route() {
    let in_source = routes_in_source();
    let listed: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = in_source.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&in_source).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorisation matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows for routes that no longer exist: {stale:?}"
    );
    assert!(
        in_source.len() > 100,
        "the route scan found only {}",
        in_source.len()
    );
}

on_both_databases!(each_role_reaches_exactly_the_routes_listed_for_it);

/// A concrete path for a route: sample values for its parameters.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap();
        out.push_str(match &rest[open + 1..close] {
            "token" => "0000000000000000000000000000000000000000000000000000000000000000",
            "slug" => "identiteitskaart",
            "code" => "nl",
            "cluster" => "burgerzaken",
            _ => "1",
        });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn allows(access: Access, role: Option<&str>) -> bool {
    let rank = |r: &str| {
        ["frontoffice", "handler", "manager", "admin"]
            .iter()
            .position(|x| *x == r)
    };
    let needed = match access {
        Public | Stream => return true,
        Staff => return role.is_some(),
        Frontoffice => 0,
        Handler => 1,
        Manager => 2,
        Admin => 3,
    };
    role.and_then(rank).is_some_and(|r| r >= needed)
}

async fn each_role_reaches_exactly_the_routes_listed_for_it(app: TestApp) {
    let mut failures = Vec::new();
    for role in [
        None,
        Some("frontoffice"),
        Some("handler"),
        Some("manager"),
        Some("admin"),
    ] {
        let app = app.reconfigured(|_| {}).await;
        if let Some(role) = role {
            app.sign_in_as(role).await;
        }
        // Signing out last, so the other routes are tried signed in.
        let mut rows: Vec<_> = MATRIX.iter().filter(|(_, _, a)| *a != Stream).collect();
        rows.sort_by_key(|(_, p, _)| *p == "/afmelden");
        for (method, path, access) in rows {
            let url = concrete(path);
            let response = match *method {
                "GET" => app.get(&url).await,
                "POST" => app.post_form(&url, &[]).await,
                "DELETE" => app.delete(&url).await,
                other => panic!("no test request for {other}"),
            };
            let status = response.status;
            let to_sign_in = status == StatusCode::SEE_OTHER
                && response.location().starts_with("/aanmelden")
                && !path.starts_with("/aanmelden");
            let refused =
                status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN || to_sign_in;
            let who = role.unwrap_or("anonymous");
            if status.is_server_error() {
                failures.push(format!("{who} {method} {url}: {status}"));
            } else if allows(*access, role) && refused {
                failures.push(format!(
                    "{who} {method} {url}: refused ({status}) but listed as {access:?}"
                ));
            } else if !allows(*access, role) && !refused {
                failures.push(format!(
                    "{who} {method} {url}: let in ({status}) but listed as {access:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
