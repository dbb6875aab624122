//! Laying out a sheet: finding the header among the first rows (one row, or two when group
//! headers such as `INHERENT RISK` and `RESIDUAL RISK` sit above the column headers), giving each
//! column the field it fills by its header and its content ([`super::detect`]), finding where the
//! data ends (totals, notes and footers below it are not read), finding grouping columns whose
//! blank cells continue the value above, and resolving the method the ratings are on.
//!
//! Explicit choices win over detection, in this order: the request's `columns` (field → header
//! or letter), then a `reading` given back (column → field, header rows, last row).

use super::Field;
use super::detect::{self, Profile};
use super::fields::{self, ASSET_HEADERS, RISK_HEADERS, SOA_HEADERS};
use super::parallel;
use super::reading::{Alternative, ColumnReading, Reading};
use super::report::{IgnoredColumn, MappedColumn};
use super::request::{ImportRequest, RegisterKind};
use super::rows::is_blank;
use super::source::{self, Cells, Grid, Sheet};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Document;
use crate::risk::Method;
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Rows searched for the header.
const HEADER_SEARCH: usize = 30;
/// Cells of a row scored as headers.
const HEADER_CELLS: usize = 256;
/// Confidence below which a column fills no field.
const FLOOR: f64 = 0.3;

pub(super) fn headers_of(kind: RegisterKind) -> &'static [(Field, &'static [&'static str])] {
    match kind {
        RegisterKind::Risks => RISK_HEADERS,
        RegisterKind::Assets => ASSET_HEADERS,
        RegisterKind::Soa => SOA_HEADERS,
    }
}

/// The names of the fields of a register of `kind`, cut into words once.
fn name_index(kind: RegisterKind) -> &'static detect::NameIndex {
    static RISKS: OnceLock<detect::NameIndex> = OnceLock::new();
    static ASSETS: OnceLock<detect::NameIndex> = OnceLock::new();
    static SOA: OnceLock<detect::NameIndex> = OnceLock::new();
    let index = match kind {
        RegisterKind::Risks => &RISKS,
        RegisterKind::Assets => &ASSETS,
        RegisterKind::Soa => &SOA,
    };
    index.get_or_init(|| detect::NameIndex::of(headers_of(kind)))
}

/// The fields a register of `kind` must have one of, in order of preference.
fn anchors(kind: RegisterKind) -> &'static [Field] {
    match kind {
        RegisterKind::Risks => &[
            Field::Title,
            Field::Description,
            Field::Threat,
            Field::Vulnerability,
            Field::Id,
        ],
        RegisterKind::Assets => &[Field::Name, Field::Id],
        RegisterKind::Soa => &[Field::Control, Field::ControlTitle],
    }
}

/// Header scores, cached by text: a header row is scored once per distinct cell.
struct Scorer {
    index: &'static detect::NameIndex,
    /// The scores of each text scored so far.
    cache: HashMap<String, Vec<(Field, f64)>>,
    /// The names' words each header word matches.
    words: foldhash::HashMap<String, detect::WordMatches>,
}

impl Scorer {
    fn new(kind: RegisterKind) -> Self {
        Self {
            index: name_index(kind),
            cache: HashMap::new(),
            words: foldhash::HashMap::default(),
        }
    }

    fn scores(&mut self, text: &str) -> &[(Field, f64)] {
        let text = text.trim();
        // Long cells and numbers are data, not headers.
        if text.len() > 80
            || text.split_whitespace().nth(7).is_some()
            || detect::number(text).is_some()
        {
            return &[];
        }
        if !self.cache.contains_key(text) {
            let scores = self
                .index
                .scores(&detect::HeaderWords::of(text), &mut self.words);
            self.cache.insert(text.to_owned(), scores);
        }
        self.cache.get(text).map(Vec::as_slice).unwrap_or_default()
    }

    /// How well a row of header texts reads as a register's header: the best score of each
    /// field, summed; 0 without an anchor field.
    fn row_score(&mut self, texts: &[String], kind: RegisterKind) -> f64 {
        let mut best = [0.0f64; Field::COUNT];
        for text in texts.iter().take(HEADER_CELLS) {
            if let Some((field, score)) = self.scores(text).first().copied()
                && score >= 0.5
                && let Some(slot) = best.get_mut(field as usize)
            {
                *slot = slot.max(score);
            }
        }
        let anchored = anchors(kind)
            .iter()
            .any(|f| best.get(*f as usize).is_some_and(|s| *s > 0.0));
        let found = best.iter().filter(|s| **s > 0.0).count();
        let strong = [Field::Title, Field::Name]
            .iter()
            .any(|f| best.get(*f as usize).is_some_and(|s| *s >= 0.9));
        if !anchored || (found < 2 && !strong) {
            return 0.0;
        }
        best.iter().sum()
    }
}

/// The texts of a row.
fn texts(row: Cells<'_>) -> Vec<String> {
    row.iter().map(|c| c.trim().to_owned()).collect()
}

/// The headers of two rows read as one: a cell of the lower row under a group header (the
/// nearest cell of the upper row at or left of it, spanning columns that all have lower
/// headers) is `group / header`; a cell with nothing below is the upper cell.
fn combine(upper: &[String], lower: &[String]) -> Vec<String> {
    let n = upper.len().max(lower.len());
    fn at(row: &[String], i: usize) -> &str {
        row.get(i).map(String::as_str).unwrap_or_default()
    }
    let mut out = Vec::with_capacity(n);
    for c in 0..n {
        let (u, l) = (at(upper, c), at(lower, c));
        if l.is_empty() {
            out.push(u.to_owned());
            continue;
        }
        let mut g = c;
        let group = loop {
            if !at(upper, g).is_empty() {
                break Some(at(upper, g));
            }
            if g == 0 || at(lower, g - 1).is_empty() {
                break None;
            }
            g -= 1;
        };
        out.push(match group {
            Some(group) if group != l => format!("{group} / {l}"),
            _ => l.to_owned(),
        });
    }
    out
}

/// The header found in a sheet: the index of its last row, whether the row above holds group
/// headers, the header of each column, and its score.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) index: usize,
    pub(super) grouped: bool,
    pub(super) texts: Vec<String>,
    pub(super) score: f64,
}

/// Finds the header among the first rows: the single row or pair of rows that reads best.
pub(super) fn detect_header(kind: RegisterKind, rows: &Grid) -> Option<Header> {
    let mut scorer = Scorer::new(kind);
    let mut best: Option<Header> = None;
    let mut previous: Option<Vec<String>> = None;
    for (i, row) in rows.iter().take(HEADER_SEARCH).enumerate() {
        // Rows well below a header that names three fields or more are data.
        if best
            .as_ref()
            .is_some_and(|b| b.score >= 2.5 && i > b.index + 3)
        {
            break;
        }
        let lower = texts(row);
        let mut candidates = vec![(false, lower.clone())];
        if let Some(upper) = &previous
            && upper.iter().any(|t| !t.is_empty())
        {
            candidates.push((true, combine(upper, &lower)));
        }
        for (grouped, texts) in candidates {
            let score = scorer.row_score(&texts, kind);
            if score > 0.0 && best.as_ref().is_none_or(|b| score > b.score + 1e-9) {
                best = Some(Header {
                    index: i,
                    grouped,
                    texts,
                    score,
                });
            }
        }
        previous = Some(lower);
    }
    best
}

/// Words that start a row of totals or notes below the data.
const FOOTER_WORDS: &[&str] = &[
    "total",
    "totals",
    "sum",
    "count",
    "average",
    "mean",
    "note",
    "notes",
    "key",
    "legend",
    "source",
    "prepared by",
    "approved by",
    "reviewed by",
    "version",
    "document owner",
    "last updated",
];

/// The first letters of the footer words, as bits (`a` the lowest).
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated when the crate is built: an index out of range fails the build"
)]
const FOOTER_INITIALS: u32 = {
    let mut bits = 0u32;
    let mut i = 0;
    while i < FOOTER_WORDS.len() {
        bits |= 1 << (FOOTER_WORDS[i].as_bytes()[0] - b'a');
        i += 1;
    }
    bits
};

/// The text after the footer word a row's first cell starts with (`Total`, `Notes:`, `Prepared
/// by …`), or `None` when it starts with none. Checked for every row, so without allocating for
/// cells that cannot be one.
fn footer_rest(first: &str) -> Option<&str> {
    let initial = first.bytes().next().map(|b| b.to_ascii_lowercase())?;
    // Most first cells are ids or titles: their first byte, else their second, rules out every
    // footer word.
    if !initial.is_ascii_lowercase() || FOOTER_INITIALS >> (initial - b'a') & 1 == 0 {
        return None;
    }
    let second = first.as_bytes().get(1).map(u8::to_ascii_lowercase);
    if !FOOTER_WORDS
        .iter()
        .any(|w| w.as_bytes().get(1) == second.as_ref())
    {
        return None;
    }
    FOOTER_WORDS
        .iter()
        .filter(|w| w.as_bytes().first() == Some(&initial))
        .find_map(|w| {
            let rest = first.get(w.len()..)?;
            (first
                .get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w))
                && !rest.chars().next().is_some_and(char::is_alphanumeric))
            .then_some(rest)
        })
}

/// True when the row whose first text is `first` ends the data: a footer word alone or marked
/// as one (`Total`, `Notes:`, `Total 23`, `Source - survey`), or a footer word opening a row
/// that fills fewer than half of the `filled` columns read (`Total risks` with one count). A row
/// that fills most columns is data, however its title begins (`Source code leaked`, `Key person
/// leaves`).
fn ends_data(first: &str, filled: impl FnOnce() -> usize, read: usize) -> bool {
    footer_rest(first).is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.is_empty()
            || rest.starts_with(|c: char| {
                matches!(c, ':' | '-' | '–' | '=' | '(') || c.is_ascii_digit()
            })
            || filled() * 2 < read
    })
}

/// The data rows below the header: from the row after it to the last row before a footer (a
/// row of totals or notes, or after a blank row, a row that fills fewer than two of the
/// columns read).
fn data_rows<'s>(
    sheet: &'s Sheet,
    header_index: usize,
    read: &[usize],
    last_row: Option<usize>,
    limit: usize,
) -> Vec<(usize, Cells<'s>)> {
    let (start, end) = (header_index + 1, sheet.rows.len());
    let capacity = |rows: usize| rows.min(limit);
    if limit != usize::MAX || end.saturating_sub(start) < parallel::SPLIT_FROM {
        let mut data = Vec::with_capacity(capacity(end.saturating_sub(start)));
        scan_data_rows(sheet, header_index, read, last_row, limit, |n, r| {
            data.push((n, r));
        });
        return data;
    }
    // The second half read as if data came before it, its first row not after a blank one;
    // read again when the first half shows otherwise.
    let middle = start + (end - start) / 2;
    // The first half's rows take the second's: room for them all from the start.
    let [(mut data, mut scan, stopped), (rest, ..)] = parallel::halves(|half| {
        let (rows, mut scan, room) = match half {
            0 => (start..middle, Scan::default(), end - start),
            _ => (middle..end, Scan::after_data(), end - middle),
        };
        let mut data = Vec::with_capacity(capacity(room));
        let stopped = scan_rows(sheet, rows, read, last_row, limit, &mut scan, |n, r| {
            data.push((n, r));
        });
        (data, scan, stopped)
    });
    if stopped {
        return data;
    }
    if scan.count > 0 && !scan.after_blank {
        data.extend(rest);
    } else {
        scan_rows(
            sheet,
            middle..end,
            read,
            last_row,
            limit,
            &mut scan,
            |n, r| {
                data.push((n, r));
            },
        );
    }
    data
}

/// Where a reading of a sheet's rows stands: whether data rows came before, and whether the row
/// before is blank after data.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    count: usize,
    after_blank: bool,
}

impl Scan {
    /// After data rows, not after a blank row: as the rows of a register's second half mostly
    /// are (the count stands for "some").
    fn after_data() -> Self {
        Self {
            count: 1,
            after_blank: false,
        }
    }
}

/// The data rows of [`data_rows`], each handed to `keep` with its row number; returns how many
/// there are and the last one's number.
fn scan_data_rows<'s>(
    sheet: &'s Sheet,
    header_index: usize,
    read: &[usize],
    last_row: Option<usize>,
    limit: usize,
    mut keep: impl FnMut(usize, Cells<'s>),
) -> (usize, Option<usize>) {
    let mut last = None;
    let mut scan = Scan::default();
    scan_rows(
        sheet,
        header_index + 1..sheet.rows.len(),
        read,
        last_row,
        limit,
        &mut scan,
        |number, row| {
            last = Some(number);
            keep(number, row);
        },
    );
    (scan.count, last)
}

/// The data rows among the sheet rows `rows` (indices), read from `scan`, each handed to `keep`
/// with its row number; true when the data stops there (a footer, `last_row` or `limit`).
fn scan_rows<'s>(
    sheet: &'s Sheet,
    rows: std::ops::Range<usize>,
    read: &[usize],
    last_row: Option<usize>,
    limit: usize,
    scan: &mut Scan,
    mut keep: impl FnMut(usize, Cells<'s>),
) -> bool {
    for i in rows {
        let Some(row) = sheet.rows.get(i) else { break };
        let number = sheet.first_row + i;
        if last_row.is_some_and(|last| number > last) {
            return true;
        }
        // The first cell with text (most rows: the first cell).
        let first = match row.get(0).map(source::trim) {
            Some(text) if !text.is_empty() => text,
            _ => match row.iter().map(source::trim).find(|c| !c.is_empty()) {
                Some(text) => text,
                None => {
                    scan.after_blank = scan.count > 0;
                    continue;
                }
            },
        };
        if last_row.is_none() && scan.count > 0 {
            let filled = || {
                read.iter()
                    .filter(|c| row.get(**c).is_some_and(|t| !is_blank(t)))
                    .count()
            };
            if ends_data(first, filled, read.len())
                || (scan.after_blank && filled() < 2.min(read.len()))
            {
                return true;
            }
        }
        scan.after_blank = false;
        keep(number, row);
        scan.count += 1;
        if scan.count >= limit {
            return true;
        }
    }
    false
}

/// Fields whose blank cells may continue the value above.
const FILLABLE: &[Field] = &[Field::Assets, Field::Threat, Field::Type, Field::Location];

/// Header words of a kept column that groups rows (`Process`, `Category`, …).
const GROUP_WORDS: &[&str] = &[
    "process",
    "category",
    "area",
    "department",
    "function",
    "group",
    "domain",
    "business unit",
    "service",
    "system",
    "site",
    "region",
    "team",
    "unit",
    "entity",
    "company",
    "country",
    "project",
];

/// True when a column's blank cells continue the value above: its first data cell is filled,
/// at least a fifth of its cells are blank, and it is filled again after a blank more than once.
fn groups_rows(data: &[(usize, Cells<'_>)], column: usize) -> bool {
    let filled = |cells: &Cells<'_>| cells.get(column).is_some_and(|t| !is_blank(t));
    // The cells under a merged cell are empty; a column that says `TBC` or `n/a` where it has
    // nothing is not grouping rows.
    if data.iter().any(|(_, r)| {
        r.get(column)
            .is_some_and(|t| !t.trim().is_empty() && is_blank(t))
    }) {
        return false;
    }
    let Some((_, first)) = data.first() else {
        return false;
    };
    if !filled(first) || data.len() < 4 {
        return false;
    }
    let blanks = data.iter().filter(|(_, r)| !filled(r)).count();
    let mut restarts = 0;
    let mut previous = true;
    for (_, row) in data {
        let f = filled(row);
        if f && !previous {
            restarts += 1;
        }
        previous = f;
    }
    blanks * 5 >= data.len() && restarts >= 1
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
    /// Columns whose blank cells continue the value above.
    pub(super) fill_down: Vec<usize>,
}

impl Layout {
    fn new(columns: &[ColumnReading], first_column: usize) -> Self {
        let mut layout = Layout {
            at: BTreeMap::new(),
            index: [None; Field::COUNT],
            mapped: Vec::new(),
            ignored: Vec::new(),
            kept: Vec::new(),
            fill_down: Vec::new(),
        };
        for (i, c) in columns.iter().enumerate() {
            let index = source::letter_index(&c.column)
                .and_then(|l| l.checked_sub(first_column))
                .unwrap_or(i);
            if c.fill_down {
                layout.fill_down.push(index);
            }
            match c.field {
                Some(Field::Computed) => layout.ignored.push(IgnoredColumn {
                    header: c.header.clone(),
                    column: c.column.clone(),
                    reason: "computed",
                }),
                Some(field) => {
                    layout.at.insert(field, index);
                    if let Some(slot) = layout.index.get_mut(field as usize) {
                        *slot = Some(index);
                    }
                    layout.mapped.push(MappedColumn {
                        field,
                        header: c.header.clone(),
                        column: c.column.clone(),
                        detected: !c.named,
                    });
                }
                None if c.header.is_empty() => {}
                None => {
                    layout.ignored.push(IgnoredColumn {
                        header: c.header.clone(),
                        column: c.column.clone(),
                        reason: "kept",
                    });
                    layout.kept.push((index, c.header.clone()));
                }
            }
        }
        layout
    }
}

/// A sheet laid out for reading: its header rows, where each field is read from, the method the
/// ratings are on, and the data rows.
pub(super) struct Plan<'s> {
    /// The index in the sheet's rows of the (last) header row.
    pub(super) header_index: usize,
    pub(super) layout: Layout,
    pub(super) method: Method,
    /// The non-empty rows below the header, up to the footer: (spreadsheet row number, cells).
    pub(super) data: Vec<(usize, Cells<'s>)>,
}

/// The reading of a sheet's layout: its header rows, each column's field, where the data ends.
/// `given` is a reading given back in the request, whose choices are kept.
pub(super) fn read_layout(
    options: &ImportRequest,
    sheet: &Sheet,
    given: Option<&Reading>,
) -> Result<Reading> {
    read_layout_rows(options, sheet, given, false).map(|(reading, _)| reading)
}

/// [`read_layout`], with the data rows it found when `keep_rows` (for [`plan`], which would
/// otherwise find them again).
pub(super) fn read_layout_rows<'s>(
    options: &ImportRequest,
    sheet: &'s Sheet,
    given: Option<&Reading>,
    keep_rows: bool,
) -> Result<(Reading, Option<DataRows<'s>>)> {
    let kind = options.kind;
    let letter = |i: usize| source::column_letter(sheet.first_column + i);
    let header = match (options.header_row, given.and_then(|g| g.header_rows.last())) {
        (Some(n), _) | (None, Some(&n)) => {
            let index = n
                .checked_sub(sheet.first_row)
                .filter(|i| *i < sheet.rows.len())
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::MissingColumn,
                        "/header_row",
                        format!("row {n} is not in the register"),
                    )
                })?;
            let lower = texts(sheet.rows.get(index).unwrap_or_default());
            let grouped = given.is_some_and(|g| g.header_rows.len() > 1) && index > 0;
            let texts = if grouped {
                combine(&texts(sheet.rows.get(index - 1).unwrap_or_default()), &lower)
            } else {
                lower
            };
            Header {
                index,
                grouped,
                texts,
                score: 0.0,
            }
        }
        (None, None) => detect_header(kind, &sheet.rows).ok_or_else(|| {
            Error::new(
                ErrorCode::MissingColumn,
                "/header_row",
                format!(
                    "no header row found in the first {HEADER_SEARCH} rows: expected headers such as `{}` and `Owner`; name the columns in `columns` and the row in `header_row`",
                    match kind {
                        RegisterKind::Risks => "Risk",
                        RegisterKind::Assets => "Asset",
                        RegisterKind::Soa => "Control",
                    }
                ),
            )
        })?,
    };
    let width = sheet
        .rows
        .iter()
        .skip(header.index)
        .take(PROFILE_WIDTH_ROWS)
        .map(|r| r.len())
        .max()
        .unwrap_or(0)
        .max(header.texts.len());
    let all: Vec<usize> = (0..width).collect();
    let last_given = given.and_then(|g| g.last_row);
    // The data as far as a footer, judged by every column first; narrowed once fields are known.
    let rough = data_rows(sheet, header.index, &all, last_given, detect::PROFILE_ROWS);
    let profiles = profiles(&rough, width);
    let mut scorer = Scorer::new(kind);
    let mut scores: Vec<Vec<(Field, f64)>> = Vec::with_capacity(width);
    for (c, profile) in profiles.iter().enumerate() {
        let text = header.texts.get(c).map(String::as_str).unwrap_or_default();
        let mut column: Vec<(Field, f64)> = scorer
            .scores(text)
            .iter()
            .map(|(f, h)| {
                let confidence = h * (0.25 + 0.75 * profile.fit(*f));
                // A header that names the field outright is believed unless the content plainly
                // says otherwise: its bad cells are then reported, not its column dropped.
                if *h >= 0.95 && !profile.contradicts(*f) {
                    (*f, confidence.max(FLOOR + 0.05))
                } else {
                    (*f, confidence)
                }
            })
            .collect();
        // A `Reason` column of sentences justifies; one of codes (`LR, CO`) gives reasons.
        let mean = profile.chars as f64 / profile.filled.max(1) as f64;
        if mean > 30.0
            && let Some((_, h)) = column.iter().find(|(f, _)| *f == Field::Reasons).copied()
        {
            column.push((Field::Justification, h * 0.95));
            column.retain(|(f, _)| *f != Field::Reasons);
        }
        // A `Treatment` column of sentences that name no option holds the plan's actions.
        if mean > 20.0
            && profile.treatments * 10 < profile.filled * 3
            && let Some((_, h)) = column.iter().find(|(f, _)| *f == Field::Treatment).copied()
        {
            column.push((Field::Plan, h * 0.9));
            column.retain(|(f, _)| *f != Field::Treatment);
        }
        // A column without a header may still be found by its content: control ids.
        if text.is_empty() && profile.filled > 0 {
            let controls = profile.fit(Field::Controls);
            if controls >= 0.8 {
                column.push((Field::Controls, 0.5 * controls));
            }
        }
        column.sort_by(|a, b| b.1.total_cmp(&a.1));
        scores.push(column);
    }
    // Explicit choices first: `columns` of the request, then the reading given back.
    let mut forced: BTreeMap<usize, Option<Field>> = BTreeMap::new();
    if let Some(given) = given {
        let mut seen: BTreeMap<Field, &str> = BTreeMap::new();
        for (k, c) in given.columns.iter().enumerate() {
            if let Some(field) = c.field.filter(|f| *f != Field::Computed)
                && let Some(other) = seen.insert(field, &c.column)
            {
                return Err(Error::new(
                    ErrorCode::SchemaViolation,
                    format!("/reading/columns/{k}/field"),
                    format!(
                        "the {} is read from column {other} and column {}: give it one column",
                        field.as_str(),
                        c.column
                    ),
                ));
            }
        }
        for c in &given.columns {
            if let Some(i) =
                source::letter_index(&c.column).and_then(|l| l.checked_sub(sheet.first_column))
            {
                forced.insert(i, c.field);
            }
        }
    }
    for (field, name) in &options.columns {
        // A field named with no column: no column fills it.
        for v in forced.values_mut() {
            if *v == Some(*field) {
                *v = None;
            }
        }
        let Some(name) = name else {
            for s in &mut scores {
                s.retain(|(f, _)| f != field);
            }
            continue;
        };
        let key = fields::header_key(name);
        let index = header
            .texts
            .iter()
            .position(|h| {
                h.trim() == name.trim()
                    || (!key.is_empty() && fields::header_key(h) == key)
                    || h.rsplit(" / ")
                        .next()
                        .is_some_and(|l| l.trim() == name.trim())
            })
            .or_else(|| {
                source::letter_index(name.trim())
                    .and_then(|i| i.checked_sub(sheet.first_column))
                    .filter(|i| *i < width.max(1))
            })
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingColumn,
                    format!("/columns/{}", field.as_str()),
                    format!("the register has no column `{name}`"),
                )
            })?;
        forced.insert(index, Some(*field));
    }
    for s in &mut scores {
        s.retain(|(f, _)| !forced.values().any(|v| v == &Some(*f)) || *f == Field::Computed);
    }
    let mut free = scores.clone();
    for i in forced.keys() {
        if let Some(s) = free.get_mut(*i) {
            s.clear();
        }
    }
    let assigned = if given.is_some() {
        vec![None; width]
    } else {
        detect::assign(&free, FLOOR)
    };
    let mut columns: Vec<ColumnReading> = Vec::with_capacity(width);
    for c in 0..width {
        let text = header.texts.get(c).cloned().unwrap_or_default();
        let (field, confidence, named) = match forced.get(&c) {
            Some(field) => (*field, 1.0, true),
            None => match assigned.get(c).copied().flatten() {
                Some((f, v)) => (Some(f), (v * 100.0).round() / 100.0, false),
                None => (None, 0.0, false),
            },
        };
        let alternatives = scores
            .get(c)
            .map(|s| {
                s.iter()
                    .filter(|(f, v)| Some(*f) != field && *v >= 0.15)
                    .take(3)
                    .map(|(f, v)| Alternative {
                        field: *f,
                        confidence: (v * 100.0).round() / 100.0,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let has_data = rough
            .iter()
            .any(|(_, r)| r.get(c).is_some_and(|t| !t.trim().is_empty()));
        if text.is_empty() && field.is_none() && !has_data {
            continue;
        }
        columns.push(ColumnReading {
            column: letter(c),
            header: text,
            field,
            confidence,
            alternatives,
            fill_down: false,
            named,
        });
    }
    // Fields known: the data ends where the columns read stop being filled.
    let read: Vec<usize> = columns
        .iter()
        .filter(|c| c.field.is_some_and(|f| f != Field::Computed))
        .filter_map(|c| source::letter_index(&c.column)?.checked_sub(sheet.first_column))
        .collect();
    // Whether each column fills down: as the given reading says, else, for a column that may
    // group rows, as its cells show (`None`: to be seen).
    let fills: Vec<Option<bool>> = columns
        .iter()
        .map(|c| {
            let given_fill = given
                .and_then(|g| g.columns.iter().find(|x| x.column == c.column))
                .map(|x| x.fill_down);
            given_fill.or_else(|| {
                let fillable = match c.field {
                    Some(f) => FILLABLE.contains(&f),
                    None => {
                        let key = fields::header_key(&c.header);
                        GROUP_WORDS
                            .iter()
                            .any(|w| key == *w || key.ends_with(&format!(" {w}")))
                    }
                };
                (!fillable).then_some(false)
            })
        })
        .collect();
    let mut kept = None;
    let (rows, last_row) = if keep_rows || fills.iter().any(Option::is_none) {
        let data = data_rows(sheet, header.index, &read, last_given, usize::MAX);
        for (c, fill) in columns.iter_mut().zip(&fills) {
            let index =
                source::letter_index(&c.column).and_then(|l| l.checked_sub(sheet.first_column));
            c.fill_down = match (fill, index) {
                (Some(fill), _) => *fill,
                (None, Some(i)) => groups_rows(&data, i),
                (None, None) => false,
            };
        }
        let found = (data.len(), data.last().map(|(n, _)| *n));
        if keep_rows {
            kept = Some(DataRows {
                header_index: header.index,
                last_row: found.1,
                rows: data,
            });
        }
        found
    } else {
        for (c, fill) in columns.iter_mut().zip(&fills) {
            c.fill_down = fill.unwrap_or_default();
        }
        scan_data_rows(
            sheet,
            header.index,
            &read,
            last_given,
            usize::MAX,
            |_, _| {},
        )
    };
    let first_row = sheet.first_row;
    let reading = Reading {
        kind,
        format: None,
        encoding: None,
        sheet: sheet.name.clone(),
        sheets: Vec::new(),
        header_rows: if header.grouped {
            vec![first_row + header.index - 1, first_row + header.index]
        } else {
            vec![first_row + header.index]
        },
        last_row,
        columns,
        scales: Vec::new(),
        rows,
        preview: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    Ok((reading, kept))
}

/// The profiles of the first `width` columns of `rows`; the columns in two halves at once when
/// there are many cells.
fn profiles(rows: &[(usize, Cells<'_>)], width: usize) -> Vec<Profile> {
    let profile = |c: usize| Profile::of(rows.iter().filter_map(|(_, r)| r.get(c)));
    if rows.len() * width < PARALLEL_PROFILES {
        return (0..width).map(profile).collect();
    }
    let [mut first, second] = parallel::halves(|half| {
        let columns = if half == 0 {
            0..width / 2
        } else {
            width / 2..width
        };
        columns.map(profile).collect::<Vec<_>>()
    });
    first.extend(second);
    first
}

/// The cells below which columns are profiled one after the other.
const PARALLEL_PROFILES: usize = 1_000;

/// The data rows a reading found, below the header row at `header_index` to `last_row`.
pub(super) struct DataRows<'s> {
    header_index: usize,
    last_row: Option<usize>,
    rows: Vec<(usize, Cells<'s>)>,
}

/// Rows looked at for the width of the sheet.
const PROFILE_WIDTH_ROWS: usize = detect::PROFILE_ROWS;

/// Lays out a sheet by a reading, and resolves the method; returns the plan and the document the
/// records go to (the request's, taken out of it, else a new one).
pub(super) fn plan<'s>(
    options: &mut ImportRequest,
    sheet: &'s Sheet,
    reading: &Reading,
) -> Result<(Plan<'s>, Document)> {
    plan_rows(options, sheet, reading, None)
}

/// [`plan`], with the data rows `found` by [`read_layout_rows`] for this reading, if any.
pub(super) fn plan_rows<'s>(
    options: &mut ImportRequest,
    sheet: &'s Sheet,
    reading: &Reading,
    found: Option<DataRows<'s>>,
) -> Result<(Plan<'s>, Document)> {
    let header_index = reading
        .header_rows
        .last()
        .and_then(|n| n.checked_sub(sheet.first_row))
        .unwrap_or(0);
    let layout = Layout::new(&reading.columns, sheet.first_column);
    let has = |f: Field| layout.at.contains_key(&f);
    if !anchors(options.kind).iter().any(|f| has(*f))
        || (options.kind == RegisterKind::Risks
            && !has(Field::Title)
            && !has(Field::Description)
            && !has(Field::Threat)
            && !has(Field::Vulnerability)
            && !has(Field::Assets))
    {
        let needed = anchors(options.kind)
            .first()
            .copied()
            .unwrap_or(Field::Title);
        return Err(Error::new(
            ErrorCode::MissingColumn,
            format!("/columns/{}", needed.as_str()),
            format!(
                "no column holds the {}: name it in `columns` (found {})",
                needed.as_str(),
                reading
                    .columns
                    .iter()
                    .filter(|c| !c.header.trim().is_empty())
                    .map(|c| format!("`{}`", c.header.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let mut document = options.document.take().unwrap_or_else(|| Document::new(""));
    if let Some(method) = options.method.take() {
        document.method = Some(method);
    }
    let method = document
        .method
        .clone()
        .unwrap_or_default()
        .resolve("/method")?;
    let data = match found {
        Some(found) if found.header_index == header_index && found.last_row == reading.last_row => {
            found.rows
        }
        _ => {
            let read: Vec<usize> = layout.at.values().copied().collect();
            data_rows(sheet, header_index, &read, reading.last_row, usize::MAX)
        }
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A register of `rows` data rows (header first), with `lines` (1-based data row, line)
    /// put in place of data rows.
    fn register(rows: usize, lines: &[(usize, &str)]) -> Sheet {
        let mut text = String::from("ID,Risk,Likelihood,Impact\n");
        for i in 1..=rows {
            match lines.iter().find(|(at, _)| *at == i) {
                Some((_, line)) => text.push_str(line),
                None => text.push_str(&format!("R-{i},Risk {i},3,4")),
            }
            text.push('\n');
        }
        source::csv(text, None).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn data_rows_read_in_halves_end_where_one_reading_ends() {
        let n = 2 * parallel::SPLIT_FROM + 10;
        let middle = n / 2;
        let cases: Vec<Vec<(usize, &str)>> = vec![
            vec![],
            // A footer in the first half, in the second, at the middle.
            vec![(100, "Total,,,")],
            vec![(middle + 500, "Total,,,")],
            vec![(middle, "Notes: reviewed,,,"), (middle + 1, "Total,,,")],
            // Blank rows up to the middle, then a row of one cell (a note): the data ends.
            vec![
                (middle - 1, ",,,"),
                (middle, ",,,"),
                (middle + 1, "Prepared by Alice,,,"),
            ],
            vec![(middle, ",,,"), (middle + 1, "x,,,")],
            // Blank rows at the middle, then data: it goes on.
            vec![
                (middle - 1, ",,,"),
                (middle, ",,,"),
                (middle + 1, "R-x,Risk x,2,2"),
            ],
            // Only blank rows before the middle.
            (1..=middle).map(|i| (i, ",,,")).collect(),
        ];
        for lines in cases {
            let sheet = register(n, &lines);
            let read = [0, 1, 2, 3];
            let mut one = Vec::new();
            scan_data_rows(&sheet, 0, &read, None, usize::MAX, |number, _| {
                one.push(number);
            });
            let halves: Vec<usize> = data_rows(&sheet, 0, &read, None, usize::MAX)
                .iter()
                .map(|(number, _)| *number)
                .collect();
            assert_eq!(halves, one, "{lines:?}");
            for last in [middle - 3, middle + 7] {
                let mut one = Vec::new();
                scan_data_rows(&sheet, 0, &read, Some(last), usize::MAX, |number, _| {
                    one.push(number);
                });
                let halves: Vec<usize> = data_rows(&sheet, 0, &read, Some(last), usize::MAX)
                    .iter()
                    .map(|(number, _)| *number)
                    .collect();
                assert_eq!(halves, one, "{lines:?} to row {last}");
            }
        }
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn group_headers_join_the_headers_under_them() {
        let upper = strings(&[
            "ID",
            "Risk",
            "INHERENT RISK",
            "",
            "",
            "RESIDUAL RISK",
            "",
            "",
            "Owner",
        ]);
        let lower = strings(&[
            "",
            "",
            "Likelihood",
            "Impact",
            "Risk",
            "Likelihood",
            "Impact",
            "Risk",
            "",
        ]);
        let joined = combine(&upper, &lower);
        assert_eq!(
            joined,
            strings(&[
                "ID",
                "Risk",
                "INHERENT RISK / Likelihood",
                "INHERENT RISK / Impact",
                "INHERENT RISK / Risk",
                "RESIDUAL RISK / Likelihood",
                "RESIDUAL RISK / Impact",
                "RESIDUAL RISK / Risk",
                "Owner"
            ])
        );
        let mut scorer = Scorer::new(RegisterKind::Risks);
        let fields: Vec<Option<Field>> = joined
            .iter()
            .map(|t| scorer.scores(t).first().map(|(f, _)| *f))
            .collect();
        assert_eq!(
            fields,
            [
                Some(Field::Id),
                Some(Field::Title),
                Some(Field::Likelihood),
                Some(Field::Impact),
                Some(Field::Computed),
                Some(Field::ResidualLikelihood),
                Some(Field::ResidualImpact),
                Some(Field::Computed),
                Some(Field::Owner)
            ]
        );
    }
}
