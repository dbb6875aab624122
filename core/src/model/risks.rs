//! Clause 6.1.2, 6.1.3 and 8.2, 8.3: the risk register. Each risk names its assets, threat and
//! vulnerability, owner, inherent and residual ratings, linked controls, treatment (option and
//! plan) and the owner's acceptance.

use super::{Action, Date, RiskQuant};
use super::{Extra, is_default};
use crate::method::ImpactRating;
use serde::{Deserialize, Serialize};

/// A likelihood and an impact rating under the document's method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Likelihood level.
    pub likelihood: u32,
    /// Impact level or levels per property. For an inherent rating, when absent, the effective
    /// valuation of the risk's assets (the highest per property).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactRating>,
}

string_enum! {
    /// The risk treatment options of 6.1.3 a.
    TreatmentOption {
        /// Reduce the risk with controls.
        Modify => "modify",
        /// Keep the risk, by an informed decision.
        Retain => "retain",
        /// Stop the activity that gives rise to it.
        Avoid => "avoid",
        /// Transfer part of it (insurance, contract).
        Share => "share",
    }
}

/// 6.1.3: how a risk is treated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Treatment {
    /// Modify, retain, avoid or share.
    pub option: TreatmentOption,
    /// The actions of the risk treatment plan (6.1.3 e).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<Action>,
    /// Why this option.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 6.1.3 f: the risk owner's acceptance of the residual risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Acceptance {
    /// Who accepted (the risk owner).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    /// Why the residual risk is acceptable.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// When the acceptance lapses and must be renewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Date>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Where a risk is in its life.
    #[derive(Default)]
    RiskStatus {
        /// Identified, not yet analysed.
        #[default]
        Identified => "identified",
        /// Analysed and evaluated.
        Assessed => "assessed",
        /// Treatment under way.
        Treating => "treating",
        /// Residual risk accepted.
        Accepted => "accepted",
        /// No longer relevant.
        Closed => "closed",
    }
}

/// A risk of the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Risk {
    /// Stable id.
    pub id: String,
    /// A short statement of the risk.
    pub title: String,
    /// Cause, event and consequence in a few sentences.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Affected assets, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    /// The threat (free text, or an id of the starter catalogue such as `TH-02`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub threat: String,
    /// The vulnerability exploited (free text or a starter-catalogue id such as `VU-05`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vulnerability: String,
    /// The risk owner (6.1.2 c 2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// The rating before treatment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherent: Option<Assessment>,
    /// The rating after treatment; derived from the linked controls when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual: Option<Assessment>,
    /// Controls that treat it (Annex A or custom ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// The treatment decision and plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Treatment>,
    /// The owner's acceptance of the residual risk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Where the risk is in its life.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: RiskStatus,
    /// Quantitative parameters for simulating the risk's annual loss in money (`simulate`).
    /// Boxed: most risks have none, and a register holds many thousand risks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quant: Option<Box<RiskQuant>>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
