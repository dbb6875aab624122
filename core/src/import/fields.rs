//! The fields a register column can fill, the headers people give them, and the words they use
//! for treatment options, risk statuses and asset types.

use crate::model::{AssetType, RiskStatus, TreatmentOption};
use serde::{Deserialize, Serialize};

macro_rules! fields {
    ($($(#[$meta:meta])* $variant:ident => $text:literal,)+) => {
        /// A field of a risk or an asset that a column fills.
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
    /// Risk owner or asset owner.
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
    /// Risk status.
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
    /// A score, rating or band column: the engine computes these, so it is not read.
    Computed => "computed",
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
        &["status", "risk status", "current status", "state", "progress"],
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
#[cfg(test)]
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
    let key = header_key(text);
    let key = key.strip_suffix(" risk").or_else(|| key.strip_suffix(" the risk")).unwrap_or(&key);
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
    Some(match header_key(text).as_str() {
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
        | "treated" | "implemented" | "eliminated" => RiskStatus::Closed,
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
        for headers in [RISK_HEADERS, ASSET_HEADERS] {
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
}
