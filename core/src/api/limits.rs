//! Limits on what one call may take and give, checked before the work: the bytes of the request,
//! the longest string in it, the most items of one array, the deepest nesting, the bytes of the
//! response, and the work of a simulation. A request past a limit fails with code
//! `limit_exceeded`, the limit's name in `details.limit`, its value in `details.max` and what the
//! request holds (or would make) in `details.value`.
//!
//! The defaults ([`Limits::default`]) fit an ISMS of tens of thousands of risks. A caller (the
//! embedder, never the request: a tenant's body cannot set them) may set any limit per call up to
//! its hard maximum ([`Limits::HARD`]); a value above it is `invalid_value`.
//!
//! The request's text is measured by one pass over its bytes ([`measure`]), before it is parsed:
//! no allocation grows with what the text holds, so a huge string, a huge array or deep nesting
//! costs a scan, not the memory it would take once parsed. The string limit leaves out the value
//! of a top-level `content` member: the file of a register import, bounded by the input limit and
//! by the importer's own file limits (`file_too_large`).

use super::pointer;
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// The limits of one call. Every field is optional in JSON; a field left out keeps its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Bytes of the request's JSON text (UTF-8).
    pub input_bytes: u64,
    /// Bytes of the longest string of the request, as written in its JSON text (escapes
    /// included), but for a top-level `content` (a register's file).
    pub string_bytes: u64,
    /// Items of the longest array (or members of the largest object) of the request.
    pub items: u64,
    /// Nesting of arrays and objects in the request (the request object itself is depth 1).
    pub depth: u64,
    /// Bytes of the response's JSON text.
    pub output_bytes: u64,
    /// Work of a simulation: simulated years of each simulated risk, each counted once and once
    /// more per threat event it expects in a year (the event model), added up over the risks.
    pub simulation_work: u64,
}

const MIB: u64 = 1 << 20;

impl Default for Limits {
    /// Limits that fit an ISMS of tens of thousands of risks: 64 MiB in and out, strings of
    /// 1 MiB, 200,000 items, 64 levels, a simulation work of 2·10⁹ (20,000 risks with one
    /// threat event a year over 50,000 simulated years).
    fn default() -> Self {
        Self {
            input_bytes: 64 * MIB,
            string_bytes: MIB,
            items: 200_000,
            depth: 64,
            output_bytes: 64 * MIB,
            simulation_work: 2_000_000_000,
        }
    }
}

/// What the text of a request holds: the largest of each measure and where it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measured {
    /// The longest string (bytes between its quotes) and the offset just past it.
    pub string: (u64, usize),
    /// The most items of one array or object and the offset of its opening bracket.
    pub items: (u64, usize),
    /// The deepest nesting reached, and the offset of the bracket that first reached it.
    pub depth: (u64, usize),
}

/// One open array or object of the scan.
#[derive(Clone, Copy)]
struct Open {
    at: usize,
    items: u64,
    /// No item has begun yet.
    empty: bool,
    object: bool,
    /// Objects: the next string is a key.
    expect_key: bool,
}

/// The offset of the first quote or backslash in `bytes` from `from` on, or a little before it:
/// whole words of eight bytes holding neither are skipped at once (a string's text is most of a
/// document).
fn plain(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    // Whether a byte of `word` is zero.
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_ne_bytes(chunk);
        if zero(word ^ QUOTES) || zero(word ^ BACKSLASHES) {
            break;
        }
        at += 8;
    }
    at
}

/// Measures the text of a request in one pass over its bytes, without parsing it: the longest
/// string (but the value of a top-level `content`), the largest array or object, the deepest
/// nesting, stopping early once nesting passes `stop_depth` (so a deep text costs no more than
/// `stop_depth` frames). Malformed text is measured as far as it goes; the parser reports it.
pub fn measure(text: &str, stop_depth: u64) -> Measured {
    let bytes = text.as_bytes();
    let mut out = Measured::default();
    let mut stack: Vec<Open> = Vec::new();
    // The top-level member being read is `content`.
    let mut top_content = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' => {
                if let Some(open) = stack.last_mut() {
                    open.empty = false;
                }
                stack.push(Open {
                    at: i,
                    items: 0,
                    empty: true,
                    object: b == b'{',
                    expect_key: b == b'{',
                });
                let depth = stack.len() as u64;
                if depth > out.depth.0 {
                    out.depth = (depth, i);
                }
                if depth > stop_depth {
                    return out;
                }
            }
            b'}' | b']' => {
                if let Some(open) = stack.pop() {
                    let items = open.items + u64::from(!open.empty);
                    if items > out.items.0 {
                        out.items = (items, open.at);
                    }
                }
                if stack.len() == 1 {
                    top_content = false;
                }
            }
            b',' => {
                if let Some(open) = stack.last_mut() {
                    open.items += 1;
                    open.expect_key = open.object;
                }
                if stack.len() == 1 {
                    top_content = false;
                }
            }
            b':' => {
                if let Some(open) = stack.last_mut() {
                    open.expect_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = plain(bytes, start);
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                let end = j.min(bytes.len());
                let length = (end - start) as u64;
                let key = stack.last().is_some_and(|open| open.expect_key);
                if let Some(open) = stack.last_mut() {
                    open.empty = false;
                }
                if key && stack.len() == 1 {
                    top_content = bytes.get(start..end) == Some(b"content");
                } else if !(top_content && stack.len() == 1) && length > out.string.0 {
                    out.string = (length, end + 1);
                }
                i = end;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                if let Some(open) = stack.last_mut() {
                    open.empty = false;
                }
            }
        }
        i += 1;
    }
    out
}

impl Limits {
    /// The hard maxima: no call may set a limit above these.
    pub const HARD: Self = Self {
        input_bytes: 512 * MIB,
        string_bytes: 256 * MIB,
        items: 10_000_000,
        // serde_json stops at 128 levels; below that every level is parsed.
        depth: 120,
        output_bytes: 512 * MIB,
        simulation_work: 100_000_000_000,
    };

    /// The limits as named in `json` (an object of limits, each optional; empty or `null` for
    /// the defaults): each at most its hard maximum, else `invalid_value` at its pointer.
    pub fn from_json(json: &str) -> Result<Self> {
        let limits: Self = super::json::parse(json).map_err(|e| {
            Error::new(
                e.code,
                e.path,
                format!("the limits are not valid: {}", e.message),
            )
        })?;
        limits.within_hard()
    }

    /// The limits, each checked against its hard maximum.
    pub fn within_hard(self) -> Result<Self> {
        for (name, value, max) in self
            .named()
            .into_iter()
            .zip(Self::HARD.named())
            .map(|((name, value), (_, max))| (name, value, max))
        {
            if value > max {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    format!("/{name}"),
                    format!("the limit `{name}` is {value}, above its hard maximum {max}"),
                )
                .with_details(serde_json::json!({ "limit": name, "max": max, "value": value })));
            }
        }
        Ok(self)
    }

    fn named(&self) -> [(&'static str, u64); 6] {
        [
            ("input_bytes", self.input_bytes),
            ("string_bytes", self.string_bytes),
            ("items", self.items),
            ("depth", self.depth),
            ("output_bytes", self.output_bytes),
            ("simulation_work", self.simulation_work),
        ]
    }

    /// Checks only the length of the text of a request against `input_bytes`: the first check
    /// of [`Limits::check_input`], which a caller makes before anything else reads the text.
    pub fn check_input_bytes(&self, text: &str) -> Result<()> {
        within(
            "input_bytes",
            self.input_bytes,
            text.len() as u64,
            String::new,
        )
    }

    /// Checks the text of a request against the input limits (bytes, strings, items, depth)
    /// before it is parsed; a measure past its limit is `limit_exceeded` at the pointer of the
    /// value concerned.
    pub fn check_input(&self, text: &str) -> Result<()> {
        self.check_input_bytes(text)?;
        let measured = measure(text, self.depth);
        let at = |offset: usize| {
            move || {
                let (line, column) = line_column(text, offset);
                pointer::pointer_at(text, line, column, "")
            }
        };
        within(
            "depth",
            self.depth,
            measured.depth.0,
            at(measured.depth.1 + 1),
        )?;
        within(
            "items",
            self.items,
            measured.items.0,
            at(measured.items.1 + 1),
        )?;
        within(
            "string_bytes",
            self.string_bytes,
            measured.string.0,
            at(measured.string.1),
        )
    }

    /// Checks the text of a response against `output_bytes`.
    pub fn check_output(&self, text: &str) -> Result<()> {
        within(
            "output_bytes",
            self.output_bytes,
            text.len() as u64,
            String::new,
        )
    }

    /// Checks the work a simulation would do against `simulation_work`, before it is done.
    pub fn check_simulation(&self, work: u64) -> Result<()> {
        within("simulation_work", self.simulation_work, work, || {
            "/iterations".into()
        })
    }
}

/// `value` against the limit `limit` of `max`: past it, `limit_exceeded` at the pointer `path`
/// gives.
fn within(limit: &str, max: u64, value: u64, path: impl FnOnce() -> String) -> Result<()> {
    if value > max {
        return Err(exceeded(limit, max, value, path()));
    }
    Ok(())
}

/// The `limit_exceeded` error of `limit`.
fn exceeded(limit: &str, max: u64, value: u64, path: String) -> Error {
    let what = match limit {
        "input_bytes" => "the request's bytes",
        "string_bytes" => "the bytes of a string",
        "items" => "the items of an array or object",
        "depth" => "the nesting of arrays and objects",
        "output_bytes" => "the response's bytes",
        _ => "the work of the simulation",
    };
    Error::new(
        ErrorCode::LimitExceeded,
        path,
        format!("{what} ({value}) exceed the limit `{limit}` of {max}"),
    )
    .with_details(serde_json::json!({ "limit": limit, "max": max, "value": value }))
}

/// The 1-based line and the column (bytes of that line before `offset`) of a byte offset, as
/// serde_json counts them.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    (line, offset.saturating_sub(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_and_details(r: Result<()>) -> Option<(ErrorCode, String, serde_json::Value)> {
        r.err()
            .map(|e| (e.code, e.path, e.details.unwrap_or_default()))
    }

    #[test]
    fn measures_strings_items_and_depth_but_not_a_top_level_content() {
        let m = measure(
            r#"{"a": [1, 2, {"b": "xyz"}], "content": "0123456789"}"#,
            64,
        );
        assert_eq!(m.string.0, 3);
        assert_eq!(m.items.0, 3);
        assert_eq!(m.depth.0, 3);
        let nested = measure(r#"{"a": {"content": "0123456789"}}"#, 64);
        assert_eq!(nested.string.0, 10);
        assert_eq!(measure("[]", 64).items.0, 0);
        assert_eq!(measure(r#"{"e": "a\"b"}"#, 64).string.0, 4);
        // Malformed text is measured as far as it goes, without a panic.
        for text in ["", "\"", "\\", "]]]", "{\"a\":\"\\", "[[[", "{,,,}"] {
            let _ = measure(text, 64);
        }
    }

    #[test]
    fn strings_are_measured_to_their_closing_quote_wherever_it_falls() {
        for length in 0..40 {
            for escape in [None, Some(0), Some(7), Some(8), Some(length / 2)] {
                let mut body = "x".repeat(length);
                if let Some(at) = escape.filter(|at| *at < length) {
                    body.replace_range(at..=at, "\\\"");
                }
                let text = format!(r#"{{"k": ["{body}", 1]}}"#);
                assert_eq!(measure(&text, 64).string.0, body.len() as u64, "{text}");
            }
        }
    }

    #[test]
    fn each_limit_fails_with_its_name_max_value_and_pointer() {
        let small = Limits {
            string_bytes: 4,
            items: 2,
            depth: 3,
            ..Limits::default()
        };
        let failed = code_and_details(small.check_input(r#"{"a": {"b": "12345"}}"#));
        assert_eq!(
            failed,
            Some((
                ErrorCode::LimitExceeded,
                "/a/b".into(),
                serde_json::json!({"limit": "string_bytes", "max": 4, "value": 5})
            ))
        );
        let failed = code_and_details(small.check_input(r#"{"a": {"b": [1, 2, 3]}}"#));
        assert_eq!(
            failed.map(|(_, path, d)| (path, d["limit"].clone())),
            Some(("/a/b".into(), "items".into()))
        );
        let failed = code_and_details(small.check_input(r#"{"a": [[[1]]]}"#));
        assert_eq!(
            failed.map(|(_, path, d)| (path, d)),
            Some((
                "/a/0/0".into(),
                serde_json::json!({"limit": "depth", "max": 3, "value": 4})
            ))
        );
        assert!(small.check_input(r#"{"a": [[1, 2]], "b": "1234"}"#).is_ok());
        let tiny = Limits {
            input_bytes: 3,
            ..Limits::default()
        };
        assert_eq!(
            code_and_details(tiny.check_input("{ }  ")).map(|(_, _, d)| d["limit"].clone()),
            Some("input_bytes".into())
        );
    }

    #[test]
    fn limits_are_set_up_to_their_hard_maximum() {
        assert_eq!(Limits::from_json(""), Ok(Limits::default()));
        assert_eq!(
            Limits::from_json(r#"{"depth": 10}"#).map(|l| (l.depth, l.items)),
            Ok((10, Limits::default().items))
        );
        let above = Limits::from_json(r#"{"depth": 1000}"#).err();
        assert_eq!(
            above.map(|e| (e.code, e.path)),
            Some((ErrorCode::InvalidValue, "/depth".into()))
        );
        let unknown = Limits::from_json(r#"{"dept": 10}"#).err();
        assert_eq!(unknown.map(|e| e.code), Some(ErrorCode::SchemaViolation));
        assert!(Limits::default().within_hard().is_ok());
    }

    #[test]
    fn a_deep_text_is_measured_only_to_past_the_limit() {
        let deep = "[".repeat(1_000_000);
        let m = measure(&deep, 64);
        assert_eq!(m.depth.0, 65);
    }
}
