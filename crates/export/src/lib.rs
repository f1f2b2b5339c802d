//! Tables that people read, written where they read them: CSV for other programs and
//! Excel (.xlsx) formatted for people (bold header, frozen header row, number formats,
//! emphasised subtotal and total rows, column widths that fit).
//!
//! Reports (gap tables, quotas, placements) build a [`Table`]; the CLI writes it to a file
//! and the server streams it as a download, so both get the same columns and formats.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;
use thiserror::Error;

/// How a CSV file is written, for the program that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between cells and `.` in decimals, no byte-order mark: for other programs and
    /// Excel in English settings.
    Plain,
    /// As Excel opens CSV in Swedish and Norwegian settings: `;` between cells, a decimal
    /// comma, and a UTF-8 byte-order mark, without which Excel reads å, ä, ö and ø wrong.
    NordicExcel,
}

/// How a column's values are shown; drives the Excel number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    /// Shown with two decimals.
    Decimal,
    /// A share in 0..1, shown as a percentage.
    Percent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Number(f64),
}

impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Cell::Text(value.to_owned())
    }
}
impl From<String> for Cell {
    fn from(value: String) -> Self {
        Cell::Text(value)
    }
}
impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Integer(value)
    }
}
impl From<u32> for Cell {
    fn from(value: u32) -> Self {
        Cell::Integer(i64::from(value))
    }
}
impl From<f64> for Cell {
    fn from(value: f64) -> Self {
        Cell::Number(value)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: ColumnKind) -> Self {
        Column {
            header: header.into(),
            kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Subtotals and totals: bold in Excel.
    pub emphasis: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name in Excel (at most 31 characters are kept).
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing Excel: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("{0}: unknown file type; use a name ending in .csv or .xlsx")]
    UnknownFormat(String),
}

impl Table {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Self {
        Table {
            title: title.into(),
            columns,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row {
            cells,
            emphasis: false,
        });
    }

    pub fn push_emphasised(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row {
            cells,
            emphasis: true,
        });
    }

    /// Writes the table as CSV: a header row, then one line per row; numbers unformatted
    /// so other programs read them back exactly, text defused (see [`csv_text`]).
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<(), ExportError> {
        self.write_csv_as(writer, CsvDialect::Plain)
    }

    /// Writes the table as CSV in `dialect`.
    pub fn write_csv_as<W: Write>(
        &self,
        mut writer: W,
        dialect: CsvDialect,
    ) -> Result<(), ExportError> {
        let nordic = dialect == CsvDialect::NordicExcel;
        if nordic {
            writer
                .write_all("\u{feff}".as_bytes())
                .map_err(csv::Error::from)?;
        }
        let mut out = csv::WriterBuilder::new()
            .delimiter(if nordic { b';' } else { b',' })
            .from_writer(writer);
        out.write_record(self.columns.iter().map(|c| csv_text(&c.header)))?;
        for row in &self.rows {
            out.write_record(row.cells.iter().map(|cell| match cell {
                Cell::Text(text) => csv_text(text),
                Cell::Number(value) if nordic => value.to_string().replace('.', ","),
                other => cell_text(other),
            }))?;
        }
        out.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    /// The table as an .xlsx workbook of one sheet, formatted for people.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, ExportError> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let title: String = self
            .title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        if !title.is_empty() {
            sheet.set_name(title)?;
        }
        let header = Format::new()
            .set_bold()
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        for (col, column) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, &column.header, &header)?;
        }
        for (index, row) in self.rows.iter().enumerate() {
            let excel_row = index as u32 + 1;
            for (col, (cell, column)) in row.cells.iter().zip(&self.columns).enumerate() {
                let format = cell_format(column.kind, row.emphasis);
                let col = col as u16;
                match cell {
                    Cell::Empty => sheet.write_blank(excel_row, col, &format)?,
                    Cell::Text(text) => {
                        sheet.write_string_with_format(excel_row, col, text, &format)?
                    }
                    Cell::Integer(value) => {
                        sheet.write_number_with_format(excel_row, col, *value as f64, &format)?
                    }
                    Cell::Number(value) => {
                        sheet.write_number_with_format(excel_row, col, *value, &format)?
                    }
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
        Ok(workbook.save_to_buffer()?)
    }

    /// The table as aligned plain text for a terminal: text left, numbers right,
    /// a rule under the header and above emphasised rows.
    pub fn to_text(&self) -> String {
        let texts: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .zip(&self.columns)
                    .map(|(cell, column)| cell_display(cell, column.kind))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(col, column)| {
                texts
                    .iter()
                    .filter_map(|row| row.get(col))
                    .map(|text| text.chars().count())
                    .chain([column.header.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| -> String {
            let parts: Vec<String> = cells
                .iter()
                .zip(&self.columns)
                .zip(&widths)
                .map(|((text, column), width)| match column.kind {
                    ColumnKind::Text => format!("{text:<width$}"),
                    _ => format!("{text:>width$}"),
                })
                .collect();
            parts.join("  ").trim_end().to_owned() + "\n"
        };
        let rule = widths
            .iter()
            .map(|width| "-".repeat(*width))
            .collect::<Vec<_>>()
            .join("  ")
            + "\n";
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        let mut out = line(&headers) + &rule;
        for (row, cells) in self.rows.iter().zip(&texts) {
            if row.emphasis {
                out += &rule;
            }
            out += &line(cells);
        }
        out
    }

    /// Writes to `path`, as CSV or Excel by its extension.
    pub fn write_file(&self, path: &Path) -> Result<(), ExportError> {
        let io_error = |source| ExportError::Io {
            path: path.display().to_string(),
            source,
        };
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => {
                let file = std::fs::File::create(path).map_err(io_error)?;
                self.write_csv(std::io::BufWriter::new(file))
            }
            Some("xlsx") => std::fs::write(path, self.to_xlsx()?).map_err(io_error),
            _ => Err(ExportError::UnknownFormat(path.display().to_string())),
        }
    }
}

/// A text cell as written to CSV, defused against formula injection (OWASP, "CSV
/// Injection"): a spreadsheet takes a cell that starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return for a formula, so such a cell gets a leading `'`, which makes it text.
/// A plain decimal number (`-3`, `+0.1250`, a signed coefficient kept as text) is no
/// formula and is left as it is. Every part after a `;` is defused the same way: Excel
/// in Swedish and Norwegian settings splits a CSV file at `;`, so that part starts a cell.
pub fn csv_text(text: &str) -> String {
    text.split(';')
        .map(|part| {
            if part.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(part) {
                format!("'{part}")
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// An optional sign, digits with at most one decimal point, an optional exponent.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Integer(value) => value.to_string(),
        Cell::Number(value) => value.to_string(),
    }
}

/// A cell as a person reads it: decimals to two places, shares as percentages.
pub fn cell_display(cell: &Cell, kind: ColumnKind) -> String {
    match (cell, kind) {
        (Cell::Number(value), ColumnKind::Percent) => format!("{:.1} %", value * 100.0),
        (Cell::Number(value), _) => format!("{value:.2}"),
        (other, _) => cell_text(other),
    }
}

fn cell_format(kind: ColumnKind, emphasis: bool) -> Format {
    let format = match kind {
        ColumnKind::Text => Format::new(),
        ColumnKind::Integer => Format::new().set_num_format("#,##0"),
        ColumnKind::Decimal => Format::new().set_num_format("#,##0.00"),
        ColumnKind::Percent => Format::new().set_num_format("0.0%"),
    };
    if emphasis {
        format.set_bold()
    } else {
        format
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn sample() -> Table {
        let mut table = Table::new(
            "Gaps: Østfold 2015",
            vec![
                Column::new("municipality", ColumnKind::Text),
                Column::new("requested", ColumnKind::Integer),
                Column::new("share decided", ColumnKind::Percent),
            ],
        );
        table.push(vec!["Halden".into(), 30u32.into(), (21.0 / 30.0).into()]);
        table.push(vec!["Hobøl".into(), 10u32.into(), Cell::Empty]);
        table.push_emphasised(vec!["Total".into(), 40u32.into(), (21.0 / 40.0).into()]);
        table
    }

    #[test]
    fn csv_has_header_and_plain_numbers() {
        let mut out = Vec::new();
        sample().write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "municipality,requested,share decided\nHalden,30,0.7\nHobøl,10,\nTotal,40,0.525\n"
        );
    }

    #[test]
    fn nordic_csv_has_a_byte_order_mark_semicolons_and_decimal_commas() {
        let mut table = sample();
        table.push(vec!["Rygge; Moss".into(), 5u32.into(), 0.25.into()]);
        let mut out = Vec::new();
        table
            .write_csv_as(&mut out, CsvDialect::NordicExcel)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}municipality;requested;share decided\nHalden;30;0,7\nHobøl;10;\n\
             Total;40;0,525\n\"Rygge; Moss\";5;0,25\n"
        );
        // A CSV reader set for `;` reads the same cells back.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let last = reader.records().last().unwrap().unwrap();
        assert_eq!(
            last.iter().collect::<Vec<_>>(),
            ["Rygge; Moss", "5", "0,25"]
        );
    }

    #[test]
    fn xlsx_reads_back_with_the_same_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gaps.xlsx");
        sample().write_file(&path).unwrap();
        let mut workbook: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(
            workbook.sheet_names(),
            vec!["Gaps Østfold 2015".to_string()]
        );
        let range = workbook.worksheet_range("Gaps Østfold 2015").unwrap();
        assert_eq!(
            range.get_value((0, 1)),
            Some(&Data::String("requested".into()))
        );
        assert_eq!(
            range.get_value((1, 0)),
            Some(&Data::String("Halden".into()))
        );
        assert_eq!(range.get_value((3, 1)), Some(&Data::Float(40.0)));
        assert_eq!(range.get_value((3, 2)), Some(&Data::Float(0.525)));
    }

    #[test]
    fn text_aligns_numbers_right_and_rules_totals() {
        assert_eq!(
            sample().to_text(),
            "municipality  requested  share decided\n\
             ------------  ---------  -------------\n\
             Halden               30         70.0 %\n\
             Hobøl                10\n\
             ------------  ---------  -------------\n\
             Total                40         52.5 %\n"
        );
    }

    fn csv_of(cells: Vec<Cell>) -> Vec<String> {
        let mut table = Table::new(
            "t",
            (0..cells.len())
                .map(|i| Column::new(format!("c{i}"), ColumnKind::Text))
                .collect(),
        );
        table.push(cells);
        let mut out = Vec::new();
        table.write_csv(&mut out).unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(out.as_slice());
        let record = reader.records().next().unwrap().unwrap();
        record.iter().map(str::to_owned).collect()
    }

    #[test]
    fn csv_text_that_would_be_a_formula_is_written_as_text() {
        assert_eq!(
            csv_of(vec![
                "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
                "@SUM(A1)".into(),
                "+1+cmd|' /C calc'!A0".into(),
                "-1-1".into(),
                "\t=1".into(),
                "\r=1".into(),
                "Dalarna; =1; =2+2".into(),
                "a;@SUM(A1)".into(),
                "Halden".into(),
            ]),
            [
                "'=HYPERLINK(\"http://evil.example\",\"click\")",
                "'@SUM(A1)",
                "'+1+cmd|' /C calc'!A0",
                "'-1-1",
                "'\t=1",
                "'\r=1",
                "Dalarna; =1; =2+2",
                "a;'@SUM(A1)",
                "Halden",
            ]
        );
    }

    #[test]
    fn csv_numbers_stay_numbers() {
        assert_eq!(
            csv_of(vec![
                Cell::Integer(-1),
                Cell::Number(-0.5),
                "-1".into(),
                "+1".into(),
                "+0.1250".into(),
                "-2.5e-3".into(),
            ]),
            ["-1", "-0.5", "-1", "+1", "+0.1250", "-2.5e-3"]
        );
        // Signs alone or with a formula after them are not numbers.
        assert_eq!(
            csv_of(vec!["-".into(), "+.".into(), "-1e".into(), "-inf".into()]),
            ["'-", "'+.", "'-1e", "'-inf"]
        );
    }

    proptest::proptest! {
        #[test]
        fn no_csv_text_cell_starts_a_formula(
            texts in proptest::collection::vec("[=+\\-@\t\r;a1. ]{0,3}.{0,12}", 1..5),
        ) {
            let written = csv_of(texts.iter().map(|t| Cell::from(t.as_str())).collect());
            for (text, field) in texts.iter().zip(&written) {
                for part in field.split(';') {
                    proptest::prop_assert!(
                        !part.starts_with(['=', '+', '-', '@', '\t', '\r'])
                            || (part.parse::<f64>().is_ok()
                                && part.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))),
                        "{text:?} written as {field:?}"
                    );
                }
                // Defusing only adds quotes: the text is still there.
                proptest::prop_assert_eq!(field.replace('\'', ""), text.replace('\'', ""));
            }
        }

        #[test]
        fn csv_numbers_read_back_exactly(integer in proptest::num::i64::ANY, number in -1e9f64..1e9) {
            let written = csv_of(vec![Cell::Integer(integer), Cell::Number(number)]);
            proptest::prop_assert_eq!(written[0].parse::<i64>().unwrap(), integer);
            proptest::prop_assert_eq!(written[1].parse::<f64>().unwrap(), number);
        }
    }

    #[test]
    fn xlsx_text_is_never_a_formula() {
        let mut table = Table::new("t", vec![Column::new("comment", ColumnKind::Text)]);
        table.push(vec!["=1+1".into()]);
        table.push(vec!["@SUM(A1)".into()]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        table.write_file(&path).unwrap();
        let mut workbook: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let values = workbook.worksheet_range("t").unwrap();
        assert_eq!(values.get_value((1, 0)), Some(&Data::String("=1+1".into())));
        assert_eq!(
            values.get_value((2, 0)),
            Some(&Data::String("@SUM(A1)".into()))
        );
        let formulas = workbook.worksheet_formula("t").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{formulas:?}"
        );
    }

    #[test]
    fn unknown_extension_is_refused_with_the_path() {
        let err = sample().write_file(Path::new("gaps.txt")).unwrap_err();
        assert!(err.to_string().starts_with("gaps.txt: unknown file type"));
    }
}
