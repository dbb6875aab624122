//! Reading the data rows of a laid-out sheet, cell by cell: texts, rating levels (each distinct
//! text of a rating column read once), dates, the ids of the records, the columns kept under
//! `x_source_columns`, and the errors of the cells that cannot be read. The records themselves
//! are built in [`super::risks`] and [`super::assets`].

use super::column::{CodedColumn, TextSet};
use super::layout::{Layout, Plan};
use super::report::RowError;
use super::request::{Existing, ImportRequest, Scales};
use super::scale::{LevelError, LevelReader};
use super::source::{self, Cells, Sheet};
use super::{Field, ScaleReading};
use crate::error::ErrorCode;
use crate::model::{Assessment, Date, Extra};
use crate::risk::{ImpactRating, Level, Method};
use foldhash::{HashMap, HashSet, HashSetExt};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Reads the data rows of a laid-out sheet.
pub(super) struct RowReader<'a> {
    pub(super) layout: &'a Layout,
    pub(super) first_column: usize,
    pub(super) method: &'a Method,
    pub(super) scales: &'a Scales,
    pub(super) data: &'a [(usize, Cells<'a>)],
    /// The level each distinct text of a rating column reads as, by field.
    pub(super) levels: BTreeMap<Field, HashMap<&'a str, Result<u32, LevelError>>>,
    /// The cells of each rating column read so far, as codes of their distinct texts.
    pub(super) columns: BTreeMap<Field, CodedColumn<'a>>,
    /// The labels each rating field's reader knows, for error messages.
    pub(super) labels: BTreeMap<Field, Vec<String>>,
    pub(super) readings: Vec<ScaleReading>,
    pub(super) errors: Vec<RowError>,
    pub(super) notes: Vec<String>,
    /// Whether rows may update records already in the document.
    pub(super) existing: Existing,
    /// Records updated.
    pub(super) updated: usize,
}

/// One row being read: its number, its cells, and where its record goes in the document.
pub(super) struct Row<'r> {
    pub(super) number: usize,
    pub(super) cells: Cells<'r>,
    /// `risks` or `assets`.
    pub(super) list: &'static str,
    /// The record's index in that list.
    pub(super) record: usize,
    pub(super) failed: bool,
}

impl<'a> RowReader<'a> {
    /// A reader of the data rows of a plan.
    pub(super) fn new(plan: &'a Plan<'a>, sheet: &Sheet, options: &'a ImportRequest) -> Self {
        RowReader {
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

    pub(super) fn cell<'r>(&self, row: &Row<'r>, field: Field) -> Option<&'r str> {
        let index = (*self.layout.index.get(field as usize)?)?;
        let text = source::trim(row.cells.get(index)?);
        (!text.is_empty()).then_some(text)
    }

    pub(super) fn text(&self, row: &Row<'_>, field: Field) -> String {
        self.cell(row, field).unwrap_or_default().to_owned()
    }

    pub(super) fn fail(
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
    pub(super) fn prepare(&mut self, group: &[Field]) {
        let Some(first) = group.first() else { return };
        let (levels, explicit) = self.scale_of(*first);
        let labels: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
        let mut columns: Vec<(Field, usize, Vec<&str>)> = Vec::new();
        let mut seen = HashSet::new();
        for field in group {
            let Some(index) = self.layout.at.get(field).copied() else {
                continue;
            };
            let column = CodedColumn::read(self.data.iter().map(|(_, cells)| *cells), Some(index));
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
    pub(super) fn level(
        &mut self,
        row: &mut Row<'_>,
        field: Field,
        path: (&str, &str),
    ) -> Option<u32> {
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
    pub(super) fn assessment(
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

    /// The id (generated when the cell is empty) and the title or name of a record; a taken id or
    /// an empty title fails the row.
    pub(super) fn identify<'r: 't, 't>(
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

    pub(super) fn kept(&self, row: &Row<'_>) -> Extra {
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

    /// Appends the records read to `list`, except those whose id is already in it, which update
    /// that record with `update`. Returns how many records were read; counts the updates.
    pub(super) fn add_or_update<T>(
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

    pub(super) fn date(&mut self, row: &mut Row<'_>, field: Field, path: &str) -> Option<Date> {
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
}

/// Whether the register has a column for a field.
pub(super) type HasColumn<'a> = dyn Fn(&Field) -> bool + 'a;

/// `old.name = name` for each field whose column the register has (`read`).
macro_rules! replace_read {
    ($read:ident, $old:expr, $($field:ident => $name:ident),+ $(,)?) => {
        $(if $read(&Field::$field) {
            $old.$name = $name;
        })+
    };
}
pub(super) use replace_read;

/// The start of the ids generated for risks without one (`R-001`, `R-002`, …).
pub(super) const GENERATED_PREFIX: &str = "R-";

/// The ids in use, and the counter of generated ones.
pub(super) struct Ids<'t> {
    /// The ids the register's rows took so far.
    pub(super) used: TextSet<'t>,
    /// The ids already in the document, when rows may update those records.
    pub(super) updatable: HashSet<&'t str>,
    pub(super) next: usize,
}

impl<'t> Ids<'t> {
    pub(super) fn new(existing: impl Iterator<Item = &'t str>, mode: Existing) -> Self {
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
    pub(super) fn generate(&mut self, prefix: &str) -> String {
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
pub(super) fn split_list(cell: Option<&str>) -> impl Iterator<Item = &str> {
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
