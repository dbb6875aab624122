//! Clause 5, leadership: the information security policy (5.2) and the roles with their
//! responsibilities (5.3).

use super::Date;
use super::Extra;
use serde::{Deserialize, Serialize};

/// Clause 5: leadership.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Leadership {
    /// 5.2: the information security policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    /// 5.3: roles, responsibilities and authorities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 5.2: the information security policy, as approved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Policy {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Version label (`2.1`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Who approved it (top management).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub approved_by: String,
    /// When it was approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<Date>,
    /// When it is due for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// The entry of the documented-information register holding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 5.3: a role with its responsibilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Role {
    /// Stable id.
    pub id: String,
    /// Title (`Information Security Manager`).
    pub title: String,
    /// Who holds it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub holder: String,
    /// What it is responsible and accountable for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
