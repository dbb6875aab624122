//! Report operations: `soa`, `readiness`, `diff`, `export`, `oscal`, `audit_checklist`,
//! `review_pack`.
//!
//! The reports borrow from the checked document, so the typed functions hand them to a closure
//! (`soa(&request, |soa| serde_json::to_string(soa))`); [`super::call_json`] serialises them.

use super::document::in_document;
use crate::analysis;
#[cfg(feature = "documents")]
use crate::audit::{self, Checklist};
use crate::checks::Checked;
use crate::diff::{self, Diff};
use crate::error::{Error, ErrorCode, Result};
use crate::export::job::Job;
#[cfg(feature = "documents")]
use crate::export::job::{Part, Sheets};
#[cfg(feature = "documents")]
use crate::export::oscal::{self, Model};
use crate::export::{self, Format, Report, ReportKind};
use crate::model::{Date, Document};
use crate::readiness::{self, Readiness};
#[cfg(feature = "documents")]
use crate::review::{self, ReviewPack};
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
    /// What to match risks by: `id`, `title`, `description`, `threat`, `vulnerability`, `owner`
    /// or a source column the import kept (`x_source_columns`). When absent, by id, unless a
    /// version's ids were made from row positions on import: then by `title`, with a warning.
    #[serde(default)]
    pub key: Option<String>,
    /// The similarity (above 0, at most 1) at which differing key values still match, one to
    /// one and best pairs first; 0.7 for `title` and `description` when absent, equal values
    /// only for other keys; 1 matches equal values only.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Compare the source columns an import kept but did not read (`x_source_columns`) too;
    /// they are left out when absent.
    #[serde(default)]
    pub include_source: bool,
}

/// `diff`: what changed between two versions of a document.
pub fn diff<R>(request: &DiffRequest, with: impl FnOnce(&Diff<'_>) -> R) -> Result<R> {
    let as_of = request.as_of.as_ref();
    let old = crate::checks::check(&request.old, as_of).map_err(|e| e.under("/old"))?;
    let new = crate::checks::check(&request.new, as_of).map_err(|e| e.under("/new"))?;
    let options = diff::Options {
        key: request.key.clone(),
        threshold: request.threshold,
        include_source: request.include_source,
    };
    Ok(with(&diff::diff(&old, &new, &options)?))
}

/// Request of `export`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The document.
    pub document: Document,
    /// `soa` (when absent), `treatment_plan`, `readiness`, `all` (not for CSV), or a document of
    /// the ISMS: `scope`, `policy`, `methodology`, `risk_assessment`, `objectives`, `assets`,
    /// `competence`, `audit_programme`, `audit_report`, `management_review`, `nonconformities`,
    /// `incidents`, or the `audit_checklist` (not as JSON); or the `audit_pack` (as `zip`).
    #[serde(default)]
    pub report: ReportKind,
    /// `json`, `csv`, `markdown` (or `md`), `html`, `xlsx` (when absent), `docx` (a Word
    /// document), or `zip` (the `audit_pack` only).
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
    /// True for the formats that are text (all but XLSX and ZIP).
    pub fn is_text(&self) -> bool {
        self.format.is_text()
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

/// An export laid out: the file, or the job of a workbook or archive still to be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Prepared {
    /// The file, written.
    Done(Exported),
    /// A workbook or archive, laid out; [`finish_export`] writes it.
    Job(Job),
}

/// `export`: a report as JSON, CSV, Markdown, HTML or XLSX, or the audit pack as ZIP, written by
/// the engine so every target gives the same bytes.
pub fn export(request: &ExportRequest) -> Result<Exported> {
    match prepare_export(request)? {
        Prepared::Done(exported) => Ok(exported),
        Prepared::Job(job) => finish_export(&job),
    }
}

/// Writes the job of a workbook or archive that [`prepare_export`] laid out.
pub fn finish_export(job: &Job) -> Result<Exported> {
    Ok(Exported {
        format: job.format,
        filename: job.filename.clone(),
        media_type: job.format.media_type(),
        content: export::job::finish(job)?,
    })
}

/// The first step of [`export`]: the file of a text or JSON format, or the job of a workbook
/// or archive (the second step, [`finish_export`], writes it).
pub fn prepare_export(request: &ExportRequest) -> Result<Prepared> {
    if request.report.needs_documents() && !cfg!(feature = "documents") {
        return Err(Error::new(
            ErrorCode::UnknownOp,
            "/report",
            format!(
                "the `{}` report is not built into this engine: it needs the cargo feature `documents`",
                request.report.as_str()
            ),
        )
        .with_details(serde_json::json!({ "feature": "documents" })));
    }
    if request.format.needs_documents() && !cfg!(feature = "documents") {
        return Err(Error::new(
            ErrorCode::UnknownOp,
            "/format",
            "DOCX is not built into this engine: it needs the cargo feature `documents`",
        )
        .with_details(serde_json::json!({ "feature": "documents" })));
    }
    if request.format == Format::Docx && request.report == ReportKind::All {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/report",
            "a Word document holds one report: export `soa`, `treatment_plan` or `readiness`",
        ));
    }
    if request.format == Format::Csv && request.report == ReportKind::All {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/report",
            "CSV holds one table: export `soa`, `treatment_plan` or `readiness`",
        ));
    }
    if (request.format == Format::Zip) != (request.report == ReportKind::AuditPack) {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/format",
            "the audit pack is a ZIP, and a ZIP holds the audit pack: export `audit_pack` as `zip`",
        ));
    }
    if request.format == Format::Json && !request.report.has_json() {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/format",
            format!(
                "the `{}` report is a document: export it as `md`, `html`, `csv` or `xlsx`",
                request.report.as_str()
            ),
        ));
    }
    let as_of = request.as_of.as_ref();
    let doc = &request.document;
    let checked = crate::checks::check(doc, as_of).map_err(in_document)?;
    let filename = export::filename(
        &doc.organisation.name,
        request.report.as_str(),
        request.format.extension(),
    );
    let dated = as_of.or(doc.soa.approved_on.as_ref());
    let content = match (request.format, request.report) {
        #[cfg(feature = "documents")]
        (Format::Zip, _) => return Ok(Prepared::Job(audit_pack(&checked, filename, as_of)?)),
        (Format::Xlsx, kind) => {
            let report = layout(&checked, kind, as_of)?;
            return Ok(Prepared::Job(Job::workbook(filename, &report, dated)));
        }
        #[cfg(feature = "documents")]
        (Format::Docx, kind) => {
            let report = layout(&checked, kind, as_of)?;
            return Ok(Prepared::Job(Job::docx(filename, &report, dated)));
        }
        (Format::Json, kind) => report_json(&checked, kind, as_of)?,
        (format, kind) => export::write(&layout(&checked, kind, as_of)?, format, dated)?,
    };
    Ok(Prepared::Done(Exported {
        format: request.format,
        filename,
        media_type: request.format.media_type(),
        content,
    }))
}

/// The audit pack: every document and the audit checklist as Markdown and HTML, the SoA
/// workbook, and the four OSCAL documents, in one ZIP.
#[cfg(feature = "documents")]
fn audit_pack(checked: &Checked<'_>, filename: String, as_of: Option<&Date>) -> Result<Job> {
    let doc = checked.document;
    let organisation = &doc.organisation.name;
    let dated = as_of.or(doc.soa.approved_on.as_ref());
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap_or_default();
    let mut parts = Vec::new();
    let kinds = ReportKind::DOCUMENTS
        .iter()
        .chain(std::iter::once(&ReportKind::AuditChecklist));
    for kind in kinds {
        let report = layout(checked, *kind, as_of)?;
        for format in [Format::Markdown, Format::Html] {
            parts.push(Part::File {
                path: format!(
                    "documents/{}",
                    export::filename(organisation, kind.as_str(), format.extension())
                ),
                text: text(export::write(&report, format, dated)?),
            });
        }
    }
    parts.push(Part::Workbook {
        path: export::filename(organisation, "soa", "xlsx"),
        sheets: Sheets::from(&layout(checked, ReportKind::Soa, as_of)?),
    });
    let soa = soa::build(checked);
    let plan = analysis::treatment_plan(checked, as_of);
    for model in [Model::Catalog, Model::Profile, Model::Ssp, Model::Poam] {
        let value = oscal::document(model, checked, &soa, &plan, as_of);
        parts.push(Part::File {
            path: format!(
                "oscal/{}",
                export::filename(organisation, model.report(), "json")
            ),
            text: text(json_bytes(&value)?),
        });
    }
    Ok(Job {
        format: Format::Zip,
        filename,
        created: dated.cloned(),
        parts,
    })
}

/// The JSON of the reports that have data of their own.
fn report_json(checked: &Checked<'_>, kind: ReportKind, as_of: Option<&Date>) -> Result<Vec<u8>> {
    let soa = soa::build(checked);
    let plan = analysis::treatment_plan(checked, as_of);
    let method = checked.method.id.as_str();
    match kind {
        ReportKind::TreatmentPlan => json_bytes(&PlanJson {
            method,
            actions: &plan,
        }),
        ReportKind::Readiness => json_bytes(&readiness::assess(checked, &soa)),
        ReportKind::All => {
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
                readiness: readiness::assess(checked, &soa),
            })
        }
        _ => json_bytes(&soa),
    }
}

/// A report laid out from the checked document.
pub(crate) fn layout(
    checked: &Checked<'_>,
    kind: ReportKind,
    as_of: Option<&Date>,
) -> Result<Report> {
    use export::control;
    let doc = checked.document;
    let organisation = &doc.organisation.name;
    let method = checked.method.id.as_str();
    let soa_report = || {
        control::with_control(
            export::soa_report(&soa::build(checked)),
            doc,
            &control::soa_control(doc),
            as_of,
        )
    };
    let plan_report = || {
        control::with_control(
            export::plan_report(
                organisation,
                method,
                &analysis::treatment_plan(checked, as_of),
            ),
            doc,
            &control::plan_control(doc),
            as_of,
        )
    };
    let readiness_report =
        || export::readiness_report(&readiness::assess(checked, &soa::build(checked)));
    Ok(match kind {
        ReportKind::Soa => soa_report(),
        ReportKind::TreatmentPlan => plan_report(),
        ReportKind::Readiness => readiness_report(),
        ReportKind::All => export::combined_report(soa_report(), plan_report(), readiness_report()),
        #[cfg(feature = "documents")]
        kind => return document_layout(checked, kind, as_of),
        #[cfg(not(feature = "documents"))]
        kind => {
            return Err(Error::new(
                ErrorCode::UnknownOp,
                "/report",
                format!(
                    "the `{}` report needs the cargo feature `documents`",
                    kind.as_str()
                ),
            ));
        }
    })
}

/// A document of the ISMS, or the audit checklist, laid out from the checked document.
#[cfg(feature = "documents")]
fn document_layout(
    checked: &Checked<'_>,
    kind: ReportKind,
    as_of: Option<&Date>,
) -> Result<Report> {
    use export::documents as d;
    let doc = checked.document;
    Ok(match kind {
        ReportKind::Scope => d::scope_report(doc, as_of),
        ReportKind::Policy => d::policy_report(doc, as_of),
        ReportKind::Methodology => d::methodology_report(checked, as_of),
        ReportKind::RiskAssessment => d::risk_assessment_report(checked, as_of),
        ReportKind::Objectives => d::objectives_report(doc, as_of),
        ReportKind::Assets => d::assets_report(checked, as_of),
        ReportKind::Competence => d::competence_report(doc, as_of),
        ReportKind::AuditProgramme => d::audit_programme_report(doc, as_of),
        ReportKind::AuditReport => d::audit_report(doc, as_of),
        ReportKind::ManagementReview => {
            d::management_review_report(doc, &review::pack(checked, None, as_of), as_of)
        }
        ReportKind::Nonconformities => d::nonconformities_report(doc, as_of),
        ReportKind::Incidents => d::incidents_report(doc, as_of),
        // The pack is zipped by `audit_pack`; as a report it is its checklist.
        ReportKind::AuditChecklist | ReportKind::AuditPack => d::checklist_report(
            doc,
            &audit::checklist(
                checked,
                &soa::build(checked),
                as_of,
                audit::DEFAULT_CYCLE_YEARS,
            ),
        ),
        ReportKind::Soa | ReportKind::TreatmentPlan | ReportKind::Readiness | ReportKind::All => {
            return layout(checked, kind, as_of);
        }
    })
}

#[cfg(feature = "documents")]
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

#[cfg(feature = "documents")]
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

#[cfg(feature = "documents")]
/// Request of `audit_checklist`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditChecklistRequest {
    /// The document.
    pub document: Document,
    /// Today: the programme's cycle ends here (at the latest audit otherwise).
    #[serde(default)]
    pub as_of: Option<Date>,
    /// The audit programme's cycle in years: every clause requirement and applicable control is
    /// to be audited within it (3 when absent).
    #[serde(default)]
    pub cycle_years: Option<u32>,
}

#[cfg(feature = "documents")]
/// `audit_checklist`: for every clause requirement and applicable control, the questions, the
/// techniques and the records of this ISMS to sample; and the findings on the audit programme.
pub fn audit_checklist(request: &AuditChecklistRequest) -> Result<Checklist> {
    let as_of = request.as_of.as_ref();
    let cycle = request.cycle_years.unwrap_or(audit::DEFAULT_CYCLE_YEARS);
    if cycle == 0 || cycle > 100 {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/cycle_years",
            format!("the cycle must be 1 to 100 years, not {cycle}"),
        ));
    }
    let checked = crate::checks::check(&request.document, as_of).map_err(in_document)?;
    let soa = soa::build(&checked);
    Ok(audit::checklist(&checked, &soa, as_of, cycle))
}

#[cfg(feature = "documents")]
/// Request of `review_pack`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewPackRequest {
    /// The document.
    pub document: Document,
    /// The document as it was at the last review, for the changes in issues and interested
    /// parties.
    #[serde(default)]
    pub previous: Option<Document>,
    /// Today: the date the review looks back from.
    #[serde(default)]
    pub as_of: Option<Date>,
}

#[cfg(feature = "documents")]
/// `review_pack`: the inputs of the management review (9.3.2) from live data.
pub fn review_pack(request: &ReviewPackRequest) -> Result<ReviewPack> {
    let as_of = request.as_of.as_ref();
    let checked = crate::checks::check(&request.document, as_of).map_err(in_document)?;
    if let Some(previous) = &request.previous {
        crate::checks::score(previous).map_err(|e| e.under("/previous"))?;
    }
    Ok(review::pack(&checked, request.previous.as_ref(), as_of))
}
