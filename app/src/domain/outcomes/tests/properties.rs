//! The rules as properties: the roll-up, the moves, overdue in each party's own zone, and
//! validation of the due point and of text.

use chrono::{Duration, TimeZone};
use proptest::prelude::*;

use super::*;
use crate::domain::outcomes::{
    CommitmentInput, OutcomeField, OutcomeProblem, RecordContext, is_overdue, may_move,
    overdue_parties, roll_up, roll_up_percent,
};
use CommitmentStatus::{Done, Dropped, InProgress, Pending};

fn status() -> impl Strategy<Value = CommitmentStatus> {
    prop::sample::select(CommitmentStatus::ALL.to_vec())
}

fn country() -> impl Strategy<Value = Country> {
    prop::sample::select(Country::ALL.to_vec())
}

fn party() -> impl Strategy<Value = Party> {
    prop_oneof![
        country().prop_map(Party::Member),
        Just(Party::Iom),
        Just(Party::Rrocm),
        Just(Party::Secretariat),
    ]
}

/// A day between 2009 and 2030.
fn day() -> impl Strategy<Value = NaiveDate> {
    (0_i64..8000).prop_map(|n| d(2009, 1, 2) + Duration::days(n))
}

/// An instant within 15 hours of the start of `day` in UTC, to the second: around the moment it
/// begins somewhere in the region (UTC-4 to UTC-6, and every other zone too).
fn near(day: NaiveDate, seconds: i64) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)) + Duration::seconds(seconds)
}

proptest! {
    #[test]
    fn roll_up_follows_its_rule(members in prop::collection::vec(status(), 0..12)) {
        let overall = roll_up(members.iter().copied());
        let all_dropped = !members.is_empty() && members.iter().all(|s| *s == Dropped);
        let all_closed_one_done = members.contains(&Done)
            && members.iter().all(|s| matches!(s, Done | Dropped));
        let started = members.iter().any(|s| matches!(s, InProgress | Done));
        let expected = if all_dropped {
            Dropped
        } else if all_closed_one_done {
            Done
        } else if started {
            InProgress
        } else {
            Pending
        };
        prop_assert_eq!(overall, expected);
        let percent = roll_up_percent(members.iter().copied());
        match overall {
            Done => prop_assert_eq!(percent, 100),
            Pending | Dropped => prop_assert_eq!(percent, 0),
            InProgress => prop_assert!((1..=99).contains(&percent)),
        }
    }

    #[test]
    fn roll_up_ignores_order_and_one_member_is_its_own_status(
        members in prop::collection::vec(status(), 0..12),
        one in status(),
    ) {
        let mut reversed = members.clone();
        reversed.reverse();
        prop_assert_eq!(roll_up(members.iter().copied()), roll_up(reversed.iter().copied()));
        prop_assert_eq!(roll_up([one]), one);
        prop_assert_eq!(roll_up_percent([one]), one.percent());
    }

    #[test]
    fn finishing_a_share_never_lowers_the_percent(
        members in prop::collection::vec(status(), 1..12),
        pick in any::<prop::sample::Index>(),
    ) {
        let i = pick.index(members.len());
        prop_assume!(members[i].is_open());
        let before = roll_up_percent(members.iter().copied());
        let mut after = members;
        after[i] = Done;
        prop_assert!(roll_up_percent(after) >= before);
    }

    #[test]
    fn any_status_reaches_any_other_in_at_most_two_moves(from in status(), to in status()) {
        prop_assert!(!may_move(from, from));
        let reachable = from == to
            || may_move(from, to)
            || CommitmentStatus::ALL.into_iter().any(|via| may_move(from, via) && may_move(via, to));
        prop_assert!(reachable);
        if !from.is_open() {
            let exits = CommitmentStatus::ALL.into_iter().filter(|s| may_move(from, *s)).count();
            prop_assert_eq!(exits, 1);
        }
    }

    #[test]
    fn member_moves_keep_the_overall_status_the_roll_up(
        start in prop::collection::btree_map(country(), status(), 1..6),
        moves in prop::collection::vec((country(), status()), 0..30),
    ) {
        let members: Vec<_> = start.into_iter().collect();
        let mut c = all(&members, DuePoint::Unstated);
        for (member, to) in moves {
            let before = c.members.get(&member).copied();
            let result = c.move_member(member, to);
            prop_assert_eq!(result.is_ok(), before.is_some_and(|from| may_move(from, to)));
            prop_assert_eq!(c.status, roll_up(c.members.values().copied()));
            let todo = c.todo(None);
            prop_assert_eq!(todo.status, c.status.vtodo_status());
        }
    }

    #[test]
    fn overdue_is_the_local_day_after_the_last_day(
        parties in prop::collection::btree_set(party(), 1..5),
        due in day(),
        seconds in -54_000_i64..54_000,
        open in proptest::bool::ANY,
    ) {
        let now = near(due + Duration::days(1), seconds);
        let parties: Vec<Party> = parties.into_iter().collect();
        let c = shared(&parties, DuePoint::On(due), if open { InProgress } else { Done });
        for p in &parties {
            let local = now.with_timezone(&p.zone()).date_naive();
            prop_assert_eq!(is_overdue(&c, *p, now, None), open && local > due);
            // Once overdue, a party stays overdue.
            if is_overdue(&c, *p, now, None) {
                prop_assert!(is_overdue(&c, *p, now + Duration::hours(30), None));
            }
        }
        let listed: Vec<Party> = parties.iter().copied().filter(|p| is_overdue(&c, *p, now, None)).collect();
        prop_assert_eq!(overdue_parties(&c, now, None), listed);
    }

    #[test]
    fn before_an_event_is_overdue_exactly_from_its_first_day(
        party in party(),
        first in day(),
        seconds in -54_000_i64..54_000,
    ) {
        let now = near(first, seconds);
        let c = shared(&[party], DuePoint::Before { event: "x".into() }, Pending);
        let local = now.with_timezone(&party.zone()).date_naive();
        prop_assert_eq!(is_overdue(&c, party, now, Some(first)), local >= first);
    }

    #[test]
    fn due_dates_before_the_meeting_are_refused_and_the_others_kept(
        offset in -400_i64..400,
    ) {
        let meeting = meeting();
        let events = demo_events();
        let ctx = RecordContext { meeting: &meeting, events: &events, delegations: &[] };
        let due = d(2010, 11, 16) + Duration::days(offset);
        let input = CommitmentInput {
            parties: vec!["MX".into()],
            action_es: "Compartir el convenio".into(),
            due_kind: "on".into(),
            due_date: due.to_string(),
            ..CommitmentInput::default()
        };
        match input.validate(&ctx) {
            Ok(c) => {
                prop_assert!(offset >= 0);
                prop_assert_eq!(c.due, DuePoint::On(due));
            }
            Err(e) => {
                prop_assert!(offset < 0);
                prop_assert!(e.contains(OutcomeField::DueDate, OutcomeProblem::DueBeforeMeeting));
            }
        }
    }

    /// (A control character that is also whitespace, such as U+0085, is trimmed away at either
    /// end; inside the text it is refused.)
    #[test]
    fn actions_with_control_characters_are_refused(
        before in "[a-zA-Z][a-zA-Záé ]{0,20}",
        control in prop::sample::select(vec!['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}']),
        after in "[a-zA-Z ]{0,20}[a-z]",
    ) {
        let meeting = meeting();
        let ctx = RecordContext { meeting: &meeting, events: &[], delegations: &[] };
        let input = CommitmentInput {
            parties: vec!["IOM".into()],
            action_en: format!("{before}{control}{after}"),
            ..CommitmentInput::default()
        };
        let errors = input.validate(&ctx).unwrap_err();
        prop_assert!(errors.contains(
            OutcomeField::ActionEn,
            OutcomeProblem::Text(crate::domain::error::Problem::ControlCharacters)
        ));
    }
}
