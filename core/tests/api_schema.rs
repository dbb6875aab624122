//! `core/data/schema/api.schema.json` equals the JSON Schemas generated from the api's request
//! and response types, as the op table ([`isms_core::api::OPS`]) names them; the npm package's
//! TypeScript declarations are generated from that file (`bindings-wasm/types/generate.mjs`), so
//! they cannot drift from the Rust types.
//!
//! Run with `ISMS_BLESS=1` to rewrite the file after changing a type:
//! `ISMS_BLESS=1 cargo test -p isms-core --features schema --test api_schema`.
#![cfg(feature = "schema")]
#![allow(clippy::unwrap_used, clippy::panic, reason = "test")]

use isms_core::Error;
use isms_core::api::OPS;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// The schema file: every op's request and response, the engine's error, and the definitions
/// they use. Requests are described as the engine reads them, responses as it writes them; a type
/// whose written form differs from its read form (fields always present when written, say) keeps
/// the read form under its name and the written form under `<name>Written`.
fn generated() -> String {
    let settings = SchemaSettings::draft2020_12();
    let mut reads = settings.clone().for_deserialize().into_generator();
    let mut writes = settings.for_serialize().into_generator();
    let mut requests = Map::new();
    let mut responses = Map::new();
    for op in OPS {
        requests.insert(op.name.into(), (op.request)(&mut reads).to_value());
        responses.insert(op.name.into(), (op.response)(&mut writes).to_value());
    }
    let mut error = writes.subschema_for::<Error>().to_value();
    let mut defs = reads.take_definitions(true);
    let mut written = writes.take_definitions(true);
    // Renaming a written definition changes the definitions that refer to it, so repeat until
    // every name both sides use means the same schema.
    loop {
        let differing: Vec<String> = written
            .iter()
            .filter(|(name, schema)| defs.get(*name).is_some_and(|read| read != *schema))
            .map(|(name, _)| name.clone())
            .collect();
        if differing.is_empty() {
            break;
        }
        for name in differing {
            let new_name = format!("{name}Written");
            if let Some(schema) = written.remove(&name) {
                written.insert(new_name.clone(), schema);
            }
            let (from, to) = (format!("#/$defs/{name}"), format!("#/$defs/{new_name}"));
            for value in written.values_mut().chain(responses.values_mut()) {
                rename_refs(value, &from, &to);
            }
            rename_refs(&mut error, &from, &to);
        }
    }
    for (name, schema) in written {
        defs.entry(name).or_insert(schema);
    }
    defs.sort_keys();
    let table: Map<String, Value> = requests
        .into_iter()
        .map(|(name, request)| {
            let response = responses.remove(&name).unwrap_or(Value::Null);
            (name, json!({"request": request, "response": response}))
        })
        .collect();
    let value = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from the api's types by `ISMS_BLESS=1 cargo test -p isms-core --features schema --test api_schema`; do not edit.",
        "title": "isms api",
        "description": "The request and response of every operation of the isms engine, and its error.",
        "ops": table,
        "error": error,
        "$defs": defs,
    });
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}

/// Points every `$ref` to `from` at `to` instead.
fn rename_refs(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key == "$ref" && child.as_str() == Some(from) {
                    *child = Value::String(to.into());
                } else {
                    rename_refs(child, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, from, to)),
        _ => {}
    }
}

#[test]
fn every_op_is_declared_once() {
    let mut names: Vec<&str> = OPS.iter().map(|op| op.name).collect();
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "an op is declared twice in api::OPS");
}

#[test]
fn the_shipped_api_schema_is_generated_from_the_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/schema/api.schema.json");
    let fresh = generated();
    if std::env::var_os("ISMS_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    } else if std::fs::read_to_string(path).unwrap_or_default() != fresh {
        panic!(
            "core/data/schema/api.schema.json is out of date: run ISMS_BLESS=1 cargo test -p isms-core --features schema --test api_schema"
        );
    }
}
