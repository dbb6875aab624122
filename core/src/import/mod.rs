//! Risk and asset registers and Statements of Applicability from outside, kept as people keep
//! them: CSV (UTF-8, UTF-16 or Windows-1252), XLSX and XLSM workbooks, or rows already split (a
//! DataFrame), read into the document's risks, assets and control records, with no mapping.
//!
//! - **Sheet and header.** Every sheet of a workbook is read (within the limits of `source`) and
//!   the one whose header reads best as a register is chosen. The header is found anywhere in
//!   the first rows and columns: one row, or two when group headers (`INHERENT RISK`, `RESIDUAL
//!   RISK`) sit above the column headers. Title rows above and totals, notes and footers below
//!   the data are not read; grouping columns whose blank cells sit under a merged cell are filled
//!   down (`layout`).
//! - **Columns.** Each column is scored for every field by its header words (synonyms, plurals,
//!   prefixes, misspellings, words in any order, the group header above) and by its content
//!   (numbers and their range, scale words, control ids, dates, long text, distinct values), and
//!   fields go to columns most confident first (`detect`). A risk without a title column takes
//!   its description, else a title made of threat, vulnerability and assets; ids are made when
//!   there are none, from the row's position, and such a record is marked `x_id_generated`
//!   (`diff` then matches it by another key). Columns that fill no field are kept, per record, under `x_source_columns`;
//!   score and band columns are recognised and not read, because the engine computes them.
//! - **Ratings.** Each rating column is read by one rule chosen from its values and reported:
//!   the method's levels or labels, another numeric range (`0–4`, `1–3`, `1–10`, decimals `0–1`),
//!   words read by their meaning (a three-level `High` is a five-level method's fourth level, not
//!   its top), per-property cells (`C=3, I=3, A=2`); products of two levels are scores, not
//!   ratings; `--`, `n/a`, `TBC`, `NaN` are not assessed (`scale`).
//! - **Two steps.** [`inspect_register`] returns the reading ([`Reading`]): the sheet, the header
//!   rows, each column's field with its confidence and alternatives, each scale, the first
//!   records and the problems. A request's `reading` (changed or not) is read instead of
//!   detecting anew; its `columns`, `scales` and `values` maps win over both.
//! - **Errors.** A cell that cannot be read is an error naming the spreadsheet row and column and
//!   the path of the field it would fill. By default the first one fails the import (all of them
//!   listed in `details.errors`); with `on_error: "collect"` the bad rows are left out, listed in
//!   `errors`, and the good rows import. A file past a limit fails with `file_too_large`.
//!
//! The imported records are appended to the request's document, or to a new document under the
//! request's method, and the result is checked like any document.
//!
//! One import, in the order it runs: [`request`](ImportRequest) (what to read and how) →
//! `reader` (the sheets: CSV decoded, XLSX read with `source`; the register's sheet chosen) →
//! `layout` (the header rows and the field of each column, with `detect` and `fields`: the
//! [`Reading`]) → `rows` (the cells of the data rows, ratings read with `scale` and `column`,
//! controls with `controls`) → `risks`, `assets` or `soa` (the records; `soa` carries 2013 ids to
//! 2022 through the catalogue's crosswalk) → `report` (how it was read, [`ImportReport`]).
//! `register` holds a register for analysis.

mod assets;
mod column;
mod controls;
mod detect;
mod fields;
mod layout;
mod parallel;
mod reader;
mod reading;
mod register;
mod report;
mod request;
mod risks;
mod rows;
mod scale;
mod soa;
mod source;
mod workbook;

pub use self::fields::Field;
pub use self::reading::{Alternative, ColumnReading, Reading, SheetScore};
pub use self::register::{Register, read_register, read_register_owned};
pub use self::report::{IgnoredColumn, ImportReport, Imported, MappedColumn, RowError};
pub use self::request::{
    Encoding, Existing, ImportRequest, OnError, RegisterKind, Scales, SourceFormat,
};
pub use self::scale::ScaleReading;

use self::column::CodedColumn;
use self::layout::{plan, read_layout};
use self::reader::{Loaded, load};
use self::rows::{RowReader, scale_readers};
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

/// How `import_register` would read the register of a request: the sheet, the header rows, each
/// column's field with its confidence and alternatives, each scale, the first records as they
/// would import and the cells that would not read. Bad rows do not fail it.
pub fn inspect_register(request: ImportRequest) -> Result<Reading> {
    inspect(request, None)
}

/// [`inspect_register`] of the bytes of a file.
pub fn inspect_bytes(request: ImportRequest, bytes: &[u8]) -> Result<Reading> {
    inspect(request, Some(bytes))
}

/// Records shown in a reading's preview.
const PREVIEW: usize = 10;

fn inspect(mut request: ImportRequest, bytes: Option<&[u8]>) -> Result<Reading> {
    request.on_error = OnError::Collect;
    let kind = request.kind;
    let loaded = load(&mut request, bytes)?;
    let (imported, mut reading, ids) = import_read(request, &loaded)?;
    // The records the register's first rows became, added or updated, in register order.
    let pick = |list: serde_json::Value| -> Vec<serde_json::Value> {
        let serde_json::Value::Array(items) = list else {
            return Vec::new();
        };
        ids.iter()
            .filter_map(|id| {
                items.iter().find(|r| {
                    r.get("id").and_then(|v| v.as_str()) == Some(id.as_str())
                        || r.get("control").and_then(|v| v.as_str()) == Some(id.as_str())
                })
            })
            .take(PREVIEW)
            .cloned()
            .collect()
    };
    let list = match kind {
        RegisterKind::Risks => serde_json::to_value(&imported.document.risks),
        RegisterKind::Assets => serde_json::to_value(&imported.document.assets),
        RegisterKind::Soa => serde_json::to_value(&imported.document.controls),
    };
    if let Ok(list) = list {
        reading.preview = pick(list);
    }
    reading.problems = imported.report.errors;
    reading.notes = imported.report.notes;
    Ok(reading)
}

fn checked(imported: Imported) -> Result<Imported> {
    crate::checks::check(&imported.document, None).map_err(|e| e.under("/document"))?;
    Ok(imported)
}

/// [`import_register`] without the check of the document, for callers that check it anyway
/// (an analysis checks the document first).
pub fn read_request(mut request: ImportRequest) -> Result<Imported> {
    let loaded = load(&mut request, None)?;
    import_loaded(request, &loaded).map(|(imported, _)| imported)
}

/// [`import_bytes`] without the check of the document.
pub fn read_bytes(mut options: ImportRequest, bytes: &[u8]) -> Result<Imported> {
    let loaded = load(&mut options, Some(bytes))?;
    import_loaded(options, &loaded).map(|(imported, _)| imported)
}

/// Imports the loaded sheets: the register's sheet chosen, its layout read (or taken from the
/// request's `reading`), then its rows.
fn import_loaded(options: ImportRequest, loaded: &Loaded) -> Result<(Imported, Reading)> {
    import_read(options, loaded).map(|(imported, reading, _)| (imported, reading))
}

/// [`import_loaded`], with the ids of the first records read in register order.
fn import_read(
    mut options: ImportRequest,
    loaded: &Loaded,
) -> Result<(Imported, Reading, Vec<String>)> {
    let given = options.reading.take();
    let values = std::mem::take(&mut options.values);
    options.scales.merge(values);
    if let Some(given) = &given {
        for scale in &given.scales {
            let field: Option<Field> =
                serde_json::from_value(serde_json::Value::String(scale.field.clone())).ok();
            if let Some(map) = field.and_then(|f| options.scales.levels_mut(f)) {
                for (label, level) in &scale.labels {
                    map.entry(label.clone()).or_insert(*level);
                }
            }
        }
    }
    let wanted = options
        .sheet
        .clone()
        .or_else(|| given.as_ref().and_then(|g| g.sheet.clone()));
    let (sheet, sheets) = reader::choose(options.kind, &loaded.sheets, wanted.as_deref())?;
    let mut reading = read_layout(&options, sheet, given.as_ref())?;
    reading.format = Some(loaded.format);
    reading.encoding = loaded.encoding.map(str::to_owned);
    reading.sheets = sheets;
    let filled = fill_down(sheet, &reading);
    let sheet = filled.as_ref().unwrap_or(sheet);
    let (mut plan, mut document) = plan(&mut options, sheet, &reading)?;
    // Rating columns that hold products of two levels are scores: not read.
    let mut products = Vec::new();
    for group in rating_groups(options.kind) {
        for (field, reader, _) in scale_readers(
            &plan.layout,
            &plan.method,
            &options.scales,
            group,
            &mut |index| CodedColumn::read(&plan.data, Some(index)),
        ) {
            if reader.is_product() {
                products.push(field);
            }
        }
    }
    if !products.is_empty() {
        for column in &mut reading.columns {
            if column.field.is_some_and(|f| products.contains(&f)) {
                reading.notes.push(format!(
                    "column `{}` holds products of two levels (up to {}): it is read as a score, not as the {}",
                    column.header,
                    plan.method.likelihood.levels.len() * plan.method.impact.levels.len(),
                    column.field.map(Field::as_str).unwrap_or_default()
                ));
                column.field = Some(Field::Computed);
            }
        }
        options.document = Some(document);
        (plan, document) = layout::plan(&mut options, sheet, &reading)?;
    }
    let mut reader = RowReader::new(&plan, sheet, &options);
    let imported = match options.kind {
        RegisterKind::Risks => reader.risks(&mut document),
        RegisterKind::Assets => reader.assets(&mut document),
        RegisterKind::Soa => reader.soa(&mut document),
    };
    let RowReader {
        readings,
        errors,
        mut notes,
        updated,
        read_ids,
        ..
    } = reader;
    if options.on_error == OnError::Fail
        && let Some(error) = report::first_error(&errors)
    {
        return Err(error);
    }
    let mut all_notes = std::mem::take(&mut reading.notes);
    all_notes.append(&mut notes);
    let fill: Vec<&str> = reading
        .columns
        .iter()
        .filter(|c| c.fill_down)
        .map(|c| c.header.as_str())
        .collect();
    if !fill.is_empty() {
        all_notes.push(format!(
            "blank cells of {} continue the value above them (grouped rows, merged cells)",
            fill.iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    reading.scales = readings.clone();
    reading.rows = plan.data.len();
    let report = ImportReport {
        kind: options.kind,
        format: loaded.format,
        encoding: reading.encoding.clone(),
        sheet: sheet.name.clone(),
        header_row: sheet.first_row + plan.header_index,
        columns: plan.layout.mapped.clone(),
        ignored: plan.layout.ignored.clone(),
        scales: readings,
        rows: plan.data.len(),
        imported,
        updated,
        errors,
        notes: all_notes,
    };
    Ok((Imported { report, document }, reading, read_ids))
}

/// The rating fields of a register read on one scale together.
fn rating_groups(kind: RegisterKind) -> &'static [&'static [Field]] {
    match kind {
        RegisterKind::Risks => &[
            &[Field::Likelihood, Field::ResidualLikelihood],
            &[Field::Impact, Field::ResidualImpact],
        ],
        RegisterKind::Assets | RegisterKind::Soa => &[],
    }
}

/// The sheet with the blank cells of its fill-down columns (below the header) holding the value
/// above them; `None` when no column fills down.
fn fill_down(sheet: &Sheet, reading: &Reading) -> Option<Sheet> {
    let columns: Vec<usize> = reading
        .columns
        .iter()
        .filter(|c| c.fill_down)
        .filter_map(|c| source::letter_index(&c.column)?.checked_sub(sheet.first_column))
        .collect();
    if columns.is_empty() {
        return None;
    }
    let header = reading
        .header_rows
        .last()
        .copied()
        .unwrap_or(sheet.first_row);
    let mut last: Vec<String> = vec![String::new(); columns.len()];
    let mut rows = source::Grid::default();
    for (i, row) in sheet.rows.iter().enumerate() {
        let number = sheet.first_row + i;
        let empty_row = row.iter().all(|c| source::trim(c).is_empty());
        let width = row
            .len()
            .max(columns.iter().map(|c| c + 1).max().unwrap_or(0));
        let cells: Vec<String> = (0..width)
            .map(|c| {
                let text = row.get(c).unwrap_or_default();
                match columns.iter().position(|x| *x == c) {
                    Some(k) if number > header && !empty_row => {
                        if rows::is_blank(text) {
                            last.get(k).cloned().unwrap_or_default()
                        } else {
                            if let Some(slot) = last.get_mut(k) {
                                *slot = text.to_owned();
                            }
                            text.to_owned()
                        }
                    }
                    _ => text.to_owned(),
                }
            })
            .collect();
        rows.push_cells(cells);
    }
    Some(Sheet {
        name: sheet.name.clone(),
        rows,
        first_row: sheet.first_row,
        first_column: sheet.first_column,
    })
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

    fn request(value: serde_json::Value) -> ImportRequest {
        serde_json::from_value(value).unwrap_or_default()
    }

    #[test]
    fn a_reading_changed_and_given_back_reads_the_register_by_it() {
        let csv = "Risk register\n,,,,\nRef,Scenario,Liklihood,Impact,Notes\nR1,Flood,High,Low,basement\nR2,Fire,Medium,High,\n";
        let reading =
            inspect_register(request(json!({ "content": csv }))).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reading.header_rows, [3]);
        let fields: Vec<Option<Field>> = reading.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Some(Field::Id),
                Some(Field::Description),
                Some(Field::Likelihood),
                Some(Field::Impact),
                None
            ]
        );
        assert_eq!(reading.preview.len(), 2);
        // The user reads `Notes` as the threat and `High` likelihood as level 5.
        let mut value = serde_json::to_value(&reading).unwrap_or_default();
        value["columns"][4]["field"] = json!("threat");
        value["scales"][0]["labels"]["High"] = json!(5);
        let imported = read_request(request(json!({ "content": csv, "reading": value })))
            .unwrap_or_else(|e| panic!("{e}"));
        let risk = imported.document.risks.first().map(|r| {
            (
                r.title.clone(),
                r.threat.clone(),
                r.inherent.as_ref().map(|a| a.likelihood),
            )
        });
        assert_eq!(
            risk,
            Some(("Flood".to_owned(), "basement".to_owned(), Some(5)))
        );
        // A field given to two columns is refused.
        value["columns"][4]["field"] = json!("likelihood");
        let twice = read_request(request(json!({ "content": csv, "reading": value })));
        assert_eq!(
            twice.err().map(|e| (e.code, e.path)),
            Some((
                ErrorCode::SchemaViolation,
                "/reading/columns/4/field".to_owned()
            ))
        );
        // Untouched, the reading imports what detection imports.
        let detected = read_request(request(json!({ "content": csv }))).map(|i| i.document);
        let given = read_request(request(json!({ "content": csv, "reading": reading })))
            .map(|i| i.document);
        assert_eq!(detected.ok(), given.ok());
    }

    #[test]
    fn ids_already_in_the_document_fail_every_row_that_repeats_them() {
        let first = read_request(request(
            json!({ "content": "Ref,Risk\nR1,Flood\nR2,Fire\n" }),
        ))
        .map(|i| i.document)
        .unwrap_or_else(|e| panic!("{e}"));
        let again = "Ref,Risk\nR1,Flood again\nR1,Flood once more\nR3,Theft\n";
        let collected = read_request(request(json!({
            "content": again, "document": first, "on_error": "collect"
        })))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (collected.report.imported, collected.report.updated),
            (1, 0)
        );
        let messages: Vec<&str> = collected
            .report
            .errors
            .iter()
            .map(|e| e.message.as_str())
            .collect();
        assert_eq!(messages.len(), 2);
        assert!(
            messages
                .iter()
                .all(|m| m.contains("already in the document")),
            "{messages:?}"
        );
        // Updated, the preview shows the records the rows became, in register order.
        let reading = inspect_register(request(json!({
            "content": again, "document": collected.document, "existing": "update"
        })))
        .unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = reading
            .preview
            .iter()
            .filter_map(|r| r["id"].as_str())
            .collect();
        assert_eq!(ids, ["R1", "R3"]);
    }

    #[test]
    fn a_label_in_several_spellings_is_one_label_of_the_reading() {
        let csv = "Risk,Likelihood,Impact\nA,High,Low\nB,HIGH ,low\nC,high,LOW\n";
        let reading =
            inspect_register(request(json!({ "content": csv }))).unwrap_or_else(|e| panic!("{e}"));
        let labels: Vec<Vec<&str>> = reading
            .scales
            .iter()
            .map(|s| s.labels.keys().map(String::as_str).collect())
            .collect();
        assert_eq!(labels, [vec!["High"], vec!["Low"]]);
    }

    #[test]
    fn a_bad_label_is_answered_with_the_labels_the_column_is_read_with() {
        let common = import("Risk,Likelihood,Impact\nA,Low,High\nB,Banana,Medium\n");
        let message = common.err().map(|e| e.message).unwrap_or_default();
        assert!(message.contains("`low`, `Rare`, `Unlikely`"), "{message}");
        let numbers = import("Risk,Likelihood,Impact\nA,2,3\nB,two,3\n");
        let message = numbers.err().map(|e| e.message).unwrap_or_default();
        assert!(message.contains("1–5 or one of the labels `"), "{message}");
    }
}
