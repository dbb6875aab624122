//! Clause 4, the context of the organisation: internal and external issues (4.1, climate change
//! included), interested parties and their requirements (4.2), and the scope with its exclusions
//! and interfaces (4.3).

use super::Extra;
use serde::{Deserialize, Serialize};

/// Clause 4: the organisation and its context.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Context {
    /// 4.1: internal and external issues, including climate change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<ContextIssue>,
    /// 4.2: interested parties and their requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interested_parties: Vec<InterestedParty>,
    /// 4.3: the scope of the ISMS.
    #[serde(default)]
    pub scope: Scope,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Whether an issue arises inside or outside the organisation.
    IssueKind {
        /// Culture, structure, capabilities, technology choices, …
        Internal => "internal",
        /// Legal, market, technological, environmental and climate conditions, …
        External => "external",
    }
}

/// 4.1: an issue relevant to the ISMS's purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContextIssue {
    /// Stable id.
    pub id: String,
    /// Internal or external.
    pub kind: IssueKind,
    /// The issue.
    pub description: String,
    /// True when the issue concerns climate change (Amd 1:2024).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub climate: bool,
    /// How it affects the ISMS's intended outcomes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effect: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 4.2: a party with an interest in the ISMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InterestedParty {
    /// Stable id.
    pub id: String,
    /// Who (`Customers`, `Data protection authority`).
    pub name: String,
    /// What they expect, in a sentence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub needs: String,
    /// Their requirements relevant to information security.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<PartyRequirement>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Where a requirement comes from.
    RequirementSource {
        /// A law.
        Legal => "legal",
        /// A regulator's rule or guidance.
        Regulatory => "regulatory",
        /// A contract or agreement.
        Contractual => "contractual",
        /// Anything else the organisation commits to.
        Other => "other",
    }
}

/// A requirement of an interested party (4.2 b) and how the ISMS addresses it (4.2 c).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartyRequirement {
    /// Stable id.
    pub id: String,
    /// Legal, regulatory, contractual or other.
    pub kind: RequirementSource,
    /// The requirement.
    pub description: String,
    /// Citation (`GDPR Art. 32`, `MSA §9`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    /// Controls (Annex A or custom ids) that address it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 4.3: the boundaries and applicability of the ISMS.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scope {
    /// The scope statement as it appears on the certificate.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub statement: String,
    /// What is inside: units, services, sites, systems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inclusions: Vec<String>,
    /// What is outside, each with its justification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<ScopeExclusion>,
    /// Interfaces and dependencies with activities outside the scope (4.3 c).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<ScopeInterface>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Something left out of the scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeExclusion {
    /// What is excluded.
    pub item: String,
    /// Why excluding it does not affect the security of what is in scope.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An interface between the scope and the outside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeInterface {
    /// The interface (`Payroll run by the parent company`).
    pub description: String,
    /// The interested party on the other side, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
