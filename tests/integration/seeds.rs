use crate::support::{TestApp, default_now};
use loket::{entities as e, seed};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::path::Path;

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
}

#[tokio::test]
async fn lier_holds_the_policy_clusters_indicators_and_catalogue_of_the_seed_documents() {
    let app = TestApp::sqlite().await;
    let codes: Vec<String> = e::policy_node::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.code)
        .collect();
    for code in [
        "01/11",
        "01/11/SAP/01",
        "01/11/SAP/02",
        "01/11/SAP/03",
        "01/11/SAP/04",
        "01/15",
        "01/15/SAP/01",
        "01/15/SAP/01/01",
        "01/15/SAP/01/02",
        "01/16",
        "01/16/SAP/01",
        "01/16/SAP/01/01",
    ] {
        assert!(codes.contains(&code.to_owned()), "{code} missing");
    }
    assert!(e::product::Entity::find().count(&app.db).await.unwrap() >= 40);
    let missed = e::indicator::Entity::find()
        .filter(e::indicator::Column::Metric.eq("phone_missed_share"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("missed-call indicator");
    let history: Vec<f64> = e::indicator_measurement::Entity::find()
        .filter(e::indicator_measurement::Column::IndicatorId.eq(missed.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.value)
        .collect();
    assert_eq!(history.len(), 7, "2016-2022");
    assert!(history.contains(&16.14) && history.contains(&11.56));
}

#[tokio::test]
async fn every_municipality_loads_and_reloading_replaces_the_data() {
    let app = TestApp::sqlite().await;
    for (municipality, objective) in [
        ("meerhout", "6.4"),
        ("nazareth", "PE3-01"),
        ("lier", "01/16"),
    ] {
        let report = seed::load(&app.db, seeds(), municipality, default_now())
            .await
            .unwrap();
        assert!(
            report.products > 0 && report.clusters > 0,
            "{municipality}: {report}"
        );
        let found = e::policy_node::Entity::find()
            .filter(e::policy_node::Column::Code.eq(objective))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(found, 1, "{municipality}: {objective}");
        assert_eq!(
            e::municipality::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            1
        );
    }
    let meerhout_actions = {
        seed::load(&app.db, seeds(), "meerhout", default_now())
            .await
            .unwrap();
        e::policy_node::Entity::find()
            .filter(e::policy_node::Column::Level.eq("action"))
            .count(&app.db)
            .await
            .unwrap()
    };
    assert_eq!(meerhout_actions, 29, "Meerhout 6.1.1 .. 6.5.3");
}

#[tokio::test]
async fn an_unknown_municipality_is_refused() {
    let app = TestApp::sqlite().await;
    let error = seed::load(&app.db, seeds(), "antwerpen", default_now())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("antwerpen"));
}
