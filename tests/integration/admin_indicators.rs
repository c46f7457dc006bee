//! `/beheer/indicatoren`: indicators are data. A new cluster's counter-wait indicator and a
//! manual indicator, made through the forms, reach the policy report and pages with no code.

use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use loket::entities::{audit_log, cluster, indicator, indicator_measurement, policy_node, visit};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

on_both_databases!(
    new_indicators_made_in_the_forms_reach_the_policy_report_and_pages,
    a_manager_enters_and_removes_a_measurement_but_cannot_define_indicators,
    a_duplicate_code_or_a_counter_wait_without_cluster_is_refused_with_every_value_kept,
    a_bad_number_a_bad_date_or_an_overlapping_target_is_refused,
);

async fn indicator_by_code(app: &TestApp, code: &str) -> indicator::Model {
    indicator::Entity::find()
        .filter(indicator::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no indicator {code}"))
}

async fn audit_actions(app: &TestApp, subject: &str) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Subject.eq(subject))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect()
}

/// A visit of `cluster_id` that waited `wait` seconds.
async fn add_visit(app: &TestApp, cluster_id: i32, n: u32, ready: &str, wait: i64) {
    let ready: DateTime<Utc> = ready.parse().unwrap();
    visit::ActiveModel {
        cluster_id: Set(cluster_id),
        kind: Set("walk_in".into()),
        ticket: Set(format!("V{n:03}")),
        day: Set(loket::clock::local_day(ready)),
        appointment_id: Set(None),
        appointment_start: Set(None),
        previous_visit_id: Set(None),
        issued_at: Set(ready),
        checked_in_at: Set(None),
        ready_at: Set(ready),
        status: Set("done".into()),
        counter_id: Set(None),
        called_at: Set(Some(ready + Duration::seconds(wait))),
        finished_at: Set(Some(ready + Duration::seconds(wait + 300))),
        outcome: Set("served".into()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

fn indicator_fields<'a>(
    code: &'a str,
    name: &'a str,
    source: &'a str,
    cluster: &'a str,
    unit: &'a str,
    direction: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("name", name),
        ("definition", "Zoals in het plan beschreven."),
        ("source", source),
        ("cluster", cluster),
        ("unit", unit),
        ("direction", direction),
        ("period", "year"),
    ]
}

/// Creates an indicator through the form and gives its id.
async fn create_indicator(app: &TestApp, fields: &[(&str, &str)]) -> i32 {
    let response = app.post_form("/beheer/indicatoren/nieuw", fields).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let code = fields.iter().find(|(k, _)| *k == "code").unwrap().1;
    let id = indicator_by_code(app, code).await.id;
    assert_eq!(
        response.location(),
        format!("/beheer/indicatoren/{id}?opgeslagen=1")
    );
    id
}

async fn add_target(app: &TestApp, id: i32, from: &str, to: &str, value: &str) {
    let response = app
        .post_form(
            &format!("/beheer/indicatoren/{id}/streefwaarden"),
            &[
                ("target_from", from),
                ("target_to", to),
                ("target_value", value),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

async fn link(app: &TestApp, node_id: i32, indicator_id: i32) {
    let response = app
        .post_form(
            &format!("/beheer/beleid/{node_id}/koppelingen"),
            &[
                ("target", &format!("indicator:{indicator_id}")),
                ("relation", "measured_by"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

async fn new_indicators_made_in_the_forms_reach_the_policy_report_and_pages(app: TestApp) {
    let admin = app.sign_in_as("admin").await;
    let response = app
        .post_form(
            "/beheer/diensten/nieuw",
            &[
                ("code", "vreemdelingenzaken"),
                ("name", "Vreemdelingenzaken"),
                ("description", ""),
                ("wait_target_seconds", "600"),
                ("ticket_prefix", "V"),
                ("grace_minutes", "10"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let new_cluster = cluster::Entity::find()
        .filter(cluster::Column::Code.eq("vreemdelingenzaken"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let cluster_id = new_cluster.id.to_string();
    let form = app.get("/beheer/indicatoren/nieuw").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains(&format!(
            r#"<option value="{cluster_id}">Vreemdelingenzaken</option>"#
        )),
        "{}",
        form.body
    );

    let wait_id = create_indicator(
        &app,
        &indicator_fields(
            "01/16/SAP/01-I10",
            "Gemiddelde wachttijd aan het loket: Vreemdelingenzaken",
            "counter_wait",
            &cluster_id,
            "seconds",
            "le",
        ),
    )
    .await;
    let saved = indicator_by_code(&app, "01/16/SAP/01-I10").await;
    assert_eq!(
        (
            saved.metric.as_str(),
            saved.cluster_id,
            saved.aggregation.as_str(),
            saved.definition.as_str()
        ),
        (
            "counter_wait",
            Some(new_cluster.id),
            "mean",
            "Zoals in het plan beschreven."
        )
    );
    add_target(&app, wait_id, "2024-01-01", "2025-12-31", "90").await;
    let manual_id = create_indicator(
        &app,
        &indicator_fields(
            "01/16/SAP/01-I11",
            "Aandeel tevreden bezoekers",
            "manual",
            "",
            "percent",
            "ge",
        ),
    )
    .await;
    add_target(&app, manual_id, "2024-01-01", "", "80").await;
    let measured = app
        .post_form(
            &format!("/beheer/indicatoren/{manual_id}/metingen"),
            &[
                ("period_start", "2024-01-01"),
                ("period_end", "2024-12-31"),
                ("value", "85,5"),
            ],
        )
        .await;
    assert_eq!(measured.status, StatusCode::SEE_OTHER, "{}", measured.body);
    let measurement = indicator_measurement::Entity::find()
        .filter(indicator_measurement::Column::IndicatorId.eq(manual_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            measurement.value,
            measurement.origin.as_str(),
            measurement.recorded_by.as_str(),
            measurement.recorded_at
        ),
        (85.5, "entered", admin.as_str(), app.clock_now())
    );

    let action_plan = policy_node::Entity::find()
        .filter(policy_node::Column::Code.eq("01/16/SAP/01"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    link(&app, action_plan.id, wait_id).await;
    link(&app, action_plan.id, manual_id).await;
    // 2024: waits 80 and 110 s, mean 95 s against 90 s: missed by at most 10 %.
    add_visit(&app, new_cluster.id, 1, "2024-05-06T08:00:00Z", 80).await;
    add_visit(&app, new_cluster.id, 2, "2024-05-06T08:05:00Z", 110).await;

    let report = app
        .get_with(
            "/api/v1/reports/policy?year=2024",
            &[("accept", "application/json")],
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let body = report.json();
    let node = body["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["nodes"].as_array().unwrap())
        .find(|n| n["code"] == "01/16/SAP/01")
        .expect("action plan 01/16/SAP/01")
        .clone();
    let indicator = |code: &str| -> Value {
        node["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {node}"))
            .clone()
    };
    let wait = indicator("01/16/SAP/01-I10");
    assert_eq!(
        [
            &wait["value"],
            &wait["source"],
            &wait["target"],
            &wait["status"]
        ],
        [
            &json!(95.0),
            &json!("computed"),
            &json!(90.0),
            &json!("within_ten_percent")
        ]
    );
    let manual = indicator("01/16/SAP/01-I11");
    assert_eq!(
        [
            &manual["value"],
            &manual["source"],
            &manual["target"],
            &manual["status"],
            &manual["direction"]
        ],
        [
            &json!(85.5),
            &json!("measured"),
            &json!(80.0),
            &json!("met"),
            &json!("ge")
        ]
    );

    // The public page of the action plan lists both, with the manual one's latest measurement.
    let page = app.get(&format!("/beleid/{}", action_plan.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Gemiddelde wachttijd aan het loket: Vreemdelingenzaken")
    );
    assert!(page.body.contains("Aandeel tevreden bezoekers"));
    assert!(page.body.contains("85,5"), "{}", page.body);

    // The list shows source, cluster, current target and latest value.
    let list = app.get("/beheer/indicatoren").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(r#"href="/beheer/indicatoren/nieuw""#));
    assert!(list.body.contains(&format!(
        r#"<a href="/beheer/indicatoren/{manual_id}">01/16/SAP/01-I11</a>"#
    )));
    assert!(list.body.contains("Manueel: metingen ingeven"));
    assert!(list.body.contains("<td>Vreemdelingenzaken</td>"));
    assert!(list.body.contains("≥ 80"));

    // Editing renames; every change is in the audit log.
    let mut fields = indicator_fields(
        "01/16/SAP/01-I11",
        "Aandeel tevreden bezoekers aan het loket",
        "manual",
        "",
        "percent",
        "ge",
    );
    fields.retain(|(k, _)| *k != "definition");
    let edited = app
        .post_form(&format!("/beheer/indicatoren/{manual_id}"), &fields)
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let renamed = indicator_by_code(&app, "01/16/SAP/01-I11").await;
    assert_eq!(
        (renamed.name.as_str(), renamed.definition.as_str()),
        ("Aandeel tevreden bezoekers aan het loket", "")
    );
    assert_eq!(
        audit_actions(&app, &format!("indicator {manual_id}")).await,
        vec![
            "indicator_created",
            "indicator_target_added",
            "indicator_measurement_added",
            "indicator_updated"
        ]
    );
    assert_eq!(
        audit_actions(&app, &format!("indicator {wait_id}")).await,
        vec!["indicator_created", "indicator_target_added"]
    );
}

async fn a_manager_enters_and_removes_a_measurement_but_cannot_define_indicators(app: TestApp) {
    let manager = app.sign_in_as("manager").await;
    let missed = indicator_by_code(&app, "01/16/SAP/01-I07").await;
    let list = app.get("/beheer/indicatoren").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains(r#"href="/beheer/indicatoren/nieuw""#));
    assert!(list.body.contains(&format!(
        r#"href="/beheer/indicatoren/{}/metingen""#,
        missed.id
    )));
    // The seed's 2022 figure is the latest one.
    assert!(list.body.contains("11,56"), "{}", list.body);
    assert_eq!(
        app.get(&format!("/beheer/indicatoren/{}", missed.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let path = format!("/beheer/indicatoren/{}/metingen", missed.id);
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    // By default the last whole year before today (23 November 2026).
    assert!(page.body.contains(r#"value="2025-01-01""#), "{}", page.body);
    assert!(page.body.contains(r#"value="2025-12-31""#));
    let response = app
        .post_form(
            &path,
            &[
                ("period_start", "2025-01-01"),
                ("period_end", "2025-12-31"),
                ("value", "9.75"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let entered = indicator_measurement::Entity::find()
        .filter(indicator_measurement::Column::IndicatorId.eq(missed.id))
        .filter(indicator_measurement::Column::Origin.eq("entered"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (entered.value, entered.recorded_by.as_str()),
        (9.75, manager.as_str())
    );
    let page = app.get(&path).await;
    assert!(page.body.contains("9,75"));
    assert!(page.body.contains(&manager));

    let removed = app
        .post_form(&format!("{path}/{}/verwijderen", entered.id), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(
        indicator_measurement::Entity::find_by_id(entered.id)
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        audit_actions(&app, &format!("indicator {}", missed.id)).await,
        vec![
            "indicator_measurement_added",
            "indicator_measurement_removed"
        ]
    );
}

async fn a_duplicate_code_or_a_counter_wait_without_cluster_is_refused_with_every_value_kept(
    app: TestApp,
) {
    app.sign_in_as("admin").await;
    let before = indicator::Entity::find().all(&app.db).await.unwrap().len();
    let response = app
        .post_form(
            "/beheer/indicatoren/nieuw",
            &indicator_fields(
                "01/16/SAP/01-I01",
                "Een dubbele indicator",
                "counter_wait",
                "",
                "minutes",
                "le",
            ),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &response.body;
    assert!(
        body.contains(r#"<p class="field-error" id="cluster-error">Kies de dienst"#),
        "{body}"
    );
    assert!(body.contains(r#"<p class="field-error" id="unit-error">Deze bron meet in seconden."#));
    assert!(body.contains(r#"aria-describedby="cluster-hint cluster-error" aria-invalid="true""#));
    assert!(body.contains(r#"value="Een dubbele indicator""#));
    assert!(body.contains("Zoals in het plan beschreven.</textarea>"));
    assert!(body.contains(r#"<option value="minutes" selected>"#));
    assert!(body.contains(r#"<div class="error" role="alert""#));

    // With the fields right, the code is still taken.
    let burgerzaken = cluster::Entity::find()
        .filter(cluster::Column::Code.eq("burgerzaken"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let response = app
        .post_form(
            "/beheer/indicatoren/nieuw",
            &indicator_fields(
                " 01/16/SAP/01-I01 ",
                "Een dubbele indicator",
                "counter_wait",
                &burgerzaken,
                "seconds",
                "le",
            ),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains(
        r#"<p class="field-error" id="code-error">Er bestaat al een indicator met deze code."#
    ));
    assert!(
        response
            .body
            .contains(&format!(r#"<option value="{burgerzaken}" selected>"#))
    );
    // A phone metric covers the whole municipality: a cluster is refused.
    let response = app
        .post_form(
            "/beheer/indicatoren/nieuw",
            &indicator_fields(
                "X-1",
                "Gemiste oproepen Burgerzaken",
                "phone_missed_share",
                &burgerzaken,
                "percent",
                "le",
            ),
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("Deze bron geldt voor de hele gemeente.")
    );
    assert_eq!(
        indicator::Entity::find().all(&app.db).await.unwrap().len(),
        before
    );
}

async fn a_bad_number_a_bad_date_or_an_overlapping_target_is_refused(app: TestApp) {
    app.sign_in_as("admin").await;
    let wait = indicator_by_code(&app, "01/16/SAP/01-I01").await;
    let path = format!("/beheer/indicatoren/{}/streefwaarden", wait.id);
    let response = app
        .post_form(
            &path,
            &[
                ("target_from", "2026-13-01"),
                ("target_to", "gisteren"),
                ("target_value", "zestig"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &response.body;
    assert!(
        body.contains(r#"<p class="field-error" id="target_from-error">Vul een geldige datum in."#)
    );
    assert!(
        body.contains(r#"<p class="field-error" id="target_to-error">Vul een geldige datum in"#)
    );
    assert!(body.contains(r#"<p class="field-error" id="target_value-error">Vul een getal in"#));
    assert!(body.contains(r#"value="2026-13-01""#) && body.contains(r#"value="zestig""#));
    // The seed's target runs 2020-2025: one from 2025 on would overlap it.
    let response = app
        .post_form(
            &path,
            &[
                ("target_from", "2025-06-01"),
                ("target_to", ""),
                ("target_value", "45"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Er is al een streefwaarde voor"));
    // The next plan's target starts after it: accepted, and removable.
    add_target(&app, wait.id, "2026-01-01", "", "45").await;
    let page = app.get(&format!("/beheer/indicatoren/{}", wait.id)).await;
    assert!(page.body.contains("01-01-2026"));
    let target = loket::entities::indicator_target::Entity::find()
        .filter(loket::entities::indicator_target::Column::IndicatorId.eq(wait.id))
        .filter(loket::entities::indicator_target::Column::Value.eq(45.0))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let removed = app
        .post_form(&format!("{path}/{}/verwijderen", target.id), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        audit_actions(&app, &format!("indicator {}", wait.id)).await,
        vec!["indicator_target_added", "indicator_target_removed"]
    );

    // Measurements: an end before the start, a negative value, a percentage above 100.
    let missed = indicator_by_code(&app, "01/16/SAP/01-I07").await;
    let measurements = format!("/beheer/indicatoren/{}/metingen", missed.id);
    let response = app
        .post_form(
            &measurements,
            &[
                ("period_start", "2025-12-31"),
                ("period_end", "2025-01-01"),
                ("value", "-3"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains(
        r#"<p class="field-error" id="period_end-error">Deze datum ligt voor de begindatum."#
    ));
    assert!(response.body.contains(r#"id="value-error""#));
    assert!(response.body.contains(r#"value="-3""#));
    let response = app
        .post_form(
            &measurements,
            &[
                ("period_start", "2025-01-01"),
                ("period_end", "31/12/2025"),
                ("value", "120"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains(r#"id="period_end-error""#));
    assert!(response.body.contains("Een percentage is hoogstens 100."));
    let entered = indicator_measurement::Entity::find()
        .filter(indicator_measurement::Column::Origin.eq("entered"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(entered.is_empty());
}
