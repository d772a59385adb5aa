use calamine::Data;

use app::domain::logistics::LogisticsPlan;

use super::super::testkit::{
    HOSTILE, d, date_serial, event, parse_csv, read_xlsx, registrations, serial, text,
};
use super::*;

fn plan() -> LogisticsPlan {
    LogisticsPlan::build(&event(), &registrations())
}

fn section<'a>(rows: &'a [Vec<String>], name: &str) -> Vec<&'a Vec<String>> {
    rows.iter().filter(|r| r[0] == name).collect()
}

#[test]
fn csv_in_spanish_is_one_table_with_a_section_column() {
    let rows = parse_csv(&logistics_csv(&plan(), Lang::Es));

    assert_eq!(
        rows[0],
        [
            "Sección",
            "Fecha",
            "Hora",
            "Nombre",
            "Delegación",
            "Vuelo",
            "Traslado",
            "Institución",
            "Cargo",
            "Correo electrónico",
            "Detalle",
            "Cantidad"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 12));
    let counts: Vec<(&str, usize)> = [
        "Resumen",
        "Llegadas",
        "Salidas",
        "Noches de hotel",
        "Alimentación",
        "Accesibilidad",
        "Interpretación",
        "Cartas de invitación (visa)",
    ]
    .into_iter()
    .map(|s| (s, section(&rows, s).len()))
    .collect();
    assert_eq!(
        counts,
        [
            ("Resumen", 8),
            ("Llegadas", 3),
            ("Salidas", 2),
            ("Noches de hotel", 4),
            ("Alimentación", 2),
            ("Accesibilidad", 1),
            ("Interpretación", 1),
            ("Cartas de invitación (visa)", 2)
        ]
    );
    assert_eq!(rows.len(), 1 + 23);

    let arrivals = section(&rows, "Llegadas");
    assert_eq!(
        arrivals[0][..7],
        [
            "Llegadas",
            "2027-03-08",
            "14:30",
            "Ana Peña Muñoz",
            "Guatemala",
            "CM 201",
            "Sí"
        ]
    );
    assert_eq!(arrivals[1][2..4], ["", "John Smith"]);
    assert_eq!(arrivals[2][3], format!("'{HOSTILE}"));
    assert_eq!(arrivals[2][4], "'+cmd|' /C calc'!A0");
    let nights = section(&rows, "Noches de hotel");
    assert_eq!(nights[0][1], "2027-03-08");
    assert_eq!(nights[0][3], "Ana Peña Muñoz; John Smith");
    assert_eq!(nights[0][11], "2");
    assert_eq!(nights[3][11], "1");
    let dietary = section(&rows, "Alimentación");
    assert_eq!(dietary[0][10], "'=1+2");
    assert_eq!(dietary[1][10], "Vegetariana, sin gluten");
    let summary = section(&rows, "Resumen");
    assert_eq!(summary[0][10..], ["Inscripciones confirmadas", "3"]);
    assert_eq!(summary[4][10..], ["Noches de habitación", "7"]);
    assert_eq!(summary[7][11], "1");
    let visas = section(&rows, "Cartas de invitación (visa)");
    assert_eq!(
        visas[1][3..10],
        [
            "John Smith",
            "Estados Unidos de América",
            "",
            "",
            "Department of State",
            "Directora de Migración",
            "p2@example.org"
        ]
    );
    assert_eq!(visas[0][7..9], ["'-1+1", "'@SUM(A1:A9)"]);
}

#[test]
fn csv_in_english_has_english_sections_and_headers() {
    let rows = parse_csv(&logistics_csv(&plan(), Lang::En));

    assert_eq!(rows[0][..4], ["Section", "Date", "Time", "Name"]);
    assert_eq!(rows[0][11], "Count");
    assert_eq!(section(&rows, "Arrivals")[0][6], "Yes");
    assert_eq!(section(&rows, "Arrivals")[1][6], "No");
    assert_eq!(section(&rows, "Interpretation")[0][10..], ["English", "1"]);
    assert_eq!(section(&rows, "Visa letters").len(), 2);
    assert_eq!(
        section(&rows, "Summary")[7][10],
        "Waitlisted with logistics needs"
    );
}

#[test]
fn xlsx_has_one_localized_sheet_per_section() {
    for (lang, expected) in [
        (
            Lang::Es,
            [
                "Resumen",
                "Llegadas",
                "Salidas",
                "Noches de hotel",
                "Alimentación",
                "Accesibilidad",
                "Interpretación",
                "Cartas de invitación (visa)",
            ],
        ),
        (
            Lang::En,
            [
                "Summary",
                "Arrivals",
                "Departures",
                "Hotel nights",
                "Dietary needs",
                "Accessibility",
                "Interpretation",
                "Visa letters",
            ],
        ),
    ] {
        let book = read_xlsx(logistics_xlsx(&plan(), lang).unwrap());

        let names: Vec<&str> = book.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, expected);
        assert!(names.iter().all(|n| n.chars().count() <= 31));
        assert!(book.iter().all(|(_, _, formulas)| *formulas == 0));
    }
}

#[test]
fn xlsx_sheets_hold_real_dates_counts_and_text() {
    let book = read_xlsx(logistics_xlsx(&plan(), Lang::En).unwrap());
    let sheet = |name: &str| &book.iter().find(|(n, _, _)| n == name).unwrap().1;

    let arrivals = sheet("Arrivals");
    let header: Vec<String> = arrivals[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Date",
            "Time (America/Guatemala)",
            "Name",
            "Delegation",
            "Flight",
            "Transfer"
        ]
    );
    assert_eq!(arrivals.len(), 4);
    assert_eq!(date_serial(&arrivals[1][0]), serial(d(3, 8)));
    assert!((date_serial(&arrivals[1][1]) - 14.5 / 24.0).abs() < 1e-9);
    assert_eq!(text(&arrivals[1][2]), "Ana Peña Muñoz");
    assert_eq!(arrivals[2][1], Data::Empty);
    assert_eq!(arrivals[3][2], Data::String(HOSTILE.into()));
    assert_eq!(arrivals[3][3], Data::String("+cmd|' /C calc'!A0".into()));

    let nights = sheet("Hotel nights");
    assert_eq!(nights.len(), 5);
    assert_eq!(date_serial(&nights[4][0]), serial(d(3, 11)));
    assert_eq!(nights[1][1], Data::Float(2.0));
    assert_eq!(text(&nights[1][2]), "Ana Peña Muñoz; John Smith");

    let dietary = sheet("Dietary needs");
    assert_eq!(dietary[1][2], Data::String("=1+2".into()));
    let access = sheet("Accessibility");
    assert_eq!(text(&access[1][2]), "Silla de ruedas\nAcompañante");
    let visas = sheet("Visa letters");
    assert_eq!(visas[1][2], Data::String("-1+1".into()));
    assert_eq!(visas[1][3], Data::String("@SUM(A1:A9)".into()));
    let summary = sheet("Summary");
    assert_eq!(text(&summary[1][0]), "Confirmed registrations");
    assert_eq!(summary[1][1], Data::Float(3.0));
}

#[test]
fn an_empty_plan_still_writes_every_header() {
    let plan = LogisticsPlan::build(&event(), &[]);

    let book = read_xlsx(logistics_xlsx(&plan, Lang::Es).unwrap());
    let rows = parse_csv(&logistics_csv(&plan, Lang::Es));

    assert_eq!(book.len(), 8);
    assert!(book[1..].iter().all(|(_, rows, _)| rows.len() == 1));
    assert_eq!(rows.len(), 1 + 8);
}
