//! The Annex A catalogue of ISO/IEC 27001:2022: 93 controls with their ISO/IEC 27002:2022
//! attributes, and the 114 controls of the 2013 edition with the 2022 controls that replace them.
//!
//! The tables are generated at build time from `core/data/*.json` (see `build.rs`), so they are
//! plain statics: no parsing at run time, nothing that can fail.

mod id;
mod vocabulary;

pub use id::ControlId;
pub use vocabulary::{
    ControlType, CybersecurityConcept, OperationalCapability, SecurityDomain, SecurityProperty,
    Theme,
};

use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

/// The ISO/IEC 27002:2022 attributes of a control, one list per dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attributes {
    /// Preventive, detective, corrective.
    pub control_type: &'static [ControlType],
    /// Confidentiality, integrity, availability.
    pub security_properties: &'static [SecurityProperty],
    /// Identify, protect, detect, respond, recover.
    pub cybersecurity_concepts: &'static [CybersecurityConcept],
    /// The practitioners' operational capabilities.
    pub operational_capabilities: &'static [OperationalCapability],
    /// Governance and ecosystem, protection, defence, resilience.
    pub security_domains: &'static [SecurityDomain],
}

/// One control of ISO/IEC 27001:2022 Annex A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Control {
    /// `A.5.1` … `A.8.34`.
    pub id: &'static str,
    /// The control's title in the standard.
    pub title: &'static str,
    /// Organizational, people, physical or technological.
    pub theme: Theme,
    /// The ISO/IEC 27002:2022 attributes.
    pub attributes: Attributes,
    /// The 2013 controls this control replaces (empty for a control new in 2022).
    pub predecessors_2013: &'static [&'static str],
    /// True when no 2013 control corresponds to this one.
    pub new_in_2022: bool,
    /// What an auditor looks for, in this project's own words.
    pub guidance: &'static str,
}

/// One control of ISO/IEC 27001:2013 Annex A, kept only for the crosswalk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Control2013 {
    /// `A.5.1.1` … `A.18.2.3`.
    pub id: &'static str,
    /// The control's title in the 2013 standard.
    pub title: &'static str,
    /// The 2022 controls that carry this control forward.
    pub successors: &'static [&'static str],
}

mod data {
    //! The generated tables.
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/catalogue_data.rs"));
}

/// All 93 controls of 2022, in standard order.
pub fn controls() -> &'static [Control] {
    &data::CONTROLS
}

/// All 114 controls of 2013, in standard order.
pub fn controls_2013() -> &'static [Control2013] {
    &data::CONTROLS_2013
}

/// The 2022 control with this canonical id (`A.5.1`), if any.
pub fn find(id: &str) -> Option<&'static Control> {
    data::CONTROLS.iter().find(|c| c.id == id)
}

/// The 2013 control with this canonical id (`A.5.1.1`), if any.
pub fn find_2013(id: &str) -> Option<&'static Control2013> {
    data::CONTROLS_2013.iter().find(|c| c.id == id)
}

/// Resolves a user-written 2022 control id (`A.5.1`, `5.1`, `a. 5.1`) to its control.
///
/// `path` is the JSON pointer reported in errors. A 2013 id is a `superseded_control` error whose
/// details name the 2022 successors; anything else unknown is `unknown_control`.
pub fn resolve(input: &str, path: &str) -> Result<&'static Control> {
    match ControlId::parse(input) {
        Some(ControlId::Y2022(canonical)) => find(&canonical).ok_or_else(|| unknown(input, path)),
        Some(ControlId::Y2013(canonical)) => match find_2013(&canonical) {
            Some(old) => Err(Error::new(
                ErrorCode::SupersededControl,
                path,
                format!(
                    "`{input}` is an ISO/IEC 27001:2013 control; in 2022 it is {}",
                    old.successors.join(", ")
                ),
            )
            .with_details(serde_json::json!({ "successors": old.successors }))),
            None => Err(unknown(input, path)),
        },
        None => Err(unknown(input, path)),
    }
}

/// Resolves a user-written 2013 control id (`A.9.4.2`, `9.4.2`) to its 2013 control.
pub fn resolve_2013(input: &str, path: &str) -> Result<&'static Control2013> {
    match ControlId::parse(input) {
        Some(ControlId::Y2013(canonical)) => {
            find_2013(&canonical).ok_or_else(|| unknown(input, path))
        }
        Some(ControlId::Y2022(_)) => Err(Error::new(
            ErrorCode::EditionMismatch,
            path,
            format!("`{input}` is an ISO/IEC 27001:2022 control id where a 2013 id is expected"),
        )),
        None => Err(unknown(input, path)),
    }
}

fn unknown(input: &str, path: &str) -> Error {
    Error::new(
        ErrorCode::UnknownControl,
        path,
        format!("`{input}` is not a control of ISO/IEC 27001 Annex A"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn ninety_three_controls_by_theme() {
        let mut by_theme = BTreeMap::new();
        for c in controls() {
            *by_theme.entry(c.theme).or_insert(0) += 1;
        }
        assert_eq!(controls().len(), 93);
        assert_eq!(by_theme[&Theme::Organizational], 37);
        assert_eq!(by_theme[&Theme::People], 8);
        assert_eq!(by_theme[&Theme::Physical], 14);
        assert_eq!(by_theme[&Theme::Technological], 34);
    }

    #[test]
    fn exactly_eleven_new_controls() {
        let new: Vec<&str> = controls()
            .iter()
            .filter(|c| c.new_in_2022)
            .map(|c| c.id)
            .collect();
        assert_eq!(
            new,
            [
                "A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12",
                "A.8.16", "A.8.23", "A.8.28"
            ]
        );
    }

    #[test]
    fn crosswalk_covers_all_2013_controls_both_ways() {
        assert_eq!(controls_2013().len(), 114);
        for old in controls_2013() {
            assert!(!old.successors.is_empty(), "{}", old.id);
            for s in old.successors {
                let new = find(s);
                assert!(
                    new.is_some_and(|n| n.predecessors_2013.contains(&old.id)),
                    "{s}"
                );
            }
        }
        for new in controls() {
            for p in new.predecessors_2013 {
                assert!(find_2013(p).is_some_and(|o| o.successors.contains(&new.id)));
            }
        }
    }

    #[test]
    fn resolve_accepts_loose_spellings() {
        for spelling in ["A.5.1", "5.1", "a.5.1", " A 5.1 ", "A. 5 .1", "a5.1"] {
            assert_eq!(
                resolve(spelling, "/id").map(|c| c.id),
                Ok("A.5.1"),
                "{spelling}"
            );
        }
    }

    #[test]
    fn resolve_names_successors_of_2013_ids() {
        let err = resolve("A.9.4.2", "/id").err();
        assert_eq!(
            err.as_ref().map(|e| e.code),
            Some(ErrorCode::SupersededControl)
        );
        assert_eq!(
            err.and_then(|e| e.details),
            Some(serde_json::json!({"successors": ["A.8.5"]}))
        );
    }

    #[test]
    fn resolve_rejects_unknown_ids() {
        for bad in [
            "A.5.38",
            "A.9.1",
            "4.1",
            "",
            "A.",
            "A.5.1.9",
            "x",
            "A.5.1.2.3",
            "5..1",
        ] {
            let code = resolve(bad, "/id").err().map(|e| e.code);
            assert_eq!(code, Some(ErrorCode::UnknownControl), "{bad:?}");
        }
    }
}
