//! The JSON pointer of the value a request failed on, found from where serde_json stopped.
//!
//! Requests are read by plain `serde_json` (one instantiation of every `Deserialize` impl, no
//! path-tracking wrapper around each visitor, which keeps the wasm module small). When a value
//! does not fit, serde_json reports the line and column it stopped at; this module scans
//! the text up to there and names the value the error is about:
//!
//! - a value whose type is wrong is reported at its first character (`{`, `[`) or, for a scalar,
//!   just after it;
//! - an error about an object or array as a whole (a missing field) is reported just after its
//!   closing bracket (a `Deserialize` impl must raise its errors inside its visitor, as the
//!   derived ones do, for the position to be that of its value);
//! - an unknown field or a key that is no variant is reported at the `:` after the key: the
//!   pointer is the object's (the caller appends the field).

/// Where the scan is inside one object or array.
struct Frame {
    object: bool,
    /// The key of the member being read (objects).
    key: Option<String>,
    /// True between the `:` and the `,` of a member.
    in_value: bool,
    /// The index of the element being read (arrays).
    index: usize,
    /// True once the current element has begun (arrays).
    begun: bool,
}

/// The JSON pointer of the value serde_json's data error at `line`/`column` of `text` is about.
/// serde_json's column counts the bytes of the line read so far, so it is the 0-based offset of
/// the next byte on that (1-based) line. `message` is the error's text without position.
pub(crate) fn pointer_at(text: &str, line: usize, column: usize, message: &str) -> String {
    let bytes = text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1)
    };
    let stop = (line_start + column).min(bytes.len());
    let mut frames: Vec<Frame> = Vec::new();
    // The end and pointer of the last value read to its end.
    let mut completed: Option<(usize, String)> = None;
    let mut i = 0;
    while i < stop {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b':' => {
                if let Some(f) = frames.last_mut() {
                    f.in_value = true;
                }
                i += 1;
            }
            b',' => {
                if let Some(f) = frames.last_mut() {
                    f.in_value = false;
                    f.key = None;
                    f.index += usize::from(!f.object);
                    f.begun = false;
                }
                i += 1;
            }
            b'{' | b'[' => {
                begin(&mut frames);
                frames.push(Frame {
                    object: b == b'{',
                    key: None,
                    in_value: false,
                    index: 0,
                    begun: false,
                });
                i += 1;
            }
            b'}' | b']' => {
                frames.pop();
                i += 1;
                completed = Some((i, current(&frames)));
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() {
                    match bytes.get(i) {
                        Some(b'\\') => i += 2,
                        Some(b'"') => break,
                        _ => i += 1,
                    }
                }
                i += 1;
                if i > stop {
                    // The error is inside this string: it is the value being read.
                    begin(&mut frames);
                    break;
                }
                let is_key = frames.last().is_some_and(|f| f.object && !f.in_value);
                if is_key {
                    let raw = text.get(start..i).unwrap_or("\"\"");
                    let key = serde_json::from_str::<String>(raw).unwrap_or_default();
                    if let Some(f) = frames.last_mut() {
                        f.key = Some(key);
                    }
                } else {
                    begin(&mut frames);
                    completed = Some((i, current(&frames)));
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                begin(&mut frames);
                while i < bytes.len()
                    && !matches!(
                        bytes.get(i),
                        Some(b',' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r')
                    )
                {
                    i += 1;
                }
                if i > stop {
                    break;
                }
                completed = Some((i, current(&frames)));
            }
        }
    }
    if i > stop {
        // Stopped inside a scalar: that scalar.
        return current(&frames);
    }

    // The error came just after a value (past whitespace): that value.
    let mut back = stop;
    while back > 0 && matches!(bytes.get(back - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        back -= 1;
    }
    if let Some((_, pointer)) = completed.filter(|(end, _)| *end == back) {
        return pointer;
    }

    // The error is at the start of an object or array: that value when the error names its
    // type, else the container it starts in (a visitor that takes no sequence or map of the kind).
    let opening = bytes.get(stop).copied();
    let names_it = match opening {
        Some(b'{') => message.starts_with("invalid type: map"),
        Some(b'[') => message.starts_with("invalid type: sequence"),
        _ => false,
    };
    if names_it {
        begin(&mut frames);
    }
    current(&frames)
}

/// A value begins in the innermost container (an array's element is then part of the pointer).
fn begin(frames: &mut [Frame]) {
    if let Some(f) = frames.last_mut().filter(|f| !f.object) {
        f.begun = true;
    }
}

/// The pointer of the value being read.
fn current(frames: &[Frame]) -> String {
    let mut pointer = String::new();
    for f in frames {
        if f.object {
            if let (Some(key), true) = (&f.key, f.in_value) {
                pointer.push('/');
                pointer.push_str(&crate::error::pointer_token(key));
            }
        } else if f.begun {
            pointer.push('/');
            pointer.push_str(&f.index.to_string());
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn at(text: &str, marker: &str, message: &str) -> String {
        let offset = text.find(marker).unwrap_or(0);
        pointer_at(text, 1, offset, message)
    }

    #[test]
    fn points_at_values_and_containers() {
        let t = r#"{"a": {"b": [1, {"c": "x"}]}, "d": 2}"#;
        assert_eq!(at(t, r#"}]}"#, "invalid type"), "/a/b/1/c");
        assert_eq!(at(t, r#"{"c""#, "invalid type: map, expected"), "/a/b/1");
        assert_eq!(at(t, r#", "d""#, "missing field `e`"), "/a");
        assert_eq!(at(t, r#": 2"#, "unknown field `d`"), "");
        assert_eq!(at(t, r#"1, "#, "invalid type: sequence, expected"), "/a/b");
    }

    /// The pointer serde_path_to_error gives, the reference this module is checked against.
    fn tracked<T: serde::de::DeserializeOwned>(text: &str) -> Option<String> {
        use serde_path_to_error::Segment;
        let mut de = serde_json::Deserializer::from_str(text);
        let e = serde_path_to_error::deserialize::<_, T>(&mut de).err()?;
        if !e.inner().is_data() {
            return None;
        }
        let mut path = String::new();
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => path.push_str(&format!("/{index}")),
                Segment::Map { key } => {
                    path.push('/');
                    path.push_str(&crate::error::pointer_token(key));
                }
                Segment::Enum { variant } => {
                    path.push('/');
                    path.push_str(&crate::error::pointer_token(variant));
                }
                Segment::Unknown => {}
            }
        }
        let message = crate::api::json::strip_position(e.inner());
        for prefix in ["missing field `", "unknown field `"] {
            if let Some(field) = message
                .strip_prefix(prefix)
                .and_then(|r| r.split('`').next())
            {
                let token = format!("/{}", crate::error::pointer_token(field));
                if !path.ends_with(&token) {
                    path.push_str(&token);
                }
            }
        }
        Some(path)
    }

    /// Every way to break `value` once: each value replaced by one of another type, each member
    /// removed, an unknown member added to each object.
    fn mutations(value: &Value, depth: usize) -> Vec<Value> {
        let mut out = Vec::new();
        if depth == 0 {
            // The request itself stays an object; `parse` reads `null` and arrays its own way.
            return match value {
                Value::Object(_) => inside(value, depth),
                _ => out,
            };
        }
        let replacements = [
            json!("2026-99-99"),
            json!(7),
            json!(-1.5),
            json!(true),
            json!(null),
            json!([]),
            json!([1, "x"]),
            json!({}),
            json!({"zz": 1}),
            json!(4_294_967_296_u64),
        ];
        for r in &replacements {
            if r != value {
                out.push(r.clone());
            }
        }
        out.extend(inside(value, depth));
        out
    }

    fn inside(value: &Value, depth: usize) -> Vec<Value> {
        let mut out = Vec::new();
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut without = map.clone();
                    without.remove(k);
                    out.push(Value::Object(without));
                    for m in mutations(v, depth + 1) {
                        let mut changed = map.clone();
                        changed.insert(k.clone(), m);
                        out.push(Value::Object(changed));
                    }
                }
                let mut more = map.clone();
                more.insert("zz_unknown".into(), json!(1));
                out.push(Value::Object(more));
            }
            Value::Array(items) => {
                // The first element, and the second to see an index other than 0.
                for (i, v) in items.iter().enumerate().take(2) {
                    for m in mutations(v, depth + 1) {
                        let mut changed = items.clone();
                        if let Some(slot) = changed.get_mut(i) {
                            *slot = m;
                        }
                        out.push(Value::Array(changed));
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// Compares the pointers of every `step`-th way to break `request` (13, prime, lets each
    /// replacement land on other members from one sample to the next).
    fn compare<T: serde::de::DeserializeOwned>(
        request: &Value,
        step: usize,
    ) -> (usize, Vec<String>) {
        let mut checked = 0;
        let mut differ = Vec::new();
        for broken in mutations(request, 0).into_iter().step_by(step) {
            for text in [
                serde_json::to_string(&broken).unwrap_or_default(),
                serde_json::to_string_pretty(&broken).unwrap_or_default(),
            ] {
                let Some(old) = tracked::<T>(&text) else {
                    continue;
                };
                let new = match crate::api::parse::<T>(&text) {
                    Err(e) => e.path,
                    Ok(_) => "(no error)".into(),
                };
                checked += 1;
                if old != new {
                    let e = crate::api::parse::<T>(&text).err().map(|e| e.message);
                    differ.push(format!("{old} != {new}: {e:?}"));
                }
            }
        }
        (checked, differ)
    }

    #[test]
    fn agrees_with_serde_path_to_error() {
        let fixture: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/example-saas.isms.json"
        ))
        .unwrap_or_default();
        let method: Value =
            serde_json::from_str(include_str!("../../data/methods/iso27005-5x5.json"))
                .unwrap_or_default();
        let quant: Value = serde_json::from_str(include_str!(
            "../../../tests/cases/quant/risk_streams_are_independent.json"
        ))
        .unwrap_or_default();
        let mut matrix = method.clone();
        matrix["formula"] = json!({"kind": "matrix", "scores": [[1, 2], [3, 4]]});
        let mut report = Vec::new();
        let mut total = 0;
        for (name, (n, differ)) in [
            (
                "validate",
                compare::<crate::api::ValidateRequest>(
                    &json!({"document": fixture, "as_of": "2026-01-01"}),
                    13,
                ),
            ),
            (
                "simulate",
                compare::<crate::api::SimulateRequest>(&quant["input"], 1),
            ),
            (
                "check_method",
                compare::<crate::api::CheckMethodRequest>(&json!({"method": method}), 1),
            ),
            (
                "check_method matrix",
                compare::<crate::api::CheckMethodRequest>(&json!({"method": matrix}), 1),
            ),
            (
                "rate",
                compare::<crate::api::RateRequest>(
                    &json!({"method": "iso27005-5x5", "likelihood": 2, "impact": {"confidentiality": 3}}),
                    1,
                ),
            ),
            (
                "catalogue",
                compare::<crate::api::CatalogueRequest>(
                    &json!({"theme": ["people"], "control_type": "preventive"}),
                    1,
                ),
            ),
            (
                "control",
                compare::<crate::api::ControlRequest>(&json!({"id": "5.1"}), 1),
            ),
        ] {
            total += n;
            for d in differ.iter().take(20) {
                report.push(format!("{name}: {d}"));
            }
            if differ.len() > 20 {
                report.push(format!("{name}: … {} more", differ.len() - 20));
            }
        }
        assert!(total > 1000, "only {total} errors compared");
        eprintln!("{total} request errors compared");
        assert!(
            report.is_empty(),
            "{total} compared; differences:\n{}",
            report.join("\n")
        );
    }
}
