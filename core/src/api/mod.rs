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
mod limits;
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
    API_SCHEMA, Contents, DOCUMENT_SCHEMA, FindingsRequest, METHOD_SCHEMA, MigrateRequest,
    SchemaKind, SchemaRequest, SeverityCounts, ValidateRequest, Validation, findings, migrate,
    schema, validate,
};
pub use self::json::{parse, parse_document, respond};
pub use self::limits::{Limits, Measured, measure};
pub use self::quant::{SimulateRequest, combine, simulate, simulate_within, simulation_work};
#[cfg(feature = "documents")]
pub use self::reports::{
    AuditChecklistRequest, OscalRequest, ReviewPackRequest, audit_checklist, oscal, review_pack,
};
pub use self::reports::{
    DiffRequest, DraftSoaRequest, ExportRequest, Exported, ExportedJson, Prepared, ReportRequest,
    diff, draft_soa, export, finish_export, prepare_export, readiness, soa,
};
pub use self::risk::{
    AnalyseRequest, CheckMethodRequest, CheckedMethod, GridCell, RateRequest, RerateRequest,
    Rerated, RiskMethodsRequest, Threats, ThreatsRequest, analyse, check_method, rate, rerate,
    risk_methods, threats,
};

#[cfg(feature = "import")]
pub use crate::import::{ImportRequest, Imported, import_bytes, import_register};
pub use crate::risk::MethodRef;

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

/// Declares every op once: [`OPS`] (names and schemas), [`DECLARED`] (every op's name and the
/// cargo feature it needs, built in or not) and the dispatchers, one `match` over the names each:
/// [`call_json`]'s, and that of the ops behind a feature ([`call_import_json`]). `$read` parses the
/// request (`parse`, or `parse_document` for a request that carries a document, whose failures an
/// older schema may explain). An op preceded by `#[cfg(feature = "…")]` exists only in builds
/// with that feature: the attribute goes to its [`OPS`] entry and to its arms.
macro_rules! ops {
    (@feature) => { None };
    (@feature $feature:literal) => { Some($feature) };
    (@run $kind:ident($request:ty => $response:ty, $read:ident, |$r:ident| $body:expr), $input:ident) => {
        (|| {
            let $r: $request = $read($input)?;
            answer!($kind, $response, $body)
        })()
    };
    (limits: $limits:ident; $($(#[cfg(feature = $feature:literal)])?
        $name:literal => $kind:ident($request:ty => $response:ty, $read:ident, |$r:ident| $body:expr);)+) => {
        /// Every operation this build has, in the order the documentation lists them: the one
        /// place an op is declared.
        pub static OPS: &[Op] = &[$(
            $(#[cfg(feature = $feature)])?
            Op {
                name: $name,
                #[cfg(feature = "schema")]
                request: schema_of::<$request>,
                #[cfg(feature = "schema")]
                response: schema_of::<$response>,
            },
        )+];

        /// Every operation the api declares, in the order of [`OPS`], whether this build has it
        /// or not.
        pub static DECLARED: &[Declared] = &[$(
            Declared { name: $name, feature: ops!(@feature $($feature)?) },
        )+];

        /// Runs the op named `op` within `limits`, or `None` when this build has none.
        fn dispatch(op: &str, input: &str, $limits: &Limits) -> Option<Result<String>> {
            Some(match op {
                $($(#[cfg(feature = $feature)])?
                $name => ops!(@run $kind($request => $response, $read, |$r| $body), input),)+
                _ => return None,
            })
        }

        /// Runs the op named `op` when it is one of the ops behind the cargo feature `feature`,
        /// or `None`: a dispatcher whose code holds those ops only.
        #[cfg(any(feature = "import", feature = "documents"))]
        fn dispatch_behind(
            feature: &str,
            op: &str,
            input: &str,
            $limits: &Limits,
        ) -> Option<Result<String>> {
            let _ = $limits;
            match op {
                $($(#[cfg(feature = $feature)]
                $name if feature == $feature => {
                    Some(ops!(@run $kind($request => $response, $read, |$r| $body), input))
                })?)+
                _ => None,
            }
        }
    };
}

ops! {
    limits: limits;
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
    "draft_soa" => value(DraftSoaRequest => crate::soa::DraftSoa, parse_document,
        |r| draft_soa(r));
    "readiness" => value(ReportRequest => crate::readiness::Readiness, parse_document,
        |r| readiness(&r));
    "diff" => lends(DiffRequest => crate::diff::Diff<'static>, parse_document,
        |r| diff(&r, |d| respond(d))?);
    "export" => value(ExportRequest => ExportedJson, parse_document,
        |r| export(&r).map(ExportedJson::from));
    #[cfg(feature = "documents")]
    "oscal" => lends(OscalRequest => JsonObject, parse_document, |r| respond(&oscal(&r)?));
    #[cfg(feature = "documents")]
    "audit_checklist" => value(AuditChecklistRequest => crate::audit::Checklist, parse_document,
        |r| audit_checklist(&r));
    #[cfg(feature = "documents")]
    "review_pack" => value(ReviewPackRequest => crate::review::ReviewPack, parse_document,
        |r| review_pack(&r));
    #[cfg(feature = "import")]
    "import_register" => value(ImportRequest => Imported, parse_document, |r| {
        #[cfg(feature = "fault-injection")]
        fault::check(r.sheet.as_deref().unwrap_or_default());
        import_register(r)
    });
    #[cfg(feature = "import")]
    "inspect_register" => value(ImportRequest => crate::import::Reading, parse_document,
        |r| crate::import::inspect_register(r));
    "simulate" => value(SimulateRequest => crate::quant::Simulation, parse_document,
        |r| simulate_within(&r, limits));
}

/// An operation the api declares, whether this build has it or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    /// The snake_case name callers use (`"import_register"`).
    pub name: &'static str,
    /// The cargo feature without which the op is left out of a build (`"import"`), or `None`
    /// for an op every build has.
    pub feature: Option<&'static str>,
}

/// The names of every operation [`call_json`] accepts, in the order of [`OPS`].
pub fn op_names() -> impl Iterator<Item = &'static str> {
    OPS.iter().map(|op| op.name)
}

/// The names of the operations behind the cargo feature `feature` (`"import"`), whether this
/// build has them or not, in the order of [`DECLARED`].
pub fn op_names_behind(feature: &str) -> impl Iterator<Item = &'static str> {
    DECLARED
        .iter()
        .filter(move |op| op.feature == Some(feature))
        .map(|op| op.name)
}

/// Runs the operation `op` on a JSON request and returns the JSON response.
///
/// An empty input or `null` stands for the empty request `{}`. An op this build leaves out is
/// `unknown_op` with the feature that has it in `details.feature`.
pub fn call_json(op: &str, input: &str) -> Result<String> {
    call_json_within(op, input, &Limits::default())
}

/// [`call_json`] within `limits`: the request's text is measured against them before it is
/// parsed, a simulation's work before it is done, the response's bytes before it is returned;
/// a limit passed is `limit_exceeded` ([`Limits`]).
pub fn call_json_within(op: &str, input: &str, limits: &Limits) -> Result<String> {
    #[cfg(feature = "fault-injection")]
    fault::check(op);
    limits.check_input(input)?;
    let out = dispatch(op, input, limits)
        .unwrap_or_else(|| Err(unknown_op(op, "an operation", op_names())))?;
    limits.check_output(&out)?;
    Ok(out)
}

/// [`call_json_within`] for a request given as bytes: UTF-8 JSON text (a byte order mark is
/// skipped); bytes that are not UTF-8 are `invalid_json` with the line and column of the first
/// bad byte in `details`.
pub fn call_json_bytes(op: &str, input: &[u8], limits: &Limits) -> Result<String> {
    call_json_within(op, json::text_of(input)?, limits)
}

/// Runs the operation `op`, one of those the cargo feature `import` builds in
/// ([`op_names_behind`]`("import")`: `import_register`), on a JSON request; any other op is
/// `unknown_op`. For a build that serves these ops alone (the npm package's import module): its
/// code holds them and none of the others.
#[cfg(feature = "import")]
pub fn call_import_json(op: &str, input: &str) -> Result<String> {
    call_import_json_within(op, input, &Limits::default())
}

/// [`call_import_json`] within `limits`, as [`call_json_within`].
#[cfg(feature = "import")]
pub fn call_import_json_within(op: &str, input: &str, limits: &Limits) -> Result<String> {
    #[cfg(feature = "fault-injection")]
    fault::check(op);
    limits.check_input(input)?;
    let out = dispatch_behind("import", op, input, limits).unwrap_or_else(|| {
        Err(unknown_op(
            op,
            "an import operation",
            op_names_behind("import"),
        ))
    })?;
    limits.check_output(&out)?;
    Ok(out)
}

/// Runs the operation `op`, one of those the cargo feature `documents` builds in
/// ([`op_names_behind`]`("documents")`: `audit_checklist`, `review_pack`) or `export` (every
/// report, the documents of the ISMS and the audit pack included), on a JSON request; any other
/// op is `unknown_op`. For a build that serves these ops alone (the npm package's documents
/// module): its code holds them and none of the others.
#[cfg(feature = "documents")]
pub fn call_documents_json(op: &str, input: &str) -> Result<String> {
    call_documents_json_within(op, input, &Limits::default())
}

/// [`call_documents_json`] within `limits`, as [`call_json_within`].
#[cfg(feature = "documents")]
pub fn call_documents_json_within(op: &str, input: &str, limits: &Limits) -> Result<String> {
    #[cfg(feature = "fault-injection")]
    fault::check(op);
    limits.check_input(input)?;
    let out = if op == "export" {
        let request: ExportRequest = parse_document(input)?;
        match prepare_export(&request)? {
            Prepared::Done(exported) => respond(&ExportedJson::from(exported)),
            // Without the XLSX and ZIP writers here: the engine writes the job
            // ([`finish_export_json_within`]).
            #[cfg(not(feature = "xlsx-write"))]
            Prepared::Job(job) => respond(&serde_json::json!({ "job": job })),
            #[cfg(feature = "xlsx-write")]
            Prepared::Job(job) => respond(&ExportedJson::from(finish_export(&job)?)),
        }
    } else {
        dispatch_behind("documents", op, input, limits).unwrap_or_else(|| {
            Err(unknown_op(
                op,
                "a documents operation",
                op_names_behind("documents").chain(["export"]),
            ))
        })
    }?;
    limits.check_output(&out)?;
    Ok(out)
}

/// Writes the job of a workbook or archive (the JSON of an [`crate::export::job::Job`]) that a
/// build without the XLSX and ZIP writers laid out (the npm package's documents module answers
/// `{"job": …}` for those exports), within `limits`; returns the export as `export` does.
#[cfg(feature = "xlsx-write")]
pub fn finish_export_json_within(job: &str, limits: &Limits) -> Result<String> {
    limits.check_input(job)?;
    let job: crate::export::job::Job = parse(job)?;
    let out = respond(&ExportedJson::from(finish_export(&job)?))?;
    limits.check_output(&out)?;
    Ok(out)
}

/// The error of an op that is not among `known` (`what` they are): for an op this build left
/// out, the feature that has it, in `details.feature`.
fn unknown_op<'a>(op: &str, what: &str, known: impl Iterator<Item = &'a str>) -> Error {
    let left_out = DECLARED
        .iter()
        .find(|declared| declared.name == op)
        .and_then(|declared| declared.feature)
        .filter(|_| !op_names().any(|built| built == op));
    match left_out {
        Some(feature) => Error::new(
            ErrorCode::UnknownOp,
            "",
            format!("`{op}` is not built into this engine: it needs the cargo feature `{feature}`"),
        )
        .with_details(serde_json::json!({ "feature": feature })),
        None => Error::new(
            ErrorCode::UnknownOp,
            "",
            format!(
                "`{op}` is not {what}; expected one of {}",
                known.collect::<Vec<_>>().join(", ")
            ),
        ),
    }
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
    fn every_op_built_in_is_declared_in_order_and_the_others_need_a_feature() {
        let mut built = op_names().peekable();
        for declared in DECLARED {
            if built.peek() == Some(&declared.name) {
                built.next();
            } else {
                assert!(declared.feature.is_some(), "{} is left out", declared.name);
                let e = call_json(declared.name, "{}").err();
                let details = e.as_ref().and_then(|e| e.details.clone());
                assert_eq!(e.map(|e| e.code), Some(ErrorCode::UnknownOp));
                assert_eq!(
                    details,
                    Some(serde_json::json!({ "feature": declared.feature }))
                );
            }
        }
        assert_eq!(built.next(), None, "every op built in is declared");
        assert!(op_names_behind("import").any(|op| op == "import_register"));
        assert!(!op_names_behind("import").any(|op| op == "catalogue"));
    }

    #[cfg(feature = "import")]
    #[test]
    fn the_import_ops_run_through_call_import_json_and_nothing_else_does() {
        assert!(DECLARED.iter().map(|op| op.name).eq(op_names()));
        let csv = r#"{"content": "Risk,Likelihood,Impact\nFlood,2,3\n"}"#;
        let imported = call_import_json("import_register", csv);
        assert!(imported.is_ok(), "{imported:?}");
        assert_eq!(imported.ok(), call_json("import_register", csv).ok());
        for op in ["catalogue", "nope", ""] {
            let e = call_import_json(op, "{}").err();
            assert_eq!(
                e.map(|e| (e.code, e.details)),
                Some((ErrorCode::UnknownOp, None))
            );
        }
        let e = call_import_json("import_register", "{").err();
        assert_eq!(e.map(|e| e.code), Some(ErrorCode::InvalidJson));
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
