//! The rights and checks of the outcome use cases, without a store: who follows up what, who
//! sees drafts, and the change-log entries told.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::Utc;

use super::*;
use crate::domain::access::Role;
use crate::domain::account::Account;
use crate::domain::lang::Localized;
use crate::domain::outcomes::{
    Commitment, CommitmentStatus, DuePoint, NoteInput, Party, RecordStatus, Share,
};
use crate::domain::{Country, EventDates};
use crate::ssr::{CommitmentMeta, CommitmentRow, MeetingRef};

fn account(role: Role) -> Account {
    Account {
        id: 1,
        email: "a@example.org".into(),
        name: "A".into(),
        role,
        disabled: false,
        has_password: true,
        created_at: Utc::now(),
    }
}

fn commitment(parties: &[Party]) -> Commitment {
    let members: BTreeMap<Country, CommitmentStatus> = if parties == [Party::AllDelegations] {
        [Country::MX, Country::GT]
            .into_iter()
            .map(|c| (c, CommitmentStatus::Pending))
            .collect()
    } else {
        BTreeMap::new()
    };
    Commitment {
        parties: parties.to_vec(),
        action: Localized::new("Hacer", "Do"),
        due: DuePoint::Unstated,
        status: CommitmentStatus::Pending,
        members,
        notes: Vec::new(),
    }
}

fn row(c: Commitment) -> CommitmentRow {
    CommitmentRow {
        meta: CommitmentMeta {
            id: 7,
            uid: "u@enlace".into(),
            sequence: 3,
            updated_at: Utc::now(),
        },
        meeting: MeetingRef {
            event_id: 1,
            slug: "m".into(),
            uid: "m@enlace".into(),
            event_title: Localized::new("Reunión", "Meeting"),
            title: Localized::new("Informe", "Report"),
            dates: EventDates::Month {
                year: 2030,
                month: 3,
            },
            status: RecordStatus::Final,
            hosts: vec![Country::GT],
        },
        agreement: 2,
        commitment: c,
        due_event_first_day: None,
    }
}

fn note(text: &str) -> NoteInput {
    NoteInput {
        text_es: text.into(),
        text_en: String::new(),
    }
}

#[test]
fn only_the_responsible_follow_up_and_others_are_forbidden() {
    let mexico = account(Role::Official(Country::MX));
    let guatemala = account(Role::Official(Country::GT));
    let secretariat = account(Role::Secretariat);
    let ours = commitment(&[Party::Member(Country::MX)]);
    let now = Utc::now();
    let plan = plan_follow_up(&mexico, &ours, "done", &NoteInput::default(), now).unwrap();
    assert_eq!(plan.share, Share::Whole);
    assert_eq!(plan.commitment.status, CommitmentStatus::Done);
    for other in [&guatemala, &secretariat] {
        let refused = plan_follow_up(other, &ours, "done", &NoteInput::default(), now);
        assert!(matches!(refused, Err(Refusal::Forbidden)), "{refused:?}");
    }
    let iom = commitment(&[Party::Iom]);
    assert!(plan_follow_up(&secretariat, &iom, "in_progress", &note("x"), now).is_ok());
    assert!(matches!(
        plan_follow_up(&mexico, &iom, "done", &note("x"), now),
        Err(Refusal::Forbidden)
    ));
    let mut disabled = mexico.clone();
    disabled.disabled = true;
    assert!(matches!(
        plan_follow_up(&disabled, &ours, "done", &note("x"), now),
        Err(Refusal::Forbidden)
    ));
    assert_eq!(follow_up_right(None, &ours), None);
    assert_eq!(follow_up_right(Some(&mexico), &ours), Some(Share::Whole));
}

#[test]
fn a_member_moves_only_its_own_entry_of_all_delegations() {
    let all = commitment(&[Party::AllDelegations]);
    let now = Utc::now();
    let guatemala = account(Role::Official(Country::GT));
    let plan = plan_follow_up(&guatemala, &all, "in_progress", &note("va"), now).unwrap();
    assert_eq!(plan.share, Share::Member(Country::GT));
    assert_eq!(
        plan.commitment.members[&Country::GT],
        CommitmentStatus::InProgress
    );
    assert_eq!(
        plan.commitment.members[&Country::MX],
        CommitmentStatus::Pending
    );
    assert_eq!(plan.note.unwrap().party, Party::Member(Country::GT));
    let told = status_changes(&row(all.clone()), &plan.commitment, 4);
    assert_eq!(told[0].key, "commitment-status:7:4");
    assert_eq!(told[0].countries, vec![Country::GT]);
    for lang in [&told[0].summary.es, &told[0].summary.en] {
        assert!(lang.contains("Guatemala"), "{lang}");
    }
    let secretariat = account(Role::Secretariat);
    assert!(matches!(
        plan_follow_up(&secretariat, &all, "done", &note("x"), now),
        Err(Refusal::Forbidden)
    ));
    let belize = account(Role::Official(Country::BZ));
    assert!(matches!(
        plan_follow_up(&belize, &all, "done", &note("x"), now),
        Err(Refusal::Forbidden)
    ));
}

#[test]
fn bad_follow_ups_are_invalid_at_their_field() {
    let mexico = account(Role::Official(Country::MX));
    let mut done = commitment(&[Party::Member(Country::MX)]);
    done.status = CommitmentStatus::Done;
    let now = Utc::now();
    for (status, text, field) in [
        ("pending", "", "status"),
        ("nonsense", "", "status"),
        ("", "", "status"),
        ("", "a\u{7}b", "note_es"),
    ] {
        match plan_follow_up(&mexico, &done, status, &note(text), now) {
            Err(Refusal::Invalid(errors)) => {
                assert!(errors.iter().any(|e| e.field == field), "{errors:?}");
                assert!(errors.iter().all(|e| !e.es.is_empty() && !e.en.is_empty()));
            }
            other => panic!("{status:?} {text:?}: {other:?}"),
        }
    }
    let reopened = plan_follow_up(&mexico, &done, "in_progress", &note(""), now).unwrap();
    assert_eq!(reopened.commitment.status, CommitmentStatus::InProgress);
    assert!(status_changes(&row(done.clone()), &done, 4).is_empty());
}

#[test]
fn drafts_are_seen_only_by_their_writers() {
    let hosts = [Country::GT, Country::SV];
    let sv = account(Role::Official(Country::SV));
    let mx = account(Role::Official(Country::MX));
    let sec = account(Role::Secretariat);
    assert!(may_see_record(None, RecordStatus::Final, &hosts));
    assert!(!may_see_record(None, RecordStatus::Draft, &hosts));
    assert!(!may_see_record(Some(&mx), RecordStatus::Draft, &hosts));
    assert!(may_see_record(Some(&sv), RecordStatus::Draft, &hosts));
    assert!(may_see_record(Some(&sec), RecordStatus::Draft, &hosts));
}

#[test]
fn problems_are_placed_at_their_fields() {
    use crate::domain::outcomes::{OutcomeErrors, OutcomeField, OutcomeProblem};
    let mut part = OutcomeErrors::default();
    part.push(OutcomeField::Parties, OutcomeProblem::NoParty);
    let mut errors = OutcomeErrors::default();
    errors.absorb_commitment(1, part.clone());
    let mut record = OutcomeErrors::default();
    record.absorb_agreement(2, errors);
    let flash = flash_errors(&record);
    assert_eq!(flash[0].field, "agreements[2].commitments[1].parties");
    assert_eq!(flash_errors(&part)[0].field, "parties");
    assert_ne!(flash[0].es, flash[0].en);
}
