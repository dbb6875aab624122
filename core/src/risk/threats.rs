//! The starter catalogue of threats and vulnerabilities, in the spirit of ISO/IEC 27005: each
//! entry says which asset types it concerns and which Annex A controls address it, so a register
//! can be built from suggestions. The entries are this project's own words; the file
//! (`core/data/threats.json`) names the public sources of its categories.

use crate::catalogue::SecurityProperty;
use crate::error::{Error, ErrorCode, Result};
use crate::model::AssetType;
use serde::{Deserialize, Serialize};

/// Where a threat comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ThreatCategory {
    /// Someone means harm (or knowingly breaks a rule).
    Deliberate,
    /// A mistake or mishap.
    Accidental,
    /// Nature, weather, climate.
    Environmental,
    /// Equipment or software failing without anyone's intent.
    TechnicalFailure,
}

/// A threat of the starter catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// `TH-01` …
    pub id: String,
    /// Name.
    pub name: String,
    /// Where it comes from.
    pub category: ThreatCategory,
    /// What it is, in a sentence or two.
    pub description: String,
    /// The asset types it concerns.
    pub asset_types: Vec<AssetType>,
    /// The security properties it harms.
    pub properties: Vec<SecurityProperty>,
    /// Annex A controls that address it, most relevant first.
    pub controls: Vec<String>,
}

/// A vulnerability of the starter catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Vulnerability {
    /// `VU-01` …
    pub id: String,
    /// Name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The asset types it concerns.
    pub asset_types: Vec<AssetType>,
    /// Threats that exploit it.
    pub threats: Vec<String>,
    /// Annex A controls that remove or reduce it, most relevant first.
    pub controls: Vec<String>,
}

/// The starter catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreatCatalogue {
    /// Threats.
    pub threats: Vec<Threat>,
    /// Vulnerabilities.
    pub vulnerabilities: Vec<Vulnerability>,
}

/// The whole starter catalogue.
pub fn catalogue() -> Result<ThreatCatalogue> {
    serde_json::from_str(include_str!("../../data/threats.json")).map_err(|e| {
        Error::new(
            ErrorCode::SchemaViolation,
            "",
            format!("the shipped threat catalogue is unreadable: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::catalogue;
    use std::collections::HashSet;

    #[test]
    fn entries_are_consistent() {
        let c = super::catalogue().unwrap();
        assert!(c.threats.len() >= 30 && c.vulnerabilities.len() >= 30);
        let threat_ids: HashSet<&str> = c.threats.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(threat_ids.len(), c.threats.len(), "threat ids are unique");
        let vuln_ids: HashSet<&str> = c.vulnerabilities.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(
            vuln_ids.len(),
            c.vulnerabilities.len(),
            "vulnerability ids are unique"
        );
        for t in &c.threats {
            assert!(
                !t.asset_types.is_empty() && !t.properties.is_empty(),
                "{}",
                t.id
            );
            assert!(!t.controls.is_empty(), "{}", t.id);
            for control in &t.controls {
                assert!(catalogue::find(control).is_some(), "{}: {control}", t.id);
            }
        }
        for v in &c.vulnerabilities {
            assert!(
                !v.asset_types.is_empty() && !v.controls.is_empty(),
                "{}",
                v.id
            );
            for control in &v.controls {
                assert!(catalogue::find(control).is_some(), "{}: {control}", v.id);
            }
            for threat in &v.threats {
                assert!(threat_ids.contains(threat.as_str()), "{}: {threat}", v.id);
            }
        }
    }
}
