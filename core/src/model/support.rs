//! Clause 7, support: competence and awareness records (7.2, 7.3) and the register of
//! documented information (7.5).

use super::Date;
use super::Extra;
use serde::{Deserialize, Serialize};

string_enum! {
    /// What a competence record shows.
    CompetenceKind {
        /// A course or training session (7.2).
        Training => "training",
        /// Awareness of the policy and of one's contribution (7.3).
        Awareness => "awareness",
        /// A certification or degree (7.2).
        Qualification => "qualification",
        /// An assessment of competence on the job (7.2).
        Assessment => "assessment",
    }
}

/// 7.2 and 7.3: evidence of competence or awareness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CompetenceRecord {
    /// Stable id.
    pub id: String,
    /// Who (a person, or a group such as `All staff`).
    pub person: String,
    /// The role the competence is for, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Training, awareness, qualification or assessment.
    pub kind: CompetenceKind,
    /// The subject.
    pub topic: String,
    /// When it was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    /// When it must be renewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Date>,
    /// Where the evidence is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Whether an entry of the register is kept up to date or retained as evidence.
    DocumentClass {
        /// Maintained: a policy, procedure or plan.
        Document => "document",
        /// Retained: evidence that something happened.
        Record => "record",
    }
}

/// 7.5: an entry of the documented-information register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentRecord {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Document or record.
    pub kind: DocumentClass,
    /// Clause requirements it satisfies (`5.2`, `6.1.3.d`), from the clause register.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// Controls it documents (Annex A or custom ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Version label.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Who maintains it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When the current version was approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<Date>,
    /// When it is due for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// Where it lives (a path or link).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
