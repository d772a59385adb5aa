//! The board's grouping, filters, overdue marks and counts.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::Country;
use crate::domain::outcomes::DuePoint;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn days(start: NaiveDate) -> EventDates {
    EventDates::Exact {
        start,
        end: start,
        times: None,
    }
}

fn meeting(slug: &str) -> MeetingLabel {
    MeetingLabel {
        slug: slug.into(),
        event_title: Localized::new("Reunión", "Meeting"),
        title: Localized::new("Informe", "Report"),
        dates: days(day(2026, 3, 10)),
        draft: false,
    }
}

fn view(id: i64, parties: &[Party], due: DuePoint, status: CommitmentStatus) -> CommitmentView {
    let all = parties == [Party::AllDelegations];
    let members: BTreeMap<Country, CommitmentStatus> = if all {
        [
            (Country::MX, CommitmentStatus::Done),
            (Country::GT, CommitmentStatus::Pending),
        ]
        .into()
    } else {
        BTreeMap::new()
    };
    let commitment = Commitment {
        parties: parties.to_vec(),
        action: Localized::new("Hacer", "Do"),
        due,
        status,
        members,
        notes: Vec::new(),
    };
    CommitmentView {
        id,
        sequence: 1,
        meeting: meeting(if id > 10 { "other" } else { "m" }),
        agreement: 1,
        last_day: commitment.due.last_day(None),
        due_event_first_day: None,
        overdue: Vec::new(),
        due_event: None,
        commitment,
    }
}

fn rows() -> Vec<CommitmentView> {
    use CommitmentStatus::{InProgress, Pending};
    vec![
        view(
            1,
            &[Party::Member(Country::MX)],
            DuePoint::On(day(2026, 6, 30)),
            Pending,
        ),
        view(
            2,
            &[Party::Iom, Party::Member(Country::MX)],
            DuePoint::Periodically,
            InProgress,
        ),
        view(
            3,
            &[Party::AllDelegations],
            DuePoint::On(day(2026, 12, 31)),
            InProgress,
        ),
        view(
            11,
            &[Party::Member(Country::GT)],
            DuePoint::Unstated,
            Pending,
        ),
    ]
}

fn next_meeting() -> Vec<EventLabel> {
    vec![
        EventLabel {
            slug: "next".into(),
            title: Localized::new("Siguiente", "Next"),
            dates: days(day(2027, 1, 1)),
            cancelled: false,
        },
        EventLabel {
            slug: "off".into(),
            title: Localized::new("Cancelado", "Cancelled"),
            dates: days(day(2027, 2, 1)),
            cancelled: true,
        },
    ]
}

fn everyone() -> BoardQuery {
    BoardQuery {
        party: Some(String::new()),
        ..BoardQuery::default()
    }
}

#[test]
fn commitments_group_by_party_with_members_of_all_delegations_on_their_own() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let board = build(rows(), &next_meeting(), &everyone(), None, now);
    let parties: Vec<Party> = board.groups.iter().map(|g| g.party).collect();
    let expected: Vec<Party> = Party::all()
        .into_iter()
        .filter(|p| {
            [
                Party::Member(Country::GT),
                Party::Member(Country::MX),
                Party::Iom,
            ]
            .contains(p)
        })
        .collect();
    assert_eq!(
        parties, expected,
        "in the order of Party::all, all delegations split up"
    );
    let mx = board
        .groups
        .iter()
        .find(|g| g.party == Party::Member(Country::MX))
        .unwrap();
    // Mexico: its own (overdue since 1 July in Mexico City), the one shared with the IOM, and
    // its own share (done) of all delegations'.
    let statuses: Vec<(i64, CommitmentStatus, bool)> = mx
        .items
        .iter()
        .map(|i| (board.rows[i.row].id, i.status, i.overdue))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (1, CommitmentStatus::Pending, true),
            (2, CommitmentStatus::InProgress, false),
            (3, CommitmentStatus::Done, false),
        ]
    );
    let line = board
        .summary
        .iter()
        .find(|l| l.party == Party::Member(Country::MX))
        .unwrap();
    assert_eq!(line.counts, [1, 1, 1, 0]);
    assert_eq!((line.overdue, line.total()), (1, 3));
    // Guatemala's share of all delegations is pending and not yet due.
    let gt = board
        .summary
        .iter()
        .find(|l| l.party == Party::Member(Country::GT))
        .unwrap();
    assert_eq!(gt.counts, [2, 0, 0, 0]);
    assert!(board.errors.is_empty());
    // Cancelled events are not offered as "due before".
    assert_eq!(board.events.len(), 1);
}

#[test]
fn an_official_lands_on_their_country_and_filters_narrow_the_board() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let own = Some(Party::Member(Country::GT));
    let board = build(rows(), &next_meeting(), &BoardQuery::default(), own, now);
    assert_eq!(board.groups.len(), 1);
    assert_eq!(board.groups[0].party, Party::Member(Country::GT));
    assert_eq!(board.applied.party.as_deref(), Some("GT"));
    // Asking for every party is not overridden.
    let all = build(rows(), &next_meeting(), &everyone(), own, now);
    assert!(all.groups.len() > 1);

    let status = BoardQuery {
        status: Some("in_progress".into()),
        ..everyone()
    };
    let board = build(rows(), &next_meeting(), &status, None, now);
    assert!(board.groups.iter().all(|g| {
        g.items
            .iter()
            .all(|i| i.status == CommitmentStatus::InProgress)
    }));

    let meeting = BoardQuery {
        meeting: Some("other".into()),
        ..everyone()
    };
    let board = build(rows(), &next_meeting(), &meeting, None, now);
    assert_eq!(
        board.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![11]
    );

    // Due before the next meeting (1 January 2027): only those with a last day before it.
    let before = BoardQuery {
        before: Some("next".into()),
        ..everyone()
    };
    let board = build(rows(), &next_meeting(), &before, None, now);
    assert_eq!(
        board.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert_eq!(board.applied.before.as_deref(), Some("next"));
}

#[test]
fn unknown_or_cancelled_filters_are_explained_not_applied() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let bad = BoardQuery {
        party: Some("XX".into()),
        status: Some("finished".into()),
        meeting: Some("nowhere".into()),
        before: Some("off".into()),
    };
    let board = build(rows(), &next_meeting(), &bad, None, now);
    let fields: Vec<&str> = board.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["party", "status", "meeting", "before"]);
    assert_eq!(board.rows.len(), 4, "nothing filtered out");
    assert!(board.errors[3].en.contains("cancelled"));
    assert!(!board.errors[3].es.is_empty());
}
