//! Exports: for hosts the participant list and the logistics plan, for everyone the follow-up
//! matrix of commitments ([`commitments`]), as CSV and XLSX, with headers
//! in Spanish or English, and the one CSV writer of the server.
//!
//! Every export is built once as [`Table`]s of typed [`Cell`]s and then written out, so the CSV
//! and the XLSX of one export always hold the same data.
//!
//! # Injection
//! Delegates type names and notes; a name such as `=HYPERLINK(…)` must stay text. In XLSX every
//! text cell is written as a string, never a formula. In CSV a text that a spreadsheet would read
//! as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`
//! (OWASP's advice for CSV injection).

pub mod commitments;
mod csv;
mod erased;
mod logistics;
mod participants;
#[cfg(test)]
mod testkit;
mod xlsx;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use app::domain::Lang;

pub use self::csv::{Csv, field};
pub use self::erased::erased_export;
pub use self::logistics::{logistics_csv, logistics_xlsx};
pub use self::participants::{participants_csv, participants_xlsx};

/// One cell of an export, typed so XLSX gets real dates and numbers.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    /// Free text, possibly typed by a delegate.
    Text(String),
    /// A day (ISO 8601 in CSV).
    Date(NaiveDate),
    /// A time of day (`HH:MM` in CSV).
    Time(NaiveTime),
    /// A local date and time (`YYYY-MM-DD HH:MM` in CSV).
    DateTime(NaiveDateTime),
    /// A count or a position.
    Count(usize),
    /// Nothing known.
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn yes_no(lang: Lang, value: bool) -> Cell {
        let l = lang.locale();
        Cell::text(if value {
            app::i18n::td_string!(l, exp_yes)
        } else {
            app::i18n::td_string!(l, exp_no)
        })
    }

    fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    fn time(t: Option<NaiveTime>) -> Cell {
        t.map_or(Cell::Empty, Cell::Time)
    }

    /// The cell as CSV text (before quoting and defusing).
    fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Time(t) => t.format("%H:%M").to_string(),
            Cell::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
            Cell::Count(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// What a column holds, for its width and wrapping in XLSX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A short text (a status, a flight, yes or no).
    Short,
    /// A name, an institution, an address.
    Medium,
    /// A note or a list of names: wide and wrapped.
    Long,
    /// A date.
    Date,
    /// A time of day.
    Time,
    /// A date and time.
    DateTime,
    /// A number.
    Count,
}

impl Kind {
    /// Column width in characters: wide enough for the usual content, not for the longest.
    fn width(self) -> f64 {
        match self {
            Kind::Short => 14.0,
            Kind::Medium => 28.0,
            Kind::Long => 48.0,
            Kind::Date => 12.0,
            Kind::Time => 8.0,
            Kind::DateTime => 17.0,
            Kind::Count => 10.0,
        }
    }
}

/// A table: a worksheet in XLSX, a file (or a part of one) in CSV.
#[derive(Debug, Clone)]
struct Table {
    /// The worksheet's name (at most 31 characters, none of `[]:*?/\`).
    name: String,
    /// Header and kind of each column.
    columns: Vec<(String, Kind)>,
    /// The rows, each as long as `columns`.
    rows: Vec<Vec<Cell>>,
}

/// The language of a delegate's correspondence, named in `lang`.
fn lang_name(of: Lang, lang: Lang) -> &'static str {
    match (of, lang) {
        (Lang::Es, Lang::Es) => "Español",
        (Lang::Es, Lang::En) => "Spanish",
        (Lang::En, Lang::Es) => "Inglés",
        (Lang::En, Lang::En) => "English",
    }
}
