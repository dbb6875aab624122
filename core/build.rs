//! Turns the catalogue data under `data/` into static Rust tables (`$OUT_DIR/catalogue_data.rs` for the
//! Annex A catalogue and the crosswalk, `$OUT_DIR/clauses_data.rs` for the clause register), and
//! writes the shipped JSON Schemas compactly for the `schema` op to embed.
//!
//! The data files are checked here, so a catalogue that breaks an invariant (a missing control, a
//! crosswalk entry naming a control that does not exist, an attribute outside the standard's
//! vocabulary) fails the build instead of reaching a user. Attribute values become enum variants:
//! a misspelt tag is a compile error in the generated file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    reason = "a build script reports bad embedded data by failing the build"
)]

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnexFile {
    #[allow(dead_code, reason = "kept in the file for readers")]
    title: String,
    sources: Vec<String>,
    #[allow(dead_code, reason = "kept in the file for readers")]
    notes: String,
    controls: Vec<ControlIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlIn {
    id: String,
    title: String,
    theme: String,
    attributes: AttributesIn,
    guidance: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributesIn {
    control_type: Vec<String>,
    security_properties: Vec<String>,
    cybersecurity_concepts: Vec<String>,
    operational_capabilities: Vec<String>,
    security_domains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrosswalkFile {
    #[allow(dead_code, reason = "kept in the file for readers")]
    title: String,
    sources: Vec<String>,
    #[allow(dead_code, reason = "kept in the file for readers")]
    notes: String,
    controls_2013: Vec<Control2013In>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Control2013In {
    id: String,
    title: String,
    successors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseFile {
    #[allow(dead_code, reason = "kept in the file for readers")]
    title: String,
    sources: Vec<String>,
    #[allow(dead_code, reason = "kept in the file for readers")]
    notes: String,
    clauses: Vec<ClauseIn>,
    requirements: Vec<RequirementIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseIn {
    number: String,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementIn {
    id: String,
    section: String,
    parent: Option<String>,
    kind: String,
    source: String,
    title: String,
    documented_information: Vec<DocInfoIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocInfoIn {
    kind: String,
    name: String,
}

fn read<T: for<'de> Deserialize<'de>>(name: &str) -> T {
    let path = format!("data/{name}");
    println!("cargo::rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// `Asset_management` → `AssetManagement`: the enum variant for a 27002 attribute tag.
fn variant(tag: &str) -> String {
    tag.split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn variants(enum_name: &str, tags: &[String]) -> String {
    let mut seen = BTreeSet::new();
    let items: Vec<String> = tags
        .iter()
        .map(|t| {
            assert!(seen.insert(t), "duplicate attribute value {t}");
            format!("{enum_name}::{}", variant(t))
        })
        .collect();
    assert!(!items.is_empty(), "an attribute list is empty");
    format!("&[{}]", items.join(", "))
}

fn strs(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", quoted.join(", "))
}

fn numeric_key(id: &str) -> Vec<u32> {
    id.trim_start_matches("A.")
        .split('.')
        .map(|p| p.parse().unwrap_or_else(|_| panic!("bad control id {id}")))
        .collect()
}

fn main() {
    let annex: AnnexFile = read("annex_a_2022.json");
    let crosswalk: CrosswalkFile = read("crosswalk_2013_2022.json");
    let clauses: ClauseFile = read("clauses_27001_2022.json");

    // Annex A: 93 controls in standard order, 37/8/14/34 by theme.
    let expected = [
        ("organizational", 5, 37),
        ("people", 6, 8),
        ("physical", 7, 14),
        ("technological", 8, 34),
    ];
    let mut ids_2022 = Vec::new();
    for (theme, clause, count) in expected {
        for n in 1..=count {
            ids_2022.push((format!("A.{clause}.{n}"), theme));
        }
    }
    assert_eq!(
        annex.controls.len(),
        ids_2022.len(),
        "annex_a_2022.json must hold 93 controls"
    );
    for (c, (id, theme)) in annex.controls.iter().zip(&ids_2022) {
        assert_eq!(&c.id, id, "controls out of order");
        assert_eq!(&c.theme, theme, "{id} has the wrong theme");
        assert!(
            !c.title.trim().is_empty() && !c.guidance.trim().is_empty(),
            "{id} lacks a title or guidance"
        );
    }
    let known_2022: BTreeSet<&str> = annex.controls.iter().map(|c| c.id.as_str()).collect();

    // Crosswalk: 114 controls of 2013, each with valid 2022 successors.
    assert_eq!(
        crosswalk.controls_2013.len(),
        114,
        "the 2013 edition has 114 controls"
    );
    let mut predecessors: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut previous: Option<Vec<u32>> = None;
    for c in &crosswalk.controls_2013 {
        let key = numeric_key(&c.id);
        assert_eq!(key.len(), 3, "{} is not a 2013 id", c.id);
        if let Some(prev) = &previous {
            assert!(prev < &key, "2013 controls out of order at {}", c.id);
        }
        previous = Some(key);
        assert!(!c.successors.is_empty(), "{} has no successor", c.id);
        for s in &c.successors {
            assert!(
                known_2022.contains(s.as_str()),
                "{} names unknown successor {s}",
                c.id
            );
            predecessors
                .entry(s.as_str())
                .or_default()
                .push(c.id.clone());
        }
    }

    let mut out =
        String::from("// Generated by core/build.rs from core/data/*.json. Do not edit.\n\n");
    // Every data file names at least two independent sources in its header.
    for (file, sources) in [
        ("annex_a_2022.json", &annex.sources),
        ("crosswalk_2013_2022.json", &crosswalk.sources),
        ("clauses_27001_2022.json", &clauses.sources),
    ] {
        assert!(sources.len() >= 2, "{file} must name at least two sources");
    }

    writeln!(
        out,
        "/// The 93 controls of ISO/IEC 27001:2022 Annex A, in standard order."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static CONTROLS: [Control; {}] = [",
        annex.controls.len()
    )
    .unwrap();
    for c in &annex.controls {
        let preds = predecessors.get(c.id.as_str()).cloned().unwrap_or_default();
        let a = &c.attributes;
        writeln!(
            out,
            "    Control {{ id: {:?}, title: {:?}, theme: Theme::{}, attributes: Attributes {{ control_type: {}, security_properties: {}, cybersecurity_concepts: {}, operational_capabilities: {}, security_domains: {} }}, predecessors_2013: {}, new_in_2022: {}, guidance: {:?} }},",
            c.id,
            c.title,
            variant(&c.theme),
            variants("ControlType", &a.control_type),
            variants("SecurityProperty", &a.security_properties),
            variants("CybersecurityConcept", &a.cybersecurity_concepts),
            variants("OperationalCapability", &a.operational_capabilities),
            variants("SecurityDomain", &a.security_domains),
            strs(&preds),
            preds.is_empty(),
            c.guidance,
        )
        .unwrap();
    }
    out.push_str("];\n\n");

    writeln!(
        out,
        "/// The 114 controls of ISO/IEC 27001:2013 Annex A with their 2022 successors."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static CONTROLS_2013: [Control2013; {}] = [",
        crosswalk.controls_2013.len()
    )
    .unwrap();
    for c in &crosswalk.controls_2013 {
        writeln!(
            out,
            "    Control2013 {{ id: {:?}, title: {:?}, successors: {} }},",
            c.id,
            c.title,
            strs(&c.successors)
        )
        .unwrap();
    }
    out.push_str("];\n\n");

    let dest = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(dest.join("catalogue_data.rs"), out).unwrap();

    // Clause register: ids unique, parents known, clause numbers known.
    let mut out = String::from(
        "// Generated by core/build.rs from core/data/clauses_27001_2022.json. Do not edit.\n\n",
    );
    let clause_titles: BTreeMap<&str, &str> = clauses
        .clauses
        .iter()
        .map(|c| (c.number.as_str(), c.title.as_str()))
        .collect();
    let mut seen = BTreeSet::new();
    writeln!(out, "/// The clauses 4 to 10 of ISO/IEC 27001:2022.").unwrap();
    writeln!(
        out,
        "pub(crate) static CLAUSES: [Clause; {}] = [",
        clauses.clauses.len()
    )
    .unwrap();
    for c in &clauses.clauses {
        writeln!(
            out,
            "    Clause {{ number: {:?}, title: {:?} }},",
            c.number, c.title
        )
        .unwrap();
    }
    out.push_str("];\n\n");
    writeln!(
        out,
        "/// Every requirement of clauses 4.1 to 10.2, in standard order."
    )
    .unwrap();
    writeln!(
        out,
        "pub(crate) static REQUIREMENTS: [Requirement; {}] = [",
        clauses.requirements.len()
    )
    .unwrap();
    for r in &clauses.requirements {
        assert!(seen.insert(r.id.clone()), "duplicate requirement {}", r.id);
        let clause = r.section.split('.').next().unwrap_or_default();
        let clause_title = clause_titles
            .get(clause)
            .unwrap_or_else(|| panic!("{} is in no known clause", r.id));
        if let Some(p) = &r.parent {
            assert!(
                seen.contains(p),
                "{} names parent {p} that does not precede it",
                r.id
            );
        }
        let docs: Vec<String> = r
            .documented_information
            .iter()
            .map(|d| {
                format!(
                    "DocumentedInformation {{ kind: DocumentKind::{}, name: {:?} }}",
                    variant(&d.kind),
                    d.name
                )
            })
            .collect();
        writeln!(
            out,
            "    Requirement {{ id: {:?}, clause: {:?}, clause_title: {:?}, section: {:?}, parent: {:?}, kind: RequirementKind::{}, source: {:?}, title: {:?}, documented_information: &[{}] }},",
            r.id,
            clause,
            clause_title,
            r.section,
            r.parent,
            variant(&r.kind),
            r.source,
            r.title,
            docs.join(", "),
        )
        .unwrap();
    }
    out.push_str("];\n");
    std::fs::write(dest.join("clauses_data.rs"), out).unwrap();

    // The JSON Schemas the `schema` op serves, and that of the api (for the bindings), without
    // the indentation of the shipped files.
    for name in ["document", "method", "api"] {
        let schema: serde_json::Value = read(&format!("schema/{name}.schema.json"));
        let compact = serde_json::to_string(&schema).unwrap();
        std::fs::write(dest.join(format!("{name}.schema.json")), compact).unwrap();
    }
}
