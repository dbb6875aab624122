//! Document operations: `schema`, `migrate`, `validate`, `analyse`, `rerate`, `threats`.
//!
//! A request carries the document under `document`; errors inside it point into the request,
//! so their paths start with `/document`.

use crate::analysis::{self as analytics, Analysis};
use crate::checks::{Finding, Severity};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{self, AssetType, Date, Document, Migrated, SCHEMA, unsupported_schema};
use crate::risk::rerate::{self, BandChange, Mapping};
use crate::risk::threats::{self, Threat, Vulnerability};
use crate::risk::{MethodRef, Rating};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Errors inside a request's document are reported under `/document`.
pub(super) fn in_document(e: Error) -> Error {
    e.under("/document")
}

/// When a request does not parse, a document of another schema version is the likelier cause
/// than the field serde tripped over: say so.
pub(crate) fn explain_schema(input: &str, error: Error) -> Error {
    // The member holding the document that failed: `document`, or `old` / `new` of a diff.
    let member = ["document", "old", "new"].into_iter().find(|m| {
        let rest = error.path.strip_prefix('/').and_then(|p| p.strip_prefix(m));
        matches!(rest, Some(r) if r.is_empty() || r.starts_with('/'))
    });
    let Some(member) = member.filter(|_| error.code == ErrorCode::SchemaViolation) else {
        return error;
    };
    #[derive(Deserialize)]
    struct PeekDoc {
        schema: Option<Value>,
    }
    let found = serde_json::from_str::<std::collections::BTreeMap<String, Value>>(input)
        .ok()
        .and_then(|mut members| members.remove(member))
        .and_then(|d| serde_json::from_value::<PeekDoc>(d).ok())
        .and_then(|d| d.schema);
    match found {
        Some(Value::String(version)) if version != SCHEMA => {
            unsupported_schema(format!("/{member}/schema"), &version)
        }
        _ => error,
    }
}

/// Which JSON Schema `schema` returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SchemaKind {
    /// The ISMS document.
    #[default]
    Document,
    /// A risk method.
    Method,
}

/// Request of `schema`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SchemaRequest {
    /// `document` (default) or `method`.
    #[serde(default)]
    pub of: SchemaKind,
}

/// The JSON Schema of the document, generated from the types by `cargo test -p isms-core
/// --features schema` (which fails when this file is out of date).
pub const DOCUMENT_SCHEMA: &str = include_str!("../../data/schema/document.schema.json");
/// The JSON Schema of a risk method, generated likewise.
pub const METHOD_SCHEMA: &str = include_str!("../../data/schema/method.schema.json");

/// `schema`: the JSON Schema (draft 2020-12) of the document or of a risk method, generated from
/// the engine's own types.
pub fn schema(request: &SchemaRequest) -> Result<Value> {
    let text = match request.of {
        SchemaKind::Document => DOCUMENT_SCHEMA,
        SchemaKind::Method => METHOD_SCHEMA,
    };
    serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorCode::SchemaViolation,
            "",
            format!("the shipped schema is unreadable: {e}"),
        )
    })
}

#[cfg(all(test, feature = "schema"))]
mod schema_files {
    //! The shipped schema files equal the schemas generated from the types. Run with
    //! `ISMS_BLESS=1` to rewrite them after changing a type.
    #![allow(clippy::unwrap_used, clippy::panic, reason = "test")]
    use super::*;

    fn generated(of: SchemaKind) -> String {
        let mut value = match of {
            SchemaKind::Document => serde_json::to_value(schemars::schema_for!(Document)),
            SchemaKind::Method => serde_json::to_value(schemars::schema_for!(crate::risk::Method)),
        }
        .unwrap();
        if let (Some(object), SchemaKind::Document) = (value.as_object_mut(), of) {
            object.insert(
                "$id".into(),
                Value::String(format!("urn:isms:schema:{SCHEMA}")),
            );
        }
        serde_json::to_string_pretty(&value).unwrap() + "\n"
    }

    #[test]
    fn shipped_schemas_are_generated_from_the_types() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/schema");
        for (of, shipped, name) in [
            (
                SchemaKind::Document,
                DOCUMENT_SCHEMA,
                "document.schema.json",
            ),
            (SchemaKind::Method, METHOD_SCHEMA, "method.schema.json"),
        ] {
            let fresh = generated(of);
            if std::env::var_os("ISMS_BLESS").is_some() {
                std::fs::write(format!("{dir}/{name}"), &fresh).unwrap();
            } else if fresh != shipped {
                panic!(
                    "core/data/schema/{name} is out of date: run ISMS_BLESS=1 cargo test -p isms-core --features schema"
                );
            }
        }
    }
}

/// Request of `migrate`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MigrateRequest {
    /// A document of any known schema version.
    pub document: Value,
}

/// `migrate`: brings a document to the current schema, keeping every unknown field.
pub fn migrate(request: MigrateRequest) -> Result<Migrated> {
    model::migrate(request.document).map_err(in_document)
}

/// Request of `validate`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ValidateRequest {
    /// The document.
    pub document: Document,
    /// Today, for findings that depend on the date (overdue actions, lapsed acceptances).
    #[serde(default)]
    pub as_of: Option<Date>,
}

/// How many findings of each severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SeverityCounts {
    /// High.
    pub high: usize,
    /// Medium.
    pub medium: usize,
    /// Low.
    pub low: usize,
    /// Info.
    pub info: usize,
}

/// How much the document holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contents {
    /// Assets.
    pub assets: usize,
    /// Risks.
    pub risks: usize,
    /// Control records.
    pub controls: usize,
    /// Custom controls.
    pub custom_controls: usize,
    /// Objectives.
    pub objectives: usize,
    /// Indicators.
    pub kpis: usize,
    /// Incidents.
    pub incidents: usize,
    /// Audits.
    pub audits: usize,
    /// Management reviews.
    pub management_reviews: usize,
    /// Nonconformities.
    pub nonconformities: usize,
}

/// Response of `validate`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Validation {
    /// Always true: an invalid document is an error instead.
    pub valid: bool,
    /// The schema version.
    pub schema: &'static str,
    /// The id of the method in use.
    pub method: String,
    /// How much the document holds.
    pub contents: Contents,
    /// Findings per severity.
    pub summary: SeverityCounts,
    /// What the document still lacks, in document order.
    pub findings: Vec<Finding>,
}

/// `validate`: checks a document. Broken rules are an error with the pointer of the first one
/// (all of them in `details.errors`); gaps are findings.
pub fn validate(request: &ValidateRequest) -> Result<Validation> {
    let checked =
        crate::checks::check(&request.document, request.as_of.as_ref()).map_err(in_document)?;
    let doc = &request.document;
    let mut summary = SeverityCounts::default();
    for f in &checked.findings {
        match f.severity {
            Severity::High => summary.high += 1,
            Severity::Medium => summary.medium += 1,
            Severity::Low => summary.low += 1,
            Severity::Info => summary.info += 1,
        }
    }
    Ok(Validation {
        valid: true,
        schema: SCHEMA,
        method: checked.method.id.clone(),
        contents: Contents {
            assets: doc.assets.len(),
            risks: doc.risks.len(),
            controls: doc.controls.len(),
            custom_controls: doc.custom_controls.len(),
            objectives: doc.objectives.len(),
            kpis: doc.kpis.len(),
            incidents: doc.incidents.len(),
            audits: doc.audits.len(),
            management_reviews: doc.management_reviews.len(),
            nonconformities: doc.nonconformities.len(),
        },
        summary,
        findings: checked.findings,
    })
}

/// Request of `analyse`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnalyseRequest {
    /// The document.
    pub document: Document,
    /// How many risks the top list holds (10 when absent).
    #[serde(default = "ten")]
    pub top: usize,
    /// Today, to mark overdue actions.
    #[serde(default)]
    pub as_of: Option<Date>,
}

fn ten() -> usize {
    10
}

/// `analyse`: the scored register with heat maps, counts, the top risks and the treatment plan.
///
/// The analysis borrows from the checked document, so it is handed to `with` rather than
/// returned: `analyse(&request, |analysis| serde_json::to_string(analysis))`.
pub fn analyse<R>(request: &AnalyseRequest, with: impl FnOnce(&Analysis<'_>) -> R) -> Result<R> {
    let checked =
        crate::checks::check(&request.document, request.as_of.as_ref()).map_err(in_document)?;
    let analysis = analytics::analyse(&checked, request.top, request.as_of.as_ref());
    Ok(with(&analysis))
}

/// Request of `rerate`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RerateRequest {
    /// The document, under its current method.
    pub document: Document,
    /// The method to move to: a preset id or a method object.
    pub method: MethodRef,
    /// New likelihood level of each old level; the interval-centre mapping when absent.
    #[serde(default)]
    pub likelihood_map: Option<Vec<u32>>,
    /// New impact level of each old level; the interval-centre mapping when absent.
    #[serde(default)]
    pub impact_map: Option<Vec<u32>>,
}

/// Response of `rerate`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rerated {
    /// The document under the new method.
    pub document: Document,
    /// The method moved from.
    pub from: String,
    /// The method moved to.
    pub to: String,
    /// The level maps applied.
    pub mapping: Mapping,
    /// Every risk whose band changed (inherent or residual), in document order.
    pub changed: Vec<BandChange>,
    /// How many risks kept their bands.
    pub unchanged: usize,
}

/// `rerate`: moves a document to another method, mapping every rating, and reports each risk
/// whose band changed.
pub fn rerate(request: RerateRequest) -> Result<Rerated> {
    let before = crate::checks::check(&request.document, None).map_err(in_document)?;
    let new_method = request.method.resolve("/method")?;
    let mapping = rerate::mapping(
        &before.method,
        &new_method,
        request.likelihood_map,
        request.impact_map,
    )?;
    let document = rerate::remap(&request.document, request.method.clone(), &mapping);
    let after = crate::checks::check(&document, None).map_err(in_document)?;
    let band = |r: &Option<Rating>| r.as_ref().map(|r| r.band.clone());
    let mut changed = Vec::new();
    for ((risk, old), new) in request
        .document
        .risks
        .iter()
        .zip(&before.risks)
        .zip(&after.risks)
    {
        if band(&old.inherent) != band(&new.inherent) || band(&old.residual) != band(&new.residual)
        {
            changed.push(BandChange {
                risk: risk.id.clone(),
                inherent_before: old.inherent.clone(),
                inherent_after: new.inherent.clone(),
                residual_before: old.residual.clone(),
                residual_after: new.residual.clone(),
                appetite_changed: old.current().map(|r| r.above_appetite)
                    != new.current().map(|r| r.above_appetite),
            });
        }
    }
    let unchanged = before.risks.len() - changed.len();
    let (from, to) = (before.method.id.clone(), after.method.id.clone());
    Ok(Rerated {
        document,
        from,
        to,
        mapping,
        changed,
        unchanged,
    })
}

/// Request of `threats`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ThreatsRequest {
    /// Only entries concerning this asset type.
    #[serde(default)]
    pub asset_type: Option<AssetType>,
    /// Only entries that this Annex A control addresses.
    #[serde(default)]
    pub control: Option<String>,
}

/// Response of `threats`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Threats {
    /// Threats, in catalogue order.
    pub threats: Vec<Threat>,
    /// Vulnerabilities, in catalogue order.
    pub vulnerabilities: Vec<Vulnerability>,
}

/// `threats`: the starter threat and vulnerability catalogue, optionally filtered.
pub fn threats(request: &ThreatsRequest) -> Result<Threats> {
    let control = match &request.control {
        Some(id) => Some(crate::catalogue::resolve(id, "/control")?.id),
        None => None,
    };
    let catalogue = threats::catalogue()?;
    let keep = |types: &[AssetType], controls: &[String]| {
        request.asset_type.is_none_or(|t| types.contains(&t))
            && control.is_none_or(|c| controls.iter().any(|x| x == c))
    };
    Ok(Threats {
        threats: catalogue
            .threats
            .into_iter()
            .filter(|t| keep(&t.asset_types, &t.controls))
            .collect(),
        vulnerabilities: catalogue
            .vulnerabilities
            .into_iter()
            .filter(|v| keep(&v.asset_types, &v.controls))
            .collect(),
    })
}
