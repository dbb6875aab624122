//! An Excel workbook: one sheet per table (sections of text only are left out), each with a bold header row, an autofilter over the
//! data, the header row frozen and column widths set; then an `About` sheet with the report's
//! facts. The document properties carry a fixed creation date so the same input gives the same
//! bytes.

use super::TableCell;
use super::job::Sheets;
use crate::error::{Error, ErrorCode, Result};
use crate::model::Date;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

fn failed(e: &XlsxError) -> Error {
    Error::new(
        ErrorCode::SchemaViolation,
        "",
        format!("the workbook could not be written: {e}"),
    )
}

/// Excel refuses more than 32,767 characters in a cell.
const MAX_CELL: usize = 32_767;

/// `text`, unless it is longer than a workbook cell holds: then `limit_exceeded` naming the sheet,
/// the row (as the spreadsheet numbers it) and the column, rather than a cell cut short.
fn fits<'a>(text: &'a str, sheet: &str, row: u32, column: &str) -> Result<&'a str> {
    if text.len() <= MAX_CELL {
        return Ok(text);
    }
    let characters = text.chars().count();
    if characters <= MAX_CELL {
        return Ok(text);
    }
    Err(Error::new(
        ErrorCode::LimitExceeded,
        "",
        format!(
            "the cell of sheet `{sheet}` row {row} column `{column}` holds {characters} characters, more than the {MAX_CELL} a workbook cell holds; export it as CSV, Markdown, HTML or JSON, or shorten it"
        ),
    )
    .with_details(serde_json::json!({
        "limit": "xlsx_cell_characters",
        "max": MAX_CELL,
        "value": characters,
        "sheet": sheet,
        "row": row,
        "column": column,
    })))
}

pub(super) fn write(report: &Sheets, created: Option<&Date>) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    // Fast compression: a large register's workbook is written in a third of the time, for a
    // file about a tenth larger.
    workbook.set_zip_compression_level(2);
    let (year, month, day) = created.map_or((2000, 1, 1), Date::ymd);
    let when = ExcelDateTime::from_ymd(year, month, day).map_err(|e| failed(&e))?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&report.title)
            .set_creation_datetime(&when),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(0x00EE_F1F5)
        .set_align(FormatAlign::Top)
        .set_text_wrap();

    for table in &report.sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name).map_err(|e| failed(&e))?;
        for (c, column) in table.columns.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .write_string_with_format(0, c, &column.header, &header)
                .map_err(|e| failed(&e))?;
            sheet
                .set_column_width(c, column.width)
                .map_err(|e| failed(&e))?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    TableCell::Text(text) => {
                        let column = table
                            .columns
                            .get(usize::from(c))
                            .map_or("", |k| k.header.as_str());
                        let text = fits(text, &table.name, r + 1, column)?;
                        sheet.write_string(r, c, text).map(|_| ())
                    }
                    TableCell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    TableCell::Empty => Ok(()),
                }
                .map_err(|e| failed(&e))?;
            }
        }
        let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        let last_col = u16::try_from(table.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        sheet
            .autofilter(0, 0, last_row, last_col)
            .map_err(|e| failed(&e))?;
        sheet.set_freeze_panes(1, 0).map_err(|e| failed(&e))?;
    }

    let about = workbook.add_worksheet();
    about.set_name("About").map_err(|e| failed(&e))?;
    about.set_column_width(0, 18).map_err(|e| failed(&e))?;
    about.set_column_width(1, 100).map_err(|e| failed(&e))?;
    about
        .write_string_with_format(0, 0, fits(&report.title, "About", 1, "title")?, &header)
        .map_err(|e| failed(&e))?;
    if report.draft {
        about
            .write_string(1, 0, "DRAFT: not approved")
            .map_err(|e| failed(&e))?;
    }
    for (r, (label, value)) in (2..).zip(&report.facts) {
        about
            .write_string_with_format(r, 0, label, &header)
            .map_err(|e| failed(&e))?;
        about
            .write_string(r, 1, fits(value, "About", r + 1, label)?)
            .map_err(|e| failed(&e))?;
    }
    workbook.save_to_buffer().map_err(|e| failed(&e))
}
