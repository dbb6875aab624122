//! Validate + score + analyse a register of 10,000 risks over 2,000 assets: from a parsed
//! document (the engine's own work) and from JSON text through `call_json` (what a binding pays,
//! parsing and writing included).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark"
)]

#[path = "synthetic.rs"]
mod synthetic;

use criterion::{Criterion, criterion_group, criterion_main};
use isms_core::api::call_json;
use isms_core::model::{self, Document};
use isms_core::risk::analytics;
use std::hint::black_box;

fn register(c: &mut Criterion) {
    let value = synthetic::document(10_000, 2_000);
    let text = value.to_string();
    let document: Document = serde_json::from_value(value).unwrap();
    let validate = format!(r#"{{"document":{text}}}"#);
    let analyse = format!(r#"{{"document":{text},"top":10}}"#);

    let mut group = c.benchmark_group("register 10000 risks 2000 assets");
    group.sample_size(30);
    group.bench_function("validate + score + analyse (parsed document)", |b| {
        b.iter(|| {
            let checked = model::check(black_box(&document), None).unwrap();
            let analysis = analytics::analyse(&checked, 10, None);
            black_box(analysis.totals.clone())
        })
    });
    group.bench_function("validate op from JSON text", |b| {
        b.iter(|| black_box(call_json("validate", black_box(&validate)).unwrap()))
    });
    group.bench_function("analyse op from JSON text", |b| {
        b.iter(|| black_box(call_json("analyse", black_box(&analyse)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, register);
criterion_main!(benches);
