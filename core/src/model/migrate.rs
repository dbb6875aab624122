//! Bringing documents of older schema versions forward, keeping every field the engine does not
//! know.
//!
//! Versions:
//!
//! - `isms/1`: ratings flat on the risk (`likelihood`, `impact`, `residual_likelihood`,
//!   `residual_impact`), the treatment option as a string with its actions beside it
//!   (`treatment: "modify"`, `actions: [...]`), asset valuation flat on the asset
//!   (`confidentiality`, `integrity`, `availability`), and control records under `soa`.
//! - `isms/2` (current): ratings grouped as `inherent` and `residual`, `treatment` an object
//!   holding `option` and `plan`, asset valuation under `valuation`, control records under
//!   `controls`.
//!
//! Migration works on the JSON value, so it never needs to understand a field to keep it.

use super::SCHEMA;
use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;
use serde_json::{Map, Value};

/// Every schema version `migrate` reads, oldest first.
pub const VERSIONS: &[&str] = &["isms/1", SCHEMA];

/// The error for a document of a schema version this engine does not read, at `path` (the
/// pointer of its `schema` field): `details.found` is the version, `details.expected` the one
/// this engine reads, `details.known` every version [`migrate`] reads.
pub fn unsupported_schema(path: impl Into<String>, found: &str) -> Error {
    let hint = if VERSIONS.contains(&found) {
        "run `migrate` on older documents"
    } else {
        "it is not a version this engine knows"
    };
    Error::new(
        ErrorCode::UnsupportedSchema,
        path,
        format!("`{found}` is not the schema this engine reads ({SCHEMA}); {hint}"),
    )
    .with_details(serde_json::json!({ "found": found, "expected": SCHEMA, "known": VERSIONS }))
}

/// A migrated document and what was done to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Migrated {
    /// The document in the current schema.
    pub document: Value,
    /// The version it was in.
    pub from: String,
    /// The version it is in now.
    pub to: &'static str,
    /// Each change made, with the JSON pointer (in the new document) of what changed.
    pub changes: Vec<Change>,
}

/// One change made by a migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// Where, in the migrated document.
    pub path: String,
    /// What was done.
    pub description: String,
}

/// Brings a document to the current schema. A document already current is returned unchanged.
pub fn migrate(mut document: Value) -> Result<Migrated> {
    let Some(object) = document.as_object_mut() else {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "",
            "a document is a JSON object",
        ));
    };
    let from = match object.get("schema") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/schema",
                "the schema version is a string such as `isms/2`",
            ));
        }
        None => {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/schema",
                "missing field `schema`",
            ));
        }
    };
    let mut changes = Vec::new();
    match from.as_str() {
        SCHEMA => {}
        "isms/1" => v1_to_v2(object, &mut changes),
        other => {
            return Err(unsupported_schema("/schema", other));
        }
    }
    Ok(Migrated {
        document,
        from,
        to: SCHEMA,
        changes,
    })
}

fn change(changes: &mut Vec<Change>, path: String, description: &str) {
    changes.push(Change {
        path,
        description: description.to_owned(),
    });
}

/// Moves the named fields of `object` into a new object under `into`, if any of them is present.
fn group(object: &mut Map<String, Value>, fields: &[(&str, &str)], into: &str) -> bool {
    let mut grouped = Map::new();
    for (old, new) in fields {
        if let Some(value) = object.remove(*old) {
            grouped.insert((*new).to_owned(), value);
        }
    }
    if grouped.is_empty() {
        return false;
    }
    object.insert(into.to_owned(), Value::Object(grouped));
    true
}

fn v1_to_v2(doc: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    doc.insert("schema".into(), Value::String(SCHEMA.into()));
    change(changes, "/schema".into(), "schema isms/1 → isms/2");
    if let Some(soa) = doc.remove("soa") {
        if !doc.contains_key("controls") {
            doc.insert("controls".into(), soa);
            change(
                changes,
                "/controls".into(),
                "control records moved from `soa` to `controls`",
            );
        } else {
            // Both present: keep the old list untouched under a name that says what it is.
            doc.insert("soa_v1".into(), soa);
            change(
                changes,
                "/soa_v1".into(),
                "`soa` kept as `soa_v1`: `controls` already exists",
            );
        }
    }
    if let Some(Value::Array(assets)) = doc.get_mut("assets") {
        for (i, asset) in assets.iter_mut().enumerate() {
            if let Some(asset) = asset.as_object_mut() {
                let fields = [
                    ("confidentiality", "confidentiality"),
                    ("integrity", "integrity"),
                    ("availability", "availability"),
                ];
                if !asset.contains_key("valuation") && group(asset, &fields, "valuation") {
                    change(
                        changes,
                        format!("/assets/{i}/valuation"),
                        "valuation grouped",
                    );
                }
            }
        }
    }
    if let Some(Value::Array(risks)) = doc.get_mut("risks") {
        for (i, risk) in risks.iter_mut().enumerate() {
            let Some(risk) = risk.as_object_mut() else {
                continue;
            };
            if !risk.contains_key("inherent")
                && group(
                    risk,
                    &[("likelihood", "likelihood"), ("impact", "impact")],
                    "inherent",
                )
            {
                change(
                    changes,
                    format!("/risks/{i}/inherent"),
                    "inherent rating grouped",
                );
            }
            if !risk.contains_key("residual")
                && group(
                    risk,
                    &[
                        ("residual_likelihood", "likelihood"),
                        ("residual_impact", "impact"),
                    ],
                    "residual",
                )
            {
                change(
                    changes,
                    format!("/risks/{i}/residual"),
                    "residual rating grouped",
                );
            }
            let option = match risk.get("treatment") {
                Some(Value::String(option)) => Some(option.clone()),
                _ => None,
            };
            if let Some(option) = option {
                let mut treatment = Map::new();
                treatment.insert("option".into(), Value::String(option));
                if let Some(actions) = risk.remove("actions") {
                    treatment.insert("plan".into(), actions);
                }
                risk.insert("treatment".into(), Value::Object(treatment));
                change(
                    changes,
                    format!("/risks/{i}/treatment"),
                    "treatment option and actions grouped as a treatment",
                );
            }
        }
    }
}
