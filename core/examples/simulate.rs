//! Times the `simulate` op natively: `cargo run --release --example simulate -- <request.json>
//! [runs]` runs it once untimed, then `runs` times, and prints `{"median_ms": …, "runs": […],
//! "ale": …}` (the portfolio's residual ALE, to compare with other runs of the same request).
//! Used by `tests/bench/quant`.

use std::time::Instant;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: simulate <request.json> [runs]");
        return std::process::ExitCode::from(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let request = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // One untimed run, as the Python and Node runners do: allocations and caches warm up once.
    let mut last = match isms_core::api::call_json("simulate", &request) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("{}", e.to_json());
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        match isms_core::api::call_json("simulate", &request) {
            Ok(out) => last = out,
            Err(e) => {
                eprintln!("{}", e.to_json());
                return std::process::ExitCode::FAILURE;
            }
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let ale = serde_json::from_str::<serde_json::Value>(&last)
        .ok()
        .and_then(|v| {
            v.pointer("/portfolio/residual/ale")
                .and_then(|a| a.as_f64())
        })
        .unwrap_or(f64::NAN);
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
    println!(
        "{}",
        serde_json::json!({ "median_ms": median, "runs": times, "ale": ale })
    );
    std::process::ExitCode::SUCCESS
}
