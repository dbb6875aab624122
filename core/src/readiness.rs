//! Readiness for certification: where each clause requirement 4.1–10.2 stands, whether the
//! mandatory documented information exists, how far Annex A is implemented (by theme and by
//! attribute), one score, and the gaps in the order an auditor would raise them.
//!
//! # Status of a requirement
//!
//! A requirement is *evidenced* when the document holds what it asks for (issues for 4.1, a
//! scope statement for 4.3, a completed audit for 9.2.2, …; see [`evidence`]) or when an entry of
//! the documented-information register cites it. It is then `met`, or `partial` when a finding of
//! high or medium severity concerns it. Without evidence it is `missing`.
//!
//! # Score
//!
//! ```text
//! C = (met + ½·partial) / normative requirements          clauses 4–10 (37 requirements)
//! D = present / mandatory documented information          18 items
//! A = (implemented + ½·partially implemented) / (applicable + undecided)   SoA rows
//! score = 100 · (0.4·C + 0.2·D + 0.4·A), rounded to one decimal
//! ```
//! An undecided control counts as applicable and not implemented. The verdict is `ready` at a
//! score of 80 or more with no gap of high severity, `nearly_ready` at 60 or more, else
//! `not_ready`.
//!
//! # Gap order
//!
//! Severity first; then the management system before Annex A, as a certification audit checks
//! clauses 4–10 (stage 1) before the controls (stage 2); then clause or control order; then
//! document order.

use crate::catalogue::{
    self, ControlType, CybersecurityConcept, OperationalCapability, SecurityDomain,
    SecurityProperty, Theme,
};
use crate::checks::{Checked, Finding, Severity};
use crate::clauses::{self, DocumentKind, RequirementKind};
use crate::model::{
    AuditStatus, CompetenceKind, Document, DocumentClass, ImplementationStatus, blank,
};
use crate::soa::{ControlTally, Soa, SoaRow, round4};
use serde::Serialize;

/// Where a requirement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    /// Evidenced, with no high or medium finding.
    Met,
    /// Evidenced, with findings to address.
    Partial,
    /// No evidence in the document.
    Missing,
}

/// One clause requirement.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequirementState {
    /// `4.1` … `10.2`.
    pub id: &'static str,
    /// The top-level clause.
    pub clause: &'static str,
    /// The requirement, in this project's words.
    pub title: &'static str,
    /// Met, partial or missing.
    pub status: RequirementStatus,
    /// What in the document shows it, if anything.
    pub evidence: Option<&'static str>,
    /// Register entries that cite it.
    pub documents: Vec<String>,
    /// Findings of high or medium severity that concern it.
    pub findings: usize,
}

/// One item of the mandatory documented information.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentState {
    /// The requirement that asks for it.
    pub requirement: &'static str,
    /// Document or record.
    pub kind: DocumentKind,
    /// What it is.
    pub name: &'static str,
    /// Whether it exists.
    pub present: bool,
    /// Register entries of that kind citing the requirement.
    pub documents: Vec<String>,
    /// What the ISMS document itself holds of it, when no register entry does.
    pub held_in: Option<&'static str>,
}

/// Implementation counts over a group of SoA rows: a theme or an attribute value.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Implementation {
    /// The group: a theme or an attribute value.
    pub key: &'static str,
    /// The counts.
    #[serde(flatten)]
    pub counts: ControlTally,
    /// [`ControlTally::ratio`] of the group.
    pub ratio: Option<f64>,
}

impl Implementation {
    fn new(key: &'static str) -> Self {
        Self {
            key,
            ..Self::default()
        }
    }

    fn add(&mut self, row: &SoaRow<'_>) {
        self.counts.add(row);
    }

    fn finish(mut self) -> Self {
        self.ratio = self.counts.ratio();
        self
    }
}

/// Annex A implementation by each 27002 attribute dimension.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ByAttribute {
    /// Preventive, detective, corrective.
    pub control_type: Vec<Implementation>,
    /// Confidentiality, integrity, availability.
    pub security_properties: Vec<Implementation>,
    /// Identify … recover.
    pub cybersecurity_concepts: Vec<Implementation>,
    /// Operational capabilities.
    pub operational_capabilities: Vec<Implementation>,
    /// Security domains.
    pub security_domains: Vec<Implementation>,
}

/// The score and its parts (see the module documentation for the formula).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Score {
    /// 0 to 100, one decimal.
    pub score: f64,
    /// `ready`, `nearly_ready` or `not_ready`.
    pub verdict: &'static str,
    /// C: clause requirements, 0 to 1.
    pub clauses: f64,
    /// D: mandatory documented information, 0 to 1.
    pub documents: f64,
    /// A: Annex A implementation, 0 to 1.
    pub controls: f64,
    /// The formula, in words.
    pub formula: &'static str,
}

/// What a gap is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// A clause requirement without evidence.
    Requirement,
    /// A missing item of mandatory documented information.
    Document,
    /// A finding of the document check.
    Finding,
    /// An applicable control not yet (fully) implemented.
    Control,
}

impl GapKind {
    /// The kind as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            GapKind::Requirement => "requirement",
            GapKind::Document => "document",
            GapKind::Finding => "finding",
            GapKind::Control => "control",
        }
    }
}

/// One gap, in priority order.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gap {
    /// 1 for the first thing to fix.
    pub rank: usize,
    /// How much it matters.
    pub severity: Severity,
    /// Requirement, document, finding or control.
    pub kind: GapKind,
    /// Stable code (a finding code, `requirement_missing`, `document_missing`,
    /// `control_not_implemented`, `control_planned`, `control_partially_implemented`).
    pub code: &'static str,
    /// The clause requirement or control it concerns.
    pub reference: &'static str,
    /// Pointer into the document, when the gap sits at one place.
    pub path: String,
    /// What to do, in words.
    pub message: String,
}

/// How many gaps of each severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GapCounts {
    /// High.
    pub high: usize,
    /// Medium.
    pub medium: usize,
    /// Low.
    pub low: usize,
}

/// The readiness report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Readiness {
    /// The organisation.
    pub organisation: String,
    /// The score.
    pub score: Score,
    /// Gaps per severity.
    pub summary: GapCounts,
    /// Clause requirements 4.1–10.2 (normative ones; notes are left out).
    pub requirements: Vec<RequirementState>,
    /// The mandatory documented information.
    pub documents: Vec<DocumentState>,
    /// Annex A (and custom controls) by theme.
    pub by_theme: Vec<Implementation>,
    /// Annex A by 27002 attribute.
    pub by_attribute: ByAttribute,
    /// Everything to fix, most urgent first.
    pub gaps: Vec<Gap>,
}

/// What the document holds that evidences a requirement, if it does.
pub fn evidence(doc: &Document, requirement: &str) -> Option<&'static str> {
    let has = |yes: bool, what: &'static str| yes.then_some(what);
    let risks_rated = doc.risks.iter().any(|r| r.inherent.is_some());
    match requirement {
        "4.1" => has(
            !doc.context.issues.is_empty(),
            "internal and external issues",
        ),
        "4.1-climate" => has(
            doc.context.issues.iter().any(|i| i.climate),
            "an issue about climate change",
        ),
        "4.2" => has(
            !doc.context.interested_parties.is_empty(),
            "interested parties",
        ),
        "4.3" => has(!blank(&doc.context.scope.statement), "the scope statement"),
        "4.4" => has(
            !blank(&doc.context.scope.statement)
                && doc.leadership.policy.is_some()
                && !doc.risks.is_empty()
                && !doc.controls.is_empty(),
            "scope, policy, risk register and SoA",
        ),
        "5.1" => has(
            doc.leadership
                .policy
                .as_ref()
                .is_some_and(|p| !blank(&p.approved_by))
                && !doc.management_reviews.is_empty(),
            "an approved policy and a management review",
        ),
        "5.2" => has(doc.leadership.policy.is_some(), "the policy"),
        "5.3" => has(!doc.leadership.roles.is_empty(), "roles"),
        "6.1.1" => has(!doc.risks.is_empty(), "the risk register"),
        "6.1.2" | "8.2" => has(risks_rated, "rated risks"),
        "6.1.3" | "6.1.3.a" => has(
            doc.risks.iter().any(|r| r.treatment.is_some()),
            "risk treatments",
        ),
        "6.1.3.b" => has(
            doc.risks.iter().any(|r| !r.controls.is_empty()),
            "controls linked to risks",
        ),
        "6.1.3.c" => has(
            catalogue::controls().iter().all(|c| {
                doc.controls
                    .iter()
                    .any(|r| r.control == c.id && r.applicable.is_some())
            }),
            "a decision for every Annex A control",
        ),
        "6.1.3.d" => has(!doc.controls.is_empty(), "control records"),
        "6.1.3.e" => has(
            doc.risks
                .iter()
                .any(|r| r.treatment.as_ref().is_some_and(|t| !t.plan.is_empty())),
            "treatment actions",
        ),
        "6.1.3.f" => has(
            doc.risks.iter().any(|r| r.acceptance.is_some()),
            "risk owners' acceptances",
        ),
        "6.2" => has(!doc.objectives.is_empty(), "objectives"),
        "6.3" => has(!doc.planned_changes.is_empty(), "planned changes"),
        "7.2" => has(
            doc.competence
                .iter()
                .any(|c| c.kind != CompetenceKind::Awareness),
            "competence records",
        ),
        "7.3" => has(
            doc.competence
                .iter()
                .any(|c| c.kind == CompetenceKind::Awareness),
            "awareness records",
        ),
        "7.5.1" => has(
            !doc.documents.is_empty(),
            "the documented-information register",
        ),
        "7.5.2" => has(
            doc.documents
                .iter()
                .any(|d| !blank(&d.version) && d.approved_on.is_some()),
            "versioned, approved documents",
        ),
        "7.5.3" => has(
            doc.documents.iter().any(|d| !blank(&d.location)),
            "document locations",
        ),
        "8.1" => has(
            doc.controls
                .iter()
                .any(|c| c.status == ImplementationStatus::Implemented),
            "implemented controls",
        ),
        "8.3" => has(
            doc.risks.iter().any(|r| {
                r.residual.is_some()
                    || r.treatment
                        .as_ref()
                        .is_some_and(|t| t.plan.iter().any(|a| a.completed_on.is_some()))
            }),
            "residual ratings or completed actions",
        ),
        "9.1" => has(
            doc.kpis.iter().any(|k| !k.measurements.is_empty()),
            "measured indicators",
        ),
        "9.2.1" => has(!doc.audits.is_empty(), "audits"),
        "9.2.2" => has(
            doc.audits
                .iter()
                .any(|a| a.status == AuditStatus::Completed),
            "a completed audit",
        ),
        "9.3.1" => has(!doc.management_reviews.is_empty(), "a management review"),
        "9.3.2" => has(
            doc.management_reviews
                .iter()
                .any(|r| !r.inputs.is_empty() || !r.considered.is_empty()),
            "review inputs",
        ),
        "9.3.3" => has(
            doc.management_reviews
                .iter()
                .any(|r| !r.decisions.is_empty()),
            "review decisions",
        ),
        "10.1" => has(
            doc.nonconformities
                .iter()
                .any(|n| n.verification.as_ref().is_some_and(|v| v.effective))
                || doc
                    .management_reviews
                    .iter()
                    .any(|r| !r.decisions.is_empty()),
            "verified corrections or review decisions",
        ),
        "10.2" => has(!doc.nonconformities.is_empty(), "nonconformities"),
        _ => None,
    }
}

/// What the document itself holds of an item of mandatory documented information.
fn held_in(doc: &Document, requirement: &str, kind: DocumentKind) -> Option<&'static str> {
    let has = |yes: bool, what: &'static str| yes.then_some(what);
    match (requirement, kind) {
        ("4.3", _) => has(!blank(&doc.context.scope.statement), "/context/scope"),
        ("5.2", _) => has(doc.leadership.policy.is_some(), "/leadership/policy"),
        ("6.1.2", _) => has(doc.method.is_some(), "/method"),
        ("6.1.3.d", _) => has(!doc.controls.is_empty(), "/controls"),
        ("6.1.3.e", _) => evidence(doc, "6.1.3.e").map(|_| "/risks"),
        ("6.2", _) => has(!doc.objectives.is_empty(), "/objectives"),
        ("7.2", _) => evidence(doc, "7.2").map(|_| "/competence"),
        ("8.2", _) => evidence(doc, "8.2").map(|_| "/risks"),
        ("8.3", _) => evidence(doc, "8.3").map(|_| "/risks"),
        ("9.1", _) => evidence(doc, "9.1").map(|_| "/kpis"),
        ("9.2.2", DocumentKind::Document) => has(!doc.audits.is_empty(), "/audits"),
        ("9.2.2", DocumentKind::Record) => evidence(doc, "9.2.2").map(|_| "/audits"),
        ("9.3.3", _) => evidence(doc, "9.3.3").map(|_| "/management_reviews"),
        ("10.2", _) => has(!doc.nonconformities.is_empty(), "/nonconformities"),
        _ => None,
    }
}

const FORMULA: &str = "score = 100 × (0.4 × C + 0.2 × D + 0.4 × A); C = (met + ½ partial) / requirements; D = present / mandatory documented information; A = (implemented + ½ partially implemented) / (applicable + undecided controls)";

/// Builds the readiness report from a checked document and its SoA.
pub fn assess(checked: &Checked<'_>, soa: &Soa<'_>) -> Readiness {
    let doc = checked.document;
    let serious = |f: &&Finding| matches!(f.severity, Severity::High | Severity::Medium);

    let mut requirements = Vec::new();
    for r in clauses::requirements() {
        if r.kind != RequirementKind::Requirement {
            continue;
        }
        let documents: Vec<String> = doc
            .documents
            .iter()
            .filter(|d| d.requirements.iter().any(|x| x == r.id))
            .map(|d| d.id.clone())
            .collect();
        let evidence = evidence(doc, r.id);
        let findings = checked
            .findings
            .iter()
            .filter(serious)
            .filter(|f| f.reference == r.id)
            .count();
        let status = match (evidence.is_some() || !documents.is_empty(), findings) {
            (false, _) => RequirementStatus::Missing,
            (true, 0) => RequirementStatus::Met,
            (true, _) => RequirementStatus::Partial,
        };
        requirements.push(RequirementState {
            id: r.id,
            clause: r.clause,
            title: r.title,
            status,
            evidence,
            documents,
            findings,
        });
    }

    let mut documents = Vec::new();
    for r in clauses::requirements() {
        for info in r.documented_information {
            let class = match info.kind {
                DocumentKind::Document => DocumentClass::Document,
                DocumentKind::Record => DocumentClass::Record,
            };
            let registered: Vec<String> = doc
                .documents
                .iter()
                .filter(|d| d.kind == class && d.requirements.iter().any(|x| x == r.id))
                .map(|d| d.id.clone())
                .collect();
            let held = if registered.is_empty() {
                held_in(doc, r.id, info.kind)
            } else {
                None
            };
            documents.push(DocumentState {
                requirement: r.id,
                kind: info.kind,
                name: info.name,
                present: !registered.is_empty() || held.is_some(),
                documents: registered,
                held_in: held,
            });
        }
    }

    let mut by_theme: Vec<Implementation> = Theme::ALL
        .iter()
        .map(|t| Implementation::new(t.as_str()))
        .collect();
    let mut unthemed = Implementation::new("none");
    let mut by_attribute = ByAttribute {
        control_type: ControlType::ALL
            .iter()
            .map(|v| Implementation::new(v.as_str()))
            .collect(),
        security_properties: SecurityProperty::ALL
            .iter()
            .map(|v| Implementation::new(v.as_str()))
            .collect(),
        cybersecurity_concepts: CybersecurityConcept::ALL
            .iter()
            .map(|v| Implementation::new(v.as_str()))
            .collect(),
        operational_capabilities: OperationalCapability::ALL
            .iter()
            .map(|v| Implementation::new(v.as_str()))
            .collect(),
        security_domains: SecurityDomain::ALL
            .iter()
            .map(|v| Implementation::new(v.as_str()))
            .collect(),
    };
    for row in &soa.rows {
        match row
            .theme
            .and_then(|t| Theme::ALL.iter().position(|x| *x == t))
        {
            Some(k) => by_theme.get_mut(k).map_or((), |g| g.add(row)),
            None => unthemed.add(row),
        }
        tally(
            &mut by_attribute.control_type,
            ControlType::ALL,
            row.control_type,
            row,
        );
        tally(
            &mut by_attribute.security_properties,
            SecurityProperty::ALL,
            row.security_properties,
            row,
        );
        tally(
            &mut by_attribute.cybersecurity_concepts,
            CybersecurityConcept::ALL,
            row.cybersecurity_concepts,
            row,
        );
        tally(
            &mut by_attribute.operational_capabilities,
            OperationalCapability::ALL,
            row.operational_capabilities,
            row,
        );
        tally(
            &mut by_attribute.security_domains,
            SecurityDomain::ALL,
            row.security_domains,
            row,
        );
    }
    if unthemed.counts.controls > 0 {
        by_theme.push(unthemed);
    }
    let finish = |v: Vec<Implementation>| v.into_iter().map(Implementation::finish).collect();
    let by_theme = finish(by_theme);
    let by_attribute = ByAttribute {
        control_type: finish(by_attribute.control_type),
        security_properties: finish(by_attribute.security_properties),
        cybersecurity_concepts: finish(by_attribute.cybersecurity_concepts),
        operational_capabilities: finish(by_attribute.operational_capabilities),
        security_domains: finish(by_attribute.security_domains),
    };

    let gaps = gaps(checked, soa, &requirements, &documents);
    let mut summary = GapCounts::default();
    for gap in &gaps {
        match gap.severity {
            Severity::High => summary.high += 1,
            Severity::Medium => summary.medium += 1,
            Severity::Low | Severity::Info => summary.low += 1,
        }
    }

    let share = |part: f64, whole: usize| if whole == 0 { 0.0 } else { part / whole as f64 };
    let c = share(
        requirements
            .iter()
            .map(|r| match r.status {
                RequirementStatus::Met => 1.0,
                RequirementStatus::Partial => 0.5,
                RequirementStatus::Missing => 0.0,
            })
            .sum(),
        requirements.len(),
    );
    let d = share(
        documents.iter().filter(|d| d.present).count() as f64,
        documents.len(),
    );
    let a = soa.summary.ratio().unwrap_or(0.0);
    let score = (1000.0 * (0.4 * c + 0.2 * d + 0.4 * a)).round() / 10.0;
    let verdict = if score >= 80.0 && summary.high == 0 {
        "ready"
    } else if score >= 60.0 {
        "nearly_ready"
    } else {
        "not_ready"
    };

    Readiness {
        organisation: doc.organisation.name.clone(),
        score: Score {
            score,
            verdict,
            clauses: round4(c),
            documents: round4(d),
            controls: round4(a),
            formula: FORMULA,
        },
        summary,
        requirements,
        documents,
        by_theme,
        by_attribute,
        gaps,
    }
}

fn tally<T: PartialEq + Copy>(
    groups: &mut [Implementation],
    all: &[T],
    values: &[T],
    row: &SoaRow<'_>,
) {
    for value in values {
        if let Some(group) = all
            .iter()
            .position(|x| x == value)
            .and_then(|k| groups.get_mut(k))
        {
            group.add(row);
        }
    }
}

/// The position of a reference in the standard: clause requirements in their order, then the
/// Annex A controls in theirs, then anything else.
fn reference_rank(reference: &str) -> (u8, usize) {
    if let Some(k) = clauses::requirements()
        .iter()
        .position(|r| r.id == reference)
    {
        return (0, k);
    }
    if let Some(k) = catalogue::controls().iter().position(|c| c.id == reference) {
        return (1, k);
    }
    (2, 0)
}

fn gaps(
    checked: &Checked<'_>,
    soa: &Soa<'_>,
    requirements: &[RequirementState],
    documents: &[DocumentState],
) -> Vec<Gap> {
    let high_finding_on = |reference: &str| {
        checked
            .findings
            .iter()
            .any(|f| f.severity == Severity::High && f.reference == reference)
    };
    let mut gaps: Vec<(Gap, usize)> = Vec::new();
    let mut push = |gap: Gap| {
        let order = gaps.len();
        gaps.push((gap, order));
    };
    for r in requirements {
        if r.status == RequirementStatus::Missing && !high_finding_on(r.id) {
            // Missing documented information makes it a major gap; otherwise the evidence may
            // exist outside the document, and an auditor would ask for it.
            let documented = clauses::requirements()
                .iter()
                .any(|q| q.id == r.id && !q.documented_information.is_empty());
            push(Gap {
                rank: 0,
                severity: if documented {
                    Severity::High
                } else {
                    Severity::Medium
                },
                kind: GapKind::Requirement,
                code: "requirement_missing",
                reference: r.id,
                path: String::new(),
                message: format!(
                    "no evidence of {} ({}): record it in the ISMS, or cite {} in the documented-information register",
                    r.id,
                    lower_first(r.title),
                    r.id
                ),
            });
        }
    }
    for d in documents {
        if !d.present && !high_finding_on(d.requirement) {
            push(Gap {
                rank: 0,
                severity: Severity::High,
                kind: GapKind::Document,
                code: "document_missing",
                reference: d.requirement,
                path: "/documents".into(),
                message: format!(
                    "mandatory {} missing: {} ({})",
                    d.kind.as_str(),
                    d.name,
                    d.requirement
                ),
            });
        }
    }
    for f in &checked.findings {
        if f.severity == Severity::Info {
            continue;
        }
        push(Gap {
            rank: 0,
            severity: f.severity,
            kind: GapKind::Finding,
            code: f.code.as_str(),
            reference: f.reference,
            path: f.path.clone(),
            message: f.message.clone(),
        });
    }
    for row in &soa.rows {
        if row.applicable != Some(true) {
            continue;
        }
        let (severity, code, what) = match row.status.unwrap_or_default() {
            ImplementationStatus::Implemented => continue,
            ImplementationStatus::NotImplemented => (
                Severity::Medium,
                "control_not_implemented",
                "is applicable but not implemented, and no implementation is planned",
            ),
            ImplementationStatus::Planned => (
                Severity::Low,
                "control_planned",
                "is applicable and its implementation is only planned",
            ),
            ImplementationStatus::PartiallyImplemented => (
                Severity::Low,
                "control_partially_implemented",
                "is applicable and partly implemented",
            ),
        };
        let reference = catalogue::find(row.control).map_or("6.1.3.d", |c| c.id);
        push(Gap {
            rank: 0,
            severity,
            kind: GapKind::Control,
            code,
            reference,
            path: row.record.clone().unwrap_or_default(),
            message: format!("`{}` ({}) {what}", row.control, row.title),
        });
    }
    gaps.sort_by_cached_key(|(g, order)| (g.severity, reference_rank(g.reference), *order));
    gaps.into_iter()
        .enumerate()
        .map(|(k, (mut g, _))| {
            g.rank = k + 1;
            g
        })
        .collect()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
