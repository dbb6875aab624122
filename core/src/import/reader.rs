//! The format readers: the sheet of a register from the request's rows, from its content (CSV
//! text, or base64 of a CSV or XLSX file) or from the bytes of a file, its format found from
//! the bytes when not given.

use super::layout::{find_header, headers_of};
use super::request::{ImportRequest, SourceFormat};
use super::source::{self, Sheet};
use super::workbook;
use crate::error::{Error, ErrorCode, Result};

/// The sheet of a register: `bytes`, the bytes of a file, else the request's `rows` or its
/// `content` decoded. The rows and content are taken out of the request.
pub(super) fn load(
    request: &mut ImportRequest,
    bytes: Option<&[u8]>,
) -> Result<(SourceFormat, Sheet)> {
    if let Some(bytes) = bytes {
        return sheet_of_bytes(request, bytes);
    }
    if let Some(rows) = request.rows.take() {
        if request.content.is_some() {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/content",
                "give either `content` or `rows`, not both",
            ));
        }
        return Ok((SourceFormat::Rows, source::rows(&rows)?));
    }
    let Some(content) = request.content.take() else {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/content",
            "give the register as `content` (CSV text or base64) or as `rows`",
        ));
    };
    let bytes = workbook::content_bytes(&content, request.encoding, request.format)?;
    sheet_of_bytes(request, &bytes)
}

/// The sheet of a CSV or XLSX file.
fn sheet_of_bytes(options: &ImportRequest, bytes: &[u8]) -> Result<(SourceFormat, Sheet)> {
    let format = options
        .format
        .unwrap_or(if bytes.starts_with(b"PK\x03\x04") {
            SourceFormat::Xlsx
        } else {
            SourceFormat::Csv
        });
    let headers = headers_of(options.kind);
    let sheet = match format {
        SourceFormat::Xlsx => source::xlsx(bytes, options.sheet.as_deref(), |rows| {
            find_header(headers, rows).is_some()
        })?,
        SourceFormat::Csv => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                Error::new(
                    ErrorCode::UnreadableFile,
                    "/content",
                    format!("the CSV is not UTF-8 text (byte {})", e.valid_up_to()),
                )
            })?;
            source::csv(text, delimiter(options)?)?
        }
        SourceFormat::Rows => {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/format",
                "`rows` are given as `rows`, not as file content",
            ));
        }
    };
    Ok((format, sheet))
}

fn delimiter(options: &ImportRequest) -> Result<Option<u8>> {
    match options.delimiter {
        None => Ok(None),
        Some(c) if c.is_ascii() && c != '"' && c != '\n' && c != '\r' => Ok(Some(c as u8)),
        Some(c) => Err(Error::new(
            ErrorCode::SchemaViolation,
            "/delimiter",
            format!("`{c}` cannot separate CSV fields; use one ASCII character"),
        )),
    }
}
