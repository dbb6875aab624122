//! Clause 6.1.3 and Annex A: the control records (applicability, reasons for inclusion, exclusion
//! justification, status, owner, evidence) that the Statement of Applicability is made of, the
//! statement's own metadata, and the organisation's custom controls.

use super::Date;
use super::{Extra, is_default};
use crate::catalogue::{ControlType, Theme};
use serde::{Deserialize, Serialize};

/// 6.1.3 d: the Statement of Applicability's own metadata; its rows are the control records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SoaHeader {
    /// Version label (`3.0`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// Who approved it.
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

/// A control the organisation defines beside Annex A.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomControl {
    /// Stable id; must not look like an Annex A id (`ORG-1`, not `A.9.1`).
    pub id: String,
    /// Title.
    pub title: String,
    /// What it does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Theme, when it fits one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// When it acts: preventive controls lower likelihood, detective and corrective ones lower
    /// impact (preventive when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub control_type: Vec<ControlType>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Why a control is included (the SoA's justification for inclusion).
    InclusionReason {
        /// A risk treatment selected it (derived from the register as well).
        RiskTreatment => "risk_treatment",
        /// A law requires it.
        Legal => "legal",
        /// A regulator requires it.
        Regulatory => "regulatory",
        /// A contract requires it.
        Contractual => "contractual",
        /// The business needs it.
        BusinessRequirement => "business_requirement",
        /// Good practice.
        BestPractice => "best_practice",
    }
}

string_enum! {
    /// How far a control is implemented.
    #[derive(Default)]
    ImplementationStatus {
        /// Not implemented, no plan.
        #[default]
        NotImplemented => "not_implemented",
        /// Implementation planned.
        Planned => "planned",
        /// Partly in place.
        PartiallyImplemented => "partially_implemented",
        /// In place and operating.
        Implemented => "implemented",
    }
}

/// The implementation record of one control: applicability, reasons, status, owner, evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ControlRecord {
    /// The control: an Annex A id (`A.5.1`) or a custom control id.
    pub control: String,
    /// Whether the control is applicable; undecided when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicable: Option<bool>,
    /// The applicability is a proposal (`draft_soa` proposes every control a risk treatment
    /// names as applicable), not yet confirmed by the owner, who confirms it by removing this
    /// field or setting it to false.
    #[serde(default, skip_serializing_if = "is_default")]
    pub proposed: bool,
    /// Why it is included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<InclusionReason>,
    /// Why it is excluded, when it is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub justification: String,
    /// How far it is implemented.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: ImplementationStatus,
    /// Measured effectiveness from 0 (none) to 1 (removes the risk), when tested; otherwise the
    /// engine assumes a value from the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effectiveness: Option<f64>,
    /// Who is accountable for it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Evidence references (document ids, links, ticket numbers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Implementation notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// What the control costs, in the organisation's currency: once and every year. The
    /// simulation weighs it against the loss the control saves (return on security investment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<crate::model::loss::ControlCost>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ControlRecord {
    /// The record of `control` that says nothing yet: undecided, not implemented.
    pub fn new(control: impl Into<String>) -> Self {
        Self {
            control: control.into(),
            applicable: None,
            proposed: false,
            reasons: Vec::new(),
            justification: String::new(),
            status: ImplementationStatus::default(),
            effectiveness: None,
            owner: String::new(),
            evidence: Vec::new(),
            notes: String::new(),
            cost: None,
            extra: Extra::new(),
        }
    }
}
