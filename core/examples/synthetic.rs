//! Prints the synthetic benchmark document: `cargo run --example synthetic -- 10000 2000`.

#[path = "../benches/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap_or(0));
    let risks = args.next().unwrap_or(10_000);
    let assets = args.next().unwrap_or(2_000).max(1);
    println!("{}", synthetic::document(risks, assets));
}
