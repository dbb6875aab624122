//! Requests read from JSON text and responses written to it: a malformed request is an error with
//! code `invalid_json` or `schema_violation` and the JSON pointer of the field at fault.

use super::document;
use super::pointer;
use crate::error::{Error, ErrorCode, Result, pointer_token};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Parses a request that carries a document, explaining a failure caused by an older schema.
pub fn parse_document<T: DeserializeOwned>(input: &str) -> Result<T> {
    parse(input).map_err(|e| document::explain_schema(input, e))
}

/// Parses a request, reporting the JSON pointer of the first field that does not fit.
pub fn parse<T: DeserializeOwned>(input: &str) -> Result<T> {
    let trimmed = input.trim();
    // The caller's own text is parsed, untrimmed, so the line and column of an error are those
    // of the text the caller holds.
    let text = if trimmed.is_empty() || trimmed == "null" {
        "{}"
    } else {
        input
    };
    if trimmed.starts_with('[') {
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
                "trailing characters after the JSON value at line {} column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e)
            ),
        )
        .with_details(serde_json::json!({ "line": e.line(), "column": e.column() }))
    })?;
    Ok(value)
}

/// The JSON text of a request given as bytes: UTF-8, a leading byte order mark skipped; other
/// bytes are `invalid_json` at the line and column of the first byte that is not UTF-8.
pub(super) fn text_of(bytes: &[u8]) -> Result<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the request is not UTF-8 at line {line} column {column}"),
        )
        .with_details(serde_json::json!({ "line": line, "column": column }))
    })
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
        )
        .with_details(serde_json::json!({ "line": inner.line(), "column": inner.column() }));
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
pub(super) fn strip_position(e: &serde_json::Error) -> String {
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
