//! The meeting-outcomes store contract on both backends: the demo record, a record written part
//! by part, follow-ups at their sequence, notes in order, audit lines, counters, change-log
//! entries written once and filtered by country, and deletes that cascade.

use app::domain::Country;
use app::domain::changes::ChangeKind;
use app::domain::outcomes::{
    AgreementInput, CommitmentInput, CommitmentStatus, EventRef, NoteInput, Party, RecordInput,
    RecordStatus, demo::QUERETARO_2010,
};
use app::ssr::{AuditActor, Conflict, FollowUp, StoreError};
use app::usecase::outcomes::{record_changes, status_changes};
use chrono::{NaiveDate, Utc};

use crate::helpers::{Backend, Spawn, TestApp, input};

crate::on_both_backends!(
    the_demo_record_is_loaded_once_with_its_agreements,
    a_record_is_written_followed_up_and_deleted,
);

fn by() -> AuditActor {
    AuditActor {
        account_id: None,
        email: "sec@test.org".into(),
    }
}

async fn the_demo_record_is_loaded_once_with_its_agreements(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let meeting = app.store.event_by_slug(QUERETARO_2010).await.unwrap();
    let stored = app.store.record(meeting.id).await.unwrap().unwrap();
    assert_eq!(stored.record.status, RecordStatus::Final);
    assert_eq!(stored.record.agreements.len(), 8);
    assert_eq!(stored.record.commitments().count(), 6);
    assert_eq!(
        stored.record.agreements[2].events.len(),
        3,
        "agreement 3 names three events"
    );
    let expected = app::domain::outcomes::demo_record()
        .validate(
            &EventRef::of(&meeting),
            &app.store
                .list_events(app::ssr::EventQuery::All)
                .await
                .unwrap()
                .iter()
                .map(EventRef::of)
                .collect::<Vec<_>>(),
        )
        .unwrap();
    assert_eq!(stored.record, expected, "the record round-trips");
    let rows = app.store.commitments(false).await.unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.meeting.uid == meeting.uid));
    assert!(rows.iter().all(|r| r.meeting.hosts == vec![Country::MX]));
    let told = app.store.changes(Some(Country::MX), 50).await.unwrap();
    assert!(
        told.iter()
            .any(|c| c.change.key == format!("record-published:{}", meeting.id)),
        "{told:?}"
    );
    // A restart with demo data writes nothing again: neither the record nor any change entry
    // (the demo events' own entries included).
    let all_told = app.store.changes(None, 500).await.unwrap();
    let db = app.stop().await;
    let app = TestApp::spawn_on(db, Spawn { demo: true }).await;
    assert_eq!(app.store.commitments(false).await.unwrap().len(), 6);
    assert_eq!(app.store.changes(None, 500).await.unwrap(), all_told);
    assert_eq!(
        app.store.changes(Some(Country::MX), 50).await.unwrap(),
        told
    );
}

async fn a_record_is_written_followed_up_and_deleted(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let mut raw = input("GT", "2030-03-04", "2030-03-05");
    raw.cohosts = vec!["SV".into()];
    let event = app.insert("reunion-2030", &raw.validate().unwrap()).await;
    let meeting = EventRef::of(&event);
    let now = Utc::now();
    let outcomes_0 = app.store.outcomes_version().await.unwrap();
    let changes_0 = app.store.changes_version().await.unwrap();

    // The header, as a draft; creating it twice is a conflict.
    let header = RecordInput {
        title_es: "Informe".into(),
        title_en: "Report".into(),
        place: "Antigua".into(),
        status: "draft".into(),
        delegations: vec!["MX".into(), "GT".into()],
        ..RecordInput::default()
    }
    .validate(&meeting, &[])
    .unwrap();
    let saved = app
        .store
        .save_record_header(&header, None, &[], &by(), now)
        .await
        .unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(saved.record.delegations, vec![Country::GT, Country::MX]);
    let again = app
        .store
        .save_record_header(&header, None, &[], &by(), now)
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");

    // An agreement with three commitments, one of all delegations.
    let ctx = app::domain::outcomes::RecordContext {
        meeting: &meeting,
        events: &[],
        delegations: &saved.record.delegations,
    };
    let agreement = AgreementInput {
        number: "1".into(),
        text_es: "Acordar".into(),
        text_en: "To agree".into(),
        ..AgreementInput::default()
    }
    .validate(&ctx)
    .unwrap();
    app.store
        .save_agreement(event.id, None, &agreement, 1, &by(), now)
        .await
        .unwrap();
    let stale = app
        .store
        .save_agreement(event.id, None, &agreement, 1, &by(), now)
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    let commitment = |parties: &[&str], due: &str| {
        CommitmentInput {
            parties: parties.iter().map(|p| (*p).to_owned()).collect(),
            action_es: "Hacer".into(),
            action_en: "Do".into(),
            due_kind: if due.is_empty() { "" } else { "on" }.into(),
            due_date: due.into(),
            ..CommitmentInput::default()
        }
        .validate(&ctx)
        .unwrap()
    };
    let mx = app
        .store
        .add_commitment(event.id, 1, &commitment(&["MX"], "2030-06-30"), &by(), now)
        .await
        .unwrap();
    let all = app
        .store
        .add_commitment(event.id, 1, &commitment(&["ALL"], ""), &by(), now)
        .await
        .unwrap();
    let iom = app
        .store
        .add_commitment(event.id, 1, &commitment(&["IOM"], ""), &by(), now)
        .await
        .unwrap();
    assert!(mx.uid.ends_with("@enlace") && mx.uid != all.uid);
    let stored = app.store.record(event.id).await.unwrap().unwrap();
    assert_eq!(stored.version, 2, "the agreement bumped the record");
    assert_eq!(stored.meta[0].len(), 3);
    assert_eq!(stored.meta[0][1].id, all.id, "in the order added");
    let all_row = app.store.commitment(all.id).await.unwrap();
    assert_eq!(all_row.commitment.members.len(), 2);
    assert_eq!(all_row.meeting.hosts, vec![Country::GT, Country::SV]);
    assert!(
        app.store.commitments(false).await.unwrap().is_empty(),
        "a draft's commitments are listed only with drafts"
    );
    assert_eq!(app.store.commitments(true).await.unwrap().len(), 3);

    // Mexico marks its commitment done (whole); the same sequence again is stale.
    let row = app.store.commitment(mx.id).await.unwrap();
    let mut done = row.commitment.clone();
    done.move_to(CommitmentStatus::Done).unwrap();
    let told = status_changes(&row, &done, 1);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].key, format!("commitment-status:{}:1", mx.id));
    let update = |note| FollowUp {
        id: mx.id,
        expected_sequence: 0,
        commitment: &done,
        note,
        changes: &told,
    };
    let meta = app.store.follow_up(update(None), &by(), now).await.unwrap();
    assert_eq!(meta.sequence, 1);
    let stale = app.store.follow_up(update(None), &by(), now).await;
    assert!(
        matches!(stale, Err(StoreError::Conflict(Conflict::StaleVersion))),
        "{stale:?}"
    );
    assert_eq!(
        app.store.commitment(mx.id).await.unwrap().commitment.status,
        CommitmentStatus::Done
    );

    // Guatemala's entry of all delegations moves, with notes kept in date order.
    let mut moved = all_row.commitment.clone();
    moved
        .move_member(Country::GT, CommitmentStatus::InProgress)
        .unwrap();
    let day = |d: u32| NaiveDate::from_ymd_opt(2030, 4, d).unwrap();
    let note = |d, text: &str| {
        NoteInput {
            text_es: text.into(),
            text_en: String::new(),
        }
        .validate(day(d), Party::Member(Country::GT))
        .unwrap()
    };
    let later = note(20, "segunda");
    let earlier = note(10, "primera");
    let member_told = status_changes(&all_row, &moved, 1);
    assert_eq!(member_told[0].countries, vec![Country::GT]);
    for (seq, n, changes) in [(0, &later, &member_told[..]), (1, &earlier, &[][..])] {
        app.store
            .follow_up(
                FollowUp {
                    id: all.id,
                    expected_sequence: seq,
                    commitment: &moved,
                    note: Some(n),
                    changes,
                },
                &by(),
                now,
            )
            .await
            .unwrap();
    }
    let all_now = app.store.commitment(all.id).await.unwrap();
    assert_eq!(all_now.meta.sequence, 2);
    assert_eq!(all_now.commitment.status, CommitmentStatus::InProgress);
    assert_eq!(
        all_now.commitment.members[&Country::GT],
        CommitmentStatus::InProgress
    );
    assert_eq!(
        all_now.commitment.members[&Country::MX],
        CommitmentStatus::Pending
    );
    let texts: Vec<&str> = all_now
        .commitment
        .notes
        .iter()
        .map(|n| n.text.es.as_str())
        .collect();
    assert_eq!(texts, ["primera", "segunda"], "notes by day");

    // Made final: told once, even when told again.
    let mut final_header = header.clone();
    final_header.status = RecordStatus::Final;
    let told_final = record_changes(&event, Some(RecordStatus::Draft), &final_header);
    assert_eq!(told_final[0].kind, ChangeKind::RecordFinal);
    assert_eq!(told_final[0].key, format!("record-final:{}", event.id));
    let saved = app
        .store
        .save_record_header(&final_header, Some(2), &told_final, &by(), now)
        .await
        .unwrap();
    assert_eq!(saved.version, 3);
    assert_eq!(
        saved.record.agreements.len(),
        1,
        "the header keeps agreements"
    );
    assert!(!app.store.add_change(&told_final[0], now).await.unwrap());
    let stale = app
        .store
        .save_record_header(&final_header, Some(2), &[], &by(), now)
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert_eq!(app.store.commitments(false).await.unwrap().len(), 3);

    let entries = app.store.changes(None, 100).await.unwrap();
    for key in [
        told_final[0].key.clone(),
        told[0].key.clone(),
        member_told[0].key.clone(),
    ] {
        assert_eq!(
            entries.iter().filter(|e| e.change.key == key).count(),
            1,
            "{key} once in {entries:?}"
        );
    }
    let mexico = app.store.changes(Some(Country::MX), 100).await.unwrap();
    assert!(mexico.iter().any(|e| e.change.key == told[0].key));
    assert!(!mexico.iter().any(|e| e.change.key == member_told[0].key));
    assert!(!mexico.iter().any(|e| e.change.key == told_final[0].key));
    let guatemala = app.store.changes(Some(Country::GT), 100).await.unwrap();
    assert!(guatemala.iter().any(|e| e.change.key == told_final[0].key));
    assert!(guatemala.iter().any(|e| e.change.key == member_told[0].key));
    assert!(app.store.changes_version().await.unwrap() >= changes_0 + 3);
    assert!(app.store.outcomes_version().await.unwrap() >= outcomes_0 + 9);

    // The audit log has a line of each kind of write.
    let actions: Vec<String> = app
        .store
        .audit_log(event.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in [
        "record_created",
        "record_saved",
        "agreement_saved",
        "commitment_added",
        "commitment_followed_up",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }

    // Deleting a commitment needs its sequence; deleting the agreement takes the rest.
    let stale = app.store.delete_commitment(iom.id, 5, &by(), now).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    app.store
        .delete_commitment(iom.id, 0, &by(), now)
        .await
        .unwrap();
    assert!(matches!(
        app.store.commitment(iom.id).await,
        Err(StoreError::NotFound)
    ));
    app.store
        .delete_agreement(event.id, 1, 3, &by(), now)
        .await
        .unwrap();
    assert!(matches!(
        app.store.commitment(all.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(app.store.commitments(true).await.unwrap().is_empty());
    let stored = app.store.record(event.id).await.unwrap().unwrap();
    assert!(stored.record.agreements.is_empty());
    assert_eq!(stored.version, 4);
}
