//! The CSV writer, on the `csv` crate: RFC 4180 quoting, CRLF line ends, a byte-order mark for
//! spreadsheet programs, and formulas defused, also for a spreadsheet that splits on `;` (Excel
//! in a Spanish locale) or on tabs rather than on commas.

use std::borrow::Cow;

use super::Table;

/// The UTF-8 byte-order mark: without it Excel reads the file as Windows-1252 and breaks accents.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// What a spreadsheet program may split cells on: the comma we write, the `;` of locales whose
/// decimal mark is a comma, the tab, and line breaks (a program that misreads the quotes ends a
/// row there).
const SEPARATORS: [char; 5] = [',', ';', '\t', '\r', '\n'];

/// What makes a cell quoted besides what RFC 4180 asks: the `;` a Spanish-locale Excel splits
/// on. (A tab is defused after, but not quoted: a tab-splitting program honours no quotes.)
const QUOTED_SEPARATORS: [char; 2] = [',', ';'];

/// The characters a spreadsheet reads a formula from, at the start of a cell.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The text a spreadsheet would not read as a formula (OWASP's advice for CSV injection): a value
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, and so does
/// every part of it that a separator of another locale or a line break would start (`x;=1+1`
/// becomes `x;'=1+1`).
fn defuse(value: &str) -> Cow<'_, str> {
    let after_separator = |w: &[char]| SEPARATORS.contains(&w[0]) && FORMULA_START.contains(&w[1]);
    let chars: Vec<char> = value.chars().collect();
    let starts = value.starts_with(FORMULA_START);
    if !starts && !chars.windows(2).any(after_separator) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    if starts {
        out.push('\'');
    }
    let mut previous = None;
    for c in chars {
        if previous.is_some_and(|p| SEPARATORS.contains(&p)) && FORMULA_START.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// A writer of one field into memory: CRLF line ends, quotes always or only where the comma
/// file needs them.
fn writer(style: csv::QuoteStyle) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(style)
        .buffer_capacity(256)
        .from_writer(Vec::new())
}

/// The one way a write into memory fails: never, since `Vec<u8>` takes every byte.
const IN_MEMORY: &str = "a CSV writer into memory cannot fail";

/// One CSV field: defused when a spreadsheet would read a formula, and quoted when it holds a
/// quote, a line break, a comma or a `;` (so a spreadsheet set to `;` never splits it).
#[must_use]
pub fn field(value: &str) -> String {
    // Alone in a record an empty field is written `""`; within a row it is nothing.
    if value.is_empty() {
        return String::new();
    }
    let value = defuse(value);
    let style = if value.contains(QUOTED_SEPARATORS) {
        csv::QuoteStyle::Always
    } else {
        csv::QuoteStyle::Necessary
    };
    // A record of one field, so the writer closes its quotes; then without its line end.
    let mut csv = writer(style);
    csv.write_record([value.as_bytes()]).expect(IN_MEMORY);
    let bytes = csv.into_inner().expect(IN_MEMORY);
    let bytes = bytes.strip_suffix(b"\r\n").unwrap_or(&bytes);
    // The UTF-8 of `value` with ASCII quotes and `'` added.
    String::from_utf8_lossy(bytes).into_owned()
}

/// A CSV file being written, UTF-8 with a byte-order mark so spreadsheet programs read the
/// accents right. Rows may be of any length (a section's rows may be shorter than the header).
#[derive(Debug)]
pub struct Csv {
    out: Vec<u8>,
}

impl Csv {
    /// Starts a file with its header row.
    #[must_use]
    pub fn new<S: AsRef<str>>(header: &[S]) -> Csv {
        let mut csv = Csv { out: BOM.to_vec() };
        csv.row(header);
        csv
    }

    /// Adds one row: each cell as [`field`] writes it, separated by commas, ended by CRLF.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        // A row of one empty cell is `""`, as the `csv` crate writes it, so that it reads back.
        if let [only] = cells
            && only.as_ref().is_empty()
        {
            self.out.extend_from_slice(b"\"\"");
        }
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.out.extend_from_slice(field(cell.as_ref()).as_bytes());
        }
        self.out.extend_from_slice(b"\r\n");
    }

    /// The file's bytes.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
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

    /// Reads `bytes` as a spreadsheet splitting on `delimiter` would, honouring quotes.
    fn read_split_on(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("byte-order mark");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn a_semicolon_in_a_cell_is_quoted_and_what_follows_it_defused() {
        assert_eq!(field("x;=1+1"), "\"x;'=1+1\"");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("Peña; Muñoz"), "\"Peña; Muñoz\"");
        assert_eq!(field("a,=1"), "\"a,'=1\"");
        assert_eq!(field("a\t@x"), "a\t'@x");
        assert_eq!(field("=1;-2"), "\"'=1;'-2\"");
        assert_eq!(field("1-1;a@b"), "\"1-1;a@b\"");
    }

    #[test]
    fn a_spreadsheet_splitting_on_semicolons_or_tabs_finds_no_formula() {
        let hostile = [
            "x;=1+1",
            "x;+1",
            "x;-1",
            "x;@SUM(A1)",
            "x;\t=1",
            "x;\r=1",
            ";=1",
            "a,=HYPERLINK(\"http://evil.example\")",
            "a\t=1",
            "=1;=2;=3",
            "x\";=1+1",
            "x\n;=1",
            "x\n=1",
            "x\r\n-1",
        ];
        let mut csv = Csv::new(&["a", "b"]);
        for cell in hostile {
            csv.row(&[cell, "b"]);
            csv.row(&["a", cell]);
        }
        let bytes = csv.into_bytes();
        for delimiter in [b';', b'\t', b','] {
            for row in read_split_on(&bytes, delimiter) {
                for cell in row {
                    assert!(
                        !cell.starts_with(FORMULA_START),
                        "split on {:?}: {cell:?}",
                        char::from(delimiter)
                    );
                }
            }
        }
        // Read as the comma file it is, each cell is whole, with its `'`s.
        let rows = read_back(&bytes);
        assert_eq!(rows[1], ["x;'=1+1", "b"]);
        assert_eq!(rows[2], ["a", "x;'=1+1"]);
        assert_eq!(rows.len(), 1 + 2 * hostile.len());
    }
}
