//! Reports in the formats people already use. Each report (the Statement of Applicability, the
//! risk treatment plan, the readiness report) is first laid out as a [`Report`]: a title, a few
//! labelled facts and one or more tables. Each format then writes any report the same way:
//!
//! - CSV (RFC 4180, CRLF line ends): the report's first table;
//! - Markdown: the facts as a list, each table as a pipe table, cell text escaped;
//! - HTML: one self-contained, printable page with inline CSS, no script, every text escaped;
//! - XLSX: one sheet per table (header row, autofilter, frozen header, column widths) and an
//!   `About` sheet with the facts.
//!
//! [`oscal`] writes the OSCAL 1.2.1 documents.

mod csv;
mod html;
mod markdown;
pub mod oscal;
mod xlsx;

use crate::error::Result;
use crate::model::{Date, Finding, InclusionReason};
use crate::readiness::{Implementation, Readiness, RequirementStatus};
use crate::risk::analytics::PlanRow;
use crate::soa::Soa;
use serde::Deserialize;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (written as a number in XLSX).
    Number(f64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// The cell as text.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Empty => String::new(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let text = format!("{n:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.to_owned())
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }
}

impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Number(n as f64)
    }
}

/// A column: its header and its width in characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Header text.
    pub header: &'static str,
    /// Width in characters (XLSX); also a hint for wrapping.
    pub width: f64,
}

const fn col(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// A table with a name (the XLSX sheet name, at most 31 characters) and a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short name, unique within a report.
    pub name: &'static str,
    /// Heading in documents.
    pub heading: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// A report laid out for writing.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Title.
    pub title: String,
    /// Labelled facts shown before the tables.
    pub facts: Vec<(&'static str, String)>,
    /// The tables; CSV writes the first.
    pub tables: Vec<Table>,
}

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
}

impl ReportKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Soa => "soa",
            ReportKind::TreatmentPlan => "treatment_plan",
            ReportKind::Readiness => "readiness",
            ReportKind::All => "all",
        }
    }
}

/// Which format: an Excel workbook unless a request names another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The report's data as JSON.
    Json,
    /// RFC 4180 CSV of the first table.
    Csv,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// A self-contained printable HTML page.
    Html,
    /// An Excel workbook.
    #[default]
    Xlsx,
}

impl Format {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }

    /// IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Writes a report in a text format or as XLSX. JSON is written from the report's data by the
/// caller, not from the layout. `created` dates the XLSX properties, so the same input gives the
/// same bytes.
pub fn write(report: &Report, format: Format, created: Option<&Date>) -> Result<Vec<u8>> {
    match format {
        Format::Csv => csv::write(report),
        Format::Markdown => Ok(markdown::write(report).into_bytes()),
        Format::Html => Ok(html::write(report).into_bytes()),
        Format::Xlsx => xlsx::write(report, created),
        Format::Json => Err(crate::Error::new(
            crate::ErrorCode::SchemaViolation,
            "/format",
            "JSON is written from the report's data",
        )),
    }
}

/// `risk_treatment` → `Risk treatment`; `Governance_and_Ecosystem` → `Governance and Ecosystem`.
pub fn label(wire: &str) -> String {
    let spaced = wire.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join<T>(items: &[T], text: impl Fn(&T) -> String) -> Cell {
    Cell::from(items.iter().map(text).collect::<Vec<_>>().join("; "))
}

fn date(d: Option<&Date>) -> Cell {
    d.map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
}

fn yes_no(b: bool) -> Cell {
    Cell::Text(if b { "Yes" } else { "No" }.into())
}

fn findings_table(name: &'static str, heading: &str, findings: &[Finding]) -> Table {
    Table {
        name,
        heading: heading.to_owned(),
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
                    Cell::Text(label(f.severity.as_str())),
                    Cell::from(f.code),
                    Cell::from(f.reference),
                    Cell::from(f.path.as_str()),
                    Cell::from(f.message.as_str()),
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
                Cell::from(r.control),
                Cell::from(r.title),
                r.theme
                    .map_or(Cell::Empty, |t| Cell::Text(label(t.as_str()))),
                Cell::from(applicable(r.applicable)),
                join(&r.reasons, |x: &InclusionReason| label(x.as_str())),
                Cell::from(r.justification),
                r.status
                    .map_or(Cell::Empty, |x| Cell::Text(label(x.as_str()))),
                Cell::from(r.owner),
                join(r.evidence, Clone::clone),
                join(&r.risks, |x| (*x).to_owned()),
                join(&r.requirements, |x| (*x).to_owned()),
                join(r.control_type, |x| label(x.as_str())),
                join(r.security_properties, |x| label(x.as_str())),
                join(r.cybersecurity_concepts, |x| label(x.as_str())),
                join(r.operational_capabilities, |x| label(x.as_str())),
                join(r.security_domains, |x| label(x.as_str())),
                Cell::from(r.notes),
            ]
        })
        .collect();
    let mut tables = vec![Table {
        name: "SoA",
        heading: "Statement of Applicability".into(),
        columns: SOA_COLUMNS.to_vec(),
        rows,
    }];
    if !soa.findings.is_empty() {
        tables.push(findings_table("SoA findings", "Findings", &soa.findings));
    }
    Report {
        title: format!("Statement of Applicability — {}", h.organisation),
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
pub const SOA_COLUMNS: &[Column] = &[
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
                        Cell::from(p.risk),
                        Cell::from(p.risk_title),
                        Cell::from(p.risk_owner),
                        p.band.map_or(Cell::Empty, |b| Cell::Text(label(b))),
                        Cell::from(p.score),
                        yes_no(p.above_appetite),
                        p.option
                            .map_or(Cell::Empty, |o| Cell::Text(label(o.as_str()))),
                        Cell::from(p.action),
                        Cell::from(p.description),
                        Cell::from(p.owner),
                        date(p.due),
                        Cell::Text(label(p.status.as_str())),
                        yes_no(p.overdue),
                        join(p.controls, Clone::clone),
                    ]
                })
                .collect(),
        }],
    }
}

fn implementation_columns(first: &'static str) -> Vec<Column> {
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

fn implementation_row(prefix: Option<&'static str>, g: &Implementation) -> Vec<Cell> {
    let mut row = Vec::with_capacity(11);
    if let Some(prefix) = prefix {
        row.push(Cell::Text(label(prefix)));
    }
    row.extend([
        Cell::Text(label(g.key)),
        Cell::from(g.counts.controls),
        Cell::from(g.counts.applicable),
        Cell::from(g.counts.not_applicable),
        Cell::from(g.counts.undecided),
        Cell::from(g.counts.implemented),
        Cell::from(g.counts.partially_implemented),
        Cell::from(g.counts.planned),
        Cell::from(g.counts.not_implemented),
        g.ratio
            .map_or(Cell::Empty, |r| Cell::Text(format!("{:.0} %", 100.0 * r))),
    ]);
    row
}

/// The readiness report laid out; the gap list comes first.
pub fn readiness_report(r: &Readiness) -> Report {
    let s = &r.score;
    let gaps = Table {
        name: "Gaps",
        heading: "Gaps, most urgent first".into(),
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
                    Cell::from(g.rank),
                    Cell::Text(label(g.severity.as_str())),
                    Cell::Text(label(g.kind.as_str())),
                    Cell::from(g.code),
                    Cell::from(g.reference),
                    Cell::from(g.path.as_str()),
                    Cell::from(g.message.as_str()),
                ]
            })
            .collect(),
    };
    let requirements = Table {
        name: "Clauses",
        heading: "Clause requirements 4.1–10.2".into(),
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
                    Cell::from(q.id),
                    Cell::from(q.clause),
                    Cell::from(q.title),
                    Cell::Text(
                        match q.status {
                            RequirementStatus::Met => "Met",
                            RequirementStatus::Partial => "Partial",
                            RequirementStatus::Missing => "Missing",
                        }
                        .into(),
                    ),
                    q.evidence.map_or(Cell::Empty, Cell::from),
                    join(&q.documents, Clone::clone),
                    Cell::from(q.findings),
                ]
            })
            .collect(),
    };
    let documents = Table {
        name: "Documented information",
        heading: "Mandatory documented information".into(),
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
                    Cell::from(d.requirement),
                    Cell::Text(label(d.kind.as_str())),
                    Cell::from(d.name),
                    yes_no(d.present),
                    join(&d.documents, Clone::clone),
                    d.held_in.map_or(Cell::Empty, Cell::from),
                ]
            })
            .collect(),
    };
    let themes = Table {
        name: "Annex A by theme",
        heading: "Annex A implementation by theme".into(),
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
        columns: attribute_columns,
        rows: attribute_rows,
    };
    Report {
        title: format!("ISMS readiness — {}", r.organisation),
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
        facts,
        tables,
    }
}

/// A file name for an export: the organisation as a slug, the report, the extension.
pub fn filename(organisation: &str, report: &str, extension: &str) -> String {
    let mut slug = String::new();
    for c in organisation.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "isms" } else { slug };
    format!("{slug}-{}.{extension}", report.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_filenames_and_numbers() {
        assert_eq!(label("risk_treatment"), "Risk treatment");
        assert_eq!(
            label("Governance_and_Ecosystem"),
            "Governance and Ecosystem"
        );
        assert_eq!(
            filename("Acme & Sons, Ltd.", "treatment_plan", "csv"),
            "acme-sons-ltd-treatment-plan.csv"
        );
        assert_eq!(filename("  ", "soa", "md"), "isms-soa.md");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(0.8967), "0.8967");
        assert_eq!(format_number(2.5), "2.5");
    }

    #[test]
    fn oscal_tokens() {
        use oscal::{is_token, token};
        assert!(is_token("A.5.1") && is_token("_x-1") && !is_token("5.1") && !is_token(""));
        assert_eq!(token("A.5.1"), "A.5.1");
        assert_eq!(token("1 backup"), "x-1-backup");
        assert_eq!(token("CC:7"), "CC-7");
    }

    #[test]
    fn every_format_writes_a_report_with_hostile_text() {
        let report = Report {
            title: "<b>T</b> | x".into(),
            facts: vec![("Scope", "a\nb".into())],
            tables: vec![Table {
                name: "T",
                heading: "H".into(),
                columns: vec![col("A", 5.0), col("B", 5.0)],
                rows: vec![vec![Cell::from("x,\"y\"\nz"), Cell::Number(1.5)]],
            }],
        };
        let csv = String::from_utf8(write(&report, Format::Csv, None).unwrap_or_default())
            .unwrap_or_default();
        assert_eq!(csv, "A,B\r\n\"x,\"\"y\"\"\nz\",1.5\r\n");
        let md = String::from_utf8(write(&report, Format::Markdown, None).unwrap_or_default())
            .unwrap_or_default();
        assert!(md.starts_with("# \\<b\\>T\\</b\\> \\| x\n") && md.contains("| x,\"y\" z | 1.5 |"));
        let html = String::from_utf8(write(&report, Format::Html, None).unwrap_or_default())
            .unwrap_or_default();
        assert!(html.contains("<h1>&lt;b&gt;T&lt;/b&gt; | x</h1>") && !html.contains("<b>"));
        let xlsx = write(&report, Format::Xlsx, None).unwrap_or_default();
        assert!(xlsx.starts_with(b"PK"));
        assert_eq!(xlsx, write(&report, Format::Xlsx, None).unwrap_or_default());
        assert!(write(&report, Format::Json, None).is_err());
    }
}
