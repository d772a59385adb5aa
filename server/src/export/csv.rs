//! The CSV writer, on the `csv` crate: RFC 4180 quoting, CRLF line ends, a byte-order mark for
//! spreadsheet programs, and formulas defused.

use std::borrow::Cow;

use super::Table;

/// The UTF-8 byte-order mark: without it Excel reads the file as Windows-1252 and breaks accents.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The text a spreadsheet would not read as a formula: a value starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading `'` (OWASP's advice for CSV injection).
fn defuse(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A writer into memory with the settings of every export: CRLF line ends, quotes only where
/// needed, and rows of any length (a section's rows may be shorter than the header).
fn writer(out: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .flexible(true)
        .from_writer(out)
}

/// The one way a write into memory fails: never, since `Vec<u8>` takes every byte and the writer
/// is flexible about row lengths.
const IN_MEMORY: &str = "a flexible CSV writer into memory cannot fail";

/// One CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula.
#[must_use]
pub fn field(value: &str) -> String {
    // Alone in a record an empty field is written `""`; within a row it is nothing.
    if value.is_empty() {
        return String::new();
    }
    // A record of one field, so the writer closes its quotes; then without its line end.
    let mut csv = writer(Vec::new());
    csv.write_record([defuse(value).as_bytes()])
        .expect(IN_MEMORY);
    let bytes = csv.into_inner().expect(IN_MEMORY);
    let bytes = bytes.strip_suffix(b"\r\n").unwrap_or(&bytes);
    // The UTF-8 of `value` with ASCII quotes and a `'` added.
    String::from_utf8_lossy(bytes).into_owned()
}

/// A CSV file being written, UTF-8 with a byte-order mark so spreadsheet programs read the
/// accents right.
#[derive(Debug)]
pub struct Csv {
    out: csv::Writer<Vec<u8>>,
}

impl Csv {
    /// Starts a file with its header row.
    #[must_use]
    pub fn new<S: AsRef<str>>(header: &[S]) -> Csv {
        let mut csv = Csv {
            out: writer(BOM.to_vec()),
        };
        csv.row(header);
        csv
    }

    /// Adds one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells = cells.iter().map(|c| defuse(c.as_ref()).into_owned());
        self.out.write_record(cells).expect(IN_MEMORY);
    }

    /// The file's bytes.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_inner().expect(IN_MEMORY)
    }

    /// A whole table as one file.
    pub(super) fn table(table: &Table) -> Csv {
        let header: Vec<&str> = table.columns.iter().map(|(h, _)| h.as_str()).collect();
        let mut csv = Csv::new(&header);
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(super::Cell::to_text).collect();
            csv.row(&cells);
        }
        csv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("-1+1"), "'-1+1");
        assert_eq!(field("+cmd"), "'+cmd");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("Peña, Muñoz"), "\"Peña, Muñoz\"");
        assert_eq!(
            field("Sin gluten\nSin lactosa"),
            "\"Sin gluten\nSin lactosa\""
        );
    }

    #[test]
    fn a_file_starts_with_a_byte_order_mark_and_ends_rows_with_crlf() {
        let mut csv = Csv::new(&["día", "nombre"]);
        csv.row(&["2027-03-08", "Ana Pérez"]);

        let text = String::from_utf8(csv.into_bytes()).unwrap();

        assert_eq!(text, "\u{feff}día,nombre\r\n2027-03-08,Ana Pérez\r\n");
    }

    #[test]
    fn an_empty_field_and_a_tab_or_carriage_return_at_the_start() {
        assert_eq!(field(""), "");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("a=b"), "a=b");
        assert_eq!(field(" =1"), " =1");
    }

    /// Reads `bytes` back with the `csv` crate, checking and dropping the byte-order mark.
    fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("byte-order mark");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn a_cell_with_a_comma_a_quote_and_a_newline_round_trips() {
        let tricky = "Peña, \"la jefa\"\nSin gluten\r\nfin";
        let mut csv = Csv::new(&["nota", "otra"]);
        csv.row(&[tricky, "b"]);
        csv.row(&["", "último"]);

        let rows = read_back(&csv.into_bytes());

        assert_eq!(
            rows,
            [
                vec!["nota".to_owned(), "otra".to_owned()],
                vec![tricky.to_owned(), "b".to_owned()],
                vec![String::new(), "último".to_owned()],
            ]
        );
    }

    #[test]
    fn formula_looking_cells_are_defused_in_the_file() {
        let cells = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "1-1", "a@b"];
        let mut csv = Csv::new(&["a", "b", "c", "d", "e", "f", "g", "h"]);
        csv.row(&cells);

        let rows = read_back(&csv.into_bytes());

        assert_eq!(
            rows[1],
            [
                "'=1+1",
                "'+1",
                "'-1",
                "'@SUM(A1)",
                "'\tx",
                "'\rx",
                "1-1",
                "a@b"
            ]
        );
    }
}
