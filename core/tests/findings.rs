//! Every finding a check raises is listed by the `findings` op with the severity and reference it
//! is raised with (or, for codes that cite the control or plan concerned, with a reference of that
//! kind), on the example document and on documents that lack everything.
#![allow(clippy::unwrap_used, clippy::panic, reason = "test")]

use isms_core::checks::{self, Cites, FindingCode, Severity};
use isms_core::model::{Date, Document};
use std::collections::BTreeSet;

fn fixture() -> Document {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/example-saas.isms.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn documents() -> Vec<Document> {
    let bare: Document = serde_json::from_str(r#"{"schema": "isms/2"}"#).unwrap();
    let mut hollow = fixture();
    // Every record stripped of what the findings look for.
    for risk in &mut hollow.risks {
        risk.owner.clear();
        risk.acceptance = None;
        risk.treatment = None;
    }
    for record in &mut hollow.controls {
        record.justification.clear();
        record.evidence.clear();
        record.reasons.clear();
    }
    vec![bare, fixture(), hollow]
}

#[test]
fn raised_findings_agree_with_their_listing() {
    let as_of: Date = serde_json::from_str(r#""2031-01-01""#).unwrap();
    let mut raised = BTreeSet::new();
    for document in documents() {
        let checked = checks::check(&document, Some(&as_of)).unwrap();
        for finding in &checked.findings {
            let code = finding.code;
            raised.insert(code);
            match code.cites() {
                Cites::Reference => assert_eq!(finding.reference, code.reference(), "{code}"),
                Cites::Control => assert!(
                    finding.reference.starts_with("A.") || finding.reference == code.reference(),
                    "{code}: {}",
                    finding.reference
                ),
                Cites::ActionPlan => assert!(
                    ["6.1.3.e", "9.3.3", "10.2.c"].contains(&finding.reference),
                    "{code}: {}",
                    finding.reference
                ),
            }
            let minor = code == FindingCode::FindingWithoutNonconformity
                && finding.severity == Severity::Medium;
            assert!(
                finding.severity == code.severity() || minor,
                "{code}: {:?}",
                finding.severity
            );
        }
    }
    // The documents above raise a good share of the codes, so the check means something.
    assert!(raised.len() >= 25, "only {} codes raised", raised.len());
}
