//! The report model: a report is a title, a few labelled facts and one or more tables; a table
//! has named columns with widths and rows of cells. The layouts fill it, the formats write it.

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableCell {
    /// Text.
    Text(String),
    /// A number (written as a number in XLSX).
    Number(#[serde(with = "super::job::exact")] f64),
    /// Nothing.
    Empty,
}

impl TableCell {
    /// The cell as text.
    pub fn text(&self) -> String {
        match self {
            TableCell::Text(t) => t.clone(),
            TableCell::Number(n) => format_number(*n),
            TableCell::Empty => String::new(),
        }
    }
}

pub(super) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        let text = format!("{n:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

impl From<&str> for TableCell {
    fn from(text: &str) -> Self {
        if text.is_empty() {
            TableCell::Empty
        } else {
            TableCell::Text(text.to_owned())
        }
    }
}

impl From<String> for TableCell {
    fn from(text: String) -> Self {
        if text.is_empty() {
            TableCell::Empty
        } else {
            TableCell::Text(text)
        }
    }
}

impl From<Option<f64>> for TableCell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(TableCell::Empty, TableCell::Number)
    }
}

impl From<usize> for TableCell {
    fn from(n: usize) -> Self {
        TableCell::Number(n as f64)
    }
}

/// A column of a table: its header and its width in characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableColumn {
    /// Header text.
    pub header: &'static str,
    /// Width in characters (XLSX); also a hint for wrapping.
    pub width: f64,
}

pub(super) const fn col(header: &'static str, width: f64) -> TableColumn {
    TableColumn { header, width }
}

/// A section of a report: a heading, paragraphs of text, and a table unless it has no columns.
/// Its name is the XLSX sheet name (at most 31 characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short name, unique within a report.
    pub name: &'static str,
    /// Heading in documents.
    pub heading: String,
    /// Paragraphs written before the table (not in CSV or XLSX).
    pub text: Vec<String>,
    /// Columns.
    pub columns: Vec<TableColumn>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<TableCell>>,
}

impl Table {
    /// A section of text only: a heading and paragraphs.
    pub fn prose(name: &'static str, heading: impl Into<String>, text: Vec<String>) -> Self {
        Self {
            name,
            heading: heading.into(),
            text,
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// A section holding a table.
    pub fn new(
        name: &'static str,
        heading: impl Into<String>,
        columns: Vec<TableColumn>,
        rows: Vec<Vec<TableCell>>,
    ) -> Self {
        Self {
            name,
            heading: heading.into(),
            text: Vec::new(),
            columns,
            rows,
        }
    }

    /// True when the section holds a table (CSV and XLSX write only these).
    pub fn is_table(&self) -> bool {
        !self.columns.is_empty()
    }

    /// True when the table is too wide for a portrait page: printed on a landscape page.
    pub fn is_wide(&self) -> bool {
        self.columns.len() > 7 || self.columns.iter().map(|c| c.width).sum::<f64>() > 120.0
    }
}

/// A report laid out for writing.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Title.
    pub title: String,
    /// True for a document of the ISMS that is not approved yet: every format says "draft".
    pub draft: bool,
    /// Labelled facts shown before the tables.
    pub facts: Vec<(&'static str, String)>,
    /// The tables; CSV writes the first.
    pub tables: Vec<Table>,
}
