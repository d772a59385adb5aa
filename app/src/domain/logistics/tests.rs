use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::country::Country;
use crate::domain::event::EventInput;
use crate::domain::lang::Lang;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn leg(date: NaiveDate, time: Option<NaiveTime>, flight: &str) -> Option<Travel> {
    Some(Travel {
        date,
        time,
        flight: flight.into(),
    })
}

/// A workshop in Antigua Guatemala, 9 to 11 March 2027.
fn event() -> Event {
    let details = EventInput {
        host: "GT".into(),
        city: "Antigua Guatemala".into(),
        kind: "workshop".into(),
        title_es: "Taller de modernización de la legislación".into(),
        start_date: "2027-03-09".into(),
        end_date: "2027-03-11".into(),
        status: "confirmed".into(),
        ..EventInput::default()
    }
    .validate()
    .expect("valid event");
    Event {
        id: 7,
        slug: "taller-legislacion".into(),
        uid: "taller-legislacion@enlace".into(),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: Utc.with_ymd_and_hms(2027, 1, 10, 15, 0, 0).unwrap(),
        updated_at: Utc.with_ymd_and_hms(2027, 1, 10, 15, 0, 0).unwrap(),
    }
}

fn person(id: i64, name: &str, delegation: Delegation) -> Registration {
    Registration {
        id,
        event_id: 7,
        details: RegistrationDetails {
            name: name.into(),
            email: format!("p{id}@example.org"),
            delegation,
            institution: "Ministerio de Gobernación".into(),
            position: "Directora".into(),
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
        created_at: Utc.with_ymd_and_hms(2027, 2, 1, 12, 0, 0).unwrap(),
        updated_at: Utc.with_ymd_and_hms(2027, 2, 1, 12, 0, 0).unwrap(),
    }
}

/// Six confirmed delegates from five delegations, one cancelled, two waitlisted, and one
/// registration of another event.
fn registrations() -> Vec<Registration> {
    let mut ana = person(1, "Ana Pérez", Delegation::Country(Country::GT));
    ana.details.arrival = leg(d(3, 8), Some(t(14, 30)), "CM 201");
    ana.details.departure = leg(d(3, 12), Some(t(10, 0)), "CM 202");
    ana.details.hotel = true;
    ana.details.transfer = true;
    ana.details.dietary = "Vegetariana".into();

    let mut alvaro = person(2, "Álvaro Núñez", Delegation::Country(Country::SV));
    alvaro.details.arrival = leg(d(3, 8), None, "TA 510");
    alvaro.details.departure = leg(d(3, 12), Some(t(18, 45)), "TA 511");
    alvaro.details.hotel = true;
    alvaro.details.transfer = true;
    alvaro.details.accessibility = "Usa silla de ruedas".into();

    let mut john = person(3, "John Smith", Delegation::Country(Country::US));
    john.details.institution = "Department of State".into();
    john.details.position = "Program Officer".into();
    john.details.lang = Lang::En;
    john.details.arrival = leg(d(3, 8), Some(t(9, 15)), "AA 1471");
    john.details.departure = leg(d(3, 11), None, "");
    john.details.hotel = true;
    john.details.interpretation = Some(Interpretation::En);
    john.details.visa_letter = true;

    let mut marie = person(4, "Marie Dubois", Delegation::Country(Country::CA));
    marie.details.arrival = leg(d(3, 9), Some(t(7, 5)), "AC 1846");
    marie.details.departure = leg(d(3, 12), Some(t(7, 5)), "AC 1847");
    marie.details.hotel = true;
    marie.details.transfer = true;
    marie.details.dietary = "Sin gluten\nSin lactosa".into();
    marie.details.interpretation = Some(Interpretation::Fr);

    // Lives in Antigua: no travel at all.
    let beatriz = person(5, "Beatriz Peña", Delegation::Iom);

    // Same flight and time as Ana: name order decides.
    let mut carlos = person(6, "Carlos Nuno", Delegation::Rrocm);
    carlos.details.arrival = leg(d(3, 8), Some(t(14, 30)), "CM 201");
    carlos.details.visa_letter = true;

    let mut diego = person(7, "Diego Zelaya", Delegation::Country(Country::HN));
    diego.status = RegistrationStatus::Cancelled;
    diego.details.arrival = leg(d(3, 8), Some(t(11, 0)), "CM 300");
    diego.details.departure = leg(d(3, 12), None, "");
    diego.details.hotel = true;
    diego.details.transfer = true;
    diego.details.visa_letter = true;
    diego.details.dietary = "Vegana".into();

    let mut elena = person(8, "Elena Ríos", Delegation::Country(Country::MX));
    elena.status = RegistrationStatus::Waitlisted;
    elena.waitlist_position = Some(1);
    elena.details.arrival = leg(d(3, 8), Some(t(16, 0)), "AM 670");
    elena.details.departure = leg(d(3, 12), None, "");
    elena.details.hotel = true;

    // Waitlisted with travel dates but nothing to arrange.
    let mut fernando = person(9, "Fernando Arias", Delegation::Country(Country::PA));
    fernando.status = RegistrationStatus::Waitlisted;
    fernando.waitlist_position = Some(2);
    fernando.details.arrival = leg(d(3, 9), None, "");

    let mut elsewhere = person(10, "Gloria Tún", Delegation::Country(Country::GT));
    elsewhere.event_id = 8;
    elsewhere.details.arrival = leg(d(3, 8), None, "");
    elsewhere.details.visa_letter = true;

    vec![
        diego, marie, carlos, elena, beatriz, john, fernando, alvaro, elsewhere, ana,
    ]
}

fn names(rows: &[TravelRow]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn only_confirmed_registrations_of_the_event_count() {
    let plan = LogisticsPlan::build(&event(), &registrations());

    assert_eq!(plan.event_id, 7);
    assert_eq!(plan.tz, chrono_tz::America::Guatemala);
    assert_eq!(plan.confirmed, 6);
    assert_eq!(plan.without_travel, 1);
    assert_eq!(plan.waitlisted, 2);
    assert_eq!(plan.waitlisted_with_needs, 1);
    let everyone = [&plan.arrivals, &plan.departures]
        .into_iter()
        .flatten()
        .flat_map(|day| names(&day.people))
        .chain(plan.visa_letters.iter().map(|v| v.name.as_str()))
        .chain(plan.dietary.iter().map(|n| n.name.as_str()))
        .collect::<Vec<_>>();
    for absent in ["Diego Zelaya", "Elena Ríos", "Fernando Arias", "Gloria Tún"] {
        assert!(!everyone.contains(&absent), "{absent} must not count");
    }
}

#[test]
fn arrivals_are_by_day_then_time_with_unknown_times_last() {
    let plan = LogisticsPlan::build(&event(), &registrations());

    let days: Vec<NaiveDate> = plan.arrivals.iter().map(|a| a.date).collect();
    assert_eq!(days, [d(3, 8), d(3, 9)]);
    assert_eq!(
        names(&plan.arrivals[0].people),
        ["John Smith", "Ana Pérez", "Carlos Nuno", "Álvaro Núñez"]
    );
    let ana = &plan.arrivals[0].people[1];
    assert_eq!(ana.flight, "CM 201");
    assert_eq!(ana.time, Some(t(14, 30)));
    assert!(ana.transfer);
    assert_eq!(ana.delegation.label(Lang::En), "Guatemala");
    assert!(!plan.arrivals[0].people[0].transfer);
    assert_eq!(plan.arrivals[0].people[3].time, None);
    assert_eq!(names(&plan.arrivals[1].people), ["Marie Dubois"]);
}

#[test]
fn departures_are_by_day_then_time() {
    let plan = LogisticsPlan::build(&event(), &registrations());

    let days: Vec<NaiveDate> = plan.departures.iter().map(|a| a.date).collect();
    assert_eq!(days, [d(3, 11), d(3, 12)]);
    assert_eq!(names(&plan.departures[0].people), ["John Smith"]);
    assert_eq!(
        names(&plan.departures[1].people),
        ["Marie Dubois", "Ana Pérez", "Álvaro Núñez"]
    );
    assert_eq!(plan.departures[1].people[2].flight, "TA 511");
}

#[test]
fn hotel_nights_count_everyone_sleeping_over() {
    let plan = LogisticsPlan::build(&event(), &registrations());

    let counts: Vec<(NaiveDate, usize)> = plan
        .hotel_nights
        .iter()
        .map(|n| (n.night, n.count))
        .collect();
    assert_eq!(
        counts,
        [(d(3, 8), 3), (d(3, 9), 4), (d(3, 10), 4), (d(3, 11), 3)]
    );
    assert_eq!(
        plan.hotel_nights[0].names,
        ["Álvaro Núñez", "Ana Pérez", "John Smith"]
    );
    assert_eq!(
        plan.hotel_nights[3].names,
        ["Álvaro Núñez", "Ana Pérez", "Marie Dubois"]
    );
    assert!(plan.hotel_nights.iter().all(|n| n.count == n.names.len()));
    assert_eq!(plan.room_nights(), 14);
}

#[test]
fn transfers_needs_languages_and_visa_letters() {
    let plan = LogisticsPlan::build(&event(), &registrations());

    assert_eq!(
        plan.transfers,
        Transfers {
            arrivals: 3,
            departures: 3
        }
    );
    let dietary: Vec<(&str, &str)> = plan
        .dietary
        .iter()
        .map(|n| (n.name.as_str(), n.note.as_str()))
        .collect();
    assert_eq!(
        dietary,
        [
            ("Ana Pérez", "Vegetariana"),
            ("Marie Dubois", "Sin gluten\nSin lactosa")
        ]
    );
    assert_eq!(plan.accessibility.len(), 1);
    assert_eq!(plan.accessibility[0].name, "Álvaro Núñez");
    assert_eq!(
        plan.accessibility[0].delegation,
        Delegation::Country(Country::SV)
    );
    assert_eq!(
        plan.interpretation,
        [
            LanguageCount {
                language: Interpretation::En,
                count: 1
            },
            LanguageCount {
                language: Interpretation::Fr,
                count: 1
            }
        ]
    );
    let visas: Vec<(&str, &str)> = plan
        .visa_letters
        .iter()
        .map(|v| (v.name.as_str(), v.institution.as_str()))
        .collect();
    assert_eq!(
        visas,
        [
            ("Carlos Nuno", "Ministerio de Gobernación"),
            ("John Smith", "Department of State")
        ]
    );
    assert_eq!(plan.visa_letters[1].email, "p3@example.org");
    assert_eq!(plan.visa_letters[1].position, "Program Officer");
}

#[test]
fn an_event_without_confirmed_registrations_has_an_empty_plan() {
    let only_waiting: Vec<Registration> = registrations()
        .into_iter()
        .filter(|r| r.status != RegistrationStatus::Confirmed)
        .collect();

    let plan = LogisticsPlan::build(&event(), &only_waiting);

    assert!(plan.is_empty());
    assert_eq!(plan.confirmed, 0);
    assert_eq!(plan.transfers, Transfers::default());
    assert_eq!(plan.waitlisted_with_needs, 1);
}

#[test]
fn names_sort_in_spanish_order() {
    let mut names = vec![
        "Peo", "Núñez", "peña", "Nuno", "Zoila", "Álvaro", "Penz", "ana",
    ];
    names.sort_by_key(|n| name_key(n));
    assert_eq!(
        names,
        [
            "Álvaro", "ana", "Nuno", "Núñez", "Penz", "peña", "Peo", "Zoila"
        ]
    );
}

#[test]
fn the_plan_survives_a_round_trip_through_json() {
    let plan = LogisticsPlan::build(&event(), &registrations());

    let json = serde_json::to_string(&plan).unwrap();
    let back: LogisticsPlan = serde_json::from_str(&json).unwrap();

    assert_eq!(back, plan);
}
