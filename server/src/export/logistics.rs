//! The logistics plan of one event: in XLSX one worksheet per section, in CSV one table whose
//! first column names the section.

use app::domain::Lang;
use app::domain::logistics::{LogisticsPlan, TravelDay};
use app::i18n::td_string;

use super::csv::Csv;
use super::{Cell, Kind, Table, xlsx};

/// A column of the CSV: every section's columns are among these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Date,
    Time,
    Name,
    Delegation,
    Flight,
    Transfer,
    Institution,
    Position,
    Email,
    Detail,
    Count,
}

impl Col {
    /// The CSV's columns after the section, in order.
    const CSV: [Col; 11] = [
        Col::Date,
        Col::Time,
        Col::Name,
        Col::Delegation,
        Col::Flight,
        Col::Transfer,
        Col::Institution,
        Col::Position,
        Col::Email,
        Col::Detail,
        Col::Count,
    ];

    fn header(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            Col::Date => td_string!(l, exp_date),
            Col::Time => td_string!(l, exp_time),
            Col::Name => td_string!(l, exp_name),
            Col::Delegation => td_string!(l, exp_delegation),
            Col::Flight => td_string!(l, exp_flight),
            Col::Transfer => td_string!(l, exp_transfer),
            Col::Institution => td_string!(l, exp_institution),
            Col::Position => td_string!(l, exp_position),
            Col::Email => td_string!(l, exp_email),
            Col::Detail => td_string!(l, exp_detail),
            Col::Count => td_string!(l, exp_count),
        }
    }
}

/// One section: a worksheet in XLSX, a run of rows in the CSV.
struct Section {
    /// Its columns: where each goes in the CSV, and its header and kind in XLSX.
    columns: Vec<(Col, String, Kind)>,
    table: Table,
}

/// The logistics plan as one CSV table: a section column (summary, arrivals, departures, hotel
/// nights, dietary, accessibility, interpretation, visa letters), then date, time, name,
/// delegation, flight, transfer, institution, position, email, detail and count, each filled
/// where the section has it. A hotel night's names share one cell, separated by `; `.
#[must_use]
pub fn logistics_csv(plan: &LogisticsPlan, lang: Lang) -> Vec<u8> {
    let section = td_string!(lang.locale(), exp_section);
    let header: Vec<&str> = std::iter::once(section)
        .chain(Col::CSV.iter().map(|c| c.header(lang)))
        .collect();
    let mut csv = Csv::new(&header);
    for s in sections(plan, lang) {
        for row in &s.table.rows {
            let mut line = vec![String::new(); Col::CSV.len() + 1];
            line[0].clone_from(&s.table.name);
            for ((col, _, _), cell) in s.columns.iter().zip(row) {
                if let Some(i) = Col::CSV.iter().position(|c| c == col) {
                    line[i + 1] = cell.to_text();
                }
            }
            csv.row(&line);
        }
    }
    csv.into_bytes()
}

/// The logistics plan as an XLSX workbook: a summary, then one worksheet per section, named in
/// `lang`; dates and times are real Excel dates and times, local to the event.
///
/// # Errors
/// When the workbook cannot be written (a date Excel cannot hold, before 1900).
pub fn logistics_xlsx(plan: &LogisticsPlan, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let tables: Vec<Table> = sections(plan, lang).into_iter().map(|s| s.table).collect();
    xlsx::workbook(&tables)
}

fn sections(plan: &LogisticsPlan, lang: Lang) -> Vec<Section> {
    let l = lang.locale();
    let section = |name: &str, columns: Vec<(Col, &str, Kind)>, rows: Vec<Vec<Cell>>| {
        let columns: Vec<(Col, String, Kind)> = columns
            .into_iter()
            .map(|(c, h, k)| (c, h.to_owned(), k))
            .collect();
        Section {
            table: Table {
                name: name.to_owned(),
                columns: columns.iter().map(|(_, h, k)| (h.clone(), *k)).collect(),
                rows,
            },
            columns,
        }
    };
    let who = |name: &str, delegation: &app::domain::registration::Delegation| {
        [Cell::text(name), Cell::text(delegation.label(lang))]
    };
    let tz = plan.tz.name();
    let time_header = td_string!(l, exp_time_in_zone, zone = tz);
    let travel_columns = || {
        vec![
            (Col::Date, Col::Date.header(lang), Kind::Date),
            (Col::Time, time_header.as_str(), Kind::Time),
            (Col::Name, Col::Name.header(lang), Kind::Medium),
            (Col::Delegation, Col::Delegation.header(lang), Kind::Medium),
            (Col::Flight, Col::Flight.header(lang), Kind::Short),
            (Col::Transfer, Col::Transfer.header(lang), Kind::Short),
        ]
    };
    let travel_rows = |days: &[TravelDay]| -> Vec<Vec<Cell>> {
        days.iter()
            .flat_map(|day| {
                day.people.iter().map(move |p| {
                    let [name, delegation] = who(&p.name, &p.delegation);
                    vec![
                        Cell::Date(day.date),
                        Cell::time(p.time),
                        name,
                        delegation,
                        Cell::text(&p.flight),
                        Cell::yes_no(lang, p.transfer),
                    ]
                })
            })
            .collect()
    };
    let need_columns = || {
        vec![
            (Col::Name, Col::Name.header(lang), Kind::Medium),
            (Col::Delegation, Col::Delegation.header(lang), Kind::Medium),
            (Col::Detail, td_string!(l, exp_need), Kind::Long),
        ]
    };
    let need_rows = |needs: &[app::domain::logistics::Need]| -> Vec<Vec<Cell>> {
        needs
            .iter()
            .map(|n| {
                let [name, delegation] = who(&n.name, &n.delegation);
                vec![name, delegation, Cell::text(&n.note)]
            })
            .collect()
    };
    let summary: Vec<Vec<Cell>> = [
        (td_string!(l, exp_confirmed_registrations), plan.confirmed),
        (td_string!(l, exp_without_travel), plan.without_travel),
        (
            td_string!(l, exp_arrival_transfers),
            plan.transfers.arrivals,
        ),
        (
            td_string!(l, exp_departure_transfers),
            plan.transfers.departures,
        ),
        (td_string!(l, exp_room_nights), plan.room_nights()),
        (td_string!(l, exp_visa_letters), plan.visa_letters.len()),
        (td_string!(l, exp_waitlisted), plan.waitlisted),
        (
            td_string!(l, exp_waitlisted_with_needs),
            plan.waitlisted_with_needs,
        ),
    ]
    .into_iter()
    .map(|(label, n)| vec![Cell::text(label), Cell::Count(n)])
    .collect();

    vec![
        section(
            td_string!(l, exp_sheet_summary),
            vec![
                (Col::Detail, td_string!(l, exp_item), Kind::Long),
                (Col::Count, Col::Count.header(lang), Kind::Count),
            ],
            summary,
        ),
        section(
            td_string!(l, exp_sheet_arrivals),
            travel_columns(),
            travel_rows(&plan.arrivals),
        ),
        section(
            td_string!(l, exp_sheet_departures),
            travel_columns(),
            travel_rows(&plan.departures),
        ),
        section(
            td_string!(l, exp_hotel_nights),
            vec![
                (Col::Date, td_string!(l, exp_night), Kind::Date),
                (Col::Count, td_string!(l, exp_people), Kind::Count),
                (Col::Name, td_string!(l, exp_names), Kind::Long),
            ],
            plan.hotel_nights
                .iter()
                .map(|n| {
                    vec![
                        Cell::Date(n.night),
                        Cell::Count(n.count),
                        Cell::text(n.names.join("; ")),
                    ]
                })
                .collect(),
        ),
        section(
            td_string!(l, exp_sheet_dietary),
            need_columns(),
            need_rows(&plan.dietary),
        ),
        section(
            td_string!(l, exp_sheet_accessibility),
            need_columns(),
            need_rows(&plan.accessibility),
        ),
        section(
            td_string!(l, exp_interpretation),
            vec![
                (Col::Detail, td_string!(l, exp_language), Kind::Medium),
                (Col::Count, td_string!(l, exp_people), Kind::Count),
            ],
            plan.interpretation
                .iter()
                .map(|l| vec![Cell::text(l.language.label(lang)), Cell::Count(l.count)])
                .collect(),
        ),
        section(
            td_string!(l, exp_sheet_visa_letters),
            vec![
                (Col::Name, Col::Name.header(lang), Kind::Medium),
                (Col::Delegation, Col::Delegation.header(lang), Kind::Medium),
                (
                    Col::Institution,
                    Col::Institution.header(lang),
                    Kind::Medium,
                ),
                (Col::Position, Col::Position.header(lang), Kind::Medium),
                (Col::Email, Col::Email.header(lang), Kind::Medium),
            ],
            plan.visa_letters
                .iter()
                .map(|v| {
                    let [name, delegation] = who(&v.name, &v.delegation);
                    vec![
                        name,
                        delegation,
                        Cell::text(&v.institution),
                        Cell::text(&v.position),
                        Cell::text(&v.email),
                    ]
                })
                .collect(),
        ),
    ]
}

#[cfg(test)]
mod tests;
