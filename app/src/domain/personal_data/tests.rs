//! Retention, what an erasure counts, its audit lines, and the delegate's own copy.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::event::{Event, EventInput};
use crate::domain::registration::{
    Delegation, Interpretation, Registration, RegistrationDetails, Travel,
};

/// A published workshop from `input`, hosted by `host` (its capital's zone).
fn event_of(host: &str, input: EventInput) -> Event {
    let details = EventInput {
        host: host.into(),
        city: "Ciudad".into(),
        kind: "workshop".into(),
        title_es: "Taller".into(),
        ..input
    }
    .validate()
    .expect("valid event");
    Event {
        id: 7,
        slug: "taller".into(),
        uid: "u@enlace".into(),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn exact(host: &str, start: &str, end: &str) -> Event {
    event_of(
        host,
        EventInput {
            start_date: start.into(),
            end_date: end.into(),
            ..EventInput::default()
        },
    )
}

#[test]
fn retention_is_a_positive_whole_number_of_days() {
    assert_eq!(parse_retention_days("180"), Some(180));
    assert_eq!(parse_retention_days(" 30 "), Some(30));
    assert_eq!(parse_retention_days("1"), Some(1));
    assert_eq!(parse_retention_days("36500"), Some(MAX_RETENTION_DAYS));
    for bad in [
        "",
        " ",
        "0",
        "-5",
        "+5",
        "1.5",
        "180d",
        "abc",
        "36501",
        "99999999999",
    ] {
        assert_eq!(parse_retention_days(bad), None, "{bad:?}");
    }
}

#[test]
fn retention_ends_at_midnight_in_the_events_zone_days_after_its_last_day() {
    // Guatemala is UTC-6: the event's last day is 3 December 2010, so it ended at 06:00 UTC on
    // the 4th; 180 days later is 2 June 2011, 06:00 UTC.
    let e = exact("GT", "2010-12-01", "2010-12-03");
    let ends = Utc.with_ymd_and_hms(2011, 6, 2, 6, 0, 0).unwrap();
    assert_eq!(retention_ends(&e, 180), ends);
    assert!(!retention_due(&e, 180, ends - chrono::Duration::seconds(1)));
    assert!(retention_due(&e, 180, ends));
    // In the Dominican Republic (UTC-4) the same days end two hours earlier.
    let rd = exact("DO", "2010-12-01", "2010-12-03");
    assert_eq!(
        retention_ends(&rd, 180),
        Utc.with_ymd_and_hms(2011, 6, 2, 4, 0, 0).unwrap()
    );
}

#[test]
fn a_timed_event_is_kept_until_the_end_of_its_last_local_day() {
    let e = event_of(
        "MX",
        EventInput {
            start_date: "2027-03-09".into(),
            end_date: "2027-03-09".into(),
            start_time: "09:00".into(),
            end_time: "13:00".into(),
            ..EventInput::default()
        },
    );
    // Mexico City is UTC-6: the 10th starts at 06:00 UTC; one day later, the 11th.
    assert_eq!(
        retention_ends(&e, 1),
        Utc.with_ymd_and_hms(2027, 3, 11, 6, 0, 0).unwrap()
    );
}

#[test]
fn a_tentative_month_only_event_is_kept_until_days_after_the_month_ends() {
    let e = event_of(
        "SV",
        EventInput {
            month: "2011-02".into(),
            ..EventInput::default()
        },
    );
    // February 2011 ends on the 28th; the 1st of March plus 30 days is 31 March, 06:00 UTC.
    assert_eq!(
        retention_ends(&e, 30),
        Utc.with_ymd_and_hms(2011, 3, 31, 6, 0, 0).unwrap()
    );
    assert!(!retention_due(
        &e,
        30,
        Utc.with_ymd_and_hms(2011, 3, 15, 0, 0, 0).unwrap()
    ));
}

#[test]
fn the_stores_first_cut_never_misses_a_due_event() {
    // For every zone of the region and a day either side of midnight, an event that is due
    // has its last day on or before the cut.
    for host in ["GT", "DO", "CA", "PA", "MX", "US", "BZ"] {
        let e = exact(host, "2026-01-10", "2026-01-12");
        for hours in [-30_i64, -12, -1, 0, 1, 12, 30] {
            let now = retention_ends(&e, 10) + chrono::Duration::hours(hours);
            if retention_due(&e, 10, now) {
                assert!(
                    e.details.dates.last_day() <= due_last_day_until(now, 10),
                    "{host} {hours}"
                );
            }
        }
    }
}

#[test]
fn an_event_is_over_when_its_end_has_passed() {
    let e = exact("GT", "2027-03-09", "2027-03-10");
    assert!(!event_over(
        &e,
        Utc.with_ymd_and_hms(2027, 3, 11, 5, 59, 0).unwrap()
    ));
    assert!(event_over(
        &e,
        Utc.with_ymd_and_hms(2027, 3, 11, 6, 0, 0).unwrap()
    ));
}

#[test]
fn a_freed_seat_counts_as_cancelled_and_counts_add_up() {
    assert_eq!(
        counted_status(RegistrationStatus::Confirmed, true),
        RegistrationStatus::Cancelled
    );
    assert_eq!(
        counted_status(RegistrationStatus::Waitlisted, false),
        RegistrationStatus::Waitlisted
    );
    let mut counts = Vec::new();
    add_to(&mut counts, "GT", RegistrationStatus::Confirmed);
    add_to(&mut counts, "GT", RegistrationStatus::Confirmed);
    add_to(&mut counts, "SV", RegistrationStatus::Cancelled);
    assert_eq!(
        counts,
        vec![
            ErasedCount {
                delegation: "GT".into(),
                status: RegistrationStatus::Confirmed,
                count: 2
            },
            ErasedCount {
                delegation: "SV".into(),
                status: RegistrationStatus::Cancelled,
                count: 1
            },
        ]
    );
    assert_eq!(delegation_label("GT", Lang::En), "Guatemala");
    assert_eq!(delegation_label("OTHER", Lang::En), "Other organisations");
    assert_eq!(delegation_label("OTHER", Lang::Es), "Otras organizaciones");
}

#[test]
fn the_audit_lines_hold_counts_only() {
    let mut counts = Vec::new();
    add_to(&mut counts, "GT", RegistrationStatus::Confirmed);
    add_to(&mut counts, "SV", RegistrationStatus::Confirmed);
    add_to(&mut counts, "SV", RegistrationStatus::Cancelled);
    let lines = audit_changes(
        &counts,
        Some(RequestTotals {
            registrations: 3,
            events: 2,
        }),
    );
    let shown: Vec<(String, String)> = lines.into_iter().map(|c| (c.field, c.new)).collect();
    assert_eq!(
        shown,
        vec![
            ("personal_data_erased".to_owned(), "3".to_owned()),
            ("erased_confirmed".into(), "2".into()),
            ("erased_cancelled".into(), "1".into()),
            ("request".into(), "3 registrations in 2 events".into()),
        ]
    );
    assert_eq!(ErasureReason::Retention.action(), "erase-retention");
}

#[test]
fn my_data_holds_every_field_and_the_event() {
    let e = exact("GT", "2027-03-09", "2027-03-10");
    let at = Utc.with_ymd_and_hms(2027, 1, 5, 12, 0, 0).unwrap();
    let day = |d: u32| NaiveDate::from_ymd_opt(2027, 3, d).unwrap();
    let r = Registration {
        id: 3,
        event_id: e.id,
        details: RegistrationDetails {
            name: "Ana Pérez".into(),
            email: "ana@minex.gob.gt".into(),
            delegation: Delegation::Other("Red Niñez".into()),
            institution: "Red".into(),
            position: "Directora".into(),
            lang: Lang::Es,
            arrival: Some(Travel {
                date: day(8),
                time: chrono::NaiveTime::from_hms_opt(14, 30, 0),
                flight: "CM 201".into(),
            }),
            departure: Some(Travel {
                date: day(11),
                time: None,
                flight: String::new(),
            }),
            hotel: true,
            transfer: true,
            dietary: "Vegetariana".into(),
            accessibility: "Rampa".into(),
            interpretation: Some(Interpretation::En),
            visa_letter: true,
        },
        status: RegistrationStatus::Confirmed,
        hold_until: None,
        waitlist_position: None,
        created_at: at,
        updated_at: at,
    };
    let times = my_data::StoredTimes {
        consent_at: at,
        cancelled_at: None,
        feed_generation: 1,
    };
    let data = MyData::new(&e, &r, times, Lang::En, at);
    let json = serde_json::to_value(&data).unwrap();
    let reg = &json["registration"];
    assert_eq!(reg["name"], "Ana Pérez");
    assert_eq!(reg["delegation"], "OTHER");
    assert_eq!(reg["organisation"], "Red Niñez");
    assert_eq!(reg["arrival"]["flight"], "CM 201");
    assert_eq!(reg["arrival"]["time"], "14:30:00");
    assert_eq!(reg["hotel_nights"].as_array().unwrap().len(), 3);
    assert_eq!(reg["interpretation"], "en");
    assert_eq!(reg["accessibility"], "Rampa");
    assert_eq!(reg["consent_at"], "2027-01-05T12:00:00Z");
    assert_eq!(json["event"]["slug"], "taller");
    assert_eq!(json["event"]["tz"], "America/Guatemala");
    assert!(!json.to_string().contains("hash"), "no token hashes");
}
