//! RFC 4180 CSV of a report's first table: a header row, CRLF line ends, fields quoted when they
//! hold a comma, a quote or a line break.
//!
//! **No formulas.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in
//! some, a tab or a carriage return) as a formula, so a risk titled `=HYPERLINK(…)` would become
//! a live link in the file an auditor opens. Text cells that start with one of these characters
//! are written with a leading apostrophe, which spreadsheets read as "this is text" and do not
//! show; number cells are written as they are.

use super::{Report, TableCell};
use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// `text` as a CSV cell a spreadsheet shows as text.
fn inert(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of one cell: a text cell made inert, a number as it is.
fn field(cell: &TableCell) -> String {
    match cell {
        TableCell::Text(text) => inert(text).into_owned(),
        other => other.text(),
    }
}

pub(super) fn write(report: &Report) -> Result<Vec<u8>> {
    let Some(table) = report.tables.iter().find(|t| !t.columns.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |e: &dyn std::fmt::Display| {
        Error::new(
            ErrorCode::SchemaViolation,
            "",
            format!("the CSV could not be written: {e}"),
        )
    };
    writer
        .write_record(table.columns.iter().map(|c| inert(c.header).into_owned()))
        .map_err(|e| failed(&e))?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(field))
            .map_err(|e| failed(&e))?;
    }
    writer.into_inner().map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Table;
    use crate::export::report::col;

    #[test]
    fn text_that_a_spreadsheet_would_run_gets_an_apostrophe_and_numbers_do_not() {
        let cells = [
            "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "'quoted", "€",
        ];
        let mut row: Vec<TableCell> = cells.iter().map(|c| TableCell::from(*c)).collect();
        row.push(TableCell::Number(-3.5));
        let columns = (0..row.len()).map(|_| col("H", 5.0)).collect();
        let report = Report {
            title: String::new(),
            draft: false,
            facts: Vec::new(),
            tables: vec![Table {
                name: "T",
                heading: String::new(),
                text: Vec::new(),
                columns,
                rows: vec![row],
            }],
        };
        let csv = String::from_utf8(write(&report).unwrap_or_default()).unwrap_or_default();
        let body = csv.split_once("\r\n").map(|(_, b)| b).unwrap_or_default();
        assert_eq!(
            body,
            "'=1+1,'+1,'-1,'@SUM(A1),'\tx,\"'\rx\",a=b,'quoted,€,-3.5\r\n"
        );
    }
}
