//! What an import reports: how each column was read (or why not), how each rating column's labels
//! were read, the cells that could not be read, and what the import assumed. One report, held by
//! the import's result ([`Imported`]) and by a register read for analysis.

use super::{Field, RegisterKind, ScaleReading, SourceFormat};
use crate::error::{Error, ErrorCode};
use crate::model::Document;
use serde::Serialize;
use serde_json::json;

/// A column the import read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MappedColumn {
    /// The field it fills.
    pub field: Field,
    /// Its header.
    pub header: String,
    /// Its spreadsheet letter.
    pub column: String,
    /// True when found from the header, false when named in `columns`.
    pub detected: bool,
}

/// A column the import did not read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IgnoredColumn {
    /// Its header.
    pub header: String,
    /// Its spreadsheet letter.
    pub column: String,
    /// `computed` (a score or band the engine computes) or `kept` (under `x_source_columns`).
    pub reason: &'static str,
}

/// A cell that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowError {
    /// The spreadsheet row number (1-based, header rows counted).
    pub row: usize,
    /// The column header.
    pub column: String,
    /// The column letter.
    pub column_letter: String,
    /// The field it would fill.
    pub field: Field,
    /// Stable error code.
    pub code: ErrorCode,
    /// What is wrong.
    pub message: String,
    /// The cell's text.
    pub value: String,
    /// The pointer of the field in the resulting document.
    pub path: String,
}

/// How an import read a register: what it read, the columns it read and did not, how each rating
/// column was read, the records imported, the cells it could not read and what it assumed. The
/// result of an import without its document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportReport {
    /// Risks, assets or a Statement of Applicability.
    pub kind: RegisterKind,
    /// The format read.
    pub format: SourceFormat,
    /// The text encoding found (CSV): `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or
    /// `windows-1252`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The sheet read (XLSX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based row number of the header row.
    pub header_row: usize,
    /// The columns read.
    pub columns: Vec<MappedColumn>,
    /// The columns not read.
    pub ignored: Vec<IgnoredColumn>,
    /// How each rating column was read.
    pub scales: Vec<ScaleReading>,
    /// Data rows met (empty rows not counted).
    pub rows: usize,
    /// Records imported (added and updated).
    pub imported: usize,
    /// Of those, records already in the document that were updated (`existing: "update"`).
    pub updated: usize,
    /// The cells that could not be read (with `on_error: "collect"`).
    pub errors: Vec<RowError>,
    /// What the import assumed (asset placeholders created, default values).
    pub notes: Vec<String>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Imported {
    /// How the register was read.
    #[serde(flatten)]
    pub report: ImportReport,
    /// The document with the imported records.
    pub document: Document,
}

/// The error of an import that fails on its first bad cell (`on_error: "fail"`): the first
/// error, with every error listed and counted in its details ([`Error::listing`]); `None` when
/// every cell was read.
pub(super) fn first_error(errors: &[RowError]) -> Option<Error> {
    let first = errors.first()?;
    Some(
        Error::new(
            first.code,
            first.path.clone(),
            format!(
                "row {}, column `{}`: {}",
                first.row, first.column, first.message
            ),
        )
        .with_details(json!({
            "row": first.row,
            "column": first.column,
            "column_letter": first.column_letter,
            "value": first.value,
        }))
        .listing(errors),
    )
}
