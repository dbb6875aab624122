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
//! [`control`] writes the document control that heads every document. With the `documents`
//! feature, `documents` lays out the documents of the ISMS and the audit checklist, and `oscal`
//! writes the OSCAL 1.2.1 documents. [`job`] holds what is written into a container (a workbook, the
//! audit pack's ZIP) until it is written; with the `xlsx-write` feature, `xlsx` writes workbooks
//! and `pack` zips files.
//!
//! `report` holds the report model (a report, its tables, their columns and cells), `layout`
//! which facts, tables and columns each report has, and `csv`, `markdown`, `html` and `xlsx` the
//! formats; this file names the formats and dispatches to them.

pub mod control;
mod csv;
#[cfg(feature = "documents")]
pub mod documents;
#[cfg(feature = "documents")]
mod docx;
mod html;
pub mod job;
mod layout;
mod markdown;
#[cfg(feature = "documents")]
pub mod oscal;
#[cfg(feature = "xlsx-write")]
pub mod pack;
mod report;
#[cfg(feature = "xlsx-write")]
mod xlsx;

pub use self::layout::{
    ReportKind, SOA_COLUMNS, combined_report, plan_report, readiness_report, soa_report,
};
pub use self::report::{Report, Table, TableCell, TableColumn};

use crate::error::Result;
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// Which format: an Excel workbook unless a request names another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(transform = md_alias))]
pub enum Format {
    /// The report's data as JSON.
    Json,
    /// RFC 4180 CSV of the first table.
    Csv,
    /// GitHub-flavoured Markdown (`md` is the same).
    #[serde(alias = "md")]
    Markdown,
    /// A self-contained printable HTML page.
    Html,
    /// An Excel workbook.
    #[default]
    Xlsx,
    /// A ZIP archive: the `audit_pack` only.
    Zip,
    /// A Word document (Office Open XML).
    Docx,
}

/// Adds `md`, the short name of `markdown` that requests may use, to the schema of [`Format`].
#[cfg(feature = "schema")]
fn md_alias(schema: &mut schemars::Schema) {
    if let Some(serde_json::Value::Array(variants)) = schema.get_mut("oneOf") {
        variants.push(serde_json::json!({
            "const": "md",
            "description": "The same as `markdown`.",
            "type": "string"
        }));
    }
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
            Format::Zip => "zip",
            Format::Docx => "docx",
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
            Format::Zip => "application/zip",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// True for the formats written as text (all but XLSX, ZIP and DOCX).
    pub fn is_text(self) -> bool {
        !matches!(self, Format::Xlsx | Format::Zip | Format::Docx)
    }

    /// True for the formats only a build with the `documents` feature writes (DOCX).
    pub fn needs_documents(self) -> bool {
        self == Format::Docx
    }
}

/// Writes a report in a text format or as XLSX (through a [`job::Job`], as every workbook is). JSON is written from the report's data by the
/// caller, not from the layout. `created` dates the XLSX properties, so the same input gives the
/// same bytes.
pub fn write(report: &Report, format: Format, created: Option<&Date>) -> Result<Vec<u8>> {
    match format {
        Format::Csv => csv::write(report),
        Format::Markdown => Ok(markdown::write(report).into_bytes()),
        Format::Html => Ok(html::write(report).into_bytes()),
        Format::Xlsx => job::finish(&job::Job::workbook(String::new(), report, created)),
        Format::Json => Err(crate::Error::new(
            crate::ErrorCode::SchemaViolation,
            "/format",
            "JSON is written from the report's data",
        )),
        Format::Zip => Err(crate::Error::new(
            crate::ErrorCode::SchemaViolation,
            "/format",
            "a ZIP holds the audit pack: export `audit_pack`",
        )),
        #[cfg(feature = "documents")]
        Format::Docx => job::finish(&job::Job::docx(String::new(), report, created)),
        #[cfg(not(feature = "documents"))]
        Format::Docx => Err(crate::Error::new(
            crate::ErrorCode::UnknownOp,
            "/format",
            "DOCX needs the cargo feature `documents`",
        )
        .with_details(serde_json::json!({ "feature": "documents" }))),
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
    use super::report::{col, format_number};
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
    #[cfg(feature = "documents")]
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
            draft: false,
            facts: vec![("Scope", "a\nb".into())],
            tables: vec![Table {
                name: "T",
                heading: "H".into(),
                text: Vec::new(),
                columns: vec![col("A", 5.0), col("B", 5.0)],
                rows: vec![vec![TableCell::from("x,\"y\"\nz"), TableCell::Number(1.5)]],
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
