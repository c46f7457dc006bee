//! `/beheer/diensten/{id}/loketten` and the dashboard that leads to it.

use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use loket::entities::{cluster, counter};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_databases!(
    the_dashboard_leads_to_every_admin_page,
    counters_are_added_renamed_and_switched_off_on_their_own_page,
);

async fn the_dashboard_leads_to_every_admin_page(app: TestApp) {
    app.sign_in_as("admin").await;
    let dashboard = app.get("/beheer").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let clusters = cluster::Entity::find().all(&app.db).await.unwrap();
    let mut links = vec![
        "/beheer/producten".to_owned(),
        "/beheer/diensten".to_owned(),
        "/beheer/sluitingsdagen".to_owned(),
        "/beheer/beleid".to_owned(),
        "/beheer/gebruikers".to_owned(),
        "/beheer/uitgaande-mail".to_owned(),
    ];
    for c in &clusters {
        for page in ["loketten", "openingsuren", "afspraakuren"] {
            links.push(format!("/beheer/diensten/{}/{page}", c.id));
        }
    }
    for link in &links {
        assert!(
            dashboard.body.contains(&format!("href=\"{link}\"")),
            "dashboard lacks {link}"
        );
        assert_eq!(app.get(link).await.status, StatusCode::OK, "{link}");
    }
    // The counters page is for administrators only, like the rest of /beheer.
    app.sign_in_as("manager").await;
    let path = format!("/beheer/diensten/{}/loketten", clusters[0].id);
    assert_eq!(app.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post_form(
            &path,
            &[("counter_code", "Z1"), ("counter_name", "Stiekem")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

async fn counters_are_added_renamed_and_switched_off_on_their_own_page(app: TestApp) {
    app.sign_in_as("admin").await;
    let clusters = cluster::Entity::find().all(&app.db).await.unwrap();
    let burgerzaken = clusters.iter().find(|c| c.code == "burgerzaken").unwrap();
    let other = clusters.iter().find(|c| c.code != "burgerzaken").unwrap();
    let path = format!("/beheer/diensten/{}/loketten", burgerzaken.id);
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("<caption>Loketten van Burgerzaken</caption>")
    );

    let bad = app
        .post_form(&path, &[("counter_code", "B 9"), ("counter_name", "")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"B 9\" aria-describedby=\"counter_code-hint counter_code-error\" aria-invalid=\"true\""));
    assert!(bad.body.contains("id=\"counter_name-error\""));

    let added = app
        .post_form(
            &path,
            &[("counter_code", "B9"), ("counter_name", "Loket 9")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(added.location(), format!("{path}?opgeslagen=1"));
    let b9 = counter::Entity::find()
        .filter(counter::Column::Code.eq("B9"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(b9.active && b9.cluster_id == burgerzaken.id);
    let id = b9.id.to_string();

    // A failed rename shows what was typed in that row, with the message next to it.
    let unnamed = app
        .post_form(
            &path,
            &[
                ("counter", &id),
                ("counter_code", "B9"),
                ("counter_name", ""),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unnamed.body.contains(&format!(
        "id=\"counter-{id}_name\" name=\"counter_name\" value=\"\" aria-invalid=\"true\" aria-describedby=\"counter-{id}_name-error\""
    )));

    let renamed = app
        .post_form(
            &path,
            &[
                ("counter", &id),
                ("counter_code", "B9"),
                ("counter_name", "Loket negen"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    let b9 = counter::Entity::find_by_id(b9.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b9.name, "Loket negen");
    assert!(!b9.active, "unticked: out of use");

    // A counter is changed through its own cluster only.
    let elsewhere = app
        .post_form(
            &format!("/beheer/diensten/{}/loketten", other.id),
            &[
                ("counter", &id),
                ("counter_code", "B9"),
                ("counter_name", "Weg"),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
}
