//! The rules by example: moves, roll-up, to-do fields, overdue in each party's zone, rights.

use rstest::rstest;

use super::*;
use crate::domain::access::{Actor, Role};
use crate::domain::outcomes::{
    OutcomeProblem, Share, TodoFields, days_left, is_overdue, may_move, may_update,
    may_write_record, overdue_parties, roll_up, roll_up_percent, update_right,
};
use CommitmentStatus::{Done, Dropped, InProgress, Pending};

#[rstest]
#[case(Pending, InProgress, true)]
#[case(Pending, Done, true)]
#[case(Pending, Dropped, true)]
#[case(InProgress, Pending, true)]
#[case(InProgress, Done, true)]
#[case(InProgress, Dropped, true)]
#[case(Done, InProgress, true)]
#[case(Done, Pending, false)]
#[case(Done, Dropped, false)]
#[case(Dropped, Pending, true)]
#[case(Dropped, InProgress, false)]
#[case(Dropped, Done, false)]
#[case(Pending, Pending, false)]
#[case(Done, Done, false)]
fn open_statuses_move_freely_and_closed_ones_only_reopen(
    #[case] from: CommitmentStatus,
    #[case] to: CommitmentStatus,
    #[case] allowed: bool,
) {
    assert_eq!(may_move(from, to), allowed);
}

#[rstest]
#[case(&[], Pending, 0)]
#[case(&[Pending, Pending], Pending, 0)]
#[case(&[Pending, Dropped], Pending, 0)]
#[case(&[InProgress, Pending], InProgress, 25)]
#[case(&[Done, Pending], InProgress, 50)]
#[case(&[Done, InProgress], InProgress, 75)]
#[case(&[Done, Done], Done, 100)]
#[case(&[Done, Dropped], Done, 100)]
#[case(&[Dropped, Dropped], Dropped, 0)]
fn all_delegations_roll_up(
    #[case] members: &[CommitmentStatus],
    #[case] status: CommitmentStatus,
    #[case] percent: u8,
) {
    assert_eq!(roll_up(members.iter().copied()), status);
    assert_eq!(roll_up_percent(members.iter().copied()), percent);
}

#[test]
fn one_done_among_many_pending_is_in_progress_above_zero() {
    let mut members = vec![Pending; 300];
    members.push(Done);
    assert_eq!(roll_up(members.iter().copied()), InProgress);
    assert_eq!(roll_up_percent(members.iter().copied()), 1);
    let mut members = vec![Done; 300];
    members.push(Pending);
    assert_eq!(roll_up_percent(members), 99);
}

#[test]
fn todo_fields_follow_status_and_due_point() {
    let on = shared(&[Party::Iom], DuePoint::On(d(2011, 1, 31)), InProgress);
    assert_eq!(
        on.todo(None),
        TodoFields {
            status: "IN-PROCESS",
            percent: 50,
            due: Some(d(2011, 1, 31))
        }
    );
    let before = shared(
        &[Party::Member(Country::MX)],
        DuePoint::Before {
            event: COMMITTEES_2011.into(),
        },
        Pending,
    );
    // Before a February 2011 event known only by its month: due by 31 January.
    let todo = before.todo(Some(d(2011, 2, 1)));
    assert_eq!((todo.status, todo.percent), ("NEEDS-ACTION", 0));
    assert_eq!(todo.due, Some(d(2011, 1, 31)));
    assert_eq!(before.todo(None).due, None, "cancelled or unknown event");
    let when = shared(
        &[Party::Rrocm],
        DuePoint::When(Localized::new("x", "x")),
        Done,
    );
    assert_eq!(
        when.todo(None),
        TodoFields {
            status: "COMPLETED",
            percent: 100,
            due: None
        }
    );
    let dropped = shared(&[Party::Secretariat], DuePoint::Periodically, Dropped);
    assert_eq!(dropped.todo(None).status, "CANCELLED");
}

#[test]
fn a_date_falls_due_at_midnight_in_each_partys_own_zone() {
    let c = shared(
        &[
            Party::Member(Country::MX),
            Party::Member(Country::DO),
            Party::Iom,
        ],
        DuePoint::On(d(2011, 1, 31)),
        Pending,
    );
    let mx = Party::Member(Country::MX);
    let dominican = Party::Member(Country::DO);
    // 04:30 UTC on 1 February: 00:30 in Santo Domingo (UTC-4), 22:30 on the 31st in Mexico City
    // and San José (UTC-6).
    let now = at("2011-02-01T04:30:00Z");
    assert!(is_overdue(&c, dominican, now, None));
    assert!(!is_overdue(&c, mx, now, None));
    assert!(!is_overdue(&c, Party::Iom, now, None));
    assert_eq!(overdue_parties(&c, now, None), vec![dominican]);
    assert!(!is_overdue(&c, mx, at("2011-02-01T05:59:59Z"), None));
    assert!(is_overdue(&c, mx, at("2011-02-01T06:00:00Z"), None));
    assert!(is_overdue(&c, Party::Iom, at("2011-02-01T06:00:00Z"), None));
    // Not responsible: never overdue.
    assert!(!is_overdue(
        &c,
        Party::Member(Country::GT),
        at("2012-01-01T00:00:00Z"),
        None
    ));
    assert_eq!(
        days_left(&c, mx, at("2011-01-17T12:00:00Z"), None),
        Some(14)
    );
    assert_eq!(
        days_left(&c, mx, at("2011-02-02T12:00:00Z"), None),
        Some(-2)
    );
    assert_eq!(days_left(&c, Party::Member(Country::GT), now, None), None);
}

#[test]
fn before_an_event_falls_due_when_its_first_day_begins_in_the_partys_zone() {
    let c = shared(
        &[Party::Member(Country::GT), Party::Member(Country::CA)],
        DuePoint::Before {
            event: CONFERENCE_2010.into(),
        },
        InProgress,
    );
    let first = Some(d(2010, 12, 6));
    let gt = Party::Member(Country::GT);
    let ca = Party::Member(Country::CA);
    // Toronto is UTC-5 in December, Guatemala UTC-6.
    assert!(!is_overdue(&c, ca, at("2010-12-06T04:59:59Z"), first));
    assert!(is_overdue(&c, ca, at("2010-12-06T05:00:00Z"), first));
    assert!(!is_overdue(&c, gt, at("2010-12-06T05:59:59Z"), first));
    assert!(is_overdue(&c, gt, at("2010-12-06T06:00:00Z"), first));
    // A cancelled event (no first day) sets no due date.
    assert!(!is_overdue(&c, gt, at("2011-06-01T00:00:00Z"), None));
}

#[test]
fn closed_and_dateless_commitments_are_never_overdue() {
    let late = at("2030-01-01T00:00:00Z");
    for status in [Done, Dropped] {
        let c = shared(&[Party::Iom], DuePoint::On(d(2011, 1, 31)), status);
        assert!(!is_overdue(&c, Party::Iom, late, None));
    }
    for due in [
        DuePoint::When(Localized::new("x", "x")),
        DuePoint::Periodically,
        DuePoint::Unstated,
    ] {
        let c = shared(&[Party::Iom], due, Pending);
        assert!(!is_overdue(&c, Party::Iom, late, None));
    }
}

#[test]
fn all_delegations_are_overdue_member_by_member() {
    let mut c = all(
        &[
            (Country::MX, Done),
            (Country::GT, Pending),
            (Country::DO, InProgress),
        ],
        DuePoint::On(d(2011, 1, 31)),
    );
    let now = at("2011-02-01T07:00:00Z");
    assert_eq!(
        overdue_parties(&c, now, None),
        vec![Party::Member(Country::DO), Party::Member(Country::GT)]
    );
    assert!(is_overdue(&c, Party::AllDelegations, now, None));
    assert!(!is_overdue(&c, Party::Member(Country::MX), now, None));
    c.move_member(Country::GT, Done).unwrap();
    c.move_member(Country::DO, Dropped).unwrap();
    assert_eq!(c.status, Done);
    assert!(!is_overdue(&c, Party::AllDelegations, now, None));
}

#[test]
fn moves_are_checked_and_all_delegations_move_member_by_member() {
    let mut c = shared(&[Party::Member(Country::MX)], DuePoint::Unstated, Pending);
    c.move_to(Done).unwrap();
    assert_eq!(
        c.move_to(Dropped),
        Err(OutcomeProblem::MoveNotAllowed {
            from: Done,
            to: Dropped
        })
    );
    assert_eq!(
        c.move_member(Country::MX, Done),
        Err(OutcomeProblem::NotAMember)
    );
    let mut a = all(
        &[(Country::MX, Pending), (Country::GT, Pending)],
        DuePoint::Unstated,
    );
    assert_eq!(a.move_to(Done), Err(OutcomeProblem::PerMember));
    assert_eq!(
        a.move_member(Country::BZ, Done),
        Err(OutcomeProblem::NotAMember)
    );
    a.move_member(Country::MX, InProgress).unwrap();
    assert_eq!((a.status, a.percent()), (InProgress, 25));
    assert_eq!(a.status_of(Party::Member(Country::GT)), Some(Pending));
    assert_eq!(a.status_of(Party::AllDelegations), Some(InProgress));
    assert_eq!(a.status_of(Party::Member(Country::BZ)), None);
}

#[test]
fn notes_are_kept_in_date_order_and_only_for_responsible_parties() {
    let note = |on: NaiveDate, party: Party, text: &str| crate::domain::outcomes::ProgressNote {
        on,
        party,
        text: Localized::new(text, ""),
    };
    let mut a = all(
        &[(Country::MX, Pending), (Country::GT, Pending)],
        DuePoint::Unstated,
    );
    a.add_note(note(d(2011, 2, 1), Party::Member(Country::GT), "b"))
        .unwrap();
    a.add_note(note(d(2011, 1, 5), Party::Member(Country::MX), "a"))
        .unwrap();
    a.add_note(note(d(2011, 2, 1), Party::Member(Country::MX), "c"))
        .unwrap();
    let texts: Vec<&str> = a.notes.iter().map(|n| n.text.es.as_str()).collect();
    assert_eq!(texts, ["a", "b", "c"]);
    for party in [
        Party::Member(Country::BZ),
        Party::AllDelegations,
        Party::Iom,
    ] {
        assert_eq!(
            a.add_note(note(d(2011, 3, 1), party, "x")),
            Err(OutcomeProblem::NotAMember)
        );
    }
    let mut iom = shared(&[Party::Iom], DuePoint::Periodically, InProgress);
    assert!(
        iom.add_note(note(d(2011, 3, 1), Party::Iom, "Boletín 1 enviado"))
            .is_ok()
    );
}

fn actor(role: Role) -> Actor {
    Actor {
        id: 1,
        role,
        disabled: false,
    }
}

#[test]
fn officials_update_their_countrys_commitments_and_the_secretariat_the_others() {
    let mx = actor(Role::Official(Country::MX));
    let gt = actor(Role::Official(Country::GT));
    let sec = actor(Role::Secretariat);
    let mexico = shared(&[Party::Member(Country::MX)], DuePoint::Unstated, Pending);
    assert_eq!(update_right(&mx, &mexico), Some(Share::Whole));
    assert!(!may_update(&gt, &mexico), "Guatemala gets 403 on Mexico's");
    assert!(
        !may_update(&sec, &mexico),
        "the secretariat follows IOM, RROCM and itself"
    );
    for party in [Party::Iom, Party::Rrocm, Party::Secretariat] {
        let c = shared(&[party], DuePoint::Periodically, Pending);
        assert!(may_update(&sec, &c), "{party:?}");
        assert!(!may_update(&mx, &c), "{party:?}");
    }
    let joint = shared(
        &[Party::Member(Country::MX), Party::Iom],
        DuePoint::Unstated,
        Pending,
    );
    assert!(may_update(&sec, &joint) && may_update(&mx, &joint) && !may_update(&gt, &joint));
    let delegations = all(
        &[(Country::MX, Pending), (Country::GT, Pending)],
        DuePoint::Unstated,
    );
    assert_eq!(
        update_right(&gt, &delegations),
        Some(Share::Member(Country::GT))
    );
    assert_eq!(
        update_right(&actor(Role::Official(Country::BZ)), &delegations),
        None
    );
    assert_eq!(update_right(&sec, &delegations), None);
    let off = Actor {
        disabled: true,
        ..mx
    };
    assert!(!may_update(&off, &mexico));
}

#[test]
fn the_secretariat_and_the_hosts_write_the_record() {
    let hosts = [Country::MX];
    assert!(may_write_record(&actor(Role::Secretariat), &hosts));
    assert!(may_write_record(
        &actor(Role::Official(Country::MX)),
        &hosts
    ));
    assert!(may_write_record(
        &actor(Role::Official(Country::SV)),
        &[Country::GT, Country::SV]
    ));
    assert!(!may_write_record(
        &actor(Role::Official(Country::GT)),
        &hosts
    ));
    let off = Actor {
        disabled: true,
        ..actor(Role::Secretariat)
    };
    assert!(!may_write_record(&off, &hosts));
}

#[test]
fn stored_codes_round_trip() {
    for s in CommitmentStatus::ALL {
        assert_eq!(CommitmentStatus::parse(s.code()), Some(s));
    }
    for s in crate::domain::outcomes::RecordStatus::ALL {
        assert_eq!(
            crate::domain::outcomes::RecordStatus::parse(s.code()),
            Some(s)
        );
    }
    assert_eq!(CommitmentStatus::parse("finished"), None);
}
