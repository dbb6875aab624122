//! The request of an import: the register (its content, bytes or rows), what it holds, its
//! format, and how to read it (header row, column mapping, label scales, bad rows, rows whose id
//! is already in the document).

use super::Field;
use super::reading::Reading;
use crate::model::{AssetType, Document, RiskStatus, TreatmentOption};
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

/// Labels to levels per rating field, and words to values for the fields read from words. A
/// residual field without a map of its own uses its inherent field's; asset valuations use
/// `impact`'s.
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
    /// Residual likelihood labels.
    #[serde(default)]
    pub residual_likelihood: BTreeMap<String, u32>,
    /// Residual impact labels.
    #[serde(default)]
    pub residual_impact: BTreeMap<String, u32>,
    /// Confidentiality valuation labels.
    #[serde(default)]
    pub confidentiality: BTreeMap<String, u32>,
    /// Integrity valuation labels.
    #[serde(default)]
    pub integrity: BTreeMap<String, u32>,
    /// Availability valuation labels.
    #[serde(default)]
    pub availability: BTreeMap<String, u32>,
    /// Labels of a single valuation column (`Criticality`).
    #[serde(default)]
    pub valuation: BTreeMap<String, u32>,
    /// Classification words to confidentiality levels.
    #[serde(default)]
    pub classification: BTreeMap<String, u32>,
    /// Risk status words (`Overdue` → `treating`).
    #[serde(default)]
    pub status: BTreeMap<String, RiskStatus>,
    /// Treatment words (`Park` → `retain`).
    #[serde(default)]
    pub treatment: BTreeMap<String, TreatmentOption>,
    /// Asset type words (`Laptop fleet` → `hardware`).
    #[serde(default, rename = "type")]
    pub asset_type: BTreeMap<String, AssetType>,
}

impl Scales {
    /// The label map a rating field is read with.
    pub(crate) fn levels_for(&self, field: Field) -> &BTreeMap<String, u32> {
        let own = match field {
            Field::Likelihood => &self.likelihood,
            Field::ResidualLikelihood => &self.residual_likelihood,
            Field::ResidualImpact => &self.residual_impact,
            Field::Confidentiality => &self.confidentiality,
            Field::Integrity => &self.integrity,
            Field::Availability => &self.availability,
            Field::Valuation => &self.valuation,
            Field::Classification => &self.classification,
            _ => &self.impact,
        };
        if !own.is_empty() {
            return own;
        }
        match field {
            Field::ResidualLikelihood => &self.likelihood,
            Field::Classification => &self.classification,
            _ => &self.impact,
        }
    }

    /// Adds the maps of `other` (the request's `values`, a reading's scales) to these; `other`
    /// wins for a label in both.
    pub(crate) fn merge(&mut self, other: Scales) {
        self.likelihood.extend(other.likelihood);
        self.impact.extend(other.impact);
        self.residual_likelihood.extend(other.residual_likelihood);
        self.residual_impact.extend(other.residual_impact);
        self.confidentiality.extend(other.confidentiality);
        self.integrity.extend(other.integrity);
        self.availability.extend(other.availability);
        self.valuation.extend(other.valuation);
        self.classification.extend(other.classification);
        self.status.extend(other.status);
        self.treatment.extend(other.treatment);
        self.asset_type.extend(other.asset_type);
    }

    /// The label map of a rating field, to be filled.
    pub(crate) fn levels_mut(&mut self, field: Field) -> Option<&mut BTreeMap<String, u32>> {
        Some(match field {
            Field::Likelihood => &mut self.likelihood,
            Field::Impact => &mut self.impact,
            Field::ResidualLikelihood => &mut self.residual_likelihood,
            Field::ResidualImpact => &mut self.residual_impact,
            Field::Confidentiality => &mut self.confidentiality,
            Field::Integrity => &mut self.integrity,
            Field::Availability => &mut self.availability,
            Field::Valuation => &mut self.valuation,
            Field::Classification => &mut self.classification,
            _ => return None,
        })
    }
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
    /// Labels to levels; the method's labels and common scales are read without it. Also words
    /// to values for `status`, `treatment` and `type`.
    #[serde(default)]
    pub scales: Scales,
    /// Words to values (`{"status": {"Overdue": "treating"}}`): the same maps as `scales`, for
    /// words rather than ratings; merged into `scales`.
    #[serde(default)]
    pub values: Scales,
    /// A reading of the register (from `inspect_register`), changed or not: its sheet, header
    /// rows, last row, each column's field and fill-down, and the levels of its scales' labels
    /// are used instead of detecting them.
    #[serde(default)]
    pub reading: Option<Reading>,
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
