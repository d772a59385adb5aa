//! Test data and independent readers for the exports: a small CSV parser and calamine for XLSX.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

use app::domain::country::Country;
use app::domain::event::EventInput;
use app::domain::registration::{
    Delegation, Interpretation, Registration, RegistrationDetails, RegistrationStatus, Travel,
};
use app::domain::{Event, Lang};

/// A name that would be a formula if a spreadsheet were careless.
pub const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"clic\")";

pub fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, m, day).unwrap()
}

pub fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// A workshop in Antigua Guatemala (America/Guatemala, UTC-6), 9 to 11 March 2027.
pub fn event() -> Event {
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
    .unwrap();
    let at = Utc.with_ymd_and_hms(2027, 1, 10, 15, 0, 0).unwrap();
    Event {
        id: 7,
        slug: "taller".into(),
        uid: "taller@enlace".into(),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: at,
        updated_at: at,
    }
}

fn person(id: i64, name: &str, delegation: Delegation, status: RegistrationStatus) -> Registration {
    // Registered at 18:00 UTC on 1 February: 12:00 in Guatemala.
    let at = Utc.with_ymd_and_hms(2027, 2, 1, 18, 0, 0).unwrap();
    Registration {
        id,
        event_id: 7,
        details: RegistrationDetails {
            name: name.into(),
            email: format!("p{id}@example.org"),
            delegation,
            institution: "Ministerio de Gobernación".into(),
            position: "Directora de Migración".into(),
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
        status,
        waitlist_position: None,
        hold_until: None,
        created_at: at,
        updated_at: at,
    }
}

fn leg(date: NaiveDate, time: Option<NaiveTime>, flight: &str) -> Option<Travel> {
    Some(Travel {
        date,
        time,
        flight: flight.into(),
    })
}

/// Three confirmed (one with a hostile name and hostile notes), one waitlisted, one cancelled.
pub fn registrations() -> Vec<Registration> {
    use RegistrationStatus::{Cancelled, Confirmed, Waitlisted};
    let mut ana = person(
        1,
        "Ana Peña Muñoz",
        Delegation::Country(Country::GT),
        Confirmed,
    );
    ana.details.arrival = leg(d(3, 8), Some(t(14, 30)), "CM 201");
    ana.details.departure = leg(d(3, 12), Some(t(10, 0)), "CM 202");
    ana.details.hotel = true;
    ana.details.transfer = true;
    ana.details.dietary = "Vegetariana, sin gluten".into();

    let mut john = person(2, "John Smith", Delegation::Country(Country::US), Confirmed);
    john.details.lang = Lang::En;
    john.details.institution = "Department of State".into();
    john.details.arrival = leg(d(3, 8), None, "AA 1471");
    john.details.departure = leg(d(3, 11), None, "");
    john.details.hotel = true;
    john.details.interpretation = Some(Interpretation::En);
    john.details.visa_letter = true;

    let mut hostile = person(
        3,
        HOSTILE,
        Delegation::Other("+cmd|' /C calc'!A0".into()),
        Confirmed,
    );
    hostile.details.institution = "-1+1".into();
    hostile.details.position = "@SUM(A1:A9)".into();
    hostile.details.arrival = leg(d(3, 9), Some(t(7, 5)), "TA 510");
    hostile.details.dietary = "=1+2".into();
    hostile.details.accessibility = "Silla de ruedas\nAcompañante".into();
    hostile.details.visa_letter = true;

    let mut elena = person(
        4,
        "Elena Ríos",
        Delegation::Country(Country::MX),
        Waitlisted,
    );
    elena.waitlist_position = Some(1);
    elena.details.hotel = true;
    elena.details.arrival = leg(d(3, 8), None, "");
    elena.details.departure = leg(d(3, 12), None, "");

    let mut diego = person(5, "Diego Zelaya", Delegation::Iom, Cancelled);
    diego.details.visa_letter = true;

    vec![diego, hostile, elena, john, ana]
}

/// Parses CSV (RFC 4180, as written by [`super::Csv`]), checking and dropping the byte-order mark.
pub fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("byte-order mark");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "last row ends with CRLF"
    );
    rows
}

/// Every worksheet of a workbook, by name and in order, with the formulas found in it.
pub fn read_xlsx(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>, usize)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let formulas = book.worksheet_formula(&name).unwrap();
            let count = formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .count();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows, count)
        })
        .collect()
}

/// A cell's text, for assertions.
pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

/// Excel's serial number of a day (days since 30 December 1899).
pub fn serial(day: NaiveDate) -> f64 {
    (day - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

/// A cell's Excel date-time serial number; panics unless it is a date or time.
pub fn date_serial(cell: &Data) -> f64 {
    match cell {
        Data::DateTime(dt) => dt.as_f64(),
        other => panic!("not a date: {other:?}"),
    }
}
