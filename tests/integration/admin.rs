use crate::{on_both_databases, support::TestApp};
use axum::http::StatusCode;
use loket::entities::{
    appointment_period, closing_day, cluster, counter, opening_period, policy_link, product,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

on_both_databases!(
    only_admins_reach_the_admin_pages,
    a_product_with_bad_input_is_shown_again_with_a_message_per_field,
    a_product_is_saved_with_its_policy_links,
    a_cluster_keeps_unique_codes_and_prefixes_and_gets_counters,
    opening_and_appointment_hours_refuse_overlaps_and_replace_the_week,
    closing_days_once_or_every_year_close_the_municipality,
);

async fn eid(app: &TestApp) -> product::Model {
    crate::booking::eid(app).await
}

async fn only_admins_reach_the_admin_pages(app: TestApp) {
    let pages = [
        "/beheer/producten",
        "/beheer/producten/nieuw",
        "/beheer/diensten",
        "/beheer/sluitingsdagen",
    ];
    for path in pages {
        assert_eq!(app.get(path).await.status, StatusCode::SEE_OTHER, "{path}");
    }
    assert_eq!(
        app.post_form(
            "/beheer/sluitingsdagen",
            &[("date", "2026-12-24"), ("reason", "x")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    app.sign_in_as("manager").await;
    for path in pages {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        closing_day::Entity::find()
            .filter(closing_day::Column::Reason.eq("x"))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

async fn a_product_with_bad_input_is_shown_again_with_a_message_per_field(app: TestApp) {
    app.sign_in_as("admin").await;
    let product = eid(&app).await;
    let path = format!("/beheer/producten/{}", product.id);
    let form = app.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("value=\"{}\"", product.name)));
    let response = app
        .post_form(
            &path,
            &[
                ("name", ""),
                ("slug", "Slechte Slug"),
                ("summary", "Mijn getypte samenvatting"),
                ("description", "Uitleg"),
                ("product_type", "Bewijs"),
                ("cluster", "burgerzaken"),
                ("bookable", "on"),
                ("appointment_minutes", "2"),
                ("online_url", "www.lier.be"),
                ("costs", "Gewone procedure | -5"),
                ("popularity", "veel"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &response.body;
    for message in [
        "Vul een naam in.",
        "Gebruik alleen kleine letters, cijfers en streepjes",
        "Vul een aantal minuten in tussen 5 en 480.",
        "Een webadres begint met https:// of http://.",
        "Schrijf elke kost als: omschrijving | bedrag",
        "Vul een getal in van 0 of meer.",
    ] {
        assert!(body.contains(message), "{message} missing");
    }
    assert!(body.contains("Mijn getypte samenvatting"));
    assert!(body.contains("value=\"Slechte Slug\""));
    assert!(body.contains("id=\"name\" name=\"name\" type=\"text\" value=\"\" aria-describedby=\"name-error\" aria-invalid=\"true\""));
    let unchanged = product::Entity::find_by_id(product.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.name, product.name);

    // A slug another product has is refused too.
    let taken = app
        .post_form(
            "/beheer/producten/nieuw",
            &[
                ("name", "Kopie"),
                ("slug", "rijbewijs"),
                ("description", "x"),
                ("product_type", "Bewijs"),
                ("cluster", "burgerzaken"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("Deze korte naam is al in gebruik."));
}

async fn a_product_is_saved_with_its_policy_links(app: TestApp) {
    app.sign_in_as("admin").await;
    let node = loket::entities::policy_node::Entity::find()
        .filter(loket::entities::policy_node::Column::Code.eq("01/15/SAP/01/02"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let node_id = node.id.to_string();
    let created = app
        .post_form(
            "/beheer/producten/nieuw",
            &[
                ("name", "Bewonersvergadering"),
                ("slug", "bewonersvergadering"),
                ("summary", "Samen met de buurt praten."),
                ("description", "De stad nodigt je uit."),
                ("product_type", "Advies en begeleiding"),
                ("cluster", "omgeving"),
                ("channels", "counter"),
                ("channels", "online"),
                ("online_url", "https://www.lier.be"),
                (
                    "requirements",
                    "Je woont in de buurt | | Je identiteitskaart",
                ),
                ("costs", "Deelname | 0,00"),
                ("published", "on"),
                ("popularity", "3"),
                ("policy", &node_id),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert_eq!(created.location(), "/beheer/producten?opgeslagen=1");
    let saved = product::Entity::find()
        .filter(product::Column::Slug.eq("bewonersvergadering"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.channels.0, vec!["counter", "online"]);
    assert_eq!(saved.requirements.0[0].evidence, "Je identiteitskaart");
    assert_eq!(saved.costs.0[0].amount, Some(0.0));
    let page = app.get("/producten/bewonersvergadering").await.body;
    assert!(page.contains("01/15/SAP/01/02"));
    assert!(page.contains("Je identiteitskaart"));
    // Unticking the action removes the link.
    let path = format!("/beheer/producten/{}", saved.id);
    let edited = app
        .post_form(
            &path,
            &[
                ("name", "Bewonersvergadering"),
                ("slug", "bewonersvergadering"),
                ("description", "Nieuw."),
                ("product_type", "Advies en begeleiding"),
                ("cluster", "omgeving"),
                ("published", "on"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let links = policy_link::Entity::find()
        .filter(policy_link::Column::TargetKind.eq("product"))
        .filter(policy_link::Column::TargetId.eq(saved.id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(links, 0);
}

async fn a_cluster_keeps_unique_codes_and_prefixes_and_gets_counters(app: TestApp) {
    app.sign_in_as("admin").await;
    let clash = app
        .post_form(
            "/beheer/diensten/nieuw",
            &[
                ("name", "Sport"),
                ("code", "burgerzaken"),
                ("wait_target_seconds", "120"),
                ("ticket_prefix", "B"),
                ("grace_minutes", "10"),
            ],
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        clash.body.contains("Deze code is al in gebruik.")
            && clash
                .body
                .contains("Deze letter gebruikt een andere dienst al.")
    );
    assert!(clash.body.contains("value=\"Sport\""));
    let bad = app
        .post_form(
            "/beheer/diensten/nieuw",
            &[
                ("name", "Sport"),
                ("code", "sport"),
                ("wait_target_seconds", "-1"),
                ("ticket_prefix", "s"),
                ("grace_minutes", "10"),
            ],
        )
        .await;
    assert!(
        bad.body
            .contains("Vul een aantal seconden in tussen 0 en 86400.")
            && bad.body.contains("Vul één hoofdletter in")
    );
    let ok = app
        .post_form(
            "/beheer/diensten/nieuw",
            &[
                ("name", "Sport"),
                ("code", "sport"),
                ("wait_target_seconds", "240"),
                ("ticket_prefix", "S"),
                ("grace_minutes", "5"),
                ("appointments_first", "on"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let sport = cluster::Entity::find()
        .filter(cluster::Column::Code.eq("sport"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((sport.wait_target_seconds, sport.grace_minutes), (240, 5));
    let api = app.get("/api/v1/clusters").await.json();
    assert!(
        api.as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "sport" && c["wait_target_seconds"] == 240)
    );

    let counters = format!("/beheer/diensten/{}/loketten", sport.id);
    assert_eq!(
        app.post_form(
            &counters,
            &[("counter_code", "S1"), ("counter_name", "Sportloket")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let taken = app
        .post_form(
            &counters,
            &[("counter_code", "B1"), ("counter_name", "Dubbel")],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    let s1 = counter::Entity::find()
        .filter(counter::Column::Code.eq("S1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(s1.active);
    let id = s1.id.to_string();
    app.post_form(
        &counters,
        &[
            ("counter", &id),
            ("counter_code", "S1"),
            ("counter_name", "Sportbalie"),
        ],
    )
    .await;
    let s1 = counter::Entity::find_by_id(s1.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s1.name, "Sportbalie");
    assert!(!s1.active, "unticked: no longer in use");
}

async fn opening_and_appointment_hours_refuse_overlaps_and_replace_the_week(app: TestApp) {
    app.sign_in_as("admin").await;
    let eid = eid(&app).await;
    let path = format!("/beheer/diensten/{}/openingsuren", eid.cluster_id);
    let form = app.get(&path).await;
    assert!(form.body.contains("value=\"08:30\""));
    let overlap = app
        .post_form(
            &path,
            &[
                ("d0_0_opens", "09:00"),
                ("d0_0_closes", "12:00"),
                ("d0_1_opens", "11:00"),
                ("d0_1_closes", "14:00"),
            ],
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        overlap
            .body
            .contains("Twee periodes op dezelfde dag overlappen.")
    );
    assert!(overlap.body.contains("value=\"11:00\""));
    let inverted = app
        .post_form(&path, &[("d1_0_opens", "12:00"), ("d1_0_closes", "09:00")])
        .await;
    assert!(
        inverted
            .body
            .contains("Het sluitingsuur moet na het openingsuur liggen.")
    );
    let ok = app
        .post_form(
            &path,
            &[
                ("d0_0_opens", "09:00"),
                ("d0_0_closes", "12:00"),
                ("d0_1_opens", "13:00"),
                ("d0_1_closes", "19:00"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let periods = opening_period::Entity::find()
        .filter(opening_period::Column::ClusterId.eq(eid.cluster_id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(periods, 2, "the week is replaced by what was sent");

    let appointments = format!("/beheer/diensten/{}/afspraakuren", eid.cluster_id);
    let no_desks = app
        .post_form(
            &appointments,
            &[
                ("d0_0_opens", "09:00"),
                ("d0_0_closes", "10:00"),
                ("d0_0_desks", "0"),
            ],
        )
        .await;
    assert!(
        no_desks
            .body
            .contains("Vul een aantal loketten in tussen 1 en 50.")
    );
    app.post_form(
        &appointments,
        &[
            ("d0_0_opens", "09:00"),
            ("d0_0_closes", "10:00"),
            ("d0_0_desks", "2"),
        ],
    )
    .await;
    let rows = appointment_period::Entity::find()
        .filter(appointment_period::Column::ClusterId.eq(eid.cluster_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].desks, 2);
    // Residents now see only Monday 09:00-10:00, two at a time.
    let slots = app
        .get("/api/v1/products/identiteitskaart/slots?from=2026-11-30&to=2026-12-04")
        .await
        .json();
    let slots = slots["slots"].as_array().unwrap();
    assert!(!slots.is_empty());
    assert!(
        slots
            .iter()
            .all(|s| s["start"].as_str().unwrap().starts_with("2026-11-30T09:") && s["free"] == 2)
    );
}

async fn closing_days_once_or_every_year_close_the_municipality(app: TestApp) {
    app.sign_in_as("admin").await;
    let missing = app
        .post_form("/beheer/sluitingsdagen", &[("date", ""), ("reason", "")])
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("Vul een geldige datum in.")
            && missing.body.contains("Vul een reden in.")
    );
    let once = app
        .post_form(
            "/beheer/sluitingsdagen",
            &[("date", "2026-11-30"), ("reason", "Personeelsfeest")],
        )
        .await;
    assert_eq!(once.status, StatusCode::SEE_OTHER);
    let slots = app
        .get("/api/v1/products/identiteitskaart/slots?from=2026-11-30&to=2026-11-30")
        .await
        .json();
    assert!(
        slots["slots"].as_array().unwrap().is_empty(),
        "closed that day"
    );
    app.post_form(
        "/beheer/sluitingsdagen",
        &[
            ("date", "2026-12-01"),
            ("yearly", "on"),
            ("reason", "Stadsfeest"),
        ],
    )
    .await;
    let yearly = closing_day::Entity::find()
        .filter(closing_day::Column::Reason.eq("Stadsfeest"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (yearly.month, yearly.day, yearly.date),
        (Some(12), Some(1), None)
    );
    let list = app.get("/beheer/sluitingsdagen").await.body;
    assert!(list.contains("elk jaar op 1/12"));
    app.post_form(
        &format!("/beheer/sluitingsdagen/{}/verwijderen", yearly.id),
        &[],
    )
    .await;
    assert!(
        closing_day::Entity::find_by_id(yearly.id)
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
}
