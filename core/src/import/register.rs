//! A register held for analysis: the import's report, and for a risk register of the common
//! columns (id, title, description, threat, vulnerability, owner, inherent and residual
//! likelihood and impact, treatment option and rationale, status) the risks as columns — one
//! small entry per risk and one rating per distinct pair of ratings — analysed without building
//! the document. The document is built from the same sheet, by the same import, when asked.
//!
//! A register with other columns (assets, controls, a treatment plan, acceptance), imported into
//! a given document, or with a row that does not read cleanly, goes through the full import, so
//! its results and errors are those of [`super::import_bytes`] in every case.

use super::column::{CodedColumn, before};
use super::layout::{Plan, plan_rows, read_layout_rows};
use super::parallel;
use super::reader::{self, Loaded, load, load_owned};
use super::report::{ImportReport, Imported};
use super::request::{ImportRequest, RegisterKind};
use super::risks::word_value;
use super::rows::{GENERATED_PREFIX, Ids, RowReader, is_blank};
use super::source::{Cells, Sheet};
use super::{Field, fields, import_loaded};
use crate::analysis::{self, RegisterRow, RegisterTally, Summary};
use crate::error::Result;
use crate::model::{self, Document, RiskStatus, TreatmentOption};
use crate::risk::register::{self as scoring, RiskRatings, ScoredRisk};
use crate::risk::{ImpactRating, Method};
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The fields a risk register may have columns for and still be held as columns.
const COLUMNAR: &[Field] = &[
    Field::Id,
    Field::Title,
    Field::Description,
    Field::Threat,
    Field::Vulnerability,
    Field::Owner,
    Field::Likelihood,
    Field::Impact,
    Field::ResidualLikelihood,
    Field::ResidualImpact,
    Field::Treatment,
    Field::Rationale,
    Field::Status,
];

/// An imported register: the import's report, the document (built when first asked for) and,
/// for risks, the analysis.
#[derive(Debug)]
pub struct Register {
    /// How the register was read.
    report: ImportReport,
    document: OnceLock<Document>,
    /// The risks as columns, with what the document is built from.
    held: Option<Held>,
    /// The scores of the document, when it was built and checked on import.
    scores: Option<Scores>,
}

/// A risk register held as columns.
#[derive(Debug)]
struct Held {
    /// The request without its rows or content.
    request: ImportRequest,
    /// The register's sheet, alone.
    loaded: Loaded,
    method: Method,
    risks: RiskColumns,
}

/// The risks of a register as columns, in register order.
#[derive(Debug, Default)]
struct RiskColumns {
    /// Where each field is read from (column index).
    id_column: Option<usize>,
    title_column: Option<usize>,
    owner_column: Option<usize>,
    /// Each risk's row in the sheet.
    row: Vec<u32>,
    /// Each risk's ratings: an index in `scored`.
    scored_as: Vec<u32>,
    status: Vec<RiskStatus>,
    treatment: Vec<Option<TreatmentOption>>,
    /// Each risk's owner: an index in `owners`.
    owner: Vec<u32>,
    /// The distinct owners, as the sheet row of one risk they own (`None`: no owner).
    owners: Vec<Option<u32>>,
    /// The distinct ratings.
    scored: Vec<ScoredRisk>,
    /// The ids generated for risks without one: (risk index, id), in risk order.
    generated: Vec<(u32, String)>,
}

/// Reads a register: `bytes`, the bytes of a CSV or XLSX file, else the request's `rows` or
/// `content`. Fails as [`super::read_bytes`] and [`super::read_request`] do, and, like an
/// analysis, when the resulting document does not check.
pub fn read_register(mut request: ImportRequest, bytes: Option<&[u8]>) -> Result<Register> {
    let loaded = load(&mut request, bytes)?;
    read_loaded(request, loaded)
}

/// [`read_register`] of a file's bytes handed over: a CSV in UTF-8 is read without copying its
/// text.
pub fn read_register_owned(request: ImportRequest, bytes: Vec<u8>) -> Result<Register> {
    let loaded = load_owned(&request, bytes)?;
    read_loaded(request, loaded)
}

fn read_loaded(mut request: ImportRequest, mut loaded: Loaded) -> Result<Register> {
    request.rows = None;
    request.content = None;
    if let Some((held, index)) = hold(&request, &loaded)? {
        let risks = held.risks;
        let sheet = loaded.sheets.swap_remove(index);
        loaded.sheets = vec![sheet];
        return Ok(Register {
            held: Some(Held {
                request,
                loaded,
                method: held.method,
                risks,
            }),
            ..held.register
        });
    }
    let (imported, _) = import_loaded(request, &loaded)?;
    let checked = crate::checks::score(&imported.document).map_err(|e| e.under("/document"))?;
    let scores = Scores {
        method: checked.method,
        valuations: checked.valuations,
        risks: checked.risks,
    };
    Ok(Register {
        scores: Some(scores),
        ..Register::from(imported)
    })
}

/// The scores of a document checked on import, kept for its analysis.
#[derive(Debug)]
struct Scores {
    method: Method,
    valuations: Vec<model::EffectiveValuation>,
    risks: Vec<ScoredRisk>,
}

impl From<Imported> for Register {
    fn from(imported: Imported) -> Self {
        let Imported { report, document } = imported;
        Self {
            report,
            document: OnceLock::from(document),
            held: None,
            scores: None,
        }
    }
}

/// What reading a register as columns gives: the report, the method and the columns.
struct HeldParts {
    register: Register,
    method: Method,
    risks: RiskColumns,
}

/// Reads a risk register as columns, with the index of its sheet, or `None` when it goes
/// through the full import.
fn hold(request: &ImportRequest, loaded: &Loaded) -> Result<Option<(HeldParts, usize)>> {
    if request.kind != RegisterKind::Risks
        || request.document.is_some()
        || request.reading.is_some()
    {
        return Ok(None);
    }
    let mut options = request.clone();
    let (sheet, _) = reader::choose(options.kind, &loaded.sheets, options.sheet.as_deref())?;
    let index = loaded
        .sheets
        .iter()
        .position(|s| std::ptr::eq(s, sheet))
        .unwrap_or_default();
    let format = loaded.format;
    let (reading, rows) = read_layout_rows(&options, sheet, None, true)?;
    if reading.columns.iter().any(|c| c.fill_down) {
        return Ok(None);
    }
    options.scales.merge(std::mem::take(&mut options.values));
    let (plan, _) = plan_rows(&mut options, sheet, &reading, rows)?;
    if plan.layout.at.keys().any(|f| !COLUMNAR.contains(f))
        || !plan.layout.at.contains_key(&Field::Title)
    {
        return Ok(None);
    }
    let mut reader = RowReader::new(&plan, sheet, &options);
    let Some(risks) = reader.risk_columns(&plan, sheet) else {
        return Ok(None);
    };
    let RowReader {
        readings, notes, ..
    } = reader;
    let Plan {
        header_index,
        layout,
        method,
        data,
    } = plan;
    let report = ImportReport {
        kind: RegisterKind::Risks,
        format,
        encoding: loaded.encoding.map(str::to_owned),
        sheet: sheet.name.clone(),
        header_row: sheet.first_row + header_index,
        columns: layout.mapped,
        ignored: layout.ignored,
        scales: readings,
        rows: data.len(),
        imported: risks.row.len(),
        updated: 0,
        errors: Vec::new(),
        notes,
    };
    let register = Register {
        report,
        document: OnceLock::new(),
        held: None,
        scores: None,
    };
    Ok(Some((
        HeldParts {
            register,
            method,
            risks,
        },
        index,
    )))
}

/// One rating as read: (likelihood, impact).
type Rating = Option<(u32, Option<u32>)>;

/// The most combinations of the four rating columns' distinct texts looked up in a table
/// rather than a map (fewer for a short register: a table no larger than a few slots a row).
const RATING_TABLE: usize = 1 << 16;

/// The trimmed text of cell `column` of a row; empty when the row has no such cell.
fn text(cells: Cells<'_>, column: Option<usize>) -> &str {
    column
        .and_then(|c| cells.get(c))
        .map(super::source::trim)
        .filter(|t| !is_blank(t))
        .unwrap_or_default()
}

/// Checks that every row of `rows` has a title (`None` when one has not) and whether their ids
/// are in ascending order ([`before`]), all given: then `Some` of the first and the last id.
fn titles_and_order<'s>(
    rows: &[(usize, Cells<'s>)],
    title_column: Option<usize>,
    id_column: Option<usize>,
) -> Option<Option<(&'s str, &'s str)>> {
    let mut order: Option<(&str, &str)> = None;
    let mut ascending = true;
    for (_, cells) in rows {
        if text(*cells, title_column).is_empty() {
            return None;
        }
        if ascending {
            let id = text(*cells, id_column);
            ascending = match &mut order {
                None => !id.is_empty(),
                Some((_, last)) => before(last, id),
            };
            order = Some((order.map_or(id, |(first, _)| first), id));
        }
    }
    Some(order.filter(|_| ascending))
}

/// A rating cell as read.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Empty,
    Level(u32),
    /// A cell the full import reports.
    Bad,
}

/// One rating of a risk from its likelihood and impact cells, as the full import reads it
/// (impact may be left to the risk's assets); `None` when the row does not read cleanly.
fn rating(likelihood: Cell, impact: Cell) -> Option<Rating> {
    match (likelihood, impact) {
        (Cell::Bad, _) | (_, Cell::Bad) | (Cell::Empty, Cell::Level(_)) => None,
        (Cell::Empty, Cell::Empty) => Some(None),
        (Cell::Level(l), Cell::Empty) => Some(Some((l, None))),
        (Cell::Level(l), Cell::Level(i)) => Some(Some((l, Some(i)))),
    }
}

impl RowReader<'_> {
    /// Reads the risks into columns with the rules of the full import; `None` when a row does
    /// not read cleanly (the full import then reports it) or there are more risks than the
    /// columns index. Each column is read once into codes of its distinct texts, and each
    /// distinct text (or pair of rating texts) is read once.
    fn risk_columns(&mut self, plan: &Plan<'_>, sheet: &Sheet) -> Option<RiskColumns> {
        self.read_ahead(&[
            Field::Likelihood,
            Field::ResidualLikelihood,
            Field::Impact,
            Field::ResidualImpact,
            Field::Treatment,
            Field::Status,
            Field::Owner,
        ]);
        self.prepare(&[Field::Likelihood, Field::ResidualLikelihood]);
        self.prepare(&[Field::Impact, Field::ResidualImpact]);
        // A rating column of scores is read by the full import, which says so.
        if self.readers.values().any(|r| r.is_product()) {
            return None;
        }
        let method = self.method;
        let at = |field: Field| plan.layout.index.get(field as usize).copied().flatten();
        let data = self.data;
        let n = data.len();
        let rows = || data.iter().map(|(_, cells)| *cells);
        let grid_row = |data_index: usize| -> Option<u32> {
            let (number, _) = data.get(data_index)?;
            u32::try_from(number.checked_sub(sheet.first_row)?).ok()
        };
        let mut columns = RiskColumns {
            id_column: at(Field::Id),
            title_column: at(Field::Title),
            owner_column: at(Field::Owner),
            row: Vec::with_capacity(n),
            scored_as: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            treatment: Vec::with_capacity(n),
            owner: Vec::with_capacity(n),
            ..RiskColumns::default()
        };
        // Ids in ascending order, as registers usually number their risks, are all given and
        // distinct; otherwise they are checked in row order with the full import's rules (a
        // generated id skips the ids taken before it). Every risk needs a title: one pass
        // checks the titles and the order of the ids.
        let (title_column, id_column) = (columns.title_column, columns.id_column);
        let ascending = match parallel::split(data, |_, part| {
            titles_and_order(part, title_column, id_column)
        }) {
            Some([head, tail]) => match (head?, tail?) {
                (Some((_, last)), Some((first, _))) => before(last, first),
                _ => false,
            },
            None => titles_and_order(data, title_column, id_column)?.is_some(),
        };
        if !ascending {
            let mut ids = Ids::new(std::iter::empty(), self.existing);
            ids.used.reserve(n);
            for (index, cells) in rows().enumerate() {
                let id = text(cells, columns.id_column);
                if id.is_empty() {
                    let id = ids.generate(GENERATED_PREFIX);
                    ids.used.insert(Cow::Owned(id.clone()));
                    columns.generated.push((u32::try_from(index).ok()?, id));
                } else if !ids.used.insert(Cow::Borrowed(id)) {
                    return None;
                }
            }
        }
        let treatment = self.coded(at(Field::Treatment));
        let status = self.coded(at(Field::Status));
        let owner = self.coded(columns.owner_column);
        // Ratings: each distinct text of a rating column read once.
        let absent = CodedColumn::read(data, None);
        let rating_column = |field: Field| -> Option<(&CodedColumn<'_>, Vec<Cell>)> {
            let Some(column) = self.columns.get(&field) else {
                return Some((&absent, vec![Cell::Empty; absent.texts.len()]));
            };
            let levels = self.levels.get(&field)?;
            let cells = column.texts.iter().map(|text| {
                Some(match levels.get(text) {
                    _ if text.is_empty() || is_blank(text) => Cell::Empty,
                    Some(Ok(level)) => Cell::Level(*level),
                    Some(Err(_)) => Cell::Bad,
                    None => return None,
                })
            });
            Some((column, cells.collect::<Option<_>>()?))
        };
        let likelihood = rating_column(Field::Likelihood)?;
        let impact = rating_column(Field::Impact)?;
        let residual_likelihood = rating_column(Field::ResidualLikelihood)?;
        let residual_impact = rating_column(Field::ResidualImpact)?;
        // Treatments and statuses: each distinct text read once (a status for a rated and an
        // unrated risk).
        let treatments: Vec<Option<TreatmentOption>> = treatment
            .texts
            .iter()
            .map(|t| match *t {
                "" => Some(None),
                t if is_blank(t) => Some(None),
                t => word_value(&self.scales.treatment, t)
                    .or_else(|| fields::treatment_option(t))
                    .map(Some),
            })
            .collect::<Option<_>>()?;
        let statuses: Vec<[Option<RiskStatus>; 2]> = status
            .texts
            .iter()
            .map(|t| match *t {
                "" => [Some(RiskStatus::default()); 2],
                t if is_blank(t) => [Some(RiskStatus::default()); 2],
                t => match word_value(&self.scales.status, t) {
                    Some(status) => [Some(status); 2],
                    None => [fields::risk_status(t, false), fields::risk_status(t, true)],
                },
            })
            .collect();
        // Owners: the distinct texts of the owner column, each with the row of its first risk.
        columns.owners = owner
            .texts
            .iter()
            .zip(&owner.first)
            .map(|(text, first)| match *text {
                "" => Some(None),
                t if is_blank(t) => Some(None),
                _ => grid_row(*first).map(Some),
            })
            .collect::<Option<_>>()?;
        // The distinct ratings, by the codes of the four rating cells, then by value. The
        // codes of a register of few distinct ratings (most: a handful of levels a column) index
        // a table; others key a map.
        let sizes = [&likelihood, &impact, &residual_likelihood, &residual_impact]
            .map(|(column, _)| column.texts.len().max(1));
        let table_size = sizes
            .iter()
            .try_fold(1usize, |size, n| size.checked_mul(*n))
            .filter(|size| *size <= RATING_TABLE.min(4 * n + 64));
        let mut by_table: Vec<Option<(u32, bool)>> = vec![None; table_size.unwrap_or(0)];
        let mut by_codes: HashMap<u128, (u32, bool)> = HashMap::new();
        let mut by_value: HashMap<(Rating, Rating), u32> = HashMap::new();
        for index in 0..n {
            let code = |column: &CodedColumn<'_>| column.codes.get(index).copied();
            let four = [
                code(likelihood.0)?,
                code(impact.0)?,
                code(residual_likelihood.0)?,
                code(residual_impact.0)?,
            ];
            let (slot, key) = match table_size {
                Some(_) => (
                    Some(
                        four.iter()
                            .zip(sizes)
                            .fold(0usize, |slot, (c, size)| slot * size + c),
                    ),
                    0,
                ),
                None => (
                    None,
                    four.iter().try_fold(0u128, |key, c| {
                        Some(key << 32 | u128::from(u32::try_from(*c).ok()?))
                    })?,
                ),
            };
            let known = match slot {
                Some(slot) => *by_table.get(slot)?,
                None => by_codes.get(&key).copied(),
            };
            let (scored_as, rated) = match known {
                Some(found) => found,
                None => {
                    let [l, i, rl, ri] = four;
                    let inherent = rating(*likelihood.1.get(l)?, *impact.1.get(i)?)?;
                    let residual =
                        rating(*residual_likelihood.1.get(rl)?, *residual_impact.1.get(ri)?)?;
                    let next = u32::try_from(columns.scored.len()).ok()?;
                    let scored_as = *by_value.entry((inherent, residual)).or_insert(next);
                    if scored_as == next {
                        let impact = |r: Rating| r.and_then(|(_, i)| i).map(ImpactRating::Level);
                        let (inherent_impact, residual_impact) =
                            (impact(inherent), impact(residual));
                        let ratings = RiskRatings {
                            inherent: inherent.map(|(l, _)| (l, inherent_impact.as_ref())),
                            residual: residual.map(|(l, _)| (l, residual_impact.as_ref())),
                        };
                        columns
                            .scored
                            .push(scoring::score(method, ratings, None, &[]).ok()?);
                    }
                    let found = (scored_as, inherent.is_some());
                    match slot {
                        Some(slot) => *by_table.get_mut(slot)? = Some(found),
                        None => {
                            by_codes.insert(key, found);
                        }
                    }
                    found
                }
            };
            let status = (*statuses.get(code(&status)?)?.get(usize::from(rated))?)?;
            columns.row.push(grid_row(index)?);
            columns.scored_as.push(scored_as);
            columns.status.push(status);
            columns.treatment.push(*treatments.get(code(&treatment)?)?);
            columns.owner.push(u32::try_from(code(&owner)?).ok()?);
        }
        Some(columns)
    }
}

impl Register {
    /// The import's report.
    pub fn report(&self) -> &ImportReport {
        &self.report
    }

    /// Risks, assets or a Statement of Applicability.
    pub fn kind(&self) -> RegisterKind {
        self.report.kind
    }

    /// Records imported.
    pub fn len(&self) -> usize {
        self.report.imported
    }

    /// True when no record was imported.
    pub fn is_empty(&self) -> bool {
        self.report.imported == 0
    }

    /// True when the risks are held as columns and the document is not built yet.
    pub fn is_columnar(&self) -> bool {
        self.held.is_some() && self.document.get().is_none()
    }

    /// The document holding the imported records, built on first use.
    pub fn document(&self) -> Result<&Document> {
        if let Some(document) = self.document.get() {
            return Ok(document);
        }
        if let Some(held) = &self.held {
            let (imported, _) = import_loaded(held.request.clone(), &held.loaded)?;
            // Another thread may have built it meanwhile: the same document.
            let _ = self.document.set(imported.document);
        }
        self.document.get().ok_or_else(|| {
            crate::error::Error::new(
                crate::error::ErrorCode::SchemaViolation,
                "/document",
                "the register holds no document",
            )
        })
    }

    /// The analysis of a risk register without its per-risk lists, with the `top` highest
    /// risks, handed to `f`; `None` for an asset register. Closed risks are left out of the heat
    /// maps, totals, top list and every count but the count by status, unless `include_closed`.
    pub fn analysis<R>(
        &self,
        top: usize,
        include_closed: bool,
        f: impl FnOnce(&Summary<'_>) -> R,
    ) -> Result<Option<R>> {
        if self.report.kind != RegisterKind::Risks {
            return Ok(None);
        }
        if let Some(held) = &self.held {
            return Ok(Some(f(&held.summary(top, include_closed))));
        }
        let document = self.document()?;
        let checked = match &self.scores {
            Some(scores) => crate::checks::Checked {
                document,
                method: scores.method.clone(),
                valuations: scores.valuations.clone(),
                risks: scores.risks.clone(),
                findings: Vec::new(),
            },
            None => crate::checks::score(document).map_err(|e| e.under("/document"))?,
        };
        let analysis = analysis::analyse(&checked, top, None, include_closed);
        Ok(Some(f(&analysis.summary())))
    }
}

impl Held {
    /// The sheet the risks were read from.
    fn sheet(&self) -> &Sheet {
        static EMPTY: OnceLock<Sheet> = OnceLock::new();
        self.loaded
            .sheets
            .first()
            .unwrap_or_else(|| EMPTY.get_or_init(Sheet::default))
    }

    /// The text of cell `column` of sheet row `row`, trimmed.
    fn cell(&self, row: u32, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.sheet().rows.get(row as usize)?.get(c))
            .map(super::source::trim)
            .filter(|t| !is_blank(t))
            .unwrap_or_default()
    }

    /// The analysis of the risks held as columns (closed ones counted with `include_closed`).
    fn summary(&self, top: usize, include_closed: bool) -> Summary<'_> {
        let risks = &self.risks;
        let mut counts = RegisterTally::new(&self.method, top, include_closed);
        // Risks alike in ratings, status and treatment are counted together.
        let options = TreatmentOption::ALL.len() + 1;
        let statuses = RiskStatus::ALL.len();
        let mut groups = vec![0usize; risks.scored.len() * statuses * options];
        let mut owners = vec![0usize; risks.owners.len()];
        let none = TreatmentOption::ALL.len();
        for (index, ((&scored_as, &status), &treatment)) in risks
            .scored_as
            .iter()
            .zip(&risks.status)
            .zip(&risks.treatment)
            .enumerate()
        {
            let group = (scored_as as usize * statuses + status as usize) * options
                + treatment.map_or(none, |t| t as usize);
            if let Some(count) = groups.get_mut(group) {
                *count += 1;
            }
            if let Some(scored) = risks.scored.get(scored_as as usize) {
                counts.rank(
                    index,
                    status,
                    scored.inherent.as_ref(),
                    scored.residual.as_ref(),
                );
            }
        }
        for (&owner, &status) in risks.owner.iter().zip(&risks.status) {
            if !counts.counts(status) {
                continue;
            }
            if let Some(count) = owners.get_mut(owner as usize) {
                *count += 1;
            }
        }
        for (group, &n) in groups.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let treatment = TreatmentOption::ALL.get(group % options).copied();
            let status = RiskStatus::ALL
                .get(group / options % statuses)
                .copied()
                .unwrap_or_default();
            let Some(scored) = risks.scored.get(group / options / statuses) else {
                continue;
            };
            counts.risks(&row_of(scored, "", "", "", status, treatment), n);
        }
        for (owner, &n) in risks.owners.iter().zip(&owners) {
            // An owner of closed risks only is not counted.
            if n > 0 {
                let text = owner.map_or("", |row| self.cell(row, risks.owner_column));
                counts.owner(text, n);
            }
        }
        counts.finish(|index| self.row(index), 0, 0)
    }

    /// The row of risk `index` in the scored register.
    fn row(&self, index: usize) -> Option<RegisterRow<'_>> {
        let risks = &self.risks;
        let row = *risks.row.get(index)?;
        let id = match risks
            .generated
            .binary_search_by_key(&index, |(i, _)| *i as usize)
        {
            Ok(k) => risks.generated.get(k).map_or("", |(_, id)| id.as_str()),
            Err(_) => self.cell(row, risks.id_column),
        };
        let scored = risks.scored.get(*risks.scored_as.get(index)? as usize)?;
        Some(row_of(
            scored,
            id,
            self.cell(row, risks.title_column),
            self.cell(row, risks.owner_column),
            *risks.status.get(index)?,
            *risks.treatment.get(index)?,
        ))
    }
}

/// A row of the scored register of a risk without assets, controls or acceptance.
fn row_of<'a>(
    scored: &'a ScoredRisk,
    id: &'a str,
    title: &'a str,
    owner: &'a str,
    status: RiskStatus,
    treatment: Option<TreatmentOption>,
) -> RegisterRow<'a> {
    RegisterRow {
        id,
        title,
        owner,
        assets: &[],
        status,
        treatment,
        controls: &[],
        inherent: scored.inherent.as_ref(),
        residual: scored.residual.as_ref(),
        residual_derived: scored.residual_derived,
        impact_from_assets: scored.impact_from_assets,
        reduction: scored.reduction,
        accepted: false,
    }
}
