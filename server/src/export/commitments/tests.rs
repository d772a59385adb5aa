//! The follow-up matrix read back: CSV by an independent parser, XLSX by calamine.

use std::collections::BTreeMap;

use app::domain::country::Country;
use app::domain::lang::Localized;
use app::domain::outcomes::{Commitment, ProgressNote, RecordStatus};
use app::domain::time::EventDates;
use app::ssr::{CommitmentMeta, MeetingRef};
use calamine::Data;
use chrono::{NaiveDate, TimeZone};

use super::super::testkit::{HOSTILE, date_serial, parse_csv, read_xlsx, serial, text};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2011, 2, 1, 12, 0, 0).unwrap()
}

fn row(id: i64, agreement: u32, commitment: Commitment) -> CommitmentRow {
    let at = Utc.with_ymd_and_hms(2010, 11, 20, 12, 0, 0).unwrap();
    CommitmentRow {
        meta: CommitmentMeta {
            id,
            uid: format!("c{id}@enlace"),
            sequence: 1,
            updated_at: at,
        },
        meeting: MeetingRef {
            event_id: 1,
            slug: "reunion-queretaro-2010".into(),
            uid: "e1@enlace".into(),
            event_title: Localized::new("Reunión", "Meeting"),
            title: Localized::new("Informe de Querétaro", "Querétaro report"),
            dates: EventDates::Exact {
                start: d(2010, 11, 16),
                end: d(2010, 11, 16),
                times: None,
            },
            status: RecordStatus::Final,
            hosts: vec![Country::MX],
        },
        agreement,
        commitment,
        due_event_first_day: None,
    }
}

/// Mexico's dated commitment (overdue on 1 February 2011, with a hostile note), the IOM's
/// periodic one (done), and one of all delegations with three members.
fn rows() -> Vec<CommitmentRow> {
    let mexico = Commitment {
        parties: vec![Party::Member(Country::MX)],
        action: Localized::new(HOSTILE, "Share the framework agreement"),
        due: DuePoint::On(d(2011, 1, 31)),
        status: CommitmentStatus::InProgress,
        members: BTreeMap::new(),
        notes: vec![ProgressNote {
            on: d(2011, 1, 10),
            party: Party::Member(Country::MX),
            text: Localized::new("=1+2", "-1+1"),
        }],
    };
    let iom = Commitment {
        parties: vec![Party::Iom],
        action: Localized::new("Enviar el boletín", "Send the bulletin"),
        due: DuePoint::Periodically,
        status: CommitmentStatus::Done,
        members: BTreeMap::new(),
        notes: Vec::new(),
    };
    let all = Commitment {
        parties: vec![Party::AllDelegations],
        action: Localized::new("Enviar documentos a la RROCM", "Send the RROCM documents"),
        due: DuePoint::Unstated,
        status: CommitmentStatus::InProgress,
        members: BTreeMap::from([
            (Country::GT, CommitmentStatus::Done),
            (Country::MX, CommitmentStatus::InProgress),
            (Country::SV, CommitmentStatus::Pending),
        ]),
        notes: vec![ProgressNote {
            on: d(2011, 1, 5),
            party: Party::Member(Country::GT),
            text: Localized::new("Enviados", "Sent"),
        }],
    };
    vec![row(1, 5, mexico), row(2, 6, iom), row(3, 7, all)]
}

#[test]
fn csv_in_spanish_has_a_row_per_commitment_and_member() {
    let rows = parse_csv(&commitments_csv(
        &rows(),
        &MatrixFilter::default(),
        Lang::Es,
        now(),
    ));
    assert_eq!(
        rows[0],
        [
            "Reunión",
            "Fecha de la reunión",
            "Acuerdo",
            "Responsables",
            "Delegación",
            "Acción",
            "Plazo",
            "Último día",
            "Estado",
            "Avance (%)",
            "Vencido",
            "Notas de avance"
        ]
    );
    assert_eq!(rows.len(), 1 + 1 + 1 + 3);
    let mexico = &rows[1];
    assert_eq!(mexico[0], "Informe de Querétaro");
    assert_eq!(mexico[1], "2010-11-16");
    assert_eq!(mexico[2], "5");
    assert_eq!(mexico[3], "México");
    // Formulas typed by people stay text.
    assert_eq!(mexico[5], format!("'{HOSTILE}"));
    assert_eq!(mexico[7], "2011-01-31");
    assert_eq!(mexico[8], "En curso");
    assert_eq!(mexico[9], "50");
    assert_eq!(mexico[10], "Sí");
    assert_eq!(mexico[11], "2011-01-10 México: =1+2");
    let members: Vec<(&str, &str)> = rows[3..]
        .iter()
        .map(|r| (r[4].as_str(), r[8].as_str()))
        .collect();
    assert_eq!(
        members,
        [
            ("El Salvador", "Pendiente"),
            ("Guatemala", "Cumplido"),
            ("México", "En curso")
        ]
    );
    assert_eq!(rows[4][11], "2011-01-05 Guatemala: Enviados");
    assert_eq!(rows[3][11], "");
}

#[test]
fn csv_in_english_and_the_filters() {
    let all = rows();
    let en = parse_csv(&commitments_csv(
        &all,
        &MatrixFilter::default(),
        Lang::En,
        now(),
    ));
    assert_eq!(en[0][0], "Meeting");
    assert_eq!(en[0][11], "Progress notes");
    assert_eq!(en[1][5], "Share the framework agreement");
    assert_eq!(
        en[1][11], "2011-01-10 Mexico: -1+1",
        "no formula: it starts with the date"
    );
    assert_eq!(en[2][6], "Periodically");
    let mexico = MatrixFilter {
        party: Some(Party::Member(Country::MX)),
        ..MatrixFilter::default()
    };
    let rows = parse_csv(&commitments_csv(&all, &mexico, Lang::En, now()));
    let actions: Vec<&str> = rows[1..].iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        actions,
        ["Share the framework agreement", "Send the RROCM documents"]
    );
    let done = MatrixFilter {
        status: Some(CommitmentStatus::Done),
        ..MatrixFilter::default()
    };
    let rows = parse_csv(&commitments_csv(&all, &done, Lang::En, now()));
    assert_eq!(rows.len(), 3, "the IOM's and Guatemala's share: {rows:?}");
    let elsewhere = MatrixFilter {
        meeting: Some("otra".into()),
        ..MatrixFilter::default()
    };
    assert_eq!(
        parse_csv(&commitments_csv(&all, &elsewhere, Lang::Es, now())).len(),
        1
    );
}

#[test]
fn xlsx_reads_back_with_real_dates_and_no_formulas() {
    let book =
        read_xlsx(commitments_xlsx(&rows(), &MatrixFilter::default(), Lang::Es, now()).unwrap());
    assert_eq!(book.len(), 1);
    let (name, cells, formulas) = &book[0];
    assert_eq!(name, "Compromisos");
    assert_eq!(*formulas, 0, "no cell is a formula");
    assert_eq!(cells.len(), 1 + 5);
    assert_eq!(text(&cells[0][5]), "Acción");
    let mexico = &cells[1];
    assert_eq!(
        text(&mexico[5]),
        HOSTILE,
        "written as a string, not defused"
    );
    assert_eq!(date_serial(&mexico[1]), serial(d(2010, 11, 16)));
    assert_eq!(date_serial(&mexico[7]), serial(d(2011, 1, 31)));
    assert_eq!(mexico[9], Data::Float(50.0));
    assert_eq!(text(&mexico[11]), "2011-01-10 México: =1+2");
    assert_eq!(cells[2][7], Data::Empty);
}
