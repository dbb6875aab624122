//! Risk and asset registers from outside: CSV, XLSX or rows already split (a DataFrame), read into
//! the document's risks and assets.
//!
//! - **Columns.** The header row is found among the first rows by the headers people write
//!   (`Risk`, `Likelihood`, `Probability`, `Impact`, `Risk owner`, `Treatment`, …, see
//!   [`fields`]); an explicit `columns` mapping (field → header text or column letter) wins.
//!   Columns that fill no field are kept, per record, under `x_source_columns`; score and band
//!   columns are recognised and not read, because the engine computes them.
//! - **Ratings.** A rating cell may be a level number, a label of the method's scale, a label of
//!   an explicit `scales` map, or a label of a common scale (`Low/Medium/High`, `Very low … Very
//!   high`, `Rare … Almost certain`) spread evenly over the method's levels; the import reports
//!   how it read each column.
//! - **Errors.** A cell that cannot be read is an error naming the spreadsheet row and column and
//!   the path of the field it would fill. By default the first one fails the import (all of them
//!   listed in `details.errors`); with `on_error: "collect"` the bad rows are left out, listed in
//!   `errors`, and the good rows import.
//!
//! The imported records are appended to the request's document, or to a new document under the
//! request's method, and the result is checked like any document.

mod column;
mod fields;
mod register;
mod scale;
mod source;
mod workbook;

pub use self::fields::Field;
pub use self::register::{Register, Report, read_register};
pub use self::scale::ScaleReading;
#[cfg(feature = "xlsx-read")]
pub use self::workbook::read_xlsx;
pub use self::workbook::{SheetCells, XlsxSource, import_cells};

use self::column::{Column, TextSet};
use self::fields::{ASSET_HEADERS, RISK_HEADERS};
use self::scale::{LevelError, LevelReader};
use self::source::{Cells, Grid, Sheet};
use crate::catalogue;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{
    self, Acceptance, Action, Assessment, Asset, AssetType, Date, Document, Extra, Risk,
    RiskStatus, Treatment, TreatmentOption,
};
use crate::risk::{ImpactRating, Level, Method, MethodRef};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Rows searched for the header row.
const HEADER_SEARCH: usize = 30;
/// Row errors listed in a failed import's `details.errors`.
const MAX_LISTED_ERRORS: usize = 100;

/// What the register holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// A risk register.
    #[default]
    Risks,
    /// An asset register (inventory).
    Assets,
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Comma-, semicolon-, tab- or bar-separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// Rows already split: arrays of strings, numbers, booleans or nulls.
    Rows,
}

/// What a bad row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// The first bad cell fails the import.
    #[default]
    Fail,
    /// Bad rows are left out and listed; good rows import.
    Collect,
}

/// Labels to levels, per rating column.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scales {
    /// Likelihood labels (also used for residual likelihood).
    #[serde(default)]
    pub likelihood: BTreeMap<String, u32>,
    /// Impact labels (also used for residual impact and asset valuations).
    #[serde(default)]
    pub impact: BTreeMap<String, u32>,
}

/// How the `content` of a request is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Encoding {
    /// Text (CSV).
    #[serde(rename = "utf-8")]
    Utf8,
    /// Base64 of the file's bytes (XLSX, or CSV in any case).
    #[serde(rename = "base64")]
    Base64,
}

/// Request of `import_register`: the register and how to read it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The file: CSV text, or base64 (see `encoding`). Bindings that hold bytes pass them to
    /// [`import_bytes`] instead.
    #[serde(default)]
    pub content: Option<String>,
    /// How `content` is encoded: `utf-8`, or `base64` (the default for XLSX).
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// Rows already split (header row included), instead of `content`.
    #[serde(default)]
    pub rows: Option<Vec<Vec<Value>>>,
    /// Risks or assets.
    #[serde(default)]
    pub kind: RegisterKind,
    /// The format; found from the content when absent.
    #[serde(default)]
    pub format: Option<SourceFormat>,
    /// XLSX: the sheet to read; the first with a header row when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based row number of the header row; found when absent.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// CSV: the delimiter; sniffed when absent.
    #[serde(default)]
    pub delimiter: Option<char>,
    /// Field → header text or column letter; `null` leaves a field unread.
    #[serde(default)]
    pub columns: BTreeMap<Field, Option<String>>,
    /// Labels to levels; the method's labels and common scales are read without it.
    #[serde(default)]
    pub scales: Scales,
    /// The risk method the ratings are on; the document's, else the default, when absent.
    #[serde(default)]
    pub method: Option<MethodRef>,
    /// The document to import into; a new one when absent.
    #[serde(default)]
    pub document: Option<Document>,
    /// Fail on the first bad row, or collect bad rows and import the good ones.
    #[serde(default)]
    pub on_error: OnError,
    /// What a row whose id is already in `document` does: fail (`duplicate_id`) or update it.
    #[serde(default)]
    pub existing: Existing,
}

/// What a row whose id is already in the document does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Existing {
    /// The row fails with `duplicate_id`.
    #[default]
    Fail,
    /// The row updates that record: the fields the register has columns for are replaced (an
    /// empty cell empties the field); the others keep their values.
    Update,
}

/// A column the import read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MappedColumn {
    /// The field it fills.
    pub field: Field,
    /// Its header.
    pub header: String,
    /// Its spreadsheet letter.
    pub column: String,
    /// True when found from the header, false when named in `columns`.
    pub detected: bool,
}

/// A column the import did not read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IgnoredColumn {
    /// Its header.
    pub header: String,
    /// Its spreadsheet letter.
    pub column: String,
    /// `computed` (a score or band the engine computes) or `kept` (under `x_source_columns`).
    pub reason: &'static str,
}

/// A cell that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowError {
    /// The spreadsheet row number (1-based, header rows counted).
    pub row: usize,
    /// The column header.
    pub column: String,
    /// The column letter.
    pub column_letter: String,
    /// The field it would fill.
    pub field: Field,
    /// Stable error code.
    pub code: ErrorCode,
    /// What is wrong.
    pub message: String,
    /// The cell's text.
    pub value: String,
    /// The pointer of the field in the resulting document.
    pub path: String,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Imported {
    /// Risks or assets.
    pub kind: RegisterKind,
    /// The format read.
    pub format: SourceFormat,
    /// The sheet read (XLSX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based row number of the header row.
    pub header_row: usize,
    /// The columns read.
    pub columns: Vec<MappedColumn>,
    /// The columns not read.
    pub ignored: Vec<IgnoredColumn>,
    /// How each rating column was read.
    pub scales: Vec<ScaleReading>,
    /// Data rows met (empty rows not counted).
    pub rows: usize,
    /// Records imported (added and updated).
    pub imported: usize,
    /// Of those, records already in the document that were updated (`existing: "update"`).
    pub updated: usize,
    /// The cells that could not be read (with `on_error: "collect"`).
    pub errors: Vec<RowError>,
    /// What the import assumed (asset placeholders created, default values).
    pub notes: Vec<String>,
    /// The document with the imported records.
    pub document: Document,
}

/// Imports the register of a request (its `rows`, or its `content` decoded) and checks the
/// resulting document.
pub fn import_register(request: ImportRequest) -> Result<Imported> {
    checked(read_request(request)?)
}

/// Imports a register from the bytes of a file (XLSX, or CSV as UTF-8; the request's `content`
/// and `rows` are not read) and checks the resulting document.
pub fn import_bytes(request: ImportRequest, bytes: &[u8]) -> Result<Imported> {
    checked(read_bytes(request, bytes)?)
}

fn checked(imported: Imported) -> Result<Imported> {
    crate::checks::check(&imported.document, None).map_err(|e| e.under("/document"))?;
    Ok(imported)
}

/// [`import_register`] without the check of the document, for callers that check it anyway
/// (an analysis checks the document first).
pub fn read_request(mut request: ImportRequest) -> Result<Imported> {
    let (format, sheet) = load(&mut request, None)?;
    import_sheet(request, format, &sheet)
}

/// [`import_bytes`] without the check of the document.
pub fn read_bytes(mut options: ImportRequest, bytes: &[u8]) -> Result<Imported> {
    let (format, sheet) = load(&mut options, Some(bytes))?;
    import_sheet(options, format, &sheet)
}

/// The sheet of a register: `bytes`, the bytes of a file, else the request's `rows` or its
/// `content` decoded. The rows and content are taken out of the request.
fn load(request: &mut ImportRequest, bytes: Option<&[u8]>) -> Result<(SourceFormat, Sheet)> {
    if let Some(bytes) = bytes {
        return sheet_of_bytes(request, bytes);
    }
    if let Some(rows) = request.rows.take() {
        if request.content.is_some() {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/content",
                "give either `content` or `rows`, not both",
            ));
        }
        return Ok((SourceFormat::Rows, source::rows(&rows)?));
    }
    let Some(content) = request.content.take() else {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/content",
            "give the register as `content` (CSV text or base64) or as `rows`",
        ));
    };
    let bytes = workbook::content_bytes(&content, request.encoding, request.format)?;
    sheet_of_bytes(request, &bytes)
}

/// The sheet of a CSV or XLSX file.
fn sheet_of_bytes(options: &ImportRequest, bytes: &[u8]) -> Result<(SourceFormat, Sheet)> {
    let format = options
        .format
        .unwrap_or(if bytes.starts_with(b"PK\x03\x04") {
            SourceFormat::Xlsx
        } else {
            SourceFormat::Csv
        });
    let headers = headers_of(options.kind);
    let sheet = match format {
        SourceFormat::Xlsx => source::xlsx(bytes, options.sheet.as_deref(), |rows| {
            find_header(headers, rows).is_some()
        })?,
        SourceFormat::Csv => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                Error::new(
                    ErrorCode::UnreadableFile,
                    "/content",
                    format!("the CSV is not UTF-8 text (byte {})", e.valid_up_to()),
                )
            })?;
            source::csv(text, delimiter(options)?)?
        }
        SourceFormat::Rows => {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/format",
                "`rows` are given as `rows`, not as file content",
            ));
        }
    };
    Ok((format, sheet))
}

fn delimiter(options: &ImportRequest) -> Result<Option<u8>> {
    match options.delimiter {
        None => Ok(None),
        Some(c) if c.is_ascii() && c != '"' && c != '\n' && c != '\r' => Ok(Some(c as u8)),
        Some(c) => Err(Error::new(
            ErrorCode::SchemaViolation,
            "/delimiter",
            format!("`{c}` cannot separate CSV fields; use one ASCII character"),
        )),
    }
}

fn headers_of(kind: RegisterKind) -> &'static [(Field, &'static [&'static str])] {
    match kind {
        RegisterKind::Risks => RISK_HEADERS,
        RegisterKind::Assets => ASSET_HEADERS,
    }
}

fn required(kind: RegisterKind) -> Field {
    match kind {
        RegisterKind::Risks => Field::Title,
        RegisterKind::Assets => Field::Name,
    }
}

/// The index of the row with the most known headers: the title or name, or the id and one more.
fn find_header(headers: &[(Field, &[&str])], rows: &Grid) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().take(HEADER_SEARCH).enumerate() {
        let found: HashSet<Field> = row
            .iter()
            .filter_map(|h| fields::field_of(headers, h))
            .collect();
        let anchored = found.contains(&Field::Title)
            || found.contains(&Field::Name)
            || found.contains(&Field::Id);
        // One known header is enough when it is the title or name (a one-column register).
        let enough =
            found.len() >= 2 || found.contains(&Field::Title) || found.contains(&Field::Name);
        if anchored && enough && best.is_none_or(|(_, n)| found.len() > n) {
            best = Some((i, found.len()));
        }
    }
    best.map(|(i, _)| i)
}

/// Where each field is read from.
struct Layout {
    /// Field → column index.
    at: BTreeMap<Field, usize>,
    /// The same, indexed by `Field as usize`, for the per-cell lookups.
    index: [Option<usize>; Field::COUNT],
    mapped: Vec<MappedColumn>,
    ignored: Vec<IgnoredColumn>,
    /// Columns kept under `x_source_columns`: (index, header).
    kept: Vec<(usize, String)>,
}

fn layout(
    options: &ImportRequest,
    sheet: &Sheet,
    header: Cells<'_>,
    headers: &[(Field, &[&str])],
) -> Result<Layout> {
    let letter = |i: usize| source::column_letter(sheet.first_column + i);
    let mut at = BTreeMap::new();
    let mut mapped = Vec::new();
    let mut taken = HashSet::new();
    for (field, name) in &options.columns {
        let Some(name) = name else { continue };
        let key = fields::header_key(name);
        let index = header
            .iter()
            .position(|h| {
                h.trim() == name.trim() || (!key.is_empty() && fields::header_key(h) == key)
            })
            .or_else(|| {
                source::letter_index(name.trim())
                    .and_then(|i| i.checked_sub(sheet.first_column))
                    .filter(|i| *i < header.len().max(1))
            })
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingColumn,
                    format!("/columns/{}", field.as_str()),
                    format!("the register has no column `{name}`"),
                )
            })?;
        at.insert(*field, index);
        taken.insert(index);
        mapped.push(MappedColumn {
            field: *field,
            header: header.get(index).unwrap_or_default().trim().to_owned(),
            column: letter(index),
            detected: false,
        });
    }
    let mut ignored = Vec::new();
    let mut kept = Vec::new();
    for (index, text) in header.iter().enumerate() {
        if taken.contains(&index) || text.trim().is_empty() {
            continue;
        }
        match fields::field_of(headers, text) {
            Some(Field::Computed) => ignored.push(IgnoredColumn {
                header: text.trim().to_owned(),
                column: letter(index),
                reason: "computed",
            }),
            Some(field) if !at.contains_key(&field) && !options.columns.contains_key(&field) => {
                at.insert(field, index);
                mapped.push(MappedColumn {
                    field,
                    header: text.trim().to_owned(),
                    column: letter(index),
                    detected: true,
                });
            }
            _ => {
                ignored.push(IgnoredColumn {
                    header: text.trim().to_owned(),
                    column: letter(index),
                    reason: "kept",
                });
                kept.push((index, text.trim().to_owned()));
            }
        }
    }
    let needed = required(options.kind);
    if !at.contains_key(&needed) {
        return Err(Error::new(
            ErrorCode::MissingColumn,
            format!("/columns/{}", needed.as_str()),
            format!(
                "no column holds the {}: name it in `columns` (found {})",
                needed.as_str(),
                header
                    .iter()
                    .filter(|h| !h.trim().is_empty())
                    .map(|h| format!("`{}`", h.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    mapped.sort_by_key(|m| at.get(&m.field).copied());
    let mut by_field = [None; Field::COUNT];
    for (field, column) in &at {
        if let Some(slot) = by_field.get_mut(*field as usize) {
            *slot = Some(*column);
        }
    }
    Ok(Layout {
        index: by_field,
        at,
        mapped,
        ignored,
        kept,
    })
}

/// A sheet laid out for reading: its header row, where each field is read from, the method the
/// ratings are on, and the data rows.
struct Plan<'s> {
    header_index: usize,
    layout: Layout,
    method: Method,
    /// The non-empty rows below the header: (spreadsheet row number, cells).
    data: Vec<(usize, Cells<'s>)>,
}

/// Finds the header row, lays out the columns, and resolves the method; returns the plan and the
/// document the records go to (the request's, taken out of it, else a new one).
fn plan<'s>(options: &mut ImportRequest, sheet: &'s Sheet) -> Result<(Plan<'s>, Document)> {
    let headers = headers_of(options.kind);
    let header_index = match options.header_row {
        Some(n) => n
            .checked_sub(sheet.first_row)
            .filter(|i| *i < sheet.rows.len())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingColumn,
                    "/header_row",
                    format!("row {n} is not in the register"),
                )
            })?,
        None => find_header(headers, &sheet.rows).ok_or_else(|| {
            Error::new(
                ErrorCode::MissingColumn,
                "/header_row",
                format!(
                    "no header row found in the first {HEADER_SEARCH} rows: expected headers such as `{}` and `Owner`; name the columns in `columns` and the row in `header_row`",
                    if options.kind == RegisterKind::Risks { "Risk" } else { "Asset" }
                ),
            )
        })?,
    };
    let header = sheet.rows.get(header_index).unwrap_or_default();
    let layout = layout(options, sheet, header, headers)?;
    let mut document = options.document.take().unwrap_or_else(|| Document::new(""));
    if let Some(method) = options.method.take() {
        document.method = Some(method);
    }
    let method = document
        .method
        .clone()
        .unwrap_or_default()
        .resolve("/method")?;
    let mut data: Vec<(usize, Cells<'_>)> =
        Vec::with_capacity(sheet.rows.len().saturating_sub(header_index + 1));
    data.extend(
        sheet
            .rows
            .iter()
            .enumerate()
            .skip(header_index + 1)
            .filter(|(_, r)| r.iter().any(|c| !source::trim(c).is_empty()))
            .map(|(i, r)| (sheet.first_row + i, r)),
    );
    Ok((
        Plan {
            header_index,
            layout,
            method,
            data,
        },
        document,
    ))
}

impl<'a> Reader<'a> {
    /// A reader of the data rows of a plan.
    fn new(plan: &'a Plan<'a>, sheet: &Sheet, options: &'a ImportRequest) -> Self {
        Reader {
            layout: &plan.layout,
            first_column: sheet.first_column,
            method: &plan.method,
            scales: &options.scales,
            data: &plan.data,
            levels: BTreeMap::new(),
            columns: BTreeMap::new(),
            labels: BTreeMap::new(),
            readings: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
            existing: options.existing,
            updated: 0,
        }
    }
}

fn import_sheet(
    mut options: ImportRequest,
    format: SourceFormat,
    sheet: &Sheet,
) -> Result<Imported> {
    let (plan, mut document) = plan(&mut options, sheet)?;
    let mut reader = Reader::new(&plan, sheet, &options);
    let imported = match options.kind {
        RegisterKind::Risks => reader.risks(&mut document),
        RegisterKind::Assets => reader.assets(&mut document),
    };
    let Reader {
        readings,
        errors,
        notes,
        updated,
        ..
    } = reader;
    if options.on_error == OnError::Fail
        && let Some(first) = errors.first()
    {
        let listed: Vec<&RowError> = errors.iter().take(MAX_LISTED_ERRORS).collect();
        return Err(Error::new(
            first.code,
            first.path.clone(),
            format!(
                "row {}, column `{}`: {}",
                first.row, first.column, first.message
            ),
        )
        .with_details(json!({
            "row": first.row,
            "column": first.column,
            "column_letter": first.column_letter,
            "value": first.value,
            "errors": listed,
            "error_count": errors.len(),
        })));
    }
    Ok(Imported {
        kind: options.kind,
        format,
        sheet: sheet.name.clone(),
        header_row: sheet.first_row + plan.header_index,
        columns: plan.layout.mapped.clone(),
        ignored: plan.layout.ignored.clone(),
        scales: readings,
        rows: plan.data.len(),
        imported,
        updated,
        errors,
        notes,
        document,
    })
}

/// Reads the data rows of a laid-out sheet.
struct Reader<'a> {
    layout: &'a Layout,
    first_column: usize,
    method: &'a Method,
    scales: &'a Scales,
    data: &'a [(usize, Cells<'a>)],
    /// The level each distinct text of a rating column reads as, by field.
    levels: BTreeMap<Field, HashMap<&'a str, Result<u32, LevelError>>>,
    /// The cells of each rating column read so far, as codes of their distinct texts.
    columns: BTreeMap<Field, Column<'a>>,
    /// The labels each rating field's reader knows, for error messages.
    labels: BTreeMap<Field, Vec<String>>,
    readings: Vec<ScaleReading>,
    errors: Vec<RowError>,
    notes: Vec<String>,
    /// Whether rows may update records already in the document.
    existing: Existing,
    /// Records updated.
    updated: usize,
}

/// One row being read: its number, its cells, and where its record goes in the document.
struct Row<'r> {
    number: usize,
    cells: Cells<'r>,
    /// `risks` or `assets`.
    list: &'static str,
    /// The record's index in that list.
    record: usize,
    failed: bool,
}

impl<'a> Reader<'a> {
    fn cell<'r>(&self, row: &Row<'r>, field: Field) -> Option<&'r str> {
        let index = (*self.layout.index.get(field as usize)?)?;
        let text = source::trim(row.cells.get(index)?);
        (!text.is_empty()).then_some(text)
    }

    fn text(&self, row: &Row<'_>, field: Field) -> String {
        self.cell(row, field).unwrap_or_default().to_owned()
    }

    fn fail(
        &mut self,
        row: &mut Row<'_>,
        field: Field,
        code: ErrorCode,
        path: &str,
        message: String,
    ) {
        let index = self.layout.at.get(&field).copied().unwrap_or_default();
        self.errors.push(RowError {
            row: row.number,
            column: self.header_of(field).to_owned(),
            column_letter: source::column_letter(self.first_column + index),
            field,
            code,
            message,
            value: row.cells.get(index).unwrap_or_default().trim().to_owned(),
            path: format!("/{}/{}{path}", row.list, row.record),
        });
        row.failed = true;
    }

    /// The header of the column a field is read from.
    fn header_of(&self, field: Field) -> &'a str {
        let layout: &'a Layout = self.layout;
        layout
            .mapped
            .iter()
            .find(|m| m.field == field)
            .map_or("", |m| m.header.as_str())
    }

    /// The levels of the method's scale a rating field is on, and the labels the request maps
    /// onto them.
    fn scale_of(&self, field: Field) -> (&'a [Level], &'a BTreeMap<String, u32>) {
        let (method, scales): (&'a Method, &'a Scales) = (self.method, self.scales);
        match field {
            Field::Likelihood | Field::ResidualLikelihood => {
                (&method.likelihood.levels, &scales.likelihood)
            }
            _ => (&method.impact.levels, &scales.impact),
        }
    }

    /// Prepares one level reader for rating columns on the same scale, from the distinct texts
    /// of them all, so that a label means the same level in each.
    fn prepare(&mut self, group: &[Field]) {
        let Some(first) = group.first() else { return };
        let (levels, explicit) = self.scale_of(*first);
        let labels: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
        let mut columns: Vec<(Field, usize, Vec<&str>)> = Vec::new();
        let mut seen = HashSet::new();
        for field in group {
            let Some(index) = self.layout.at.get(field).copied() else {
                continue;
            };
            let column = Column::read(self.data.iter().map(|(_, cells)| *cells), Some(index));
            let distinct: Vec<&str> = column.distinct().collect();
            seen.extend(distinct.iter().copied());
            self.columns.insert(*field, column);
            columns.push((*field, index, distinct));
        }
        if columns.is_empty() {
            return;
        }
        let reader = LevelReader::new(&labels, explicit, seen.into_iter());
        if reader.source() == "common" {
            let fields: Vec<&str> = columns.iter().map(|(f, ..)| f.as_str()).collect();
            self.notes.push(format!(
                "{} labels were read on a common label scale spread over the method's {} levels (see `scales`); map them in the request's `scales` to read them otherwise",
                fields.join(", "),
                labels.len()
            ));
        }
        for (field, _, distinct) in columns {
            let header = self.header_of(field);
            self.readings
                .push(reader.reading(field.as_str(), header, distinct.iter().copied()));
            let levels = distinct.into_iter().map(|t| (t, reader.read(t))).collect();
            self.levels.insert(field, levels);
            let known = reader.known_labels().into_iter().map(str::to_owned);
            self.labels.insert(field, known.collect());
        }
    }

    /// The level of a rating cell; `path` is the field's pointer in two pieces, joined only
    /// when the cell is bad.
    fn level(&mut self, row: &mut Row<'_>, field: Field, path: (&str, &str)) -> Option<u32> {
        let text = self.cell(row, field)?;
        let result = self.levels.get(&field)?.get(text)?.clone();
        let path = &if result.is_ok() {
            String::new()
        } else {
            format!("{}{}", path.0, path.1)
        };
        match result {
            Ok(level) => Some(level),
            Err(LevelError::OutOfScale(n)) => {
                let levels = self.scale_of(field).0.len();
                self.fail(
                    row,
                    field,
                    ErrorCode::OutOfScale,
                    path,
                    format!(
                        "{n} is outside the scale 1–{levels} of method `{}`",
                        self.method.id
                    ),
                );
                None
            }
            Err(LevelError::Unknown) => {
                let levels = self.scale_of(field).0;
                let known: Vec<String> = match self.labels.get(&field) {
                    Some(labels) if !labels.is_empty() => {
                        labels.iter().map(|l| format!("`{l}`")).collect()
                    }
                    _ => levels.iter().map(|l| format!("`{}`", l.label)).collect(),
                };
                let message = format!(
                    "`{text}` is not a level of the scale; use 1–{} or one of the labels {}, or map labels in `scales`",
                    levels.len(),
                    known.join(", ")
                );
                self.fail(row, field, ErrorCode::InvalidValue, path, message);
                None
            }
        }
    }

    /// Likelihood and impact of one rating; both or neither (impact may come from assets).
    fn assessment(
        &mut self,
        row: &mut Row<'_>,
        fields: (Field, Field),
        path: &str,
        impact_optional: bool,
    ) -> Option<Assessment> {
        let likelihood = self.level(row, fields.0, (path, "/likelihood"));
        let impact = self.level(row, fields.1, (path, "/impact"));
        let (l_text, i_text) = (self.cell(row, fields.0), self.cell(row, fields.1));
        match (likelihood, impact) {
            (Some(likelihood), impact)
                if impact.is_some() || (i_text.is_none() && impact_optional) =>
            {
                Some(Assessment {
                    likelihood,
                    impact: impact.map(ImpactRating::Level),
                })
            }
            (None, Some(_)) if l_text.is_none() => {
                self.fail(
                    row,
                    fields.0,
                    ErrorCode::InvalidValue,
                    &format!("{path}/likelihood"),
                    "an impact without a likelihood cannot be rated".to_owned(),
                );
                None
            }
            (Some(_), None) if i_text.is_none() => {
                self.fail(
                    row,
                    fields.1,
                    ErrorCode::InvalidValue,
                    &format!("{path}/impact"),
                    "a likelihood without an impact cannot be rated".to_owned(),
                );
                None
            }
            _ => None,
        }
    }

    fn risks(&mut self, document: &mut Document) -> usize {
        self.prepare(&[Field::Likelihood, Field::ResidualLikelihood]);
        self.prepare(&[Field::Impact, Field::ResidualImpact]);
        let mut ids = Ids::new(document.risks.iter().map(|r| r.id.as_str()), self.existing);
        let assets = AssetIndex::new(&document.assets);
        let custom: HashSet<&str> = document
            .custom_controls
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let placeholders_allowed = document.assets.is_empty();
        let mut placeholders: Vec<Asset> = Vec::new();
        let mut placeholder_index: HashMap<String, String> = HashMap::new();
        let start = document.risks.len();
        let mut risks = Vec::with_capacity(self.data.len());
        ids.used.reserve(self.data.len());
        // Treatment words, read once per distinct text.
        let mut options: HashMap<&str, Option<TreatmentOption>> = HashMap::new();
        for &(number, cells) in self.data {
            let mut row = Row {
                number,
                cells,
                list: "risks",
                record: start + risks.len(),
                failed: false,
            };
            let (id, title) = self.identify(&mut row, &mut ids);
            let (id, title) = (id.into_owned(), title.to_owned());
            let inherent = self.assessment(
                &mut row,
                (Field::Likelihood, Field::Impact),
                "/inherent",
                true,
            );
            let residual = self.assessment(
                &mut row,
                (Field::ResidualLikelihood, Field::ResidualImpact),
                "/residual",
                true,
            );
            let mut risk_assets = Vec::new();
            // A whole cell naming one asset wins over splitting (names may hold commas).
            let whole = self.cell(&row, Field::Assets).and_then(|c| assets.find(c));
            let names: Vec<&str> = match whole {
                Some(id) => vec![id],
                None => split_list(self.cell(&row, Field::Assets)).collect(),
            };
            for (k, name) in names.into_iter().enumerate() {
                if let Some(id) = assets.find(name) {
                    risk_assets.push(id.to_owned());
                } else if placeholders_allowed {
                    let id = placeholder_index
                        .entry(name.to_lowercase())
                        .or_insert_with(|| {
                            placeholders.push(placeholder(name));
                            name.to_owned()
                        })
                        .clone();
                    risk_assets.push(id);
                } else {
                    self.fail(
                        &mut row,
                        Field::Assets,
                        ErrorCode::UnknownReference,
                        &format!("/assets/{k}"),
                        format!("the document has no asset `{name}` (by id or name)"),
                    );
                }
            }
            let mut controls = Vec::new();
            for (k, id) in split_list(self.cell(&row, Field::Controls)).enumerate() {
                if custom.contains(id) {
                    controls.push(id.to_owned());
                    continue;
                }
                match catalogue::resolve(id, "") {
                    Ok(control) => controls.push(control.id.to_owned()),
                    Err(e) => self.fail(
                        &mut row,
                        Field::Controls,
                        e.code,
                        &format!("/controls/{k}"),
                        e.message,
                    ),
                }
            }
            let option = match self.cell(&row, Field::Treatment) {
                Some(text) => options.entry(text).or_insert_with(|| fields::treatment_option(text)).or_else(|| {
                    self.fail(&mut row, Field::Treatment, ErrorCode::InvalidValue, "/treatment/option", format!("`{text}` is not a treatment option: modify (reduce, mitigate), retain (accept), avoid or share (transfer)"));
                    None
                }),
                None => None,
            };
            let plan = self.plan(&mut row, &id);
            let treatment = match (option, plan.is_empty()) {
                (Some(option), _) => Some((option, plan)),
                (None, false) => Some((TreatmentOption::Modify, plan)),
                (None, true) => None,
            }
            .map(|(option, plan)| Treatment {
                option,
                plan,
                rationale: self.text(&row, Field::Rationale),
                extra: Extra::new(),
            });
            let acceptance = self.acceptance(&mut row);
            let status = match self.cell(&row, Field::Status) {
                Some(text) => fields::risk_status(text, inherent.is_some()).unwrap_or_else(|| {
                    self.fail(&mut row, Field::Status, ErrorCode::InvalidValue, "/status", format!("`{text}` is not a risk status: identified, assessed (open), treating, accepted or closed"));
                    RiskStatus::default()
                }),
                None => RiskStatus::default(),
            };
            if row.failed {
                ids.used.remove(id.as_str());
                continue;
            }
            risks.push(Risk {
                id,
                title,
                description: self.text(&row, Field::Description),
                assets: risk_assets,
                threat: self.text(&row, Field::Threat),
                vulnerability: self.text(&row, Field::Vulnerability),
                owner: self.text(&row, Field::Owner),
                inherent,
                residual,
                controls,
                treatment,
                acceptance,
                status,
                quant: None,
                extra: self.kept(&row),
            });
        }
        if risks
            .iter()
            .any(|r| r.treatment.as_ref().is_some_and(|t| !t.plan.is_empty()))
            && !self.layout.at.contains_key(&Field::Treatment)
        {
            self.notes.push(
                "risks with a plan and no treatment option were given the option `modify`"
                    .to_owned(),
            );
        }
        if !placeholders.is_empty() {
            self.notes.push(format!(
                "{} assets named in the register were added as placeholders of type `information`; import the asset register to value them",
                placeholders.len()
            ));
            // Placeholders only for the risks that imported.
            let used: HashSet<&str> = risks
                .iter()
                .flat_map(|r| r.assets.iter().map(String::as_str))
                .collect();
            placeholders.retain(|a| used.contains(a.id.as_str()));
            document.assets.extend(placeholders);
        }
        self.add_or_update(&mut document.risks, risks, |r| &r.id, update_risk)
    }

    /// The id (generated when the cell is empty) and the title or name of a record; a taken id or
    /// an empty title fails the row.
    fn identify<'r: 't, 't>(
        &mut self,
        row: &mut Row<'r>,
        ids: &mut Ids<'t>,
    ) -> (Cow<'t, str>, &'r str) {
        let (prefix, what, field) = match row.list {
            "risks" => (GENERATED_PREFIX, "risk", Field::Title),
            _ => ("AS-", "asset", Field::Name),
        };
        let id: Cow<'t, str> = match self.cell(row, Field::Id) {
            Some(id) => id.into(),
            None => ids.generate(prefix).into(),
        };
        if !ids.used.insert(id.clone()) {
            self.fail(
                row,
                Field::Id,
                ErrorCode::DuplicateId,
                "/id",
                format!("{what} id `{id}` is used twice"),
            );
        }
        let label = self.cell(row, field).unwrap_or_default();
        if label.is_empty() {
            let path = format!("/{}", field.as_str());
            let message = format!("every {what} needs a {}", field.as_str());
            self.fail(row, field, ErrorCode::InvalidValue, &path, message);
        }
        (id, label)
    }

    fn plan(&mut self, row: &mut Row<'_>, risk: &str) -> Vec<Action> {
        let Some(text) = self.cell(row, Field::Plan) else {
            if self.cell(row, Field::Due).is_some() {
                self.fail(
                    row,
                    Field::Due,
                    ErrorCode::InvalidValue,
                    "/treatment/plan",
                    "a due date needs an action in the plan column".to_owned(),
                );
            }
            return Vec::new();
        };
        let due = self.date(row, Field::Due, "/treatment/plan/0/due");
        let owner = self
            .cell(row, Field::ActionOwner)
            .or_else(|| self.cell(row, Field::Owner))
            .unwrap_or_default();
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(k, line)| Action {
                id: format!("{risk}-A{}", k + 1),
                description: line.to_owned(),
                owner: owner.to_owned(),
                due: due.clone(),
                status: Default::default(),
                completed_on: None,
                controls: Vec::new(),
                extra: Extra::new(),
            })
            .collect()
    }

    fn kept(&self, row: &Row<'_>) -> Extra {
        let mut extra = Extra::new();
        let columns: serde_json::Map<String, Value> = self
            .layout
            .kept
            .iter()
            .filter_map(|(i, header)| {
                let text = row.cells.get(*i)?.trim();
                (!text.is_empty()).then(|| (header.clone(), Value::String(text.to_owned())))
            })
            .collect();
        if !columns.is_empty() {
            extra.insert("x_source_columns".to_owned(), Value::Object(columns));
        }
        extra
    }

    fn assets(&mut self, document: &mut Document) -> usize {
        self.prepare(&[
            Field::Confidentiality,
            Field::Integrity,
            Field::Availability,
        ]);
        let mut ids = Ids::new(document.assets.iter().map(|a| a.id.as_str()), self.existing);
        let start = document.assets.len();
        let mut assets = Vec::with_capacity(self.data.len());
        let mut depends: Vec<(usize, Row<'a>, Vec<&'a str>)> = Vec::new();
        let no_type = !self.layout.at.contains_key(&Field::Type);
        for &(number, cells) in self.data {
            let mut row = Row {
                number,
                cells,
                list: "assets",
                record: start + assets.len(),
                failed: false,
            };
            let (id, name) = self.identify(&mut row, &mut ids);
            let (id, name) = (id.into_owned(), name.to_owned());
            let kind = match self.cell(&row, Field::Type) {
                Some(text) => fields::asset_type(text).unwrap_or_else(|| {
                    let types: Vec<&str> = AssetType::ALL.iter().map(|t| t.as_str()).collect();
                    self.fail(
                        &mut row,
                        Field::Type,
                        ErrorCode::InvalidValue,
                        "/type",
                        format!("`{text}` is not an asset type: {}", types.join(", ")),
                    );
                    AssetType::Information
                }),
                None => AssetType::Information,
            };
            let valuation = model::Valuation {
                confidentiality: self.level(
                    &mut row,
                    Field::Confidentiality,
                    ("/valuation", "/confidentiality"),
                ),
                integrity: self.level(&mut row, Field::Integrity, ("/valuation", "/integrity")),
                availability: self.level(
                    &mut row,
                    Field::Availability,
                    ("/valuation", "/availability"),
                ),
            };
            let rto_hours = self.hours(&mut row, Field::RtoHours, "/rto_hours");
            let rpo_hours = self.hours(&mut row, Field::RpoHours, "/rpo_hours");
            if row.failed {
                ids.used.remove(id.as_str());
                continue;
            }
            let wanted: Vec<&str> = split_list(self.cell(&row, Field::DependsOn)).collect();
            assets.push(Asset {
                id,
                name,
                kind,
                owner: self.text(&row, Field::Owner),
                location: self.text(&row, Field::Location),
                description: self.text(&row, Field::Description),
                valuation,
                depends_on: Vec::new(),
                rto_hours,
                rpo_hours,
                extra: self.kept(&row),
            });
            if !wanted.is_empty() {
                depends.push((assets.len() - 1, row, wanted));
            }
        }
        // Dependencies may name assets further down the register or already in the document.
        let mut all = document.assets.clone();
        all.extend(assets.iter().cloned());
        let index = AssetIndex::new(&all);
        let mut dropped = HashSet::new();
        for (at, mut row, wanted) in depends {
            let mut resolved = Vec::new();
            for (k, name) in wanted.iter().enumerate() {
                match index.find(name) {
                    Some(id) => resolved.push(id.to_owned()),
                    None => {
                        self.fail(
                            &mut row,
                            Field::DependsOn,
                            ErrorCode::UnknownReference,
                            &format!("/depends_on/{k}"),
                            format!("no asset `{name}` (by id or name)"),
                        );
                        dropped.insert(at);
                    }
                }
            }
            if let Some(asset) = assets.get_mut(at) {
                asset.depends_on = resolved;
            }
        }
        if !dropped.is_empty() {
            let mut k = 0;
            assets.retain(|_| {
                k += 1;
                !dropped.contains(&(k - 1))
            });
        }
        if no_type && !assets.is_empty() {
            self.notes.push(
                "the register has no type column: every asset was given the type `information`"
                    .to_owned(),
            );
        }
        self.add_or_update(&mut document.assets, assets, |a| &a.id, update_asset)
    }

    /// Appends the records read to `list`, except those whose id is already in it, which update
    /// that record with `update`. Returns how many records were read; counts the updates.
    fn add_or_update<T>(
        &mut self,
        list: &mut Vec<T>,
        read: Vec<T>,
        id: impl Fn(&T) -> &str,
        update: fn(&mut T, T, &HasColumn<'_>),
    ) -> usize {
        let count = read.len();
        let at: HashMap<String, usize> = list
            .iter()
            .enumerate()
            .map(|(i, r)| (id(r).to_owned(), i))
            .collect();
        let has_column = |field: &Field| self.layout.at.contains_key(field);
        for record in read {
            match at.get(id(&record)).and_then(|&i| list.get_mut(i)) {
                Some(old) => {
                    update(old, record, &has_column);
                    self.updated += 1;
                }
                None => list.push(record),
            }
        }
        count
    }

    fn date(&mut self, row: &mut Row<'_>, field: Field, path: &str) -> Option<Date> {
        let text = self.cell(row, field)?;
        parse_date(text).or_else(|| {
            self.fail(
                row,
                field,
                ErrorCode::InvalidValue,
                path,
                format!("`{text}` is not a date (YYYY-MM-DD)"),
            );
            None
        })
    }

    /// The owner's acceptance of the residual risk, when any acceptance column is filled.
    fn acceptance(&mut self, row: &mut Row<'_>) -> Option<Acceptance> {
        let on = self.date(row, Field::AcceptedOn, "/acceptance/on");
        let expires_on = self.date(row, Field::AcceptanceExpires, "/acceptance/expires_on");
        let by = self.text(row, Field::AcceptedBy);
        (!by.is_empty() || on.is_some() || expires_on.is_some()).then(|| Acceptance {
            by,
            on,
            rationale: String::new(),
            expires_on,
            extra: Extra::new(),
        })
    }

    fn hours(&mut self, row: &mut Row<'_>, field: Field, path: &str) -> Option<f64> {
        let text = self.cell(row, field)?;
        let number = text
            .trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace())
            .trim();
        match number.parse::<f64>() {
            Ok(h) if h.is_finite() && h >= 0.0 => Some(h),
            _ => {
                self.fail(
                    row,
                    field,
                    ErrorCode::InvalidValue,
                    path,
                    format!("`{text}` is not a number of hours"),
                );
                None
            }
        }
    }
}

/// Whether the register has a column for a field.
type HasColumn<'a> = dyn Fn(&Field) -> bool + 'a;

/// `old.name = name` for each field whose column the register has (`read`).
macro_rules! replace_read {
    ($read:ident, $old:expr, $($field:ident => $name:ident),+ $(,)?) => {
        $(if $read(&Field::$field) {
            $old.$name = $name;
        })+
    };
}

/// Replaces the fields of `old` the register has columns for (`read`) with those of `new`.
fn update_risk(old: &mut Risk, new: Risk, read: &HasColumn<'_>) {
    // Quantitative parameters are not read from registers: an update keeps them.
    let Risk {
        id: _,
        quant: _,
        title,
        description,
        assets,
        threat,
        vulnerability,
        owner,
        inherent,
        residual,
        controls,
        treatment,
        acceptance,
        status,
        extra,
    } = new;
    replace_read!(read, old,
        Title => title,
        Description => description,
        Assets => assets,
        Threat => threat,
        Vulnerability => vulnerability,
        Owner => owner,
        Controls => controls,
        Status => status,
    );
    let any = |fields: &[Field]| fields.iter().any(&read);
    if any(&[Field::Likelihood, Field::Impact]) {
        old.inherent = inherent;
    }
    if any(&[Field::ResidualLikelihood, Field::ResidualImpact]) {
        old.residual = residual;
    }
    if any(&[Field::Treatment, Field::Plan]) {
        // The option and plan come from the register; a rationale or plan it has no column
        // for is kept.
        let kept = old.treatment.take();
        old.treatment = match (treatment, kept) {
            (Some(mut new), Some(kept)) => {
                if !read(&Field::Plan) {
                    new.plan = kept.plan;
                }
                if !read(&Field::Rationale) {
                    new.rationale = kept.rationale;
                }
                new.extra = kept.extra;
                Some(new)
            }
            (new, _) => new,
        };
    } else if read(&Field::Rationale)
        && let (Some(old), Some(new)) = (&mut old.treatment, treatment)
    {
        old.rationale = new.rationale;
    }
    if any(&[
        Field::AcceptedBy,
        Field::AcceptedOn,
        Field::AcceptanceExpires,
    ]) {
        old.acceptance = acceptance;
    }
    old.extra.remove("x_source_columns");
    old.extra.extend(extra);
}

/// Replaces the fields of `old` the register has columns for (`read`) with those of `new`.
fn update_asset(old: &mut Asset, new: Asset, read: &HasColumn<'_>) {
    let Asset {
        id: _,
        name,
        kind,
        owner,
        location,
        description,
        valuation,
        depends_on,
        rto_hours,
        rpo_hours,
        extra,
    } = new;
    replace_read!(read, old,
        Name => name,
        Type => kind,
        Owner => owner,
        Location => location,
        Description => description,
        DependsOn => depends_on,
        RtoHours => rto_hours,
        RpoHours => rpo_hours,
    );
    let model::Valuation {
        confidentiality,
        integrity,
        availability,
    } = valuation;
    replace_read!(read, old.valuation,
        Confidentiality => confidentiality,
        Integrity => integrity,
        Availability => availability,
    );
    old.extra.remove("x_source_columns");
    old.extra.extend(extra);
}

/// Assets by id, else by name (any case).
struct AssetIndex<'a> {
    ids: HashSet<&'a str>,
    names: HashMap<String, &'a str>,
}

impl<'a> AssetIndex<'a> {
    fn new(assets: &'a [Asset]) -> Self {
        let mut names = HashMap::new();
        for a in assets {
            names
                .entry(a.name.trim().to_lowercase())
                .or_insert(a.id.as_str());
        }
        Self {
            ids: assets.iter().map(|a| a.id.as_str()).collect(),
            names,
        }
    }

    fn find(&self, text: &str) -> Option<&'a str> {
        if let Some(id) = self.ids.get(text) {
            return Some(id);
        }
        self.names.get(&text.to_lowercase()).copied()
    }
}

fn placeholder(name: &str) -> Asset {
    let mut extra = Extra::new();
    extra.insert("x_placeholder".to_owned(), Value::Bool(true));
    Asset {
        id: name.to_owned(),
        name: name.to_owned(),
        kind: AssetType::Information,
        owner: String::new(),
        location: String::new(),
        description: String::new(),
        valuation: Default::default(),
        depends_on: Vec::new(),
        rto_hours: None,
        rpo_hours: None,
        extra,
    }
}

/// The start of the ids generated for risks without one (`R-001`, `R-002`, …).
const GENERATED_PREFIX: &str = "R-";

/// The ids in use, and the counter of generated ones.
struct Ids<'t> {
    /// The ids the register's rows took so far.
    used: TextSet<'t>,
    /// The ids already in the document, when rows may update those records.
    updatable: HashSet<&'t str>,
    next: usize,
}

impl<'t> Ids<'t> {
    fn new(existing: impl Iterator<Item = &'t str>, mode: Existing) -> Self {
        match mode {
            Existing::Fail => Self {
                used: existing.map(Cow::Borrowed).collect(),
                updatable: HashSet::new(),
                next: 1,
            },
            Existing::Update => Self {
                used: TextSet::default(),
                updatable: existing.collect(),
                next: 1,
            },
        }
    }

    /// The next generated id (`R-001`, `R-002`, …) not already used.
    fn generate(&mut self, prefix: &str) -> String {
        loop {
            let id = format!("{prefix}{:03}", self.next);
            self.next += 1;
            if !self.used.contains(&id) && !self.updatable.contains(id.as_str()) {
                return id;
            }
        }
    }
}

/// Items of a list cell, separated by commas, semicolons, bars or line breaks.
fn split_list(cell: Option<&str>) -> impl Iterator<Item = &str> {
    cell.unwrap_or_default()
        .split([',', ';', '|', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `YYYY-MM-DD`, also with a time after it or with slashes (`2026/03/31`).
fn parse_date(text: &str) -> Option<Date> {
    let head: String = text.trim().chars().take(10).collect();
    Date::parse(&head.replace('/', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(csv: &str) -> Result<Imported> {
        let request: ImportRequest = serde_json::from_value(json!({ "content": csv }))
            .map_err(|e| Error::new(ErrorCode::SchemaViolation, "", e.to_string()))?;
        read_request(request)
    }

    #[test]
    fn a_bad_label_is_answered_with_the_labels_the_column_is_read_with() {
        let common = import("Risk,Likelihood,Impact\nA,Low,High\nB,Banana,Medium\n");
        let message = common.err().map(|e| e.message).unwrap_or_default();
        assert!(message.contains("`low`, `medium`, `high`"), "{message}");
        let numbers = import("Risk,Likelihood,Impact\nA,2,3\nB,two,3\n");
        let message = numbers.err().map(|e| e.message).unwrap_or_default();
        assert!(message.contains("1–5 or one of the labels `"), "{message}");
    }
}
