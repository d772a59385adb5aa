//! Opening, seats, the waitlist and manage links.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone, Utc};

use super::event;
use crate::domain::event::EventStatus;
use crate::domain::registration::{
    Closed, RegistrationMode, RegistrationSettings, RegistrationStatus, admit, fits,
    manage_link_alive, promotions, registration_open,
};

#[test]
fn registration_closes_for_cancelled_started_and_late() {
    let e = event("2027-03-09", "2027-03-11");
    let open = RegistrationSettings {
        open: true,
        deadline: NaiveDate::from_ymd_opt(2027, 3, 1),
        ..RegistrationSettings::default()
    };
    let early = Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap();
    assert_eq!(registration_open(&e, &open, early), Ok(()));
    // The deadline day is included, in the event's zone (UTC-6): open until 06:00 UTC on 2 March.
    let last_minute = Utc.with_ymd_and_hms(2027, 3, 2, 5, 59, 0).unwrap();
    assert_eq!(registration_open(&e, &open, last_minute), Ok(()));
    let late = Utc.with_ymd_and_hms(2027, 3, 2, 6, 0, 0).unwrap();
    assert_eq!(
        registration_open(&e, &open, late),
        Err(Closed::DeadlinePassed)
    );
    let no_deadline = RegistrationSettings {
        deadline: None,
        ..open
    };
    let during = Utc.with_ymd_and_hms(2027, 3, 9, 12, 0, 0).unwrap();
    assert_eq!(
        registration_open(&e, &no_deadline, during),
        Err(Closed::Started)
    );
    let closed = RegistrationSettings::default();
    assert_eq!(registration_open(&e, &closed, early), Err(Closed::NotOpen));
    let mut cancelled = e.clone();
    cancelled.details.status = EventStatus::Cancelled;
    assert_eq!(
        registration_open(&cancelled, &open, early),
        Err(Closed::Cancelled)
    );
    let mut draft = e;
    draft.published = false;
    assert_eq!(
        registration_open(&draft, &open, early),
        Err(Closed::NotOpen)
    );
}

#[test]
fn seats_go_first_come_first_served_within_quotas() {
    let s = RegistrationSettings {
        open: true,
        capacity: Some(3),
        quota: Some(2),
        deadline: None,
        mode: RegistrationMode::Open,
    };
    assert_eq!(admit(&s, 0, 0), RegistrationStatus::Confirmed);
    assert_eq!(admit(&s, 2, 2), RegistrationStatus::Waitlisted);
    assert_eq!(admit(&s, 3, 0), RegistrationStatus::Waitlisted);
    // GT has 2 (its quota) and SV 1: full. One SV seat frees up: the first waiting person who
    // fits is promoted, skipping a GT delegate whose quota is still full.
    let by = HashMap::from([("GT".to_owned(), 2), ("SV".to_owned(), 0)]);
    let waitlist = vec![
        (10, "GT".to_owned()),
        (11, "SV".to_owned()),
        (12, "SV".to_owned()),
    ];
    assert_eq!(promotions(&s, &by, &waitlist), vec![11]);
    // Capacity grows to 10: everyone who fits a quota moves up, in order.
    let bigger = RegistrationSettings {
        capacity: Some(10),
        ..s
    };
    assert_eq!(promotions(&bigger, &by, &waitlist), vec![11, 12]);
    let unlimited = RegistrationSettings::default();
    assert_eq!(promotions(&unlimited, &by, &waitlist), vec![10, 11, 12]);
}

#[test]
fn settings_form_reads_blank_as_unlimited_and_refuses_nonsense() {
    let s = RegistrationSettings::from_form(true, " 50 ", "", "2027-03-01", "open").expect("valid");
    assert_eq!(s.capacity, Some(50));
    assert_eq!(s.quota, None);
    assert_eq!(s.deadline, NaiveDate::from_ymd_opt(2027, 3, 1));
    let errors =
        RegistrationSettings::from_form(true, "0", "-3", "1 March", "open").expect_err("bad");
    let fields: Vec<&str> = errors.items().iter().map(|e| e.field.name()).collect();
    assert_eq!(fields, ["capacity", "quota", "deadline"]);
    let errors = RegistrationSettings::from_form(true, "", "", "", "first-come").expect_err("bad");
    let fields: Vec<&str> = errors.items().iter().map(|e| e.field.name()).collect();
    assert_eq!(fields, ["mode"]);
}

#[test]
fn manage_links_expire_months_after_the_event() {
    let e = event("2027-03-09", "2027-03-11");
    assert!(manage_link_alive(
        &e,
        Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap()
    ));
    assert!(!manage_link_alive(
        &e,
        Utc.with_ymd_and_hms(2027, 6, 11, 0, 0, 0).unwrap()
    ));
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the order of arrivals, cancellations and capacity, the seats given never
        /// exceed the capacity or any quota, and nobody waits who would fit.
        #[test]
        fn never_overbooked(
            capacity in proptest::option::of(0u32..20),
            quota in proptest::option::of(0u32..6),
            ops in proptest::collection::vec((0u8..4, 0usize..5), 0..120),
        ) {
            let s = RegistrationSettings { open: true, capacity, quota, deadline: None, mode: RegistrationMode::Open };
            let keys = ["GT", "SV", "MX", "IOM", "OTHER:x"];
            let mut confirmed: Vec<(i64, String)> = Vec::new();
            let mut waiting: Vec<(i64, String)> = Vec::new();
            let mut next = 0i64;
            for (op, k) in ops {
                if op < 3 {
                    let key = keys[k].to_owned();
                    let mine = u32::try_from(confirmed.iter().filter(|(_, d)| *d == key).count()).unwrap();
                    let total = u32::try_from(confirmed.len()).unwrap();
                    next += 1;
                    match admit(&s, total, mine) {
                        RegistrationStatus::Confirmed => confirmed.push((next, key)),
                        _ => waiting.push((next, key)),
                    }
                } else if !confirmed.is_empty() {
                    confirmed.remove(k % confirmed.len());
                    let mut by: HashMap<String, u32> = HashMap::new();
                    for (_, d) in &confirmed { *by.entry(d.clone()).or_default() += 1; }
                    for id in promotions(&s, &by, &waiting) {
                        let pos = waiting.iter().position(|(w, _)| *w == id).unwrap();
                        confirmed.push(waiting.remove(pos));
                    }
                }
                let total = u32::try_from(confirmed.len()).unwrap();
                prop_assert!(capacity.is_none_or(|c| total <= c));
                for key in keys {
                    let n = u32::try_from(confirmed.iter().filter(|(_, d)| d == key).count()).unwrap();
                    prop_assert!(quota.is_none_or(|q| n <= q));
                    let waits = waiting.iter().any(|(_, d)| d == key);
                    prop_assert!(!(waits && fits(&s, total, n)), "{key} waits but fits");
                }
            }
        }
    }
}
