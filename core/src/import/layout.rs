//! Laying out a sheet: finding the header row among the first rows by the headers people write,
//! mapping each column to the field it fills (an explicit `columns` mapping wins), keeping the
//! columns that fill no field, and resolving the method the ratings are on.

use super::Field;
use super::fields::{self, ASSET_HEADERS, RISK_HEADERS, SOA_HEADERS};
use super::report::{IgnoredColumn, MappedColumn};
use super::request::{ImportRequest, RegisterKind};
use super::source::{self, Cells, Grid, Sheet};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Document;
use crate::risk::Method;
use foldhash::{HashSet, HashSetExt};
use std::collections::BTreeMap;

/// Rows searched for the header row.
const HEADER_SEARCH: usize = 30;

pub(super) fn headers_of(kind: RegisterKind) -> &'static [(Field, &'static [&'static str])] {
    match kind {
        RegisterKind::Risks => RISK_HEADERS,
        RegisterKind::Assets => ASSET_HEADERS,
        RegisterKind::Soa => SOA_HEADERS,
    }
}

fn required(kind: RegisterKind) -> Field {
    match kind {
        RegisterKind::Risks => Field::Title,
        RegisterKind::Assets => Field::Name,
        RegisterKind::Soa => Field::Control,
    }
}

/// The index of the row with the most known headers: the title or name, or the id or control and
/// one more.
pub(super) fn find_header(headers: &[(Field, &[&str])], rows: &Grid) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().take(HEADER_SEARCH).enumerate() {
        let found: HashSet<Field> = row
            .iter()
            .filter_map(|h| fields::field_of(headers, h))
            .collect();
        let anchored = found.contains(&Field::Title)
            || found.contains(&Field::Name)
            || found.contains(&Field::Id)
            || found.contains(&Field::Control);
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
pub(super) struct Layout {
    /// Field → column index.
    pub(super) at: BTreeMap<Field, usize>,
    /// The same, indexed by `Field as usize`, for the per-cell lookups.
    pub(super) index: [Option<usize>; Field::COUNT],
    pub(super) mapped: Vec<MappedColumn>,
    pub(super) ignored: Vec<IgnoredColumn>,
    /// Columns kept under `x_source_columns`: (index, header).
    pub(super) kept: Vec<(usize, String)>,
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
pub(super) struct Plan<'s> {
    pub(super) header_index: usize,
    pub(super) layout: Layout,
    pub(super) method: Method,
    /// The non-empty rows below the header: (spreadsheet row number, cells).
    pub(super) data: Vec<(usize, Cells<'s>)>,
}

/// Finds the header row, lays out the columns, and resolves the method; returns the plan and the
/// document the records go to (the request's, taken out of it, else a new one).
pub(super) fn plan<'s>(
    options: &mut ImportRequest,
    sheet: &'s Sheet,
) -> Result<(Plan<'s>, Document)> {
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
                    match options.kind {
                        RegisterKind::Risks => "Risk",
                        RegisterKind::Assets => "Asset",
                        RegisterKind::Soa => "Control",
                    }
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
