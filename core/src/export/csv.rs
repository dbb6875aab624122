//! RFC 4180 CSV of a report's first table: a header row, CRLF line ends, fields quoted when they
//! hold a comma, a quote or a line break.

use super::Report;
use crate::error::{Error, ErrorCode, Result};

pub(super) fn write(report: &Report) -> Result<Vec<u8>> {
    let Some(table) = report.tables.first() else {
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
        .write_record(table.columns.iter().map(|c| c.header))
        .map_err(|e| failed(&e))?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|c| c.text()))
            .map_err(|e| failed(&e))?;
    }
    writer.into_inner().map_err(|e| failed(&e))
}
