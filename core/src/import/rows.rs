//! Reading the data rows of a laid-out sheet, cell by cell: texts, rating levels (each distinct
//! text of a rating column read once), dates, the ids of the records, the columns kept under
//! `x_source_columns`, and the errors of the cells that cannot be read. The records themselves
//! are built in [`super::risks`] and [`super::assets`].

use super::column::{CodedColumn, TextSet};
use super::layout::{Layout, Plan};
use super::report::RowError;
use super::request::{Existing, ImportRequest, Scales};
use super::scale::{CLASSIFICATION_GRADES, GRADES, LevelError, LevelReader};
use super::source::{self, Cells, Sheet};
use super::{Field, ScaleReading};
use crate::error::ErrorCode;
use crate::model::{Assessment, Date, Extra, ID_GENERATED};
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
    /// The reader of each rating column.
    pub(super) readers: BTreeMap<Field, LevelReader>,
    /// The cells of each rating column read so far, as codes of their distinct texts.
    pub(super) columns: BTreeMap<Field, CodedColumn<'a>>,
    /// Columns read ahead by [`RowReader::read_ahead`] and not taken yet, by index.
    pub(super) ahead: BTreeMap<usize, CodedColumn<'a>>,
    /// The labels each rating field's reader knows, for error messages.
    pub(super) labels: BTreeMap<Field, Vec<String>>,
    pub(super) readings: Vec<ScaleReading>,
    pub(super) errors: Vec<RowError>,
    pub(super) notes: Vec<String>,
    /// Whether rows may update records already in the document.
    pub(super) existing: Existing,
    /// Records updated.
    pub(super) updated: usize,
    /// Ratings with an impact and no likelihood, left unrated.
    pub(super) unrated: usize,
    /// The ids of the records read, in register order (for a reading's preview).
    pub(super) read_ids: Vec<String>,
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
    /// True when the row's id was free and the row took it (a failed row frees it again).
    pub(super) took_id: bool,
    /// True when the row had no id and the import made one from its position.
    pub(super) generated_id: bool,
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
            readers: BTreeMap::new(),
            columns: BTreeMap::new(),
            ahead: BTreeMap::new(),
            labels: BTreeMap::new(),
            readings: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
            existing: options.existing,
            updated: 0,
            unrated: 0,
            read_ids: Vec::new(),
        }
    }

    pub(super) fn cell<'r>(&self, row: &Row<'r>, field: Field) -> Option<&'r str> {
        let index = (*self.layout.index.get(field as usize)?)?;
        let text = source::trim(row.cells.get(index)?);
        // In an SoA, `N/A` and `-` in the applicability column say "not applicable".
        if field == Field::Applicable {
            return (!text.is_empty()).then_some(text);
        }
        (!is_blank(text)).then_some(text)
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
        let levels = match field {
            Field::Likelihood | Field::ResidualLikelihood => &method.likelihood.levels,
            _ => &method.impact.levels,
        };
        (levels, scales.levels_for(field))
    }

    /// Reads the columns of `fields` in one pass over the rows, for [`RowReader::prepare`] and
    /// [`RowReader::coded`] to take.
    pub(super) fn read_ahead(&mut self, fields: &[Field]) {
        let mut indexes: Vec<usize> = fields
            .iter()
            .filter_map(|f| self.layout.at.get(f).copied())
            .filter(|i| !self.ahead.contains_key(i))
            .collect();
        indexes.sort_unstable();
        indexes.dedup();
        let columns = CodedColumn::read_many(self.data, &indexes);
        self.ahead.extend(indexes.into_iter().zip(columns));
    }

    /// The cells of column `index` as codes: read ahead, or read now; every cell empty without
    /// an index.
    pub(super) fn coded(&mut self, index: Option<usize>) -> CodedColumn<'a> {
        take_coded(&mut self.ahead, self.data, index)
    }

    /// Prepares one level reader for rating columns on the same scale, from the distinct texts
    /// of them all, so that a label means the same level in each.
    pub(super) fn prepare(&mut self, group: &[Field]) {
        let (layout, method, scales, data) = (self.layout, self.method, self.scales, self.data);
        let ahead = &mut self.ahead;
        let read = &mut |index| take_coded(ahead, data, Some(index));
        for (field, reader, column) in scale_readers(layout, method, scales, group, read) {
            let distinct: Vec<&'a str> = column.distinct().filter(|t| !is_blank(t)).collect();
            self.columns.insert(field, column);
            let header = self.header_of(field);
            if reader.source() == "common" {
                self.notes.push(format!(
                    "{} (column `{header}`) was read by the meaning of its words on the method's {} levels (a three-level `High` is the fourth of five levels, not the top); map them in `scales` to read them otherwise",
                    field.as_str(),
                    self.scale_of(field).0.len()
                ));
            }
            self.readings
                .push(reader.reading(field.as_str(), header, distinct.iter().copied()));
            let levels = distinct.iter().map(|t| (*t, reader.read(t))).collect();
            self.levels.insert(field, levels);
            // The labels it read, then the method's own.
            let mut known: Vec<String> = reader
                .known_labels()
                .into_iter()
                .map(str::to_owned)
                .collect();
            for level in self.scale_of(field).0 {
                if !known.iter().any(|k| k.eq_ignore_ascii_case(&level.label)) {
                    known.push(level.label.clone());
                }
            }
            self.labels.insert(field, known);
            self.readers.insert(field, reader);
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
            // Not assessed yet (a blank or `TBC` likelihood): the risk is left unrated.
            (None, Some(_)) if l_text.is_none() => {
                self.unrated += 1;
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
    /// an empty title fails the row. A risk without a title takes the start of its description,
    /// else a title made of its threat, vulnerability and assets.
    pub(super) fn identify<'r: 't, 't>(
        &mut self,
        row: &mut Row<'r>,
        ids: &mut Ids<'t>,
    ) -> (Cow<'t, str>, Cow<'r, str>) {
        let (prefix, what, field) = match row.list {
            "risks" => (GENERATED_PREFIX, "risk", Field::Title),
            _ => ("AS-", "asset", Field::Name),
        };
        let id: Cow<'t, str> = match self.cell(row, Field::Id) {
            Some(id) => id.into(),
            None => {
                row.generated_id = true;
                ids.generate(prefix).into()
            }
        };
        if ids.used.insert(id.clone()) {
            row.took_id = true;
        } else {
            let message = if ids.in_document.contains(id.as_ref()) {
                format!(
                    "{what} id `{id}` is already in the document; import with `existing: \"update\"` to update that {what}"
                )
            } else {
                format!("{what} id `{id}` is used twice in the register")
            };
            self.fail(row, Field::Id, ErrorCode::DuplicateId, "/id", message);
        }
        let label: Cow<'r, str> = match self.cell(row, field) {
            Some(title) => title.into(),
            None if field == Field::Title => self.made_title(row),
            None => "".into(),
        };
        if label.is_empty() {
            let path = format!("/{}", field.as_str());
            let message = format!("every {what} needs a {}", field.as_str());
            self.fail(row, field, ErrorCode::InvalidValue, &path, message);
        }
        (id, label)
    }

    /// A risk's title from its other cells: the first sentence of its description (at most 120
    /// characters), else `threat – vulnerability (assets)`.
    fn made_title<'r>(&self, row: &Row<'r>) -> Cow<'r, str> {
        if let Some(description) = self.cell(row, Field::Description) {
            return short_title(description);
        }
        let parts: Vec<&str> = [Field::Threat, Field::Vulnerability]
            .iter()
            .filter_map(|f| self.cell(row, *f))
            .collect();
        let assets = self.cell(row, Field::Assets);
        match (parts.is_empty(), assets) {
            (true, _) => "".into(),
            (false, Some(assets)) => format!("{} ({assets})", parts.join(" – ")).into(),
            (false, None) => parts.join(" – ").into(),
        }
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
        if row.generated_id {
            extra.insert(ID_GENERATED.to_owned(), Value::Bool(true));
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
        self.read_ids
            .extend(read.iter().take(PREVIEW_IDS).map(|r| id(r).to_owned()));
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

/// Column `index` taken from the columns read ahead, or read now.
fn take_coded<'d>(
    ahead: &mut BTreeMap<usize, CodedColumn<'d>>,
    data: &'d [(usize, Cells<'d>)],
    index: Option<usize>,
) -> CodedColumn<'d> {
    match index.and_then(|i| ahead.remove(&i)) {
        Some(column) => column,
        None => CodedColumn::read(data, index),
    }
}

/// The level reader of each rating column of `group` (fields on one scale), built from the
/// distinct texts of them all so that a label means the same level in each; with each column's
/// distinct texts, which `read` gives by column index.
pub(super) fn scale_readers<'d>(
    layout: &Layout,
    method: &Method,
    scales: &Scales,
    group: &[Field],
    read: &mut dyn FnMut(usize) -> CodedColumn<'d>,
) -> Vec<(Field, LevelReader, CodedColumn<'d>)> {
    let Some(first) = group.first() else {
        return Vec::new();
    };
    let levels = match first {
        Field::Likelihood | Field::ResidualLikelihood => &method.likelihood.levels,
        _ => &method.impact.levels,
    };
    let labels: Vec<&str> = levels.iter().map(|l| l.label.as_str()).collect();
    let mut columns: Vec<(Field, CodedColumn<'d>)> = Vec::new();
    let mut seen = HashSet::new();
    for field in group {
        let Some(index) = layout.at.get(field).copied() else {
            continue;
        };
        let column = read(index);
        seen.extend(column.distinct().filter(|t| !is_blank(t)));
        columns.push((*field, column));
    }
    let Some(lead) = columns.first().map(|(f, _)| *f) else {
        return Vec::new();
    };
    let header = layout
        .mapped
        .iter()
        .find(|m| m.field == lead)
        .map_or("", |m| m.header.as_str());
    // One reader for the group, unless the request maps a field's labels of its own.
    let words = if lead == Field::Classification {
        CLASSIFICATION_GRADES
    } else {
        GRADES
    };
    let shared = LevelReader::with_words(
        &labels,
        scales.levels_for(lead),
        header,
        seen.iter().copied(),
        words,
    );
    columns
        .into_iter()
        .map(|(field, column)| {
            let own = scales.levels_for(field);
            let reader = if std::ptr::eq(own, scales.levels_for(lead)) {
                shared.clone()
            } else {
                LevelReader::with_words(
                    &labels,
                    own,
                    header,
                    column.distinct().filter(|t| !is_blank(t)),
                    words,
                )
            };
            (field, reader, column)
        })
        .collect()
}

/// The first sentence or line of a text, cut at a word to at most 120 characters.
fn short_title(text: &str) -> Cow<'_, str> {
    const MOST: usize = 120;
    let end = text
        .char_indices()
        .find(|(i, c)| {
            *c == '\n' || (*c == '.' && text.get(i + 1..).is_none_or(|r| r.starts_with(' ')))
        })
        .map_or(text.len(), |(i, _)| i);
    let sentence = text.get(..end).unwrap_or(text).trim();
    if sentence.chars().count() <= MOST {
        return sentence.into();
    }
    let cut: String = sentence.chars().take(MOST - 1).collect();
    let at_word = cut
        .rfind(' ')
        .map_or(cut.as_str(), |i| cut.get(..i).unwrap_or(&cut));
    format!("{}…", at_word.trim_end_matches([',', ';', ':'])).into()
}

/// Ids of records read kept for a reading's preview.
const PREVIEW_IDS: usize = 10;

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
    /// The ids already in the document, when rows may not update them.
    pub(super) in_document: HashSet<&'t str>,
    pub(super) next: usize,
}

impl<'t> Ids<'t> {
    pub(super) fn new(existing: impl Iterator<Item = &'t str>, mode: Existing) -> Self {
        match mode {
            Existing::Fail => {
                let in_document: HashSet<&'t str> = existing.collect();
                Self {
                    used: in_document.iter().map(|id| Cow::Borrowed(*id)).collect(),
                    updatable: HashSet::new(),
                    in_document,
                    next: 1,
                }
            }
            Existing::Update => Self {
                used: TextSet::default(),
                updatable: existing.collect(),
                in_document: HashSet::new(),
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

/// `YYYY-MM-DD`, also with a time after it or with slashes (`2026/03/31`); `DD/MM/YYYY` and
/// `DD.MM.YYYY` (day first, unless only the second number can be a day: `03/31/2026`).
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let head: String = t.chars().take(10).collect();
    if let Some(date) = Date::parse(&head.replace('/', "-")) {
        return Some(date);
    }
    let parts: Vec<&str> = head.split(['/', '.', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if y.len() != 4 || !y.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (day, month) = if a > 12 || b <= 12 { (a, b) } else { (b, a) };
    Date::parse(&format!("{y}-{month:02}-{day:02}"))
}

/// True for the texts people write for "nothing here": `-`, `--`, `n/a`, `TBC`, `TBD`, `none`,
/// and what pandas writes for a missing value (`NaN`, `NaT`, `None`).
pub(crate) fn is_blank(text: &str) -> bool {
    let t = super::source::trim(text);
    // Every blank word is at most six bytes: a longer cell (most titles and ids) is decided by
    // its length alone.
    if t.len() > 6 {
        return false;
    }
    let mut lower = [0u8; 6];
    for (to, from) in lower.iter_mut().zip(t.bytes()) {
        *to = from.to_ascii_lowercase();
    }
    matches!(
        lower.get(..t.len()).unwrap_or_default(),
        b"" | b"-"
            | b"--"
            | b"---"
            | b"\xe2\x80\x93" // en dash
            | b"\xe2\x80\x94" // em dash
            | b"n/a"
            | b"na"
            | b"n.a."
            | b"n.a"
            | b"tbc"
            | b"tbd"
            | b"tba"
            | b"none"
            | b"nan"
            | b"nat"
            | b"null"
            | b"nil"
            | b"?"
            | b"#n/a"
            | b"<na>"
    )
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn blank_words_in_any_case_and_spacing() {
        for text in [
            "", " ", "-", "--", "---", "–", "—", " n/a ", "N/A", "NA", "n.a.", "N.A", "TBC", "tbd",
            "Tba", "None", "NaN", "NaT", "null", "NIL", "?", "#N/A", "<NA>", "\tnone\n",
        ] {
            assert!(is_blank(text), "{text:?}");
        }
        for text in [
            "3",
            "n",
            "n/aa",
            "nat1",
            "R-000001",
            "Low",
            "Nothing",
            "- 1",
            "??",
            "no",
            "nan nan",
            "Risk of data loss",
            "–1",
            "ñ/a",
        ] {
            assert!(!is_blank(text), "{text:?}");
        }
    }
}
