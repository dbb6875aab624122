//! The request of an import: the register (its content, bytes or rows), what it holds, its
//! format, and how to read it (header row, column mapping, label scales, bad rows, rows whose id
//! is already in the document).

use super::Field;
use crate::model::Document;
use crate::risk::MethodRef;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// What the register holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// A risk register.
    #[default]
    Risks,
    /// An asset register (inventory).
    Assets,
    /// A Statement of Applicability: one row per control, read into the document's control
    /// records.
    Soa,
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Comma-, semicolon-, tab- or bar-separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// Rows already split: arrays of strings, numbers, booleans or nulls.
    Rows,
}

/// What a bad row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// The first bad cell fails the import.
    #[default]
    Fail,
    /// Bad rows are left out and listed; good rows import.
    Collect,
}

/// Labels to levels, per rating column.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scales {
    /// Likelihood labels (also used for residual likelihood).
    #[serde(default)]
    pub likelihood: BTreeMap<String, u32>,
    /// Impact labels (also used for residual impact and asset valuations).
    #[serde(default)]
    pub impact: BTreeMap<String, u32>,
}

/// How the `content` of a request is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Encoding {
    /// Text (CSV).
    #[serde(rename = "utf-8")]
    Utf8,
    /// Base64 of the file's bytes (XLSX, or CSV in any case).
    #[serde(rename = "base64")]
    Base64,
}

/// Request of `import_register`: the register and how to read it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The file: CSV text, or base64 (see `encoding`). Bindings that hold bytes pass them to
    /// [`import_bytes`] instead.
    #[serde(default)]
    pub content: Option<String>,
    /// How `content` is encoded: `utf-8`, or `base64` (the default for XLSX).
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// Rows already split (header row included), instead of `content`.
    #[serde(default)]
    pub rows: Option<Vec<Vec<Value>>>,
    /// Risks, assets or a Statement of Applicability.
    #[serde(default)]
    pub kind: RegisterKind,
    /// The format; found from the content when absent.
    #[serde(default)]
    pub format: Option<SourceFormat>,
    /// XLSX: the sheet to read; the first with a header row when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based row number of the header row; found when absent.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// CSV: the delimiter; sniffed when absent.
    #[serde(default)]
    pub delimiter: Option<char>,
    /// Field → header text or column letter; `null` leaves a field unread.
    #[serde(default)]
    pub columns: BTreeMap<Field, Option<String>>,
    /// Labels to levels; the method's labels and common scales are read without it.
    #[serde(default)]
    pub scales: Scales,
    /// The risk method the ratings are on; the document's, else the default, when absent.
    #[serde(default)]
    pub method: Option<MethodRef>,
    /// The document to import into; a new one when absent.
    #[serde(default)]
    pub document: Option<Document>,
    /// Fail on the first bad row, or collect bad rows and import the good ones.
    #[serde(default)]
    pub on_error: OnError,
    /// What a row whose id is already in `document` does: fail (`duplicate_id`) or update it.
    #[serde(default)]
    pub existing: Existing,
}

/// What a row whose id is already in the document does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Existing {
    /// The row fails with `duplicate_id`.
    #[default]
    Fail,
    /// The row updates that record: the fields the register has columns for are replaced (an
    /// empty cell empties the field); the others keep their values.
    Update,
}
