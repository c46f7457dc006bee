use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;

on_both_databases!(
    the_plan_is_shown_as_a_tree_with_codes_and_statuses,
    an_action_page_lists_what_is_linked_to_it,
    an_action_plan_shows_its_indicators_with_targets,
);

async fn the_plan_is_shown_as_a_tree_with_codes_and_statuses(app: TestApp) {
    let response = app.get("/beleid").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    for code in [
        "01/11",
        "01/15",
        "01/16",
        "01/15/SAP/01",
        "01/15/SAP/01/02",
        "01/16/SAP/01/01",
    ] {
        assert!(
            body.contains(&format!("<span class=\"code\">{code}</span>")),
            "{code} missing"
        );
    }
    assert!(body.contains("Meerjarenplan 2020-2025"));
    assert!(
        body.contains("4 - Afgerond"),
        "status of 01/16/SAP/01/01 missing"
    );
    // Nested lists: objective > action plan > action.
    let objective = body.find("<span class=\"code\">01/16</span>").unwrap();
    let action = body
        .find("<span class=\"code\">01/16/SAP/01/01</span>")
        .unwrap();
    assert!(body[objective..action].matches("<ul>").count() >= 2);
}

async fn node_id(app: &TestApp, code: &str) -> i32 {
    use loket::entities::policy_node;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    policy_node::Entity::find()
        .filter(policy_node::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{code} not seeded"))
        .id
}

async fn an_action_page_lists_what_is_linked_to_it(app: TestApp) {
    let id = node_id(&app, "01/16/SAP/01/01").await;
    let response = app.get(&format!("/beleid/{id}")).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .body
            .contains("<h1><span class=\"code\">01/16/SAP/01/01</span>")
    );
    assert!(
        response
            .body
            .contains("href=\"/producten/identiteitskaart\"")
    );
    assert!(
        response.body.contains("01/16/SAP/01"),
        "breadcrumb to the action plan"
    );

    let complaints = node_id(&app, "01/15/SAP/01/02").await;
    let body = app.get(&format!("/beleid/{complaints}")).await.body;
    assert!(
        body.contains("Soorten klachten") && body.contains("Soorten meldingen"),
        "{body}"
    );
    assert!(body.contains("Straatverlichting"));
    assert_eq!(
        app.get("/beleid/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn an_action_plan_shows_its_indicators_with_targets(app: TestApp) {
    let id = node_id(&app, "01/16/SAP/01").await;
    let body = app.get(&format!("/beleid/{id}")).await.body;
    assert!(body.contains("Indicatoren"));
    // Missed calls <= 20 %, with the 2022 measurement of 11.56 % from the seed document.
    assert!(body.contains("≤ 20 %"), "{body}");
    assert!(body.contains("11,56"), "{body}");
    assert!(body.contains("≤ 60 seconden"), "Burgerzaken wait target");
    assert!(body.contains(">Burgerzaken</a>"), "linked cluster");
}
