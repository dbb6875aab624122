//! Validate + score + analyse a register of 10,000 risks over 2,000 assets, and build its
//! reports (SoA, readiness, the XLSX workbook): from a parsed document (the engine's own work) and
//! from JSON text through `call_json` (what a binding pays, parsing and writing included).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark"
)]

#[path = "synthetic.rs"]
mod synthetic;

use criterion::{Criterion, criterion_group, criterion_main};
use isms_core::analysis;
use isms_core::api::call_json;
use isms_core::export::{self, Format};
use isms_core::model::Document;
use isms_core::{readiness, soa};
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
            let checked = isms_core::checks::check(black_box(&document), None).unwrap();
            let analysis = analysis::analyse(&checked, 10, None, false);
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

fn reports(c: &mut Criterion) {
    let value = synthetic::document(10_000, 2_000);
    let text = value.to_string();
    let document: Document = serde_json::from_value(value).unwrap();
    let workbook = format!(r#"{{"document":{text},"report":"all","format":"xlsx"}}"#);

    let mut group = c.benchmark_group("reports 10000 risks 2000 assets");
    group.sample_size(20);
    group.bench_function("soa + readiness + XLSX of each (parsed document)", |b| {
        b.iter(|| {
            let checked = isms_core::checks::check(black_box(&document), None).unwrap();
            let soa = soa::build(&checked);
            let readiness = readiness::assess(&checked, &soa);
            let soa_xlsx = export::write(&export::soa_report(&soa), Format::Xlsx, None).unwrap();
            let readiness_xlsx =
                export::write(&export::readiness_report(&readiness), Format::Xlsx, None).unwrap();
            black_box(soa_xlsx.len() + readiness_xlsx.len())
        })
    });
    group.bench_function(
        "soa + readiness + plan in one XLSX workbook (parsed document)",
        |b| {
            b.iter(|| {
                let checked = isms_core::checks::check(black_box(&document), None).unwrap();
                let soa = soa::build(&checked);
                let readiness = readiness::assess(&checked, &soa);
                let plan = analysis::treatment_plan(&checked, None);
                let report = export::combined_report(
                    export::soa_report(&soa),
                    export::plan_report(&document.organisation.name, &checked.method.id, &plan),
                    export::readiness_report(&readiness),
                );
                black_box(export::write(&report, Format::Xlsx, None).unwrap().len())
            })
        },
    );
    group.bench_function("export op, all reports as XLSX, from JSON text", |b| {
        b.iter(|| black_box(call_json("export", black_box(&workbook)).unwrap().len()))
    });
    group.finish();
}

criterion_group!(benches, register, reports);
criterion_main!(benches);
