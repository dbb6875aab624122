//! Reads, scores and analyses a risk register file the way the Python binding does, and prints
//! the median time of each step: `cargo run --profile profiling --example register_csv --
//! <register.csv> [method] [runs]` (for `perf record`; the Python extension uses mimalloc, this
//! example the system allocator).

use isms_core::import::{self, ImportRequest};
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let method = args.next().unwrap_or_else(|| "iso27005-5x5".to_owned());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(15);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read `{path}`: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let request = serde_json::json!({ "kind": "risks", "method": method }).to_string();
    let mut times: Vec<[f64; 3]> = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let register = isms_core::api::parse::<ImportRequest>(&request)
            .and_then(|request| import::read_register(request, Some(&bytes)));
        let t1 = Instant::now();
        let analysis = register
            .as_ref()
            .map(|r| r.analysis(10, false, |summary| isms_core::api::respond(summary)));
        let t2 = Instant::now();
        match analysis {
            Ok(Ok(Some(Ok(json)))) => {
                std::hint::black_box(json);
            }
            _ => {
                eprintln!("the register could not be read or analysed");
                return std::process::ExitCode::FAILURE;
            }
        }
        drop(register);
        let t3 = Instant::now();
        let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
        times.push([ms(t0, t1), ms(t1, t2), ms(t2, t3)]);
    }
    for (k, name) in ["read", "analyse", "drop"].iter().enumerate() {
        let mut v: Vec<f64> = times.iter().filter_map(|t| t.get(k).copied()).collect();
        v.sort_by(f64::total_cmp);
        let median = v.get(v.len() / 2).copied().unwrap_or_default();
        println!("{name:>8} {median:7.2} ms");
    }
    std::process::ExitCode::SUCCESS
}
