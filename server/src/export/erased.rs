//! The exports of an event whose registrations the retention policy erased: instead of people,
//! the counts kept per delegation and status, and a line that says when and why the personal
//! data was erased. Both the participant list and the logistics plan answer with this.

use std::collections::BTreeMap;

use app::domain::personal_data::{ErasedCount, delegation_label, erased_notice};
use app::domain::registration::RegistrationStatus;
use app::domain::{Event, Lang};
use app::i18n::td_string;
use chrono::{DateTime, Utc};

use super::csv::Csv;
use super::{Cell, Kind, Table, xlsx};

/// The counts of an erased event as CSV (`xlsx` false) or as an XLSX workbook of one worksheet,
/// headers in `lang`.
///
/// # Errors
/// When the workbook cannot be written.
pub fn erased_export(
    event: &Event,
    counts: &[ErasedCount],
    erased_at: DateTime<Utc>,
    lang: Lang,
    as_xlsx: bool,
) -> anyhow::Result<Vec<u8>> {
    let table = table(event, counts, erased_at, lang);
    if as_xlsx {
        xlsx::workbook(&[table])
    } else {
        Ok(Csv::table(&table).into_bytes())
    }
}

fn table(event: &Event, counts: &[ErasedCount], erased_at: DateTime<Utc>, lang: Lang) -> Table {
    let l = lang.locale();
    // Confirmed, waitlisted and cancelled per delegation, by the delegation's name.
    let mut by: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for c in counts {
        let slot = match c.status {
            // A hold still open when the data was erased had its seat; nobody awaiting
            // approval had one.
            RegistrationStatus::Confirmed | RegistrationStatus::Held => 0,
            RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingApproval => 1,
            RegistrationStatus::Cancelled
            | RegistrationStatus::Expired
            | RegistrationStatus::Declined => 2,
        };
        let n = usize::try_from(c.count).unwrap_or(usize::MAX);
        by.entry(delegation_label(&c.delegation, lang)).or_default()[slot] += n;
    }
    let mut rows: Vec<Vec<Cell>> = by
        .into_iter()
        .map(|(name, [confirmed, waitlisted, cancelled])| {
            vec![
                Cell::text(name),
                Cell::Count(confirmed),
                Cell::Count(waitlisted),
                Cell::Count(cancelled),
            ]
        })
        .collect();
    rows.push(vec![Cell::text(erased_notice(event, erased_at, lang))]);
    Table {
        name: td_string!(l, pd_sheet_counts).to_owned(),
        columns: vec![
            (td_string!(l, exp_delegation).to_owned(), Kind::Medium),
            (td_string!(l, reg_col_confirmed).to_owned(), Kind::Count),
            (td_string!(l, reg_col_waitlisted).to_owned(), Kind::Count),
            (td_string!(l, reg_col_cancelled).to_owned(), Kind::Count),
        ],
        rows,
    }
}
