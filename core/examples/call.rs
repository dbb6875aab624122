//! Runs one engine operation from the command line: `cargo run --example call -- <op> < request.json`.

use std::io::Read;

fn main() -> std::process::ExitCode {
    let op = std::env::args().nth(1).unwrap_or_default();
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read the request: {e}");
        return std::process::ExitCode::FAILURE;
    }
    match isms_core::api::call_json(&op, &input) {
        Ok(out) => {
            println!("{out}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", e.to_json());
            std::process::ExitCode::from(2)
        }
    }
}
