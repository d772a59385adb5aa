//! Tests of the digest's rules: the schedule and its weeks, the subscription form, which entries a
//! subscriber gets, and the reminders, in each country's own zone; by example and as properties.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use proptest::prelude::*;

use super::*;
use crate::domain::changes::{ChangeEntry, ChangeKind, NewChange};
use crate::domain::country::Country;
use crate::domain::lang::{Lang, Localized};
use crate::domain::outcomes::{Commitment, CommitmentStatus, DuePoint, Party};

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn commitment(parties: Vec<Party>, due: DuePoint, status: CommitmentStatus) -> Commitment {
    Commitment {
        parties,
        action: Localized::new("Enviar", "Send"),
        due,
        status,
        members: BTreeMap::new(),
        notes: Vec::new(),
    }
}

#[test]
fn the_default_slot_is_monday_at_eight_in_san_jose() {
    let s = DigestSchedule::default();
    // Wednesday 2 December 2026, 12:00 UTC: the last Monday 08:00 in San José (UTC-6) was
    // 30 November at 14:00 UTC.
    assert_eq!(
        s.latest_slot(at("2026-12-02T12:00:00Z")),
        at("2026-11-30T14:00:00Z")
    );
    // Monday 13:59 UTC is still before the slot: the week before's.
    assert_eq!(
        s.latest_slot(at("2026-11-30T13:59:59Z")),
        at("2026-11-23T14:00:00Z")
    );
    assert_eq!(
        s.latest_slot(at("2026-11-30T14:00:00Z")),
        at("2026-11-30T14:00:00Z")
    );
    // 02:00 UTC on Tuesday is still Monday 20:00 in San José.
    let late = DigestSchedule {
        weekday: Weekday::Mon,
        hour: 20,
    };
    assert_eq!(
        late.latest_slot(at("2026-12-01T02:30:00Z")),
        at("2026-12-01T02:00:00Z")
    );
}

#[test]
fn stored_numbers_round_trip_and_bad_ones_are_refused() {
    for day in 0..7 {
        let s = DigestSchedule::from_numbers(day, 23).unwrap();
        assert_eq!(s.day_number(), day);
    }
    assert_eq!(DigestSchedule::from_numbers(7, 8), None);
    assert_eq!(DigestSchedule::from_numbers(0, 24), None);
}

#[test]
fn a_window_starts_where_the_last_digest_stopped() {
    let s = DigestSchedule::default();
    let now = at("2026-12-02T12:00:00Z");
    let first = digest_window(s, None, now);
    assert_eq!(first.to, at("2026-11-30T14:00:00Z"));
    assert_eq!(first.from, at("2026-11-23T14:00:00Z"));
    assert_eq!(first.key, "digest:2026-W49");
    let next = digest_window(s, Some(first.to), now + Duration::days(7));
    assert_eq!(next.from, first.to);
    assert_eq!(next.key, "digest:2026-W50");
    assert!(digest_window(s, Some(first.to), now).is_empty());
    // After months down: four weeks at most.
    let long = digest_window(s, Some(first.to - Duration::days(200)), now);
    assert_eq!(long.to - long.from, Duration::days(MAX_SPAN_DAYS));
}

fn entry(id: i64, countries: Vec<Country>) -> ChangeEntry {
    ChangeEntry {
        id,
        at: at("2026-11-25T10:00:00Z"),
        change: NewChange {
            key: format!("k{id}"),
            kind: ChangeKind::CommitmentStatus,
            event_id: None,
            path: "/commitments".into(),
            countries,
            title: Localized::new("t", "t"),
            summary: Localized::new("s", "s"),
        },
    }
}

#[test]
fn a_country_subscriber_gets_what_names_its_countries_and_the_region_gets_all() {
    let entries = vec![
        entry(1, vec![Country::MX]),
        entry(2, vec![]),
        entry(3, vec![Country::GT, Country::SV]),
    ];
    let ids =
        |c: &[Country]| -> Vec<i64> { entries_for(c, &entries).iter().map(|e| e.id).collect() };
    assert_eq!(ids(&[]), [1, 2, 3]);
    assert_eq!(ids(&[Country::MX]), [1]);
    assert_eq!(ids(&[Country::SV, Country::MX]), [1, 3]);
    assert!(ids(&[Country::CA]).is_empty());
}

#[test]
fn the_form_is_checked_field_by_field() {
    let ok = SubscriptionInput {
        email: " Ana@Example.ORG ".into(),
        countries: vec!["mx".into(), "GT".into(), "MX".into(), String::new()],
        lang: "en".into(),
    }
    .validate()
    .unwrap();
    assert_eq!(ok.email, "ana@example.org");
    assert_eq!(ok.countries, [Country::GT, Country::MX]);
    assert_eq!(ok.lang, Lang::En);
    assert_eq!(
        Subscription::parse_countries(&ok.countries_code()),
        ok.countries
    );
    let bad = SubscriptionInput {
        email: "not-an-address".into(),
        countries: vec!["XX".into()],
        lang: "fr".into(),
    }
    .validate()
    .unwrap_err();
    let fields: Vec<&str> = bad.iter().map(SubscriptionProblem::field).collect();
    assert_eq!(fields, ["email", "countries", "lang"]);
    for p in &bad {
        assert!(!p.message(Lang::Es).is_empty() && !p.message(Lang::En).is_empty());
        assert_ne!(p.message(Lang::Es), p.message(Lang::En));
    }
}

#[test]
fn reminders_come_fourteen_days_and_one_day_before_in_each_capitals_zone() {
    let c = commitment(
        vec![
            Party::Member(Country::DO),
            Party::Member(Country::MX),
            Party::Iom,
        ],
        DuePoint::On(d(2027, 1, 31)),
        CommitmentStatus::Pending,
    );
    // 04:30 UTC on 17 January: already the 17th in Santo Domingo (UTC-4), 14 days before;
    // still the 16th in Mexico City (UTC-6), 15 days before. The IOM has no officials.
    let now = at("2027-01-17T04:30:00Z");
    let due = reminders_due(&c, None, now);
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        (due[0].country, due[0].days, due[0].left),
        (Country::DO, 14, 14)
    );
    assert_eq!(due[0].key(9), "reminder:9:2027-01-31:14:DO");
    // Two hours later Mexico's 17th has begun.
    let later = reminders_due(&c, None, at("2027-01-17T06:30:00Z"));
    assert_eq!(later.len(), 2);
    // The day before: the 1-day reminder; on the last day still; then none.
    let eve = reminders_due(&c, None, at("2027-01-30T12:00:00Z"));
    assert!(eve.iter().all(|r| r.days == 1 && r.left == 1), "{eve:?}");
    assert!(
        reminders_due(&c, None, at("2027-01-31T12:00:00Z"))
            .iter()
            .all(|r| r.days == 1)
    );
    assert!(reminders_due(&c, None, at("2027-02-01T12:00:00Z")).is_empty());
    assert!(reminders_due(&c, None, at("2027-01-10T12:00:00Z")).is_empty());
}

#[test]
fn done_dropped_and_undated_commitments_are_not_reminded() {
    let now = at("2027-01-20T12:00:00Z");
    for status in [CommitmentStatus::Done, CommitmentStatus::Dropped] {
        let c = commitment(
            vec![Party::Member(Country::MX)],
            DuePoint::On(d(2027, 1, 31)),
            status,
        );
        assert!(reminders_due(&c, None, now).is_empty());
        assert_eq!(falls_due_soon(&c, None, now), None);
    }
    for due in [DuePoint::Periodically, DuePoint::Unstated] {
        let c = commitment(
            vec![Party::Member(Country::MX)],
            due,
            CommitmentStatus::Pending,
        );
        assert!(reminders_due(&c, None, now).is_empty());
    }
    // Before an event: the day before its first day; none when it is cancelled (no first day).
    let before = commitment(
        vec![Party::Member(Country::MX)],
        DuePoint::Before {
            event: "next".into(),
        },
        CommitmentStatus::InProgress,
    );
    assert!(reminders_due(&before, None, now).is_empty());
    let r = reminders_due(&before, Some(d(2027, 2, 4)), now);
    assert_eq!((r[0].last_day, r[0].days), (d(2027, 2, 3), 14));
}

#[test]
fn all_delegations_remind_each_open_member() {
    let mut c = commitment(
        vec![Party::AllDelegations],
        DuePoint::On(d(2027, 1, 31)),
        CommitmentStatus::InProgress,
    );
    c.members = BTreeMap::from([
        (Country::GT, CommitmentStatus::Done),
        (Country::HN, CommitmentStatus::InProgress),
        (Country::MX, CommitmentStatus::Pending),
    ]);
    let r = reminders_due(&c, None, at("2027-01-25T18:00:00Z"));
    let countries: Vec<Country> = r.iter().map(|r| r.country).collect();
    assert_eq!(countries, [Country::HN, Country::MX]);
}

#[test]
fn a_commitment_falls_due_within_seven_days() {
    let c = commitment(
        vec![Party::Secretariat],
        DuePoint::On(d(2027, 1, 31)),
        CommitmentStatus::Pending,
    );
    // 24 January 05:59 UTC is 23:59 on the 23rd in San José: 8 days left.
    assert_eq!(falls_due_soon(&c, None, at("2027-01-24T05:59:00Z")), None);
    assert_eq!(
        falls_due_soon(&c, None, at("2027-01-24T06:00:00Z")),
        Some(d(2027, 1, 31))
    );
    assert_eq!(falls_due_soon(&c, None, at("2027-02-01T06:00:00Z")), None);
}

fn country() -> impl Strategy<Value = Country> {
    proptest::sample::select(Country::ALL.to_vec())
}

proptest! {
    /// The latest slot is never after now, never a week or more before, and on the set day and
    /// hour in San José.
    #[test]
    fn the_latest_slot_is_the_last_set_day_and_hour(secs in 1_600_000_000_i64..2_200_000_000, day in 0u32..7, hour in 0u32..24) {
        let now = DateTime::from_timestamp(secs, 0).unwrap();
        let s = DigestSchedule::from_numbers(day, hour).unwrap();
        let slot = s.latest_slot(now);
        prop_assert!(slot <= now);
        prop_assert!(now - slot < Duration::days(7));
        let local = slot.with_timezone(&crate::domain::outcomes::REGION_ZONE);
        prop_assert_eq!(chrono::Datelike::weekday(&local), s.weekday);
        prop_assert_eq!(chrono::Timelike::hour(&local), hour);
    }

    /// Digests one after another cover the log without gaps or overlaps, one key per week.
    #[test]
    fn consecutive_windows_tile_the_log(secs in 1_600_000_000_i64..2_200_000_000, weeks in 1usize..6) {
        let s = DigestSchedule::default();
        let mut now = DateTime::from_timestamp(secs, 0).unwrap();
        let mut last = None;
        let mut keys = Vec::new();
        for _ in 0..weeks {
            let w = digest_window(s, last, now);
            if let Some(prev) = last { prop_assert_eq!(w.from, prev); }
            prop_assert!(w.from < w.to);
            keys.push(w.key.clone());
            last = Some(w.to);
            now += Duration::days(7);
        }
        let mut unique = keys.clone();
        unique.dedup();
        prop_assert_eq!(unique, keys);
    }

    /// A reminder is only ever due 0 to 14 days before the last day in the country's own zone,
    /// and the 1-day one only in the last two days; each has its own key.
    #[test]
    fn reminders_are_within_their_days(c in country(), offset in -30i64..40, secs in 0i64..86_400) {
        let last = d(2027, 3, 15);
        let commitment = commitment(vec![Party::Member(c)], DuePoint::On(last), CommitmentStatus::Pending);
        let base = at("2027-03-15T00:00:00Z") - Duration::days(offset) + Duration::seconds(secs);
        let left = (last - Party::Member(c).today(base)).num_days();
        let due = reminders_due(&commitment, None, base);
        prop_assert_eq!(due.len(), usize::from((0..=14).contains(&left)));
        for r in &due {
            prop_assert_eq!(r.left, left);
            let within = if r.days == 1 { left <= 1 } else { (2..=14).contains(&left) };
            prop_assert!(within, "{:?}", r);
            let suffix = format!(":{}:{}", r.days, c.code());
            prop_assert!(r.key(1).ends_with(&suffix), "{}", r.key(1));
        }
    }
}
