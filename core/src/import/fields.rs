//! The fields a register column can fill, the headers people give them, and the words they use
//! for treatment options, risk statuses, asset types, and in a Statement of Applicability for
//! applicability, reasons for inclusion and implementation status.

use crate::model::{AssetType, ImplementationStatus, InclusionReason, RiskStatus, TreatmentOption};
use serde::{Deserialize, Serialize};

macro_rules! fields {
    ($($(#[$meta:meta])* $variant:ident => $text:literal,)+) => {
        /// A field of a risk, an asset or a control record that a column fills.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum Field {
            $($(#[$meta])* $variant,)+
        }

        impl Field {
            /// How many fields there are.
            pub const COUNT: usize = [$(Self::$variant,)+].len();

            /// The field as it appears on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }
    };
}

fields! {
    /// The id of the risk or asset.
    Id => "id",
    /// The risk's title.
    Title => "title",
    /// The asset's name.
    Name => "name",
    /// Description.
    Description => "description",
    /// Affected assets of a risk, by id or name.
    Assets => "assets",
    /// Threat.
    Threat => "threat",
    /// Vulnerability.
    Vulnerability => "vulnerability",
    /// Risk owner, asset owner or control owner.
    Owner => "owner",
    /// Inherent likelihood.
    Likelihood => "likelihood",
    /// Inherent impact.
    Impact => "impact",
    /// Residual likelihood.
    ResidualLikelihood => "residual_likelihood",
    /// Residual impact.
    ResidualImpact => "residual_impact",
    /// Linked controls.
    Controls => "controls",
    /// Treatment option.
    Treatment => "treatment",
    /// Treatment plan actions, one per line.
    Plan => "plan",
    /// Owner of the plan's actions.
    ActionOwner => "action_owner",
    /// Due date of the plan's actions.
    Due => "due",
    /// Why the treatment option was chosen.
    Rationale => "rationale",
    /// Risk status, or a control's implementation status.
    Status => "status",
    /// Who accepted the residual risk (the risk owner).
    AcceptedBy => "accepted_by",
    /// When the residual risk was accepted.
    AcceptedOn => "accepted_on",
    /// When the acceptance lapses.
    AcceptanceExpires => "acceptance_expires",
    /// Asset type.
    Type => "type",
    /// Asset location.
    Location => "location",
    /// Confidentiality valuation of an asset.
    Confidentiality => "confidentiality",
    /// Integrity valuation of an asset.
    Integrity => "integrity",
    /// Availability valuation of an asset.
    Availability => "availability",
    /// Assets an asset depends on.
    DependsOn => "depends_on",
    /// Recovery time objective, hours.
    RtoHours => "rto_hours",
    /// Recovery point objective, hours.
    RpoHours => "rpo_hours",
    /// One valuation of an asset for all three properties (`Criticality`, `CIA impact`), or
    /// per property in one cell (`C=3, I=3, A=2`).
    Valuation => "valuation",
    /// An information classification (`Public`, `Internal`, `Confidential`, `Restricted`), read
    /// as the asset's confidentiality valuation.
    Classification => "classification",
    /// The control of a Statement of Applicability row: a 2022 id (`A.5.1`, `5.1`, also with its
    /// title after it), a 2013 id (`A.12.2.1`, carried to its 2022 successors), a custom control
    /// id of the document, or a 2022 control's title.
    Control => "control",
    /// The control's title as the register writes it: not stored (the catalogue holds titles);
    /// read to find the control of a row without an id, and headings.
    ControlTitle => "control_title",
    /// Whether the control is applicable (`Yes`/`No`, `Applicable`, `Included`, `X`, `N/A`, …).
    Applicable => "applicable",
    /// Why the control is included or excluded.
    Justification => "justification",
    /// Reasons for inclusion in one cell (`LR, CO, BR/BP, RRA`, or the words).
    Reasons => "reasons",
    /// A mark (`X`) for the reason `legal`.
    ReasonLegal => "reason_legal",
    /// A mark for the reason `regulatory`.
    ReasonRegulatory => "reason_regulatory",
    /// A mark for the reason `contractual`.
    ReasonContractual => "reason_contractual",
    /// A mark for the reason `business_requirement` (also a column of business requirements
    /// and best practice together, `BR/BP`).
    ReasonBusiness => "reason_business",
    /// A mark for the reason `best_practice`.
    ReasonBestPractice => "reason_best_practice",
    /// A mark for the reason `risk_treatment` (results of the risk assessment).
    ReasonRisk => "reason_risk",
    /// Evidence or document references, separated by line breaks, semicolons or bars.
    Evidence => "evidence",
    /// Implementation notes.
    Notes => "notes",
    /// A score, rating or band column: the engine computes these, so it is not read.
    Computed => "computed",
}

impl Field {
    /// True for a field read as a level of the method's scales (ratings and valuations).
    pub(crate) fn is_rating(self) -> bool {
        matches!(
            self,
            Self::Likelihood
                | Self::Impact
                | Self::ResidualLikelihood
                | Self::ResidualImpact
                | Self::Confidentiality
                | Self::Integrity
                | Self::Availability
                | Self::Valuation
        )
    }
}

/// Risk register headers, normalised by [`header_key`].
pub(crate) const RISK_HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "id",
            "risk id",
            "ref",
            "risk ref",
            "reference",
            "risk reference",
            "no",
            "number",
            "risk no",
            "risk number",
            "risk nr",
            "key",
        ],
    ),
    (
        Field::Title,
        &[
            "risk",
            "title",
            "risk title",
            "risk name",
            "name",
            "risk statement",
            "summary",
            "risk summary",
        ],
    ),
    (
        Field::Description,
        &[
            "description",
            "risk description",
            "details",
            "scenario",
            "risk scenario",
        ],
    ),
    (
        Field::Assets,
        &[
            "asset",
            "assets",
            "asset id",
            "asset ids",
            "affected asset",
            "affected assets",
            "asset name",
            "assets affected",
        ],
    ),
    (
        Field::Threat,
        &["threat", "threats", "threat source", "threat event"],
    ),
    (
        Field::Vulnerability,
        &["vulnerability", "vulnerabilities", "weakness", "weaknesses"],
    ),
    (
        Field::Owner,
        &[
            "owner",
            "risk owner",
            "responsible",
            "accountable",
            "accountable owner",
        ],
    ),
    (
        Field::Likelihood,
        &[
            "likelihood",
            "probability",
            "inherent likelihood",
            "likelihood inherent",
            "initial likelihood",
            "inherent probability",
            "l",
            "p",
            "frequency",
            "possibility occurrence",
            "probability occurrence",
            "likelihood occurrence",
            "occurrence",
            "chance",
            "threat probability",
        ],
    ),
    (
        Field::Impact,
        &[
            "impact",
            "consequence",
            "consequences",
            "severity",
            "inherent impact",
            "impact inherent",
            "initial impact",
            "inherent consequence",
            "i",
            "magnitude",
            "business impact",
            "impact level",
        ],
    ),
    (
        Field::ResidualLikelihood,
        &[
            "residual likelihood",
            "likelihood residual",
            "residual probability",
            "target likelihood",
            "revised likelihood",
        ],
    ),
    (
        Field::ResidualImpact,
        &[
            "residual impact",
            "impact residual",
            "residual consequence",
            "residual severity",
            "target impact",
            "revised impact",
        ],
    ),
    (
        Field::Controls,
        &[
            "controls",
            "control",
            "annex a",
            "annex a controls",
            "annex a control",
            "linked controls",
            "iso 27001 controls",
            "iso controls",
            "controls annex a",
        ],
    ),
    (
        Field::Treatment,
        &[
            "treatment",
            "treatment option",
            "risk treatment",
            "response",
            "risk response",
            "treatment decision",
            "decision",
            "strategy",
            "treatment strategy",
        ],
    ),
    (
        Field::Plan,
        &[
            "treatment plan",
            "action",
            "actions",
            "action plan",
            "mitigation",
            "mitigation plan",
            "planned actions",
            "treatment actions",
            "mitigating actions",
        ],
    ),
    (Field::ActionOwner, &["action owner", "actions owner"]),
    (
        Field::Due,
        &[
            "due",
            "due date",
            "target date",
            "deadline",
            "action due",
            "completion date",
        ],
    ),
    (
        Field::Rationale,
        &["rationale", "treatment rationale", "justification"],
    ),
    (
        Field::Status,
        &[
            "status",
            "risk status",
            "current status",
            "state",
            "progress",
        ],
    ),
    (
        Field::AcceptedBy,
        &[
            "accepted by",
            "risk accepted by",
            "acceptance by",
            "risk acceptor",
        ],
    ),
    (
        Field::AcceptedOn,
        &[
            "accepted on",
            "acceptance date",
            "date accepted",
            "accepted date",
            "risk acceptance date",
        ],
    ),
    (
        Field::AcceptanceExpires,
        &[
            "acceptance expires",
            "acceptance expiry",
            "acceptance expiry date",
            "acceptance valid until",
            "accepted until",
        ],
    ),
    (
        Field::Computed,
        &[
            "score",
            "risk score",
            "rating",
            "risk rating",
            "risk level",
            "level",
            "inherent score",
            "residual score",
            "inherent risk",
            "residual risk",
            "band",
            "risk band",
            "inherent rating",
            "residual rating",
            "inherent risk score",
            "residual risk score",
            "overall",
            "overall risk",
            "overall rating",
            "overall score",
            "priority",
            "risk priority",
        ],
    ),
];

/// Asset register headers, normalised by [`header_key`].
pub(crate) const ASSET_HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "id",
            "asset id",
            "ref",
            "reference",
            "no",
            "number",
            "asset no",
            "asset number",
            "tag",
            "asset tag",
        ],
    ),
    (Field::Name, &["asset", "name", "asset name", "title"]),
    (
        Field::Type,
        &[
            "type",
            "asset type",
            "category",
            "asset category",
            "class",
            "asset class",
            "kind",
        ],
    ),
    (Field::Owner, &["owner", "asset owner", "responsible"]),
    (
        Field::Location,
        &["location", "site", "hosting", "hosted", "hosted at"],
    ),
    (Field::Description, &["description", "details", "purpose"]),
    (Field::Confidentiality, &["confidentiality", "c", "conf"]),
    (Field::Integrity, &["integrity", "i", "int"]),
    (Field::Availability, &["availability", "a", "avail"]),
    (
        Field::Valuation,
        &[
            "criticality",
            "business criticality",
            "cia",
            "cia impact",
            "cia rating",
            "cia value",
            "cia valuation",
            "asset value",
            "value",
            "valuation",
            "importance",
            "impact",
        ],
    ),
    (
        Field::Classification,
        &[
            "classification",
            "information classification",
            "data classification",
            "security classification",
            "classification level",
            "sensitivity",
            "label",
        ],
    ),
    (
        Field::DependsOn,
        &["depends on", "dependencies", "dependency", "depends"],
    ),
    (
        Field::RtoHours,
        &["rto", "rto hours", "rto h", "recovery time objective"],
    ),
    (
        Field::RpoHours,
        &["rpo", "rpo hours", "rpo h", "recovery point objective"],
    ),
];

/// Statement of Applicability headers, normalised by [`header_key`].
pub(crate) const SOA_HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Control,
        &[
            "control",
            "control id",
            "control ref",
            "control reference",
            "control no",
            "control number",
            "annex a",
            "annex a control",
            "annex a control id",
            "annex a ref",
            "annex a reference",
            "iso 27001 control",
            "iso 27001 2022 control",
            "iso 27001 annex a",
            "iso control",
            "iso ref",
            "clause",
            "id",
            "ref",
        ],
    ),
    (
        Field::ControlTitle,
        &[
            "control name",
            "control title",
            "annex a control name",
            "annex a control title",
            "name",
            "title",
        ],
    ),
    (
        Field::Applicable,
        &[
            "applicable",
            "applicability",
            "applicable y n",
            "applicable yes no",
            "is applicable",
            "control applicable",
            "applicability status",
            "applies",
            "selected",
            "control selected",
            "included",
            "included excluded",
            "inclusion",
            "inclusion exclusion",
            "included in soa",
            "in scope",
        ],
    ),
    (
        Field::Justification,
        &[
            "justification",
            "justification for inclusion",
            "justification for exclusion",
            "justification for inclusion exclusion",
            "justification for inclusion or exclusion",
            "justification for exclusion inclusion",
            "justification for exclusion or inclusion",
            "justification for inclusion and exclusion",
            "inclusion exclusion justification",
            "exclusion justification",
            "justification of exclusion",
            "justification of applicability",
            "applicability justification",
            "reason for exclusion",
            "reasons for exclusion",
            "exclusion reason",
            "reason for inclusion exclusion",
            "reason for inclusion or exclusion",
            "rationale",
        ],
    ),
    (
        Field::Reasons,
        &[
            "reasons",
            "reason",
            "reasons for selection",
            "reason for selection",
            "selection reasons",
            "reasons for inclusion",
            "reason for inclusion",
            "selection criteria",
            "control selection",
            "basis for selection",
            "drivers",
            "driver",
        ],
    ),
    (
        Field::ReasonLegal,
        &[
            "legal",
            "lr",
            "legal requirement",
            "legal requirements",
            "legal regulatory",
            "legal and regulatory",
            "legal regulatory requirements",
            "legal obligations",
            "statutory",
        ],
    ),
    (
        Field::ReasonRegulatory,
        &[
            "regulatory",
            "regulatory requirement",
            "regulatory requirements",
            "regulation",
            "regulations",
        ],
    ),
    (
        Field::ReasonContractual,
        &[
            "contractual",
            "co",
            "contract",
            "contractual obligation",
            "contractual obligations",
            "contractual requirement",
            "contractual requirements",
        ],
    ),
    (
        Field::ReasonBusiness,
        &[
            "business",
            "br",
            "br bp",
            "business requirement",
            "business requirements",
            "business requirement best practice",
            "business requirements best practice",
            "business requirements best practices",
            "business needs",
        ],
    ),
    (
        Field::ReasonBestPractice,
        &[
            "best practice",
            "bp",
            "best practices",
            "good practice",
            "adopted best practice",
            "adopted best practices",
        ],
    ),
    (
        Field::ReasonRisk,
        &[
            "risk assessment",
            "rra",
            "ra",
            "results of risk assessment",
            "result of risk assessment",
            "risk assessment results",
            "risk assessment result",
            "risk treatment",
        ],
    ),
    (
        Field::Status,
        &[
            "status",
            "implementation status",
            "implementation",
            "implemented",
            "control status",
            "current status",
            "implementation state",
            "status of implementation",
            "implementation progress",
            "progress",
            "compliance status",
        ],
    ),
    (
        Field::Owner,
        &[
            "owner",
            "control owner",
            "responsible",
            "responsibility",
            "responsible person",
            "responsible party",
            "accountable",
            "implementation owner",
        ],
    ),
    (
        Field::Evidence,
        &[
            "evidence",
            "evidence reference",
            "evidence references",
            "implementation evidence",
            "document reference",
            "document references",
            "documentation",
            "documents",
            "document",
            "doc ref",
            "document ref",
            "policy reference",
            "policy references",
            "policy",
            "policies",
            "policy ref",
            "related documents",
            "related policies",
            "reference documents",
            "supporting documents",
            "records",
        ],
    ),
    (
        Field::Notes,
        &[
            "notes",
            "note",
            "comments",
            "comment",
            "remarks",
            "implementation notes",
            "implementation details",
            "implementation description",
            "implementation comments",
            "how implemented",
            "how is it implemented",
            "description of implementation",
            "control implementation",
        ],
    ),
];

/// A header as compared with the known ones: bracketed parts dropped (`Likelihood (1-5)`),
/// lowercase, every run of other characters one space; `#` reads as `no`.
pub(crate) fn header_key(header: &str) -> String {
    let trimmed = header.trim();
    if trimmed == "#" {
        return "no".to_owned();
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut depth = 0u32;
    let mut gap = false;
    for c in trimmed.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.extend(c.to_lowercase());
            }
            _ => gap = true,
        }
    }
    out
}

/// The field a header names exactly in a register of `headers`.
pub(crate) fn field_of(headers: &[(Field, &[&str])], header: &str) -> Option<Field> {
    let key = header_key(header);
    headers
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(field, _)| *field)
}

/// A treatment option as registers write it (`Mitigate`, `Accept`, `Transfer`, `Tolerate`,
/// `Terminate`, …).
pub(crate) fn treatment_option(text: &str) -> Option<TreatmentOption> {
    option_key(&header_key(text)).or_else(|| lead(text).and_then(|l| option_key(&header_key(l))))
}

/// A text read both as a treatment option ([`treatment_option`]) and as the status of a rated
/// risk ([`risk_status`]), its words cut once for both.
pub(crate) fn option_and_status(text: &str) -> (Option<TreatmentOption>, Option<RiskStatus>) {
    let key = header_key(text);
    let (mut option, mut status) = (option_key(&key), status_key(&key, true));
    if (option.is_none() || status.is_none())
        && let Some(lead) = lead(text).map(header_key)
    {
        option = option.or_else(|| option_key(&lead));
        status = status.or_else(|| status_key(&lead, true));
    }
    (option, status)
}

/// The words before a comment (`Accept with monitoring`, `Avoided — payments outsourced`): the
/// text up to a dash, colon, bracket or ` with `, else its first word.
fn lead(text: &str) -> Option<&str> {
    let t = text.trim();
    let cut = t
        .find([':', '(', '—', '–', ';', ','])
        .or_else(|| t.as_bytes().windows(3).position(|w| w == b" - "))
        .or_else(|| {
            t.as_bytes()
                .windows(6)
                .position(|w| w.eq_ignore_ascii_case(b" with "))
        });
    match cut {
        Some(i) if i > 0 => t.get(..i).map(str::trim),
        _ => t.split_whitespace().next().filter(|w| w.len() < t.len()),
    }
}

/// The treatment option a [`header_key`] names.
fn option_key(key: &str) -> Option<TreatmentOption> {
    let key = key
        .strip_suffix(" risk")
        .or_else(|| key.strip_suffix(" the risk"))
        .unwrap_or(key);
    Some(match key {
        "modify" | "reduce" | "mitigate" | "treat" | "control" | "remediate" | "mitigation"
        | "reduction" | "remediation" | "treatment" | "modification" | "mitigated" | "reduced" => {
            TreatmentOption::Modify
        }
        "retain" | "accept" | "tolerate" | "accepted" | "retained" | "acceptance" | "retention"
        | "tolerated" | "monitor" => TreatmentOption::Retain,
        "avoid" | "terminate" | "eliminate" | "avoided" | "avoidance" | "terminated" | "stop" => {
            TreatmentOption::Avoid
        }
        "share" | "transfer" | "insure" | "outsource" | "shared" | "transferred" | "sharing"
        | "insurance" | "insured" => TreatmentOption::Share,
        _ => return None,
    })
}

/// A risk status as registers write it; `open` is `assessed` for a rated risk.
pub(crate) fn risk_status(text: &str, rated: bool) -> Option<RiskStatus> {
    status_key(&header_key(text), rated)
        .or_else(|| lead(text).and_then(|l| status_key(&header_key(l), rated)))
}

/// The risk status a [`header_key`] names.
fn status_key(key: &str, rated: bool) -> Option<RiskStatus> {
    Some(match key {
        "identified" | "new" | "draft" | "proposed" | "raised" => RiskStatus::Identified,
        "open" | "active" | "live" | "not started" | "to do" | "todo" | "pending" | "planned"
            if !rated =>
        {
            RiskStatus::Identified
        }
        "assessed" | "analysed" | "analyzed" | "evaluated" | "open" | "active" | "live"
        | "not started" | "to do" | "todo" | "pending" | "planned" | "monitoring" | "monitor" => {
            RiskStatus::Assessed
        }
        "treating"
        | "in treatment"
        | "in progress"
        | "mitigating"
        | "treatment in progress"
        | "ongoing"
        | "overdue"
        | "late"
        | "delayed"
        | "on hold"
        | "started"
        | "wip"
        | "work in progress" => RiskStatus::Treating,
        "accepted" | "tolerated" | "retained" => RiskStatus::Accepted,
        "closed" | "resolved" | "retired" | "done" | "complete" | "completed" | "mitigated"
        | "treated" | "implemented" | "eliminated" | "avoided" | "terminated" => RiskStatus::Closed,
        _ => return None,
    })
}

/// Asset type words, by the word that names the kind of thing.
const TYPE_WORDS: &[(&str, AssetType)] = &[
    ("data", AssetType::Information),
    ("information", AssetType::Information),
    ("document", AssetType::Information),
    ("record", AssetType::Information),
    ("database", AssetType::Information),
    ("dataset", AssetType::Information),
    ("file", AssetType::Information),
    ("backup", AssetType::Information),
    ("application", AssetType::Software),
    ("app", AssetType::Software),
    ("system", AssetType::Software),
    ("software", AssetType::Software),
    ("code", AssetType::Software),
    ("platform", AssetType::Software),
    ("tool", AssetType::Software),
    ("server", AssetType::Hardware),
    ("device", AssetType::Hardware),
    ("laptop", AssetType::Hardware),
    ("desktop", AssetType::Hardware),
    ("workstation", AssetType::Hardware),
    ("endpoint", AssetType::Hardware),
    ("equipment", AssetType::Hardware),
    ("physical", AssetType::Hardware),
    ("hardware", AssetType::Hardware),
    ("phone", AssetType::Hardware),
    ("mobile", AssetType::Hardware),
    ("printer", AssetType::Hardware),
    ("storage", AssetType::Hardware),
    ("media", AssetType::Hardware),
    ("network", AssetType::Network),
    ("firewall", AssetType::Network),
    ("router", AssetType::Network),
    ("switch", AssetType::Network),
    ("vpn", AssetType::Network),
    ("wifi", AssetType::Network),
    ("connection", AssetType::Network),
    ("wlan", AssetType::Network),
    ("lan", AssetType::Network),
    ("wan", AssetType::Network),
    ("pbx", AssetType::Network),
    ("voip", AssetType::Network),
    ("telephony", AssetType::Network),
    ("repo", AssetType::Software),
    ("repository", AssetType::Software),
    ("git", AssetType::Software),
    ("processor", AssetType::Supplier),
    ("outsourcer", AssetType::Supplier),
    ("link", AssetType::Network),
    ("service", AssetType::Service),
    ("saas", AssetType::Service),
    ("paas", AssetType::Service),
    ("iaas", AssetType::Service),
    ("cloud", AssetType::Service),
    ("hosting", AssetType::Service),
    ("subscription", AssetType::Service),
    ("person", AssetType::People),
    ("people", AssetType::People),
    ("personnel", AssetType::People),
    ("staff", AssetType::People),
    ("employee", AssetType::People),
    ("human", AssetType::People),
    ("team", AssetType::People),
    ("role", AssetType::People),
    ("facility", AssetType::Site),
    ("building", AssetType::Site),
    ("office", AssetType::Site),
    ("premises", AssetType::Site),
    ("site", AssetType::Site),
    ("room", AssetType::Site),
    ("datacenter", AssetType::Site),
    ("location", AssetType::Site),
    ("vendor", AssetType::Supplier),
    ("supplier", AssetType::Supplier),
    ("provider", AssetType::Supplier),
    ("partner", AssetType::Supplier),
    ("contractor", AssetType::Supplier),
    ("process", AssetType::Process),
    ("activity", AssetType::Process),
    ("procedure", AssetType::Process),
    ("workflow", AssetType::Process),
];

/// An asset type as registers write it (`Data`, `Application`, `Server`, `Vendor`, …).
pub(crate) fn asset_type(text: &str) -> Option<AssetType> {
    let key = header_key(text);
    if let Some(exact) = AssetType::ALL.iter().find(|t| t.as_str() == key) {
        return Some(*exact);
    }
    Some(match key.as_str() {
        "data" | "information asset" | "document" | "documents" | "record" | "records"
        | "database" | "dataset" => AssetType::Information,
        "application" | "app" | "system" | "software asset" | "code" | "source code" => {
            AssetType::Software
        }
        "server" | "device" | "laptop" | "endpoint" | "equipment" | "physical" => {
            AssetType::Hardware
        }
        "network asset" | "connection" | "link" => AssetType::Network,
        "cloud service" | "saas" | "it service" | "business service" => AssetType::Service,
        "person" | "personnel" | "staff" | "employee" | "employees" | "human" => AssetType::People,
        "facility" | "building" | "office" | "premises" | "location" => AssetType::Site,
        "vendor" | "third party" | "provider" | "partner" => AssetType::Supplier,
        "business process" | "activity" => AssetType::Process,
        _ => return None,
    })
}

/// The nearest asset type of a word no rule knows (`Cloud Server`, `Laptop fleet`): the type of
/// the last word that names a kind of thing (in English the head of the phrase), matched as a
/// plural or a misspelling too.
pub(crate) fn nearest_asset_type(text: &str) -> Option<AssetType> {
    let key = header_key(text);
    key.split(' ').rev().find_map(|word| {
        TYPE_WORDS
            .iter()
            .find(|(w, _)| crate::import::detect::word_match(word, w) >= 0.85)
            .map(|(_, t)| *t)
    })
}

/// Check marks read as yes (`header_key` drops them, so they are compared before it).
const CHECK_MARKS: &[&str] = &["✓", "✔", "☑", "☒", "✅", "●", "■"];

/// An applicability as a Statement of Applicability writes it: `Yes`/`No`, `Y`/`N`,
/// `Applicable`/`Not applicable`, `Included`/`Excluded`, `TRUE`/`FALSE`, `1`/`0`, a mark (`X`,
/// `✓`) for yes and `N/A` for no.
pub(crate) fn applicability(text: &str) -> Option<bool> {
    if CHECK_MARKS.contains(&text.trim()) {
        return Some(true);
    }
    Some(match header_key(text).as_str() {
        "yes" | "y" | "applicable" | "included" | "include" | "selected" | "true" | "1" | "x"
        | "in scope" | "required" => true,
        "no" | "n" | "not applicable" | "n a" | "na" | "excluded" | "exclude" | "not selected"
        | "false" | "0" | "out of scope" | "not required" | "not included" | "non applicable"
        | "inapplicable" | "not relevant" => false,
        _ => return None,
    })
}

/// What a Statement of Applicability's status column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusWord {
    /// How far the control is implemented.
    Status(ImplementationStatus),
    /// The control is not applicable (`Not applicable`, `N/A`, `Excluded`).
    NotApplicable,
}

/// An implementation status as SoAs write it (`Implemented`, `Partially implemented`, `In
/// progress`, `Planned`, `Not implemented`, `Not started`, `Yes`/`No`), or `Not applicable`.
pub(crate) fn implementation_status(text: &str) -> Option<StatusWord> {
    use ImplementationStatus::*;
    Some(StatusWord::Status(match header_key(text).as_str() {
        "implemented" | "fully implemented" | "yes" | "y" | "done" | "complete" | "completed"
        | "in place" | "operational" | "in operation" | "effective" => Implemented,
        "partially implemented"
        | "partial"
        | "partially"
        | "partly implemented"
        | "partly"
        | "in progress"
        | "ongoing"
        | "being implemented"
        | "implementation in progress"
        | "under implementation"
        | "in implementation"
        | "work in progress"
        | "wip"
        | "started" => PartiallyImplemented,
        "planned" | "scheduled" | "to do" | "todo" | "to be implemented" | "pending" => Planned,
        "not implemented"
        | "not started"
        | "no"
        | "n"
        | "none"
        | "missing"
        | "not in place"
        | "not yet implemented"
        | "gap"
        | "open"
        | "not done" => NotImplemented,
        "not applicable" | "n a" | "na" | "excluded" | "not required" => {
            return Some(StatusWord::NotApplicable);
        }
        _ => return None,
    }))
}

/// The reasons for inclusion one word or abbreviation of a reasons cell names (`LR`, `CO`,
/// `BR/BP`, `RRA`, `Legal requirement`, …); none for `None` or `N/A`. `BR/BP` (business
/// requirements and best practice, one reason in many templates) is `business_requirement`.
pub(crate) fn inclusion_reasons(word: &str) -> Option<&'static [InclusionReason]> {
    use InclusionReason::*;
    Some(match header_key(word).as_str() {
        "lr" | "l" | "legal" | "legal requirement" | "legal requirements" | "law" | "laws"
        | "legislation" | "statutory" | "legal obligation" | "legal obligations" => &[Legal],
        "regulatory"
        | "regulatory requirement"
        | "regulatory requirements"
        | "regulation"
        | "regulations"
        | "reg" => &[Regulatory],
        "co"
        | "c"
        | "cr"
        | "contract"
        | "contracts"
        | "contractual"
        | "contractual obligation"
        | "contractual obligations"
        | "contractual requirement"
        | "contractual requirements" => &[Contractual],
        "br"
        | "b"
        | "br bp"
        | "business"
        | "business requirement"
        | "business requirements"
        | "business need"
        | "business needs"
        | "business requirement best practice"
        | "business requirements best practice" => &[BusinessRequirement],
        "bp"
        | "best practice"
        | "best practices"
        | "good practice"
        | "good practices"
        | "adopted best practice"
        | "adopted best practices" => &[BestPractice],
        "rra"
        | "ra"
        | "r"
        | "risk"
        | "risks"
        | "risk assessment"
        | "risk assessment results"
        | "results of risk assessment"
        | "result of risk assessment"
        | "risk treatment"
        | "rt"
        | "risk treatment plan" => &[RiskTreatment],
        "none" | "na" | "n a" | "no" | "" => &[],
        _ => return None,
    })
}

/// True when a mark column's cell is marked: a check mark (`X`, `✓`), or any text but a word
/// for no (`No`, `N`, `FALSE`, `0`, `N/A`, `None`); an empty cell or a dash is unmarked.
pub(crate) fn marked(text: &str) -> bool {
    let trimmed = text.trim();
    CHECK_MARKS.contains(&trimmed)
        || !matches!(
            header_key(trimmed).as_str(),
            "" | "no" | "n" | "false" | "0" | "n a" | "na" | "none"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_people_write() {
        let risk = |h| field_of(RISK_HEADERS, h);
        assert_eq!(risk("Risk ID"), Some(Field::Id));
        assert_eq!(risk("#"), Some(Field::Id));
        assert_eq!(risk("Risk"), Some(Field::Title));
        assert_eq!(risk("Likelihood (1-5)"), Some(Field::Likelihood));
        assert_eq!(risk("PROBABILITY"), Some(Field::Likelihood));
        assert_eq!(risk("Impact [1–5]"), Some(Field::Impact));
        assert_eq!(risk("Risk owner"), Some(Field::Owner));
        assert_eq!(risk("Residual_Likelihood"), Some(Field::ResidualLikelihood));
        assert_eq!(risk("Risk Score"), Some(Field::Computed));
        assert_eq!(risk("Treatment"), Some(Field::Treatment));
        assert_eq!(risk("Colour"), None);
        assert_eq!(field_of(ASSET_HEADERS, "C"), Some(Field::Confidentiality));
    }

    #[test]
    fn header_names_are_unique_and_normalised() {
        for headers in [RISK_HEADERS, ASSET_HEADERS, SOA_HEADERS] {
            let mut seen = std::collections::BTreeSet::new();
            for (_, names) in headers {
                for name in *names {
                    assert_eq!(header_key(name), *name, "not normalised: {name}");
                    assert!(seen.insert(*name), "listed twice: {name}");
                }
            }
        }
    }

    #[test]
    fn words_for_options_statuses_and_types() {
        assert_eq!(treatment_option("Mitigate"), Some(TreatmentOption::Modify));
        assert_eq!(treatment_option("Transfer"), Some(TreatmentOption::Share));
        assert_eq!(treatment_option("ACCEPT"), Some(TreatmentOption::Retain));
        assert_eq!(treatment_option("pray"), None);
        assert_eq!(risk_status("Open", true), Some(RiskStatus::Assessed));
        assert_eq!(risk_status("Open", false), Some(RiskStatus::Identified));
        assert_eq!(risk_status("In progress", true), Some(RiskStatus::Treating));
        assert_eq!(asset_type("Application"), Some(AssetType::Software));
        assert_eq!(asset_type("supplier"), Some(AssetType::Supplier));
        assert_eq!(asset_type("Vendor"), Some(AssetType::Supplier));
        assert_eq!(asset_type("Spaceship"), None);
    }

    #[test]
    fn options_and_statuses_read_together_as_each_alone() {
        let texts = [
            "Mitigate",
            "Accept with monitoring",
            "Avoided — payments outsourced",
            "Closed - mitigated",
            "Mitigated",
            "Treat (see plan)",
            "In progress: 60%",
            "Open",
            "monitor",
            "Reduce the risk",
            "Transfer; insurer X",
            "Accepted, until 2027",
            "work in progress",
            "Risk scenario 12 affecting operations",
            "R-000123",
            "",
            " - ",
            "pray",
        ];
        for text in texts {
            assert_eq!(
                option_and_status(text),
                (treatment_option(text), risk_status(text, true)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn soa_headers_and_words() {
        let soa = |h| field_of(SOA_HEADERS, h);
        assert_eq!(soa("Control ID"), Some(Field::Control));
        assert_eq!(soa("Annex A control"), Some(Field::Control));
        assert_eq!(soa("Control name"), Some(Field::ControlTitle));
        assert_eq!(soa("Applicable (Y/N)"), Some(Field::Applicable));
        assert_eq!(soa("Applicable Y/N"), Some(Field::Applicable));
        assert_eq!(soa("Included/Excluded"), Some(Field::Applicable));
        assert_eq!(
            soa("Justification for inclusion/exclusion"),
            Some(Field::Justification)
        );
        assert_eq!(soa("Reasons for selection"), Some(Field::Reasons));
        assert_eq!(soa("LR"), Some(Field::ReasonLegal));
        assert_eq!(soa("BR/BP"), Some(Field::ReasonBusiness));
        assert_eq!(soa("Risk assessment"), Some(Field::ReasonRisk));
        assert_eq!(soa("Implementation status"), Some(Field::Status));
        assert_eq!(soa("Control owner"), Some(Field::Owner));
        assert_eq!(soa("Document reference"), Some(Field::Evidence));
        assert_eq!(soa("Comments"), Some(Field::Notes));

        assert_eq!(applicability("Yes"), Some(true));
        assert_eq!(applicability("x"), Some(true));
        assert_eq!(applicability("✓"), Some(true));
        assert_eq!(applicability("TRUE"), Some(true));
        assert_eq!(applicability("Included"), Some(true));
        assert_eq!(applicability("N/A"), Some(false));
        assert_eq!(applicability("Not applicable"), Some(false));
        assert_eq!(applicability("Excluded"), Some(false));
        assert_eq!(applicability("maybe"), None);

        let status = |t| implementation_status(t);
        use ImplementationStatus::*;
        assert_eq!(status("Implemented"), Some(StatusWord::Status(Implemented)));
        assert_eq!(
            status("In progress"),
            Some(StatusWord::Status(PartiallyImplemented))
        );
        assert_eq!(status("Planned"), Some(StatusWord::Status(Planned)));
        assert_eq!(
            status("Not started"),
            Some(StatusWord::Status(NotImplemented))
        );
        assert_eq!(status("N/A"), Some(StatusWord::NotApplicable));
        assert_eq!(status("Sort of"), None);

        use InclusionReason::*;
        assert_eq!(inclusion_reasons("LR"), Some(&[Legal][..]));
        assert_eq!(inclusion_reasons("BR/BP"), Some(&[BusinessRequirement][..]));
        assert_eq!(inclusion_reasons("RRA"), Some(&[RiskTreatment][..]));
        assert_eq!(inclusion_reasons("N/A"), Some(&[][..]));
        assert_eq!(inclusion_reasons("whim"), None);

        assert!(marked("X") && marked("✓") && marked("yes") && marked("GDPR art. 32"));
        assert!(!marked("") && !marked("-") && !marked("No") && !marked("N/A"));
    }
}
