use crate::{booking::eid, on_both_databases, support::TestApp};
use axum::http::StatusCode;
use loket::entities::{appointment, outbox_mail};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

on_both_databases!(
    a_resident_books_through_the_pages_and_gets_a_confirmation,
    invalid_details_keep_what_was_typed,
    a_time_taken_meanwhile_answers_409_and_keeps_the_form,
    one_future_appointment_per_product_and_address,
    moving_frees_the_old_time_and_mails_a_new_calendar_file,
    cancelling_mails_a_calendar_cancellation,
    a_freed_earlier_time_is_offered_to_the_waiting_list,
    the_api_lists_free_times_books_and_cancels,
    the_api_explains_each_invalid_field,
    reminders_go_out_once_the_day_before,
    staff_see_the_agenda_book_for_residents_and_mark_no_shows,
    the_first_free_time_is_recorded_once_a_working_day,
);

/// The `value` of every radio button named start, in page order.
fn offered_times(body: &str) -> Vec<String> {
    body.split("name=\"start\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|s| s.replace("&#43;", "+").replace("&#x2B;", "+"))
        .collect()
}

fn token_from(location: &str) -> String {
    location
        .trim_start_matches("/afspraak/beheer/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn book_first_time(app: &TestApp, email: &str) -> (String, String) {
    let times = offered_times(&app.get("/afspraak/identiteitskaart").await.body);
    let start = times.first().expect("a free time").clone();
    let response = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[
                ("start", &start),
                ("name", "An Peeters"),
                ("email", email),
                ("phone", "03 123 45 67"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    (token_from(response.location()), start)
}

async fn mails(app: &TestApp, kind: &str) -> Vec<outbox_mail::Model> {
    outbox_mail::Entity::find()
        .filter(outbox_mail::Column::Kind.eq(kind))
        .order_by_asc(outbox_mail::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn a_resident_books_through_the_pages_and_gets_a_confirmation(app: TestApp) {
    let list = app.get("/afspraak").await;
    assert!(list.body.contains("href=\"/afspraak/identiteitskaart\""));
    let times = app.get("/afspraak/identiteitskaart").await;
    assert_eq!(times.status, StatusCode::OK);
    assert!(times.body.contains("<fieldset class=\"day\">"));
    let offered = offered_times(&times.body);
    // Monday 23 November, 10:00: with two hours' notice, 12:00 is the first time today.
    assert_eq!(
        offered.first().map(String::as_str),
        Some("2026-11-23T11:00:00+00:00"),
        "{offered:?}"
    );

    let form = app
        .get(&format!(
            "/afspraak/identiteitskaart/gegevens?start={}",
            loket::web::url_encode(&offered[0])
        ))
        .await;
    assert!(
        form.body.contains("maandag 23 november 2026 om 12:00"),
        "{}",
        form.body
    );

    let (token, _) = book_first_time(&app, "an@lier.test").await;
    let page = app.get(&format!("/afspraak/beheer/{token}?nieuw=1")).await;
    assert_eq!(page.status, StatusCode::OK);
    let stored = appointment::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(page.body.contains(&stored.reference));
    assert!(page.body.contains("<svg"), "QR code");
    assert!(
        page.body.contains("Je huidige identiteitskaart"),
        "what to bring"
    );
    assert!(
        page.body
            .contains(&format!("/afspraak/beheer/{token}/agenda.ics"))
    );
    assert_eq!(stored.booked_lead_days, 0);
    assert_eq!(stored.first_free_lead_days, Some(0));

    let confirmation = mails(&app, "appointment_confirmed").await;
    assert_eq!(confirmation.len(), 1);
    assert_eq!(confirmation[0].recipient, "an@lier.test");
    assert!(
        confirmation[0].body_text.contains(&token),
        "manage link in the mail"
    );
    let ics = &confirmation[0].attachments.0[0].content;
    assert!(ics.contains("METHOD:REQUEST") && ics.contains(&stored.reference));

    let ics_file = app
        .get(&format!("/afspraak/beheer/{token}/agenda.ics"))
        .await;
    assert!(ics_file.header("content-type").starts_with("text/calendar"));
    assert!(ics_file.body.contains("BEGIN:VEVENT"));
    assert_eq!(
        app.get("/afspraak/beheer/0123").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn invalid_details_keep_what_was_typed(app: TestApp) {
    let start = offered_times(&app.get("/afspraak/identiteitskaart").await.body)[0].clone();
    let response = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[
                ("start", &start),
                ("name", "  "),
                ("email", "an@"),
                ("phone", "bel me"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Vul je naam in."));
    assert!(response.body.contains("Vul een geldig e-mailadres in"));
    assert!(response.body.contains("Vul een geldig telefoonnummer in"));
    assert!(response.body.contains("value=\"an@\""));
    assert!(response.body.contains("value=\"bel me\""));
    assert!(response.body.contains("aria-invalid=\"true\""));
    assert_eq!(appointment::Entity::find().count(&app.db).await.unwrap(), 0);
}

async fn a_time_taken_meanwhile_answers_409_and_keeps_the_form(app: TestApp) {
    let product = eid(&app).await;
    let start: chrono::DateTime<chrono::Utc> = "2026-11-24T08:00:00Z".parse().unwrap();
    // Fill every desk at that time.
    let mut i = 0;
    while crate::booking::try_book(&app, &product, start, &format!("vol{i}@lier.test"))
        .await
        .is_ok()
    {
        i += 1;
    }
    assert!(i >= 1);
    let response = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[
                ("start", &start.to_rfc3339()),
                ("name", "Bert"),
                ("email", "bert@lier.test"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::CONFLICT);
    assert!(
        response
            .body
            .contains("Dit uur is net door iemand anders genomen.")
    );
    assert!(
        response.body.contains("value=\"Bert\"")
            && response.body.contains("value=\"bert@lier.test\"")
    );
}

async fn one_future_appointment_per_product_and_address(app: TestApp) {
    book_first_time(&app, "twee@lier.test").await;
    let times = offered_times(&app.get("/afspraak/identiteitskaart").await.body);
    let response = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[
                ("start", times.last().unwrap()),
                ("name", "An"),
                ("email", "TWEE@lier.test"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .body
            .contains("Je hebt al een afspraak voor dit product.")
    );
}

async fn moving_frees_the_old_time_and_mails_a_new_calendar_file(app: TestApp) {
    let (token, old_start) = book_first_time(&app, "verzet@lier.test").await;
    let page = app
        .get(&format!(
            "/afspraak/beheer/{token}/verplaatsen?vanaf=2026-11-25"
        ))
        .await;
    let new_start = offered_times(&page.body)[0].clone();
    assert_eq!(new_start, "2026-11-25T07:30:00+00:00");
    let moved = app
        .post_form(
            &format!("/afspraak/beheer/{token}/verplaatsen"),
            &[("start", &new_start)],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let stored = appointment::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.start_at.to_rfc3339(), new_start);
    assert_eq!(stored.sequence, 1);
    let mail = mails(&app, "appointment_moved").await;
    assert_eq!(mail.len(), 1);
    let ics = &mail[0].attachments.0[0].content;
    assert!(ics.contains("SEQUENCE:1"), "{ics}");
    // The old time is free again.
    let slots = app
        .get("/api/v1/products/identiteitskaart/slots?from=2026-11-23&to=2026-11-23")
        .await
        .json();
    let starts: Vec<String> = slots["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .collect();
    let old_local = chrono::DateTime::parse_from_rfc3339(&old_start)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .to_rfc3339();
    assert!(starts.contains(&old_local), "{old_local} not in {starts:?}");
}

async fn cancelling_mails_a_calendar_cancellation(app: TestApp) {
    let (token, _) = book_first_time(&app, "weg@lier.test").await;
    let response = app
        .post_form(&format!("/afspraak/beheer/{token}/annuleren"), &[])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let stored = appointment::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, "cancelled");
    let mail = mails(&app, "appointment_cancelled").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].attachments.0[0].content.contains("METHOD:CANCEL"));
    let page = app.get(&format!("/afspraak/beheer/{token}")).await;
    assert!(page.body.contains("Je afspraak is geannuleerd"));
    assert!(
        !page.body.contains("/annuleren\""),
        "no cancel button any more"
    );
    // A second cancel changes nothing and sends nothing.
    app.post_form(&format!("/afspraak/beheer/{token}/annuleren"), &[])
        .await;
    assert_eq!(mails(&app, "appointment_cancelled").await.len(), 1);
}

async fn a_freed_earlier_time_is_offered_to_the_waiting_list(app: TestApp) {
    // A holds a late time and asks to be mailed about an earlier one.
    let late = offered_times(
        &app.get("/afspraak/identiteitskaart?vanaf=2026-12-07")
            .await
            .body,
    )[0]
    .clone();
    let a = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[("start", &late), ("name", "A"), ("email", "a@lier.test")],
        )
        .await;
    let a_token = token_from(a.location());
    app.post_form(&format!("/afspraak/beheer/{a_token}/wachtlijst"), &[])
        .await;
    assert!(
        app.get(&format!("/afspraak/beheer/{a_token}"))
            .await
            .body
            .contains("We mailen je als er een vroeger uur vrijkomt.")
    );
    // B holds an earlier time and cancels it.
    let (b_token, early) = book_first_time(&app, "b@lier.test").await;
    app.post_form(&format!("/afspraak/beheer/{b_token}/annuleren"), &[])
        .await;
    let offers = mails(&app, "appointment_earlier_time").await;
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].recipient, "a@lier.test");
    let take = offers[0]
        .body_text
        .split_whitespace()
        .find(|w| w.contains("/afspraak/vrij/"))
        .expect("take link")
        .trim_start_matches("http://localhost")
        .to_owned();
    let offer_page = app.get(&take).await;
    assert_eq!(offer_page.status, StatusCode::OK);
    let path = take.split('?').next().unwrap();
    let taken = app.post_form(path, &[("start", &early)]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let moved = appointment::Entity::find()
        .filter(appointment::Column::Email.eq("a@lier.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.start_at.to_rfc3339(), early);
    // Taking it twice is refused: the offer is gone.
    assert_eq!(
        app.post_form(path, &[("start", &early)]).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_api_lists_free_times_books_and_cancels(app: TestApp) {
    let slots = app
        .get("/api/v1/products/identiteitskaart/slots?from=2026-11-30&to=2026-11-30")
        .await
        .json();
    assert_eq!(slots["product"], "identiteitskaart");
    let first = &slots["slots"][0];
    assert_eq!(first["start"], "2026-11-30T08:30:00+01:00");
    assert!(first["free"].as_u64().unwrap() >= 1);
    let summer = app
        .get("/api/v1/products/identiteitskaart/slots?from=2027-01-18&to=2027-01-18")
        .await
        .json();
    assert!(
        summer["slots"][0]["start"]
            .as_str()
            .unwrap()
            .ends_with("+01:00")
    );

    let body = serde_json::json!({"product": "identiteitskaart", "start": first["start"], "name": "Api", "email": "api@lier.test", "language": "en"});
    let created = app.post_json("/api/v1/appointments", &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let json = created.json();
    assert_eq!(json["product"], "identiteitskaart");
    assert_eq!(json["cluster"], "burgerzaken");
    assert_eq!(json["start"], "2026-11-30T08:30:00+01:00");
    let manage = json["manage_url"].as_str().unwrap();
    assert!(manage.starts_with("http://localhost/afspraak/beheer/"));
    let english = mails(&app, "appointment_confirmed").await;
    assert!(!english[0].subject.is_empty());

    // Fill the time, then one more is a conflict.
    let mut i = 0;
    loop {
        let more = serde_json::json!({"product": "identiteitskaart", "start": first["start"], "name": "X", "email": format!("x{i}@lier.test")});
        let answer = app.post_json("/api/v1/appointments", &more).await;
        i += 1;
        if answer.status == StatusCode::CONFLICT {
            assert_eq!(answer.header("content-type"), "application/problem+json");
            break;
        }
        assert_eq!(answer.status, StatusCode::CREATED);
        assert!(i < 10);
    }
    let token = manage.rsplit('/').next().unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/appointments/{token}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&format!("/api/v1/appointments/{token}"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.delete("/api/v1/appointments/nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/products/geen-product/slots").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_api_explains_each_invalid_field(app: TestApp) {
    let bad = serde_json::json!({"product": "identiteitskaart", "start": "gisteren", "name": "", "email": "geen-adres"});
    let answer = app.post_json("/api/v1/appointments", &bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.header("content-type"), "application/problem+json");
    let params = answer.json()["invalid-params"].as_array().unwrap().clone();
    let names: Vec<&str> = params.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["email", "name", "start"]);
    assert!(
        params
            .iter()
            .all(|p| !p["reason"].as_str().unwrap().is_empty())
    );

    for (start, reason) in [
        (
            "2026-11-23T07:00:00+01:00",
            "Dit uur is voorbij of te snel.",
        ),
        ("2026-11-29T10:00:00+01:00", "Op die dag zijn we gesloten."),
        (
            "2027-06-01T10:00:00+02:00",
            "Zo ver vooruit kan je nog geen afspraak maken.",
        ),
        (
            "2026-11-30T10:05:00+01:00",
            "Op dit uur kan je geen afspraak maken.",
        ),
    ] {
        let body = serde_json::json!({"product": "identiteitskaart", "start": start, "name": "N", "email": "n@lier.test"});
        let answer = app.post_json("/api/v1/appointments", &body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{start}");
        let reason_given = answer.json()["invalid-params"][0]["reason"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(reason_given.starts_with(reason), "{start}: {reason_given}");
    }
    let broken = app.post_raw_json("/api/v1/appointments", "{not json").await;
    assert!(broken.status.is_client_error());
    assert_eq!(broken.header("content-type"), "application/problem+json");
}

async fn reminders_go_out_once_the_day_before(app: TestApp) {
    use loket::appointments::jobs::queue_reminders;
    let (token, _) = book_first_time(&app, "morgen@lier.test").await;
    let other = offered_times(
        &app.get("/afspraak/identiteitskaart?vanaf=2026-12-01")
            .await
            .body,
    )[0]
    .clone();
    let second = app
        .post_form(
            "/afspraak/identiteitskaart/gegevens",
            &[
                ("start", &other),
                ("name", "B"),
                ("email", "later@lier.test"),
            ],
        )
        .await;
    let second_token = token_from(second.location());
    app.post_form(&format!("/afspraak/beheer/{second_token}/annuleren"), &[])
        .await;
    // The first is today at 12:00, within 24 hours: one reminder, then none again.
    assert_eq!(queue_reminders(&app.state).await.unwrap(), 1);
    assert_eq!(queue_reminders(&app.state).await.unwrap(), 0);
    let reminders = mails(&app, "appointment_reminder").await;
    assert_eq!(reminders.len(), 1);
    assert!(reminders[0].body_text.contains(&token));
    // The cancelled one never gets one, even on its day.
    app.clock.set("2026-12-01T06:00:00Z".parse().unwrap());
    assert_eq!(queue_reminders(&app.state).await.unwrap(), 0);
}

async fn staff_see_the_agenda_book_for_residents_and_mark_no_shows(app: TestApp) {
    assert_eq!(app.get("/balie/agenda").await.status, StatusCode::SEE_OTHER);
    book_first_time(&app, "balie@lier.test").await;
    app.sign_in_as("frontoffice").await;
    let agenda = app
        .get("/balie/agenda?dienst=burgerzaken&dag=2026-11-23")
        .await;
    assert_eq!(agenda.status, StatusCode::OK);
    assert!(agenda.body.contains("balie@lier.test"));
    assert!(agenda.body.contains("12:00"));

    let form = app
        .get("/balie/agenda/nieuw?dienst=burgerzaken&dag=2026-11-24&product=identiteitskaart")
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let start = form
        .body
        .split("<option value=\"2026-11-24T")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let start = format!("2026-11-24T{}", start.replace("&#43;", "+"));
    let booked = app
        .post_form(
            "/balie/agenda/nieuw",
            &[
                ("dienst", "burgerzaken"),
                ("dag", "2026-11-24"),
                ("product", "identiteitskaart"),
                ("start", &start),
                ("name", "Aan de balie"),
                ("email", "telefoon@lier.test"),
            ],
        )
        .await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
    let by_staff = appointment::Entity::find()
        .filter(appointment::Column::Source.eq("staff"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_staff.name, "Aan de balie");

    // No-show only once the appointment has started.
    let first = appointment::Entity::find()
        .filter(appointment::Column::Email.eq("balie@lier.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/balie/agenda/{}/niet-gekomen", first.id);
    app.post_form(&path, &[("dienst", "burgerzaken"), ("dag", "2026-11-23")])
        .await;
    assert_eq!(
        appointment::Entity::find_by_id(first.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .status,
        "booked"
    );
    app.clock.set("2026-11-23T11:15:00Z".parse().unwrap());
    app.post_form(&path, &[("dienst", "burgerzaken"), ("dag", "2026-11-23")])
        .await;
    assert_eq!(
        appointment::Entity::find_by_id(first.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .status,
        "no_show"
    );
}

async fn the_first_free_time_is_recorded_once_a_working_day(app: TestApp) {
    use loket::{appointments::jobs::snapshot_lead_times, entities::lead_time_snapshot};
    let recorded = snapshot_lead_times(&app.state).await.unwrap();
    assert!(recorded >= 10, "{recorded}");
    assert_eq!(
        snapshot_lead_times(&app.state).await.unwrap(),
        0,
        "once a day"
    );
    let eid = eid(&app).await;
    let row = lead_time_snapshot::Entity::find()
        .filter(lead_time_snapshot::Column::ProductId.eq(eid.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.lead_days, Some(0), "free today at 12:00");
    // Sunday: no snapshot.
    app.clock.set("2026-11-29T09:00:00Z".parse().unwrap());
    assert_eq!(snapshot_lead_times(&app.state).await.unwrap(), 0);
}
