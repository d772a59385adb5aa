//! Registration modes: where a new registration lands in each mode, what takes a seat, holds and
//! their expiry, confirming, approving, the stored form of each status, the hold setting; and a
//! property: across any sequence of registering, confirming, time passing, approving, declining,
//! cancelling and out-of-turn promotions, in any mix of modes, seats never exceed the capacity
//! or a quota.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::event;
use crate::domain::Lang;
use crate::domain::registration::{
    NotConfirmed, Registration, RegistrationMode, RegistrationSettings, RegistrationStatus,
    approve, confirm_address, hold_end_text, hold_expired, hold_from_hours, hold_label, in_line,
    intake, promoted, seen_at, takes_seat,
};

fn settings(
    mode: RegistrationMode,
    capacity: Option<u32>,
    quota: Option<u32>,
) -> RegistrationSettings {
    RegistrationSettings {
        open: true,
        capacity,
        quota,
        deadline: None,
        mode,
    }
}

/// A registration to change per test.
fn registration() -> Registration {
    use crate::domain::registration::{Delegation, RegistrationDetails};
    Registration {
        id: 1,
        event_id: 1,
        details: RegistrationDetails {
            name: "Ana".into(),
            email: "ana@test.org".into(),
            delegation: Delegation::Iom,
            institution: "OIM".into(),
            position: String::new(),
            lang: Lang::Es,
            arrival: None,
            departure: None,
            hotel: false,
            transfer: false,
            dietary: String::new(),
            accessibility: String::new(),
            interpretation: None,
            visa_letter: false,
        },
        status: RegistrationStatus::Confirmed,
        waitlist_position: None,
        hold_until: None,
        created_at: at(9, 0),
        updated_at: at(9, 0),
    }
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2031, 3, 1, h, m, 0).unwrap()
}

#[test]
fn each_mode_places_a_newcomer_its_own_way() {
    use RegistrationStatus::{AwaitingApproval, Confirmed, Held, Waitlisted};
    let now = at(12, 0);
    let hold = Duration::hours(24);
    let open = settings(RegistrationMode::Open, Some(2), None);
    assert_eq!(intake(&open, 1, 0, now, hold).status, Confirmed);
    assert_eq!(intake(&open, 1, 0, now, hold).hold_until, None);
    assert_eq!(intake(&open, 2, 0, now, hold).status, Waitlisted);
    let confirm = settings(RegistrationMode::Confirm, Some(2), None);
    let seat = intake(&confirm, 1, 0, now, hold);
    assert_eq!(seat.status, Held);
    assert_eq!(seat.hold_until, Some(now + hold));
    // A waitlist place is held too: unconfirmed places expire rather than clog the line.
    let place = intake(&confirm, 2, 0, now, hold);
    assert_eq!(place.status, Waitlisted);
    assert_eq!(place.hold_until, Some(now + hold));
    let approval = settings(RegistrationMode::Approval, Some(2), None);
    let pending = intake(&approval, 0, 0, now, hold);
    assert_eq!(pending.status, AwaitingApproval);
    assert_eq!(pending.hold_until, None);
}

#[test]
fn a_hold_takes_a_seat_until_its_instant_and_not_after() {
    use RegistrationStatus::{AwaitingApproval, Cancelled, Confirmed, Held, Waitlisted};
    let until = Some(at(12, 0));
    assert!(takes_seat(Confirmed, None, at(12, 0)));
    assert!(takes_seat(Held, until, at(11, 59)));
    assert!(
        !takes_seat(Held, until, at(12, 0)),
        "it ends at its instant"
    );
    assert!(hold_expired(until, at(12, 0)) && !hold_expired(until, at(11, 59)));
    assert!(!hold_expired(None, at(23, 0)));
    for status in [Waitlisted, AwaitingApproval, Cancelled] {
        assert!(!takes_seat(status, None, at(11, 0)), "{status:?}");
    }
    // In line: waitlisted and, if held, within the hold; never those awaiting approval.
    assert!(in_line(Waitlisted, None, at(13, 0)));
    assert!(in_line(Waitlisted, until, at(11, 0)));
    assert!(!in_line(Waitlisted, until, at(12, 0)));
    assert!(!in_line(AwaitingApproval, None, at(11, 0)));
    // Moved up: a held place becomes a held seat, keeping its instant; else a confirmed one.
    assert_eq!(promoted(until), Held);
    assert_eq!(promoted(None), Confirmed);
}

#[test]
fn confirming_turns_a_hold_into_a_seat_once_and_only_in_time() {
    use RegistrationStatus::{Cancelled, Confirmed, Expired, Held, Waitlisted};
    let until = Some(at(12, 0));
    assert_eq!(confirm_address(Held, until, at(11, 0)), Ok(Confirmed));
    assert_eq!(
        confirm_address(Waitlisted, until, at(11, 0)),
        Ok(Waitlisted)
    );
    assert_eq!(
        confirm_address(Held, until, at(12, 0)),
        Err(NotConfirmed::Expired)
    );
    assert_eq!(
        confirm_address(Confirmed, None, at(11, 0)),
        Err(NotConfirmed::NothingHeld),
        "a second click"
    );
    assert_eq!(
        confirm_address(Cancelled, None, at(11, 0)),
        Err(NotConfirmed::Ended)
    );
    assert_eq!(
        confirm_address(Expired, until, at(11, 0)),
        Err(NotConfirmed::Expired),
        "released already"
    );
}

#[test]
fn a_hold_that_ran_out_is_shown_expired_before_its_release() {
    let mut r = registration();
    r.status = RegistrationStatus::Held;
    r.hold_until = Some(at(12, 0));
    assert_eq!(
        seen_at(r.clone(), at(11, 0)).status,
        RegistrationStatus::Held
    );
    assert_eq!(
        seen_at(r.clone(), at(12, 0)).status,
        RegistrationStatus::Expired
    );
    r.status = RegistrationStatus::Waitlisted;
    r.waitlist_position = Some(2);
    let seen = seen_at(r.clone(), at(13, 0));
    assert_eq!(
        (seen.status, seen.waitlist_position),
        (RegistrationStatus::Expired, None)
    );
    r.hold_until = None;
    assert_eq!(seen_at(r, at(13, 0)).status, RegistrationStatus::Waitlisted);
}

#[test]
fn approving_gives_a_seat_if_one_fits_else_the_waitlist() {
    use RegistrationStatus::{AwaitingApproval, Confirmed, Waitlisted};
    let s = settings(RegistrationMode::Approval, Some(3), Some(1));
    assert_eq!(approve(AwaitingApproval, &s, 0, 0), Some(Confirmed));
    assert_eq!(
        approve(AwaitingApproval, &s, 1, 1),
        Some(Waitlisted),
        "quota"
    );
    assert_eq!(
        approve(AwaitingApproval, &s, 3, 0),
        Some(Waitlisted),
        "capacity"
    );
    assert_eq!(approve(Waitlisted, &s, 0, 0), None, "not awaiting");
}

#[test]
fn every_status_is_stored_as_a_place_and_two_marks_and_read_back() {
    use RegistrationStatus::{
        AwaitingApproval, Cancelled, Confirmed, Declined, Expired, Held, Waitlisted,
    };
    let marks = |s: RegistrationStatus| match s {
        Held | Expired => (true, false),
        AwaitingApproval | Declined => (false, true),
        _ => (false, false),
    };
    for s in [
        Confirmed,
        Held,
        Waitlisted,
        AwaitingApproval,
        Cancelled,
        Expired,
        Declined,
    ] {
        let (held, awaiting) = marks(s);
        assert_eq!(
            RegistrationStatus::from_stored(s.stored(), held, awaiting),
            Some(s)
        );
        assert_eq!(s.is_live(), !matches!(s, Cancelled | Expired | Declined));
    }
    // A held waitlist place is stored waitlisted with its instant, and reads back as waitlisted.
    assert_eq!(
        RegistrationStatus::from_stored("waitlisted", true, false),
        Some(Waitlisted)
    );
    assert_eq!(RegistrationStatus::from_stored("lost", false, false), None);
}

#[test]
fn modes_read_their_codes_and_default_to_confirm_only_with_mail() {
    for m in RegistrationMode::ALL {
        assert_eq!(RegistrationMode::parse(m.code()), Some(m));
        assert!(!m.label(Lang::Es).is_empty() && !m.hint(Lang::En).is_empty());
    }
    assert_eq!(RegistrationMode::parse("first-come"), None);
    assert_eq!(RegistrationMode::default(), RegistrationMode::Open);
    assert_eq!(
        RegistrationMode::default_for(true),
        RegistrationMode::Confirm
    );
    assert_eq!(RegistrationMode::default_for(false), RegistrationMode::Open);
}

#[test]
fn the_hold_setting_takes_fractions_and_refuses_nonsense() {
    assert_eq!(hold_from_hours(None), Ok(Duration::hours(24)));
    assert_eq!(hold_from_hours(Some(" ")), Ok(Duration::hours(24)));
    assert_eq!(hold_from_hours(Some("0.5")), Ok(Duration::minutes(30)));
    assert_eq!(hold_from_hours(Some("720")), Ok(Duration::days(30)));
    for bad in ["0", "-2", "24h", "1e9", "inf", "NaN", "0.01"] {
        let e = hold_from_hours(Some(bad)).unwrap_err();
        assert!(
            e.contains("ENLACE_HOLD_HOURS") && e.contains(bad),
            "{bad}: {e}"
        );
    }
    assert_eq!(hold_label(Lang::En, Duration::hours(24)), "24 h");
    assert_eq!(hold_label(Lang::Es, Duration::minutes(90)), "90 min");
}

#[test]
fn a_hold_ends_in_the_events_zone() {
    // The workshop is in Guatemala (UTC-6): 20:30 UTC is 14:30 there.
    let e = event("2031-03-03", "2031-03-04");
    let until = Utc.with_ymd_and_hms(2031, 3, 1, 20, 30, 0).unwrap();
    assert_eq!(
        hold_end_text(Lang::En, &e, until),
        "1 March 2031, 14:30 (America/Guatemala)"
    );
    assert!(hold_end_text(Lang::Es, &e, until).starts_with("1 de marzo de 2031, 14:30"));
}

mod prop;
