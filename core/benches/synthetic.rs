//! A synthetic register for benchmarks: a document with `risks` risks over `assets` assets, every
//! Annex A control recorded, dependencies between assets, and a mix of stated and derived
//! residual ratings, treatment plans and acceptances. Deterministic: the same sizes give the
//! same document.
#![allow(
    clippy::indexing_slicing,
    unreachable_pub,
    reason = "benchmark input generator; indexes are taken modulo the slice length"
)]

use serde_json::{Value, json};

/// A small deterministic generator (64-bit LCG); benchmarks need repeatable inputs, not quality.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const TYPES: &[&str] = &[
    "information",
    "software",
    "hardware",
    "service",
    "network",
    "people",
    "site",
    "supplier",
];
const OWNERS: &[&str] = &[
    "CTO",
    "CISO",
    "Head of Ops",
    "Head of People",
    "CFO",
    "DPO",
    "Eng lead",
];
const STATUSES: &[&str] = &[
    "implemented",
    "implemented",
    "partially_implemented",
    "planned",
];
const OPTIONS: &[&str] = &["modify", "modify", "modify", "retain", "share", "avoid"];

/// The synthetic document as JSON.
pub fn document(risks: usize, assets: usize) -> Value {
    let mut rng = Lcg(0x5eed);
    let controls: Vec<String> = (0..93)
        .map(|i| match i {
            0..37 => format!("A.5.{}", i + 1),
            37..45 => format!("A.6.{}", i - 36),
            45..59 => format!("A.7.{}", i - 44),
            _ => format!("A.8.{}", i - 58),
        })
        .collect();
    let asset_list: Vec<Value> = (0..assets)
        .map(|a| {
            // Dependencies only point to later assets, so the graph is acyclic.
            let deps: Vec<String> = (0..rng.next(3))
                .map(|_| a + 1 + rng.next(20) as usize)
                .filter(|&d| d < assets)
                .map(|d| format!("AS-{d}"))
                .collect();
            json!({
                "id": format!("AS-{a}"),
                "name": format!("Asset {a}"),
                "type": TYPES[rng.next(TYPES.len() as u64) as usize],
                "owner": OWNERS[rng.next(OWNERS.len() as u64) as usize],
                "valuation": {
                    "confidentiality": 1 + rng.next(5),
                    "integrity": 1 + rng.next(5),
                    "availability": 1 + rng.next(5),
                },
                "depends_on": deps,
                "rto_hours": 24,
            })
        })
        .collect();
    let risk_list: Vec<Value> = (0..risks)
        .map(|r| {
            let linked: Vec<&String> = (0..1 + rng.next(4))
                .map(|_| &controls[rng.next(93) as usize])
                .collect();
            let mut risk = json!({
                "id": format!("R-{r}"),
                "title": format!("Risk {r}"),
                "owner": OWNERS[rng.next(OWNERS.len() as u64) as usize],
                "assets": [format!("AS-{}", rng.next(assets as u64)), format!("AS-{}", rng.next(assets as u64))],
                "threat": format!("TH-{:02}", 1 + rng.next(43)),
                "inherent": {"likelihood": 1 + rng.next(5), "impact": 1 + rng.next(5)},
                "controls": linked,
                "status": "assessed",
            });
            match rng.next(4) {
                0 => risk["residual"] = json!({"likelihood": 1 + rng.next(3)}),
                1 => risk["inherent"] = json!({"likelihood": 1 + rng.next(5)}),
                _ => {}
            }
            let option = OPTIONS[rng.next(OPTIONS.len() as u64) as usize];
            risk["treatment"] = json!({
                "option": option,
                "plan": [{
                    "id": "T1",
                    "description": "Implement the linked controls",
                    "owner": OWNERS[rng.next(OWNERS.len() as u64) as usize],
                    "due": format!("2027-{:02}-{:02}", 1 + rng.next(12), 1 + rng.next(28)),
                    "controls": [&controls[rng.next(93) as usize]],
                }],
            });
            if option == "retain" {
                risk["acceptance"] = json!({"by": risk["owner"], "on": "2026-05-01", "rationale": "Within appetite after review"});
            }
            risk
        })
        .collect();
    let records: Vec<Value> = controls
        .iter()
        .map(|c| {
            json!({
                "control": c,
                "applicable": rng.next(20) != 0,
                "reasons": ["risk_treatment"],
                "justification": "Not relevant to the scope",
                "status": STATUSES[rng.next(STATUSES.len() as u64) as usize],
                "owner": OWNERS[rng.next(OWNERS.len() as u64) as usize],
                "evidence": ["ticket SEC-1"],
            })
        })
        .collect();
    json!({
        "schema": "isms/2",
        "organisation": {"name": "Synthetic Ltd"},
        "method": "iso27005-5x5",
        "assets": asset_list,
        "risks": risk_list,
        "controls": records,
    })
}
