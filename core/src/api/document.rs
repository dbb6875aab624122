//! Document operations: `schema`, `migrate`, `validate`, and `findings`, the list of every
//! finding `validate` can raise.
//!
//! A request carries the document under `document`; errors inside it point into the request,
//! so their paths start with `/document`.

use crate::checks::{Finding, FindingCode, FindingInfo, Severity};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{self, Date, Document, Migrated, SCHEMA, unsupported_schema};
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
        document: Option<serde::de::IgnoredAny>,
    }
    let peeked = serde_json::from_str::<std::collections::BTreeMap<String, Value>>(input)
        .ok()
        .and_then(|mut members| members.remove(member))
        .and_then(|d| serde_json::from_value::<PeekDoc>(d).ok());
    let Some(peeked) = peeked else {
        return error;
    };
    match peeked.schema {
        Some(Value::String(version)) if version != SCHEMA => {
            unsupported_schema(format!("/{member}/schema"), &version)
        }
        // A whole request where a document belongs (a function that takes a document was given
        // `{document, …}`): its options are not applied, and the message says why it failed.
        None if peeked.document.is_some() => Error::new(
            ErrorCode::SchemaViolation,
            format!("/{member}/schema"),
            format!(
                "`{member}` holds a request (it has a `document` but no `schema`): pass the document itself and its options apart, or the whole request to `call`"
            ),
        ),
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

/// The JSON Schema of the document (`core/data/schema/document.schema.json`, written compactly),
/// generated from the types by `cargo test -p isms-core --features schema` (which fails when the
/// file is out of date).
pub const DOCUMENT_SCHEMA: &str = include_str!(concat!(env!("OUT_DIR"), "/document.schema.json"));
/// The JSON Schema of a risk method (`core/data/schema/method.schema.json`), likewise.
pub const METHOD_SCHEMA: &str = include_str!(concat!(env!("OUT_DIR"), "/method.schema.json"));
/// The JSON Schema of every op's request and response (`core/data/schema/api.schema.json`),
/// likewise: the Python binding derives the columns of its tables from it.
pub const API_SCHEMA: &str = include_str!(concat!(env!("OUT_DIR"), "/api.schema.json"));

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
        for (of, served, name) in [
            (
                SchemaKind::Document,
                DOCUMENT_SCHEMA,
                "document.schema.json",
            ),
            (SchemaKind::Method, METHOD_SCHEMA, "method.schema.json"),
        ] {
            let fresh = generated(of);
            let path = format!("{dir}/{name}");
            if std::env::var_os("ISMS_BLESS").is_some() {
                std::fs::write(&path, &fresh).unwrap();
                continue;
            }
            let shipped = std::fs::read_to_string(&path).unwrap_or_default();
            let value = |text: &str| serde_json::from_str::<Value>(text).unwrap_or_default();
            assert_eq!(value(served), value(&shipped), "the op serves {name}");
            if fresh != shipped {
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

/// Request of `findings`: takes no fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FindingsRequest {}

/// `findings`: every finding code `validate` (and `soa`, `readiness`, `diff`) can report, with
/// its usual severity, the clause or control it cites and its meaning, grouped by the area of
/// the standard it concerns: for UIs that explain a finding, and for documentation.
pub fn findings(_request: &FindingsRequest) -> Vec<FindingInfo> {
    FindingCode::ALL
        .iter()
        .copied()
        .map(FindingInfo::from)
        .collect()
}
