//! The reading of a register: the sheet, the header rows, the field of each column with its
//! confidence and alternatives, how each rating column's values map onto the method, the first
//! records as they would import, and the problems found. `inspect_register` returns it;
//! `import_register` accepts it back (as `reading`), changed or not, and reads the register by
//! it instead of detecting anew.

use super::report::RowError;
use super::{Field, RegisterKind, ScaleReading, SourceFormat};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Another field a column could fill, and how confident the reading is of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Alternative {
    /// The field.
    pub field: Field,
    /// 0 to 1.
    pub confidence: f64,
}

/// How one column is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnReading {
    /// The spreadsheet letter.
    pub column: String,
    /// The header as read (a group header above joined to it with ` / `).
    #[serde(default)]
    pub header: String,
    /// The field it fills; `null` keeps the column under `x_source_columns` (or, for a score
    /// column, `computed`, leaves it unread).
    #[serde(default)]
    pub field: Option<Field>,
    /// How sure the reading is, 0 to 1 (1 when named in the request).
    #[serde(default)]
    pub confidence: f64,
    /// Other fields it could fill, most likely first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// True when blank cells continue the value above (a grouping column, merged cells).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fill_down: bool,
    /// True when named in the request (`columns` or a reading given back), not detected.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub(crate) named: bool,
}

/// A sheet of the workbook and how well it reads as a register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SheetScore {
    /// Its name.
    pub name: String,
    /// How well its best header row reads as a register's header, plus its data rows.
    pub score: f64,
}

/// The proposed reading of a register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reading {
    /// Risks, assets or an SoA.
    #[serde(default)]
    pub kind: RegisterKind,
    /// The format read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<SourceFormat>,
    /// The text encoding found (CSV): `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or
    /// `windows-1252`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The sheet read (XLSX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Every sheet of the workbook with its score (XLSX).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<SheetScore>,
    /// The 1-based numbers of the header rows: one, or two when a row of group headers
    /// (`INHERENT RISK`, `RESIDUAL RISK`) sits above the column headers.
    #[serde(default)]
    pub header_rows: Vec<usize>,
    /// The 1-based number of the last data row read; rows below it (totals, notes) are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_row: Option<usize>,
    /// Every column with a header or with data, in sheet order.
    #[serde(default)]
    pub columns: Vec<ColumnReading>,
    /// How each rating column's values map onto the method's levels.
    #[serde(default)]
    pub scales: Vec<ScaleReading>,
    /// Data rows found.
    #[serde(default)]
    pub rows: usize,
    /// The first records as they would import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preview: Vec<Value>,
    /// The cells that would not read.
    #[serde(default, skip_serializing_if = "Vec::is_empty", skip_deserializing)]
    pub problems: Vec<RowError>,
    /// What the reading assumed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}
