//! Clause 10, improvement: nonconformities with their correction, root cause, corrective actions
//! and the verification of their effectiveness (10.2).

use super::{Action, Date};
use super::{Extra, is_default};
use serde::{Deserialize, Serialize};

/// Verification that corrective actions worked (10.2 d).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verification {
    /// Who verified.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    /// Whether the actions were effective.
    pub effective: bool,
    /// How it was verified.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Where a nonconformity is in its handling.
    #[derive(Default)]
    NonconformityStatus {
        /// Raised.
        #[default]
        Open => "open",
        /// Corrective actions under way.
        InProgress => "in_progress",
        /// Actions done; effectiveness being verified.
        Verifying => "verifying",
        /// Verified effective and closed.
        Closed => "closed",
    }
}

/// 10.2: a nonconformity with its correction, cause and corrective actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Nonconformity {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// What is not as required.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The clause requirement or control it concerns.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    /// When it was raised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_on: Option<Date>,
    /// The audit finding it comes from, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// The incident it comes from, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// Immediate correction (10.2 a).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub correction: String,
    /// Root cause (10.2 b).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
    /// Corrective actions (10.2 c).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrective_actions: Vec<Action>,
    /// Review of their effectiveness (10.2 d).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Where it is in its handling.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: NonconformityStatus,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
