//! The analysis of a scored register: the scored register, heat maps, counts, the top risks and the risk
//! treatment plan in priority order.

use crate::checks::Checked;
use crate::method::{Method, Rating};
use crate::model::{ActionStatus, Date, Document, EffectiveValuation, RiskStatus, TreatmentOption};
use crate::risk::register::{Reduction, ScoredRisk};
use foldhash::HashMap;
use serde::Serialize;

/// One row of the scored register, borrowing from the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterRow<'a> {
    /// Risk id.
    pub id: &'a str,
    /// Risk title.
    pub title: &'a str,
    /// Risk owner.
    pub owner: &'a str,
    /// Affected assets.
    pub assets: &'a [String],
    /// Life-cycle status.
    pub status: RiskStatus,
    /// Treatment option, if decided.
    pub treatment: Option<TreatmentOption>,
    /// Linked controls.
    pub controls: &'a [String],
    /// Inherent rating.
    pub inherent: Option<&'a Rating>,
    /// Residual rating, stated or derived.
    pub residual: Option<&'a Rating>,
    /// True when the residual rating was derived from the linked controls.
    pub residual_derived: bool,
    /// True when the inherent impact came from the assets' valuation.
    pub impact_from_assets: bool,
    /// The reduction applied when the residual rating was derived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduction: Option<Reduction>,
    /// True when the owner accepted the residual risk.
    pub accepted: bool,
}

/// Counts of one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Count<'a> {
    /// The value counted (a band id, an owner, an asset id, …).
    pub key: &'a str,
    /// Its display label.
    pub label: &'a str,
    /// How many risks have it.
    pub count: usize,
}

/// Risk counts per cell of the likelihood × impact grid: `counts[l - 1][i - 1]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HeatMap<'a> {
    /// Likelihood level labels, lowest first (the rows).
    pub likelihood: Vec<&'a str>,
    /// Impact level labels, lowest first (the columns).
    pub impact: Vec<&'a str>,
    /// The band id of every cell.
    pub bands: Vec<Vec<&'a str>>,
    /// Risks rated before treatment, per cell.
    pub inherent: Vec<Vec<usize>>,
    /// Risks after treatment, per cell.
    pub residual: Vec<Vec<usize>>,
}

/// Counts by band, before and after treatment, in band order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BandCounts<'a> {
    /// Inherent ratings per band.
    pub inherent: Vec<Count<'a>>,
    /// Residual ratings per band.
    pub residual: Vec<Count<'a>>,
}

/// One action of the risk treatment plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanRow<'a> {
    /// The risk it treats.
    pub risk: &'a str,
    /// The risk's title.
    pub risk_title: &'a str,
    /// The risk's owner.
    pub risk_owner: &'a str,
    /// The action id.
    pub action: &'a str,
    /// What is to be done.
    pub description: &'a str,
    /// Who does it.
    pub owner: &'a str,
    /// When it is due.
    pub due: Option<&'a Date>,
    /// Progress.
    pub status: ActionStatus,
    /// Controls it implements.
    pub controls: &'a [String],
    /// Treatment option of the risk.
    pub option: Option<TreatmentOption>,
    /// Band of the risk as rated now (residual, else inherent).
    pub band: Option<&'a str>,
    /// Score of the risk as rated now.
    pub score: Option<f64>,
    /// True when the risk is above appetite as rated now.
    pub above_appetite: bool,
    /// True when the action is open and past its due date (needs `as_of`).
    pub overdue: bool,
}

/// Totals of the register: of its open risks, unless closed risks are asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Totals {
    /// Risks counted: every risk of the register but the closed ones (every risk with
    /// `include_closed`).
    pub risks: usize,
    /// Closed risks in the register, counted or not.
    pub closed: usize,
    /// Risks with an inherent rating.
    pub rated: usize,
    /// Risks above appetite before treatment.
    pub above_appetite_inherent: usize,
    /// Risks above appetite after treatment.
    pub above_appetite_residual: usize,
    /// Risks whose residual rating was derived from controls.
    pub residual_derived: usize,
    /// Open actions of the treatment plan.
    pub open_actions: usize,
    /// Open actions past due (needs `as_of`).
    pub overdue_actions: usize,
}

/// The analysis of a register.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Analysis<'a> {
    /// The id of the method used.
    pub method: &'a str,
    /// Totals.
    pub totals: Totals,
    /// Every risk, scored, in document order.
    pub risks: Vec<RegisterRow<'a>>,
    /// Heat maps before and after treatment.
    pub heat_map: HeatMap<'a>,
    /// Counts by band.
    pub by_band: BandCounts<'a>,
    /// Counts by risk owner, most first.
    pub by_owner: Vec<Count<'a>>,
    /// Counts by affected asset, most first (a risk counts once for each of its assets).
    pub by_asset: Vec<Count<'a>>,
    /// Counts by treatment option, in option order, `none` last.
    pub by_treatment: Vec<Count<'a>>,
    /// Counts by status, in life-cycle order.
    pub by_status: Vec<Count<'a>>,
    /// The highest-rated risks as rated now, highest first.
    pub top: Vec<RegisterRow<'a>>,
    /// The risk treatment plan, open actions first, then by priority.
    pub treatment_plan: Vec<PlanRow<'a>>,
    /// The effective valuation of every asset.
    pub assets: &'a [EffectiveValuation],
}

/// The parts of an analysis that stay small however long the register is: everything but the
/// per-risk list, the treatment plan and the asset valuations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary<'a> {
    /// The id of the method used.
    pub method: &'a str,
    /// Totals.
    pub totals: Totals,
    /// Heat maps before and after treatment.
    pub heat_map: HeatMap<'a>,
    /// Counts by band.
    pub by_band: BandCounts<'a>,
    /// Counts by risk owner, most first.
    pub by_owner: Vec<Count<'a>>,
    /// Counts by affected asset, most first.
    pub by_asset: Vec<Count<'a>>,
    /// Counts by treatment option, in option order, `none` last.
    pub by_treatment: Vec<Count<'a>>,
    /// Counts by status, in life-cycle order.
    pub by_status: Vec<Count<'a>>,
    /// The highest-rated risks as rated now, highest first.
    pub top: Vec<RegisterRow<'a>>,
}

impl<'a> Analysis<'a> {
    /// The parts of the analysis that stay small however long the register is.
    pub fn summary(&self) -> Summary<'a> {
        Summary {
            method: self.method,
            totals: self.totals.clone(),
            heat_map: self.heat_map.clone(),
            by_band: self.by_band.clone(),
            by_owner: self.by_owner.clone(),
            by_asset: self.by_asset.clone(),
            by_treatment: self.by_treatment.clone(),
            by_status: self.by_status.clone(),
            top: self.top.clone(),
        }
    }
}

/// The band id of every cell of a method's grid: `bands[l - 1][i - 1]`.
pub(crate) fn cell_bands(method: &Method) -> Vec<Vec<&str>> {
    method
        .grid()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(_, b)| method.bands.get(b).map(|b| &*b.id).unwrap_or_default())
                .collect()
        })
        .collect()
}

/// The labels of a scale's levels, lowest first.
pub(crate) fn level_labels(levels: &[crate::method::Level]) -> Vec<&str> {
    levels.iter().map(|l| l.label.as_str()).collect()
}

fn grid(method: &Method) -> Vec<Vec<usize>> {
    vec![vec![0; method.impact.levels.len()]; method.likelihood.levels.len()]
}

fn tally(grid: &mut [Vec<usize>], rating: &Rating, n: usize) {
    let l = (rating.likelihood as usize).checked_sub(1);
    let i = (rating.impact as usize).checked_sub(1);
    let cell = l
        .and_then(|l| grid.get_mut(l))
        .and_then(|row| row.get_mut(i?));
    if let Some(cell) = cell {
        *cell += n;
    }
}

/// A count of zero for each band of the method.
fn band_counts(method: &Method) -> Vec<Count<'_>> {
    method
        .bands
        .iter()
        .map(|b| Count {
            key: &b.id,
            label: &b.label,
            count: 0,
        })
        .collect()
}

fn count_band(counts: &mut [Count<'_>], rating: &Rating, n: usize) {
    if let Some(c) = counts.iter_mut().find(|c| *c.key == *rating.band) {
        c.count += n;
    }
}

fn most_first<'a>(map: HashMap<&'a str, (&'a str, usize)>) -> Vec<Count<'a>> {
    let mut counts: Vec<Count<'a>> = map
        .into_iter()
        .map(|(key, (label, count))| Count { key, label, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(b.key)));
    counts
}

/// The counts of an analysis, gathered risk by risk (or group by group of alike risks), so that
/// a register held as rows and one held as columns are counted by the same rules.
pub(crate) struct RegisterTally<'a> {
    method: &'a Method,
    top: usize,
    include_closed: bool,
    inherent_grid: Vec<Vec<usize>>,
    residual_grid: Vec<Vec<usize>>,
    inherent_bands: Vec<Count<'a>>,
    residual_bands: Vec<Count<'a>>,
    owners: HashMap<&'a str, (&'a str, usize)>,
    assets: HashMap<&'a str, (&'a str, usize)>,
    treatments: [usize; TreatmentOption::ALL.len() + 1],
    statuses: [usize; RiskStatus::ALL.len()],
    totals: Totals,
    /// Candidates for the top list: (index, score now, inherent score).
    ranked: Vec<(usize, f64, f64)>,
}

/// The order of ranked risks, `(index, score, inherent score)`, highest first: a total order
/// (ties by document order), so the top k are the same whether the rest is sorted or only
/// partitioned, and whenever the partitioning is done.
fn rank_order(a: &(usize, f64, f64), b: &(usize, f64, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1)
        .then(b.2.total_cmp(&a.2))
        .then(a.0.cmp(&b.0))
}

impl<'a> RegisterTally<'a> {
    /// Empty counts under a method; `top` is how many risks the top list holds;
    /// `include_closed` counts closed risks as well (they are left out of every count but the
    /// count by status otherwise).
    pub(crate) fn new(method: &'a Method, top: usize, include_closed: bool) -> Self {
        Self {
            method,
            top,
            include_closed,
            inherent_grid: grid(method),
            residual_grid: grid(method),
            inherent_bands: band_counts(method),
            residual_bands: band_counts(method),
            owners: HashMap::default(),
            assets: HashMap::default(),
            treatments: [0; TreatmentOption::ALL.len() + 1],
            statuses: [0; RiskStatus::ALL.len()],
            totals: Totals::default(),
            ranked: Vec::new(),
        }
    }

    /// Whether a risk in `status` is counted: an open one, or any with `include_closed`.
    pub(crate) fn counts(&self, status: RiskStatus) -> bool {
        self.include_closed || status != RiskStatus::Closed
    }

    /// Counts `n` risks rated, treated and in the status of `row` (owners and assets apart).
    pub(crate) fn risks(&mut self, row: &RegisterRow<'_>, n: usize) {
        if let Some(c) = self.statuses.get_mut(row.status as usize) {
            *c += n;
        }
        if row.status == RiskStatus::Closed {
            self.totals.closed += n;
        }
        if !self.counts(row.status) {
            return;
        }
        self.totals.risks += n;
        if let Some(r) = row.inherent {
            tally(&mut self.inherent_grid, r, n);
            count_band(&mut self.inherent_bands, r, n);
            self.totals.rated += n;
            self.totals.above_appetite_inherent += usize::from(r.above_appetite) * n;
        }
        if let Some(r) = row.residual {
            tally(&mut self.residual_grid, r, n);
            count_band(&mut self.residual_bands, r, n);
            self.totals.above_appetite_residual += usize::from(r.above_appetite) * n;
        }
        self.totals.residual_derived += usize::from(row.residual_derived) * n;
        let treatment = row
            .treatment
            .map_or(TreatmentOption::ALL.len(), |t| t as usize);
        if let Some(c) = self.treatments.get_mut(treatment) {
            *c += n;
        }
    }

    /// Enters risk `index`, in `status` and rated `inherent` and `residual`, as a candidate for
    /// the top list: an open risk rated before or after treatment (a closed one too with
    /// `include_closed`).
    pub(crate) fn rank(
        &mut self,
        index: usize,
        status: RiskStatus,
        inherent: Option<&Rating>,
        residual: Option<&Rating>,
    ) {
        if self.top > 0
            && self.counts(status)
            && let Some(now) = residual.or(inherent)
        {
            let inherent = inherent.map_or(now.score, |x| x.score);
            self.ranked.push((index, now.score, inherent));
            // Only the top are kept: a register of many thousand risks is ranked in a few
            // kilobytes, cut back to the top each time twice as many are held.
            if self.ranked.len() >= self.top.max(512).saturating_mul(2) {
                self.ranked.select_nth_unstable_by(self.top, rank_order);
                self.ranked.truncate(self.top);
            }
        }
    }

    /// Counts `n` risks of one owner (`""` for none).
    pub(crate) fn owner(&mut self, owner: &'a str, n: usize) {
        let label = if owner.is_empty() {
            "(no owner)"
        } else {
            owner
        };
        self.owners.entry(owner).or_insert((label, 0)).1 += n;
    }

    /// Counts one risk affecting asset `id`, named `name`.
    pub(crate) fn asset(&mut self, id: &'a str, name: &'a str) {
        self.assets.entry(id).or_insert((name, 0)).1 += 1;
    }

    /// The summary; `row` gives the row of a risk by index, for the top list; `open_actions` and
    /// `overdue_actions` come from the treatment plan.
    pub(crate) fn finish(
        self,
        row: impl Fn(usize) -> Option<RegisterRow<'a>>,
        open_actions: usize,
        overdue_actions: usize,
    ) -> Summary<'a> {
        let Self {
            method,
            top,
            include_closed: _,
            inherent_grid,
            residual_grid,
            inherent_bands,
            residual_bands,
            owners,
            assets,
            treatments,
            statuses,
            mut totals,
            mut ranked,
        } = self;
        let cell_bands = cell_bands(method);
        let counts = |options: &[&'static str], counts: &[usize]| -> Vec<Count<'a>> {
            options
                .iter()
                .zip(counts)
                .map(|(key, count)| Count {
                    key,
                    label: key,
                    count: *count,
                })
                .collect()
        };
        let treatment_keys: Vec<&'static str> = TreatmentOption::ALL
            .iter()
            .map(|o| o.as_str())
            .chain(["none"])
            .collect();
        let status_keys: Vec<&'static str> = RiskStatus::ALL.iter().map(|s| s.as_str()).collect();

        let order = rank_order;
        if top < ranked.len() {
            ranked.select_nth_unstable_by(top, order);
            ranked.truncate(top);
        }
        ranked.sort_by(order);
        totals.open_actions = open_actions;
        totals.overdue_actions = overdue_actions;
        Summary {
            method: &method.id,
            totals,
            heat_map: HeatMap {
                likelihood: level_labels(&method.likelihood.levels),
                impact: level_labels(&method.impact.levels),
                bands: cell_bands,
                inherent: inherent_grid,
                residual: residual_grid,
            },
            by_band: BandCounts {
                inherent: inherent_bands,
                residual: residual_bands,
            },
            by_owner: most_first(owners),
            by_asset: most_first(assets),
            by_treatment: counts(&treatment_keys, &treatments),
            by_status: counts(&status_keys, &statuses),
            top: ranked
                .iter()
                .take(top)
                .filter_map(|(i, _, _)| row(*i))
                .collect(),
        }
    }
}

/// Analyses a checked register. `top` is how many risks the top list holds; `as_of` marks
/// overdue actions; closed risks are left out of the heat maps, totals, top list and every
/// count but the count by status, unless `include_closed` (the register lists them all).
pub fn analyse<'a>(
    checked: &'a Checked<'_>,
    top: usize,
    as_of: Option<&Date>,
    include_closed: bool,
) -> Analysis<'a> {
    let doc = checked.document;
    let method = &checked.method;
    let rows = register_rows(doc, &checked.risks);

    let asset_names: HashMap<&str, &str> = doc
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    // One pass over the register for every count.
    let mut counts = RegisterTally::new(method, top, include_closed);
    for (index, row) in rows.iter().enumerate() {
        counts.risks(row, 1);
        counts.rank(index, row.status, row.inherent, row.residual);
        if !counts.counts(row.status) {
            continue;
        }
        counts.owner(row.owner, 1);
        for asset in row.assets {
            let name = asset_names.get(asset.as_str()).copied().unwrap_or_default();
            counts.asset(asset, name);
        }
    }
    let plan = treatment_plan(checked, as_of);
    let open = plan.iter().filter(|p| p.status.is_open()).count();
    let overdue = plan.iter().filter(|p| p.overdue).count();
    let summary = counts.finish(|i| rows.get(i).cloned(), open, overdue);
    Analysis {
        method: summary.method,
        totals: summary.totals,
        heat_map: summary.heat_map,
        by_band: summary.by_band,
        by_owner: summary.by_owner,
        by_asset: summary.by_asset,
        by_treatment: summary.by_treatment,
        by_status: summary.by_status,
        top: summary.top,
        treatment_plan: plan,
        assets: &checked.valuations,
        risks: rows,
    }
}

/// The scored register, one row per risk in document order: the `risks` of an [`Analysis`],
/// made alone from the document's risks and their `scores` (those of its check, in document
/// order), for a caller that needs the register but not the counts.
pub fn register_rows<'a>(document: &'a Document, scores: &'a [ScoredRisk]) -> Vec<RegisterRow<'a>> {
    document
        .risks
        .iter()
        .zip(scores)
        .map(|(risk, scored)| RegisterRow {
            id: &risk.id,
            title: &risk.title,
            owner: &risk.owner,
            assets: &risk.assets,
            status: risk.status,
            treatment: risk.treatment.as_ref().map(|t| t.option),
            controls: &risk.controls,
            inherent: scored.inherent.as_ref(),
            residual: scored.residual.as_ref(),
            residual_derived: scored.residual_derived,
            impact_from_assets: scored.impact_from_assets,
            reduction: scored.reduction,
            accepted: risk.acceptance.is_some(),
        })
        .collect()
}

/// The risk treatment plan: every action of every treatment, open actions first, then by the
/// risk's current score (highest first), then by due date; ties keep document order. `as_of`
/// marks overdue actions.
pub fn treatment_plan<'a>(checked: &'a Checked<'_>, as_of: Option<&Date>) -> Vec<PlanRow<'a>> {
    let mut plan = Vec::new();
    for (risk, scored) in checked.document.risks.iter().zip(&checked.risks) {
        let Some(treatment) = &risk.treatment else {
            continue;
        };
        let now = scored.current();
        for action in &treatment.plan {
            let overdue = action.status.is_open()
                && matches!((as_of, &action.due), (Some(today), Some(due)) if due < today);
            plan.push(PlanRow {
                risk: &risk.id,
                risk_title: &risk.title,
                risk_owner: &risk.owner,
                action: &action.id,
                description: &action.description,
                owner: &action.owner,
                due: action.due.as_ref(),
                status: action.status,
                controls: &action.controls,
                option: Some(treatment.option),
                band: now.map(|r| &*r.band),
                score: now.map(|r| r.score),
                above_appetite: now.is_some_and(|r| r.above_appetite),
                overdue,
            });
        }
    }
    // Stable sort: ties keep document order.
    plan.sort_by(|a, b| {
        b.status
            .is_open()
            .cmp(&a.status.is_open())
            .then(
                b.score
                    .unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&a.score.unwrap_or(f64::NEG_INFINITY)),
            )
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });
    plan
}
