//! Register analytics: the scored register, heat maps, counts, the top risks and the risk
//! treatment plan in priority order.

use super::register::Reduction;
use super::{Method, Rating};
use crate::model::{ActionStatus, Checked, Date, EffectiveValuation, RiskStatus, TreatmentOption};
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

/// Totals of the register.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Totals {
    /// Risks in the register.
    pub risks: usize,
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

fn grid(method: &Method) -> Vec<Vec<usize>> {
    vec![vec![0; method.impact.levels.len()]; method.likelihood.levels.len()]
}

fn tally(grid: &mut [Vec<usize>], rating: &Rating) {
    let l = (rating.likelihood as usize).checked_sub(1);
    let i = (rating.impact as usize).checked_sub(1);
    let cell = l
        .and_then(|l| grid.get_mut(l))
        .and_then(|row| row.get_mut(i?));
    if let Some(cell) = cell {
        *cell += 1;
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

fn count_band(counts: &mut [Count<'_>], rating: &Rating) {
    if let Some(c) = counts.iter_mut().find(|c| *c.key == *rating.band) {
        c.count += 1;
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

/// Analyses a checked register. `top` is how many risks the top list holds; `as_of` marks
/// overdue actions.
pub fn analyse<'a>(checked: &'a Checked<'_>, top: usize, as_of: Option<&Date>) -> Analysis<'a> {
    let doc = checked.document;
    let method = &checked.method;
    let rows: Vec<RegisterRow<'a>> = doc
        .risks
        .iter()
        .zip(&checked.risks)
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
        .collect();

    let asset_names: HashMap<&str, &str> = doc
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    // One pass over the register for every count.
    let mut inherent_grid = grid(method);
    let mut residual_grid = grid(method);
    let mut inherent_bands = band_counts(method);
    let mut residual_bands = band_counts(method);
    let mut owners: HashMap<&'a str, (&'a str, usize)> = HashMap::default();
    let mut assets: HashMap<&'a str, (&'a str, usize)> = HashMap::default();
    let mut treatments = [0usize; TreatmentOption::ALL.len() + 1];
    let mut statuses = [0usize; RiskStatus::ALL.len()];
    let mut totals = Totals {
        risks: rows.len(),
        ..Totals::default()
    };
    let mut ranked: Vec<(usize, f64, f64)> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if let Some(r) = row.inherent {
            tally(&mut inherent_grid, r);
            count_band(&mut inherent_bands, r);
            totals.rated += 1;
            totals.above_appetite_inherent += usize::from(r.above_appetite);
        }
        if let Some(r) = row.residual {
            tally(&mut residual_grid, r);
            count_band(&mut residual_bands, r);
            totals.above_appetite_residual += usize::from(r.above_appetite);
        }
        totals.residual_derived += usize::from(row.residual_derived);
        let label = if row.owner.is_empty() {
            "(no owner)"
        } else {
            row.owner
        };
        owners.entry(row.owner).or_insert((label, 0)).1 += 1;
        for asset in row.assets {
            let name = asset_names.get(asset.as_str()).copied().unwrap_or_default();
            assets.entry(asset.as_str()).or_insert((name, 0)).1 += 1;
        }
        let treatment = row
            .treatment
            .map_or(TreatmentOption::ALL.len(), |t| t as usize);
        if let Some(n) = treatments.get_mut(treatment) {
            *n += 1;
        }
        if let Some(n) = statuses.get_mut(row.status as usize) {
            *n += 1;
        }
        if top > 0
            && row.status != RiskStatus::Closed
            && let Some(now) = row.residual.or(row.inherent)
        {
            let inherent = row.inherent.map_or(now.score, |x| x.score);
            ranked.push((index, now.score, inherent));
        }
    }
    let cell_bands = method
        .grid()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(_, b)| method.bands.get(b).map(|b| &*b.id).unwrap_or_default())
                .collect()
        })
        .collect();
    let labels = |levels: &'a [super::Level]| levels.iter().map(|l| l.label.as_str()).collect();

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
    let by_treatment = counts(&treatment_keys, &treatments);
    let status_keys: Vec<&'static str> = RiskStatus::ALL.iter().map(|s| s.as_str()).collect();
    let by_status = counts(&status_keys, &statuses);

    // A total order (ties by document order), so the top k are the same whether the rest is
    // sorted or only partitioned.
    let order = |a: &(usize, f64, f64), b: &(usize, f64, f64)| {
        b.1.total_cmp(&a.1)
            .then(b.2.total_cmp(&a.2))
            .then(a.0.cmp(&b.0))
    };
    if top < ranked.len() {
        ranked.select_nth_unstable_by(top, order);
        ranked.truncate(top);
    }
    ranked.sort_by(order);
    let top_rows = ranked
        .iter()
        .take(top)
        .filter_map(|(i, _, _)| rows.get(*i).cloned())
        .collect();

    let plan = treatment_plan(checked, as_of);

    totals.open_actions = plan.iter().filter(|p| p.status.is_open()).count();
    totals.overdue_actions = plan.iter().filter(|p| p.overdue).count();

    Analysis {
        method: &method.id,
        totals,
        heat_map: HeatMap {
            likelihood: labels(&method.likelihood.levels),
            impact: labels(&method.impact.levels),
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
        by_treatment,
        by_status,
        top: top_rows,
        treatment_plan: plan,
        assets: &checked.valuations,
        risks: rows,
    }
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

/// One column of a table laid out for data frames: values as they are, not as labels.
#[derive(Debug, Clone, PartialEq)]
pub enum Column<'a> {
    /// Text, `None` when absent.
    Text(Vec<Option<&'a str>>),
    /// Whole numbers, `None` when absent.
    Integer(Vec<Option<u32>>),
    /// Numbers, `None` when absent.
    Number(Vec<Option<f64>>),
    /// Flags.
    Flag(Vec<bool>),
    /// Lists of ids.
    List(Vec<&'a [String]>),
}

/// The scored register as named columns, one row per risk, for data frames.
pub fn register_columns<'a>(rows: &[RegisterRow<'a>]) -> Vec<(&'static str, Column<'a>)> {
    let text =
        |f: fn(&RegisterRow<'a>) -> Option<&'a str>| Column::Text(rows.iter().map(f).collect());
    let rating = |pick: fn(&RegisterRow<'a>) -> Option<&'a Rating>| {
        let ratings: Vec<Option<&'a Rating>> = rows.iter().map(pick).collect();
        [
            Column::Integer(ratings.iter().map(|r| r.map(|r| r.likelihood)).collect()),
            Column::Integer(ratings.iter().map(|r| r.map(|r| r.impact)).collect()),
            Column::Number(ratings.iter().map(|r| r.map(|r| r.score)).collect()),
            Column::Text(ratings.iter().map(|r| r.map(|r| &*r.band)).collect()),
            Column::Flag(
                ratings
                    .iter()
                    .map(|r| r.is_some_and(|r| r.above_appetite))
                    .collect(),
            ),
        ]
    };
    let [il, ii, is, ib, ia] = rating(|r| r.inherent);
    let [rl, ri, rs, rb, ra] = rating(|r| r.residual);
    vec![
        ("id", text(|r| Some(r.id))),
        ("title", text(|r| Some(r.title))),
        ("owner", text(|r| Some(r.owner).filter(|o| !o.is_empty()))),
        (
            "assets",
            Column::List(rows.iter().map(|r| r.assets).collect()),
        ),
        ("status", text(|r| Some(r.status.as_str()))),
        (
            "treatment",
            text(|r| r.treatment.map(TreatmentOption::as_str)),
        ),
        (
            "controls",
            Column::List(rows.iter().map(|r| r.controls).collect()),
        ),
        ("inherent_likelihood", il),
        ("inherent_impact", ii),
        ("inherent_score", is),
        ("inherent_band", ib),
        ("inherent_above_appetite", ia),
        ("residual_likelihood", rl),
        ("residual_impact", ri),
        ("residual_score", rs),
        ("residual_band", rb),
        ("residual_above_appetite", ra),
        (
            "residual_derived",
            Column::Flag(rows.iter().map(|r| r.residual_derived).collect()),
        ),
        (
            "accepted",
            Column::Flag(rows.iter().map(|r| r.accepted).collect()),
        ),
    ]
}
