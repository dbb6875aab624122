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
    AnalyseRequest, Contents, DOCUMENT_SCHEMA, METHOD_SCHEMA, MigrateRequest, RerateRequest,
    Rerated, SchemaKind, SchemaRequest, SeverityCounts, Threats, ThreatsRequest, ValidateRequest,
    Validation, analyse, migrate, rerate, schema, threats, validate,
};
pub use self::quant::{SimulateRequest, simulate};
pub use self::reports::{
    DiffRequest, ExportRequest, Exported, ExportedJson, OscalRequest, ReportRequest, diff, export,
    oscal, readiness, soa,
};
pub use self::risk::{
    Cell, CheckMethodRequest, CheckedMethod, RateRequest, RiskMethodsRequest, check_method, rate,
    risk_methods,
};

pub use crate::import::{ImportRequest, Imported, import_bytes, import_register};
pub use crate::risk::MethodRef;

use crate::error::{Error, ErrorCode, Result, pointer_token};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The names of every operation [`call_json`] accepts, in the order the documentation lists them.
pub const OPS: &[&str] = &[
    "catalogue",
    "control",
    "crosswalk",
    "clauses",
    "mandatory_documents",
    "vocabulary",
    "risk_methods",
    "check_method",
    "rate",
    "schema",
    "migrate",
    "validate",
    "analyse",
    "rerate",
    "threats",
    "soa",
    "readiness",
    "diff",
    "export",
    "oscal",
    "import_register",
    "simulate",
];

/// Runs the operation `op` on a JSON request and returns the JSON response.
///
/// An empty input or `null` stands for the empty request `{}`.
pub fn call_json(op: &str, input: &str) -> Result<String> {
    #[cfg(feature = "fault-injection")]
    fault::check(op);
    match op {
        "catalogue" => respond(&catalogue(&parse(input)?)),
        "control" => respond(control(&parse(input)?)?),
        "crosswalk" => respond(&crosswalk(&parse(input)?)?),
        "clauses" => respond(&clauses(&parse(input)?)?),
        "mandatory_documents" => respond(&mandatory_documents(&parse(input)?)),
        "vocabulary" => respond(&vocabulary(&parse(input)?)),
        "risk_methods" => respond(&risk_methods(&parse(input)?)?),
        "check_method" => respond(&check_method(&parse(input)?)?),
        "rate" => respond(&rate(&parse(input)?)?),
        "schema" => respond(&schema(&parse(input)?)?),
        "migrate" => respond(&migrate(parse(input)?)?),
        "validate" => respond(&validate(&parse_document(input)?)?),
        "analyse" => analyse(&parse_document(input)?, |a| respond(a))?,
        "rerate" => respond(&rerate(parse_document(input)?)?),
        "threats" => respond(&threats(&parse(input)?)?),
        "soa" => soa(&parse_document(input)?, |s| respond(s))?,
        "readiness" => respond(&readiness(&parse_document(input)?)?),
        "diff" => diff(&parse_document(input)?, |d| respond(d))?,
        "export" => respond(&ExportedJson::from(export(&parse_document(input)?)?)),
        "oscal" => respond(&oscal(&parse_document(input)?)?),
        "import_register" => respond(&import_register(parse_document(input)?)?),
        "simulate" => respond(&simulate(&parse_document(input)?)?),
        _ => Err(Error::new(
            ErrorCode::UnknownOp,
            "",
            format!(
                "`{op}` is not an operation; expected one of {}",
                OPS.join(", ")
            ),
        )),
    }
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

/// Parses a request that carries a document, explaining a failure caused by an older schema.
fn parse_document<T: DeserializeOwned>(input: &str) -> Result<T> {
    parse(input).map_err(|e| document::explain_schema(input, e))
}

/// Parses a request, reporting the JSON pointer of the first field that does not fit.
pub fn parse<T: DeserializeOwned>(input: &str) -> Result<T> {
    let trimmed = input.trim();
    let text = if trimmed.is_empty() || trimmed == "null" {
        "{}"
    } else {
        trimmed
    };
    if text.starts_with('[') {
        // serde would read a struct from an array by position; requests are objects.
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "",
            "expected an object, found an array",
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de).map_err(|e| from_serde(text, &e))?;
    de.end().map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!(
                "trailing characters after the JSON value: {}",
                strip_position(&e)
            ),
        )
    })?;
    Ok(value)
}

fn from_serde(text: &str, inner: &serde_json::Error) -> Error {
    if !inner.is_data() {
        return Error::new(
            ErrorCode::InvalidJson,
            "",
            format!(
                "invalid JSON at line {} column {}: {}",
                inner.line(),
                inner.column(),
                strip_position(inner)
            ),
        );
    }
    let message = strip_position(inner);
    let mut path = pointer::pointer_at(text, inner.line(), inner.column(), &message);
    // A missing or unknown field is reported at the pointer of that field, not of its parent.
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(field) = message
            .strip_prefix(prefix)
            .and_then(|r| r.split('`').next())
        {
            let token = format!("/{}", pointer_token(field));
            if !path.ends_with(&token) {
                path.push_str(&token);
            }
        }
    }
    Error::new(ErrorCode::SchemaViolation, path, message)
}

/// serde_json appends " at line L column C" to its messages; the path says where instead.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or_default().to_owned(),
        None => text,
    }
}

/// A response value as JSON text, the form every op answers in (bindings that build responses of
/// their own use it too).
pub fn respond<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorCode::SchemaViolation,
            "",
            format!("the response could not be written: {e}"),
        )
    })
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
        for op in OPS {
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
    fn the_error_json_is_an_object_with_code_message_and_path() {
        let e = call_json("control", r#"{"id": "A.12.6.1"}"#).err();
        let json: serde_json::Value =
            serde_json::from_str(&e.map(|e| e.to_json()).unwrap_or_default()).unwrap_or_default();
        assert_eq!(json["code"], "superseded_control");
        assert_eq!(json["path"], "/id");
        assert_eq!(json["details"]["successors"], serde_json::json!(["A.8.8"]));
    }
}
