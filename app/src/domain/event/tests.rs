//! Tests of events: slugs, validation of the form.

use super::*;
use crate::domain::error::{Field, Problem};

#[test]
fn slugs_fold_accents_and_end_with_the_year() {
    assert_eq!(
        slug_base("Taller de Modernización: ¡Legislación!", 2010),
        "taller-de-modernizacion-legislacion-2010"
    );
    assert_eq!(slug_base("<script>", 2027), "script-2027");
    assert_eq!(slug_base("!!!", 2027), "evento-2027");
    assert!(slug_base(&"palabra ".repeat(40), 2027).len() <= 66);
}

#[test]
fn details_round_trip_through_the_form() {
    let details = workshop().validate().unwrap();
    let input = EventInput::from_details(&details);
    assert_eq!(input.validate().unwrap(), details);
}

fn workshop() -> EventInput {
    EventInput {
        host: "SV".into(),
        city: "San Salvador".into(),
        kind: "workshop".into(),
        title_es: "Taller de Modernización de la Legislación".into(),
        start_date: "2010-12-01".into(),
        end_date: "2010-12-03".into(),
        ..EventInput::default()
    }
}

fn problems(input: &EventInput) -> Vec<(Field, Problem)> {
    input
        .validate()
        .unwrap_err()
        .items()
        .iter()
        .map(|e| (e.field, e.problem))
        .collect()
}

#[test]
fn valid_workshop_defaults_to_the_host_capital_zone() {
    let details = workshop().validate().unwrap();
    assert_eq!(details.tz, chrono_tz::America::El_Salvador);
    assert_eq!(details.status, EventStatus::Tentative);
}

#[test]
fn city_can_override_the_zone() {
    let input = EventInput {
        host: "MX".into(),
        tz: "America/Tijuana".into(),
        ..workshop()
    };
    assert_eq!(input.validate().unwrap().tz, chrono_tz::America::Tijuana);
}

#[test]
fn end_before_start_is_refused() {
    let input = EventInput {
        end_date: "2010-11-30".into(),
        ..workshop()
    };
    assert_eq!(
        problems(&input),
        vec![(Field::EndDate, Problem::EndBeforeStart)]
    );
}

#[test]
fn unknown_zone_and_country_are_refused() {
    let input = EventInput {
        host: "FR".into(),
        tz: "Mars/Olympus".into(),
        ..workshop()
    };
    let found = problems(&input);
    assert!(found.contains(&(Field::Host, Problem::UnknownCountry)));
    assert!(found.contains(&(Field::TimeZone, Problem::UnknownZone)));
}

#[test]
fn time_in_a_daylight_saving_gap_is_refused() {
    let input = EventInput {
        host: "US".into(),
        start_date: "2024-03-10".into(),
        end_date: "2024-03-10".into(),
        start_time: "02:30".into(),
        end_time: "10:00".into(),
        ..workshop()
    };
    assert_eq!(
        problems(&input),
        vec![(Field::StartTime, Problem::NonexistentTime)]
    );
}

#[test]
fn ambiguous_time_is_refused() {
    let input = EventInput {
        host: "CA".into(),
        start_date: "2024-11-03".into(),
        end_date: "2024-11-03".into(),
        start_time: "01:30".into(),
        end_time: "10:00".into(),
        ..workshop()
    };
    assert_eq!(
        problems(&input),
        vec![(Field::StartTime, Problem::AmbiguousTime)]
    );
}

#[test]
fn overlong_title_and_control_characters_are_refused() {
    let input = EventInput {
        title_es: "x".repeat(MAX_TITLE + 1),
        city: "San\u{7}Salvador".into(),
        ..workshop()
    };
    let found = problems(&input);
    assert!(found.contains(&(Field::TitleEs, Problem::TooLong { max: MAX_TITLE })));
    assert!(found.contains(&(Field::City, Problem::ControlCharacters)));
}

#[test]
fn descriptions_may_have_line_breaks_but_titles_may_not() {
    let input = EventInput {
        description_es: "Línea uno\r\nLínea dos".into(),
        ..workshop()
    };
    assert_eq!(
        input.validate().unwrap().description.es,
        "Línea uno\nLínea dos"
    );
    let input = EventInput {
        title_en: "A\nB".into(),
        ..workshop()
    };
    assert_eq!(
        problems(&input),
        vec![(Field::TitleEn, Problem::ControlCharacters)]
    );
}

#[test]
fn month_only_event_needs_a_valid_month() {
    let input = EventInput {
        month: "2011-02".into(),
        ..workshop()
    };
    assert_eq!(
        input.validate().unwrap().dates,
        EventDates::Month {
            year: 2011,
            month: 2
        }
    );
    let input = EventInput {
        month: "2011-13".into(),
        ..workshop()
    };
    assert_eq!(
        problems(&input),
        vec![(Field::Month, Problem::InvalidMonth)]
    );
}

#[test]
fn cohosts_drop_the_host_and_duplicates() {
    let input = EventInput {
        cohosts: vec!["gt".into(), "SV".into(), "GT".into()],
        ..workshop()
    };
    assert_eq!(input.validate().unwrap().cohosts, vec![Country::GT]);
}

#[test]
fn capacity_must_be_a_positive_number() {
    let input = EventInput {
        capacity: "-3".into(),
        ..workshop()
    };
    assert_eq!(
        problems(&input),
        vec![(
            Field::Capacity,
            Problem::InvalidNumber { max: MAX_CAPACITY }
        )]
    );
    let input = EventInput {
        capacity: "50".into(),
        ..workshop()
    };
    assert_eq!(input.validate().unwrap().capacity, Some(50));
}

/// Found by the `event_form` fuzz target: a start time of `23:59:60` (a leap second, which
/// chrono reads) was accepted and kept, but the edit form shows minutes, so saving the form again
/// gave another event. Times are now kept to the minute.
#[test]
fn fuzz_found_times_with_seconds_are_kept_to_the_minute() {
    let input = EventInput {
        host: "CA".into(),
        city: "de Pérez Reunión".into(),
        kind: "conference".into(),
        title_es: "\u{10a72d}\u{a0}".into(),
        title_en: "Camino".into(),
        status: "tentative".into(),
        capacity: "44".into(),
        start_date: "1963-09-07".into(),
        end_date: "1964-1-7".into(),
        start_time: "23:59:60".into(),
        end_time: "19:02".into(),
        ..EventInput::default()
    };
    let details = input.validate().unwrap();
    let times = details.dates.times().unwrap();
    assert_eq!(
        times.start,
        chrono::NaiveTime::from_hms_opt(23, 59, 0).unwrap()
    );
    assert_eq!(EventInput::from_details(&details).validate(), Ok(details));
    // Seconds a browser sends are dropped too: an end 30 s after the start is no end at all.
    let seconds = EventInput {
        start_date: "2010-12-06".into(),
        end_date: String::new(),
        start_time: "09:00:00".into(),
        end_time: "09:00:30".into(),
        ..input
    };
    assert!(problems(&seconds).contains(&(Field::EndTime, Problem::EndBeforeStart)));
}
