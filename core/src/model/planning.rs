//! Clause 6.2 and 6.3, planning: measurable objectives with their measurements, planned changes,
//! and the actions (owner, due date, status) that treatment plans, management reviews and
//! corrective actions are made of.

use super::Date;
use super::{Extra, is_default};
use serde::{Deserialize, Serialize};

string_enum! {
    /// Which way a measurement should move.
    #[derive(Default)]
    Direction {
        /// The target is a floor (`≥ 95 %`).
        #[default]
        AtLeast => "at_least",
        /// The target is a ceiling (`≤ 2 days`).
        AtMost => "at_most",
    }
}

impl Direction {
    /// Whether `value` meets `target`: at least it for a floor, at most it for a ceiling.
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Self::AtLeast => value >= target,
            Self::AtMost => value <= target,
        }
    }
}

/// A dated measurement of an objective or an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Measurement {
    /// When it was measured.
    pub date: Date,
    /// The value, in the unit of the objective or indicator.
    pub value: f64,
    /// Context for the value.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 6.2: a measurable information security objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Objective {
    /// Stable id.
    pub id: String,
    /// What is to be achieved.
    pub title: String,
    /// How achievement is measured.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
    /// The target value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Unit of the target and measurements (`%`, `days`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Whether the target is a floor or a ceiling.
    #[serde(default, skip_serializing_if = "is_default")]
    pub direction: Direction,
    /// Who is responsible.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it is to be achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// Measurements so far, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Progress of an action, change or plan item.
    #[derive(Default)]
    ActionStatus {
        /// Agreed, not started.
        #[default]
        Planned => "planned",
        /// Under way.
        InProgress => "in_progress",
        /// Completed.
        Done => "done",
        /// Dropped.
        Cancelled => "cancelled",
    }
}

impl ActionStatus {
    /// True for actions still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Planned | Self::InProgress)
    }
}

/// 6.3: a planned change to the ISMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedChange {
    /// Stable id.
    pub id: String,
    /// The change and its purpose.
    pub description: String,
    /// When it is planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_on: Option<Date>,
    /// Progress.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: ActionStatus,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An action with an owner and a due date: of a treatment plan, a management review or a
/// corrective action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Action {
    /// Stable id.
    pub id: String,
    /// What is to be done.
    pub description: String,
    /// Who does it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// Progress.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: ActionStatus,
    /// When it was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    /// Controls it implements (Annex A or custom ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
