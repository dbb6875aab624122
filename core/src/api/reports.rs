//! Report operations: `soa`, `readiness`, `diff`, `export`, `oscal`.
//!
//! The reports borrow from the checked document, so the typed functions hand them to a closure
//! (`soa(&request, |soa| serde_json::to_string(soa))`); [`super::call_json`] serialises them.

use super::document::in_document;
use crate::analysis;
use crate::diff::{self, Diff};
use crate::error::{Error, ErrorCode, Result};
use crate::export::oscal::{self, Model};
use crate::export::{self, Format, ReportKind};
use crate::model::{Date, Document};
use crate::readiness::{self, Readiness};
use crate::soa::{self, Soa};
use serde::{Deserialize, Serialize};

/// Request of `soa` and `readiness`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// The document.
    pub document: Document,
    /// Today, for findings that depend on the date (a lapsed review of the statement).
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// `soa`: the Statement of Applicability: one row per Annex A and custom control, its header,
/// counts and the findings that concern it.
pub fn soa<R>(request: &ReportRequest, with: impl FnOnce(&Soa<'_>) -> R) -> Result<R> {
    let checked =
        crate::checks::check(&request.document, request.as_of.as_ref()).map_err(in_document)?;
    Ok(with(&soa::build(&checked)))
}

/// Request of `draft_soa`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DraftSoaRequest {
    /// The document whose risks name the controls.
    pub document: Document,
}

/// `draft_soa`: checks the document, then proposes as applicable every control a risk
/// treatment names that no decision covers (see [`soa::draft`]); decisions already made are
/// never changed.
pub fn draft_soa(request: DraftSoaRequest) -> Result<soa::DraftSoa> {
    crate::checks::check(&request.document, None).map_err(in_document)?;
    Ok(soa::draft(&request.document))
}

/// `readiness`: clause requirements, mandatory documented information, Annex A implementation
/// by theme and attribute, the score and the prioritised gap list.
pub fn readiness(request: &ReportRequest) -> Result<Readiness> {
    let checked =
        crate::checks::check(&request.document, request.as_of.as_ref()).map_err(in_document)?;
    let soa = soa::build(&checked);
    Ok(readiness::assess(&checked, &soa))
}

/// Request of `diff`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DiffRequest {
    /// The earlier version.
    pub old: Document,
    /// The later version.
    pub new: Document,
    /// Today, for date-dependent findings (both versions are checked as of this date).
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// `diff`: what changed between two versions of a document.
pub fn diff<R>(request: &DiffRequest, with: impl FnOnce(&Diff<'_>) -> R) -> Result<R> {
    let as_of = request.as_of.as_ref();
    let old = crate::checks::check(&request.old, as_of).map_err(|e| e.under("/old"))?;
    let new = crate::checks::check(&request.new, as_of).map_err(|e| e.under("/new"))?;
    Ok(with(&diff::diff(&old, &new)))
}

/// Request of `export`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The document.
    pub document: Document,
    /// `soa` (when absent), `treatment_plan`, `readiness` or `all` (not for CSV).
    #[serde(default)]
    pub report: ReportKind,
    /// `json`, `csv`, `markdown`, `html` or `xlsx` (when absent).
    #[serde(default)]
    pub format: Format,
    /// Today: marks overdue actions and dates the workbook (the SoA's approval date otherwise).
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// A written report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The format written.
    pub format: Format,
    /// A file name: the organisation, the report, the extension.
    pub filename: String,
    /// IANA media type.
    pub media_type: &'static str,
    /// The bytes (UTF-8 text for every format but XLSX).
    pub content: Vec<u8>,
}

impl Exported {
    /// True for the formats that are text (all but XLSX).
    pub fn is_text(&self) -> bool {
        self.format != Format::Xlsx
    }
}

/// The JSON form of [`Exported`]: text as is, XLSX in base64.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportedJson {
    /// File name.
    pub filename: String,
    /// Media type.
    pub media_type: &'static str,
    /// `utf-8` or `base64`.
    pub encoding: &'static str,
    /// The content.
    pub content: String,
}

impl From<Exported> for ExportedJson {
    fn from(e: Exported) -> Self {
        use base64::Engine as _;
        let (encoding, content) = if e.is_text() {
            ("utf-8", String::from_utf8_lossy(&e.content).into_owned())
        } else {
            (
                "base64",
                base64::engine::general_purpose::STANDARD.encode(&e.content),
            )
        };
        Self {
            filename: e.filename,
            media_type: e.media_type,
            encoding,
            content,
        }
    }
}

/// The treatment plan as JSON: the method, then the actions in priority order.
#[derive(Serialize)]
struct PlanJson<'a> {
    method: &'a str,
    actions: &'a [analysis::PlanRow<'a>],
}

fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| {
        Error::new(
            ErrorCode::SchemaViolation,
            "",
            format!("the report could not be written: {e}"),
        )
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `export`: a report as JSON, CSV, Markdown, HTML or XLSX, written by the engine so every
/// target gives the same bytes.
pub fn export(request: &ExportRequest) -> Result<Exported> {
    if request.format == Format::Csv && request.report == ReportKind::All {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/report",
            "CSV holds one table: export `soa`, `treatment_plan` or `readiness`",
        ));
    }
    let as_of = request.as_of.as_ref();
    let doc = &request.document;
    let checked = crate::checks::check(doc, as_of).map_err(in_document)?;
    let soa = soa::build(&checked);
    let plan = analysis::treatment_plan(&checked, as_of);
    let organisation = &doc.organisation.name;
    let method = checked.method.id.as_str();
    let content = match (request.format, request.report) {
        (Format::Json, ReportKind::Soa) => json_bytes(&soa)?,
        (Format::Json, ReportKind::TreatmentPlan) => json_bytes(&PlanJson {
            method,
            actions: &plan,
        })?,
        (Format::Json, ReportKind::Readiness) => json_bytes(&readiness::assess(&checked, &soa))?,
        (Format::Json, ReportKind::All) => {
            #[derive(Serialize)]
            struct All<'a> {
                soa: &'a Soa<'a>,
                treatment_plan: PlanJson<'a>,
                readiness: Readiness,
            }
            json_bytes(&All {
                soa: &soa,
                treatment_plan: PlanJson {
                    method,
                    actions: &plan,
                },
                readiness: readiness::assess(&checked, &soa),
            })?
        }
        (format, kind) => {
            let report = match kind {
                ReportKind::Soa => export::soa_report(&soa),
                ReportKind::TreatmentPlan => export::plan_report(organisation, method, &plan),
                ReportKind::Readiness => {
                    export::readiness_report(&readiness::assess(&checked, &soa))
                }
                ReportKind::All => export::combined_report(
                    export::soa_report(&soa),
                    export::plan_report(organisation, method, &plan),
                    export::readiness_report(&readiness::assess(&checked, &soa)),
                ),
            };
            export::write(&report, format, as_of.or(doc.soa.approved_on.as_ref()))?
        }
    };
    Ok(Exported {
        format: request.format,
        filename: export::filename(
            organisation,
            request.report.as_str(),
            request.format.extension(),
        ),
        media_type: request.format.media_type(),
        content,
    })
}

/// Request of `oscal`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OscalRequest {
    /// The document.
    pub document: Document,
    /// `catalog`, `profile`, `ssp` or `poam`.
    pub model: Model,
    /// Today: the documents' `last-modified` (the SoA's approval date otherwise).
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// `oscal`: an OSCAL 1.2.1 document (JSON) of the ISMS: the Annex A catalog, the profile of
/// applicable controls, the system security plan's control implementation, or the plan of
/// action and milestones.
pub fn oscal(request: &OscalRequest) -> Result<serde_json::Value> {
    let as_of = request.as_of.as_ref();
    let checked = crate::checks::check(&request.document, as_of).map_err(in_document)?;
    let soa = soa::build(&checked);
    let plan = analysis::treatment_plan(&checked, as_of);
    Ok(oscal::document(request.model, &checked, &soa, &plan, as_of))
}
