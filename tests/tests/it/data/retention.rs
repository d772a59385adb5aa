//! The retention pass: the server erases, at start, the registrations of events that ended longer
//! ago than the retention period (a month-only one too) and keeps counts per delegation, shown on
//! the hosts' pages and exports; three "instances" at once erase and count each registration once.

use std::time::Duration;

use app::domain::access::Role;
use app::domain::registration::{Delegation, RegistrationStatus};
use app::domain::{Country, EventInput, Lang};
use app::ssr::tokens::{feed_token, token_hash};
use app::usecase::personal_data::retention_pass;

use super::{audit_text, counts_line, in_process_deps, status_of, store_register, stored_event};
use crate::helpers::{Backend, Spawn, TestApp, input};
use crate::on_both_backends;
use crate::people::{Person, account};

async fn retention_erases_old_personal_data_and_keeps_counts(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let old = stored_event(
        &app,
        "viejo-2020",
        input("GT", "2020-03-02", "2020-03-04"),
        Some(2),
    )
    .await;
    let tentative = EventInput {
        month: "2020-05".into(),
        start_date: String::new(),
        end_date: String::new(),
        ..input("MX", "", "")
    };
    let month_only = stored_event(&app, "mayo-2020", tentative, None).await;
    let today = chrono::Utc::now().date_naive();
    let days = |n: u64| (today - chrono::Days::new(n)).to_string();
    let recent = stored_event(&app, "reciente", input("GT", &days(5), &days(3)), None).await;
    let ana = store_register(&app, &old, "Ana Alvarado", Delegation::Country(Country::GT)).await;
    let beto = store_register(&app, &old, "Beto Barrios", Delegation::Country(Country::GT)).await;
    store_register(
        &app,
        &old,
        "Carla Cienfuegos",
        Delegation::Country(Country::SV),
    )
    .await;
    store_register(
        &app,
        &old,
        "Dora Dubon",
        Delegation::Other("Red Niñez Libre".into()),
    )
    .await;
    // Beto cancels: Carla moves up; Dora still waits.
    let beto_id = app
        .store
        .registration_by_token(&token_hash(&beto))
        .await
        .unwrap()
        .registration
        .id;
    app.store
        .cancel_registration(beto_id, chrono::Utc::now(), &app::ssr::outbox::no_letters)
        .await
        .unwrap();
    store_register(
        &app,
        &month_only,
        "Eva Espinoza",
        Delegation::Country(Country::MX),
    )
    .await;
    let fabi = store_register(
        &app,
        &recent,
        "Fabiola Fuentes",
        Delegation::Country(Country::GT),
    )
    .await;
    let ana_feed = format!("/feeds/{}.ics", feed_token(&ana, 0));
    assert_eq!(
        status_of(&app, &ana_feed).await,
        200,
        "the feed works before"
    );

    // The server erases at start: restart it (default retention, 180 days) and wait.
    let db = app.stop().await;
    let app = TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[("ENLACE_FEED_MONTHS_BACK", "240")],
    )
    .await;
    // The pass erases event by event: wait until both old events are marked.
    let mut marked = (false, false);
    for _ in 0..150 {
        let old_kept = app.store.kept_of_event(old.id).await.unwrap();
        let month_kept = app.store.kept_of_event(month_only.id).await.unwrap();
        marked = (
            old_kept.retention_erased_at.is_some(),
            month_kept.retention_erased_at.is_some(),
        );
        if marked == (true, true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(marked.0, "the retention pass at start erased the old event");
    assert!(marked.1, "a tentative event of May 2020 is long over too");
    for event in [&old, &month_only] {
        assert!(
            app.store
                .registrations_for_event(event.id)
                .await
                .unwrap()
                .is_empty()
        );
    }
    let kept = app.store.registrations_for_event(recent.id).await.unwrap();
    assert_eq!(kept.len(), 1, "an event that ended days ago keeps its data");
    assert_eq!(kept[0].details.name, "Fabiola Fuentes");
    assert!(
        app.store
            .registration_by_token(&token_hash(&fabi))
            .await
            .is_ok()
    );
    assert_eq!(status_of(&app, &ana_feed).await, 404, "the feed stops");

    // What is kept: counts per delegation and status, and when.
    let kept = app.store.kept_of_event(old.id).await.unwrap();
    let erased_at = kept.retention_erased_at.expect("marked as erased");
    assert!((chrono::Utc::now() - erased_at).num_minutes() < 5);
    let count = |d: &str, s: RegistrationStatus| {
        kept.counts
            .iter()
            .find(|c| c.delegation == d && c.status == s)
            .map_or(0, |c| c.count)
    };
    assert_eq!(count("GT", RegistrationStatus::Confirmed), 1);
    assert_eq!(count("GT", RegistrationStatus::Cancelled), 1);
    assert_eq!(count("SV", RegistrationStatus::Confirmed), 1);
    assert_eq!(count("OTHER", RegistrationStatus::Waitlisted), 1);
    assert_eq!(kept.counts.len(), 4, "{:?}", kept.counts);

    // The hosts' page and exports say so and show the counts, and nobody's data.
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let day = erased_at.with_timezone(&old.details.tz).date_naive();
    let date = app::domain::format::date(Lang::En, day);
    let page = sec.get_text("/events/viejo-2020/participants").await;
    assert!(
        page.contains(&format!("was erased on {date} under the retention policy")),
        "{page}"
    );
    assert!(
        page.contains("Guatemala") && page.contains("Other organisations"),
        "{page}"
    );
    assert!(
        !page.contains("Alvarado") && !page.contains("@delegados.test"),
        "{page}"
    );
    let logistics = sec.get_text("/events/viejo-2020/logistics").await;
    assert!(
        logistics.contains(&format!("was erased on {date}")),
        "{logistics}"
    );
    let csv = sec
        .get("/events/viejo-2020/exports/participants.csv?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(counts_line(&csv, "Guatemala"), "Guatemala,1,0,1");
    assert_eq!(counts_line(&csv, "El Salvador"), "El Salvador,1,0,0");
    assert_eq!(
        counts_line(&csv, "Other organisations"),
        "Other organisations,0,1,0"
    );
    assert!(csv.contains(&format!("erased on {date}")), "{csv}");
    assert!(!csv.contains("Alvarado") && !csv.contains("Niñez"), "{csv}");
    let xlsx = sec
        .get("/events/viejo-2020/exports/logistics.xlsx?lang=es")
        .await;
    assert_eq!(xlsx.status().as_u16(), 200);

    // One audit line per event, counts only.
    let log = app.store.audit_log(old.id).await.unwrap();
    let erasures: Vec<_> = log
        .iter()
        .filter(|e| e.action == "erase-retention")
        .collect();
    assert_eq!(erasures.len(), 1, "{log:?}");
    assert_eq!(erasures[0].who, "retention-policy");
    assert_eq!(erasures[0].changes[0].field, "personal_data_erased");
    assert_eq!(erasures[0].changes[0].new, "4");
    let audit = audit_text(&app).await;
    for gone in [
        "Alvarado",
        "Barrios",
        "Cienfuegos",
        "Dubon",
        "Espinoza",
        "@delegados.test",
        "Niñez",
    ] {
        assert!(!audit.contains(gone), "{gone} in the audit log: {audit}");
    }

    // Three instances at once on another old event: each registration is erased and counted
    // once, with one audit line.
    let again = stored_event(
        &app,
        "viejo-2019",
        input("SV", "2019-06-10", "2019-06-11"),
        None,
    )
    .await;
    for n in 0..30 {
        let country = [Country::GT, Country::SV, Country::HN][n % 3];
        store_register(
            &app,
            &again,
            &format!("Persona {n}"),
            Delegation::Country(country),
        )
        .await;
    }
    let (a, b, c) = (
        in_process_deps(&app).await,
        in_process_deps(&app).await,
        in_process_deps(&app).await,
    );
    let now = chrono::Utc::now();
    let (ra, rb, rc) = tokio::join!(
        retention_pass(&a, 180, now),
        retention_pass(&b, 180, now),
        retention_pass(&c, 180, now)
    );
    let reports = [ra.unwrap(), rb.unwrap(), rc.unwrap()];
    assert_eq!(
        reports.iter().map(|r| r.registrations).sum::<u32>(),
        30,
        "{reports:?}"
    );
    assert_eq!(
        reports.iter().map(|r| r.events).sum::<u32>(),
        1,
        "{reports:?}"
    );
    let kept = app.store.kept_of_event(again.id).await.unwrap();
    assert_eq!(kept.counts.len(), 3, "{:?}", kept.counts);
    assert!(
        kept.counts
            .iter()
            .all(|c| c.count == 10 && c.status == RegistrationStatus::Confirmed)
    );
    let log = app.store.audit_log(again.id).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.action == "erase-retention").count(),
        1
    );
    // Nothing is left for a fourth run.
    assert_eq!(retention_pass(&a, 180, now).await.unwrap().registrations, 0);
}

on_both_backends!(retention_erases_old_personal_data_and_keeps_counts);
