//! Python values as JSON text, written in Rust: the text `json.dumps(value, allow_nan=False)`
//! gives (the same escapes and separators, so the engine's limits measure the same text), but for
//! how a float is written (the shortest form that reads back as the same number, as Python's
//! `repr` is, though `1e16` where Python writes `1e+16`). A request of many thousand records is
//! written without the intermediate objects of `json.dumps` (a list of item pairs per dict, a
//! new string per escaped string).
//!
//! Anything this does not write exactly as `json.dumps` would — a key that is not text, an
//! integer beyond 64 bits, a number that is not finite, a string with a lone surrogate, an object
//! of another type, nesting deeper than [`DEPTH`] — gives `None`, and the caller uses `json.dumps`.

use std::fmt::Write as _;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Nesting past which `None` is given: deeper than any request the engine takes (its depth
/// limit is at most 120), and a cycle ends here rather than in a stack overflow.
const DEPTH: usize = 128;

/// The JSON text of `value` (see the module), or `None` when `json.dumps` is to write it.
#[pyfunction]
pub(crate) fn json_text(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let mut out = Writer {
        text: String::new(),
        keys: Vec::new(),
        next: 0,
    };
    Ok(write(value, &mut out, 0).then_some(out.text))
}

/// Keys remembered, at most: the keys of a document's records are few and repeat in every
/// record, so they are found among these.
const KEYS: usize = 256;

/// The text being written, and the keys met so far with their text.
struct Writer<'py> {
    text: String,
    /// Key objects and their JSON text, in the order first met: the records of a list have
    /// their keys in the same order, so each is found at `next` without a search. Holding a
    /// key keeps it alive, so another object cannot take its place.
    keys: Vec<(Bound<'py, PyString>, String)>,
    next: usize,
}

impl<'py> Writer<'py> {
    /// Writes the key `key` (text), remembered when met before; `false` when it cannot be read.
    fn key(&mut self, key: &Bound<'py, PyString>) -> bool {
        let at = match self.keys.get(self.next) {
            Some((k, _)) if k.is(key) => Some(self.next),
            _ => self.keys.iter().position(|(k, _)| k.is(key)),
        };
        if let Some((_, text)) = at.and_then(|at| self.keys.get(at)) {
            self.text.push_str(text);
            self.next = at.map_or(0, |at| at + 1);
            return true;
        }
        let start = self.text.len();
        if !text(key, &mut self.text) {
            return false;
        }
        if self.keys.len() < KEYS {
            let written = self.text.get(start..).unwrap_or_default().to_owned();
            self.keys.push((key.clone(), written));
            self.next = self.keys.len();
        }
        true
    }
}

/// Writes the string `s` as JSON; `false` when it holds a lone surrogate.
fn text(s: &Bound<'_, PyString>, out: &mut String) -> bool {
    // Its UTF-8 bytes, read in place (no copy into a Rust string).
    let Ok(bytes) = s.encode_utf8() else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(bytes.as_bytes()) else {
        return false;
    };
    string(text, out);
    true
}

/// Writes `value` to `out`; `false` when it is not written exactly as `json.dumps` would.
fn write<'py>(value: &Bound<'py, PyAny>, out: &mut Writer<'py>, depth: usize) -> bool {
    if depth > DEPTH {
        return false;
    }
    if value.is_none() {
        out.text.push_str("null");
    } else if let Ok(b) = value.cast::<PyBool>() {
        out.text
            .push_str(if b.is_true() { "true" } else { "false" });
    } else if let Ok(s) = value.cast::<PyString>() {
        return text(s, &mut out.text);
    } else if value.is_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            let _ = write!(out.text, "{i}");
        } else if let Ok(u) = value.extract::<u64>() {
            let _ = write!(out.text, "{u}");
        } else {
            return false;
        }
    } else if let Ok(f) = value.cast::<PyFloat>() {
        let f = f.value();
        match serde_json::Number::from_f64(f) {
            Some(n) if f.is_finite() => {
                let _ = write!(out.text, "{n}");
            }
            _ => return false,
        }
    } else if let Ok(dict) = value.cast::<PyDict>() {
        if !value.is_exact_instance_of::<PyDict>() {
            // `json.dumps` asks a subclass for its `items()`, which may differ from its storage.
            let Ok(items) = value.call_method0("items").and_then(|i| i.try_iter()) else {
                return false;
            };
            return object(items.map(|pair| pair.and_then(|p| p.extract())), out, depth);
        }
        return object(dict.iter().map(Ok), out, depth);
    } else if let Ok(list) = value.cast::<PyList>() {
        return array(list.iter(), out, depth);
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        return array(tuple.iter(), out, depth);
    } else {
        return false;
    }
    true
}

type Pair<'py> = (Bound<'py, PyAny>, Bound<'py, PyAny>);

fn object<'py>(
    items: impl Iterator<Item = PyResult<Pair<'py>>>,
    out: &mut Writer<'py>,
    depth: usize,
) -> bool {
    out.text.push('{');
    let mut first = true;
    for item in items {
        let Ok((key, value)) = item else {
            return false;
        };
        if !first {
            out.text.push_str(", ");
        }
        first = false;
        let Ok(key) = key.cast::<PyString>() else {
            return false;
        };
        if !out.key(key) {
            return false;
        }
        out.text.push_str(": ");
        if !write(&value, out, depth + 1) {
            return false;
        }
    }
    out.text.push('}');
    true
}

fn array<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    out: &mut Writer<'py>,
    depth: usize,
) -> bool {
    out.text.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.text.push_str(", ");
        }
        if !write(&item, out, depth + 1) {
            return false;
        }
    }
    out.text.push(']');
    true
}

/// `text` as a JSON string, escaped as `json.dumps` does with `ensure_ascii`: `\"`, `\\`, `\n`,
/// `\r`, `\t`, `\b`, `\f`, other control characters and every character beyond ASCII as `\uXXXX`
/// (a surrogate pair beyond the Basic Multilingual Plane).
fn string(text: &str, out: &mut String) {
    out.reserve(text.len() + 2);
    out.push('"');
    // Most text is printable ASCII without a quote or a backslash: written as it is.
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut plain = 0;
    for (at, c) in text.char_indices() {
        let escape = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            ' '..='~' => continue,
            _ => None,
        };
        out.push_str(text.get(plain..at).unwrap_or_default());
        plain = at + c.len_utf8();
        match escape {
            Some(e) => out.push_str(e),
            None => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push_str(text.get(plain..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::string;

    fn quoted(text: &str) -> String {
        let mut out = String::new();
        string(text, &mut out);
        out
    }

    #[test]
    fn strings_are_escaped_as_json_dumps_escapes_them() {
        assert_eq!(quoted("plain text"), r#""plain text""#);
        assert_eq!(quoted("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(
            quoted("tab\tnew\nline\r\u{8}\u{c}\u{1}"),
            r#""tab\tnew\nline\r\b\f\u0001""#
        );
        assert_eq!(quoted("£10 — ok"), r#""\u00a310 \u2014 ok""#);
        assert_eq!(quoted("🙂"), r#""\ud83d\ude42""#);
        assert_eq!(quoted("\u{7f}"), r#""\u007f""#);
    }
}
