//! Reading a register file into rows of text: CSV (delimiter sniffed), XLSX (calamine) or rows
//! already split by the caller (a DataFrame, a JS array). Every cell becomes text, the way the
//! spreadsheet shows it, so one parser reads every source.

use crate::error::{Error, ErrorCode, Result};
#[cfg(feature = "xlsx-read")]
use calamine::{Data, Reader, Xlsx};
use csv_core::ReadRecordResult;
use serde_json::Value;
#[cfg(feature = "xlsx-read")]
use std::io::Cursor;

/// A grid of text cells and where it sits in its file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    /// The sheet's name (XLSX only).
    pub name: Option<String>,
    /// Rows in file order.
    pub rows: Grid,
    /// The 1-based row number of `rows[0]` in the file, as a spreadsheet shows it.
    pub first_row: usize,
    /// The 0-based column index of the first cell of each row.
    pub first_column: usize,
}

/// Reads CSV text. The delimiter is `delimiter`, else the one of `,` `;` tab `|` that splits the
/// first lines most consistently.
///
/// The rules are RFC 4180's, read leniently (by `csv-core`, the reader under the `csv` crate): a
/// field in double quotes may hold delimiters, line breaks and doubled quotes; text after a
/// closing quote joins the field; a quote inside an unquoted field is text; a record ends at CR,
/// LF or CRLF; empty lines are skipped; records may have any number of fields; a byte-order mark
/// at the start is dropped. Each field is copied once, straight into the sheet's cell buffer.
pub(crate) fn csv(text: &str, delimiter: Option<u8>) -> Result<Sheet> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter.unwrap_or_else(|| sniff(text));
    // csv-core drops a byte-order mark at the start of its input, so a second mark is dropped
    // too, as the csv crate does.
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    // The fields are the input less quotes and line breaks, so never longer than it.
    let mut out = vec![0u8; input.len()];
    let mut written = 0;
    let mut ends = Vec::with_capacity(input.len() / 8);
    let mut rows = vec![0];
    // The end of each field of the record being read, from the record's start.
    let mut record = vec![0usize; 32];
    let mut fields = 0;
    let mut record_start = 0;
    loop {
        let (result, nin, nout, nend) = reader.read_record(
            input,
            out.get_mut(written..).unwrap_or_default(),
            record.get_mut(fields..).unwrap_or_default(),
        );
        input = input.get(nin..).unwrap_or_default();
        written += nout;
        fields += nend;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => out.resize(out.len() * 2 + 1, 0),
            ReadRecordResult::OutputEndsFull => record.resize(record.len() * 2, 0),
            ReadRecordResult::Record => {
                ends.extend(record.iter().take(fields).map(|end| record_start + end));
                rows.push(ends.len());
                record_start = written;
                fields = 0;
            }
            ReadRecordResult::End => break,
        }
    }
    out.truncate(written);
    // Fields are cut at ASCII bytes (quotes, delimiters, line breaks) or around a whole
    // byte-order mark, so the text stays UTF-8 and this error is not expected; its offset would
    // be one in the fields read, not in the file.
    let text = String::from_utf8(out).map_err(|e| {
        Error::new(
            ErrorCode::UnreadableFile,
            "/content",
            format!(
                "the CSV cannot be read at byte {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(Sheet {
        name: None,
        rows: Grid { text, ends, rows },
        first_row: 1,
        first_column: 0,
    })
}

fn sniff(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let mut best = (b',', 0usize);
    for candidate in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == candidate).count())
            .collect();
        let Some(first) = counts.first().copied() else {
            continue;
        };
        // A delimiter splits every line the same way; score it by the fields it makes.
        let consistent = counts.iter().filter(|c| **c == first).count();
        let score = if first == 0 { 0 } else { first * consistent };
        if score > best.1 {
            best = (candidate, score);
        }
    }
    best.0
}

/// Without the `xlsx-read` feature a workbook is not read: the error's `details`
/// (`{"feature": "xlsx-read"}`) name the feature that reads it.
#[cfg(not(feature = "xlsx-read"))]
pub(crate) fn xlsx(
    _bytes: &[u8],
    _sheet: Option<&str>,
    _has_header: impl Fn(&Grid) -> bool,
) -> Result<Sheet> {
    Err(Error::new(
        ErrorCode::UnreadableFile,
        "/content",
        "this build of the engine reads no XLSX workbook: it needs the cargo feature `xlsx-read`",
    )
    .with_details(serde_json::json!({ "feature": "xlsx-read" })))
}

/// Reads one sheet of an XLSX workbook: `sheet` by name, else the first sheet that holds a row
/// `has_header` accepts, else the first sheet.
#[cfg(feature = "xlsx-read")]
pub(crate) fn xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    has_header: impl Fn(&Grid) -> bool,
) -> Result<Sheet> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Error::new(
            ErrorCode::UnreadableFile,
            "/content",
            format!("the file is not a readable XLSX workbook: {e}"),
        )
    };
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    let wanted: Vec<String> = match sheet {
        Some(name) => {
            if !names.iter().any(|n| n == name) {
                return Err(Error::new(
                    ErrorCode::UnknownReference,
                    "/sheet",
                    format!(
                        "the workbook has no sheet `{name}`; it has {}",
                        names.join(", ")
                    ),
                ));
            }
            vec![name.to_owned()]
        }
        None => names,
    };
    let mut first = None;
    for name in wanted {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(&e))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = Grid::default();
        for cells in range.rows() {
            rows.push_cells(cells.iter().map(cell_text));
        }
        let found = Sheet {
            name: Some(name),
            rows,
            first_row: row0 as usize + 1,
            first_column: col0 as usize,
        };
        if sheet.is_some() || has_header(&found.rows) {
            return Ok(found);
        }
        first.get_or_insert(found);
    }
    first.ok_or_else(|| unreadable(&"it has no sheet"))
}

/// A cell as the spreadsheet shows it: whole numbers without `.0`, dates as `YYYY-MM-DD`.
#[cfg(feature = "xlsx-read")]
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// Rows the caller has already split: arrays of strings, numbers, booleans or nulls.
pub(crate) fn rows(values: &[Vec<Value>]) -> Result<Sheet> {
    let mut rows = Grid::default();
    for (r, row) in values.iter().enumerate() {
        let mut cells = Vec::with_capacity(row.len());
        for (c, value) in row.iter().enumerate() {
            cells.push(match value {
                Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() => number_text(f).into(),
                    _ => n.to_string().into(),
                },
                Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
                Value::Null => "".into(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(Error::new(
                        ErrorCode::SchemaViolation,
                        format!("/rows/{r}/{c}"),
                        "a cell must be a string, a number, a boolean or null",
                    ));
                }
            });
        }
        rows.push_cells(cells);
    }
    Ok(Sheet {
        name: None,
        rows,
        first_row: 1,
        first_column: 0,
    })
}

/// Rows of text cells, all held in one buffer: a register of many thousand rows costs a few
/// allocations, not a few per row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    text: String,
    /// The end offset in `text` of every cell, row after row.
    ends: Vec<usize>,
    /// The index in `ends` of each row's first cell, plus one past the last row.
    rows: Vec<usize>,
}

/// The cells of one row of a [`Grid`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cells<'g> {
    text: &'g str,
    /// Where the row starts in `text`.
    start: usize,
    ends: &'g [usize],
}

impl Grid {
    /// Appends a row of cells.
    pub(crate) fn push_cells<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for cell in cells {
            self.text.push_str(cell.as_ref());
            self.ends.push(self.text.len());
        }
        self.end_row();
    }

    fn end_row(&mut self) {
        if self.rows.is_empty() {
            self.rows.push(0);
        }
        self.rows.push(self.ends.len());
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    /// Row `i`.
    pub(crate) fn get(&self, i: usize) -> Option<Cells<'_>> {
        let (first, last) = (*self.rows.get(i)?, *self.rows.get(i + 1)?);
        let start = match first.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)?,
            None => 0,
        };
        Some(Cells {
            text: &self.text,
            start,
            ends: self.ends.get(first..last)?,
        })
    }

    /// The rows in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Cells<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl<'g> Cells<'g> {
    /// The text of cell `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&'g str> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)?,
            None => self.start,
        };
        self.text.get(start..end)
    }

    /// The number of cells.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The cells' text in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'g str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// `text` without leading and trailing whitespace, as [`str::trim`] gives it; a cell that starts
/// and ends with a visible ASCII character, as most do, is returned without decoding.
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| *b > b' ' && b.is_ascii());
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// The spreadsheet letter of a 0-based column index (`0` → `A`, `26` → `AA`).
pub(crate) fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The 0-based column index of a spreadsheet letter reference (`A`, `c`, `AA`).
pub(crate) fn letter_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n = 0usize;
    for b in letters.bytes() {
        n = n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), l);
            assert_eq!(letter_index(l), Some(i));
        }
        assert_eq!(letter_index("a"), Some(0));
        assert_eq!(letter_index("A1"), None);
    }

    #[test]
    fn grids_hold_rows_of_cells() {
        let sheet = csv("a,\"b,c\",\n\nd\n", None).unwrap_or_default();
        let rows: Vec<Vec<&str>> = sheet.rows.iter().map(|r| r.iter().collect()).collect();
        assert_eq!(rows, [vec!["a", "b,c", ""], vec!["d"]]);
        assert!(sheet.rows.get(2).is_none());
        let mut grid = Grid::default();
        grid.push_cells(["x", "", "yz"]);
        grid.push_cells(Vec::<&str>::new());
        grid.push_cells(["é"]);
        assert_eq!(grid.len(), 3);
        assert_eq!(grid.get(0).and_then(|r| r.get(2)), Some("yz"));
        assert_eq!(grid.get(1).map(|r| r.len()), Some(0));
        assert_eq!(grid.get(2).and_then(|r| r.get(0)), Some("é"));
        assert_eq!(grid.get(0).and_then(|r| r.get(3)), None);
    }

    /// The CSV crate's reading, with the same options, as the reference of [`csv`].
    fn csv_reference(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        reader
            .byte_records()
            .map(|r| {
                let r = r.unwrap();
                r.iter()
                    .map(|f| String::from_utf8(f.to_vec()).unwrap())
                    .collect()
            })
            .collect()
    }

    fn read(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        let sheet = csv(text, Some(delimiter)).unwrap();
        sheet
            .rows
            .iter()
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn reads_csv_as_the_csv_crate_does() {
        for text in [
            "",
            "\n",
            "a",
            "a,",
            ",",
            "a,b\nc",
            "\"a,b\",c\r\nd",
            "\"a\"\"b\"",
            "\"ab\"cd,e",
            "\"unterminated",
            "a\"b,c",
            "\r\r\n\na\r",
            "\"\"",
            "\",\"",
            "x,\"y\"\n",
            "\u{feff}\u{feff}a,b",
            "é,\"ü\"\"\",ß\n\n",
            "a,\"\n\"",
            "\"a\"\"",
            "a,,b,\r\n,",
        ] {
            assert_eq!(read(text, b','), csv_reference(text, b','), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn reads_any_text_as_the_csv_crate_does(
            text in "[a\u{e9}\u{feff},;\"\r\n ]{0,40}",
            semicolon in proptest::prelude::any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            proptest::prop_assert_eq!(read(&text, delimiter), csv_reference(&text, delimiter));
        }
    }

    #[test]
    fn trims_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta\r\n",
            "é",
            " é ",
            "a\u{a0}",
            "\u{2003}b",
            "\u{1c}x\u{1f}",
            "a b",
            "\u{85}",
            "x\u{3000}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff("a,b\n\"x;y\",2\n"), b',');
        assert_eq!(sniff("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff("single column\n"), b',');
    }
}
