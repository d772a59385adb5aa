//! The store contract and the demo data, through the real binary's start-up.

use app::ssr::EventQuery;

use crate::helpers::{Backend, Spawn, TestApp, input};

crate::on_both_backends!(
    demo_data_is_loaded_once_and_never_again,
    demo_data_can_be_turned_off,
    slugs_are_unique,
    events_round_trip_through_the_store,
    conflict_acknowledgements_are_replaced_listed_and_withdrawn,
);

async fn demo_data_is_loaded_once_and_never_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(app.store.count_events().await.unwrap(), 5);
    app.insert(
        "extra",
        &input("CR", "2030-01-10", "2030-01-11").validate().unwrap(),
    )
    .await;
    let db = app.stop().await;

    let app = TestApp::spawn_on(db, Spawn { demo: true }).await;
    assert_eq!(
        app.store.count_events().await.unwrap(),
        6,
        "restart must not reload or duplicate demo data"
    );
}

async fn demo_data_can_be_turned_off(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    assert_eq!(app.store.count_events().await.unwrap(), 0);
    let (status, body) = app.page("/", "en").await;
    assert_eq!(status, 200);
    assert!(body.contains("No events yet."), "{body}");
}

async fn slugs_are_unique(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let details = input("PA", "2030-02-01", "2030-02-01").validate().unwrap();
    app.insert("same", &details).await;
    let again = app
        .store
        .create_event("same", "other-uid", &details, chrono::Utc::now())
        .await;
    assert!(
        matches!(
            again,
            Err(app::ssr::StoreError::Conflict(
                app::ssr::Conflict::SlugTaken
            ))
        ),
        "{again:?}"
    );
    assert_eq!(app.store.count_events().await.unwrap(), 1);
}

async fn events_round_trip_through_the_store(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let mut raw = input("US", "2024-11-03", "2024-11-04");
    raw.cohosts = vec!["CA".into(), "MX".into()];
    raw.start_time = "09:00".into();
    raw.end_time = "17:30".into();
    raw.tz = "America/Chicago".into();
    raw.venue = "Sede \"A\"; sala 2, piso 3".into();
    raw.description_es = "Línea 1\nLínea 2 — ñ".into();
    raw.capacity = "40".into();
    let details = raw.validate().unwrap();
    let created = app.insert("round-trip", &details).await;
    assert_eq!(created.details, details);
    assert_eq!(created.revision, 0);
    let loaded = app.store.event_by_slug("round-trip").await.unwrap();
    assert_eq!(loaded, created);

    let month = app
        .store
        .list_events(EventQuery::Days {
            first: chrono::NaiveDate::from_ymd_opt(2024, 11, 4).unwrap(),
            last: chrono::NaiveDate::from_ymd_opt(2024, 11, 30).unwrap(),
        })
        .await
        .unwrap();
    assert_eq!(
        month.len(),
        1,
        "an event touching the range's first day is listed"
    );
    let none = app
        .store
        .list_events(EventQuery::Days {
            first: chrono::NaiveDate::from_ymd_opt(2024, 11, 5).unwrap(),
            last: chrono::NaiveDate::from_ymd_opt(2024, 11, 30).unwrap(),
        })
        .await
        .unwrap();
    assert!(none.is_empty());
    assert!(matches!(
        app.store.event_by_slug("nope").await,
        Err(app::ssr::StoreError::NotFound)
    ));
}

async fn conflict_acknowledgements_are_replaced_listed_and_withdrawn(backend: Backend) {
    use app::ssr::{AuditActor, StoreError};
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let by = AuditActor {
        account_id: None,
        email: "sec@test.org".into(),
    };
    let at = chrono::DateTime::from_timestamp(1_291_420_800, 0).unwrap();
    assert!(app.store.conflict_acks().await.unwrap().is_empty());
    app.store
        .acknowledge_conflict("travel-gap:a:b", "A | B | low", "Visto", &by, at)
        .await
        .unwrap();
    app.store
        .acknowledge_conflict("overlap:a:c", "A | C | medium", "Aceptado", &by, at)
        .await
        .unwrap();
    // Acknowledged again: replaced, not duplicated.
    let later = at + chrono::Duration::days(1);
    app.store
        .acknowledge_conflict(
            "travel-gap:a:b",
            "A2 | B | low",
            "Visto otra vez",
            &by,
            later,
        )
        .await
        .unwrap();
    let acks = app.store.conflict_acks().await.unwrap();
    assert_eq!(acks.len(), 2);
    let gap = acks.iter().find(|a| a.key == "travel-gap:a:b").unwrap();
    assert_eq!(
        (
            gap.substance.as_str(),
            gap.note.as_str(),
            gap.by.as_str(),
            gap.at
        ),
        ("A2 | B | low", "Visto otra vez", "sec@test.org", later)
    );
    app.store
        .unacknowledge_conflict("overlap:a:c")
        .await
        .unwrap();
    assert!(matches!(
        app.store.unacknowledge_conflict("overlap:a:c").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(app.store.conflict_acks().await.unwrap().len(), 1);
}
