//! The exports of the example fixture equal the golden files under `tests/golden/` (listed in
//! its `manifest.json`; a workbook or archive by the SHA-256 of its bytes). The pytest and node runners compare the same files, so the
//! three targets write the same bytes. `ISMS_BLESS=1` rewrites the files; review the diff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "test"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
}

/// Replaces every `{"$fixture": name}` with that fixture.
fn resolve(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("$fixture") {
                let text =
                    std::fs::read_to_string(tests_dir().join("fixtures").join(name)).unwrap();
                *value = serde_json::from_str(&text).unwrap();
                return;
            }
            map.values_mut().for_each(resolve);
        }
        Value::Array(items) => items.iter_mut().for_each(resolve),
        _ => {}
    }
}

#[test]
fn exports_equal_the_golden_files() {
    let dir = tests_dir().join("golden");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let bless = std::env::var_os("ISMS_BLESS").is_some();
    let mut stale = Vec::new();
    for entry in manifest["entries"].as_array().unwrap() {
        let file = entry["file"].as_str().unwrap();
        let op = entry["op"].as_str().unwrap();
        let mut input = entry["input"].clone();
        resolve(&mut input);
        let out: Value = serde_json::from_str(
            &isms_core::api::call_json(op, &input.to_string())
                .unwrap_or_else(|e| panic!("{file}: {e}")),
        )
        .unwrap();
        let path = dir.join(file);
        if op == "export" && out["encoding"] == "base64" {
            use base64::Engine as _;
            use sha2::Digest as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(out["content"].as_str().unwrap())
                .unwrap();
            let hash = format!("{:x}\n", sha2::Sha256::digest(&bytes));
            if bless {
                std::fs::write(&path, &hash).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(hash.as_str()) {
                stale.push(file.to_owned());
            }
        } else if op == "export" {
            let content = out["content"].as_str().unwrap();
            if bless {
                std::fs::write(&path, content).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(content) {
                stale.push(file.to_owned());
            }
        } else {
            if bless {
                std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
            } else {
                let golden: Option<Value> = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|t| serde_json::from_str(&t).ok());
                if golden.as_ref() != Some(&out) {
                    stale.push(file.to_owned());
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "exports differ from tests/golden/{stale:?}: if the change is intended, run ISMS_BLESS=1 cargo test -p isms-core --test golden and review the diff"
    );
}
