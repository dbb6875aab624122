//! Control records from the rows of a Statement of Applicability: one row per control, with its
//! applicability, reasons for inclusion (one cell of words or abbreviations, or one column of
//! marks per reason), justification, implementation status, owner, evidence and notes.
//!
//! - **Controls.** The control cell holds a 2022 id in any spelling (`A.5.1`, `5.1`, also with
//!   the title after it), a 2022 control's title, or a custom control id of the document. A 2013
//!   id (`A.12.2.1`) is carried to its 2022 successors through the catalogue's crosswalk, and the
//!   report notes every carry; rows carried into one control merge (reasons and evidence joined).
//!   Merged rows that disagree on the applicability or the status are an error naming both rows,
//!   never resolved: with `on_error: "collect"` the control is left out and listed.
//! - **Headings.** A row naming no control with nothing in the other columns (a section `A.5
//!   Organizational controls`, a 2013 objective in a register of 2013 ids, a title, a repeated
//!   header row, a control cell left blank) is skipped and noted; a row with values and no
//!   control is an error.
//! - **Existing records.** A control that already has a record in the document fails with
//!   `duplicate_id`, or with `existing: "update"` updates that record: the fields the register
//!   has columns for are replaced, the others keep their values.

use super::Field;
use super::fields::{self, SOA_HEADERS, StatusWord};
use super::rows::{HasColumn, Row, RowReader, replace_read};
use crate::catalogue::{self, Control2013};
use crate::error::ErrorCode;
use crate::model::{ControlRecord, Document, Extra, ImplementationStatus, InclusionReason};
use foldhash::{HashMap, HashMapExt};
use serde_json::Value;

/// The columns whose cells make a row more than a heading.
const VALUE_FIELDS: &[Field] = &[
    Field::Applicable,
    Field::Justification,
    Field::Reasons,
    Field::ReasonLegal,
    Field::ReasonRegulatory,
    Field::ReasonContractual,
    Field::ReasonBusiness,
    Field::ReasonBestPractice,
    Field::ReasonRisk,
    Field::Status,
    Field::Owner,
    Field::Evidence,
    Field::Notes,
];

/// The mark columns, each with the reason for inclusion a mark in it gives.
const REASON_MARKS: &[(Field, InclusionReason)] = &[
    (Field::ReasonLegal, InclusionReason::Legal),
    (Field::ReasonRegulatory, InclusionReason::Regulatory),
    (Field::ReasonContractual, InclusionReason::Contractual),
    (Field::ReasonBusiness, InclusionReason::BusinessRequirement),
    (Field::ReasonBestPractice, InclusionReason::BestPractice),
    (Field::ReasonRisk, InclusionReason::RiskTreatment),
];

/// The extension member of a record carried from 2013 rows: the 2013 ids it was read from.
const CARRIED_FROM: &str = "x_carried_from_2013";

/// What the control cell of a row names.
#[derive(Debug, Clone, PartialEq)]
enum Named {
    /// A 2022 control or a custom control of the document.
    Control(String),
    /// A 2013 control, carried to its 2022 successors.
    Carried(&'static Control2013),
    /// A heading, or a row that names nothing and says nothing.
    Heading,
    /// Not a control although the row has values, or an id of no control.
    Not(ErrorCode, String),
}

/// A cell the import cannot read, before the row's record has its place in the document.
#[derive(Debug)]
struct Problem {
    field: Field,
    code: ErrorCode,
    /// The field's pointer within the record.
    path: &'static str,
    message: String,
}

/// What one row says about its control.
#[derive(Debug, Default)]
struct Values {
    applicable: Option<bool>,
    reasons: Vec<InclusionReason>,
    justification: String,
    status: Option<ImplementationStatus>,
    owner: String,
    evidence: Vec<String>,
    notes: String,
    extra: Extra,
    problems: Vec<Problem>,
}

/// The rows that fill one control's record: (row index, the 2013 id it was carried from).
struct Group {
    control: String,
    rows: Vec<(usize, Option<&'static str>)>,
}

/// The rows in the order their records are placed: a control's rows where it first appears, a
/// row naming no control at its own place.
enum Item {
    Group(usize),
    Row(usize),
}

/// The leading control id of a cell (`A.5.1`, `5.1 Policies…`, `A. 12.2.1 - Controls against
/// malware`, `A.5`): its numbers and the text after it; `None` when the cell does not start with
/// an id.
fn leading_id(text: &str) -> Option<(Vec<u16>, &str)> {
    let text = text.trim_start();
    let mut rest = match text.strip_prefix(['A', 'a']) {
        Some(after) => {
            let after = after.trim_start();
            after.strip_prefix('.').unwrap_or(after).trim_start()
        }
        None => text,
    };
    let mut numbers = Vec::with_capacity(3);
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        numbers.push(rest.get(..digits)?.parse().ok()?);
        rest = rest.get(digits..)?;
        let Some(after_dot) = rest.trim_start().strip_prefix('.') else {
            break;
        };
        let next = after_dot.trim_start();
        if next.starts_with(|c: char| c.is_ascii_digit()) {
            rest = next;
        } else {
            rest = after_dot;
            break;
        }
    }
    // An id ends at a space or a sign, not inside a word (`5.1a`).
    if rest.starts_with(char::is_alphanumeric) {
        return None;
    }
    let title = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ')' | '|' | '.' | ',')
    });
    Some((numbers, title.trim_end()))
}

/// `A.` and the numbers joined by dots.
fn canonical(numbers: &[u16]) -> String {
    let joined: Vec<String> = numbers.iter().map(u16::to_string).collect();
    format!("A.{}", joined.join("."))
}

/// The 2022 control whose title a text is (any case, spacing and punctuation).
fn by_title(text: &str) -> Option<&'static str> {
    let key = fields::header_key(text);
    if key.is_empty() {
        return None;
    }
    catalogue::controls()
        .iter()
        .find(|c| fields::header_key(c.title) == key)
        .map(|c| c.id)
}

/// A row's control in words, for messages: the id it gave and its row.
fn source_of(group: &Group, row: &Row<'_>, from: Option<&str>) -> String {
    format!("`{}` (row {})", from.unwrap_or(&group.control), row.number)
}

/// The rows of a register grouped by the control they fill.
struct Grouping {
    groups: Vec<Group>,
    /// The groups and the rows naming no control, in the order their records are placed.
    items: Vec<Item>,
    /// The row numbers of the heading rows.
    headings: Vec<String>,
}

/// Groups the rows by the control they fill (a 2013 row joins the group of each successor), in
/// the order the controls first appear.
fn grouping<'r>(read: &'r [(Named, Values)], rows: &[Row<'_>]) -> Grouping {
    let mut grouping = Grouping {
        groups: Vec::new(),
        items: Vec::new(),
        headings: Vec::new(),
    };
    let mut group_of: HashMap<&'r str, usize> = HashMap::new();
    for (index, ((named, _), row)) in read.iter().zip(rows).enumerate() {
        let Grouping {
            groups,
            items,
            headings,
        } = &mut grouping;
        let mut join = |control: &'r str, from: Option<&'static str>| {
            let at = *group_of.entry(control).or_insert_with(|| {
                groups.push(Group {
                    control: control.to_owned(),
                    rows: Vec::new(),
                });
                items.push(Item::Group(groups.len() - 1));
                groups.len() - 1
            });
            if let Some(group) = groups.get_mut(at) {
                group.rows.push((index, from));
            }
        };
        match named {
            Named::Control(id) => join(id, None),
            Named::Carried(old) => {
                for successor in old.successors {
                    join(successor, Some(old.id));
                }
            }
            Named::Heading => headings.push(row.number.to_string()),
            Named::Not(..) => items.push(Item::Row(index)),
        }
    }
    grouping
}

impl RowReader<'_> {
    /// Reads the rows of a Statement of Applicability into `document`'s control records;
    /// returns how many records were read (added or updated).
    pub(super) fn soa(&mut self, document: &mut Document) -> usize {
        let mut rows: Vec<Row<'_>> = self
            .data
            .iter()
            .map(|&(number, cells)| Row {
                number,
                cells,
                list: "controls",
                record: 0,
                failed: false,
                took_id: false,
                generated_id: false,
            })
            .collect();
        let custom: Vec<String> = document
            .custom_controls
            .iter()
            .map(|c| c.id.clone())
            .collect();
        // A register of 2013 ids: its two-number ids are 2013 objectives, not 2022 controls.
        let of_2013 = rows.iter().any(|row| {
            self.cell(row, Field::Control)
                .and_then(leading_id)
                .is_some_and(|(n, _)| {
                    n.len() == 3 && catalogue::find_2013(&canonical(&n)).is_some()
                })
        });

        // What each row names and says.
        let mut read: Vec<(Named, Values)> = Vec::with_capacity(rows.len());
        for row in &rows {
            let named = self.named(row, &custom, of_2013);
            let values = match named {
                Named::Control(_) | Named::Carried(_) => self.values(row),
                Named::Heading | Named::Not(..) => Values::default(),
            };
            read.push((named, values));
        }

        let Grouping {
            groups,
            items,
            headings,
        } = grouping(&read, &rows);

        // Each control's record, its rows' cells checked and merged, placed in the document.
        let existing: HashMap<String, usize> = document
            .controls
            .iter()
            .enumerate()
            .map(|(i, r)| (r.control.clone(), i))
            .collect();
        let update = self.existing == super::Existing::Update;
        let start = document.controls.len();
        let mut added = 0;
        let mut reported = vec![false; rows.len()];
        let mut records = Vec::with_capacity(groups.len());
        for item in items {
            let group_index = match item {
                Item::Row(index) => {
                    if let (Some(row), Some((Named::Not(code, message), _))) =
                        (rows.get_mut(index), read.get(index))
                    {
                        row.record = start + added;
                        self.fail(row, Field::Control, *code, "/control", message.clone());
                    }
                    continue;
                }
                Item::Group(g) => g,
            };
            let Some(group) = groups.get(group_index) else {
                continue;
            };
            let place = existing.get(&group.control).copied();
            let record = place.filter(|_| update).unwrap_or(start + added);
            let mut failed = false;
            for &(index, from) in &group.rows {
                let (Some(row), Some((_, values))) = (rows.get_mut(index), read.get(index)) else {
                    continue;
                };
                row.record = record;
                failed |= !values.problems.is_empty();
                if reported
                    .get_mut(index)
                    .is_some_and(|done| !std::mem::replace(done, true))
                {
                    for p in &values.problems {
                        self.fail(row, p.field, p.code, p.path, p.message.clone());
                    }
                    if let Some(old) = catalogue::find_2013(from.unwrap_or_default())
                        && old.successors.len() > 1
                    {
                        self.notes.push(format!(
                            "`{}` (row {}) → {} (split: each has the row's values)",
                            old.id,
                            row.number,
                            quoted(old.successors.iter().copied())
                        ));
                    }
                }
            }
            if let (Some(at), false) = (place, update) {
                if let Some(row) = group.rows.first().and_then(|(i, _)| rows.get_mut(*i)) {
                    self.fail(
                        row,
                        Field::Control,
                        ErrorCode::DuplicateId,
                        "/control",
                        format!(
                            "control `{}` already has a record at /controls/{at}; import with `existing: \"update\"` to update it",
                            group.control
                        ),
                    );
                }
                failed = true;
            }
            failed |= self.duplicates(group, &mut rows);
            failed |= self.conflicts(group, &mut rows, &read);
            if failed {
                continue;
            }
            let from: Vec<&str> = group.rows.iter().filter_map(|(_, from)| *from).collect();
            if !from.is_empty() {
                let sources: Vec<String> = group
                    .rows
                    .iter()
                    .filter_map(|&(i, from)| Some((rows.get(i)?, from?)))
                    .map(|(row, from)| format!("`{from}` (row {})", row.number))
                    .collect();
                let merged = if sources.len() > 1 { " (merged)" } else { "" };
                self.notes.push(format!(
                    "{} → `{}`{merged}",
                    sources.join(", "),
                    group.control
                ));
            }
            records.push(merged(group, &read, from));
            if place.is_none() {
                added += 1;
            }
        }
        if of_2013 {
            let named: foldhash::HashSet<&str> =
                groups.iter().map(|g| g.control.as_str()).collect();
            let new: Vec<&str> = catalogue::controls()
                .iter()
                .filter(|c| c.new_in_2022 && !named.contains(c.id))
                .map(|c| c.id)
                .collect();
            self.notes.insert(
                0,
                format!(
                    "the register names ISO/IEC 27001:2013 controls, carried to 2022 through the crosswalk as noted below; the {} controls new in 2022 without a row ({}) stay undecided",
                    new.len(),
                    new.join(", ")
                ),
            );
        }
        if !headings.is_empty() {
            let (rows, were) = match headings.len() {
                1 => ("row", "was"),
                _ => ("rows", "were"),
            };
            self.notes.push(format!(
                "{} heading {rows} {were} skipped ({rows} {})",
                headings.len(),
                headings.join(", ")
            ));
        }
        self.errors.sort_by_key(|e| e.row);
        self.add_or_update(
            &mut document.controls,
            records,
            |r| &r.control,
            update_record,
        )
    }

    /// What the control cell of a row names; `custom` are the document's custom control ids,
    /// `of_2013` whether the register names 2013 controls.
    fn named(&self, row: &Row<'_>, custom: &[String], of_2013: bool) -> Named {
        let has_values = VALUE_FIELDS.iter().any(|f| self.cell(row, *f).is_some());
        let Some(text) = self.cell(row, Field::Control) else {
            if let Some(id) = self.cell(row, Field::ControlTitle).and_then(by_title) {
                return Named::Control(id.to_owned());
            }
            return if has_values {
                Named::Not(
                    ErrorCode::InvalidValue,
                    "the row has values but no control: give its id (`A.5.1`)".to_owned(),
                )
            } else {
                Named::Heading
            };
        };
        if let Some(id) = custom.iter().find(|c| c.eq_ignore_ascii_case(text)) {
            return Named::Control(id.clone());
        }
        match leading_id(text) {
            Some((numbers, _)) if numbers.len() == 3 => {
                match catalogue::find_2013(&canonical(&numbers)) {
                    Some(old) => Named::Carried(old),
                    None => Named::Not(
                        ErrorCode::UnknownControl,
                        format!("`{text}` is not a control of ISO/IEC 27001:2013 Annex A"),
                    ),
                }
            }
            Some((numbers, _)) if numbers.len() == 2 => {
                let id = canonical(&numbers);
                match catalogue::find(&id) {
                    _ if of_2013 && !has_values => Named::Heading,
                    _ if of_2013 => Named::Not(
                        ErrorCode::EditionMismatch,
                        format!(
                            "`{text}` is a 2022 control id (or a 2013 objective) among 2013 control ids: give the 2013 control (`{id}.1`), or import 2022 ids in a register of their own"
                        ),
                    ),
                    Some(control) => Named::Control(control.id.to_owned()),
                    None => Named::Not(
                        ErrorCode::UnknownControl,
                        format!("`{text}` is not a control of ISO/IEC 27001:2022 Annex A"),
                    ),
                }
            }
            Some((numbers, _)) if numbers.len() == 1 && !has_values => Named::Heading,
            Some((numbers, _)) if numbers.len() == 1 => Named::Not(
                ErrorCode::UnknownControl,
                format!(
                    "`{text}` is a section of Annex A, not a control: a heading row has no values"
                ),
            ),
            Some(_) => Named::Not(
                ErrorCode::UnknownControl,
                format!("`{text}` is not a control of ISO/IEC 27001 Annex A"),
            ),
            None => match by_title(text) {
                Some(id) => Named::Control(id.to_owned()),
                // A title, or a header row repeated inside the table.
                None if !has_values
                    || fields::field_of(SOA_HEADERS, text) == Some(Field::Control) =>
                {
                    Named::Heading
                }
                None => Named::Not(
                    ErrorCode::UnknownControl,
                    format!(
                        "`{text}` is neither an Annex A control nor a custom control of the document"
                    ),
                ),
            },
        }
    }

    /// What a row says about its control, and the cells that cannot be read.
    fn values(&self, row: &Row<'_>) -> Values {
        let mut values = Values {
            justification: self.text(row, Field::Justification),
            owner: self.text(row, Field::Owner),
            notes: self.text(row, Field::Notes),
            extra: self.kept(row),
            ..Values::default()
        };
        let mut problem = |field: Field, path: &'static str, message: String| {
            values.problems.push(Problem {
                field,
                code: ErrorCode::InvalidValue,
                path,
                message,
            });
        };
        let applicable = self.cell(row, Field::Applicable);
        let mut decided = None;
        if let Some(text) = applicable {
            decided = fields::applicability(text);
            if decided.is_none() {
                problem(
                    Field::Applicable,
                    "/applicable",
                    format!(
                        "`{text}` is not an applicability: yes or no (also y/n, applicable/not applicable, included/excluded, x, n/a, true/false)"
                    ),
                );
            }
        }
        let mut status = None;
        if let Some(text) = self.cell(row, Field::Status) {
            match fields::implementation_status(text) {
                Some(StatusWord::Status(s)) => status = Some(s),
                Some(StatusWord::NotApplicable) if decided == Some(true) => problem(
                    Field::Status,
                    "/status",
                    format!(
                        "the status `{text}` says the control is not applicable and the applicability `{}` says it is",
                        applicable.unwrap_or_default()
                    ),
                ),
                Some(StatusWord::NotApplicable) => decided = Some(false),
                None => problem(
                    Field::Status,
                    "/status",
                    format!(
                        "`{text}` is not an implementation status: implemented, partially implemented (in progress), planned, not implemented (not started) or not applicable"
                    ),
                ),
            }
        }
        let mut reasons = Vec::new();
        let cell = self.cell(row, Field::Reasons).unwrap_or_default();
        let mut unread = Vec::new();
        for word in cell
            .split([',', ';', '|', '\n', '+', '&'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            if let Some(found) = fields::inclusion_reasons(word) {
                reasons.extend_from_slice(found);
                continue;
            }
            // `Legal/contractual`, `legal and contractual`.
            let lower = word.to_lowercase();
            let parts: Option<Vec<&[InclusionReason]>> = lower
                .split('/')
                .flat_map(|p| p.split(" and "))
                .map(fields::inclusion_reasons)
                .collect();
            match parts {
                Some(parts) => reasons.extend(parts.into_iter().flatten()),
                None => unread.push(word),
            }
        }
        // A reason column that also holds sentences (why a control is excluded) gives them as the
        // justification when the register has no justification column.
        if !unread.is_empty() {
            if reasons.is_empty() && !self.layout.at.contains_key(&Field::Justification) {
                values.justification = cell.trim().to_owned();
            } else {
                for word in unread {
                    problem(
                        Field::Reasons,
                        "/reasons",
                        format!(
                            "`{word}` is not a reason for inclusion: LR (legal requirement), regulatory, CO (contractual obligation), BR (business requirement), BP (best practice) or RRA (results of risk assessment)"
                        ),
                    );
                }
            }
        }
        for (field, reason) in REASON_MARKS {
            if self.cell(row, *field).is_some_and(fields::marked) {
                reasons.push(*reason);
            }
        }
        reasons.sort_unstable();
        reasons.dedup();
        values.applicable = decided;
        values.status = status;
        values.reasons = reasons;
        values.evidence = self
            .cell(row, Field::Evidence)
            .unwrap_or_default()
            .split(['\n', ';', '|'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect();
        values
    }

    /// Fails every row but the first that names the same 2022 or custom control itself (not
    /// carried from 2013); true when there was one.
    fn duplicates(&mut self, group: &Group, rows: &mut [Row<'_>]) -> bool {
        let mut direct = group.rows.iter().filter(|(_, from)| from.is_none());
        let Some(first) = direct
            .next()
            .and_then(|(i, _)| rows.get(*i))
            .map(|r| r.number)
        else {
            return false;
        };
        let mut failed = false;
        for (index, _) in direct {
            if let Some(row) = rows.get_mut(*index) {
                let message = format!("`{}` is on row {first} as well", group.control);
                self.fail(
                    row,
                    Field::Control,
                    ErrorCode::DuplicateId,
                    "/control",
                    message,
                );
                failed = true;
            }
        }
        failed
    }

    /// Fails the rows of a control whose applicability or status disagrees with that of the
    /// control's first row that gives one, naming both rows; true when one did.
    fn conflicts(&mut self, group: &Group, rows: &mut [Row<'_>], read: &[(Named, Values)]) -> bool {
        let mut failed = false;
        let mut first_applicable: Option<(usize, Option<&str>, bool)> = None;
        let mut first_status: Option<(usize, Option<&str>, ImplementationStatus)> = None;
        for &(index, from) in &group.rows {
            let Some((_, values)) = read.get(index) else {
                continue;
            };
            if let Some(applicable) = values.applicable {
                match first_applicable {
                    None => first_applicable = Some((index, from, applicable)),
                    Some((other, other_from, said)) if said != applicable => {
                        let (Some(first), Some(row)) = (rows.get(other), rows.get(index)) else {
                            continue;
                        };
                        let is = |a: bool| if a { "applicable" } else { "not applicable" };
                        let message = format!(
                            "{} is {} and {} is {}: both are `{}` in 2022; decide it once",
                            source_of(group, first, other_from),
                            is(said),
                            source_of(group, row, from),
                            is(applicable),
                            group.control
                        );
                        if let Some(row) = rows.get_mut(index) {
                            self.fail(
                                row,
                                Field::Applicable,
                                ErrorCode::InvalidValue,
                                "/applicable",
                                message,
                            );
                        }
                        failed = true;
                    }
                    Some(_) => {}
                }
            }
            if let Some(status) = values.status {
                match first_status {
                    None => first_status = Some((index, from, status)),
                    Some((other, other_from, said)) if said != status => {
                        let (Some(first), Some(row)) = (rows.get(other), rows.get(index)) else {
                            continue;
                        };
                        let message = format!(
                            "{} is `{}` and {} is `{}`: both are `{}` in 2022; give it one status",
                            source_of(group, first, other_from),
                            said.as_str(),
                            source_of(group, row, from),
                            status.as_str(),
                            group.control
                        );
                        if let Some(row) = rows.get_mut(index) {
                            self.fail(
                                row,
                                Field::Status,
                                ErrorCode::InvalidValue,
                                "/status",
                                message,
                            );
                        }
                        failed = true;
                    }
                    Some(_) => {}
                }
            }
        }
        failed
    }
}

/// Ids in backticks, joined by commas.
fn quoted<'i>(ids: impl Iterator<Item = &'i str>) -> String {
    ids.map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds `text` to `into` when it is not there yet, on a line of its own.
fn join_text(into: &mut String, text: &str, separator: &str) {
    if text.is_empty() || into.split(separator).any(|t| t == text) {
        return;
    }
    if !into.is_empty() {
        into.push_str(separator);
    }
    into.push_str(text);
}

/// The record of a control from its rows, which agree on applicability and status: reasons and
/// evidence joined, texts joined when they differ; `from` are the 2013 ids it was carried from.
fn merged(group: &Group, read: &[(Named, Values)], from: Vec<&str>) -> ControlRecord {
    let mut record = ControlRecord::new(group.control.clone());
    let mut status = None;
    let mut columns = serde_json::Map::new();
    for (_, values) in group.rows.iter().filter_map(|(i, _)| read.get(*i)) {
        record.applicable = record.applicable.or(values.applicable);
        status = status.or(values.status);
        record.reasons.extend(&values.reasons);
        join_text(&mut record.justification, &values.justification, "\n");
        join_text(&mut record.owner, &values.owner, "; ");
        join_text(&mut record.notes, &values.notes, "\n");
        for evidence in &values.evidence {
            if !record.evidence.contains(evidence) {
                record.evidence.push(evidence.clone());
            }
        }
        if let Some(Value::Object(kept)) = values.extra.get("x_source_columns") {
            for (header, value) in kept {
                let text = value.as_str().unwrap_or_default();
                match columns.get_mut(header) {
                    Some(Value::String(into)) => join_text(into, text, "\n"),
                    _ => {
                        columns.insert(header.clone(), value.clone());
                    }
                }
            }
        }
    }
    record.reasons.sort_unstable();
    record.reasons.dedup();
    record.status = status.unwrap_or_default();
    if !columns.is_empty() {
        record
            .extra
            .insert("x_source_columns".to_owned(), Value::Object(columns));
    }
    if !from.is_empty() {
        let from = from.into_iter().map(|id| Value::String(id.to_owned()));
        record
            .extra
            .insert(CARRIED_FROM.to_owned(), Value::Array(from.collect()));
    }
    record
}

/// Replaces the fields of `old` the register has columns for (`read`) with those of `new`; a
/// status of `not applicable` replaces the applicability without an applicability column.
fn update_record(old: &mut ControlRecord, new: ControlRecord, read: &HasColumn<'_>) {
    // Measured effectiveness is not read from registers: an update keeps it.
    let ControlRecord {
        control: _,
        effectiveness: _,
        cost: _,
        proposed: _,
        applicable,
        reasons,
        justification,
        status,
        owner,
        evidence,
        notes,
        extra,
    } = new;
    if read(&Field::Applicable) || applicable.is_some() {
        // The register's decision confirms or replaces a proposal.
        old.applicable = applicable;
        old.proposed = false;
    }
    if read(&Field::Reasons) || REASON_MARKS.iter().any(|(field, _)| read(field)) {
        old.reasons = reasons;
    }
    replace_read!(read, old,
        Justification => justification,
        Status => status,
        Owner => owner,
        Evidence => evidence,
        Notes => notes,
    );
    old.extra.remove("x_source_columns");
    old.extra.remove(CARRIED_FROM);
    old.extra.extend(extra);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Result};
    use crate::import::{Imported, RowError, import_register};
    use serde_json::json;

    fn import(request: Value) -> Result<Imported> {
        let request = serde_json::from_value(request)
            .map_err(|e| Error::new(ErrorCode::SchemaViolation, "", e.to_string()))?;
        import_register(request)
    }

    fn soa(rows: Value) -> Result<Imported> {
        import(json!({ "kind": "soa", "rows": rows }))
    }

    fn record<'d>(imported: &'d Imported, control: &str) -> Option<&'d ControlRecord> {
        imported
            .document
            .controls
            .iter()
            .find(|r| r.control == control)
    }

    fn codes(errors: &[RowError]) -> Vec<(usize, &'static str, &'static str)> {
        errors
            .iter()
            .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn ids_as_people_write_them() {
        let id = |text| leading_id(text).map(|(n, rest)| (canonical(&n), rest.to_owned()));
        let some = |id: &str, rest: &str| Some((id.to_owned(), rest.to_owned()));
        assert_eq!(id("A.5.1"), some("A.5.1", ""));
        assert_eq!(id("5.1"), some("A.5.1", ""));
        assert_eq!(
            id("5.1 Policies for information security"),
            some("A.5.1", "Policies for information security")
        );
        assert_eq!(
            id("A.8.7 - Protection against malware"),
            some("A.8.7", "Protection against malware")
        );
        assert_eq!(id("a. 12 .2.1: Controls"), some("A.12.2.1", "Controls"));
        assert_eq!(id("A.05.01"), some("A.5.1", ""));
        assert_eq!(
            id("A.5 Organizational controls"),
            some("A.5", "Organizational controls")
        );
        assert_eq!(id("5."), some("A.5", ""));
        for text in [
            "",
            "Access control",
            "5.1a",
            "A",
            "2022 review",
            "A.",
            "x5.1",
        ] {
            assert_eq!(id(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_2022_soa_with_words_and_a_reasons_column() -> Result<()> {
        let imported = soa(json!([
            [
                "Control",
                "Applicable",
                "Reasons for selection",
                "Justification",
                "Implementation status",
                "Owner",
                "Document reference"
            ],
            [
                "A.5.1",
                "Yes",
                "LR, CO, BR/BP, RRA",
                "Required by contracts",
                "Implemented",
                "CISO",
                "POL-01; POL-02"
            ],
            [
                "A.7.4 Physical security monitoring",
                "No",
                "",
                "No premises of our own",
                "Not applicable",
                "",
                ""
            ],
            ["8.7", "Y", "RRA", "", "In progress", "IT", ""],
        ]))?;
        assert_eq!(imported.report.kind, crate::import::RegisterKind::Soa);
        assert_eq!(imported.report.imported, 3);
        assert!(imported.report.errors.is_empty());
        let policies = record(&imported, "A.5.1");
        use InclusionReason::*;
        assert_eq!(
            policies.map(|r| (r.applicable, r.reasons.clone(), r.status)),
            Some((
                Some(true),
                vec![RiskTreatment, Legal, Contractual, BusinessRequirement],
                ImplementationStatus::Implemented
            ))
        );
        assert_eq!(
            policies.map(|r| (r.owner.as_str(), r.evidence.clone())),
            Some(("CISO", vec!["POL-01".to_owned(), "POL-02".to_owned()]))
        );
        let monitoring = record(&imported, "A.7.4");
        assert_eq!(
            monitoring.map(|r| (r.applicable, r.justification.as_str())),
            Some((Some(false), "No premises of our own"))
        );
        assert_eq!(
            record(&imported, "A.8.7").map(|r| r.status),
            Some(ImplementationStatus::PartiallyImplemented)
        );

        // The SoA of the imported document shows the records.
        let checked = crate::checks::check(&imported.document, None)?;
        let statement = crate::soa::build(&checked);
        assert_eq!(
            (
                statement.summary.applicable,
                statement.summary.not_applicable,
                statement.summary.undecided,
                statement.summary.implemented,
                statement.summary.partially_implemented
            ),
            (2, 1, 90, 1, 1)
        );
        let row = statement.rows.iter().find(|r| r.control == "A.5.1");
        assert_eq!(row.map(|r| r.owner), Some("CISO"));
        assert_eq!(
            row.and_then(|r| r.record.clone()),
            Some("/controls/0".to_owned())
        );
        Ok(())
    }

    #[test]
    fn reason_marks_and_ids_with_titles() -> Result<()> {
        let imported = soa(json!([
            ["Statement of Applicability, v2"],
            [],
            [
                "Control",
                "Applicable",
                "Legal",
                "Contractual",
                "Business",
                "Risk assessment",
                "Status"
            ],
            [
                "5.1 Policies for information security",
                "X",
                "X",
                "",
                "x",
                "✓",
                "Implemented"
            ],
            [
                "5.2 Information security roles and responsibilities",
                "X",
                "",
                "X",
                "",
                "",
                "Planned"
            ],
            [
                "Protection against malware",
                "X",
                "",
                "",
                "",
                "X",
                "Implemented"
            ],
            ["5.3 Segregation of duties", "N/A", "", "", "", "", ""],
        ]))?;
        assert_eq!(imported.report.header_row, 3);
        assert_eq!(imported.report.imported, 4);
        use InclusionReason::*;
        let reasons = |id| record(&imported, id).map(|r| r.reasons.clone());
        assert_eq!(
            reasons("A.5.1"),
            Some(vec![RiskTreatment, Legal, BusinessRequirement])
        );
        assert_eq!(reasons("A.5.2"), Some(vec![Contractual]));
        assert_eq!(reasons("A.8.7"), Some(vec![RiskTreatment]));
        assert_eq!(
            record(&imported, "A.5.3").map(|r| (r.applicable, r.reasons.len())),
            Some((Some(false), 0))
        );
        Ok(())
    }

    #[test]
    fn headings_inside_the_table_are_skipped() -> Result<()> {
        let imported = soa(json!([
            ["Control", "Control name", "Applicable", "Justification"],
            ["A.5", "Organizational controls", "", ""],
            ["A.5.1", "Policies for information security", "Yes", ""],
            ["", "People controls", "", ""],
            ["Control", "Control name", "Applicable", "Justification"],
            ["Technological controls", "", "", ""],
            ["", "Protection against malware", "Yes", ""],
        ]))?;
        assert!(imported.report.errors.is_empty());
        assert_eq!(imported.report.imported, 2);
        assert!(record(&imported, "A.8.7").is_some());
        assert_eq!(
            imported.report.notes,
            ["4 heading rows were skipped (rows 2, 4, 5, 6)"]
        );
        Ok(())
    }

    #[test]
    fn rows_that_are_not_controls() -> Result<()> {
        let imported = import(json!({
            "kind": "soa",
            "on_error": "collect",
            "rows": [
                ["Control", "Applicable", "Status"],
                ["A.5.38", "", ""],
                ["A.5", "Yes", ""],
                ["", "Yes", "Implemented"],
                ["Firewalls", "Yes", ""],
                ["A.5.1", "Perhaps", "Done"],
                ["A.5.2", "Yes", "Not applicable"],
                ["A.5.3", "Yes", "Whenever"],
                ["A.5.4", "Yes", ""],
                ["A.5.4", "Yes", ""],
            ]
        }))?;
        assert_eq!(
            codes(&imported.report.errors),
            [
                (2, "control", "unknown_control"),
                (3, "control", "unknown_control"),
                (4, "control", "invalid_value"),
                (5, "control", "unknown_control"),
                (6, "applicable", "invalid_value"),
                (7, "status", "invalid_value"),
                (8, "status", "invalid_value"),
                (10, "control", "duplicate_id"),
            ]
        );
        assert_eq!(imported.report.imported, 0);
        let error = soa(json!([
            ["Control", "Applicable"],
            ["A.5.1", "Yes"],
            ["A.9.9", "No"]
        ]));
        assert_eq!(
            error.err().map(|e| (e.code, e.path)),
            Some((ErrorCode::UnknownControl, "/controls/1/control".to_owned()))
        );
        Ok(())
    }

    #[test]
    fn a_2013_soa_carries_merges_and_splits() -> Result<()> {
        let imported = import(json!({
            "kind": "soa",
            "on_error": "collect",
            "rows": [
                ["Control", "Applicable", "Reasons", "Status", "Evidence"],
                ["A.5 Information security policies", "", "", "", ""],
                ["A.5.1 Management direction for information security", "", "", "", ""],
                ["A.5.1.1 Policies for information security", "Yes", "LR", "Implemented", "POL-01"],
                ["A.5.1.2 Review of the policies", "Yes", "BR", "Implemented", "POL-01; REV-02"],
                ["A.12.2.1", "Yes", "RRA", "Implemented", "EDR"],
                ["A.12.6.1", "Yes", "RRA", "Implemented", ""],
                ["A.18.2.2", "Yes", "", "Implemented", ""],
                ["A.18.2.3", "Yes", "", "Partially implemented", ""],
                ["A.9.2.2", "Yes", "", "", ""],
                ["A.9.2.5", "No", "", "", ""],
            ]
        }))?;
        assert_eq!(
            codes(&imported.report.errors),
            [
                (9, "status", "invalid_value"),
                (9, "status", "invalid_value"),
                (11, "applicable", "invalid_value"),
            ]
        );
        let messages: Vec<&str> = imported
            .report
            .errors
            .iter()
            .map(|e| e.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("`A.12.6.1` (row 7)")
                && m.contains("`A.18.2.3` (row 9)")
                && m.contains("`A.8.8`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`A.9.2.2` (row 10)") && m.contains("`A.9.2.5` (row 11)")),
            "{messages:?}"
        );
        // A.5.1 (merged), A.8.7 (carried); A.8.8, A.5.36 and A.5.18 conflict.
        let controls: Vec<&str> = imported
            .document
            .controls
            .iter()
            .map(|r| r.control.as_str())
            .collect();
        assert_eq!(controls, ["A.5.1", "A.8.7"]);
        use InclusionReason::*;
        assert_eq!(
            record(&imported, "A.5.1").map(|r| (r.reasons.clone(), r.evidence.clone())),
            Some((
                vec![Legal, BusinessRequirement],
                vec!["POL-01".to_owned(), "REV-02".to_owned()]
            ))
        );
        assert_eq!(
            record(&imported, "A.5.1").and_then(|r| r.extra.get(CARRIED_FROM).cloned()),
            Some(json!(["A.5.1.1", "A.5.1.2"]))
        );
        let notes = &imported.report.notes;
        assert!(
            notes.first().is_some_and(|n| n.contains("2013")),
            "{notes:?}"
        );
        assert!(
            notes.contains(&"`A.5.1.1` (row 4), `A.5.1.2` (row 5) → `A.5.1` (merged)".to_owned()),
            "{notes:?}"
        );
        assert!(
            notes.contains(&"`A.12.2.1` (row 6) → `A.8.7`".to_owned()),
            "{notes:?}"
        );
        assert!(
            notes.contains(
                &"`A.18.2.3` (row 9) → `A.5.36`, `A.8.8` (split: each has the row's values)"
                    .to_owned()
            ),
            "{notes:?}"
        );
        assert!(
            notes.contains(&"2 heading rows were skipped (rows 2, 3)".to_owned()),
            "{notes:?}"
        );
        // A two-number id with values among 2013 ids is of the wrong edition.
        let mixed = soa(json!([
            ["Control", "Applicable"],
            ["A.5.1.1", "Yes"],
            ["A.5.2", "Yes"]
        ]));
        assert_eq!(
            mixed.err().map(|e| e.code),
            Some(ErrorCode::EditionMismatch)
        );
        Ok(())
    }

    #[test]
    fn existing_records_fail_or_update() -> Result<()> {
        let first = soa(json!([
            ["Control", "Applicable", "Status", "Owner", "Evidence"],
            ["A.5.1", "Yes", "Planned", "CISO", "POL-01"],
        ]))?;
        let again = json!([["Control", "Status", "Owner"], ["A.5.1", "Implemented", ""],]);
        let duplicate = import(json!({
            "kind": "soa",
            "document": first.document.clone(),
            "rows": again.clone(),
        }));
        assert_eq!(
            duplicate.err().map(|e| (e.code, e.path)),
            Some((ErrorCode::DuplicateId, "/controls/1/control".to_owned()))
        );
        let updated = import(json!({
            "kind": "soa",
            "document": first.document,
            "existing": "update",
            "rows": again,
        }))?;
        assert_eq!((updated.report.imported, updated.report.updated), (1, 1));
        let record = record(&updated, "A.5.1");
        assert_eq!(
            record.map(|r| (r.applicable, r.status, r.owner.as_str(), r.evidence.len())),
            Some((Some(true), ImplementationStatus::Implemented, "", 1))
        );
        Ok(())
    }

    #[test]
    fn custom_controls_of_the_document() -> Result<()> {
        let document = json!({
            "schema": "isms/2",
            "organisation": {"name": "Example Ltd"},
            "custom_controls": [{"id": "ORG-1", "title": "Quarterly tabletop exercise"}]
        });
        let imported = import(json!({
            "kind": "soa",
            "document": document,
            "rows": [["Control", "Applicable", "Reasons"], ["org-1", "Yes", "business requirement"]],
        }))?;
        assert_eq!(
            record(&imported, "ORG-1").map(|r| r.reasons.clone()),
            Some(vec![InclusionReason::BusinessRequirement])
        );
        Ok(())
    }
}
