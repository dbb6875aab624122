//! Clause 9, performance evaluation: indicators and their measurements (9.1), internal audits and
//! their findings (9.2), management reviews (9.3).

use super::{Action, Date, Direction, Measurement};
use super::{Extra, is_default};
use serde::{Deserialize, Serialize};

/// 9.1: an indicator measured over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Kpi {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What is measured and how (9.1 b).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Unit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Target value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Whether the target is a floor or a ceiling.
    #[serde(default, skip_serializing_if = "is_default")]
    pub direction: Direction,
    /// Who measures it (9.1 d).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// How often (9.1 c).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub frequency: String,
    /// Controls it monitors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Objectives it tracks, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Measurements, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// The grading of an audit finding.
    FindingKind {
        /// A requirement not met in a way that puts the ISMS's outcomes in doubt.
        MajorNonconformity => "major_nonconformity",
        /// A requirement not met, in isolation.
        MinorNonconformity => "minor_nonconformity",
        /// Not a nonconformity, but worth attention.
        Observation => "observation",
        /// A chance to improve.
        Opportunity => "opportunity",
    }
}

impl FindingKind {
    /// True for major and minor nonconformities, which need a corrective action (10.2).
    pub fn is_nonconformity(self) -> bool {
        matches!(self, Self::MajorNonconformity | Self::MinorNonconformity)
    }
}

/// A finding of an internal audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditFinding {
    /// Stable id, unique across all audits.
    pub id: String,
    /// Its grading.
    pub kind: FindingKind,
    /// The clause requirement (`9.1`) or control (`A.8.13`) it concerns.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
    /// What was found, with the evidence.
    pub description: String,
    /// The nonconformity raised from it, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonconformity: Option<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Where an audit is.
    #[derive(Default)]
    AuditStatus {
        /// In the programme, not yet done.
        #[default]
        Planned => "planned",
        /// Performed and reported.
        Completed => "completed",
    }
}

/// 9.2: an internal audit of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Audit {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// What it covers (clauses, controls, departments).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// Who audits (independent of the area audited).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub auditor: String,
    /// When it is planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_on: Option<Date>,
    /// When it was performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performed_on: Option<Date>,
    /// Planned or completed.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: AuditStatus,
    /// Its findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<AuditFinding>,
    /// What it covers, as clauses (`9`), clause requirements (`9.2.2`) and controls (`A.8.13`):
    /// the programme's coverage, with the references of its findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// The audit report, by the id of its entry in the register of documented information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 9.3: a management review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ManagementReview {
    /// Stable id.
    pub id: String,
    /// When it took place.
    pub date: Date,
    /// Who attended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
    /// The inputs of 9.3.2 that were considered, as letters `a` … `g`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// The inputs of 9.3.2 as the review considered them: each input with the records of the
    /// review pack it looked at and what it concluded. An input here counts as considered, as a
    /// letter in `inputs` does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub considered: Vec<ReviewInput>,
    /// Decisions on improvement and changes (9.3.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
    /// Actions decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One input of 9.3.2 as a management review considered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewInput {
    /// The input: `a` … `g`.
    pub input: String,
    /// The records considered, by id: indicators, objectives, nonconformities, audits and their
    /// findings, risks, interested parties, incidents, actions of earlier reviews, documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// What the review concluded on this input.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conclusion: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ManagementReview {
    /// True when the review considered the input `letter` (`a` … `g`), in `inputs` or in
    /// `considered`.
    pub fn considers(&self, letter: &str) -> bool {
        self.inputs.iter().any(|i| i == letter) || self.considered.iter().any(|c| c.input == letter)
    }
}
