//! What a finding is: its code ([`FindingCode`], one variant per rule), its [`Severity`], the
//! clause requirement or control it cites, and the [`Finding`] a check reports.
//!
//! Codes are part of the public contract, like error codes: callers, case files and the UIs match
//! on them, never on the message. Each code has one meaning, one usual severity and one reference,
//! listed by [`FindingCode::ALL`] and served by the `findings` op. Two kinds of finding name
//! something more specific at the point they are raised: the findings about a control record cite
//! the Annex A control concerned (the clause 6.1.3 d otherwise), and the findings about an action
//! cite the clause of the plan the action belongs to (6.1.3 e, 9.3.3 or 10.2 c).

use serde::Serialize;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// An auditor would raise a nonconformity.
    High,
    /// An auditor would likely raise it; fix before certification.
    Medium,
    /// Worth fixing; an observation at most.
    Low,
    /// For information.
    Info,
}

impl Severity {
    /// The severity as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

/// What a finding cites when it is raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cites {
    /// Always the reference listed with the code.
    Reference,
    /// The Annex A control concerned; the listed reference for a custom control.
    Control,
    /// The clause of the plan the action belongs to: 6.1.3 e (risk treatment), 9.3.3
    /// (management review) or 10.2 c (corrective action).
    ActionPlan,
}

/// A severity's wire name, for the documentation of each code.
macro_rules! severity_name {
    (High) => {
        "high"
    };
    (Medium) => {
        "medium"
    };
    (Low) => {
        "low"
    };
    (Info) => {
        "info"
    };
}

/// What a code cites, in words, for its documentation.
macro_rules! cites_text {
    (Reference, $reference:literal) => {
        concat!("cites ", $reference)
    };
    (Control, $reference:literal) => {
        concat!(
            "cites the Annex A control concerned (",
            $reference,
            " for a custom control)"
        )
    };
    (ActionPlan, $reference:literal) => {
        "cites the clause of the plan the action belongs to (6.1.3.e, 9.3.3 or 10.2.c)"
    };
}

macro_rules! finding_codes {
    ($(
        $variant:ident = $code:literal, $severity:ident, $reference:literal, $cites:ident,
        $meaning:literal;
    )+) => {
        /// Every finding the checks can raise about a valid document.
        // `Serialize` and `Debug` write `as_str`: derived, they would carry copies of its names.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "schema", serde(rename_all = "snake_case"))]
        pub enum FindingCode {
            $(
                #[doc = concat!(
                    $meaning, ". Usual severity: ", severity_name!($severity), "; ",
                    cites_text!($cites, $reference), "."
                )]
                $variant,
            )+
        }

        impl FindingCode {
            /// Every code, grouped by the area of the standard it concerns.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The code as it appears on the wire (`"risk_untreated"`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// How much the finding usually matters (an audit finding of a major
            /// nonconformity raises `finding_without_nonconformity` as high, a minor one as
            /// medium).
            pub fn severity(self) -> Severity {
                match self {
                    $(Self::$variant => Severity::$severity,)+
                }
            }

            /// The clause requirement or control the finding cites (see [`Cites`] for the
            /// findings that cite something more specific).
            pub fn reference(self) -> &'static str {
                match self {
                    $(Self::$variant => $reference,)+
                }
            }

            /// What the reference is when the finding is raised.
            pub fn cites(self) -> Cites {
                match self {
                    $(Self::$variant => Cites::$cites,)+
                }
            }

            /// What the finding means, in words.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Self::$variant => $meaning,)+
                }
            }
        }
    };
}

finding_codes! {
    UnknownField = "unknown_field", Info, "7.5.3", Reference,
        "A field the schema does not define; it is kept as it is (fields prefixed `x_` or `x-` are not reported)";
    IssuesMissing = "issues_missing", Medium, "4.1", Reference,
        "No internal or external issue is recorded";
    InterestedPartiesMissing = "interested_parties_missing", Medium, "4.2", Reference,
        "No interested party is recorded";
    ScopeMissing = "scope_missing", High, "4.3", Reference,
        "The ISMS has no scope statement";
    PolicyMissing = "policy_missing", High, "5.2", Reference,
        "There is no information security policy";
    RolesMissing = "roles_missing", Medium, "5.3", Reference,
        "No information security role is assigned";
    ObjectivesMissing = "objectives_missing", Medium, "6.2", Reference,
        "No information security objective is set";
    CompetenceMissing = "competence_missing", Medium, "7.2", Reference,
        "No competence or training record is kept";
    DocumentsMissing = "documents_missing", Medium, "7.5.1", Reference,
        "The register of documented information is empty";
    AssetsMissing = "assets_missing", Medium, "A.5.9", Reference,
        "The asset inventory is empty";
    RisksMissing = "risks_missing", High, "6.1.2", Reference,
        "The risk register is empty";
    SoaMissing = "soa_missing", High, "6.1.3.d", Reference,
        "No control has an applicability decision, so there is no Statement of Applicability";
    MonitoringMissing = "monitoring_missing", Medium, "9.1", Reference,
        "Nothing is monitored or measured: there is no indicator";
    InternalAuditMissing = "internal_audit_missing", High, "9.2.2", Reference,
        "No internal audit has been completed";
    ManagementReviewMissing = "management_review_missing", High, "9.3.1", Reference,
        "No management review is recorded";
    ClimateNotConsidered = "climate_not_considered", Medium, "4.1-climate", Reference,
        "Issues are recorded but none says whether climate change is relevant (Amd 1:2024)";
    RequirementUnaddressed = "requirement_unaddressed", Low, "4.2", Reference,
        "An interested party's requirement names no control that addresses it";
    ScopeExclusionUnjustified = "scope_exclusion_unjustified", Medium, "4.3", Reference,
        "Something is excluded from the scope without a justification";
    PolicyUnapproved = "policy_unapproved", High, "5.2", Reference,
        "The policy has no recorded approval: who approved it, and when";
    PolicyReviewOverdue = "policy_review_overdue", Medium, "5.2", Reference,
        "The policy is past its next review date (needs the date of the check)";
    RoleUnassigned = "role_unassigned", Low, "5.3", Reference,
        "A role has no holder";
    ObjectiveIncomplete = "objective_incomplete", Medium, "6.2", Reference,
        "An objective lacks a measure or target, an owner or a due date";
    ObjectiveNotMeasured = "objective_not_measured", Low, "9.1", Reference,
        "An objective has no measurement yet";
    AwarenessMissing = "awareness_missing", Medium, "7.3", Reference,
        "Competence is recorded but no awareness record shows that staff know the policy and their part in it";
    CompetenceExpired = "competence_expired", Low, "7.2", Reference,
        "A competence or training record has expired (needs the date of the check)";
    DocumentReviewOverdue = "document_review_overdue", Low, "7.5.2", Reference,
        "An entry of the documented-information register is past its review date (needs the date of the check)";
    AssetWithoutOwner = "asset_without_owner", Medium, "A.5.9", Reference,
        "An asset has no owner";
    AssetNotValued = "asset_not_valued", Low, "A.5.12", Reference,
        "An asset has no valuation, neither its own nor inherited from the assets that depend on it";
    RecoveryObjectivesMissing = "recovery_objectives_missing", Low, "A.5.30", Reference,
        "An asset whose availability value, own or inherited, is in the upper half of the impact scale (the middle level of an odd scale included) has no recovery time objective";
    RiskWithoutOwner = "risk_without_owner", Medium, "6.1.2.c", Reference,
        "An open risk has no owner";
    RiskUnrated = "risk_unrated", Medium, "6.1.2.d", Reference,
        "An open risk has no likelihood and impact, and no valued asset to take the impact from";
    LossToleranceExceeded = "loss_tolerance_exceeded", High, "6.1.2.a", Reference,
        "The simulated residual loss exceeds the organisation's loss tolerance: some annual loss is more likely than tolerated";
    RiskUntreated = "risk_untreated", High, "6.1.3", Reference,
        "An open risk above the appetite has neither a treatment plan (with an option other than retain) nor a complete acceptance (who, when, rationale) that has not lapsed";
    RetainedWithoutAcceptance = "retained_without_acceptance", Medium, "6.1.3.f", Reference,
        "A risk is retained but no acceptance is recorded";
    AcceptanceIncomplete = "acceptance_incomplete", Medium, "6.1.3.f", Reference,
        "A risk acceptance lacks who accepted, the date or the rationale";
    AcceptanceNotByOwner = "acceptance_not_by_owner", Low, "6.1.3.f", Reference,
        "A risk is accepted by someone other than its owner";
    AcceptanceExpired = "acceptance_expired", Medium, "6.1.3.f", Reference,
        "A risk acceptance has lapsed (needs the date of the check)";
    TreatmentWithoutControls = "treatment_without_controls", Medium, "6.1.3.b", Reference,
        "A risk to be modified has no control linked, directly or through its plan";
    TreatmentControlExcluded = "treatment_control_excluded", High, "6.1.3.d", Reference,
        "A risk is treated with a control that the Statement of Applicability marks not applicable";
    ControlUndecided = "control_undecided", Medium, "6.1.3.d", Control,
        "A control has no applicability decision";
    ControlProposed = "control_proposed", Low, "6.1.3.d", Control,
        "A control's applicability is proposed from the risk treatments and awaits the owner's confirmation";
    ExclusionUnjustified = "exclusion_unjustified", High, "6.1.3.d", Control,
        "A control is marked not applicable without a justification";
    InclusionWithoutReason = "inclusion_without_reason", Medium, "6.1.3.d", Control,
        "A control is applicable but no reason is given and no risk or requirement links it";
    ImplementedWithoutEvidence = "implemented_without_evidence", Medium, "6.1.3.d", Control,
        "A control is marked implemented but no evidence is referenced";
    SoaUnapproved = "soa_unapproved", Medium, "6.1.3.d", Reference,
        "The Statement of Applicability has no recorded approval: who approved it, and when";
    SoaReviewOverdue = "soa_review_overdue", Medium, "6.1.3.d", Reference,
        "The Statement of Applicability is past its review date (needs the date of the check)";
    ActionIncomplete = "action_incomplete", Low, "6.1.3.e", ActionPlan,
        "An open action lacks an owner or a due date";
    ActionOverdue = "action_overdue", Medium, "6.1.3.e", ActionPlan,
        "An open action is past its due date (needs the date of the check)";
    KpiNotMeasured = "kpi_not_measured", Low, "9.1", Reference,
        "An indicator has no measurement";
    KpiOffTarget = "kpi_off_target", Low, "9.1", Reference,
        "An indicator's latest measurement misses its target, in the indicator's direction";
    ObjectiveOverdue = "objective_overdue", Medium, "6.2", Reference,
        "An objective is past its due date and its latest measurement does not meet its target (needs the date of the check)";
    ReviewInputsIncomplete = "review_inputs_incomplete", Medium, "9.3.2", Reference,
        "A management review did not consider every input a to g of 9.3.2";
    NotAuditedInCycle = "not_audited_in_cycle", Medium, "9.2.2", Reference,
        "A clause requirement or applicable control has not been covered by a completed internal audit within the programme's cycle (three years unless the request says otherwise; raised by `audit_checklist`)";
    AuditorNotIndependent = "auditor_not_independent", Medium, "9.2.2", Reference,
        "An internal auditor audits an area they own: a control they are owner of, or one owned by a role they hold (raised by `audit_checklist`)";
    AuditWithoutResults = "audit_without_results", Medium, "9.2.2", Reference,
        "A completed internal audit records neither a report nor a finding (raised by `audit_checklist`)";
    FindingWithoutNonconformity = "finding_without_nonconformity", High, "10.2", Reference,
        "An audit finding that is a nonconformity has none raised for it (medium for a minor nonconformity)";
    RootCauseMissing = "root_cause_missing", Low, "10.2.b", Reference,
        "A nonconformity has no root cause";
    CorrectiveActionMissing = "corrective_action_missing", Medium, "10.2.c", Reference,
        "A nonconformity has no corrective action";
    EffectivenessNotVerified = "effectiveness_not_verified", Medium, "10.2.d", Reference,
        "The corrective actions of a nonconformity are done, or it is closed, but their effectiveness is not verified";
    ClosedIneffective = "closed_ineffective", High, "10.2.d", Reference,
        "A nonconformity is closed although its corrective actions were found ineffective";
    LessonsNotLearned = "lessons_not_learned", Low, "A.5.27", Reference,
        "A resolved or closed incident records no lessons learned";
}

impl FindingCode {
    /// True for the findings about the Statement of Applicability, which `soa` reports with it.
    pub fn concerns_soa(self) -> bool {
        matches!(
            self,
            Self::SoaMissing
                | Self::SoaUnapproved
                | Self::SoaReviewOverdue
                | Self::ControlUndecided
                | Self::ControlProposed
                | Self::ExclusionUnjustified
                | Self::InclusionWithoutReason
                | Self::ImplementedWithoutEvidence
                | Self::TreatmentControlExcluded
        )
    }
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Debug for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a valid document still lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Stable machine code (`risk_untreated`).
    pub code: FindingCode,
    /// How much it matters.
    pub severity: Severity,
    /// The clause requirement (`6.1.3.f`) or control (`A.5.9`) it concerns.
    pub reference: &'static str,
    /// JSON pointer of the field concerned, within the document.
    pub path: String,
    /// What is missing, in words.
    pub message: String,
}

/// One finding code as the `findings` op lists it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingInfo {
    /// The code.
    pub code: FindingCode,
    /// Its usual severity.
    pub severity: Severity,
    /// The clause requirement or control it cites.
    pub reference: &'static str,
    /// Whether a finding of this code cites the listed reference or something more specific.
    pub cites: Cites,
    /// What it means, in words.
    pub meaning: &'static str,
}

impl From<FindingCode> for FindingInfo {
    fn from(code: FindingCode) -> Self {
        Self {
            code,
            severity: code.severity(),
            reference: code.reference(),
            cites: code.cites(),
            meaning: code.meaning(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_serialise_as_listed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in FindingCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(text))
            );
            assert!(!code.meaning().ends_with('.'), "{text}");
        }
        assert_eq!(seen.len(), 61);
    }

    /// A reference is a requirement of the clause register (`6.1.3.d`), a lettered item of one
    /// (`10.2.b`), or an Annex A control.
    #[test]
    fn references_name_a_clause_requirement_or_a_control() {
        for code in FindingCode::ALL {
            let reference = code.reference();
            let requirement = |id: &str| crate::clauses::requirements().iter().any(|r| r.id == id);
            let item = reference.rsplit_once('.').is_some_and(|(parent, letter)| {
                letter.len() == 1
                    && letter.chars().all(|c| c.is_ascii_lowercase())
                    && requirement(parent)
            });
            let known =
                requirement(reference) || item || crate::catalogue::find(reference).is_some();
            assert!(known, "{}: {reference}", code.as_str());
        }
    }
}
