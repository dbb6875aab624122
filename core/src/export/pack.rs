//! The audit pack: one ZIP archive of files (every document of the ISMS, the SoA workbook, the
//! OSCAL documents), stored in the order given with a fixed date, so the same input gives the
//! same bytes.

use crate::error::{Error, ErrorCode, Result};
use crate::model::Date;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

fn failed(e: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::SchemaViolation,
        "",
        format!("the audit pack could not be written: {e}"),
    )
}

/// Zips `files` (path, bytes) in order, each dated `date` (1 January 1980 when absent).
pub fn zip(files: &[(String, Vec<u8>)], date: Option<&Date>) -> Result<Vec<u8>> {
    let when = match date.map(Date::ymd) {
        Some((y, m, d)) => DateTime::from_date_and_time(y, m, d, 0, 0, 0).unwrap_or_default(),
        None => DateTime::default(),
    };
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    let mut out = Vec::new();
    // Streamed, as the XLSX writer writes its workbooks: one writer's code serves both.
    let mut writer = ZipWriter::new_stream(Cursor::new(&mut out));
    for (path, bytes) in files {
        writer
            .start_file(path.as_str(), options)
            .map_err(|e| failed(&e))?;
        writer.write_all(bytes).map_err(|e| failed(&e))?;
    }
    writer.finish().map_err(|e| failed(&e))?;
    Ok(out)
}
