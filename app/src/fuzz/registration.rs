//! The registration form's target: any input to [`RegistrationInput::validate`], against any
//! accepted event, either fails with problems or gives details that keep every documented
//! invariant and come back unchanged through the manage page's form
//! ([`RegistrationInput::from_details`]); and the hosts' settings form.

use arbitrary::Unstructured;
use chrono::{DateTime, Duration, Utc};

use super::draw::{
    Odds, chance, code, date_text, day_near, field, int, number_text, pick, text, time_text,
};
use super::event::event_input;
use super::{assert_clean, assert_single_line};
use crate::domain::registration::{
    Delegation, MAX_FLIGHT, MAX_NOTE, MAX_SEATS, MAX_SHORT, MAX_TRAVEL_DAYS, RegistrationDetails,
    RegistrationInput, RegistrationSettings, manage_link_alive, registration_open,
};
use crate::domain::{Country, Email, Event, EventDetails, EventInput};

/// An event to register for: one an event form from `u` describes, or a fixed one.
fn event(u: &mut Unstructured<'_>) -> Event {
    let details = event_input(u).validate().unwrap_or_else(|_| fallback());
    Event {
        id: 1,
        slug: "evento-2010".into(),
        uid: "evento-2010@enlace.test".into(),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: DateTime::<Utc>::UNIX_EPOCH,
        updated_at: DateTime::<Utc>::UNIX_EPOCH,
    }
}

/// A three-day workshop in San Salvador in December 2010.
fn fallback() -> EventDetails {
    let input = EventInput {
        host: "SV".into(),
        city: "San Salvador".into(),
        kind: "workshop".into(),
        title_es: "Taller".into(),
        start_date: "2010-12-01".into(),
        end_date: "2010-12-03".into(),
        ..EventInput::default()
    };
    match input.validate() {
        Ok(details) => details,
        Err(errors) => panic!("the fixed event is invalid: {errors:?}"),
    }
}

/// A registration form as posted, with travel days around the event's.
fn registration_input(u: &mut Unstructured<'_>, event: &Event) -> RegistrationInput {
    let mut delegations: Vec<&str> = Country::ALL.iter().map(|c| c.code()).collect();
    delegations.extend(["IOM", "RROCM", "OTHER", "OTHER"]);
    let o = Odds::draw(u);
    let first = event.details.dates.first_day();
    let last = event.details.dates.last_day();
    let arrival = day_near(u, first, MAX_TRAVEL_DAYS + 2, 3);
    let departure = day_near(u, last, 3, MAX_TRAVEL_DAYS + 2);
    let leg = |u: &mut Unstructured<'_>, day| {
        if chance(u, 1, 3) {
            return [String::new(), String::new(), String::new()];
        }
        let flight = match int(u, 0..=4) {
            0 => String::new(),
            1 if o.hostile(u) => text(u, 2),
            _ => format!(
                "{} {}",
                code(u, o, &["CM", "av", "TA", "UA"]),
                number_text(u, o)
            ),
        };
        [date_text(u, o, day), time_text(u, o), flight]
    };
    let [arrival_date, arrival_time, arrival_flight] = leg(u, arrival);
    let [departure_date, departure_time, departure_flight] = leg(u, departure);
    let ticked = |u: &mut Unstructured<'_>| chance(u, 1, 2);
    RegistrationInput {
        name: field(u, o, 4),
        email: match int(u, 0..=3) {
            0 if o.hostile(u) => text(u, 4),
            1 if o.hostile(u) => format!("{}@{}", text(u, 2), text(u, 2)),
            _ => format!(
                "{}.{}@{}",
                pick(u, &["ana", "Luis", "m_x", "o'neil", "a+b"]),
                pick(u, &["perez", "GARCIA", "x"]),
                pick(u, &["gob.gt", "minex.gob.sv", "iom.int", "EXAMPLE.ORG"])
            ),
        },
        delegation: code(u, o, &delegations),
        organisation: field(u, o, 3),
        institution: field(u, o, 3),
        position: field(u, o, 3),
        lang: code(u, o, &["es", "en", "es-GT", "EN_us"]),
        arrival_date,
        arrival_time,
        arrival_flight,
        departure_date,
        departure_time,
        departure_flight,
        hotel: ticked(u),
        transfer: ticked(u),
        dietary: if ticked(u) {
            field(u, o, 4)
        } else {
            String::new()
        },
        accessibility: if ticked(u) {
            field(u, o, 4)
        } else {
            String::new()
        },
        interpretation: code(u, o, &["es", "en", "fr", ""]),
        visa_letter: ticked(u),
        consent: !o.hostile(u) || chance(u, 1, 2),
    }
}

/// Checks what [`RegistrationInput::validate`] promises of the details it accepts.
///
/// # Panics
/// When one of them does not hold.
pub fn assert_registration(r: &RegistrationDetails, event: &Event) {
    assert!(!r.name.is_empty() && !r.institution.is_empty(), "{r:?}");
    for short in [&r.name, &r.institution, &r.position] {
        assert_single_line(short, MAX_SHORT);
    }
    assert_eq!(
        Email::parse(&r.email).map(Email::into_string).as_ref(),
        Ok(&r.email),
        "the address is not in its checked form"
    );
    if let Delegation::Other(name) = &r.delegation {
        assert!(!name.is_empty(), "{r:?}");
        assert_single_line(name, MAX_SHORT);
    }
    assert_clean(&r.dietary, MAX_NOTE, true);
    assert_clean(&r.accessibility, MAX_NOTE, true);
    let first = event.details.dates.first_day();
    let last = event.details.dates.last_day();
    let window = Duration::days(MAX_TRAVEL_DAYS);
    for leg in [&r.arrival, &r.departure].into_iter().flatten() {
        let flight = &leg.flight;
        assert!(flight.chars().count() <= MAX_FLIGHT, "flight {flight:?}");
        assert!(
            flight
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'-'),
            "flight {flight:?}"
        );
        assert!(
            !flight.contains("  ") && flight.trim() == flight,
            "flight {flight:?}"
        );
    }
    if let Some(a) = &r.arrival {
        assert!(a.date >= first - window && a.date <= last, "arrival {r:?}");
    }
    if let Some(d) = &r.departure {
        assert!(
            d.date >= first && d.date <= last + window,
            "departure {r:?}"
        );
    }
    if let (Some(a), Some(d)) = (&r.arrival, &r.departure) {
        assert!(d.date >= a.date, "departs before arriving: {r:?}");
        if let (true, Some(at), Some(dt)) = (d.date == a.date, a.time, d.time) {
            assert!(dt > at, "departs before arriving: {r:?}");
        }
    }
    if r.hotel || r.transfer {
        assert!(r.arrival.is_some() && r.departure.is_some(), "{r:?}");
    }
}

/// The target: a registration form from `data` against an event from `data`, validated; what is
/// accepted is checked, edited back and validated again. Then the hosts' settings form, and
/// whether the event takes registrations with those settings at some instant.
///
/// # Panics
/// When validation panics, or accepts details that break an invariant or do not round-trip.
pub fn registration_form(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let event = event(&mut u);
    let input = registration_input(&mut u, &event);
    if let Ok(details) = input.validate(&event) {
        assert_registration(&details, &event);
        let again = RegistrationInput::from_details(&details).validate(&event);
        assert_eq!(
            again.as_ref(),
            Ok(&details),
            "the manage form of an accepted registration is refused or differs: {input:?}"
        );
        let _ = details.delegation.quota_key();
    }
    settings(&mut u, &event);
}

/// The hosts' settings form: accepted numbers are in range, and an accepted deadline reads back
/// from the text the store keeps (`YYYY-MM-DD`).
fn settings(u: &mut Unstructured<'_>, event: &Event) {
    let o = Odds::draw(u);
    let deadline_day = day_near(u, event.details.dates.first_day(), 400, 30);
    let deadline = if chance(u, 1, 3) {
        String::new()
    } else {
        date_text(u, o, deadline_day)
    };
    let form = RegistrationSettings::from_form(
        chance(u, 1, 2),
        &number_text(u, o),
        &number_text(u, o),
        &deadline,
        &code(u, o, &["open", "confirm", "approval"]),
    );
    let now =
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(int(u, -2_208_988_800..=7_258_118_400));
    let _ = manage_link_alive(event, now);
    let Ok(settings) = form else {
        return;
    };
    for n in [settings.capacity, settings.quota].into_iter().flatten() {
        assert!((1..=MAX_SEATS).contains(&n), "{settings:?}");
    }
    if let Some(d) = settings.deadline {
        let stored = d.to_string();
        assert_eq!(
            chrono::NaiveDate::parse_from_str(&stored, "%Y-%m-%d").ok(),
            Some(d),
            "the deadline {deadline:?} is kept as {stored:?}, which does not read back"
        );
    }
    let _ = registration_open(event, &settings, now);
}
