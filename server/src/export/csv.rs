//! The CSV writer: RFC 4180 quoting, CRLF line ends, a byte-order mark for spreadsheet programs,
//! and formulas defused.

use super::Table;

/// One CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula.
#[must_use]
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A CSV file being written, UTF-8 with a byte-order mark so spreadsheet programs read the
/// accents right.
#[derive(Debug, Clone)]
pub struct Csv {
    out: String,
}

impl Csv {
    /// Starts a file with its header row.
    #[must_use]
    pub fn new<S: AsRef<str>>(header: &[S]) -> Csv {
        let mut csv = Csv {
            out: String::from("\u{feff}"),
        };
        csv.row(header);
        csv
    }

    /// Adds one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let fields: Vec<String> = cells.iter().map(|c| field(c.as_ref())).collect();
        self.out.push_str(&fields.join(","));
        self.out.push_str("\r\n");
    }

    /// The file's bytes.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
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
}
