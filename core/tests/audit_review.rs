//! The internal audit checklist and the management review pack of the example ISMS: the
//! checklist covers every clause requirement and every applicable control, and the findings on
//! the audit programme and on indicators follow from the document.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "test"
)]

use isms_core::api::call_json;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn example() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/example-saas.isms.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn call(op: &str, request: &Value) -> Value {
    serde_json::from_str(&call_json(op, &request.to_string()).unwrap()).unwrap()
}

fn codes(findings: &Value, code: &str) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_checklist_covers_every_clause_requirement_and_applicable_control() {
    let doc = example();
    let request = json!({"document": doc, "as_of": "2026-11-01"});
    let checklist = call("audit_checklist", &request);
    let items = checklist["items"].as_array().unwrap();
    let listed: BTreeSet<&str> = items
        .iter()
        .map(|i| i["reference"].as_str().unwrap())
        .collect();

    let clauses = call("clauses", &json!({}));
    let requirements: BTreeSet<&str> = clauses
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "requirement")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let soa = call("soa", &request);
    let applicable: BTreeSet<&str> = soa["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["applicable"] == true)
        .map(|r| r["control"].as_str().unwrap())
        .collect();
    let wanted: BTreeSet<&str> = requirements.union(&applicable).copied().collect();
    assert_eq!(listed, wanted);
    assert_eq!(items.len(), wanted.len(), "each once");
    assert_eq!(checklist["summary"]["clauses"], requirements.len());
    assert_eq!(checklist["summary"]["controls"], applicable.len());
    for item in items {
        let r = &item["reference"];
        assert!(
            !item["questions"].as_array().unwrap().is_empty(),
            "{r} has questions"
        );
        assert!(
            !item["techniques"].as_array().unwrap().is_empty(),
            "{r} has techniques"
        );
        if item["kind"] == "clause" {
            assert!(
                !item["samples"].as_array().unwrap().is_empty(),
                "{r} samples records"
            );
        }
        for sample in item["samples"].as_array().unwrap() {
            assert!(sample["path"].as_str().unwrap().starts_with('/'));
            assert!(sample["records"].as_array().unwrap().len() <= 5);
        }
    }
    // The risks sampled for 6.1.2 are the highest rated of the register.
    let item = items.iter().find(|i| i["reference"] == "6.1.2").unwrap();
    assert_eq!(item["samples"][0]["population"], 47);

    let findings = &checklist["findings"];
    let lapsed = codes(findings, "not_audited_in_cycle");
    assert!(
        lapsed.iter().any(|m| m.contains("`A.5.19`")),
        "not in the 2026 sample"
    );
    assert!(
        !lapsed
            .iter()
            .any(|m| m.contains("`A.5.1`") || m.contains("`9.1`"))
    );
    assert!(codes(findings, "audit_without_results").is_empty());
    assert!(codes(findings, "auditor_not_independent").is_empty());
}

#[test]
fn findings_on_the_programme_follow_the_audits() {
    let mut doc = example();
    // The Information Security Manager audits the controls she owns, and records nothing.
    doc["audits"].as_array_mut().unwrap().push(json!({
        "id": "IA-2026-02", "title": "Policies", "auditor": "Priya Ramaswamy (ISM)",
        "status": "completed", "performed_on": "2026-10-01", "covers": ["A.5.1"]
    }));
    let findings = &call(
        "audit_checklist",
        &json!({"document": doc, "as_of": "2026-11-01"}),
    )["findings"];
    assert_eq!(codes(findings, "audit_without_results").len(), 1);
    assert_eq!(codes(findings, "auditor_not_independent").len(), 1);
    // Ten years later nothing was audited within a three-year cycle; within twenty, all covered.
    let later = call(
        "audit_checklist",
        &json!({"document": doc, "as_of": "2036-11-01"}),
    );
    let items = later["items"].as_array().unwrap().len();
    assert_eq!(
        codes(&later["findings"], "not_audited_in_cycle").len(),
        items
    );
    let long = call(
        "audit_checklist",
        &json!({"document": doc, "as_of": "2036-11-01", "cycle_years": 20}),
    );
    let covered = long["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["audited_by"].as_array().unwrap().is_empty())
        .count();
    assert!(covered >= 37 + 38, "the clauses and the 2026 sample");
    assert_eq!(long["summary"]["audited_in_cycle"], covered);
    assert_eq!(
        codes(&long["findings"], "not_audited_in_cycle").len(),
        items - covered
    );
}

#[test]
fn the_review_pack_evaluates_indicators_and_objectives() {
    let doc = example();
    let pack = call(
        "review_pack",
        &json!({"document": doc, "as_of": "2026-11-01"}),
    );
    let kpi = |id: &str| {
        pack["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(kpi("KPI-01")["on_target"], true, "4.6 % at most 5 %");
    assert_eq!(kpi("KPI-01")["trend"], "improving");
    assert_eq!(
        kpi("KPI-02")["on_target"],
        false,
        "91 % where at least 95 %"
    );
    assert_eq!(kpi("KPI-02")["trend"], "worsening");
    let inputs: Vec<&str> = pack["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(pack["last_review"], "MR-2026-01");
    assert!(!codes(&pack["findings"], "kpi_off_target").is_empty());
    // A year on, an objective due at the end of 2026 and not met is overdue.
    let mut later = doc.clone();
    later["objectives"][0]["measurements"]
        .as_array_mut()
        .unwrap()
        .push(json!({"date": "2027-01-31", "value": 7.5}));
    let pack = call(
        "review_pack",
        &json!({"document": later, "as_of": "2027-02-01", "previous": doc}),
    );
    assert!(
        codes(&pack["findings"], "objective_overdue")
            .iter()
            .any(|m| m.contains("OBJ-01"))
    );
    assert!(
        pack["changes"].as_array().unwrap().is_empty(),
        "the context did not change"
    );
}

#[test]
fn the_audit_pack_holds_every_document_the_workbook_and_oscal() {
    use base64::Engine as _;
    use std::io::Read;
    let doc = example();
    let request =
        json!({"document": doc, "report": "audit_pack", "format": "zip", "as_of": "2026-11-01"});
    let out = call("export", &request);
    assert_eq!(out["filename"], "larkspur-metrics-ltd-audit-pack.zip");
    assert_eq!(out["media_type"], "application/zip");
    assert_eq!(out["encoding"], "base64");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(out["content"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        call("export", &request)["content"],
        out["content"],
        "the same bytes"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    for kind in [
        "scope",
        "policy",
        "methodology",
        "risk-assessment",
        "treatment-plan",
        "soa",
        "objectives",
        "assets",
        "competence",
        "audit-programme",
        "audit-report",
        "management-review",
        "nonconformities",
        "incidents",
        "readiness",
        "audit-checklist",
    ] {
        for ext in ["md", "html"] {
            let name = format!("documents/larkspur-metrics-ltd-{kind}.{ext}");
            assert!(names.contains(&name), "{name} in {names:?}");
        }
    }
    for model in ["catalog", "profile", "ssp", "poam"] {
        assert!(names.contains(&format!("oscal/larkspur-metrics-ltd-oscal-{model}.json")));
    }
    assert!(names.contains(&"larkspur-metrics-ltd-soa.xlsx".to_owned()));
    assert_eq!(names.len(), 16 * 2 + 4 + 1);
    // Each file is what the export of that document writes.
    let mut policy = String::new();
    archive
        .by_name("documents/larkspur-metrics-ltd-policy.md")
        .unwrap()
        .read_to_string(&mut policy)
        .unwrap();
    let alone = call(
        "export",
        &json!({"document": example(), "report": "policy", "format": "md", "as_of": "2026-11-01"}),
    );
    assert_eq!(alone["content"], policy);
}
