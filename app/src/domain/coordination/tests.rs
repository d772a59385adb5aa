use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::domain::event::{EventKind, EventStatus};
use crate::domain::time::{EventDates, LocalTimes};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn all_day(start: NaiveDate, end: NaiveDate) -> EventDates {
    EventDates::Exact {
        start,
        end,
        times: None,
    }
}

fn timed(day: NaiveDate, start: NaiveTime, end: NaiveTime) -> EventDates {
    EventDates::Exact {
        start: day,
        end: day,
        times: Some(LocalTimes { start, end }),
    }
}

fn details(host: Country, kind: EventKind, title: (&str, &str), dates: EventDates) -> EventDetails {
    EventDetails {
        host,
        cohosts: Vec::new(),
        city: "Ciudad".into(),
        venue: String::new(),
        tz: host.capital_zone(),
        kind,
        title: Localized::new(title.0, title.1),
        description: Localized::default(),
        status: EventStatus::Confirmed,
        capacity: None,
        dates,
    }
}

fn event(id: i64, details: EventDetails) -> Event {
    Event {
        id,
        slug: format!("event-{id}"),
        uid: format!("uid-{id:03}"),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: DateTime::UNIX_EPOCH,
        updated_at: DateTime::UNIX_EPOCH,
    }
}

const WORKSHOP: (&str, &str) = (
    "Taller de Modernización de la Legislación",
    "Workshop on Modernising Legislation",
);
const CONFERENCE: (&str, &str) = (
    "Conferencia sobre trabajo forzado infantil",
    "Conference on forced child labour",
);

/// The source report's pair: the workshop in El Salvador on 1–3 December 2010, and the conference
/// in Guatemala starting on `start` December, for two days.
fn december_pair(start: u32) -> Vec<Event> {
    vec![
        event(
            1,
            details(
                Country::SV,
                EventKind::Workshop,
                WORKSHOP,
                all_day(d(2010, 12, 1), d(2010, 12, 3)),
            ),
        ),
        event(
            2,
            details(
                Country::GT,
                EventKind::Conference,
                CONFERENCE,
                all_day(d(2010, 12, start), d(2010, 12, start + 1)),
            ),
        ),
    ]
}

fn reg(event_id: i64, person: &str, delegation: &str) -> Registration {
    Registration {
        event_id,
        person: person.into(),
        delegation: delegation.into(),
    }
}

fn kinds(report: &Report<'_>) -> Vec<ConflictKind> {
    report.conflicts.iter().map(Conflict::kind).collect()
}

fn only<'r, 'a>(report: &'r Report<'a>) -> &'r Conflict<'a> {
    assert_eq!(report.conflicts.len(), 1, "{:?}", report.conflicts);
    &report.conflicts[0]
}

#[rstest]
#[case::two_free_days_are_enough(6, None)]
#[case::one_free_day_meets_the_default(5, None)]
#[case::no_free_day_is_flagged(4, Some(Clash::TravelGap { free_days: 0, required: 1 }))]
#[case::same_last_and_first_day_overlaps(3, Some(Clash::Overlap))]
fn the_december_2010_pair_is_judged_by_free_days(
    #[case] start: u32,
    #[case] expected: Option<Clash>,
) {
    let events = december_pair(start);
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    let found: Vec<Clash> = report
        .conflicts
        .iter()
        .filter_map(|c| match c {
            Conflict::Events { clash, .. } => Some(*clash),
            _ => None,
        })
        .collect();
    assert_eq!(found, expected.into_iter().collect::<Vec<_>>());
    assert_eq!(
        clash(&entries[0], &entries[1], Options::default()),
        expected
    );
}

#[test]
fn asking_for_two_free_days_flags_the_pair_with_one() {
    let events = december_pair(5);
    let entries = entries(&events);
    let options = Options {
        min_free_days: 2,
        ..Options::default()
    };

    let report = find_conflicts(&entries, &[], &[], options);

    assert_eq!(
        only(&report),
        &Conflict::Events {
            clash: Clash::TravelGap {
                free_days: 1,
                required: 2
            },
            first: &entries[0],
            second: &entries[1],
            audience: Audience::default(),
        }
    );
}

#[test]
fn a_travel_gap_is_explained_in_both_languages() {
    let events = december_pair(4);
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());
    let conflict = only(&report);

    assert_eq!(
        conflict.explain(Lang::Es),
        "«Taller de Modernización de la Legislación» (El Salvador, 1–3 de diciembre de 2010) \
         termina el 3 de diciembre de 2010 y «Conferencia sobre trabajo forzado infantil» \
         (Guatemala, 4–5 de diciembre de 2010) empieza el 4 de diciembre de 2010: no queda ningún \
         día libre para viajar de El Salvador a Guatemala, y se necesita al menos 1 día libre."
    );
    assert_eq!(
        conflict.explain(Lang::En),
        "“Workshop on Modernising Legislation” (El Salvador, 1–3 December 2010) ends on \
         3 December 2010 and “Conference on forced child labour” (Guatemala, 4–5 December 2010) \
         starts on 4 December 2010, leaving no free day to travel from El Salvador to Guatemala; \
         at least 1 free day is needed."
    );
    assert_eq!(conflict.severity(), Severity::Low);
    assert_eq!(conflict.key(), "travel-gap:uid-001:uid-002");
}

#[test]
fn back_to_back_events_in_one_country_need_no_travel() {
    let mut events = december_pair(4);
    events[1].details.host = Country::SV;
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    assert!(report.conflicts.is_empty());
}

#[test]
fn a_missing_english_title_falls_back_to_spanish() {
    let mut events = december_pair(3);
    events[0].details.title.en = String::new();
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    assert_eq!(
        only(&report).explain(Lang::En),
        "“Taller de Modernización de la Legislación” (El Salvador, 1–3 December 2010) and \
         “Conference on forced child labour” (Guatemala, 3–4 December 2010) overlap."
    );
}

#[rstest]
// 09:00–12:00 in Guatemala (UTC−6) is 15:00–18:00 UTC; 10:00–13:00 in Santo Domingo (UTC−4) is
// 14:00–17:00 UTC.
#[case::overlapping_instants_across_zones((9, 12), (10, 13), Some(Clash::Overlap))]
// 09:00–10:00 in each: 15:00–16:00 and 13:00–14:00 UTC, the same day in different countries.
#[case::same_day_apart_in_time((9, 10), (9, 10), Some(Clash::TravelGap { free_days: 0, required: 1 }))]
// 13:00–14:00 in Guatemala is 19:00–20:00 UTC; 15:00–16:00 in Santo Domingo is 19:00–20:00 UTC.
#[case::same_instants_at_different_local_times((13, 14), (15, 16), Some(Clash::Overlap))]
fn timed_events_are_compared_by_instants(
    #[case] guatemala: (u32, u32),
    #[case] santo_domingo: (u32, u32),
    #[case] expected: Option<Clash>,
) {
    let day = d(2024, 7, 10);
    let events = [
        event(
            1,
            details(
                Country::GT,
                EventKind::Meeting,
                ("Reunión A", "Meeting A"),
                timed(day, t(guatemala.0, 0), t(guatemala.1, 0)),
            ),
        ),
        event(
            2,
            details(
                Country::DO,
                EventKind::Workshop,
                ("Taller B", "Workshop B"),
                timed(day, t(santo_domingo.0, 0), t(santo_domingo.1, 0)),
            ),
        ),
    ];
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    assert_eq!(report.conflicts.len(), usize::from(expected.is_some()));
    assert_eq!(
        clash(&entries[0], &entries[1], Options::default()),
        expected
    );
}

#[test]
fn a_person_is_double_booked_across_zones_two_local_days_apart() {
    // 23:00–23:30 on 10 July in Pago Pago (UTC−11) is 10:00–10:30 UTC on 11 July; 00:00–01:00
    // on 12 July in Kiritimati (UTC+14) is 10:00–11:00 UTC on 11 July.
    let mut pago = details(
        Country::US,
        EventKind::Meeting,
        ("Reunión A", "Meeting A"),
        timed(d(2024, 7, 10), t(23, 0), t(23, 30)),
    );
    pago.tz = Tz::Pacific__Pago_Pago;
    let mut kiritimati = details(
        Country::MX,
        EventKind::Workshop,
        ("Taller B", "Workshop B"),
        timed(d(2024, 7, 12), t(0, 0), t(1, 0)),
    );
    kiritimati.tz = Tz::Pacific__Kiritimati;
    let events = [event(1, pago), event(2, kiritimati)];
    let entries = entries(&events);
    let registrations = [reg(1, "ana", ""), reg(2, "ana", "")];

    let report = find_conflicts(
        &entries,
        &registrations,
        &[],
        Options {
            min_free_days: 0,
            ..Options::default()
        },
    );

    let keys: Vec<_> = report.conflicts.iter().map(Conflict::key).collect();
    assert_eq!(
        keys,
        vec![
            "overlap:uid-001:uid-002".to_owned(),
            "double-booking:uid-001:uid-002:ana".to_owned()
        ]
    );
}

#[test]
fn a_timed_event_ending_when_another_starts_does_not_overlap() {
    let day = d(2024, 7, 10);
    let events = [
        event(
            1,
            details(
                Country::MX,
                EventKind::Meeting,
                ("A", "A"),
                timed(day, t(9, 0), t(12, 0)),
            ),
        ),
        event(
            2,
            details(
                Country::MX,
                EventKind::Meeting,
                ("B", "B"),
                timed(day, t(12, 0), t(14, 0)),
            ),
        ),
    ];
    let entries = entries(&events);

    assert!(
        find_conflicts(&entries, &[], &[], Options::default())
            .conflicts
            .is_empty()
    );
}

#[test]
fn a_timed_event_inside_an_all_day_event_overlaps_it() {
    let events = [
        event(
            1,
            details(
                Country::PA,
                EventKind::Conference,
                ("Conferencia", "Conference"),
                all_day(d(2024, 7, 9), d(2024, 7, 11)),
            ),
        ),
        event(
            2,
            details(
                Country::CR,
                EventKind::Meeting,
                ("Reunión", "Meeting"),
                timed(d(2024, 7, 11), t(20, 0), t(21, 0)),
            ),
        ),
    ];
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    assert_eq!(kinds(&report), vec![ConflictKind::Overlap]);
    assert_eq!(report.conflicts[0].severity(), Severity::Medium);
}

#[test]
fn a_time_in_a_daylight_saving_gap_falls_back_to_the_whole_day() {
    // 02:30 does not exist in New York on 10 March 2024.
    let mut gap = details(
        Country::US,
        EventKind::Meeting,
        ("Reunión", "Meeting"),
        timed(d(2024, 3, 10), t(2, 30), t(4, 0)),
    );
    gap.tz = chrono_tz::America::New_York;
    let events = [
        event(1, gap),
        event(
            2,
            details(
                Country::US,
                EventKind::Workshop,
                ("Taller", "Workshop"),
                timed(d(2024, 3, 10), t(20, 0), t(21, 0)),
            ),
        ),
    ];
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    assert_eq!(kinds(&report), vec![ConflictKind::Overlap]);
}

#[test]
fn a_month_only_event_may_clash_with_anything_in_its_month() {
    let events = [
        event(
            1,
            details(
                Country::HN,
                EventKind::Workshop,
                ("Taller en febrero", "February workshop"),
                all_day(d(2011, 2, 10), d(2011, 2, 11)),
            ),
        ),
        event(
            2,
            details(
                Country::SV,
                EventKind::Meeting,
                ("II Reunión de los Comités", "2nd Meeting of the Committees"),
                EventDates::Month {
                    year: 2011,
                    month: 2,
                },
            ),
        ),
        event(
            3,
            details(
                Country::NI,
                EventKind::Workshop,
                ("Taller en marzo", "March workshop"),
                all_day(d(2011, 3, 1), d(2011, 3, 1)),
            ),
        ),
    ];
    let entries = entries(&events);

    let report = find_conflicts(&entries, &[], &[], Options::default());

    let conflict = only(&report);
    assert_eq!(conflict.kind(), ConflictKind::PossibleClash);
    assert_eq!(conflict.severity(), Severity::Low);
    assert_eq!(
        conflict.explain(Lang::Es),
        "«II Reunión de los Comités» (El Salvador, febrero de 2011 (fechas por confirmar)) solo \
         tiene fijado el mes y podría coincidir con «Taller en febrero» (Honduras, 10–11 de \
         febrero de 2011)."
    );
    assert_eq!(
        conflict.explain(Lang::En),
        "“2nd Meeting of the Committees” (El Salvador, February 2011 (dates to be confirmed)) has \
         only its month set and may clash with “February workshop” (Honduras, 10–11 February \
         2011)."
    );
    assert_eq!(conflict.key(), "possible-clash:uid-001:uid-002");
}

#[test]
fn cancelled_events_are_ignored() {
    let mut events = december_pair(3);
    events[1].details.status = EventStatus::Cancelled;
    let entries = entries(&events);

    assert!(
        find_conflicts(&entries, &[], &[], Options::default())
            .conflicts
            .is_empty()
    );
}

#[rstest]
#[case::nothing_shared(EventKind::Conference, &[], Severity::Medium, None)]
#[case::same_kind(
    EventKind::Workshop,
    &[],
    Severity::High,
    Some(("Comparten público: los dos son talleres.", "They share an audience: both are workshops."))
)]
#[case::a_delegation_in_both(
    EventKind::Conference,
    &[(1, "ana", "GT"), (2, "luis", "GT"), (2, "eva", "OIM")],
    Severity::High,
    Some((
        "Comparten público: 1 delegación inscrita en ambos.",
        "They share an audience: 1 delegation registered to both."
    ))
)]
#[case::people_in_both(
    EventKind::Conference,
    &[(1, "ana", "GT"), (2, "ana", "SV"), (1, "eva", ""), (2, "eva", "")],
    Severity::High,
    Some((
        "Comparten público: 2 personas inscritas en ambos.",
        "They share an audience: 2 people registered to both."
    ))
)]
fn a_shared_audience_raises_an_overlap(
    #[case] second_kind: EventKind,
    #[case] registrations: &[(i64, &str, &str)],
    #[case] severity: Severity,
    #[case] shared: Option<(&str, &str)>,
) {
    let mut events = december_pair(3);
    events[1].details.kind = second_kind;
    let entries = entries(&events);
    let registrations: Vec<_> = registrations
        .iter()
        .map(|&(e, p, g)| reg(e, p, g))
        .collect();

    let report = find_conflicts(&entries, &registrations, &[], Options::default());

    let overlap = report
        .conflicts
        .iter()
        .find(|c| c.kind() == ConflictKind::Overlap)
        .unwrap();
    assert_eq!(overlap.severity(), severity);
    for (lang, text) in [
        (Lang::Es, shared.map(|s| s.0)),
        (Lang::En, shared.map(|s| s.1)),
    ] {
        let explained = overlap.explain(lang);
        match text {
            Some(text) => assert!(explained.ends_with(text), "{explained}"),
            None => assert!(explained.ends_with(')') || explained.ends_with('.')),
        }
    }
}

#[test]
fn a_person_registered_to_overlapping_events_is_double_booked() {
    let events = december_pair(3);
    let entries = entries(&events);
    let registrations = [
        reg(1, "María López", "GT"),
        reg(2, "María López", "GT"),
        reg(2, "Juan Pérez", "SV"),
        reg(99, "María López", "GT"),
    ];

    let report = find_conflicts(&entries, &registrations, &[], Options::default());

    let booked: Vec<_> = report
        .conflicts
        .iter()
        .filter(|c| c.kind() == ConflictKind::DoubleBooking)
        .collect();
    assert_eq!(booked.len(), 1);
    let booked = booked[0];
    assert_eq!(booked.severity(), Severity::High);
    assert_eq!(booked.key(), "double-booking:uid-001:uid-002:María López");
    assert_eq!(
        booked.explain(Lang::Es),
        "María López tiene inscripción en «Taller de Modernización de la Legislación» (El \
         Salvador, 1–3 de diciembre de 2010) y en «Conferencia sobre trabajo forzado infantil» \
         (Guatemala, 3–4 de diciembre de 2010), que coinciden en fechas."
    );
    assert_eq!(
        booked.explain(Lang::En),
        "María López is registered to both “Workshop on Modernising Legislation” (El Salvador, \
         1–3 December 2010) and “Conference on forced child labour” (Guatemala, 3–4 December \
         2010), which overlap."
    );
}

#[test]
fn a_person_left_no_time_to_travel_is_double_booked_at_medium() {
    let events = december_pair(4);
    let entries = entries(&events);
    let registrations = [reg(1, "ana", "GT"), reg(2, "ana", "GT")];

    let report = find_conflicts(&entries, &registrations, &[], Options::default());

    let severities: Vec<_> = report
        .conflicts
        .iter()
        .map(|c| (c.kind(), c.severity()))
        .collect();
    assert_eq!(
        severities,
        vec![
            (ConflictKind::TravelGap, Severity::Medium),
            (ConflictKind::DoubleBooking, Severity::Medium)
        ]
    );
    assert_eq!(
        report.conflicts[1].explain(Lang::En),
        "ana is registered to both “Workshop on Modernising Legislation” (El Salvador, 1–3 \
         December 2010) and “Conference on forced child labour” (Guatemala, 4–5 December 2010), \
         which leave no free day to travel."
    );
    assert!(
        report.conflicts[1]
            .explain(Lang::Es)
            .ends_with("que no dejan ningún día libre para viajar.")
    );
}

#[test]
fn holidays_of_the_host_country_on_the_event_days_are_reported() {
    let events = december_pair(6);
    let entries = entries(&events);
    let holidays = [
        Holiday {
            country: Country::SV,
            date: d(2010, 12, 2),
            name: Localized::new("Feriado de prueba", "Test holiday"),
        },
        Holiday {
            country: Country::GT,
            date: d(2010, 12, 2),
            name: Localized::new("Otro", "Other"),
        },
        Holiday {
            country: Country::SV,
            date: d(2010, 12, 25),
            name: Localized::new("Navidad", "Christmas Day"),
        },
    ];

    let report = find_conflicts(&entries, &[], &holidays, Options::default());

    let conflict = only(&report);
    assert_eq!(conflict.key(), "holiday:uid-001:SV:2010-12-02");
    assert_eq!(conflict.day(), d(2010, 12, 2));
    assert_eq!(
        conflict.explain(Lang::Es),
        "«Taller de Modernización de la Legislación» (El Salvador, 1–3 de diciembre de 2010) cae \
         en un día feriado en El Salvador: Feriado de prueba, 2 de diciembre de 2010."
    );
    assert_eq!(
        conflict.explain(Lang::En),
        "“Workshop on Modernising Legislation” (El Salvador, 1–3 December 2010) falls on a public \
         holiday in El Salvador: Test holiday, 2 December 2010."
    );
}

#[test]
fn keys_do_not_depend_on_the_order_of_the_events() {
    let mut events = december_pair(3);
    let forward: Vec<String> = find_conflicts(&entries(&events), &[], &[], Options::default())
        .conflicts
        .iter()
        .map(Conflict::key)
        .collect();
    events.reverse();
    let backward: Vec<String> = find_conflicts(&entries(&events), &[], &[], Options::default())
        .conflicts
        .iter()
        .map(Conflict::key)
        .collect();

    assert_eq!(forward, vec!["overlap:uid-001:uid-002".to_owned()]);
    assert_eq!(forward, backward);
}

#[test]
fn proposing_a_guatemala_event_the_day_after_el_salvador_shows_the_travel_gap() {
    let stored = december_pair(6);
    let entries = entries(&stored[..1]);
    let proposed = details(
        Country::GT,
        EventKind::Conference,
        CONFERENCE,
        all_day(d(2010, 12, 4), d(2010, 12, 5)),
    );
    let candidate = Entry::proposed(&proposed, None);

    let conflicts = conflicts_with(&candidate, &entries, &[], &[], Options::default());

    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].kind(), ConflictKind::TravelGap);
    assert_eq!(conflicts[0].key(), "travel-gap:new:uid-001");
    assert!(
        conflicts[0]
            .explain(Lang::Es)
            .contains("no queda ningún día libre")
    );
}

#[test]
fn moving_an_event_is_not_compared_with_its_stored_self() {
    let stored = december_pair(6);
    let entries = entries(&stored);
    let moved = details(
        Country::GT,
        EventKind::Conference,
        CONFERENCE,
        all_day(d(2010, 12, 3), d(2010, 12, 4)),
    );
    let candidate = Entry::proposed(&moved, Some(&stored[1]));
    let registrations = [reg(1, "ana", "GT"), reg(2, "ana", "GT")];

    let conflicts = conflicts_with(
        &candidate,
        &entries,
        &registrations,
        &[],
        Options::default(),
    );

    let keys: Vec<_> = conflicts.iter().map(Conflict::key).collect();
    assert_eq!(
        keys,
        vec![
            "overlap:uid-001:uid-002".to_owned(),
            "double-booking:uid-001:uid-002:ana".to_owned()
        ]
    );
    assert_eq!(conflicts[0].severity(), Severity::High);
}

#[test]
fn an_empty_calendar_has_no_conflicts() {
    let report = find_conflicts(&[], &[], &[], Options::default());

    assert!(report.conflicts.is_empty());
    assert!(!report.is_truncated());
    assert!(ConflictKind::ALL.iter().all(|&k| report.found(k) == 0));
}

#[test]
fn a_crowded_month_is_counted_in_full_but_kept_up_to_the_cap() {
    let events: Vec<Event> = (0..300)
        .map(|i| {
            event(
                i,
                details(
                    Country::ALL[usize::try_from(i).unwrap() % Country::ALL.len()],
                    EventKind::Meeting,
                    ("Reunión", "Meeting"),
                    all_day(d(2012, 5, 1), d(2012, 5, 31)),
                ),
            )
        })
        .collect();
    let entries = entries(&events);
    let options = Options {
        max_per_kind: 1_000,
        ..Options::default()
    };

    let report = find_conflicts(&entries, &[], &[], options);

    assert_eq!(report.found(ConflictKind::Overlap), 300 * 299 / 2);
    assert_eq!(report.conflicts.len(), 1_000);
    assert!(report.is_truncated());
}

#[test]
fn odd_data_never_panics() {
    let mut odd = vec![
        // Backwards dates, read as the days between them.
        details(
            Country::MX,
            EventKind::Meeting,
            ("Al revés", "Backwards"),
            all_day(d(2010, 12, 5), d(2010, 12, 1)),
        ),
        // An impossible month: ignored.
        details(
            Country::SV,
            EventKind::Meeting,
            ("Mes 13", "Month 13"),
            EventDates::Month {
                year: 2010,
                month: 13,
            },
        ),
        // A whole year.
        details(
            Country::CA,
            EventKind::Conference,
            ("Todo el año", "All year"),
            all_day(d(2010, 1, 1), d(2010, 12, 31)),
        ),
        // The ends of the calendar, with times that cannot resolve.
        details(
            Country::US,
            EventKind::Workshop,
            ("Fin", "End"),
            timed(NaiveDate::MAX, t(23, 0), t(23, 30)),
        ),
        details(
            Country::PA,
            EventKind::Workshop,
            ("Inicio", "Start"),
            timed(NaiveDate::MIN, t(0, 0), t(1, 0)),
        ),
        // Untitled, and an end time before its start.
        details(
            Country::BZ,
            EventKind::Meeting,
            ("", ""),
            timed(d(2010, 12, 2), t(15, 0), t(9, 0)),
        ),
    ];
    odd[4].tz = Tz::Pacific__Kiritimati;
    let events: Vec<Event> = odd
        .into_iter()
        .zip(1..)
        .map(|(details, id)| event(id, details))
        .collect();
    let entries = entries(&events);
    let holidays = [Holiday {
        country: Country::US,
        date: NaiveDate::MAX,
        name: Localized::default(),
    }];
    let registrations = [reg(4, "x", ""), reg(5, "x", ""), reg(1, "", "MX")];
    let options = Options {
        min_free_days: u32::MAX,
        max_per_kind: usize::MAX,
    };

    let report = find_conflicts(&entries, &registrations, &holidays, options);

    for c in &report.conflicts {
        for lang in Lang::ALL {
            assert!(!c.explain(lang).is_empty());
        }
    }
    let ids: HashSet<String> = report.conflicts.iter().map(Conflict::key).collect();
    assert!(ids.contains("overlap:uid-001:uid-003"), "{ids:?}");
    assert!(ids.contains("overlap:uid-003:uid-006"), "{ids:?}");
    assert!(ids.contains("holiday:uid-004:US:+262142-12-31"), "{ids:?}");
    assert!(!ids.iter().any(|k| k.contains("uid-002")));
    for entry in &entries {
        let _ = conflicts_with(entry, &entries, &registrations, &holidays, options);
    }
}

#[test]
fn the_demo_calendar_has_no_conflicts_by_default() {
    let events = [
        event(
            1,
            details(
                Country::MX,
                EventKind::Meeting,
                ("Reunión ministerial", "Ministerial meeting"),
                all_day(d(2010, 10, 8), d(2010, 10, 8)),
            ),
        ),
        event(
            2,
            details(
                Country::MX,
                EventKind::Meeting,
                ("Reunión de la Red", "Network meeting"),
                all_day(d(2010, 11, 16), d(2010, 11, 16)),
            ),
        ),
        december_pair(6).swap_remove(0),
        december_pair(6).swap_remove(1),
        event(
            5,
            details(
                Country::SV,
                EventKind::Meeting,
                ("II Reunión de los Comités", "2nd Meeting of the Committees"),
                EventDates::Month {
                    year: 2011,
                    month: 2,
                },
            ),
        ),
    ];
    let entries = entries(&events);

    assert!(
        find_conflicts(&entries, &[], &[], Options::default())
            .conflicts
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Property tests: the sweeps against a brute-force oracle over all pairs, written from the rules.

/// One conflict as compared: key, severity, and the details that matter.
type Seen = (String, Severity, String);

fn seen(conflict: &Conflict<'_>) -> Seen {
    let detail = match conflict {
        Conflict::Events {
            clash, audience, ..
        } => format!("{clash:?} {audience:?}"),
        Conflict::Person { clash, .. } => format!("{clash:?}"),
        Conflict::Holiday { .. } => String::new(),
    };
    (conflict.key(), conflict.severity(), detail)
}

/// An event as the rules describe it, computed directly from its details.
struct Plain {
    first: NaiveDate,
    last: NaiveDate,
    instants: Option<(DateTime<Utc>, DateTime<Utc>)>,
    month_only: bool,
}

fn plain(details: &EventDetails) -> Option<Plain> {
    if details.status == EventStatus::Cancelled {
        return None;
    }
    match details.dates {
        EventDates::Month { year, month } => {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            Some(Plain {
                first,
                last: next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX),
                instants: None,
                month_only: true,
            })
        }
        EventDates::Exact { start, end, times } => {
            let instants = times.and_then(|_| {
                let s = details.starts_at().ok()?;
                let e = details.ends_at().ok()?;
                (e > s).then_some((s, e))
            });
            Some(Plain {
                first: start.min(end),
                last: start.max(end),
                instants,
                month_only: false,
            })
        }
    }
}

fn oracle_clash(a: &Plain, b: &Plain, ha: Country, hb: Country, min: u32) -> Option<Clash> {
    let min = min.min(MAX_MIN_FREE_DAYS);
    let days_meet = a.first <= b.last && b.first <= a.last;
    if a.month_only || b.month_only {
        return days_meet.then_some(Clash::Possible);
    }
    let overlap = match (a.instants, b.instants) {
        (Some((s1, e1)), Some((s2, e2))) => s1 < e2 && s2 < e1,
        _ => days_meet,
    };
    if overlap {
        return Some(Clash::Overlap);
    }
    if ha == hb {
        return None;
    }
    let free = if days_meet {
        0
    } else if a.last < b.first {
        (b.first - a.last).num_days() - 1
    } else {
        (a.first - b.last).num_days() - 1
    };
    (free < i64::from(min)).then(|| Clash::TravelGap {
        free_days: u32::try_from(free).unwrap(),
        required: min,
    })
}

fn oracle(
    events: &[Event],
    registrations: &[Registration],
    holidays: &[Holiday],
    min: u32,
) -> Vec<Seen> {
    let plains: Vec<Option<Plain>> = events.iter().map(|e| plain(&e.details)).collect();
    let regs_of = |id: i64| -> Vec<&Registration> {
        registrations.iter().filter(|r| r.event_id == id).collect()
    };
    let mut out = Vec::new();
    for i in 0..events.len() {
        for j in i + 1..events.len() {
            let (Some(a), Some(b)) = (&plains[i], &plains[j]) else {
                continue;
            };
            let (ei, ej) = (&events[i], &events[j]);
            let Some(clash) = oracle_clash(a, b, ei.details.host, ej.details.host, min) else {
                continue;
            };
            let (ri, rj) = (regs_of(ei.id), regs_of(ej.id));
            let set = |rs: &[&Registration], f: fn(&Registration) -> &str| -> BTreeSet<String> {
                rs.iter()
                    .map(|r| f(r).to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let delegations = set(&ri, |r| &r.delegation)
                .intersection(&set(&rj, |r| &r.delegation))
                .count();
            let people: Vec<String> = set(&ri, |r| &r.person)
                .intersection(&set(&rj, |r| &r.person))
                .cloned()
                .collect();
            let audience = Audience {
                same_kind: ei.details.kind == ej.details.kind,
                delegations: u32::try_from(delegations).unwrap(),
                people: u32::try_from(people.len()).unwrap(),
            };
            let (code, severity) = match clash {
                Clash::Overlap if audience.is_shared() => ("overlap", Severity::High),
                Clash::Overlap => ("overlap", Severity::Medium),
                Clash::Possible => ("possible-clash", Severity::Low),
                Clash::TravelGap { .. } if audience.is_shared() => ("travel-gap", Severity::Medium),
                Clash::TravelGap { .. } => ("travel-gap", Severity::Low),
            };
            let (u1, u2) = if ei.uid <= ej.uid {
                (&ei.uid, &ej.uid)
            } else {
                (&ej.uid, &ei.uid)
            };
            out.push((
                format!("{code}:{u1}:{u2}"),
                severity,
                format!("{clash:?} {audience:?}"),
            ));
            for person in people {
                let severity = match clash {
                    Clash::Overlap => Severity::High,
                    Clash::TravelGap { .. } => Severity::Medium,
                    Clash::Possible => Severity::Low,
                };
                out.push((
                    format!("double-booking:{u1}:{u2}:{person}"),
                    severity,
                    format!("{clash:?}"),
                ));
            }
        }
    }
    for (e, p) in events.iter().zip(&plains) {
        let Some(p) = p.as_ref().filter(|p| !p.month_only) else {
            continue;
        };
        for h in holidays {
            if h.country == e.details.host && p.first <= h.date && h.date <= p.last {
                out.push((
                    format!("holiday:{}:{}:{}", e.uid, h.country.code(), h.date),
                    Severity::Low,
                    String::new(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn sorted(mut v: Vec<Seen>) -> Vec<Seen> {
    v.sort();
    v
}

/// A random event: host, zone, kind, cancelled or not, and dates within `days` of 1 January 2023.
fn arb_details(days: u64, zones: Vec<Tz>) -> impl Strategy<Value = EventDetails> {
    let dates = prop_oneof![
        1 => (2023..=2024i32, 1..=12u32).prop_map(|(year, month)| EventDates::Month { year, month }),
        3 => (0..days, 0..6u64, any::<bool>()).prop_map(|(start, len, backwards)| {
            let s = d(2023, 1, 1) + Days::new(start);
            let e = s + Days::new(len);
            if backwards && len > 0 { all_day(e, s) } else { all_day(s, e) }
        }),
        3 => (0..days, 0..3u64, 0..24u32, 0..2u32, 1..30u32).prop_map(|(start, len, h, half, mins)| {
            let s = d(2023, 1, 1) + Days::new(start);
            let begin = t(h, half * 30);
            let end = if len == 0 {
                begin + chrono::Duration::minutes(i64::from(mins) * 20)
            } else {
                t((h + mins) % 24, 0)
            };
            EventDates::Exact {
                start: s,
                end: s + Days::new(len),
                times: Some(LocalTimes { start: begin, end }),
            }
        }),
    ];
    (
        0..Country::ALL.len(),
        prop::sample::select(zones),
        0..EventKind::ALL.len(),
        0..8u8,
        dates,
    )
        .prop_map(|(host, tz, kind, status, dates)| EventDetails {
            host: Country::ALL[host],
            cohosts: Vec::new(),
            city: "Ciudad".into(),
            venue: String::new(),
            tz,
            kind: EventKind::ALL[kind],
            title: Localized::new("Evento", "Event"),
            description: Localized::default(),
            status: if status == 0 {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            },
            capacity: None,
            dates,
        })
}

type Calendar = (Vec<Event>, Vec<Registration>, Vec<Holiday>, u32);

fn arb_calendar(zones: Vec<Tz>) -> impl Strategy<Value = Calendar> {
    prop_oneof![Just(20u64), Just(120), Just(730)]
        .prop_flat_map(move |days| {
            (
                prop::collection::vec(arb_details(days, zones.clone()), 0..40),
                prop::collection::vec((0..45i64, 0..6u8, 0..4u8), 0..60),
                prop::collection::vec((0..Country::ALL.len(), 0..days), 0..15),
                0..4u32,
            )
        })
        .prop_map(|(details, regs, holidays, min)| {
            let events: Vec<Event> = details
                .into_iter()
                .zip(0..)
                .map(|(details, id)| event(id, details))
                .collect();
            let registrations = regs
                .into_iter()
                .map(|(event_id, person, delegation)| {
                    let delegation = ["", "GT", "SV", "OIM"][usize::from(delegation)];
                    reg(event_id, &format!("p{person}"), delegation)
                })
                .collect();
            let holidays = holidays
                .into_iter()
                .map(|(country, day)| Holiday {
                    country: Country::ALL[country],
                    date: d(2023, 1, 1) + Days::new(day),
                    name: Localized::new("Feriado", "Holiday"),
                })
                .collect();
            (events, registrations, holidays, min)
        })
}

fn capital_zones() -> Vec<Tz> {
    Country::ALL.iter().map(|c| c.capital_zone()).collect()
}

/// Zones far apart, where the same instant falls on local dates up to two days apart.
fn extreme_zones() -> Vec<Tz> {
    vec![
        Tz::Pacific__Kiritimati,
        Tz::Pacific__Pago_Pago,
        Tz::Etc__GMTPlus12,
        Tz::America__New_York,
        Tz::America__Santiago,
    ]
}

fn check_against_oracle(calendar: &Calendar) -> Result<(), TestCaseError> {
    let (events, registrations, holidays, min) = calendar;
    let entries = entries(events);
    let options = Options {
        min_free_days: *min,
        max_per_kind: usize::MAX,
    };

    let report = find_conflicts(&entries, registrations, holidays, options);

    let found = sorted(report.conflicts.iter().map(seen).collect());
    prop_assert_eq!(&found, &oracle(events, registrations, holidays, *min));
    prop_assert!(!report.is_truncated());
    for kind in ConflictKind::ALL {
        prop_assert_eq!(
            report.found(kind),
            report.conflicts.iter().filter(|c| c.kind() == kind).count()
        );
    }
    // One event at a time, as a form checks it, finds the same conflicts as the whole calendar.
    for entry in &entries {
        let alone = sorted(
            conflicts_with(entry, &entries, registrations, holidays, options)
                .iter()
                .map(seen)
                .collect(),
        );
        let involving: Vec<Seen> = report
            .conflicts
            .iter()
            .filter(|c| c.events().any(|e| e.uid == entry.uid))
            .map(seen)
            .collect();
        prop_assert_eq!(alone, sorted(involving));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_sweep_finds_exactly_what_all_pairs_find(calendar in arb_calendar(capital_zones())) {
        check_against_oracle(&calendar)?;
    }

    #[test]
    fn the_sweep_finds_exactly_what_all_pairs_find_across_far_zones(
        calendar in arb_calendar(extreme_zones())
    ) {
        check_against_oracle(&calendar)?;
    }

    #[test]
    fn a_cap_keeps_the_first_conflicts_and_counts_the_rest(
        calendar in arb_calendar(capital_zones()),
        cap in 0..5usize,
    ) {
        let (events, registrations, holidays, min) = &calendar;
        let entries = entries(events);
        let all = find_conflicts(&entries, registrations, holidays, Options { min_free_days: *min, max_per_kind: usize::MAX });
        let capped = find_conflicts(&entries, registrations, holidays, Options { min_free_days: *min, max_per_kind: cap });
        for kind in ConflictKind::ALL {
            let kept = capped.conflicts.iter().filter(|c| c.kind() == kind).count();
            prop_assert_eq!(capped.found(kind), all.found(kind));
            prop_assert_eq!(kept, all.found(kind).min(cap));
        }
        prop_assert_eq!(capped.is_truncated(), capped.conflicts.len() < all.conflicts.len());
    }
}

#[test]
fn the_december_2010_pair_is_a_leg_with_two_free_days_enough() {
    let events = december_pair(6);
    let list = entries(&events);
    let legs = travel_legs(&list, Options::default());
    assert_eq!(
        legs,
        vec![Leg {
            from: 0,
            to: 1,
            free_days: 2,
            enough: true
        }]
    );
    assert_eq!(
        legs[0].explain(&list, Options::default(), Lang::En),
        "From “Workshop on Modernising Legislation” (El Salvador, ends on 3 December 2010) to “Conference on forced child labour” (Guatemala, starts on 6 December 2010): 2 free days to travel; enough (at least 1 required)."
    );
    let tight = december_pair(4);
    let list = entries(&tight);
    let legs = travel_legs(&list, Options::default());
    assert_eq!(legs[0].free_days, 0);
    assert!(!legs[0].enough);
    assert!(
        legs[0]
            .explain(&list, Options::default(), Lang::Es)
            .contains("0 días libres para viajar; insuficiente")
    );
    // Overlapping or same-country pairs are no trip.
    assert!(travel_legs(&entries(&december_pair(3)), Options::default()).is_empty());
}
