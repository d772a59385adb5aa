use calamine::Data;

use super::super::testkit::{
    HOSTILE, d, date_serial, event, parse_csv, read_xlsx, registrations, serial, text,
};
use super::*;

#[test]
fn csv_in_spanish_lists_everyone_confirmed_first_with_accents_intact() {
    let csv = participants_csv(&event(), &registrations(), Lang::Es);

    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.len() == 22));
    assert_eq!(
        rows[0][..4],
        [
            "Estado",
            "Posición en lista de espera",
            "Nombre",
            "Correo electrónico"
        ]
    );
    assert_eq!(
        rows[0][21],
        "Fecha de inscripción (hora de America/Guatemala)"
    );
    let names: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    let defused = format!("'{HOSTILE}");
    assert_eq!(
        names,
        [
            defused.as_str(),
            "Ana Peña Muñoz",
            "John Smith",
            "Elena Ríos",
            "Diego Zelaya"
        ]
    );
    let ana = &rows[2];
    assert_eq!(
        ana[..17],
        [
            "Confirmada",
            "",
            "Ana Peña Muñoz",
            "p1@example.org",
            "Guatemala",
            "Ministerio de Gobernación",
            "Directora de Migración",
            "Español",
            "2027-03-08",
            "14:30",
            "CM 201",
            "2027-03-12",
            "10:00",
            "CM 202",
            "Sí",
            "4",
            "Sí",
        ]
    );
    assert_eq!(ana[17], "Vegetariana, sin gluten");
    assert_eq!(ana[20], "No");
    // Registered at 18:00 UTC: noon in Guatemala.
    assert_eq!(ana[21], "2027-02-01 12:00");
    assert_eq!(rows[4][..2], ["En lista de espera", "1"]);
    assert_eq!(rows[5][0], "Cancelada");
    assert_eq!(rows[5][4], "OIM");
}

#[test]
fn csv_defuses_every_hostile_cell() {
    let rows = parse_csv(&participants_csv(&event(), &registrations(), Lang::En));

    let hostile = &rows[1];
    assert_eq!(hostile[2], format!("'{HOSTILE}"));
    assert_eq!(hostile[4], "'+cmd|' /C calc'!A0");
    assert_eq!(hostile[5], "'-1+1");
    assert_eq!(hostile[6], "'@SUM(A1:A9)");
    assert_eq!(hostile[17], "'=1+2");
    assert_eq!(hostile[18], "Silla de ruedas\nAcompañante");
}

#[test]
fn csv_in_english_has_english_headers_and_yes_no() {
    let rows = parse_csv(&participants_csv(&event(), &registrations(), Lang::En));

    assert_eq!(rows[0][..3], ["Status", "Waitlist position", "Name"]);
    assert_eq!(rows[0][14..17], ["Hotel", "Hotel nights", "Transfer"]);
    assert_eq!(rows[0][21], "Registered at (America/Guatemala time)");
    let john = &rows[3];
    assert_eq!(john[0], "Confirmed");
    assert_eq!(john[4], "United States of America");
    assert_eq!(john[7], "English");
    assert_eq!(john[9], "");
    assert_eq!(john[14..17], ["Yes", "3", "No"]);
    assert_eq!(john[19..21], ["English", "Yes"]);
    assert_eq!(rows[2][7], "Spanish");
}

#[test]
fn xlsx_holds_real_dates_and_hostile_names_as_text() {
    let book = read_xlsx(participants_xlsx(&event(), &registrations(), Lang::Es).unwrap());

    assert_eq!(book.len(), 1);
    let (name, rows, formulas) = &book[0];
    assert_eq!(name, "Participantes");
    assert_eq!(*formulas, 0);
    assert_eq!(rows.len(), 6);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header[..3],
        ["Estado", "Posición en lista de espera", "Nombre"]
    );
    assert_eq!(header[15], "Noches de hotel");
    assert_eq!(rows[1][2], Data::String(HOSTILE.into()));
    assert_eq!(rows[1][5], Data::String("-1+1".into()));
    assert_eq!(rows[1][6], Data::String("@SUM(A1:A9)".into()));
    let ana = &rows[2];
    assert_eq!(text(&ana[2]), "Ana Peña Muñoz");
    assert_eq!(date_serial(&ana[8]), serial(d(3, 8)));
    assert!((date_serial(&ana[9]) - 14.5 / 24.0).abs() < 1e-9);
    assert_eq!(ana[15], Data::Float(4.0));
    assert_eq!(text(&ana[14]), "Sí");
    assert!((date_serial(&ana[21]) - (serial(d(2, 1)) + 0.5)).abs() < 1e-9);
    // John's arrival time is unknown: an empty cell, not a midnight.
    assert_eq!(rows[3][9], Data::Empty);
    assert_eq!(rows[4][1], Data::Float(1.0));
}

#[test]
fn xlsx_in_english_names_its_sheet_and_headers_in_english() {
    let book = read_xlsx(participants_xlsx(&event(), &registrations(), Lang::En).unwrap());

    let (name, rows, _) = &book[0];
    assert_eq!(name, "Participants");
    assert_eq!(text(&rows[0][0]), "Status");
    assert_eq!(text(&rows[0][21]), "Registered at (America/Guatemala time)");
    assert_eq!(text(&rows[5][0]), "Cancelled");
}

#[test]
fn registrations_of_other_events_are_left_out() {
    let mut regs = registrations();
    regs[0].event_id = 8;

    let rows = parse_csv(&participants_csv(&event(), &regs, Lang::Es));

    assert_eq!(rows.len(), 5);
}
