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

mod assets;
mod date;
mod links;
pub mod loss;
pub mod migrate;

pub use assets::{EffectiveValuation, effective_valuations};
pub use date::Date;
pub(crate) use links::{ControlLinks, control_links};
pub use loss::RiskQuant;
pub use migrate::{Migrated, migrate, unsupported_schema};

use crate::catalogue::{ControlType, Theme};
use crate::method::{ImpactRating, MethodRef, PropertyLevels};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema version this engine reads and writes.
pub const SCHEMA: &str = "isms/2";

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
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

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

string_enum! {
    /// What kind of thing an asset is (primary assets first, then supporting ones).
    AssetType {
        /// A business process or activity.
        Process => "process",
        /// Information or data, in any form.
        Information => "information",
        /// Software: applications, code, operating systems.
        Software => "software",
        /// Hardware: servers, laptops, phones, media.
        Hardware => "hardware",
        /// Networks and their components.
        Network => "network",
        /// A service used or provided (cloud, SaaS, hosting).
        Service => "service",
        /// People and their knowledge.
        People => "people",
        /// A site or room.
        Site => "site",
        /// A supplier or partner organisation.
        Supplier => "supplier",
    }
}

/// Value of an asset per security property, as levels of the method's impact scale: the impact
/// of losing that property of the asset. The same shape as an impact rated per property.
pub type Valuation = PropertyLevels;

/// An asset in scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Asset {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What kind of asset it is.
    #[serde(rename = "type")]
    pub kind: AssetType,
    /// Who is accountable for it (A.5.9).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Where it is (site, region, provider).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its own value per security property. The effective valuation also inherits from the
    /// assets that depend on it (see [`effective_valuations`]).
    #[serde(default, skip_serializing_if = "Valuation::is_empty")]
    pub valuation: Valuation,
    /// Assets this one needs to work (a service depends on its database and its cloud account).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Recovery time objective, hours (A.5.30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_hours: Option<f64>,
    /// Recovery point objective, hours of data that may be lost (A.8.13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_hours: Option<f64>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

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
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

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
