use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use serde_json::Value;

on_both_databases!(
    products_carry_the_fields_integrations_rely_on,
    product_search_works_as_on_the_page,
    one_product_in_detail,
    clusters_carry_their_codes_and_wait_targets,
    the_policy_tree_nests_three_levels,
    the_openapi_document_lists_every_route,
);

async fn products_carry_the_fields_integrations_rely_on(app: TestApp) {
    let response = app.get("/api/v1/products").await;
    assert_eq!(response.status, StatusCode::OK);
    let products = response.json();
    let list = products.as_array().unwrap();
    assert!(list.len() >= 40);
    let eid = list
        .iter()
        .find(|p| p["slug"] == "identiteitskaart")
        .expect("eID listed");
    assert_eq!(eid["cluster"], "burgerzaken");
    assert_eq!(eid["bookable"], true);
    assert!(eid["appointment_minutes"].as_i64().unwrap() > 0);
    assert!(
        eid["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("identiteitskaart")
    );
    let actions: Vec<&str> = eid["policy_actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(actions.contains(&"01/16/SAP/01/01"), "{actions:?}");
}

async fn product_search_works_as_on_the_page(app: TestApp) {
    let found = app
        .get("/api/v1/products?q=Identiteits%20kaart")
        .await
        .json();
    assert_eq!(found[0]["slug"], "identiteitskaart");
    let none = app.get("/api/v1/products?q=xqzwv").await.json();
    assert_eq!(none, serde_json::json!([]));
}

async fn one_product_in_detail(app: TestApp) {
    let eid = app.get("/api/v1/products/identiteitskaart").await.json();
    assert_eq!(eid["slug"], "identiteitskaart");
    assert!(!eid["requirements"].as_array().unwrap().is_empty());
    assert!(eid["requirements"][0]["evidence"].is_string());
    assert!(
        eid["policy_actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "01/16/SAP/01/01")
    );
    let missing = app.get("/api/v1/products/geen-product").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("content-type"), "application/problem+json");
}

async fn clusters_carry_their_codes_and_wait_targets(app: TestApp) {
    let clusters = app.get("/api/v1/clusters").await.json();
    let targets: Vec<(String, i64)> = clusters
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_owned(),
                c["wait_target_seconds"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("burgerzaken", 60),
        ("energieloket", 300),
        ("mobiliteit", 120),
        ("ocmw", 600),
        ("omgeving", 300),
        ("wonen", 300),
    ];
    for (code, seconds) in expected {
        assert!(
            targets.contains(&(code.to_owned(), seconds)),
            "{code}: {targets:?}"
        );
    }
    let burgerzaken = clusters
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "burgerzaken")
        .unwrap();
    assert_eq!(burgerzaken["name"], "Burgerzaken");
    assert!(!burgerzaken["opening_hours"].as_array().unwrap().is_empty());
    assert!(
        burgerzaken["policy_actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "01/16/SAP/01")
    );
}

async fn the_policy_tree_nests_three_levels(app: TestApp) {
    let plans = app.get("/api/v1/policy").await.json();
    let objectives = plans[0]["objectives"].as_array().unwrap();
    let o16 = objectives
        .iter()
        .find(|o| o["code"] == "01/16")
        .expect("01/16");
    assert_eq!(o16["level"], "objective");
    let plan = o16["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "01/16/SAP/01")
        .unwrap();
    assert_eq!(plan["level"], "action_plan");
    let action = &plan["children"][0];
    assert_eq!(action["code"], "01/16/SAP/01/01");
    assert_eq!(action["level"], "action");
    assert_eq!(action["status"], 4);
    assert!(action["children"].as_array().unwrap().is_empty());
}

async fn the_openapi_document_lists_every_route(app: TestApp) {
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/products",
        "/api/v1/products/{slug}",
        "/api/v1/clusters",
        "/api/v1/policy",
    ] {
        assert!(
            doc["paths"][path]["get"].is_object(),
            "{path} not documented"
        );
    }
    assert!(
        doc["components"]["schemas"]["ProductJson"]["properties"]["policy_actions"].is_object()
    );
}
