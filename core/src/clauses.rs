//! The clause register: every requirement of clauses 4.1 to 10.2 of ISO/IEC 27001:2022 (with the
//! climate-change additions of Amd 1:2024) and the documented information each one requires, from
//! which the list of mandatory documents and records follows.

use serde::{Deserialize, Serialize};

/// One of the clauses 4 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Clause {
    /// `"4"` … `"10"`.
    pub number: &'static str,
    /// The clause heading.
    pub title: &'static str,
}

/// Whether a register entry is a normative requirement or an informative note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequirementKind {
    /// A "shall" of the standard: audited.
    Requirement,
    /// Informative text that auditors read with the requirement (such as the climate note of 4.2).
    Note,
}

/// Whether documented information is a document (kept up to date) or a record (evidence kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Documented information that must be available and maintained: a policy, process or plan.
    Document,
    /// Documented information retained as evidence that something was done.
    Record,
}

impl DocumentKind {
    /// The kind as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Document => "document",
            DocumentKind::Record => "record",
        }
    }
}

/// One piece of documented information a requirement asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentedInformation {
    /// Document or record.
    pub kind: DocumentKind,
    /// What it is, in this project's words.
    pub name: &'static str,
}

/// One requirement of clauses 4.1 to 10.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Requirement {
    /// `4.1`, `4.1-climate`, `6.1.3.d`, `9.3.2`, …
    pub id: &'static str,
    /// The top-level clause, `"4"` … `"10"`.
    pub clause: &'static str,
    /// The heading of that clause (`Planning`).
    pub clause_title: &'static str,
    /// The subclause it sits in (`6.1` for `6.1.3.d`).
    pub section: &'static str,
    /// The requirement this one details, if any (`6.1.3` for `6.1.3.d`).
    pub parent: Option<&'static str>,
    /// Requirement or note.
    pub kind: RequirementKind,
    /// `ISO/IEC 27001:2022` or `ISO/IEC 27001:2022/Amd 1:2024`.
    pub source: &'static str,
    /// A short description in this project's own words.
    pub title: &'static str,
    /// The documented information this requirement makes mandatory.
    pub documented_information: &'static [DocumentedInformation],
}

mod data {
    //! The generated tables (`core/build.rs`).
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/clauses_data.rs"));
}

/// The clauses 4 to 10.
pub fn clauses() -> &'static [Clause] {
    &data::CLAUSES
}

/// All requirements 4.1 to 10.2, in standard order.
pub fn requirements() -> &'static [Requirement] {
    &data::REQUIREMENTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_covers_the_named_subclauses() {
        let ids: Vec<&str> = requirements().iter().map(|r| r.id).collect();
        for id in [
            "4.1",
            "4.1-climate",
            "4.2",
            "4.2-climate",
            "4.3",
            "4.4",
            "5.1",
            "5.2",
            "5.3",
            "6.1.1",
            "6.1.2",
            "6.1.3",
            "6.1.3.a",
            "6.1.3.b",
            "6.1.3.c",
            "6.1.3.d",
            "6.1.3.e",
            "6.1.3.f",
            "6.2",
            "6.3",
            "7.1",
            "7.2",
            "7.3",
            "7.4",
            "7.5.1",
            "7.5.2",
            "7.5.3",
            "8.1",
            "8.2",
            "8.3",
            "9.1",
            "9.2.1",
            "9.2.2",
            "9.3.1",
            "9.3.2",
            "9.3.3",
            "10.1",
            "10.2",
        ] {
            assert!(ids.contains(&id), "{id}");
        }
        assert_eq!(ids.len(), 38);
    }

    #[test]
    fn clauses_four_to_ten() {
        let numbers: Vec<&str> = clauses().iter().map(|c| c.number).collect();
        assert_eq!(numbers, ["4", "5", "6", "7", "8", "9", "10"]);
    }

    #[test]
    fn mandatory_documents_follow_from_the_register() {
        let docs: Vec<(&str, DocumentKind)> = requirements()
            .iter()
            .flat_map(|r| r.documented_information.iter().map(move |d| (r.id, d.kind)))
            .collect();
        let documents = docs
            .iter()
            .filter(|d| d.1 == DocumentKind::Document)
            .count();
        let records = docs.iter().filter(|d| d.1 == DocumentKind::Record).count();
        assert_eq!((documents, records), (9, 9));
        for id in [
            "4.3", "5.2", "6.1.2", "6.1.3", "6.1.3.d", "6.1.3.e", "6.2", "7.2", "8.2", "8.3",
            "9.1", "9.2.2", "9.3.3", "10.2",
        ] {
            assert!(docs.iter().any(|d| d.0 == id), "{id}");
        }
    }
}
