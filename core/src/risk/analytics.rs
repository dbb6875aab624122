//! Register analytics: the scored register, heat maps, counts, the top risks and the risk
//! treatment plan in priority order.

use super::register::Reduction;
use super::{Method, Rating};
use crate::model::{ActionStatus, Checked, Date, EffectiveValuation, RiskStatus, TreatmentOption};
use serde::Serialize;
use std::collections::HashMap;

/// One row of the scored register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterRow {
    /// Risk id.
    pub id: String,
    /// Risk title.
    pub title: String,
    /// Risk owner.
    pub owner: String,
    /// Affected assets.
    pub assets: Vec<String>,
    /// Life-cycle status.
    pub status: RiskStatus,
    /// Treatment option, if decided.
    pub treatment: Option<TreatmentOption>,
    /// Linked controls.
    pub controls: Vec<String>,
    /// Inherent rating.
    pub inherent: Option<Rating>,
    /// Residual rating, stated or derived.
    pub residual: Option<Rating>,
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
pub struct Count {
    /// The value counted (a band id, an owner, an asset id, …).
    pub key: String,
    /// Its display label.
    pub label: String,
    /// How many risks have it.
    pub count: usize,
}

/// Risk counts per cell of the likelihood × impact grid: `counts[l - 1][i - 1]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatMap {
    /// Likelihood level labels, lowest first (the rows).
    pub likelihood: Vec<String>,
    /// Impact level labels, lowest first (the columns).
    pub impact: Vec<String>,
    /// The band id of every cell.
    pub bands: Vec<Vec<String>>,
    /// Risks rated before treatment, per cell.
    pub inherent: Vec<Vec<usize>>,
    /// Risks after treatment, per cell.
    pub residual: Vec<Vec<usize>>,
}

/// Counts by band, before and after treatment, in band order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandCounts {
    /// Inherent ratings per band.
    pub inherent: Vec<Count>,
    /// Residual ratings per band.
    pub residual: Vec<Count>,
}

/// One action of the risk treatment plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    /// The risk it treats.
    pub risk: String,
    /// The risk's title.
    pub risk_title: String,
    /// The risk's owner.
    pub risk_owner: String,
    /// The action id.
    pub action: String,
    /// What is to be done.
    pub description: String,
    /// Who does it.
    pub owner: String,
    /// When it is due.
    pub due: Option<Date>,
    /// Progress.
    pub status: ActionStatus,
    /// Controls it implements.
    pub controls: Vec<String>,
    /// Treatment option of the risk.
    pub option: Option<TreatmentOption>,
    /// Band of the risk as rated now (residual, else inherent).
    pub band: Option<String>,
    /// Score of the risk as rated now.
    pub score: Option<f64>,
    /// True when the risk is above appetite as rated now.
    pub above_appetite: bool,
    /// True when the action is open and past its due date (needs `as_of`).
    pub overdue: bool,
}

/// Totals of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
pub struct Analysis {
    /// The id of the method used.
    pub method: String,
    /// Totals.
    pub totals: Totals,
    /// Every risk, scored, in document order.
    pub risks: Vec<RegisterRow>,
    /// Heat maps before and after treatment.
    pub heat_map: HeatMap,
    /// Counts by band.
    pub by_band: BandCounts,
    /// Counts by risk owner, most first.
    pub by_owner: Vec<Count>,
    /// Counts by affected asset, most first (a risk counts once for each of its assets).
    pub by_asset: Vec<Count>,
    /// Counts by treatment option, in option order, `none` last.
    pub by_treatment: Vec<Count>,
    /// Counts by status, in life-cycle order.
    pub by_status: Vec<Count>,
    /// The highest-rated risks as rated now, highest first.
    pub top: Vec<RegisterRow>,
    /// The risk treatment plan, open actions first, then by priority.
    pub treatment_plan: Vec<PlanRow>,
    /// The effective valuation of every asset.
    pub assets: Vec<EffectiveValuation>,
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

fn band_counts<'a>(method: &Method, ratings: impl Iterator<Item = &'a Rating>) -> Vec<Count> {
    let mut counts: Vec<Count> = method
        .bands
        .iter()
        .map(|b| Count {
            key: b.id.clone(),
            label: b.label.clone(),
            count: 0,
        })
        .collect();
    for rating in ratings {
        if let Some(c) = counts.iter_mut().find(|c| c.key == rating.band) {
            c.count += 1;
        }
    }
    counts
}

fn most_first(map: HashMap<&str, (String, usize)>) -> Vec<Count> {
    let mut counts: Vec<Count> = map
        .into_iter()
        .map(|(key, (label, count))| Count {
            key: key.to_owned(),
            label,
            count,
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    counts
}

/// Analyses a checked register. `top` is how many risks the top list holds; `as_of` marks
/// overdue actions.
pub fn analyse(checked: &Checked<'_>, top: usize, as_of: Option<&Date>) -> Analysis {
    let doc = checked.document;
    let method = &checked.method;
    let rows: Vec<RegisterRow> = doc
        .risks
        .iter()
        .zip(&checked.risks)
        .map(|(risk, scored)| RegisterRow {
            id: risk.id.clone(),
            title: risk.title.clone(),
            owner: risk.owner.clone(),
            assets: risk.assets.clone(),
            status: risk.status,
            treatment: risk.treatment.as_ref().map(|t| t.option),
            controls: risk.controls.clone(),
            inherent: scored.inherent.clone(),
            residual: scored.residual.clone(),
            residual_derived: scored.residual_derived,
            impact_from_assets: scored.impact_from_assets,
            reduction: scored.reduction,
            accepted: risk.acceptance.is_some(),
        })
        .collect();

    let mut inherent_grid = grid(method);
    let mut residual_grid = grid(method);
    for row in &rows {
        if let Some(r) = &row.inherent {
            tally(&mut inherent_grid, r);
        }
        if let Some(r) = &row.residual {
            tally(&mut residual_grid, r);
        }
    }
    let cell_bands = method
        .grid()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(_, b)| {
                    method
                        .bands
                        .get(b)
                        .map(|b| b.id.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let labels = |levels: &[super::Level]| levels.iter().map(|l| l.label.clone()).collect();

    let asset_names: HashMap<&str, &str> = doc
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let mut owners: HashMap<&str, (String, usize)> = HashMap::new();
    let mut assets: HashMap<&str, (String, usize)> = HashMap::new();
    for row in &rows {
        let owner = if row.owner.is_empty() {
            ""
        } else {
            row.owner.as_str()
        };
        owners
            .entry(owner)
            .or_insert_with(|| {
                (
                    if owner.is_empty() {
                        "(no owner)".into()
                    } else {
                        owner.to_owned()
                    },
                    0,
                )
            })
            .1 += 1;
        for asset in &row.assets {
            let name = asset_names.get(asset.as_str()).copied().unwrap_or_default();
            assets
                .entry(asset.as_str())
                .or_insert_with(|| (name.to_owned(), 0))
                .1 += 1;
        }
    }
    let mut by_treatment: Vec<Count> = TreatmentOption::ALL
        .iter()
        .map(|o| Count {
            key: o.as_str().to_owned(),
            label: o.as_str().to_owned(),
            count: rows.iter().filter(|r| r.treatment == Some(*o)).count(),
        })
        .collect();
    by_treatment.push(Count {
        key: "none".into(),
        label: "none".into(),
        count: rows.iter().filter(|r| r.treatment.is_none()).count(),
    });
    let by_status = RiskStatus::ALL
        .iter()
        .map(|s| Count {
            key: s.as_str().to_owned(),
            label: s.as_str().to_owned(),
            count: rows.iter().filter(|r| r.status == *s).count(),
        })
        .collect();

    let current = |row: &RegisterRow| row.residual.clone().or_else(|| row.inherent.clone());
    let mut ranked: Vec<(usize, f64, f64)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status != RiskStatus::Closed)
        .filter_map(|(i, r)| {
            let now = current(r)?;
            Some((
                i,
                now.score,
                r.inherent.as_ref().map_or(now.score, |x| x.score),
            ))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(b.2.total_cmp(&a.2))
            .then(a.0.cmp(&b.0))
    });
    let top_rows = ranked
        .iter()
        .take(top)
        .filter_map(|(i, _, _)| rows.get(*i).cloned())
        .collect();

    let mut plan = Vec::new();
    for (risk, row) in doc.risks.iter().zip(&rows) {
        let Some(treatment) = &risk.treatment else {
            continue;
        };
        let now = current(row);
        for action in &treatment.plan {
            let overdue = action.status.is_open()
                && matches!((as_of, &action.due), (Some(today), Some(due)) if due < today);
            plan.push(PlanRow {
                risk: risk.id.clone(),
                risk_title: risk.title.clone(),
                risk_owner: risk.owner.clone(),
                action: action.id.clone(),
                description: action.description.clone(),
                owner: action.owner.clone(),
                due: action.due.clone(),
                status: action.status,
                controls: action.controls.clone(),
                option: Some(treatment.option),
                band: now.as_ref().map(|r| r.band.clone()),
                score: now.as_ref().map(|r| r.score),
                above_appetite: now.as_ref().is_some_and(|r| r.above_appetite),
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
            .then_with(|| match (&a.due, &b.due) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });

    let totals = Totals {
        risks: rows.len(),
        rated: rows.iter().filter(|r| r.inherent.is_some()).count(),
        above_appetite_inherent: rows
            .iter()
            .filter(|r| r.inherent.as_ref().is_some_and(|x| x.above_appetite))
            .count(),
        above_appetite_residual: rows
            .iter()
            .filter(|r| r.residual.as_ref().is_some_and(|x| x.above_appetite))
            .count(),
        residual_derived: rows.iter().filter(|r| r.residual_derived).count(),
        open_actions: plan.iter().filter(|p| p.status.is_open()).count(),
        overdue_actions: plan.iter().filter(|p| p.overdue).count(),
    };

    Analysis {
        method: method.id.clone(),
        totals,
        heat_map: HeatMap {
            likelihood: labels(&method.likelihood.levels),
            impact: labels(&method.impact.levels),
            bands: cell_bands,
            inherent: inherent_grid,
            residual: residual_grid,
        },
        by_band: BandCounts {
            inherent: band_counts(method, rows.iter().filter_map(|r| r.inherent.as_ref())),
            residual: band_counts(method, rows.iter().filter_map(|r| r.residual.as_ref())),
        },
        by_owner: most_first(owners),
        by_asset: most_first(assets),
        by_treatment,
        by_status,
        top: top_rows,
        treatment_plan: plan,
        assets: checked.valuations.clone(),
        risks: rows,
    }
}
