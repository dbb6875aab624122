//! The ISMS document: one JSON value (`*.isms.json`) holding an organisation's whole ISMS, from
//! its context (clause 4) to its nonconformities (clause 10), with every cross-reference by id.
//!
//! The document is versioned by its top-level `schema` field ([`SCHEMA`]); [`migrate`] brings
//! older versions forward. Every object keeps the fields the engine does not know in `extra`, so
//! a document read and written again loses nothing, and fields added by other tools survive.
//!
//! Rules the types alone cannot state (ids unique per collection, references that resolve,
//! ratings within the method's scales, acyclic asset dependencies) are checked by
//! [`crate::checks`], which also reports what a valid document still lacks as findings.

use crate::method::MethodRef;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema version this engine reads and writes.
pub const SCHEMA: &str = "isms/2";

/// The field (`true`) an import sets on a risk or asset whose register row had no id, so the id
/// was made from the row's position (`R-001`, `AS-001`): such ids name a row, not a record, and a
/// comparison of two imports (`diff`) matches those records by another key.
pub const ID_GENERATED: &str = "x_id_generated";

/// Fields of an object that the engine does not know, kept as they were.
pub type Extra = Map<String, Value>;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The value as it appears on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }
    };
}

mod assets;
mod context;
mod controls;
mod date;
mod evaluation;
mod improvement;
mod incidents;
mod leadership;
mod links;
pub mod loss;
pub mod migrate;
mod planning;
mod risks;
mod support;

pub use assets::{Asset, AssetType, EffectiveValuation, Valuation, effective_valuations};
pub use context::*;
pub use controls::*;
pub use date::Date;
pub use evaluation::*;
pub use improvement::*;
pub use incidents::*;
pub use leadership::*;
pub(crate) use links::{ControlLinks, control_links};
pub use loss::RiskQuant;
pub use migrate::{Migrated, migrate, unsupported_schema};
pub use planning::*;
pub use risks::*;
pub use support::*;

/// True for an empty or all-whitespace text; stops at the first other character.
pub(crate) fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// True for a field at its default value, which the document leaves out.
fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// An organisation's ISMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// The schema version, `isms/2`.
    pub schema: String,
    /// Who the ISMS belongs to.
    #[serde(default)]
    pub organisation: Organisation,
    /// Clause 4: issues, interested parties, scope.
    #[serde(default)]
    pub context: Context,
    /// Clause 5: policy and roles.
    #[serde(default)]
    pub leadership: Leadership,
    /// Clause 6.1.2: the risk method, a preset id or a method object (`iso27005-5x5` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<MethodRef>,
    /// Clause 6.2: information security objectives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    /// Clause 6.3: changes to the ISMS, planned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planned_changes: Vec<PlannedChange>,
    /// Clauses 7.2 and 7.3: training, awareness and qualification records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competence: Vec<CompetenceRecord>,
    /// Clause 7.5: the register of documented information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentRecord>,
    /// The assets in scope.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<Asset>,
    /// Clauses 6.1.2, 6.1.3, 8.2, 8.3: the risk register.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Controls the organisation adds beside Annex A (6.1.3 c, note 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_controls: Vec<CustomControl>,
    /// Clause 6.1.3 d: the Statement of Applicability as a document: version and approval.
    #[serde(default, skip_serializing_if = "is_default")]
    pub soa: SoaHeader,
    /// Implementation records of Annex A and custom controls: the substance of the SoA.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<ControlRecord>,
    /// Clause 9.1: indicators with their measurements over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    /// The incident register (A.5.24–A.5.28).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Incident>,
    /// Clause 9.2: internal audits and their findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audits: Vec<Audit>,
    /// Clause 9.3: management reviews.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub management_reviews: Vec<ManagementReview>,
    /// Clause 10.2: nonconformities and their corrective actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nonconformities: Vec<Nonconformity>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Document {
    /// An empty document of the current schema for an organisation.
    pub fn new(organisation: &str) -> Self {
        Self {
            schema: SCHEMA.to_owned(),
            organisation: Organisation {
                name: organisation.to_owned(),
                ..Organisation::default()
            },
            context: Context::default(),
            leadership: Leadership::default(),
            method: None,
            objectives: Vec::new(),
            planned_changes: Vec::new(),
            competence: Vec::new(),
            documents: Vec::new(),
            assets: Vec::new(),
            risks: Vec::new(),
            custom_controls: Vec::new(),
            soa: SoaHeader::default(),
            controls: Vec::new(),
            kpis: Vec::new(),
            incidents: Vec::new(),
            audits: Vec::new(),
            management_reviews: Vec::new(),
            nonconformities: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// The organisation the ISMS belongs to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Organisation {
    /// Legal or trading name.
    #[serde(default)]
    pub name: String,
    /// What the organisation does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Industry sector.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sector: String,
    /// Number of people working for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employees: Option<u32>,
    /// Sites and countries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
    /// The currency of the document's amounts (ISO 4217, `EUR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The loss tolerance (risk appetite in money): how often, at most, a year may lose each
    /// amount or more, ascending by amount. The simulation checks the residual loss exceedance
    /// curve against it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loss_tolerance: Vec<loss::TolerancePoint>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}
