//! Exports that end in a container (an XLSX workbook, a ZIP archive) are made in two steps: the
//! report is laid out into a [`Job`] (the workbooks as [`Sheets`], the other files as text), then
//! [`finish`] writes the workbooks and zips the files. Both steps run one after the other in a
//! build with every feature. The npm package splits them: its documents module lays out the
//! documents of the ISMS without the XLSX and ZIP writers, and hands the job, as JSON, to the
//! engine module, which has them. A job's JSON keeps every number exactly, so both ways give the
//! same bytes.

use super::Format;
use super::report::{Report, TableCell};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// A report as a workbook shows it: the title, the draft mark and the facts (the `About` sheet)
/// and one sheet per table with columns (sections of text only are left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheets {
    /// The report's title.
    pub title: String,
    /// True until the document is approved.
    pub draft: bool,
    /// Labelled facts, in order.
    pub facts: Vec<(String, String)>,
    /// One sheet per table.
    pub sheets: Vec<Sheet>,
}

/// One sheet: its name, its columns and its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Columns, in order.
    pub columns: Vec<SheetColumn>,
    /// Rows of cells, one cell per column.
    pub rows: Vec<Vec<TableCell>>,
}

/// A column's header and width (in characters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetColumn {
    /// Header text.
    pub header: String,
    /// Width in characters.
    #[serde(with = "exact")]
    pub width: f64,
}

impl From<&Report> for Sheets {
    fn from(report: &Report) -> Self {
        Self {
            title: report.title.clone(),
            draft: report.draft,
            facts: report
                .facts
                .iter()
                .map(|(label, value)| ((*label).to_owned(), value.clone()))
                .collect(),
            sheets: report
                .tables
                .iter()
                .filter(|t| t.is_table())
                .map(|t| Sheet {
                    name: t.name.to_owned(),
                    columns: t
                        .columns
                        .iter()
                        .map(|c| SheetColumn {
                            header: c.header.to_owned(),
                            width: c.width,
                        })
                        .collect(),
                    rows: t.rows.clone(),
                })
                .collect(),
        }
    }
}

/// One file of a job: a workbook still to be written, or a file written already (text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Part {
    /// A workbook, written by [`finish`].
    Workbook {
        /// Its path in the archive (empty for the workbook a job is).
        path: String,
        /// What it shows.
        sheets: Sheets,
    },
    /// A file of the archive, as it is.
    File {
        /// Its path in the archive.
        path: String,
        /// Its content.
        text: String,
    },
}

/// An export laid out but not yet written into its container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// `xlsx` (one workbook part), or `zip` or `docx` (every part, in order).
    pub format: Format,
    /// The file name of the export.
    pub filename: String,
    /// The date of the workbooks' properties and of the archive's entries, so the same input
    /// gives the same bytes.
    pub created: Option<Date>,
    /// The workbook, or the files of the archive in order.
    pub parts: Vec<Part>,
}

impl Job {
    /// The job of one workbook: `report` as `filename`, dated `created`.
    pub fn workbook(filename: String, report: &Report, created: Option<&Date>) -> Self {
        Self {
            format: Format::Xlsx,
            filename,
            created: created.cloned(),
            parts: vec![Part::Workbook {
                path: String::new(),
                sheets: Sheets::from(report),
            }],
        }
    }
}

#[cfg(feature = "documents")]
impl Job {
    /// The job of a Word document: the parts of `report`'s package as `filename`.
    pub fn docx(filename: String, report: &Report, created: Option<&Date>) -> Self {
        Self {
            format: Format::Docx,
            filename,
            created: created.cloned(),
            parts: super::docx::parts(report, created)
                .into_iter()
                .map(|(path, text)| Part::File { path, text })
                .collect(),
        }
    }
}

/// Writes a job: its workbook, or its archive with every workbook written.
#[cfg(feature = "xlsx-write")]
pub fn finish(job: &Job) -> Result<Vec<u8>> {
    let created = job.created.as_ref();
    match job.format {
        Format::Xlsx => match job.parts.as_slice() {
            [Part::Workbook { sheets, .. }] => super::xlsx::write(sheets, created),
            _ => Err(malformed("an XLSX job holds one workbook")),
        },
        Format::Zip | Format::Docx => {
            let mut files = Vec::with_capacity(job.parts.len());
            for part in &job.parts {
                files.push(match part {
                    Part::Workbook { path, sheets } => {
                        (path.clone(), super::xlsx::write(sheets, created)?)
                    }
                    Part::File { path, text } => (path.clone(), text.as_bytes().to_vec()),
                });
            }
            super::pack::zip(&files, created)
        }
        _ => Err(malformed("a job is written as `xlsx`, `zip` or `docx`")),
    }
}

/// Without the XLSX and ZIP writers: `unknown_op` naming the feature that has them.
#[cfg(not(feature = "xlsx-write"))]
pub fn finish(job: &Job) -> Result<Vec<u8>> {
    Err(Error::new(
        ErrorCode::UnknownOp,
        "/format",
        format!(
            "`{}` files are not built into this engine: they need the cargo feature `xlsx-write`",
            job.format.extension()
        ),
    )
    .with_details(serde_json::json!({ "feature": "xlsx-write" })))
}

#[cfg(feature = "xlsx-write")]
fn malformed(message: &str) -> Error {
    Error::new(ErrorCode::SchemaViolation, "/job", message)
}

/// A number as the text of its shortest exact form (`0.1`, `12`, `1e300`), read back as the same
/// number: JSON numbers may be read back one unit in the last place off.
pub(super) mod exact {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub(crate) fn serialize<S: Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{n:?}"))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse()
            .map_err(|_| D::Error::custom(format!("`{text}` is not a number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reads_back_as_written_every_number_exact() {
        let numbers = [0.1, 0.1 + 0.2, 1e300, -2.5e-310, 12.0, f64::MAX, 1.0 / 3.0];
        let job = Job {
            format: Format::Xlsx,
            filename: "acme-soa.xlsx".into(),
            created: None,
            parts: vec![Part::Workbook {
                path: String::new(),
                sheets: Sheets {
                    title: "T".into(),
                    draft: true,
                    facts: vec![("Owner".into(), "CISO".into())],
                    sheets: vec![Sheet {
                        name: "Risks".into(),
                        columns: vec![SheetColumn {
                            header: "Score".into(),
                            width: 0.1 + 0.7,
                        }],
                        rows: numbers
                            .iter()
                            .map(|n| vec![TableCell::Number(*n)])
                            .chain([vec![TableCell::Empty], vec![TableCell::Text("x".into())]])
                            .collect(),
                    }],
                },
            }],
        };
        let text = serde_json::to_string(&job).unwrap();
        let back: Job = serde_json::from_str(&text).unwrap();
        assert_eq!(back, job);
        for (row, n) in numbers.iter().enumerate() {
            let Part::Workbook { sheets, .. } = &back.parts[0] else {
                panic!("a workbook")
            };
            let TableCell::Number(read) = sheets.sheets[0].rows[row][0] else {
                panic!("a number")
            };
            assert_eq!(read.to_bits(), n.to_bits());
        }
    }

    #[test]
    fn a_malformed_number_is_an_error_not_a_panic() {
        let text = r#"{"header": "A", "width": "wide"}"#;
        assert!(serde_json::from_str::<SheetColumn>(text).is_err());
    }
}
