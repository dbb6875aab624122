//! The one surface the bindings call. Each operation is a typed function taking a request value
//! and returning a response value, and every operation is also reachable by name through
//! [`call_json`], which takes and returns JSON text, so a binding is a few lines of glue.
//!
//! Requests reject unknown fields (a typo in a filter would otherwise silently match everything);
//! a malformed request is an [`Error`] with code `invalid_json` or `schema_violation` and the JSON
//! pointer of the offending field.

mod catalogue;
mod clauses;
mod document;
#[cfg(feature = "fault-injection")]
pub mod fault;
mod json;
mod pointer;
mod quant;
mod reports;
mod risk;

pub use self::catalogue::{
    CatalogueRequest, ControlRef, ControlRequest, CrosswalkDirection, CrosswalkRequest,
    CrosswalkRow, OneOrMany, Vocabulary, VocabularyRequest, catalogue, control, crosswalk,
    vocabulary,
};
pub use self::clauses::{
    ClausesRequest, MandatoryDocument, MandatoryDocumentsRequest, clauses, mandatory_documents,
};
pub use self::document::{
    Contents, DOCUMENT_SCHEMA, FindingsRequest, METHOD_SCHEMA, MigrateRequest, SchemaKind,
    SchemaRequest, SeverityCounts, ValidateRequest, Validation, findings, migrate, schema,
    validate,
};
pub use self::json::{parse, respond};
pub use self::quant::{SimulateRequest, simulate};
pub use self::reports::{
    DiffRequest, ExportRequest, Exported, ExportedJson, OscalRequest, ReportRequest, diff, export,
    oscal, readiness, soa,
};
pub use self::risk::{
    AnalyseRequest, CheckMethodRequest, CheckedMethod, GridCell, RateRequest, RerateRequest,
    Rerated, RiskMethodsRequest, Threats, ThreatsRequest, analyse, check_method, rate, rerate,
    risk_methods, threats,
};

pub use crate::import::{ImportRequest, Imported, import_bytes, import_register};
pub use crate::risk::MethodRef;

use self::json::parse_document;
use crate::error::{Error, ErrorCode, Result};

/// One operation of the api: its name and, with the `schema` feature, the JSON Schemas of its
/// request and response (from which the published api schema and the TypeScript declarations are
/// generated). [`call_json`] runs it by name.
#[derive(Clone, Copy)]
pub struct Op {
    /// The snake_case name callers use (`"validate"`).
    pub name: &'static str,
    /// The schema of the request, as the op reads it.
    #[cfg(feature = "schema")]
    pub request: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// The schema of the response, as the op writes it.
    #[cfg(feature = "schema")]
    pub response: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

#[cfg(feature = "schema")]
fn schema_of<T: schemars::JsonSchema + ?Sized>(
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    generator.subschema_for::<T>()
}

/// A JSON document the engine writes but does not type (a JSON Schema, an OSCAL document).
#[cfg(feature = "schema")]
pub struct JsonObject;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for JsonObject {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "JsonObject".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "additionalProperties": true})
    }
}

/// How one op answers: `value` ops give their response as a value of the named type, so the
/// schema names what the op really returns; `lends` ops write their JSON in the body, because
/// the response borrows from the request (`analyse`, `soa`, `diff`) or is JSON the engine does
/// not type (`schema`, `oscal`), and name its type for the schema only.
macro_rules! answer {
    (value, $response:ty, $body:expr) => {{
        let response: $response = $body?;
        respond(&response)
    }};
    (lends, $response:ty, $body:expr) => {
        $body
    };
}

/// Declares every op once: [`OPS`] (names and schemas) and the dispatcher [`call_json`] uses,
/// one `match` over the names. `$read` parses the request (`parse`, or `parse_document` for a
/// request that carries a document, whose failures an older schema may explain).
macro_rules! ops {
    ($($name:literal => $kind:ident($request:ty => $response:ty, $read:ident, |$r:ident| $body:expr);)+) => {
        /// Every operation, in the order the documentation lists them: the one place an op is
        /// declared.
        pub static OPS: &[Op] = &[$(
            Op {
                name: $name,
                #[cfg(feature = "schema")]
                request: schema_of::<$request>,
                #[cfg(feature = "schema")]
                response: schema_of::<$response>,
            },
        )+];

        /// Runs the op named `op`, or `None` when there is none.
        fn dispatch(op: &str, input: &str) -> Option<Result<String>> {
            Some(match op {
                $($name => (|| {
                    let $r: $request = $read(input)?;
                    answer!($kind, $response, $body)
                })(),)+
                _ => return None,
            })
        }
    };
}

ops! {
    "catalogue" => value(CatalogueRequest => Vec<&'static crate::catalogue::Control>, parse,
        |r| Ok::<_, Error>(catalogue(&r)));
    "control" => value(ControlRequest => &'static crate::catalogue::Control, parse,
        |r| control(&r));
    "crosswalk" => value(CrosswalkRequest => Vec<CrosswalkRow>, parse, |r| crosswalk(&r));
    "clauses" => value(ClausesRequest => Vec<&'static crate::clauses::Requirement>, parse,
        |r| clauses(&r));
    "mandatory_documents" => value(MandatoryDocumentsRequest => Vec<MandatoryDocument>, parse,
        |r| Ok::<_, Error>(mandatory_documents(&r)));
    "vocabulary" => value(VocabularyRequest => Vocabulary, parse,
        |r| Ok::<_, Error>(vocabulary(&r)));
    "risk_methods" => value(RiskMethodsRequest => Vec<crate::method::Method>, parse,
        |r| risk_methods(&r));
    "check_method" => value(CheckMethodRequest => CheckedMethod, parse, |r| check_method(&r));
    "rate" => value(RateRequest => crate::method::Rating, parse, |r| rate(&r));
    "schema" => lends(SchemaRequest => JsonObject, parse, |r| respond(&schema(&r)?));
    "migrate" => value(MigrateRequest => crate::model::Migrated, parse, |r| migrate(r));
    "validate" => value(ValidateRequest => Validation, parse_document, |r| validate(&r));
    "findings" => value(FindingsRequest => Vec<crate::checks::FindingInfo>, parse,
        |r| Ok::<_, Error>(findings(&r)));
    "analyse" => lends(AnalyseRequest => crate::analysis::Analysis<'static>, parse_document,
        |r| analyse(&r, |a| respond(a))?);
    "rerate" => value(RerateRequest => Rerated, parse_document, |r| rerate(r));
    "threats" => value(ThreatsRequest => Threats, parse, |r| threats(&r));
    "soa" => lends(ReportRequest => crate::soa::Soa<'static>, parse_document,
        |r| soa(&r, |s| respond(s))?);
    "readiness" => value(ReportRequest => crate::readiness::Readiness, parse_document,
        |r| readiness(&r));
    "diff" => lends(DiffRequest => crate::diff::Diff<'static>, parse_document,
        |r| diff(&r, |d| respond(d))?);
    "export" => value(ExportRequest => ExportedJson, parse_document,
        |r| export(&r).map(ExportedJson::from));
    "oscal" => lends(OscalRequest => JsonObject, parse_document, |r| respond(&oscal(&r)?));
    "import_register" => value(ImportRequest => Imported, parse_document,
        |r| import_register(r));
    "inspect_register" => value(ImportRequest => crate::import::Reading, parse_document,
        |r| crate::import::inspect_register(r));
    "simulate" => value(SimulateRequest => crate::quant::Simulation, parse_document,
        |r| simulate(&r));
}

/// The names of every operation [`call_json`] accepts, in the order of [`OPS`].
pub fn op_names() -> impl Iterator<Item = &'static str> {
    OPS.iter().map(|op| op.name)
}

/// Runs the operation `op` on a JSON request and returns the JSON response.
///
/// An empty input or `null` stands for the empty request `{}`.
pub fn call_json(op: &str, input: &str) -> Result<String> {
    #[cfg(feature = "fault-injection")]
    fault::check(op);
    dispatch(op, input).unwrap_or_else(|| {
        Err(Error::new(
            ErrorCode::UnknownOp,
            "",
            format!(
                "`{op}` is not an operation; expected one of {}",
                op_names().collect::<Vec<_>>().join(", ")
            ),
        ))
    })
}

/// The first step of an XLSX `import_register` in two steps: the cells of the sheet the import
/// of the JSON request `input` reads, as JSON ([`crate::import::SheetCells`]).
#[cfg(feature = "xlsx-read")]
pub fn read_xlsx_json(input: &str) -> Result<String> {
    let source: crate::import::XlsxSource = parse(input)?;
    #[cfg(feature = "fault-injection")]
    fault::check(source.sheet.as_deref().unwrap_or_default());
    respond(&crate::import::read_xlsx(&source)?)
}

/// The second step of an XLSX `import_register` in two steps: the response of `import_register`
/// to the JSON request `input`, its workbook read as `cells` (the JSON of [`read_xlsx_json`]).
pub fn import_cells_json(input: &str, cells: &str) -> Result<String> {
    let request = parse_document(input)?;
    let cells = serde_json::from_str(cells)
        .map_err(|e| Error::new(ErrorCode::InvalidJson, "", format!("unreadable cells: {e}")))?;
    respond(&crate::import::import_cells(request, cells)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(op: &str, input: &str) -> (ErrorCode, String) {
        match call_json(op, input) {
            Ok(out) => (ErrorCode::UnknownOp, format!("unexpected success: {out}")),
            Err(e) => (e.code, e.path),
        }
    }

    #[test]
    fn every_op_answers_an_empty_request_or_names_the_missing_field() {
        for op in op_names() {
            match call_json(op, "") {
                Ok(out) => assert!(out.starts_with('[') || out.starts_with('{'), "{op}"),
                Err(e) => {
                    assert_eq!(e.code, ErrorCode::SchemaViolation, "{op}");
                    assert!(
                        ["/id", "/method", "/document", "/old", "/content"]
                            .contains(&e.path.as_str()),
                        "{op}: {}",
                        e.path
                    );
                }
            }
        }
    }

    #[test]
    fn malformed_requests_carry_code_and_pointer() {
        assert_eq!(
            err("catalogue", "{"),
            (ErrorCode::InvalidJson, String::new())
        );
        assert_eq!(
            err("catalogue", "{} x"),
            (ErrorCode::InvalidJson, String::new())
        );
        assert_eq!(
            err("catalogue", r#"{"them": "people"}"#),
            (ErrorCode::SchemaViolation, "/them".into())
        );
        assert_eq!(
            err("catalogue", r#"{"control_type": ["Preventive", "Sneaky"]}"#),
            (ErrorCode::SchemaViolation, "/control_type/1".into())
        );
        assert_eq!(
            err("catalogue", "[1]"),
            (ErrorCode::SchemaViolation, String::new())
        );
        assert_eq!(
            err("control", r#"{"id": 5}"#),
            (ErrorCode::SchemaViolation, "/id".into())
        );
        assert_eq!(err("nope", "{}"), (ErrorCode::UnknownOp, String::new()));
    }

    #[test]
    fn a_request_in_place_of_a_document_is_named_as_one() {
        let body = r#"{"document": {"document": {"schema": "isms/2"}, "iterations": 9}}"#;
        let e = call_json("simulate", body).err();
        let (code, path, message) = e.map(|e| (e.code, e.path, e.message)).unwrap_or((
            ErrorCode::UnknownOp,
            String::new(),
            String::new(),
        ));
        assert_eq!(
            (code, path.as_str()),
            (ErrorCode::SchemaViolation, "/document/schema")
        );
        assert!(message.contains("holds a request"), "{message}");
        let bare = call_json("validate", r#"{"document": {"assets": []}}"#).err();
        assert!(bare.is_some_and(|e| !e.message.contains("holds a request")));
    }

    #[test]
    fn the_error_json_is_an_object_with_code_message_and_path() {
        let e = call_json("control", r#"{"id": "A.12.6.1"}"#).err();
        let json: serde_json::Value =
            serde_json::from_str(&e.map(|e| e.to_json()).unwrap_or_default()).unwrap_or_default();
        assert_eq!(json["code"], "superseded_control");
        assert_eq!(json["path"], "/id");
        assert_eq!(json["details"]["successors"], serde_json::json!(["A.8.8"]));
    }
}
