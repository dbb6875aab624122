//! XLSX registers read in two steps: the workbook's sheet into cells ([`read_xlsx`], feature
//! `xlsx-read`), then those cells into a document ([`import_cells`]). The WebAssembly package
//! ships the XLSX reader (calamine, the zip reader, inflate) as a second module, loaded only when
//! a workbook is imported; its main module, built without `xlsx-read`, imports the cells the
//! reader hands it. Both steps together give what [`super::import_register`] gives with the
//! reader built in: the same sheet, rows, cell references, result and errors.

use super::source::{Grid, MAX_COLUMNS, MAX_ROWS, Sheet};
use super::{Encoding, ImportRequest, Imported, RegisterKind, SourceFormat};
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The members of an `import_register` request that say which workbook and which sheet to read;
/// the other members of the request are skipped.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct XlsxSource {
    /// The file: base64 (see `encoding`).
    #[serde(default)]
    pub content: Option<String>,
    /// How `content` is encoded.
    #[serde(default)]
    pub encoding: Option<Encoding>,
    /// The format; `xlsx` implies base64.
    #[serde(default)]
    pub format: Option<SourceFormat>,
    /// The sheet to read; the first with a header row when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Risks, assets or a Statement of Applicability: which header row finds the sheet.
    #[serde(default)]
    pub kind: RegisterKind,
}

/// The cells of the sheet an import reads, every cell as the spreadsheet shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetCells {
    /// The sheet's name.
    pub sheet: Option<String>,
    /// The 1-based row number of `rows[0]` in the workbook.
    pub first_row: usize,
    /// The 0-based column index of the first cell of each row.
    pub first_column: usize,
    /// Rows in sheet order.
    pub rows: Vec<Vec<String>>,
}

/// The bytes of a request's `content`: base64 decoded when `encoding` says so (or, without an
/// encoding, when the format is XLSX), else the text's own bytes.
pub(crate) fn content_bytes(
    content: &str,
    encoding: Option<Encoding>,
    format: Option<SourceFormat>,
) -> Result<Cow<'_, [u8]>> {
    let base64 = match encoding {
        Some(encoding) => encoding == Encoding::Base64,
        None => format == Some(SourceFormat::Xlsx),
    };
    if !base64 {
        return Ok(Cow::Borrowed(content.as_bytes()));
    }
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map(Cow::Owned)
        .map_err(|e| {
            Error::new(
                ErrorCode::SchemaViolation,
                "/content",
                format!("`content` is not base64: {e}"),
            )
        })
}

/// Reads the sheet an XLSX import of `source` reads: `sheet` by name, else the first sheet with
/// a header row of `kind`, else the first sheet.
#[cfg(feature = "xlsx-read")]
pub fn read_xlsx(source: &XlsxSource) -> Result<SheetCells> {
    let Some(content) = source.content.as_deref() else {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/content",
            "give the workbook as `content` (base64)",
        ));
    };
    let bytes = content_bytes(content, source.encoding, source.format)?;
    let kind = source.kind;
    let sheets = super::source::xlsx_sheets(&bytes, source.sheet.as_deref())?;
    let (sheet, _) = super::reader::choose(kind, &sheets, source.sheet.as_deref())?;
    let sheet = sheet.clone();
    Ok(SheetCells {
        rows: sheet
            .rows
            .iter()
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect(),
        sheet: sheet.name,
        first_row: sheet.first_row,
        first_column: sheet.first_column,
    })
}

/// Imports the cells [`read_xlsx`] read from the workbook of `request` (whose `content` is not
/// read again) and checks the resulting document.
pub fn import_cells(request: ImportRequest, cells: SheetCells) -> Result<Imported> {
    // A workbook's rows are numbered from 1 and it has at most 1,048,576 rows and 16,384
    // columns: cells said to start elsewhere do not come from a workbook's reader.
    if !(1..=MAX_ROWS).contains(&cells.first_row) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "/first_row",
            format!(
                "the cells' first row is {}; a workbook's rows are numbered 1 to {MAX_ROWS}",
                cells.first_row
            ),
        ));
    }
    if cells.first_column >= MAX_COLUMNS {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "/first_column",
            format!(
                "the cells' first column index is {}; a workbook's columns are indexed 0 to {}",
                cells.first_column,
                MAX_COLUMNS - 1
            ),
        ));
    }
    let mut rows = Grid::default();
    for row in &cells.rows {
        rows.push_cells(row);
    }
    let sheet = Sheet {
        name: cells.sheet,
        rows,
        first_row: cells.first_row,
        first_column: cells.first_column,
    };
    let loaded = super::reader::Loaded {
        format: SourceFormat::Xlsx,
        encoding: None,
        sheets: vec![sheet],
    };
    super::checked(super::import_loaded(request, &loaded)?.0)
}

#[cfg(all(test, feature = "xlsx-read"))]
mod tests {
    use super::*;

    /// Reading the cells and importing them gives what `import_register` gives, for each case of
    /// the corpus that imports a workbook.
    #[test]
    fn two_steps_import_what_one_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/import");
        let mut compared = 0;
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let case: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if case["input"]["format"] != "xlsx" || case["input"]["content"].is_object() {
                continue;
            }
            let input = &case["input"];
            let one = parse(input).and_then(crate::import::import_register);
            let source: XlsxSource = serde_json::from_value(input.clone()).unwrap_or_default();
            let two = read_xlsx(&source).and_then(|cells| import_cells(parse(input)?, cells));
            let (one, two) = (one.map(|i| json(&i)), two.map(|i| json(&i)));
            assert_eq!(one, two, "{}", entry.path().display());
            compared += 1;
        }
        assert!(compared >= 2, "only {compared} XLSX cases");
    }

    /// The request of a case, as the api reads it.
    fn parse(input: &serde_json::Value) -> Result<ImportRequest> {
        serde_json::from_value(input.clone())
            .map_err(|e| Error::new(ErrorCode::SchemaViolation, "", e.to_string()))
    }

    fn json(imported: &Imported) -> serde_json::Value {
        serde_json::to_value(imported).unwrap_or_default()
    }

    /// Cells said to start outside any worksheet are refused with the field that says so.
    #[test]
    fn cells_outside_a_worksheet_are_refused() {
        let request = || -> ImportRequest {
            serde_json::from_str(r#"{"kind": "risks", "format": "xlsx"}"#).unwrap_or_default()
        };
        let cells = |first_row, first_column| SheetCells {
            sheet: None,
            first_row,
            first_column,
            rows: vec![vec!["Risk".into(), "Likelihood".into(), "Impact".into()]],
        };
        for (first_row, first_column, path) in [
            (0, 0, "/first_row"),
            (MAX_ROWS + 1, 0, "/first_row"),
            (usize::MAX, 0, "/first_row"),
            (1, MAX_COLUMNS, "/first_column"),
            (1, usize::MAX, "/first_column"),
        ] {
            let Err(error) = import_cells(request(), cells(first_row, first_column)) else {
                panic!("{first_row}/{first_column} was imported");
            };
            assert_eq!(
                (error.code, error.path.as_str()),
                (ErrorCode::InvalidValue, path)
            );
        }
        assert!(import_cells(request(), cells(MAX_ROWS, MAX_COLUMNS - 1)).is_ok());
    }
}
