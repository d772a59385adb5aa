//! The follow-up matrix: one row per commitment and responsible share (a row per member for "all
//! delegations", each with its own status), with its meeting, agreement, parties, action, due
//! point and last day, status, percent, whether it is overdue (in the party's own zone) and its
//! progress notes; as XLSX (one worksheet) or CSV, headers and words in Spanish or English. The
//! cells typed by people (actions, notes, conditions) are defused as every export's are.

pub mod route;
#[cfg(test)]
mod tests;

use app::domain::Lang;
use app::domain::outcomes::{CommitmentStatus, DuePoint, Party, is_overdue};
use app::i18n::td_string;
use app::ssr::CommitmentRow;
use chrono::{DateTime, Utc};

use super::csv::Csv;
use super::{Cell, Kind, Table, xlsx};

/// Which rows an export keeps (the board's filters); empty keeps all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatrixFilter {
    /// Only this party's shares (for a member, also its share of "all delegations").
    pub party: Option<Party>,
    /// Only shares with this status.
    pub status: Option<CommitmentStatus>,
    /// Only this meeting (its event's slug).
    pub meeting: Option<String>,
}

/// The columns, in order.
fn columns(lang: Lang) -> Vec<(String, Kind)> {
    let l = lang.locale();
    [
        (td_string!(l, ocd_x_meeting), Kind::Medium),
        (td_string!(l, ocd_x_meeting_date), Kind::Date),
        (td_string!(l, ocd_x_agreement), Kind::Count),
        (td_string!(l, ocd_x_parties), Kind::Medium),
        (td_string!(l, ocd_x_party), Kind::Short),
        (td_string!(l, ocd_x_action), Kind::Long),
        (td_string!(l, ocd_x_due), Kind::Medium),
        (td_string!(l, ocd_x_last_day), Kind::Date),
        (td_string!(l, ocd_x_status), Kind::Short),
        (td_string!(l, ocd_x_percent), Kind::Count),
        (td_string!(l, ocd_x_overdue), Kind::Short),
        (td_string!(l, ocd_x_notes), Kind::Long),
    ]
    .into_iter()
    .map(|(h, k)| (h.to_owned(), k))
    .collect()
}

/// The due point in words.
fn due_text(due: &DuePoint, row: &CommitmentRow, lang: Lang) -> String {
    let kind = DuePoint::kind_label(due.kind_code(), lang).unwrap_or_default();
    match due {
        DuePoint::On(day) => format!("{kind}: {}", app::domain::format::date(lang, *day)),
        DuePoint::Before { event } => {
            let first = row
                .due_event_first_day
                .map(|d| format!(" ({})", app::domain::format::date(lang, d)))
                .unwrap_or_default();
            format!("{kind}: {event}{first}")
        }
        DuePoint::When(condition) => format!("{kind}: {}", condition.pick(lang).text),
        DuePoint::Periodically | DuePoint::Unstated => kind.to_owned(),
    }
}

/// The matrix's rows, as cells.
fn table(rows: &[CommitmentRow], filter: &MatrixFilter, lang: Lang, now: DateTime<Utc>) -> Table {
    let mut out = Vec::new();
    for row in rows {
        if filter
            .meeting
            .as_ref()
            .is_some_and(|m| *m != row.meeting.slug)
        {
            continue;
        }
        let c = &row.commitment;
        let parties: Vec<&str> = c.parties.iter().map(|p| p.label(lang)).collect();
        // One share for listed parties (they share the status), one per member otherwise.
        let shares: Vec<(Option<Party>, CommitmentStatus)> = if c.is_all_delegations() {
            c.shares().into_iter().map(|(p, s)| (Some(p), s)).collect()
        } else {
            vec![(None, c.status)]
        };
        for (member, status) in shares {
            let party_ok = filter.party.is_none_or(|p| match member {
                Some(m) => m == p || p == Party::AllDelegations,
                None => c.parties.contains(&p),
            });
            if !party_ok || filter.status.is_some_and(|s| s != status) {
                continue;
            }
            let overdue = match member {
                Some(m) => is_overdue(c, m, now, row.due_event_first_day),
                None => c
                    .parties
                    .iter()
                    .any(|p| is_overdue(c, *p, now, row.due_event_first_day)),
            };
            let percent = match member {
                Some(_) => status.percent(),
                None => c.percent(),
            };
            let notes: Vec<String> = c
                .notes
                .iter()
                .filter(|n| member.is_none_or(|m| n.party == m))
                .map(|n| {
                    format!(
                        "{} {}: {}",
                        n.on,
                        n.party.label(lang),
                        n.text.pick(lang).text
                    )
                })
                .collect();
            out.push(vec![
                Cell::text(row.meeting.title.pick(lang).text),
                Cell::date(Some(row.meeting.dates.first_day())),
                Cell::Count(usize::try_from(row.agreement).unwrap_or(0)),
                Cell::text(parties.join(", ")),
                member.map_or(Cell::Empty, |m| Cell::text(m.label(lang))),
                Cell::text(c.action.pick(lang).text),
                Cell::text(due_text(&c.due, row, lang)),
                Cell::date(c.due.last_day(row.due_event_first_day)),
                Cell::text(status.label(lang)),
                Cell::Count(usize::from(percent)),
                Cell::yes_no(lang, overdue),
                Cell::text(notes.join("\n")),
            ]);
        }
    }
    Table {
        name: td_string!(lang.locale(), ocd_x_sheet).to_owned(),
        columns: columns(lang),
        rows: out,
    }
}

/// The matrix as CSV.
#[must_use]
pub fn commitments_csv(
    rows: &[CommitmentRow],
    filter: &MatrixFilter,
    lang: Lang,
    now: DateTime<Utc>,
) -> Vec<u8> {
    Csv::table(&table(rows, filter, lang, now)).into_bytes()
}

/// The matrix as XLSX.
///
/// # Errors
/// When the workbook cannot be written.
pub fn commitments_xlsx(
    rows: &[CommitmentRow],
    filter: &MatrixFilter,
    lang: Lang,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<u8>> {
    xlsx::workbook(&[table(rows, filter, lang, now)])
}
