//! Properties that must hold for every input, checked on generated inputs:
//!
//! - under every shipped method, the score never decreases when likelihood or impact rises, and
//!   neither does the band;
//! - no operation panics, whatever JSON it is given (random values, and valid documents with
//!   one node replaced by a random value);
//! - a document written out and read back is the same document, unknown fields included.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "test"
)]

use isms_core::analysis;
use isms_core::api::{self, OPS};
use isms_core::model::{Assessment, Document, RiskStatus};
use isms_core::risk::{self, ImpactRating};
use proptest::prelude::*;
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("../../tests/fixtures/example-saas.isms.json");

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        (0u32..12).prop_map(Value::from),
        "[a-zA-Z0-9 ./_-]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "isms/2",
            "isms/1",
            "A.5.1",
            "A.12.3.1",
            "5.1",
            "2026-02-29",
            "2026-01-31",
            "modify",
            "implemented",
            "software",
            "R1",
            "a",
            "low",
            "iso27005-3x3",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "schema",
                        "id",
                        "risks",
                        "assets",
                        "controls",
                        "inherent",
                        "residual",
                        "likelihood",
                        "impact",
                        "depends_on",
                        "valuation",
                        "control",
                        "title",
                        "name",
                        "type",
                        "treatment",
                        "plan",
                        "option",
                        "method",
                        "owner",
                        "x",
                    ]),
                    inner
                ),
                0..6
            )
            .prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

/// Every JSON pointer of a value, for picking a node to replace.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn score_and_band_are_monotone(
        preset in 0..risk::PRESET_IDS.len(),
        l in 1u32..=5, i in 1u32..=5, dl in 0u32..=4, di in 0u32..=4,
    ) {
        let method = risk::preset(risk::PRESET_IDS[preset], "").unwrap();
        let (nl, ni) = (method.likelihood.levels.len() as u32, method.impact.levels.len() as u32);
        let (l1, i1) = (l.min(nl), i.min(ni));
        let (l2, i2) = ((l1 + dl).min(nl), (i1 + di).min(ni));
        let a = method.rate(l1, &ImpactRating::Level(i1), "").unwrap();
        let b = method.rate(l2, &ImpactRating::Level(i2), "").unwrap();
        prop_assert!(a.score <= b.score, "{} ({l1},{i1}) = {} > ({l2},{i2}) = {}", method.id, a.score, b.score);
        let band = |id: &str| method.bands.iter().position(|x| *x.id == *id).unwrap();
        prop_assert!(band(&a.band) <= band(&b.band));
    }

    #[test]
    fn the_top_risks_are_the_head_of_the_full_ranking(
        ratings in prop::collection::vec((1u32..=3, 1u32..=3, any::<bool>()), 0..40),
        top in 0usize..12,
    ) {
        let mut document: Document = serde_json::from_value(fixture()).unwrap();
        let template = document.risks[0].clone();
        let generated: Vec<_> = ratings
            .iter()
            .enumerate()
            .map(|(k, (l, i, closed))| {
                let mut risk = template.clone();
                risk.id = format!("RX-{k}");
                risk.inherent = Some(Assessment { likelihood: *l, impact: Some(ImpactRating::Level(*i)) });
                risk.residual = None;
                if *closed {
                    risk.status = RiskStatus::Closed;
                }
                risk
            })
            .collect();
        document.risks.extend(generated);
        let checked = isms_core::checks::check(&document, None).unwrap();
        let scored = isms_core::checks::score(&document).unwrap();
        prop_assert!(scored.findings.is_empty());
        prop_assert_eq!(format!("{:?}", scored.risks), format!("{:?}", checked.risks));
        let all = analysis::analyse(&checked, usize::MAX, None, false);
        let head = analysis::analyse(&scored, top, None, false);
        let ids = |rows: &[analysis::RegisterRow<'_>]| rows.iter().map(|r| r.id.to_owned()).collect::<Vec<_>>();
        let expected: Vec<String> = ids(&all.top).into_iter().take(top).collect();
        prop_assert_eq!(ids(&head.top), expected);
        prop_assert_eq!(head.totals, all.totals);
    }

    #[test]
    fn no_op_panics_on_random_json(value in json_value(), op in 0..OPS.len()) {
        let _ = api::call_json(OPS[op].name, &value.to_string());
        let _ = api::call_json(OPS[op].name, &json!({ "document": value, "method": "iso27005-3x3" }).to_string());
    }

    #[test]
    fn no_document_op_panics_on_a_damaged_document(pick in any::<prop::sample::Index>(), value in json_value()) {
        let mut doc = fixture();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let target = pick.get(&all).clone();
        *doc.pointer_mut(&target).unwrap() = value;
        for op in ["validate", "analyse", "rerate", "migrate", "soa", "readiness", "export", "oscal", "diff"] {
            let request = match op {
                "rerate" => json!({ "document": doc, "method": "iso27005-4x4" }),
                "export" => json!({ "document": doc, "report": "all", "format": "xlsx" }),
                "oscal" => json!({ "document": doc, "model": "poam" }),
                "diff" => json!({ "old": fixture(), "new": doc }),
                _ => json!({ "document": doc }),
            }
            .to_string();
            let _ = api::call_json(op, &request);
        }
    }

    #[test]
    fn a_document_survives_a_round_trip(extra in json_value(), key in "x_[a-z]{1,8}", pick in any::<prop::sample::Index>()) {
        // Unknown fields planted anywhere in the example must come back where they were.
        let mut doc = fixture();
        let mut objects = Vec::new();
        pointers(&doc, String::new(), &mut objects);
        objects.retain(|p| doc.pointer(p).is_some_and(Value::is_object));
        objects.push(String::new());
        let target = pick.get(&objects).clone();
        let object = doc.pointer_mut(&target).unwrap().as_object_mut().unwrap();
        // Only objects that keep unknown fields take the plant (ratings and valuations refuse them).
        let planted = !target.ends_with("/inherent")
            && !target.ends_with("/residual")
            && !target.ends_with("/valuation")
            && !target.ends_with("/impact")
            && !target.contains("/method")
            // Distributions and control uplifts have no room for unknown fields; the quantitative
            // parameters and their secondary loss do.
            && (!target.contains("/quant/") || target.ends_with("/secondary"));
        if planted {
            object.insert(key.clone(), extra.clone());
        }
        let parsed: Document = serde_json::from_value(doc.clone()).unwrap();
        let written = serde_json::to_value(&parsed).unwrap();
        let again: Document = serde_json::from_value(written.clone()).unwrap();
        prop_assert_eq!(&parsed, &again);
        prop_assert_eq!(&written, &serde_json::to_value(&again).unwrap());
        if planted {
            let at = format!("{target}/{key}");
            prop_assert_eq!(written.pointer(&at), Some(&extra));
        }
    }
}

#[test]
fn the_example_document_round_trips_exactly() {
    let original = fixture();
    let parsed: Document = serde_json::from_value(original.clone()).unwrap();
    let written = serde_json::to_value(&parsed).unwrap();
    assert_eq!(
        written, original,
        "the fixture is written in the engine's canonical form"
    );
}
