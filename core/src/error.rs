//! The one error type of the engine: a stable machine code, a human message and the JSON pointer
//! of the offending input.
//!
//! Codes are part of the public contract: bindings, case files and callers match on them, never on
//! the message text. A code, once published, keeps its meaning.

use serde::Serialize;
use serde_json::Value;

/// Stable machine-readable error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is not well-formed JSON.
    InvalidJson,
    /// The input is JSON but does not have the shape the operation expects (wrong type, unknown
    /// field, missing field, value outside an enumeration).
    SchemaViolation,
    /// The operation name is not one the engine knows.
    UnknownOp,
    /// A control id that names no control of the edition in question.
    UnknownControl,
    /// A 2013 control id where a 2022 id is required; `details.successors` names the 2022 controls.
    SupersededControl,
    /// A control id of the other edition than the one the request is about.
    EditionMismatch,
    /// A clause or requirement id that is not in the clause register.
    UnknownClause,
    /// A risk method that breaks a rule of methods (bands with a gap or overlap, an incomplete
    /// matrix, descending level values, an appetite naming no band).
    InvalidMethod,
    /// A rating outside the levels of the method's scale.
    OutOfScale,
    /// An id used twice where ids must be unique.
    DuplicateId,
    /// A risk method preset id that the engine does not ship.
    UnknownMethod,
    /// A reference by id to something the document does not hold.
    UnknownReference,
    /// A document of a schema version this engine does not read; `migrate` may bring it forward.
    UnsupportedSchema,
    /// Asset dependencies that go round in a circle; `details.cycle` lists the assets in order.
    DependencyCycle,
    /// A register cell whose text cannot be read as its column's field (a label that is no
    /// level, a word that is no treatment option, a date that is no date), or a value that
    /// describes nothing (a PERT whose low is above its high, a negative sigma, a probability
    /// above 1, zero simulated years).
    InvalidValue,
    /// A register column that is needed and not found, or a named column that does not exist.
    MissingColumn,
    /// A file that cannot be read as the format it claims (a damaged workbook, CSV that is not
    /// UTF-8).
    UnreadableFile,
    /// A register file past a limit of what an import reads: more cells, columns or bytes of text
    /// than a register holds, a sheet that declares or uses an enormous range, a workbook whose
    /// parts inflate to too many bytes (a zip bomb) or whose tables claim too many entries. The
    /// message names the limit and what the file holds or claims; `details` gives the `limit`
    /// and its `max`. Refused before the memory it would take is allocated.
    FileTooLarge,
    /// A request past a limit of what one call may take or give (its bytes, its longest string,
    /// the items of one array, its nesting, the bytes of the response, the work of a simulation;
    /// `api::Limits`), refused before the work: `details` gives the `limit`, its `max` and the
    /// request's `value`.
    LimitExceeded,
    /// The engine failed while handling the request (a panic, or running out of memory in
    /// WebAssembly): a defect of the engine, not of the input. The binding has recovered (a fresh
    /// WebAssembly instance; in Python the call was unwound), so the next call is unaffected.
    Internal,
}

impl ErrorCode {
    /// The code as it appears on the wire (`"unknown_control"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::SchemaViolation => "schema_violation",
            Self::UnknownOp => "unknown_op",
            Self::UnknownControl => "unknown_control",
            Self::SupersededControl => "superseded_control",
            Self::EditionMismatch => "edition_mismatch",
            Self::UnknownClause => "unknown_clause",
            Self::InvalidMethod => "invalid_method",
            Self::OutOfScale => "out_of_scale",
            Self::DuplicateId => "duplicate_id",
            Self::UnknownMethod => "unknown_method",
            Self::UnknownReference => "unknown_reference",
            Self::UnsupportedSchema => "unsupported_schema",
            Self::DependencyCycle => "dependency_cycle",
            Self::InvalidValue => "invalid_value",
            Self::MissingColumn => "missing_column",
            Self::UnreadableFile => "unreadable_file",
            Self::FileTooLarge => "file_too_large",
            Self::LimitExceeded => "limit_exceeded",
            Self::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error returned by any engine operation.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{message}")]
pub struct Error {
    /// Stable machine code.
    pub code: ErrorCode,
    /// Human-readable message: lowercase, no final period, user input in backticks.
    pub message: String,
    /// JSON pointer (RFC 6901) of the offending input field; empty for the whole input.
    pub path: String,
    /// Structured extra facts a caller can act on (for example the successors of a 2013 control).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
}

impl Error {
    /// An error with a code, a message and the pointer of the field it concerns.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            path: path.into(),
            details: None,
        }
    }

    /// The same error with structured details attached.
    #[must_use]
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// The same error with its pointer, and those of the errors listed in `details.errors`,
    /// re-rooted under `prefix`: an error found inside a part is reported where the part sits.
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = format!("{prefix}{}", self.path);
        if let Some(Value::Array(errors)) = self.details.as_mut().and_then(|d| d.get_mut("errors"))
        {
            for error in errors {
                if let Some(Value::String(path)) = error.get_mut("path") {
                    *path = format!("{prefix}{path}");
                }
            }
        }
        self
    }

    /// The same error with every error of its kind that was found: up to [`MAX_LISTED_ERRORS`]
    /// of them in `details.errors` and their number in `details.count`, beside the details it
    /// already has. For checks that collect all errors and fail with the first.
    #[must_use]
    pub fn listing<T: Serialize>(mut self, errors: &[T]) -> Self {
        let mut details = match self.details.take() {
            Some(Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let listed = errors.get(..MAX_LISTED_ERRORS).unwrap_or(errors);
        details.insert(
            "errors".into(),
            serde_json::to_value(listed).unwrap_or(Value::Null),
        );
        details.insert("count".into(), errors.len().into());
        self.with_details(Value::Object(details))
    }

    /// The error as a JSON object string (`{"code":…,"message":…,"path":…}`), for bindings.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            // Serialising a struct of strings cannot fail; this keeps the contract total anyway.
            format!(
                "{{\"code\":\"{}\",\"message\":\"error\",\"path\":\"\"}}",
                self.code
            )
        })
    }
}

/// Most errors listed in `details.errors` by [`Error::listing`]; `details.count` is always
/// complete.
pub const MAX_LISTED_ERRORS: usize = 100;

/// Result type of every engine operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
