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
//!
//! One import, in the order it runs: [`request`](ImportRequest) (what to read and how) →
//! `reader` (the sheet of the rows, the CSV or the XLSX file, with `source` and `workbook`) →
//! `layout` (the header row and the field of each column, with `fields`) → `rows` (the cells of
//! the data rows, ratings read with `scale` and `column`) → `risks` or `assets` (the records) →
//! `report` (how it was read, [`ImportReport`]). `register` holds a register for analysis.

mod assets;
mod column;
mod fields;
mod layout;
mod reader;
mod register;
mod report;
mod request;
mod risks;
mod rows;
mod scale;
mod source;
mod workbook;

pub use self::fields::Field;
pub use self::register::{Register, read_register};
pub use self::report::{IgnoredColumn, ImportReport, Imported, MappedColumn, RowError};
pub use self::request::{
    Encoding, Existing, ImportRequest, OnError, RegisterKind, Scales, SourceFormat,
};
pub use self::scale::ScaleReading;

use self::layout::plan;
use self::reader::load;
use self::rows::RowReader;
use self::source::Sheet;
use crate::error::Result;

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

fn import_sheet(
    mut options: ImportRequest,
    format: SourceFormat,
    sheet: &Sheet,
) -> Result<Imported> {
    let (plan, mut document) = plan(&mut options, sheet)?;
    let mut reader = RowReader::new(&plan, sheet, &options);
    let imported = match options.kind {
        RegisterKind::Risks => reader.risks(&mut document),
        RegisterKind::Assets => reader.assets(&mut document),
    };
    let RowReader {
        readings,
        errors,
        notes,
        updated,
        ..
    } = reader;
    if options.on_error == OnError::Fail
        && let Some(error) = report::first_error(&errors)
    {
        return Err(error);
    }
    let report = ImportReport {
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
    };
    Ok(Imported { report, document })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorCode};
    use serde_json::json;

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
