//! The registration form's checks.

use chrono::NaiveTime;

use super::event;
use crate::domain::country::Country;
use crate::domain::error::{Field, Problem};
use crate::domain::registration::{
    Delegation, MAX_NOTE, MAX_SHORT, MAX_TRAVEL_DAYS, RegistrationInput,
};

fn input() -> RegistrationInput {
    RegistrationInput {
        name: "Ana Pérez".into(),
        email: "Ana.Perez@Minex.GOB.gt".into(),
        delegation: "GT".into(),
        institution: "Ministerio de Relaciones Exteriores".into(),
        lang: "es".into(),
        arrival_date: "2027-03-08".into(),
        arrival_time: "14:30".into(),
        arrival_flight: "cm 201".into(),
        departure_date: "2027-03-12".into(),
        hotel: true,
        consent: true,
        ..RegistrationInput::default()
    }
}

#[test]
fn a_full_registration_validates_and_normalises() {
    let e = event("2027-03-09", "2027-03-11");
    let d = input().validate(&e).expect("valid");
    assert_eq!(d.email, "ana.perez@minex.gob.gt");
    assert_eq!(d.delegation, Delegation::Country(Country::GT));
    let arrival = d.arrival.clone().expect("arrival");
    assert_eq!(arrival.flight, "CM 201");
    assert_eq!(arrival.time, NaiveTime::from_hms_opt(14, 30, 0));
    let nights: Vec<String> = d.hotel_nights().iter().map(ToString::to_string).collect();
    assert_eq!(
        nights,
        ["2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11"]
    );
    assert_eq!(RegistrationInput::from_details(&d).validate(&e), Ok(d));
}

#[test]
fn bad_input_is_named_field_by_field() {
    let e = event("2027-03-09", "2027-03-11");
    let bad = RegistrationInput {
        name: String::new(),
        email: "ana@@x".into(),
        delegation: "XX".into(),
        arrival_date: "2027-02-01".into(),
        departure_date: "2027-01-30".into(),
        departure_flight: "CM<201>".into(),
        consent: false,
        ..input()
    };
    let errors = bad.validate(&e).expect_err("invalid");
    for (field, problem) in [
        (Field::Name, Problem::Required),
        (Field::Email, Problem::InvalidEmail),
        (Field::Delegation, Problem::UnknownChoice),
        (
            Field::ArrivalDate,
            Problem::ArrivalOutOfRange {
                days: MAX_TRAVEL_DAYS,
            },
        ),
        (
            Field::DepartureDate,
            Problem::DepartureOutOfRange {
                days: MAX_TRAVEL_DAYS,
            },
        ),
        (Field::DepartureDate, Problem::DepartureBeforeArrival),
        (Field::DepartureFlight, Problem::InvalidFlight),
        (Field::Consent, Problem::ConsentRequired),
    ] {
        assert!(
            errors.contains(field, problem),
            "{field:?} {problem:?}: {errors:?}"
        );
    }
}

#[test]
fn same_day_departure_must_come_after_arrival() {
    let e = event("2027-03-09", "2027-03-09");
    let same_day = RegistrationInput {
        arrival_date: "2027-03-09".into(),
        arrival_time: "10:00".into(),
        departure_date: "2027-03-09".into(),
        departure_time: "09:00".into(),
        hotel: false,
        ..input()
    };
    let errors = same_day.validate(&e).expect_err("backwards");
    assert!(errors.contains(Field::DepartureDate, Problem::DepartureBeforeArrival));
    let ok = RegistrationInput {
        departure_time: "18:00".into(),
        ..same_day
    };
    assert!(ok.validate(&e).is_ok());
}

#[test]
fn overlong_text_and_control_characters_are_refused() {
    let e = event("2027-03-09", "2027-03-11");
    let bad = RegistrationInput {
        institution: "x".repeat(MAX_SHORT + 1),
        position: "Jefa\r\nBcc: x@y.z".into(),
        dietary: "ñ".repeat(MAX_NOTE + 1),
        accessibility: "silla\u{0}".into(),
        ..input()
    };
    let errors = bad.validate(&e).expect_err("invalid");
    assert!(errors.contains(Field::Institution, Problem::TooLong { max: MAX_SHORT }));
    assert!(errors.contains(Field::Position, Problem::ControlCharacters));
    assert!(errors.contains(Field::Dietary, Problem::TooLong { max: MAX_NOTE }));
    assert!(errors.contains(Field::Accessibility, Problem::ControlCharacters));
    let multi_line = RegistrationInput {
        dietary: "Vegetariana\r\nSin gluten".into(),
        ..input()
    };
    assert_eq!(
        multi_line.validate(&e).expect("valid").dietary,
        "Vegetariana\nSin gluten"
    );
}

#[test]
fn hotel_needs_travel_dates_and_other_needs_a_name() {
    let e = event("2027-03-09", "2027-03-11");
    let no_dates = RegistrationInput {
        arrival_date: String::new(),
        arrival_time: String::new(),
        arrival_flight: String::new(),
        ..input()
    };
    let errors = no_dates.validate(&e).expect_err("hotel without dates");
    assert!(errors.contains(Field::ArrivalDate, Problem::TravelDatesNeeded));
    let other = RegistrationInput {
        delegation: "OTHER".into(),
        organisation: "  ".into(),
        ..input()
    };
    let errors = other.validate(&e).expect_err("no organisation");
    assert!(errors.contains(Field::Organisation, Problem::Required));
    let named = RegistrationInput {
        organisation: "ACNUR  Guatemala".into(),
        ..other
    };
    let d = named.validate(&e).expect("valid");
    assert_eq!(d.delegation.quota_key(), "OTHER:acnur guatemala");
}

/// Found by the `registration_form` fuzz target: an arrival at `23:59:60` (a leap second) was
/// accepted, the store keeps `HH:MM`, and the manage page's form gave another registration.
/// Travel times are now kept to the minute.
#[test]
fn fuzz_found_travel_times_with_seconds_are_kept_to_the_minute() {
    let e = event("2010-12-01", "2010-12-03");
    let typed = RegistrationInput {
        arrival_date: "2010-11-24".into(),
        arrival_time: "23:59:60".into(),
        arrival_flight: " 0".into(),
        departure_date: "2010-12-01".into(),
        departure_time: "00:00".into(),
        departure_flight: "CM ".into(),
        ..input()
    };
    let d = typed.validate(&e).expect("valid");
    assert_eq!(
        d.arrival.as_ref().and_then(|a| a.time),
        NaiveTime::from_hms_opt(23, 59, 0)
    );
    assert_eq!(RegistrationInput::from_details(&d).validate(&e), Ok(d));
    // Leaving 30 s after arriving, the same day, is not leaving after arriving.
    let same_minute = RegistrationInput {
        arrival_date: "2010-12-01".into(),
        arrival_time: "10:00:15".into(),
        departure_date: "2010-12-01".into(),
        departure_time: "10:00:45".into(),
        ..typed
    };
    let errors = same_minute.validate(&e).unwrap_err();
    assert!(errors.has(Field::DepartureDate), "{errors:?}");
}
