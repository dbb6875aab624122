//! Reading a register file into rows of text: CSV (delimiter sniffed), XLSX (calamine) or rows
//! already split by the caller (a DataFrame, a JS array). Every cell becomes text, the way the
//! spreadsheet shows it, so one parser reads every source.

use crate::error::{Error, ErrorCode, Result};
use calamine::{Data, Reader, Xlsx};
use csv::StringRecord;
use serde_json::Value;
use std::io::Cursor;

/// A grid of text cells and where it sits in its file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    /// The sheet's name (XLSX only).
    pub name: Option<String>,
    /// Rows in file order.
    pub rows: Vec<StringRecord>,
    /// The 1-based row number of `rows[0]` in the file, as a spreadsheet shows it.
    pub first_row: usize,
    /// The 0-based column index of the first cell of each row.
    pub first_column: usize,
}

/// Reads CSV text. The delimiter is `delimiter`, else the one of `,` `;` tab `|` that splits the
/// first lines most consistently.
pub(crate) fn csv(text: &str, delimiter: Option<u8>) -> Result<Sheet> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter.unwrap_or_else(|| sniff(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => rows.push(std::mem::take(&mut record)),
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(Error::new(
                    ErrorCode::UnreadableFile,
                    "/content",
                    format!("the CSV cannot be read at line {line}: {e}"),
                ));
            }
        }
    }
    Ok(Sheet {
        name: None,
        rows,
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

/// Reads one sheet of an XLSX workbook: `sheet` by name, else the first sheet that holds a row
/// `has_header` accepts, else the first sheet.
pub(crate) fn xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    has_header: impl Fn(&[StringRecord]) -> bool,
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
        let rows: Vec<StringRecord> = range
            .rows()
            .map(|cells| cells.iter().map(cell_text).collect())
            .collect();
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
    let mut rows = Vec::with_capacity(values.len());
    for (r, row) in values.iter().enumerate() {
        let mut record = StringRecord::new();
        for (c, value) in row.iter().enumerate() {
            match value {
                Value::String(s) => record.push_field(s),
                Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() => record.push_field(&number_text(f)),
                    _ => record.push_field(&n.to_string()),
                },
                Value::Bool(b) => record.push_field(if *b { "TRUE" } else { "FALSE" }),
                Value::Null => record.push_field(""),
                Value::Array(_) | Value::Object(_) => {
                    return Err(Error::new(
                        ErrorCode::SchemaViolation,
                        format!("/rows/{r}/{c}"),
                        "a cell must be a string, a number, a boolean or null",
                    ));
                }
            }
        }
        rows.push(record);
    }
    Ok(Sheet {
        name: None,
        rows,
        first_row: 1,
        first_column: 0,
    })
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
    fn sniffs_delimiters() {
        assert_eq!(sniff("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff("a,b\n\"x;y\",2\n"), b',');
        assert_eq!(sniff("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff("single column\n"), b',');
    }
}
