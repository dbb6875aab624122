//! Information security incidents (A.5.24 to A.5.28): what happened, to which assets and risks,
//! how it was handled, and the lessons learned.

use super::Date;
use super::{Extra, is_default};
use serde::{Deserialize, Serialize};

string_enum! {
    /// How bad an incident was.
    IncidentSeverity {
        /// Little or no effect.
        Low => "low",
        /// Contained effect.
        Medium => "medium",
        /// Serious effect on customers or operations.
        High => "high",
        /// Crisis.
        Critical => "critical",
    }
}

string_enum! {
    /// Where an incident is in its handling.
    #[derive(Default)]
    IncidentStatus {
        /// Reported, being handled.
        #[default]
        Open => "open",
        /// Contained, recovery under way.
        Contained => "contained",
        /// Recovered; review pending.
        Resolved => "resolved",
        /// Reviewed and closed.
        Closed => "closed",
    }
}

/// An information security incident (A.5.24–A.5.28).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Incident {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// What happened.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_on: Option<Date>,
    /// When it was reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<Date>,
    /// How bad it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<IncidentSeverity>,
    /// Its effect, in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    /// Affected assets, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    /// Risks it realised or revealed, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<String>,
    /// Controls involved (failed, or that detected it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Where it is in its handling.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: IncidentStatus,
    /// What was learnt (A.5.27), feeding improvement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lessons_learned: String,
    /// The nonconformity raised from it, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonconformity: Option<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
