//! The XLSX writer: one worksheet per [`Table`], a bold frozen header row with a filter, column
//! widths by kind, real Excel dates and times, and every text written as a string (never a
//! formula, whatever it starts with).

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::{Cell, Kind, Table};

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// The formats of one workbook.
struct Formats {
    header: Format,
    text: Format,
    wrapped: Format,
    date: Format,
    time: Format,
    datetime: Format,
    count: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0x00DD_EBF7))
                .set_border_bottom(FormatBorder::Thin),
            text: top.clone(),
            wrapped: top.clone().set_text_wrap(),
            date: top.clone().set_num_format("yyyy-mm-dd"),
            time: top.clone().set_num_format("hh:mm"),
            datetime: top.clone().set_num_format("yyyy-mm-dd hh:mm"),
            count: top,
        }
    }
}

/// A workbook of `tables`, one worksheet each, in order.
pub(super) fn workbook(tables: &[Table]) -> anyhow::Result<Vec<u8>> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        write_table(sheet, table, &formats)?;
    }
    Ok(book.save_to_buffer()?)
}

fn write_table(sheet: &mut Worksheet, table: &Table, f: &Formats) -> anyhow::Result<()> {
    sheet.set_name(&table.name)?;
    for (col, (header, kind)) in (0u16..).zip(&table.columns) {
        sheet.set_column_width(col, kind.width())?;
        sheet.write_string_with_format(0, col, header, &f.header)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for ((col, cell), (_, kind)) in (0u16..).zip(cells).zip(&table.columns) {
            write_cell(sheet, row, col, cell, *kind, f)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if let Some(last_col) = table.columns.len().checked_sub(1) {
        let last_row = u32::try_from(table.rows.len())?;
        sheet.autofilter(0, 0, last_row, u16::try_from(last_col)?)?;
    }
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    kind: Kind,
    f: &Formats,
) -> anyhow::Result<()> {
    match cell {
        Cell::Text(s) => {
            let format = if kind == Kind::Long {
                &f.wrapped
            } else {
                &f.text
            };
            // `write_string`: a string cell, even for "=HYPERLINK(…)".
            sheet.write_string_with_format(row, col, clip(s), format)?;
        }
        Cell::Date(d) => {
            sheet.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?;
        }
        Cell::Time(t) => {
            sheet.write_datetime_with_format(row, col, excel_time(*t)?, &f.time)?;
        }
        Cell::DateTime(dt) => {
            let value = excel_date(dt.date())?.and_hms(
                u16::try_from(dt.hour())?,
                u8::try_from(dt.minute())?,
                dt.second(),
            )?;
            sheet.write_datetime_with_format(row, col, value, &f.datetime)?;
        }
        Cell::Count(n) => {
            sheet.write_number_with_format(row, col, u32::try_from(*n)?, &f.count)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, anyhow::Error> {
    Ok(ExcelDateTime::from_ymd(
        u16::try_from(d.year())?,
        u8::try_from(d.month())?,
        u8::try_from(d.day())?,
    )?)
}

fn excel_time(t: NaiveTime) -> Result<ExcelDateTime, anyhow::Error> {
    Ok(ExcelDateTime::from_hms(
        u16::try_from(t.hour())?,
        u8::try_from(t.minute())?,
        t.second(),
    )?)
}

/// A text cut to what one Excel cell holds (a hotel night of thousands of guests), marked `…`.
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_text_is_clipped_to_one_cell() {
        let long = "Ñ".repeat(MAX_CELL_CHARS + 10);

        let cut = clip(&long);

        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(clip("Ana Pérez"), "Ana Pérez");
    }
}
