use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;

on_both_databases!(
    the_catalogue_lists_products_grouped_by_cluster,
    search_finds_the_eid_however_it_is_typed,
    search_finds_driving_licences_and_says_so_when_nothing_matches,
    a_product_page_shows_what_to_bring_cost_channels_and_policy,
    unpublished_products_are_not_shown,
);

fn product_links(body: &str) -> Vec<String> {
    body.split("href=\"/producten/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

async fn the_catalogue_lists_products_grouped_by_cluster(app: TestApp) {
    let response = app.get("/producten").await;
    assert_eq!(response.status, StatusCode::OK);
    for cluster in [
        "Burgerzaken",
        "Energieloket",
        "Mobiliteit",
        "OCMW",
        "Omgeving",
        "Wonen",
    ] {
        assert!(
            response.body.contains(&format!(">{cluster}</h2>")),
            "group {cluster} missing"
        );
    }
    let links = product_links(&response.body);
    assert!(links.len() >= 40, "only {} products listed", links.len());
    let only = app.get("/producten?dienst=mobiliteit").await;
    assert!(only.body.contains(">Mobiliteit</h2>"));
    assert!(!only.body.contains(">Burgerzaken</h2>"));
}

async fn search_finds_the_eid_however_it_is_typed(app: TestApp) {
    for query in [
        "identiteitskaart",
        "Identiteits+kaart",
        "eid",
        "IDENTITEITSKAART",
        "identit%C3%A9itskaart",
    ] {
        let response = app.get(&format!("/producten?q={query}")).await;
        assert_eq!(response.status, StatusCode::OK);
        let links = product_links(&response.body);
        assert_eq!(
            links.first().map(String::as_str),
            Some("identiteitskaart"),
            "{query}: {links:?}"
        );
    }
}

async fn search_finds_driving_licences_and_says_so_when_nothing_matches(app: TestApp) {
    let links = product_links(&app.get("/producten?q=rijbewijs").await.body);
    assert!(links.contains(&"rijbewijs".to_owned()), "{links:?}");
    assert!(
        links.iter().filter(|l| l.contains("rijbewijs")).count() >= 2,
        "{links:?}"
    );
    let none = app.get("/producten?q=xqzwv").await;
    assert!(product_links(&none.body).is_empty());
    assert!(
        none.body.contains("Geen resultaten voor &quot;xqzwv&quot;"),
        "{}",
        none.body
    );
    // What was typed is escaped, never executed.
    let hostile = app
        .get("/producten?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert!(!hostile.body.contains("<script>alert(1)"));
    assert!(hostile.body.contains("&lt;script&gt;"));
}

async fn a_product_page_shows_what_to_bring_cost_channels_and_policy(app: TestApp) {
    let response = app.get("/producten/identiteitskaart").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = &response.body;
    for heading in [
        "Wat is het?",
        "Wat moet je meebrengen?",
        "Wat kost het?",
        "Hoe vraag je het aan?",
        "Beleid",
    ] {
        assert!(body.contains(heading), "{heading} missing");
    }
    assert!(body.contains("€ "), "no amount shown");
    assert!(body.contains("Op afspraak"));
    assert!(body.contains("Openingsuren van Burgerzaken"));
    assert!(body.contains("01/16/SAP/01/01"), "policy action missing");
    assert!(body.contains("href=\"/beleid/"));
    assert_eq!(
        app.get("/producten/bestaat-niet").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn unpublished_products_are_not_shown(app: TestApp) {
    use loket::entities::product;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let eid = product::Entity::find()
        .filter(product::Column::Slug.eq("identiteitskaart"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut hidden: product::ActiveModel = eid.into();
    hidden.published = Set(false);
    hidden.update(&app.db).await.unwrap();
    assert_eq!(
        app.get("/producten/identiteitskaart").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !product_links(&app.get("/producten?q=eid").await.body)
            .contains(&"identiteitskaart".to_owned())
    );
    assert_eq!(
        app.get("/api/v1/products/identiteitskaart").await.status,
        StatusCode::NOT_FOUND
    );
}
