//! `/beheer/beleid`: policy plan nodes and their links, managed by an administrator.

use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use loket::entities::{policy_link, policy_node, product};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

on_both_databases!(
    a_duplicate_code_is_refused_and_the_form_keeps_every_value,
    a_valid_node_is_saved_and_shown_on_the_public_plan,
    an_action_directly_under_an_objective_is_refused,
    a_link_is_added_shown_publicly_refused_twice_and_deleted,
    only_admins_reach_the_policy_pages,
);

async fn node(app: &TestApp, code: &str) -> policy_node::Model {
    policy_node::Entity::find()
        .filter(policy_node::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no node {code}"))
}

async fn a_duplicate_code_is_refused_and_the_form_keeps_every_value(app: TestApp) {
    app.sign_in_as("admin").await;
    let parent = node(&app, "01/11/SAP/01").await;
    let version = parent.plan_version_id.to_string();
    let parent_id = parent.id.to_string();
    let response = app
        .post_form(
            "/beheer/beleid/nieuw",
            &[
                ("plan_version", &version),
                ("parent", &parent_id),
                ("level", "action"),
                ("code", "01/11/SAP/01/01"),
                ("title", "Een dubbele actie"),
                ("description", "Uitleg die blijft staan"),
                ("status", "1"),
                ("start_date", "2026-01-01"),
                ("end_date", "2026-12-31"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &response.body;
    assert!(body.contains("Deze code bestaat al in dit plan"), "{body}");
    assert!(body.contains(r#"<p class="field-error" id="code-error">"#));
    assert!(body.contains(r#"aria-describedby="code-error" aria-invalid="true""#));
    assert!(body.contains(r#"value="01/11/SAP/01/01""#));
    assert!(body.contains(r#"value="Een dubbele actie""#));
    assert!(body.contains("Uitleg die blijft staan</textarea>"));
    assert!(body.contains(r#"value="2026-01-01""#) && body.contains(r#"value="2026-12-31""#));
    assert!(body.contains(&format!(r#"<option value="{parent_id}" selected>"#)));
    assert!(body.contains(r#"<option value="1" selected>1 - Gestart</option>"#));
    let count = policy_node::Entity::find()
        .filter(policy_node::Column::Title.eq("Een dubbele actie"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(count.is_empty());

    // An end before the start is refused too.
    let response = app
        .post_form(
            "/beheer/beleid/nieuw",
            &[
                ("plan_version", &version),
                ("parent", &parent_id),
                ("level", "action"),
                ("code", "01/11/SAP/01/77"),
                ("title", "Verkeerde data"),
                ("start_date", "2026-06-01"),
                ("end_date", "2026-05-01"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("Deze datum ligt voor de begindatum.")
    );
}

async fn a_valid_node_is_saved_and_shown_on_the_public_plan(app: TestApp) {
    app.sign_in_as("admin").await;
    let tree = app.get("/beheer/beleid").await;
    assert_eq!(tree.status, StatusCode::OK);
    assert!(tree.body.contains(r#"href="/beheer/beleid/nieuw""#));
    let parent = node(&app, "01/11/SAP/01").await;
    assert!(
        tree.body
            .contains(&format!(r#"href="/beheer/beleid/{}""#, parent.id))
    );
    let form = app.get("/beheer/beleid/nieuw").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"<label for="code">"#));

    let response = app
        .post_form(
            "/beheer/beleid/nieuw",
            &[
                ("plan_version", &parent.plan_version_id.to_string()),
                ("parent", &parent.id.to_string()),
                ("level", "action"),
                ("code", "01/11/SAP/01/99"),
                ("title", "Wachtrij digitaal tonen"),
                ("description", ""),
                ("status", "0"),
                ("start_date", "2026-01-01"),
                ("end_date", ""),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), "/beheer/beleid?opgeslagen=1");
    let saved = node(&app, "01/11/SAP/01/99").await;
    assert_eq!(saved.parent_id, Some(parent.id));
    assert_eq!(saved.level, "action");
    assert_eq!(saved.status, Some(0));
    let public = app.get("/beleid").await;
    assert!(public.body.contains("Wachtrij digitaal tonen"));
    assert!(public.body.contains("0 - Nog niet begonnen"));

    // Editing keeps the plan version and changes the rest.
    let edit = app.get(&format!("/beheer/beleid/{}", saved.id)).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains(r#"value="Wachtrij digitaal tonen""#));
    let response = app
        .post_form(
            &format!("/beheer/beleid/{}", saved.id),
            &[
                ("plan_version", "999999"),
                ("parent", &parent.id.to_string()),
                ("level", "action"),
                ("code", "01/11/SAP/01/99"),
                ("title", "Wachtrij digitaal tonen op scherm"),
                ("status", "4"),
                ("start_date", "2026-01-01"),
                ("end_date", "2026-10-31"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let edited = node(&app, "01/11/SAP/01/99").await;
    assert_eq!(edited.plan_version_id, saved.plan_version_id);
    assert_eq!(edited.status, Some(4));
    let page = app.get(&format!("/beleid/{}", saved.id)).await;
    assert!(page.body.contains("Wachtrij digitaal tonen op scherm"));
    assert!(page.body.contains("31-10-2026"));
}

async fn an_action_directly_under_an_objective_is_refused(app: TestApp) {
    app.sign_in_as("admin").await;
    let objective = node(&app, "01/11").await;
    let response = app
        .post_form(
            "/beheer/beleid/nieuw",
            &[
                ("plan_version", &objective.plan_version_id.to_string()),
                ("parent", &objective.id.to_string()),
                ("level", "action"),
                ("code", "01/11/99"),
                ("title", "Actie op de verkeerde plaats"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains(r#"<p class="field-error" id="parent-error">Dit past niet"#)
    );
    assert!(
        response
            .body
            .contains(r#"value="Actie op de verkeerde plaats""#)
    );
    // An action plan without a parent is refused as well.
    let response = app
        .post_form(
            "/beheer/beleid/nieuw",
            &[
                ("plan_version", &objective.plan_version_id.to_string()),
                ("parent", ""),
                ("level", "action_plan"),
                ("code", "01/11/SAP/99"),
                ("title", "Los actieplan"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("Kies waar dit onderdeel onder valt.")
    );
}

async fn a_link_is_added_shown_publicly_refused_twice_and_deleted(app: TestApp) {
    app.sign_in_as("admin").await;
    let action = node(&app, "01/11/SAP/01/01").await;
    let linked: Vec<i32> = policy_link::Entity::find()
        .filter(policy_link::Column::NodeId.eq(action.id))
        .filter(policy_link::Column::TargetKind.eq("product"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.target_id)
        .collect();
    let product = product::Entity::find()
        .filter(product::Column::Published.eq(true))
        .filter(product::Column::Id.is_not_in(linked))
        .order_by_asc(product::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let public_path = format!("/beleid/{}", action.id);
    let product_href = format!(r#"href="/producten/{}""#, product.slug);
    assert!(!app.get(&public_path).await.body.contains(&product_href));

    let links_path = format!("/beheer/beleid/{}/koppelingen", action.id);
    let page = app.get(&links_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<optgroup label=\"Producten\">"));
    assert!(page.body.contains("<optgroup label=\"Indicatoren\">"));
    let target = format!("product:{}", product.id);
    assert!(page.body.contains(&format!(r#"<option value="{target}">"#)));

    // To before from is refused.
    let wrong = app
        .post_form(
            &links_path,
            &[
                ("target", &target),
                ("relation", "realises"),
                ("valid_from", "2026-05-01"),
                ("valid_to", "2026-04-01"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains(r#"id="valid_to-error""#));
    assert!(
        wrong
            .body
            .contains(&format!(r#"<option value="{target}" selected>"#))
    );

    let added = app
        .post_form(
            &links_path,
            &[
                ("target", &target),
                ("relation", "realises"),
                ("valid_from", ""),
                ("valid_to", ""),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(added.location(), format!("{links_path}?opgeslagen=1"));
    let public = app.get(&public_path).await;
    assert!(public.body.contains(&product_href), "{}", public.body);
    let page = app.get(added.location()).await;
    assert!(page.body.contains("realiseert"));

    let twice = app
        .post_form(
            &links_path,
            &[("target", &target), ("relation", "realises")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice
            .body
            .contains(r#"<p class="field-error" id="target-error">Deze koppeling bestaat al.</p>"#)
    );
    // The same target with the other relation is a different link.
    let measured = app
        .post_form(
            &links_path,
            &[("target", &target), ("relation", "measured_by")],
        )
        .await;
    assert_eq!(measured.status, StatusCode::SEE_OTHER);

    let links = policy_link::Entity::find()
        .filter(policy_link::Column::NodeId.eq(action.id))
        .filter(policy_link::Column::TargetKind.eq("product"))
        .filter(policy_link::Column::TargetId.eq(product.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(links.len(), 2);
    // A link of another node cannot be deleted through this node.
    let other = node(&app, "01/11/SAP/01/02").await;
    let foreign = app
        .post_form(
            &format!(
                "/beheer/beleid/{}/koppelingen/{}/verwijderen",
                other.id, links[0].id
            ),
            &[],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    for link in &links {
        let deleted = app
            .post_form(&format!("{links_path}/{}/verwijderen", link.id), &[])
            .await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    }
    assert!(!app.get(&public_path).await.body.contains(&product_href));
}

async fn only_admins_reach_the_policy_pages(app: TestApp) {
    let action = node(&app, "01/11/SAP/01/01").await;
    let gets = [
        "/beheer/beleid".to_owned(),
        "/beheer/beleid/nieuw".to_owned(),
        format!("/beheer/beleid/{}", action.id),
        format!("/beheer/beleid/{}/koppelingen", action.id),
    ];
    let posts = [
        "/beheer/beleid/nieuw".to_owned(),
        format!("/beheer/beleid/{}", action.id),
        format!("/beheer/beleid/{}/koppelingen", action.id),
        format!("/beheer/beleid/{}/koppelingen/1/verwijderen", action.id),
    ];
    for path in &gets {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            response.location().starts_with("/aanmelden?terug="),
            "{path}"
        );
    }
    for path in &posts {
        let response = app.post_form(path, &[("code", "x")]).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{path}");
        assert!(response.location().starts_with("/aanmelden"), "{path}");
    }
    app.sign_in_as("manager").await;
    for path in &gets {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in &posts {
        assert_eq!(
            app.post_form(path, &[("code", "x")]).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}
