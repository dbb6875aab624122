//! The bytes of a register given as a request's `content`: text, or base64 of a CSV or XLSX
//! file.

use super::{Encoding, SourceFormat};
use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;

/// The bytes of a request's `content`: base64 decoded when `encoding` says so (or, without an
/// encoding, when the format is XLSX), else the text's own bytes.
pub(crate) fn content_bytes(
    content: &str,
    encoding: Option<Encoding>,
    format: Option<SourceFormat>,
) -> Result<Cow<'_, [u8]>> {
    let base64 = match encoding {
        Some(encoding) => encoding == Encoding::Base64,
        None => format == Some(SourceFormat::Xlsx),
    };
    if !base64 {
        return Ok(Cow::Borrowed(content.as_bytes()));
    }
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map(Cow::Owned)
        .map_err(|e| {
            Error::new(
                ErrorCode::SchemaViolation,
                "/content",
                format!("`content` is not base64: {e}"),
            )
        })
}
