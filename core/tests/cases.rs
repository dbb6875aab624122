//! The shared case corpus (`tests/cases/**/*.json`) run against `isms_core::api`.
//!
//! The same files are run by the pytest runner (`tests/python`) and the `node --test` runner
//! (`tests/js`); the three implement the same assertions:
//!
//! - `expect`: the response equals this value (numbers compared as numbers);
//! - `expect_subset`: every key given is present with a matching value; arrays match element-wise
//!   and must have the same length;
//! - `expect_len`: the response is an array of this length;
//! - `expect_ids`: the response is an array whose elements' `id`s are exactly these, in order;
//! - `expect_includes`: `{pointer: [subset, …]}`: the array at each JSON pointer of the response
//!   has, for every subset given, an element matching it (as in `expect_subset`);
//! - `expect_excludes`: `{pointer: [subset, …]}`: no element of the array at the pointer matches
//!   any subset given;
//! - `error`: the call fails with this `code` (and this `path` / these `details`, when given).
//!
//! A case may give, instead of `input`, `input_text`: the request as JSON text, handed to the
//! engine as it is (the raw JSON form of every op). A case with `limits` runs the op through the
//! generic call (`call_json_within`, `isms.call`, `call`) with those limits (`api::Limits`).
//!
//! In `input`, an object `{"$fixture": name}` stands for a file: a name without `/` is a file of
//! `tests/fixtures` (`"example-saas.isms.json"`), a name with `/` is relative to `tests/`
//! (`"registers/clean_risk_register.xlsx"`). A `.json` file stands for its JSON value; any other
//! file for the base64 of its bytes (a register's `content`, with `"encoding": "base64"`).
//!
//! Files under `tests/selftest/` hold deliberately wrong expectations: each must fail here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "test runner"
)]

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Cases this runner does not run, with the reason. Empty: the core runs everything.
const SKIP: &[(&str, &str)] = &[];

fn corpus(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join(dir);
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn name_of(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let start = text.find("/tests/").map_or(0, |i| i + "/tests/".len());
    text[start..].trim_end_matches(".json").to_owned()
}

/// Runs one case file; `Err` carries what did not match.
fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Value =
        serde_json::from_str(&text).map_err(|e| format!("case file is not JSON: {e}"))?;
    let op = case["op"].as_str().ok_or("case has no \"op\"")?;
    let input = match (case.get("input"), case.get("input_text")) {
        (_, Some(Value::String(text))) => text.clone(),
        (Some(v), _) => with_fixtures(v.clone())?.to_string(),
        _ => "{}".to_owned(),
    };
    let limits = match case.get("limits") {
        Some(limits) => isms_core::api::Limits::from_json(&limits.to_string()),
        None => Ok(isms_core::api::Limits::default()),
    };
    let outcome = limits.and_then(|limits| isms_core::api::call_json_within(op, &input, &limits));
    check(
        &case,
        outcome
            .map(|out| serde_json::from_str(&out).unwrap_or(Value::Null))
            .map_err(|e| serde_json::to_value(&e).unwrap_or(Value::Null)),
    )
}

/// Replaces every `{"$fixture": name}` object by the fixture file it names: its JSON value, or
/// the base64 of its bytes when it is no `.json` file.
fn with_fixtures(value: Value) -> Result<Value, String> {
    Ok(match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("$fixture") => {
            let name = map["$fixture"].as_str().ok_or("$fixture names a file")?;
            let path = fixture_path(name)?;
            if name.ends_with(".json") {
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
                serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?
            } else {
                use base64::Engine as _;
                let bytes = std::fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
                Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
            }
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| with_fixtures(v).map(|v| (k, v)))
                .collect::<Result<_, _>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(with_fixtures)
                .collect::<Result<_, _>>()?,
        ),
        other => other,
    })
}

/// The file a fixture name stands for: `tests/fixtures/<name>` for a bare name, `tests/<name>`
/// for a name with `/`; names that leave `tests/` are refused.
fn fixture_path(name: &str) -> Result<PathBuf, String> {
    if name.starts_with('/')
        || name
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
    {
        return Err(format!(
            "$fixture `{name}` must be a relative path inside tests/"
        ));
    }
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    Ok(if name.contains('/') {
        tests.join(name)
    } else {
        tests.join("fixtures").join(name)
    })
}

/// `expect_includes` (`present = true`) and `expect_excludes` (`present = false`).
fn members(got: &Value, want: &Value, present: bool) -> Result<(), String> {
    let want = want.as_object().ok_or("expects an object of pointers")?;
    for (pointer, subsets) in want {
        let array = got
            .pointer(pointer)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{pointer} is not an array in the response"))?;
        for wanted in subsets.as_array().ok_or("expects arrays of subsets")? {
            let found = array.iter().any(|item| subset(item, wanted, "").is_ok());
            if found != present {
                let verb = if present { "has no" } else { "has an" };
                return Err(format!("{pointer} {verb} element matching {wanted}"));
            }
        }
    }
    Ok(())
}

/// The assertions shared by the three runners.
fn check(case: &Value, outcome: Result<Value, Value>) -> Result<(), String> {
    let assertions = [
        "expect",
        "expect_subset",
        "expect_len",
        "expect_ids",
        "expect_includes",
        "expect_excludes",
    ];
    match (case.get("error"), outcome) {
        (Some(want), Err(got)) => {
            if got["code"] != want["code"] {
                return Err(format!(
                    "error code {} where {} was expected",
                    got["code"], want["code"]
                ));
            }
            if let Some(path) = want.get("path")
                && &got["path"] != path
            {
                return Err(format!(
                    "error path {} where {path} was expected",
                    got["path"]
                ));
            }
            if let Some(details) = want.get("details") {
                subset(&got["details"], details, "details")?;
            }
            Ok(())
        }
        (Some(want), Ok(got)) => Err(format!(
            "expected error {} but the call succeeded with {got}",
            want["code"]
        )),
        (None, Err(got)) => Err(format!("unexpected error {got}")),
        (None, Ok(got)) => {
            if !assertions.iter().any(|a| case.get(*a).is_some()) {
                return Err("case asserts nothing".into());
            }
            if let Some(want) = case.get("expect")
                && !equal(&got, want)
            {
                return Err(format!("response {got} differs from expected {want}"));
            }
            if let Some(want) = case.get("expect_subset") {
                subset(&got, want, "")?;
            }
            if let Some(want) = case.get("expect_includes") {
                members(&got, want, true)?;
            }
            if let Some(want) = case.get("expect_excludes") {
                members(&got, want, false)?;
            }
            if let Some(want) = case.get("expect_len") {
                let len = got.as_array().map(Vec::len);
                if len.map(|l| l as u64) != want.as_u64() {
                    return Err(format!("length {len:?} where {want} was expected"));
                }
            }
            if let Some(want) = case.get("expect_ids") {
                let ids: Option<Vec<Value>> = got
                    .as_array()
                    .map(|a| a.iter().map(|e| e["id"].clone()).collect());
                if ids.as_ref() != want.as_array() {
                    return Err(format!("ids {ids:?} where {want} was expected"));
                }
            }
            Ok(())
        }
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

fn subset(got: &Value, want: &Value, at: &str) -> Result<(), String> {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w.iter().try_for_each(|(k, wv)| match g.get(k) {
            Some(gv) => subset(gv, wv, &format!("{at}/{k}")),
            None => Err(format!("{at}/{k} is missing")),
        }),
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => g
            .iter()
            .zip(w)
            .enumerate()
            .try_for_each(|(i, (gv, wv))| subset(gv, wv, &format!("{at}/{i}"))),
        _ if equal(got, want) => Ok(()),
        _ => Err(format!("{at}: {got} where {want} was expected")),
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    let cases = corpus("cases");
    assert!(
        cases.len() >= 40,
        "the shared corpus has only {} cases",
        cases.len()
    );
    for path in cases {
        let name = name_of(&path);
        let skipped = SKIP.iter().any(|(skip, _)| *skip == name);
        trials.push(
            Trial::test(name, move || run_case(&path).map_err(Failed::from))
                .with_ignored_flag(skipped),
        );
    }
    // A runner that cannot fail proves nothing: every self-test case holds a wrong expectation.
    for path in corpus("selftest") {
        let name = format!("{} (must fail)", name_of(&path));
        trials.push(Trial::test(name, move || match run_case(&path) {
            Ok(()) => Err(Failed::from("a deliberately wrong expectation passed")),
            Err(_) => Ok(()),
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}
