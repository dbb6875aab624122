//! The layouts: which facts, tables and columns each report has (the Statement of Applicability,
//! the risk treatment plan, the readiness report, and all three in one), filled from the
//! engine's results.

use super::label;
use super::report::{Report, Table, TableCell, TableColumn, col};
use crate::analysis::PlanRow;
use crate::checks::Finding;
use crate::model::{Date, InclusionReason};
use crate::readiness::{Implementation, Readiness, RequirementStatus};
use crate::soa::Soa;
use serde::Deserialize;

/// Which report: the Statement of Applicability unless a request names another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The Statement of Applicability.
    #[default]
    Soa,
    /// The risk treatment plan.
    TreatmentPlan,
    /// The readiness report.
    Readiness,
    /// All three in one (not for CSV).
    All,
    /// The scope statement (4.3).
    Scope,
    /// The information security policy (5.2).
    Policy,
    /// The risk assessment and treatment methodology (6.1.2, 6.1.3).
    Methodology,
    /// The risk assessment report (8.2).
    RiskAssessment,
    /// The information security objectives with their progress (6.2).
    Objectives,
    /// The asset inventory (A.5.9).
    Assets,
    /// Competence and awareness records (7.2, 7.3).
    Competence,
    /// The internal audit programme (9.2).
    AuditProgramme,
    /// The reports of the internal audits performed (9.2).
    AuditReport,
    /// The management review records (9.3).
    ManagementReview,
    /// Nonconformities and corrective actions (10.2).
    Nonconformities,
    /// The incident register.
    Incidents,
    /// The internal audit checklist (see the `audit_checklist` op; not as JSON).
    AuditChecklist,
    /// Every document (Markdown and HTML), the audit checklist, the SoA workbook and the OSCAL
    /// documents in one ZIP (format `zip` only).
    AuditPack,
}

impl ReportKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Soa => "soa",
            ReportKind::TreatmentPlan => "treatment_plan",
            ReportKind::Readiness => "readiness",
            ReportKind::All => "all",
            ReportKind::Scope => "scope",
            ReportKind::Policy => "policy",
            ReportKind::Methodology => "methodology",
            ReportKind::RiskAssessment => "risk_assessment",
            ReportKind::Objectives => "objectives",
            ReportKind::Assets => "assets",
            ReportKind::Competence => "competence",
            ReportKind::AuditProgramme => "audit_programme",
            ReportKind::AuditReport => "audit_report",
            ReportKind::ManagementReview => "management_review",
            ReportKind::Nonconformities => "nonconformities",
            ReportKind::Incidents => "incidents",
            ReportKind::AuditChecklist => "audit_checklist",
            ReportKind::AuditPack => "audit_pack",
        }
    }

    /// The documents of the ISMS, each written from the document: every kind but `all`.
    pub const DOCUMENTS: &'static [ReportKind] = &[
        ReportKind::Scope,
        ReportKind::Policy,
        ReportKind::Methodology,
        ReportKind::RiskAssessment,
        ReportKind::TreatmentPlan,
        ReportKind::Soa,
        ReportKind::Objectives,
        ReportKind::Assets,
        ReportKind::Competence,
        ReportKind::AuditProgramme,
        ReportKind::AuditReport,
        ReportKind::ManagementReview,
        ReportKind::Nonconformities,
        ReportKind::Incidents,
        ReportKind::Readiness,
    ];

    /// True for the documents of the ISMS, the audit checklist and the audit pack: the reports
    /// only a build with the `documents` feature writes.
    pub fn needs_documents(self) -> bool {
        !self.has_json()
    }

    /// The wire names of the reports only a build with the `documents` feature writes
    /// ([`ReportKind::needs_documents`]), whether this build has it or not.
    pub fn document_reports() -> impl Iterator<Item = &'static str> {
        ReportKind::DOCUMENTS
            .iter()
            .chain(&[ReportKind::AuditChecklist, ReportKind::AuditPack])
            .filter(|kind| kind.needs_documents())
            .map(|kind| kind.as_str())
    }

    /// True for the reports that have a JSON form of their own data (the SoA, the treatment
    /// plan, the readiness report and all three).
    pub fn has_json(self) -> bool {
        matches!(
            self,
            ReportKind::Soa | ReportKind::TreatmentPlan | ReportKind::Readiness | ReportKind::All
        )
    }
}

fn join<T>(items: &[T], text: impl Fn(&T) -> String) -> TableCell {
    TableCell::from(items.iter().map(text).collect::<Vec<_>>().join("; "))
}

fn date(d: Option<&Date>) -> TableCell {
    d.map_or(TableCell::Empty, |d| TableCell::Text(d.to_string()))
}

fn yes_no(b: bool) -> TableCell {
    TableCell::Text(if b { "Yes" } else { "No" }.into())
}

fn findings_table(name: &'static str, heading: &str, findings: &[Finding]) -> Table {
    Table {
        name,
        heading: heading.to_owned(),
        text: Vec::new(),
        columns: vec![
            col("Severity", 10.0),
            col("Code", 28.0),
            col("Reference", 11.0),
            col("Path", 28.0),
            col("Message", 80.0),
        ],
        rows: findings
            .iter()
            .map(|f| {
                vec![
                    TableCell::Text(label(f.severity.as_str())),
                    TableCell::from(f.code.as_str()),
                    TableCell::from(f.reference),
                    TableCell::from(f.path.as_str()),
                    TableCell::from(f.message.as_str()),
                ]
            })
            .collect(),
    }
}

/// The Statement of Applicability laid out.
pub fn soa_report(soa: &Soa<'_>) -> Report {
    let h = &soa.header;
    let s = &soa.summary;
    let applicable = |a: Option<bool>| match a {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Undecided",
    };
    let rows = soa
        .rows
        .iter()
        .map(|r| {
            vec![
                TableCell::from(r.control),
                TableCell::from(r.title),
                r.theme
                    .map_or(TableCell::Empty, |t| TableCell::Text(label(t.as_str()))),
                TableCell::from(applicable(r.applicable)),
                join(&r.reasons, |x: &InclusionReason| label(x.as_str())),
                TableCell::from(r.justification),
                match (r.applicable, r.status) {
                    (Some(false), _) => TableCell::from("Excluded"),
                    (_, Some(x)) => TableCell::Text(label(x.as_str())),
                    (_, None) => TableCell::Empty,
                },
                TableCell::from(r.owner),
                join(r.evidence, Clone::clone),
                join(&r.risks, |x| (*x).to_owned()),
                join(&r.requirements, |x| (*x).to_owned()),
                join(r.control_type, |x| label(x.as_str())),
                join(r.security_properties, |x| label(x.as_str())),
                join(r.cybersecurity_concepts, |x| label(x.as_str())),
                join(r.operational_capabilities, |x| label(x.as_str())),
                join(r.security_domains, |x| label(x.as_str())),
                TableCell::from(r.notes),
            ]
        })
        .collect();
    let mut tables = vec![Table {
        name: "SoA",
        heading: "Statement of Applicability".into(),
        text: Vec::new(),
        columns: SOA_COLUMNS.to_vec(),
        rows,
    }];
    if !soa.findings.is_empty() {
        tables.push(findings_table("SoA findings", "Findings", &soa.findings));
    }
    Report {
        title: format!("Statement of Applicability — {}", h.organisation),
        draft: false,
        facts: vec![
            ("Organisation", h.organisation.to_owned()),
            ("Scope", h.scope.to_owned()),
            ("Version", h.version.to_owned()),
            ("Approved by", h.approved_by.to_owned()),
            (
                "Approved on",
                h.approved_on.map(Date::to_string).unwrap_or_default(),
            ),
            (
                "Next review",
                h.next_review.map(Date::to_string).unwrap_or_default(),
            ),
            ("Risk method", h.method.to_owned()),
            (
                "Controls",
                format!(
                    "{} ({} Annex A, {} custom): {} applicable, {} not applicable, {} undecided",
                    s.controls, s.annex_a, s.custom, s.applicable, s.not_applicable, s.undecided
                ),
            ),
            (
                "Implementation",
                format!(
                    "{} implemented, {} partially implemented, {} planned, {} not implemented",
                    s.implemented, s.partially_implemented, s.planned, s.not_implemented
                ),
            ),
            (
                "Standard",
                "ISO/IEC 27001:2022 Annex A; attributes of ISO/IEC 27002:2022".into(),
            ),
        ],
        tables,
    }
}

/// The columns of the SoA table, as the XLSX and CSV exports head them.
pub const SOA_COLUMNS: &[TableColumn] = &[
    col("Control", 9.0),
    col("Title", 42.0),
    col("Theme", 14.0),
    col("Applicable", 11.0),
    col("Reasons for inclusion", 28.0),
    col("Justification for exclusion", 40.0),
    col("Implementation status", 20.0),
    col("Owner", 24.0),
    col("Evidence", 30.0),
    col("Linked risks", 20.0),
    col("Requirements", 14.0),
    col("Control type", 16.0),
    col("Security properties", 20.0),
    col("Cybersecurity concepts", 20.0),
    col("Operational capabilities", 26.0),
    col("Security domains", 26.0),
    col("Notes", 40.0),
];

/// The risk treatment plan laid out.
pub fn plan_report(organisation: &str, method: &str, plan: &[PlanRow<'_>]) -> Report {
    let open = plan.iter().filter(|p| p.status.is_open()).count();
    let overdue = plan.iter().filter(|p| p.overdue).count();
    let risks = {
        let mut ids: Vec<&str> = plan.iter().map(|p| p.risk).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    Report {
        title: format!("Risk treatment plan — {organisation}"),
        draft: false,
        facts: vec![
            ("Organisation", organisation.to_owned()),
            ("Risk method", method.to_owned()),
            (
                "Actions",
                format!(
                    "{} for {risks} risks: {open} open, {overdue} overdue",
                    plan.len()
                ),
            ),
            (
                "Order",
                "open actions first, then by the risk's current score, then by due date".into(),
            ),
        ],
        tables: vec![Table {
            name: "Treatment plan",
            heading: "Risk treatment plan".into(),
            text: Vec::new(),
            columns: vec![
                col("Risk", 10.0),
                col("Risk title", 40.0),
                col("Risk owner", 22.0),
                col("Band", 10.0),
                col("Score", 7.0),
                col("Above appetite", 9.0),
                col("Option", 10.0),
                col("Action", 10.0),
                col("Description", 50.0),
                col("Action owner", 22.0),
                col("Due", 11.0),
                col("Status", 12.0),
                col("Overdue", 9.0),
                col("Controls", 20.0),
            ],
            rows: plan
                .iter()
                .map(|p| {
                    vec![
                        TableCell::from(p.risk),
                        TableCell::from(p.risk_title),
                        TableCell::from(p.risk_owner),
                        p.band
                            .map_or(TableCell::Empty, |b| TableCell::Text(label(b))),
                        TableCell::from(p.score),
                        yes_no(p.above_appetite),
                        p.option
                            .map_or(TableCell::Empty, |o| TableCell::Text(label(o.as_str()))),
                        TableCell::from(p.action),
                        TableCell::from(p.description),
                        TableCell::from(p.owner),
                        date(p.due),
                        TableCell::Text(label(p.status.as_str())),
                        yes_no(p.overdue),
                        join(p.controls, Clone::clone),
                    ]
                })
                .collect(),
        }],
    }
}

fn implementation_columns(first: &'static str) -> Vec<TableColumn> {
    vec![
        col(first, 26.0),
        col("Controls", 9.0),
        col("Applicable", 10.0),
        col("Not applicable", 10.0),
        col("Undecided", 10.0),
        col("Implemented", 12.0),
        col("Partially implemented", 12.0),
        col("Planned", 9.0),
        col("Not implemented", 12.0),
        col("Implementation", 14.0),
    ]
}

fn implementation_row(prefix: Option<&'static str>, g: &Implementation) -> Vec<TableCell> {
    let mut row = Vec::with_capacity(11);
    if let Some(prefix) = prefix {
        row.push(TableCell::Text(label(prefix)));
    }
    row.extend([
        TableCell::Text(label(g.key)),
        TableCell::from(g.counts.controls),
        TableCell::from(g.counts.applicable),
        TableCell::from(g.counts.not_applicable),
        TableCell::from(g.counts.undecided),
        TableCell::from(g.counts.implemented),
        TableCell::from(g.counts.partially_implemented),
        TableCell::from(g.counts.planned),
        TableCell::from(g.counts.not_implemented),
        g.ratio.map_or(TableCell::Empty, |r| {
            TableCell::Text(format!("{:.0} %", 100.0 * r))
        }),
    ]);
    row
}

/// The readiness report laid out; the gap list comes first.
pub fn readiness_report(r: &Readiness) -> Report {
    let s = &r.score;
    let gaps = Table {
        name: "Gaps",
        heading: "Gaps, most urgent first".into(),
        text: Vec::new(),
        columns: vec![
            col("Rank", 6.0),
            col("Severity", 10.0),
            col("Kind", 12.0),
            col("Code", 30.0),
            col("Reference", 11.0),
            col("Path", 28.0),
            col("What to do", 90.0),
        ],
        rows: r
            .gaps
            .iter()
            .map(|g| {
                vec![
                    TableCell::from(g.rank),
                    TableCell::Text(label(g.severity.as_str())),
                    TableCell::Text(label(g.kind.as_str())),
                    TableCell::from(g.code),
                    TableCell::from(g.reference),
                    TableCell::from(g.path.as_str()),
                    TableCell::from(g.message.as_str()),
                ]
            })
            .collect(),
    };
    let requirements = Table {
        name: "Clauses",
        heading: "Clause requirements 4.1–10.2".into(),
        text: Vec::new(),
        columns: vec![
            col("Requirement", 12.0),
            col("Clause", 7.0),
            col("Title", 60.0),
            col("Status", 9.0),
            col("Evidence in the ISMS", 36.0),
            col("Register entries", 20.0),
            col("Findings", 9.0),
        ],
        rows: r
            .requirements
            .iter()
            .map(|q| {
                vec![
                    TableCell::from(q.id),
                    TableCell::from(q.clause),
                    TableCell::from(q.title),
                    TableCell::Text(
                        match q.status {
                            RequirementStatus::Met => "Met",
                            RequirementStatus::Partial => "Partial",
                            RequirementStatus::Missing => "Missing",
                        }
                        .into(),
                    ),
                    q.evidence.map_or(TableCell::Empty, TableCell::from),
                    join(&q.documents, Clone::clone),
                    TableCell::from(q.findings),
                ]
            })
            .collect(),
    };
    let documents = Table {
        name: "Documented information",
        heading: "Mandatory documented information".into(),
        text: Vec::new(),
        columns: vec![
            col("Requirement", 12.0),
            col("Kind", 10.0),
            col("Name", 50.0),
            col("Present", 9.0),
            col("Register entries", 20.0),
            col("Held in the ISMS at", 24.0),
        ],
        rows: r
            .documents
            .iter()
            .map(|d| {
                vec![
                    TableCell::from(d.requirement),
                    TableCell::Text(label(d.kind.as_str())),
                    TableCell::from(d.name),
                    yes_no(d.present),
                    join(&d.documents, Clone::clone),
                    d.held_in.map_or(TableCell::Empty, TableCell::from),
                ]
            })
            .collect(),
    };
    let themes = Table {
        name: "Annex A by theme",
        heading: "Annex A implementation by theme".into(),
        text: Vec::new(),
        columns: implementation_columns("Theme"),
        rows: r
            .by_theme
            .iter()
            .map(|g| implementation_row(None, g))
            .collect(),
    };
    let a = &r.by_attribute;
    let mut attribute_rows = Vec::new();
    for (dimension, groups) in [
        ("control_type", &a.control_type),
        ("security_properties", &a.security_properties),
        ("cybersecurity_concepts", &a.cybersecurity_concepts),
        ("operational_capabilities", &a.operational_capabilities),
        ("security_domains", &a.security_domains),
    ] {
        attribute_rows.extend(
            groups
                .iter()
                .map(|g| implementation_row(Some(dimension), g)),
        );
    }
    let mut attribute_columns = vec![col("Attribute", 24.0)];
    attribute_columns.extend(implementation_columns("Value"));
    let attributes = Table {
        name: "Annex A by attribute",
        heading: "Annex A implementation by ISO/IEC 27002 attribute".into(),
        text: Vec::new(),
        columns: attribute_columns,
        rows: attribute_rows,
    };
    Report {
        title: format!("ISMS readiness — {}", r.organisation),
        draft: false,
        facts: vec![
            ("Organisation", r.organisation.clone()),
            ("Readiness score", format!("{:.1} / 100", s.score)),
            ("Verdict", label(s.verdict)),
            (
                "Parts",
                format!(
                    "clauses {:.0} %, documented information {:.0} %, Annex A {:.0} %",
                    100.0 * s.clauses,
                    100.0 * s.documents,
                    100.0 * s.controls
                ),
            ),
            (
                "Gaps",
                format!(
                    "{} high, {} medium, {} low",
                    r.summary.high, r.summary.medium, r.summary.low
                ),
            ),
            ("Formula", s.formula.to_owned()),
        ],
        tables: vec![gaps, requirements, documents, themes, attributes],
    }
}

/// The three reports in one: the SoA's facts, then every table.
pub fn combined_report(soa: Report, plan: Report, readiness: Report) -> Report {
    let organisation = soa
        .facts
        .first()
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut facts = soa.facts;
    facts.extend(readiness.facts.into_iter().skip(1));
    let mut tables = soa.tables;
    tables.extend(plan.tables);
    tables.extend(readiness.tables);
    Report {
        title: format!("ISMS report — {organisation}"),
        draft: false,
        facts,
        tables,
    }
}
