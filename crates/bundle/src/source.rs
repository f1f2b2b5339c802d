//! Where a bundle's tables come from (a folder of CSV files or one workbook) and the
//! row-by-row reading they share: header checks, blank and ragged rows, cell access.

use crate::error::Errors;
use crate::schema::{self, Table};
use crate::values;
use calamine::{Data, Reader, Sheets};
use landa_model::ValueError;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Workbook formats calamine reads; `.xlsx` is the one landa documents.
const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

pub(crate) enum Source {
    Folder(PathBuf),
    Workbook(Box<Sheets<BufReader<File>>>),
    /// Tables given one by one, each under its own label (an intake file and its persons);
    /// a table not among them is absent.
    Given(Vec<Given>),
}

/// One table of a [`Source::Given`].
pub(crate) struct Given {
    pub table: &'static Table,
    /// The name errors give: the file's name, or `<workbook>/<sheet>`.
    pub label: String,
    pub input: Input,
}

/// Where a given table's rows are.
pub(crate) enum Input {
    CsvFile(PathBuf),
    Csv(Vec<u8>),
    /// A sheet, which the workbook has.
    Sheet(Box<dyn Book>, String),
}

/// A workbook as the reader uses it, from a file or from memory.
pub(crate) trait Book {
    fn sheets(&self) -> Vec<String>;
    fn range(&mut self, sheet: &str) -> Result<calamine::Range<Data>, calamine::Error>;
}

impl<RS: Read + Seek> Book for Sheets<RS> {
    fn sheets(&self) -> Vec<String> {
        self.sheet_names()
    }

    fn range(&mut self, sheet: &str) -> Result<calamine::Range<Data>, calamine::Error> {
        self.worksheet_range(sheet)
    }
}

/// `name`'s extension says it is a workbook calamine reads.
pub(crate) fn is_workbook_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Opens a workbook held in memory: by its name's extension, or as `.xlsx` when the name
/// says nothing (a zip file).
pub(crate) fn open_book(name: &str, bytes: Vec<u8>) -> Result<Box<dyn Book>, calamine::Error> {
    use calamine::{open_workbook_from_rs, Ods, Xls, Xlsx};
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let data = io::Cursor::new(bytes);
    Ok(match extension.as_deref() {
        Some("xls") => Box::new(Sheets::Xls(
            open_workbook_from_rs::<Xls<_>, _>(data).map_err(calamine::Error::Xls)?,
        )),
        Some("ods") => Box::new(Sheets::Ods(
            open_workbook_from_rs::<Ods<_>, _>(data).map_err(calamine::Error::Ods)?,
        )),
        _ => Box::new(Sheets::Xlsx(
            open_workbook_from_rs::<Xlsx<_>, _>(data).map_err(calamine::Error::Xlsx)?,
        )),
    })
}

/// What became of a table. `Incomplete`: its header or an IO error kept its rows from
/// being read, so its keys are not known and references into it are not checked, lest one
/// bad file drown the others in follow-on errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableStatus {
    Absent,
    Incomplete,
    Read,
}

/// A table read to its end: its status and the names of its extra columns (capacities'
/// services, a history's outcomes) in header order, after their prefix.
pub(crate) struct Finished {
    pub status: TableStatus,
    pub extras: Vec<String>,
}

impl From<TableStatus> for Finished {
    fn from(status: TableStatus) -> Self {
        Finished {
            status,
            extras: Vec::new(),
        }
    }
}

impl Source {
    /// Opens a bundle folder or workbook; `None` (with an error) when there is none.
    pub(crate) fn open(path: &Path, errors: &mut Errors) -> Option<Source> {
        let label = path.display().to_string();
        if path.is_dir() {
            check_folder_files(path, errors);
            return Some(Source::Folder(path.to_owned()));
        }
        let is_workbook = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if !path.exists() {
            errors.push(&label, None, None, "no such folder or workbook".into());
            None
        } else if !is_workbook {
            errors.push(
                &label,
                None,
                None,
                "expected a bundle folder or an .xlsx workbook".into(),
            );
            None
        } else {
            match calamine::open_workbook_auto(path) {
                Ok(workbook) => {
                    check_sheet_names(&workbook.sheet_names(), errors);
                    Some(Source::Workbook(Box::new(workbook)))
                }
                Err(e) => {
                    errors.push(&label, None, None, format!("cannot open workbook: {e}"));
                    None
                }
            }
        }
    }

    /// The name errors give for a table: its file in a folder, its sheet in a workbook.
    pub(crate) fn label(&self, table: &Table) -> String {
        match self {
            Source::Folder(_) => table.file.to_owned(),
            Source::Workbook(_) => table.sheet.to_owned(),
            Source::Given(given) => given
                .iter()
                .find(|g| g.table.file == table.file)
                .map_or_else(|| table.file.to_owned(), |g| g.label.clone()),
        }
    }

    /// Reads every row of a table, handing each well-formed one to `on_row`. A missing
    /// required table is reported here.
    pub(crate) fn read_table(
        &mut self,
        table: &'static Table,
        errors: &mut Errors,
        on_row: &mut dyn FnMut(&mut Row<'_>),
    ) -> TableStatus {
        let label = &self.label(table);
        let status = match self {
            Source::Folder(dir) => read_csv(&dir.join(table.file), label, table, errors, on_row),
            Source::Workbook(workbook) => {
                if workbook.sheet_names().iter().any(|n| n == table.sheet) {
                    read_sheet(workbook.as_mut(), table.sheet, label, table, errors, on_row)
                } else {
                    TableStatus::Absent.into()
                }
            }
            Source::Given(given) => match given.iter_mut().find(|g| g.table.file == table.file) {
                None => TableStatus::Absent.into(),
                Some(g) => match &mut g.input {
                    Input::CsvFile(path) => read_csv(path, label, table, errors, on_row),
                    Input::Csv(bytes) => {
                        read_csv_from(bytes.as_slice(), label, table, errors, on_row)
                    }
                    Input::Sheet(book, sheet) => {
                        read_sheet(book.as_mut(), sheet, label, table, errors, on_row)
                    }
                },
            },
        }
        .status;
        if status == TableStatus::Absent && table.required {
            let what = match self {
                Source::Folder(_) | Source::Given(_) => "file",
                Source::Workbook(_) => "sheet",
            };
            errors.push(
                label,
                None,
                None,
                format!("this required {what} is missing"),
            );
        }
        status
    }
}

/// Reads a table kept in a file of its own (a history): a CSV file, or the first sheet of a
/// workbook, told apart by the extension. Errors are given `label`, the file's name.
pub(crate) fn read_file(
    path: &Path,
    label: &str,
    table: &'static Table,
    errors: &mut Errors,
    on_row: &mut dyn FnMut(&mut Row<'_>),
) -> Finished {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if extension == "csv" {
        let finished = read_csv(path, label, table, errors, on_row);
        if finished.status == TableStatus::Absent {
            errors.push(label, None, None, "no such file".into());
        }
        return finished;
    }
    if !WORKBOOK_EXTENSIONS.contains(&extension.as_str()) {
        let expected = WORKBOOK_EXTENSIONS.map(|e| format!(".{e}")).join(", ");
        errors.push(
            label,
            None,
            None,
            format!("expected a .csv file or a workbook ({expected})"),
        );
        return TableStatus::Incomplete.into();
    }
    let mut workbook = match calamine::open_workbook_auto(path) {
        Ok(workbook) => workbook,
        Err(e) => {
            errors.push(label, None, None, format!("cannot open workbook: {e}"));
            return TableStatus::Incomplete.into();
        }
    };
    let Some(first) = workbook.sheet_names().first().cloned() else {
        errors.push(label, None, None, "the workbook has no sheet".into());
        return TableStatus::Incomplete.into();
    };
    read_sheet(&mut workbook, &first, label, table, errors, on_row)
}

/// A `.csv` file in a bundle folder that landa does not know is most likely a misspelt
/// one, whose rows would otherwise be silently ignored.
fn check_folder_files(dir: &Path, errors: &mut Errors) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return; // Reading the files themselves will report what is wrong.
    };
    let mut unknown: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.to_ascii_lowercase().ends_with(".csv"))
        .filter(|name| !schema::TABLES.iter().any(|t| t.file == name))
        .collect();
    unknown.sort();
    let known = schema::TABLES.map(|t| t.file).join(", ");
    for name in unknown {
        errors.push(
            &name,
            None,
            None,
            format!("unknown file; a bundle's CSV files are {known}"),
        );
    }
}

fn check_sheet_names(names: &[String], errors: &mut Errors) {
    let known_sheet = |name: &str| {
        name == schema::scenario::SHEET.sheet || schema::TABLES.iter().any(|t| t.sheet == name)
    };
    let known = std::iter::once(schema::scenario::SHEET.sheet)
        .chain(schema::TABLES.map(|t| t.sheet))
        .collect::<Vec<_>>()
        .join(", ");
    for name in names.iter().filter(|n| !known_sheet(n)) {
        errors.push(
            name,
            None,
            None,
            format!("unknown sheet; a bundle's sheets are {known}"),
        );
    }
}

fn read_csv(
    path: &Path,
    label: &str,
    table: &'static Table,
    errors: &mut Errors,
    on_row: &mut dyn FnMut(&mut Row<'_>),
) -> Finished {
    match File::open(path) {
        Ok(file) => read_csv_from(BufReader::new(file), label, table, errors, on_row),
        Err(e) if e.kind() == io::ErrorKind::NotFound => TableStatus::Absent.into(),
        Err(e) => {
            errors.push(label, None, None, format!("cannot read the file: {e}"));
            TableStatus::Incomplete.into()
        }
    }
}

/// How a CSV file is written, as its header line shows it.
#[derive(Debug, Clone, Copy)]
struct Dialect {
    /// `;` as Excel writes CSV where the decimal separator is a comma (the Nordic
    /// locales), which then also writes numbers with a decimal comma; `,` otherwise.
    delimiter: u8,
    /// Lines end at `\n` (a `\r` before it is trimmed with the last field), so that the
    /// CSV reader counts lines right for CRLF files too; only a file whose lines end in a
    /// lone `\r` (old Mac) is read with `\r` as a terminator.
    terminator: csv::Terminator,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the lines up to the header (the first line that is not blank) and tells the
/// file's dialect from it. The bytes read, without a byte order mark, are returned to be
/// read again.
fn sniff(input: &mut impl BufRead) -> io::Result<(Vec<u8>, Dialect)> {
    let mut prefix = Vec::new();
    let header = loop {
        let start = prefix.len();
        let read = input.read_until(b'\n', &mut prefix)?;
        if start == 0 && prefix.starts_with(BOM) {
            prefix.drain(..BOM.len());
        }
        let line = &prefix[start..];
        let blank = line
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b';' | b'"'));
        if read == 0 || !blank {
            break start;
        }
    };
    let line = &prefix[header..];
    let delimiter = if line.contains(&b';') && !line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let lone_cr = line
        .iter()
        .zip(line.iter().skip(1).chain(std::iter::once(&0)))
        .any(|(&b, &next)| b == b'\r' && next != b'\n');
    let terminator = if lone_cr {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    Ok((
        prefix,
        Dialect {
            delimiter,
            terminator,
        },
    ))
}

/// Where [`PadEmptyLines`] is in the CSV text, as the CSV reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of two.
    QuoteInQuoted,
}

/// Puts a space on each empty line outside quoted values. The CSV reader skips empty
/// lines but counts them only once it has read the next record, which would then be
/// numbered too low; a blank row instead is skipped by [`Visitor`] and numbered right.
/// Only with `\n` as the terminator; a lone-`\r` file passes through unchanged.
struct PadEmptyLines<R> {
    inner: R,
    delimiter: u8,
    state: Option<Lex>,
    /// The newline held back after a padding space that did not fit.
    pending: bool,
}

impl<R: BufRead> PadEmptyLines<R> {
    fn new(inner: R, dialect: Dialect) -> Self {
        let pads = matches!(dialect.terminator, csv::Terminator::Any(b'\n'));
        PadEmptyLines {
            inner,
            delimiter: dialect.delimiter,
            state: pads.then_some(Lex::RecordStart),
            pending: false,
        }
    }
}

impl Lex {
    /// The state after byte `b` in a file separated by `delimiter`.
    fn next(self, b: u8, delimiter: u8) -> Lex {
        match (self, b) {
            (Lex::Quoted, b'"') => Lex::QuoteInQuoted,
            (Lex::Quoted, _) => Lex::Quoted,
            (Lex::QuoteInQuoted, b'"') => Lex::Quoted,
            (_, b'\n') => Lex::RecordStart,
            (_, b) if b == delimiter => Lex::FieldStart,
            (Lex::RecordStart | Lex::FieldStart, b'"') => Lex::Quoted,
            _ => Lex::Unquoted,
        }
    }
}

impl<R: BufRead> Read for PadEmptyLines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let Some(mut state) = self.state else {
            return self.inner.read(out);
        };
        let mut n = 0;
        if self.pending && !out.is_empty() {
            out[0] = b'\n';
            n = 1;
            self.pending = false;
        }
        let delimiter = self.delimiter;
        let input = self.inner.fill_buf()?;
        let room = out.len() - n;
        // Up to the first empty line (a newline at a record's start), copied at once.
        let mut take = 0;
        let mut pad = false;
        for &b in input.iter().take(room) {
            if state == Lex::RecordStart && b == b'\n' {
                pad = true;
                break;
            }
            state = state.next(b, delimiter);
            take += 1;
        }
        out[n..n + take].copy_from_slice(&input[..take]);
        n += take;
        let mut used = take;
        if pad {
            // `take < room`: the space fits; its newline follows now or on the next read.
            out[n] = b' ';
            n += 1;
            used += 1;
            if n < out.len() {
                out[n] = b'\n';
                n += 1;
            } else {
                self.pending = true;
            }
        }
        self.inner.consume(used);
        self.state = Some(state);
        Ok(n)
    }
}

/// Reads CSV text as `table`: comma- or semicolon-separated (see [`Dialect`]), with or
/// without a byte order mark, lines ending in LF or CRLF.
fn read_csv_from(
    mut input: impl BufRead,
    label: &str,
    table: &'static Table,
    errors: &mut Errors,
    on_row: &mut dyn FnMut(&mut Row<'_>),
) -> Finished {
    let (prefix, dialect) = match sniff(&mut input) {
        Ok(sniffed) => sniffed,
        Err(e) => {
            errors.push(label, None, None, format!("cannot read the file: {e}"));
            return TableStatus::Incomplete.into();
        }
    };
    // Headers are read as an ordinary record so that their line, UTF-8 and shape are
    // checked by the same code as every other row.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter)
        .terminator(dialect.terminator)
        .from_reader(PadEmptyLines::new(
            io::Cursor::new(prefix).chain(input),
            dialect,
        ));
    let mut visitor = Visitor::new(label, table, on_row);
    visitor.decimal_comma = dialect.delimiter == b';';
    // One buffer for every row: a valid UTF-8 record converts in place, without copying.
    let mut bytes = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut bytes) {
            Ok(false) => break,
            Ok(true) => {
                let line = bytes.position().map_or(0, |p| to_usize(p.line()));
                let (record, bad_field) = match csv::StringRecord::from_byte_record(bytes) {
                    Ok(record) => (record, None),
                    // Read on with the bad bytes replaced, so that the row's key still
                    // counts and its other cells are still checked.
                    Err(e) => {
                        let field = e.utf8_error().field();
                        (
                            csv::StringRecord::from_byte_record_lossy(e.into_byte_record()),
                            Some(field),
                        )
                    }
                };
                let go_on = visitor.record(line, Cells::Csv(&record), bad_field, errors);
                if !go_on {
                    return TableStatus::Incomplete.into();
                }
                bytes = record.into_byte_record();
            }
            Err(e) => {
                errors.push(label, None, None, format!("cannot read the file: {e}"));
                return TableStatus::Incomplete.into();
            }
        }
    }
    visitor.finish(errors)
}

/// Reads `sheet`, which must exist, as `table`.
fn read_sheet(
    workbook: &mut dyn Book,
    sheet: &str,
    label: &str,
    table: &'static Table,
    errors: &mut Errors,
    on_row: &mut dyn FnMut(&mut Row<'_>),
) -> Finished {
    let range = match workbook.range(sheet) {
        Ok(range) => range,
        Err(e) => {
            errors.push(label, None, None, format!("cannot read the sheet: {e}"));
            return TableStatus::Incomplete.into();
        }
    };
    // Row numbers as the spreadsheet shows them, wherever the used range starts.
    let first_line = range
        .start()
        .map_or(1, |(row, _)| to_usize(u64::from(row)) + 1);
    let mut visitor = Visitor::new(label, table, on_row);
    let mut cells: Vec<String> = Vec::new();
    for (offset, data) in range.rows().enumerate() {
        cells.clear();
        cells.extend(data.iter().map(cell_text));
        // A spreadsheet pads every row to the used range; blank cells beyond the last
        // named column are not extra fields.
        let used = cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        let width = visitor.header.as_ref().map_or(used, |h| h.width.max(used));
        cells.truncate(width);
        if !visitor.record(first_line + offset, Cells::Sheet(&cells), None, errors) {
            return TableStatus::Incomplete.into();
        }
    }
    visitor.finish(errors)
}

/// A cell as the text a CSV file would hold. Whole numbers lose Excel's `.0`; dates
/// become YYYY-MM-DD; anything else (errors like `#N/A`) keeps its text so the column's
/// parser reports it with the rest.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        // 2^53: beyond it floats are not whole numbers one can trust.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
            format!("{}", *f as i64)
        }
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Error(e) => e.to_string(),
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The fields of one row, from either source.
#[derive(Clone, Copy)]
pub(crate) enum Cells<'a> {
    Csv(&'a csv::StringRecord),
    Sheet(&'a [String]),
}

impl<'a> Cells<'a> {
    fn len(self) -> usize {
        match self {
            Cells::Csv(record) => record.len(),
            Cells::Sheet(cells) => cells.len(),
        }
    }

    /// The field at `index` without surrounding whitespace, "" beyond the end.
    fn get(self, index: usize) -> &'a str {
        let field = match self {
            Cells::Csv(record) => record.get(index),
            Cells::Sheet(cells) => cells.get(index).map(String::as_str),
        };
        field.unwrap_or("").trim()
    }

    fn iter(self) -> impl Iterator<Item = &'a str> {
        (0..self.len()).map(move |i| self.get(i))
    }

    fn is_blank(self) -> bool {
        self.iter().all(str::is_empty)
    }
}

/// Where each known column is in a table's header.
pub(crate) struct Header {
    table: &'static Table,
    /// Per column of `table.columns`, its field index when present.
    positions: Vec<Option<usize>>,
    /// Extra columns (capacities' `service:<name>`, a history's `outcome:<name>`): field
    /// index and the name after the prefix, checked by the table's [`Extra::check`].
    ///
    /// [`Extra::check`]: crate::schema::Extra
    extras: Vec<(usize, String)>,
    /// Names as given, to name the column of a field that is not valid UTF-8.
    names: Vec<String>,
    width: usize,
}

impl Header {
    /// Checks the header row. `None` when rows cannot be read by it: a required column is
    /// missing. Unknown and repeated
    /// columns are reported but do not stop the reading.
    fn parse(
        label: &str,
        table: &'static Table,
        line: usize,
        cells: Cells<'_>,
        errors: &mut Errors,
    ) -> Option<Header> {
        let mut header = Header {
            table,
            positions: vec![None; table.columns.len()],
            extras: Vec::new(),
            names: cells.iter().map(str::to_owned).collect(),
            width: cells.len(),
        };
        for (position, name) in cells.iter().enumerate() {
            header.place(label, line, position, name, errors);
        }
        let mut complete = true;
        if let Some(extra) = table
            .extra
            .filter(|e| e.required && header.extras.is_empty())
        {
            complete = false;
            errors.push(
                label,
                Some(line),
                None,
                format!(
                    "at least one {}<name> column is required in the header",
                    extra.prefix
                ),
            );
        }
        for (column, position) in table.columns.iter().zip(&header.positions) {
            if column.required && position.is_none() {
                complete = false;
                errors.push(
                    label,
                    Some(line),
                    Some(column.name),
                    "this required column is missing from the header".into(),
                );
            }
        }
        complete.then_some(header)
    }

    fn place(
        &mut self,
        label: &str,
        line: usize,
        position: usize,
        name: &str,
        errors: &mut Errors,
    ) {
        let table = self.table;
        if let Some(index) = table.columns.iter().position(|c| c.name == name) {
            match self.positions[index] {
                None => self.positions[index] = Some(position),
                Some(first) => errors.push(
                    label,
                    Some(line),
                    Some(name),
                    format!("this column is given twice (first as column {})", first + 1),
                ),
            }
            return;
        }
        if let Some(extra) = table.extra {
            if let Some(suffix) = name.strip_prefix(extra.prefix) {
                let suffix = suffix.trim();
                match (extra.check)(suffix) {
                    Ok(()) if self.extras.iter().any(|(_, s)| s == suffix) => errors.push(
                        label,
                        Some(line),
                        Some(name),
                        "this column is given twice".into(),
                    ),
                    Ok(()) => self.extras.push((position, suffix.to_owned())),
                    Err(e) => errors.push(label, Some(line), Some(name), e.to_string()),
                }
                return;
            }
        }
        let mut known = table.column_names().collect::<Vec<_>>().join(", ");
        if let Some(extra) = table.extra {
            known.push_str(&format!(" and {}<name>", extra.prefix));
        }
        let message = if name.is_empty() {
            format!(
                "column {} has no name; known columns: {known}",
                position + 1
            )
        } else {
            format!("unknown column; known columns: {known}")
        };
        errors.push(
            label,
            Some(line),
            (!name.is_empty()).then_some(name),
            message,
        );
    }

    fn position(&self, column: &str) -> Option<usize> {
        let index = self.table.columns.iter().position(|c| c.name == column)?;
        self.positions[index]
    }
}

/// Drives the rows of one table through the header check to `on_row`; shared by CSV
/// files and sheets.
struct Visitor<'f> {
    label: &'f str,
    table: &'static Table,
    header: Option<Header>,
    on_row: &'f mut dyn FnMut(&mut Row<'_>),
    /// Numbers may have a decimal comma (a semicolon-separated file).
    decimal_comma: bool,
}

impl<'f> Visitor<'f> {
    fn new(label: &'f str, table: &'static Table, on_row: &'f mut dyn FnMut(&mut Row<'_>)) -> Self {
        Visitor {
            label,
            table,
            header: None,
            on_row,
            decimal_comma: false,
        }
    }

    /// Takes one record, whose field `bad_utf8` (if any) was not UTF-8; `false` when the
    /// table cannot be read further.
    fn record(
        &mut self,
        line: usize,
        cells: Cells<'_>,
        bad_utf8: Option<usize>,
        errors: &mut Errors,
    ) -> bool {
        if let Some(field) = bad_utf8 {
            self.report_bad_utf8(line, field, errors);
            if self.header.is_none() {
                return false;
            }
        }
        if cells.is_blank() {
            return true; // Blank lines, also before the header, are not rows.
        }
        let Some(header) = &self.header else {
            self.header = Header::parse(self.label, self.table, line, cells, errors);
            return self.header.is_some();
        };
        if cells.len() != header.width {
            errors.push(
                self.label,
                Some(line),
                None,
                format!(
                    "expected {} fields as in the header, got {}",
                    header.width,
                    cells.len()
                ),
            );
            return true;
        }
        let mut row = Row {
            label: self.label,
            line,
            header,
            cells,
            errors,
            clean: bad_utf8.is_none(),
            decimal_comma: self.decimal_comma,
        };
        (self.on_row)(&mut row);
        true
    }

    fn report_bad_utf8(&self, line: usize, field: usize, errors: &mut Errors) {
        let column = self
            .header
            .as_ref()
            .and_then(|h| h.names.get(field))
            .map(String::as_str);
        errors.push(
            self.label,
            Some(line),
            column,
            "this line is not valid UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8)".into(),
        );
    }

    fn finish(self, errors: &mut Errors) -> Finished {
        if let Some(header) = self.header {
            return Finished {
                status: TableStatus::Read,
                extras: header.extras.into_iter().map(|(_, name)| name).collect(),
            };
        }
        let expected = self.table.column_names().collect::<Vec<_>>().join(",");
        errors.push(
            self.label,
            None,
            None,
            format!("the file is empty; expected a header row such as {expected}"),
        );
        TableStatus::Incomplete.into()
    }
}

/// One data row being read: typed access to its cells by column name. Every problem is
/// reported with the row's place; `is_clean` says whether any was.
pub(crate) struct Row<'a> {
    label: &'a str,
    line: usize,
    header: &'a Header,
    cells: Cells<'a>,
    errors: &'a mut Errors,
    clean: bool,
    decimal_comma: bool,
}

impl Row<'_> {
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// The parser for decimal numbers in this row's file: a semicolon-separated file may
    /// write them with a decimal comma (`0,25`), as Excel does in the Nordic locales.
    pub(crate) fn decimal(&self) -> fn(&str) -> Result<f64, ValueError> {
        if self.decimal_comma {
            values::number_or_decimal_comma
        } else {
            values::number
        }
    }

    /// No error has been reported on this row.
    pub(crate) fn is_clean(&self) -> bool {
        self.clean
    }

    /// The trimmed cell of `column`, "" when the column is not in the header.
    pub(crate) fn cell(&self, column: &str) -> &str {
        self.header
            .position(column)
            .map_or("", |position| self.cells.get(position))
    }

    /// Parses the cell as it is, blank included (blank means something for some
    /// columns, and for a required value the parser says what was expected).
    pub(crate) fn value<T>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, ValueError>,
    ) -> Option<T> {
        match parse(self.cell(column)) {
            Ok(value) => Some(value),
            Err(e) => {
                self.error(column, e.to_string());
                None
            }
        }
    }

    /// Parses the cell unless it is blank; blank and invalid both give `None` (an
    /// invalid cell is reported, so `is_clean` tells them apart).
    pub(crate) fn optional<T>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, ValueError>,
    ) -> Option<T> {
        if self.cell(column).is_empty() {
            None
        } else {
            self.value(column, parse)
        }
    }

    /// Every extra column of this table (capacities' services, a history's outcomes), in
    /// header order, with its value in this row: `None` when blank or invalid (an invalid
    /// cell is reported).
    pub(crate) fn extras<N: FromStr<Err = ValueError>, T>(
        &mut self,
        parse: impl Fn(&str) -> Result<T, ValueError>,
    ) -> Vec<(N, Option<T>)> {
        let header = self.header;
        let prefix = header.table.extra.map_or("", |e| e.prefix);
        let mut values = Vec::new();
        for (position, name) in &header.extras {
            // The header checked the name with the same rules.
            let Ok(typed) = name.parse::<N>() else {
                continue;
            };
            let cell = self.cells.get(*position);
            let value = if cell.is_empty() {
                None
            } else {
                match parse(cell) {
                    Ok(value) => Some(value),
                    Err(e) => {
                        self.error(&format!("{prefix}{name}"), e.to_string());
                        None
                    }
                }
            };
            values.push((typed, value));
        }
        values
    }

    pub(crate) fn error(&mut self, column: &str, message: String) {
        self.clean = false;
        self.errors
            .push(self.label, Some(self.line), Some(column), message);
    }
}

/// The first worksheet of a workbook as CSV text, cells as a CSV file would hold them
/// (dates as YYYY-MM-DD), so a CSV reader can check it and name rows as the sheet shows
/// them when the sheet starts at A1. Used for tables outside bundles, e.g. indicator values.
pub fn first_sheet_as_csv(path: &Path) -> Result<String, String> {
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Err(format!("{}: the workbook has no sheet", path.display()));
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| format!("{}: sheet {name}: {e}", path.display()))?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        writer
            .write_record(row.iter().map(cell_text))
            .map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// An uploaded file holding one table: a workbook (its sheet named as the table's, failing
/// that its first) when the name or content says so, CSV otherwise; `None` when a workbook
/// cannot be opened (the error is pushed).
pub(crate) fn one_table(
    table: &'static Table,
    file_name: &str,
    bytes: &[u8],
    errors: &mut Errors,
) -> Option<Source> {
    let input = if is_workbook_name(file_name) || bytes.starts_with(b"PK\x03\x04") {
        let book = match open_book(file_name, bytes.to_vec()) {
            Ok(book) => book,
            Err(e) => {
                errors.push(file_name, None, None, format!("cannot open workbook: {e}"));
                return None;
            }
        };
        let sheets = book.sheets();
        let Some(sheet) = sheets
            .iter()
            .find(|s| *s == table.sheet)
            .or(sheets.first())
            .cloned()
        else {
            errors.push(file_name, None, None, "the workbook has no sheet".into());
            return None;
        };
        Input::Sheet(book, sheet)
    } else {
        Input::Csv(bytes.to_vec())
    };
    Some(Source::Given(vec![Given {
        table,
        label: file_name.to_owned(),
        input,
    }]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut rest = text;
        let (prefix, dialect) = sniff(&mut rest).expect("in memory");
        let input = PadEmptyLines::new(io::Cursor::new(prefix).chain(rest), dialect);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter)
            .terminator(dialect.terminator)
            .from_reader(input);
        reader
            .records()
            .map(|r| {
                let r = r.expect("a record");
                let line = r.position().expect("a position").line();
                (line, r.iter().map(str::to_owned).collect())
            })
            .collect()
    }

    #[test]
    fn padding_works_through_the_smallest_reads() {
        let text: &[u8] = b"\na,b\n\n\"x\n\ny\"\n";
        let dialect = Dialect {
            delimiter: b',',
            terminator: csv::Terminator::Any(b'\n'),
        };
        let mut padded = PadEmptyLines::new(text, dialect);
        let mut out = Vec::new();
        let mut byte = [0u8; 1];
        while padded.read(&mut byte).expect("in memory") == 1 {
            out.push(byte[0]);
        }
        assert_eq!(out, b" \na,b\n \n\"x\n\ny\"\n");
    }

    #[test]
    fn empty_lines_keep_the_rows_after_them_numbered_and_quoted_values_intact() {
        let text = b"\xEF\xBB\xBF\na;b\n\n\"x\n\ny\";\"\"\"\"\n\n\nz;w";
        let read = records(text);
        let rows: Vec<(u64, Vec<&str>)> = read
            .iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(line, cells)| (*line, cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, vec!["a", "b"]),
                (4, vec!["x\n\ny", "\""]),
                (9, vec!["z", "w"]),
            ]
        );
    }
}
