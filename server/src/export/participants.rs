//! The participant list of one event: every registration, whatever its status, one row each.

use app::domain::logistics::name_key;
use app::domain::registration::{Registration, RegistrationStatus, Travel};
use app::domain::{Event, Lang};
use app::i18n::td_string;

use super::csv::Csv;
use super::{Cell, Kind, Table, lang_name, xlsx};

/// The participant list as CSV: one row per registration of `event` (all statuses), headers and
/// yes/no in `lang`, dates ISO 8601, the registration instant in the event's zone.
#[must_use]
pub fn participants_csv(event: &Event, regs: &[Registration], lang: Lang) -> Vec<u8> {
    Csv::table(&table(event, regs, lang)).into_bytes()
}

/// The participant list as an XLSX workbook of one worksheet, same columns as
/// [`participants_csv`], with real dates and times.
///
/// # Errors
/// When the workbook cannot be written (a date Excel cannot hold, before 1900).
pub fn participants_xlsx(
    event: &Event,
    regs: &[Registration],
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    xlsx::workbook(&[table(event, regs, lang)])
}

/// Confirmed first, then seats held until confirmed, then the waitlist in order, then those
/// awaiting approval, then those that ended (cancelled, expired, declined); by name within each.
fn order(r: &Registration) -> (u8, u32, String, i64) {
    let rank = match r.status {
        RegistrationStatus::Confirmed => 0,
        RegistrationStatus::Held => 1,
        RegistrationStatus::Waitlisted => 2,
        RegistrationStatus::AwaitingApproval => 3,
        RegistrationStatus::Cancelled
        | RegistrationStatus::Expired
        | RegistrationStatus::Declined => 4,
    };
    (
        rank,
        r.waitlist_position.unwrap_or(0),
        name_key(&r.details.name),
        r.id,
    )
}

fn headers(lang: Lang, tz: &str) -> Vec<(String, Kind)> {
    use Kind::{Count, Date, DateTime, Long, Medium, Short, Time};
    let l = lang.locale();
    let cols: [(&str, Kind); 21] = [
        (td_string!(l, exp_status), Short),
        (td_string!(l, exp_waitlist_position), Count),
        (td_string!(l, exp_name), Medium),
        (td_string!(l, exp_email), Medium),
        (td_string!(l, exp_delegation), Medium),
        (td_string!(l, exp_institution), Medium),
        (td_string!(l, exp_position), Medium),
        (td_string!(l, exp_language), Short),
        (td_string!(l, exp_arrival_date), Date),
        (td_string!(l, exp_arrival_time), Time),
        (td_string!(l, exp_arrival_flight), Short),
        (td_string!(l, exp_departure_date), Date),
        (td_string!(l, exp_departure_time), Time),
        (td_string!(l, exp_departure_flight), Short),
        (td_string!(l, exp_hotel), Short),
        (td_string!(l, exp_hotel_nights), Count),
        (td_string!(l, exp_transfer), Short),
        (td_string!(l, exp_dietary_needs), Long),
        (td_string!(l, exp_accessibility_needs), Long),
        (td_string!(l, exp_interpretation), Short),
        (td_string!(l, exp_visa_letter), Short),
    ];
    cols.into_iter()
        .map(|(h, kind)| (h.to_owned(), kind))
        .chain([(td_string!(l, exp_registered_at, zone = tz), DateTime)])
        .collect()
}

fn table(event: &Event, regs: &[Registration], lang: Lang) -> Table {
    let tz = event.details.tz;
    let mut mine: Vec<&Registration> = regs.iter().filter(|r| r.event_id == event.id).collect();
    mine.sort_by_cached_key(|r| order(r));
    let leg = |t: &Option<Travel>| {
        (
            Cell::date(t.as_ref().map(|t| t.date)),
            Cell::time(t.as_ref().and_then(|t| t.time)),
            Cell::text(t.as_ref().map(|t| t.flight.as_str()).unwrap_or_default()),
        )
    };
    let rows = mine
        .into_iter()
        .map(|r| {
            let d = &r.details;
            let (arrival_date, arrival_time, arrival_flight) = leg(&d.arrival);
            let (departure_date, departure_time, departure_flight) = leg(&d.departure);
            vec![
                Cell::text(r.status.label(lang)),
                r.waitlist_position
                    .map_or(Cell::Empty, |p| Cell::Count(p as usize)),
                Cell::text(&d.name),
                Cell::text(&d.email),
                Cell::text(d.delegation.label(lang)),
                Cell::text(&d.institution),
                Cell::text(&d.position),
                Cell::text(lang_name(d.lang, lang)),
                arrival_date,
                arrival_time,
                arrival_flight,
                departure_date,
                departure_time,
                departure_flight,
                Cell::yes_no(lang, d.hotel),
                Cell::Count(d.hotel_nights().len()),
                Cell::yes_no(lang, d.transfer),
                Cell::text(&d.dietary),
                Cell::text(&d.accessibility),
                Cell::text(d.interpretation.map(|i| i.label(lang)).unwrap_or_default()),
                Cell::yes_no(lang, d.visa_letter),
                Cell::DateTime(r.created_at.with_timezone(&tz).naive_local()),
            ]
        })
        .collect();
    Table {
        name: td_string!(lang.locale(), exp_sheet_participants).to_owned(),
        columns: headers(lang, tz.name()),
        rows,
    }
}

#[cfg(test)]
mod tests;
