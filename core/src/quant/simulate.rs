//! The Monte Carlo engine: simulated years of each quantified risk, before and after treatment,
//! summed into the portfolio, and summarised without keeping more than a few arrays of years.

use super::sample::{Sampler, Stream, Tables, risk_key};
use super::stats::{self, Lec, LossStats};
use crate::checks::Checked;
use crate::error::{Error, ErrorCode, Result};
use crate::model::loss::RiskQuant;
use crate::model::{ControlRecord, ImplementationStatus};
use foldhash::HashMap;
use serde::{Deserialize, Serialize};

/// Most simulated years per request.
pub const MAX_ITERATIONS: u64 = 10_000_000;
/// Most annual losses kept when `keep_samples` is asked for (risks × 2 + 2, times iterations).
pub const MAX_KEPT_SAMPLES: u64 = 25_000_000;
/// Most threat events the event model is asked to simulate, in expectation, per request.
pub const MAX_EXPECTED_EVENTS: f64 = 1e9;
/// Threat event frequencies above this are taken as this (events per year).
pub const MAX_TEF: f64 = 1e6;
/// Most points of a loss exceedance curve.
pub const MAX_LEC_POINTS: u32 = 1000;

/// How a simulated year is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LossModel {
    /// Event-level compound sampling: each year draws its threat events, tests each one, and
    /// draws the loss of each loss event.
    #[default]
    Event,
    /// Frequency × magnitude: each year draws one frequency, one vulnerability and one magnitude
    /// and multiplies them (the classic FAIR shortcut; faster, but smooths the losses).
    Shortcut,
}

/// What to simulate and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The seed every risk's random stream derives from.
    pub seed: u64,
    /// Simulated years, 1 to [`MAX_ITERATIONS`].
    pub iterations: u64,
    /// Event-level or frequency × magnitude.
    pub model: LossModel,
    /// The ids of the risks to simulate; every quantified risk when absent.
    pub risks: Option<Vec<String>>,
    /// Return every simulated year's loss, not only the statistics.
    pub keep_samples: bool,
    /// Points of each loss exceedance curve, 2 to [`MAX_LEC_POINTS`].
    pub lec_points: u32,
    /// The confidence level of value at risk and expected shortfall, strictly between 0 and 1.
    pub confidence: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: 1,
            iterations: 10_000,
            model: LossModel::Event,
            risks: None,
            keep_samples: false,
            lec_points: 50,
            confidence: 0.95,
        }
    }
}

/// Simulated annual losses, year by year, before and after treatment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Samples {
    /// Before treatment.
    pub inherent: Vec<f64>,
    /// After treatment.
    pub residual: Vec<f64>,
}

/// How much a treatment lowers the expected loss.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LossReduction {
    /// Inherent minus residual annualised loss expectancy.
    pub ale: f64,
    /// That reduction as a share of the inherent expectancy (0 when there is none).
    pub share: f64,
}

impl LossReduction {
    fn of(inherent: &LossStats, residual: &LossStats) -> Self {
        let ale = inherent.ale - residual.ale;
        Self {
            ale,
            share: if inherent.ale > 0.0 {
                ale / inherent.ale
            } else {
                0.0
            },
        }
    }
}

/// The simulated loss of one risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskLoss {
    /// The risk's id.
    pub id: String,
    /// The risk's title.
    pub title: String,
    /// The percentile points the implemented controls add to the resistance strength.
    pub resistance_uplift: f64,
    /// Each control of the risk's `resistance_uplift`, in id order, with the points it adds.
    pub controls: Vec<ControlUplift>,
    /// Before treatment: no control uplift.
    pub inherent: LossStats,
    /// After treatment: with the uplift of the controls as implemented.
    pub residual: LossStats,
    /// What the treatment saves.
    pub reduction: LossReduction,
    /// The loss exceedance curves.
    pub lec: Lec,
    /// Every simulated year, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<Samples>,
}

/// What one control adds to a risk's resistance strength.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ControlUplift {
    /// The control's id.
    pub control: String,
    /// The points the risk gives it when implemented.
    pub points: f64,
    /// The points it adds as its record stands: all when implemented, half when partially
    /// implemented, none otherwise.
    pub applied: f64,
}

/// The simulated loss of all simulated risks together: each year, the sum of their losses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PortfolioLoss {
    /// Before treatment.
    pub inherent: LossStats,
    /// After treatment.
    pub residual: LossStats,
    /// What the treatments save.
    pub reduction: LossReduction,
    /// The loss exceedance curves.
    pub lec: Lec,
    /// Every simulated year, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<Samples>,
}

/// The result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Simulation {
    /// The model used.
    pub model: LossModel,
    /// The seed used.
    pub seed: u64,
    /// Simulated years.
    pub iterations: u64,
    /// The confidence level of `var` and `cvar`.
    pub confidence: f64,
    /// The currency of every amount (the organisation's), when the document states one.
    pub currency: Option<String>,
    /// Each simulated risk, in document order.
    pub risks: Vec<RiskLoss>,
    /// All simulated risks together.
    pub portfolio: PortfolioLoss,
    /// Risks without quantitative parameters, by id (left out of the simulation).
    pub unquantified: Vec<String>,
}

impl Simulation {
    /// Moves the kept annual losses out of the simulation, one [`Samples`] per risk in the order
    /// of [`Simulation::risks`], then the portfolio's; empty when `keep_samples` was not asked
    /// for. What is left serialises without `samples`, so a binding can send the statistics as
    /// JSON and hand the years over as arrays of numbers.
    pub fn take_samples(&mut self) -> Vec<Samples> {
        let mut samples: Vec<Samples> = self
            .risks
            .iter_mut()
            .filter_map(|risk| risk.samples.take())
            .collect();
        samples.extend(self.portfolio.samples.take());
        samples
    }
}

/// A risk ready to simulate.
#[derive(Debug, Clone)]
struct Compiled {
    tef: Sampler,
    test: Test,
    primary: Sampler,
    secondary: Option<(Sampler, Sampler)>,
}

/// How a threat event becomes a loss event.
#[derive(Debug, Clone)]
enum Test {
    /// With this probability.
    Vulnerability(Sampler),
    /// When the threat's capability exceeds the resistance strength.
    Resistance {
        capability: Sampler,
        strength: Sampler,
    },
}

impl Compiled {
    fn new(quant: &RiskQuant) -> Self {
        let test = match (
            &quant.vulnerability,
            &quant.threat_capability,
            &quant.resistance_strength,
        ) {
            (None, Some(capability), Some(strength)) => Test::Resistance {
                capability: Sampler::new(capability),
                strength: Sampler::new(strength),
            },
            (vulnerability, _, _) => Test::Vulnerability(
                vulnerability
                    .as_ref()
                    .map_or(Sampler::Constant(1.0), Sampler::new),
            ),
        };
        Self {
            tef: Sampler::new(&quant.tef),
            test,
            primary: Sampler::new(&quant.primary_loss),
            secondary: quant
                .secondary
                .as_ref()
                .map(|s| (Sampler::new(&s.frequency), Sampler::new(&s.magnitude))),
        }
    }

    /// The loss of one loss event; `secondary` is this year's secondary loss probability.
    #[inline(always)]
    fn loss_event(&self, s: &mut Stream<'_>, secondary: f64) -> f64 {
        let primary = self.primary.sample(s);
        match &self.secondary {
            Some((_, magnitude)) if s.uniform() < secondary => primary + magnitude.sample(s),
            _ => primary,
        }
    }

    /// Event model: fills `inherent` with one loss per year, and `residual`, when given, with the
    /// loss of the same years with the resistance raised by `uplift`; returns the threat events
    /// and the loss events before and after.
    ///
    /// Frequencies, vulnerabilities, resistance and capability draws come from the risk's stream;
    /// the year's secondary loss probability and the losses of its loss events, in order, from
    /// that year's own stream. So the treated years are the untreated ones with fewer loss
    /// events: the residual loss of a year is the sum of the losses of its first loss events,
    /// never more than the inherent loss, and both come out of one pass (exactly as two separate
    /// runs of the same streams would).
    fn events(
        &self,
        key: u64,
        tables: &Tables,
        uplift: f64,
        inherent: &mut [f64],
        mut residual: Option<&mut [f64]>,
    ) -> Counts {
        let s = &mut Stream::keyed(key, tables);
        let (mut events, mut loss_inherent, mut loss_residual) = (0u64, 0u64, 0u64);
        for (index, year) in inherent.iter_mut().enumerate() {
            let lambda = at_most(self.tef.sample(s), MAX_TEF);
            let n = s.poisson(lambda);
            let (mut loss, mut treated_loss) = (0.0, 0.0);
            if n > 0 {
                events += n;
                let (mut hits, mut treated_hits) = (0u64, 0u64);
                match &self.test {
                    Test::Vulnerability(v) => {
                        let p = v.sample(s);
                        for _ in 0..n {
                            // Counted without a branch: a test's outcome is unpredictable.
                            hits += u64::from(s.uniform() < p);
                        }
                        treated_hits = hits;
                    }
                    Test::Resistance {
                        capability,
                        strength,
                    } => {
                        let strength = strength.sample(s);
                        let resistance = at_most(strength, 100.0);
                        let treated = at_most(strength + uplift, 100.0);
                        for _ in 0..n {
                            let threat = capability.sample(s);
                            // treated ≥ resistance: a treated loss event is also an untreated one.
                            hits += u64::from(threat > resistance);
                            treated_hits += u64::from(threat > treated);
                        }
                    }
                }
                if hits > 0 {
                    let losses = &mut Stream::year(key, index as u64, tables);
                    let secondary = match &self.secondary {
                        Some((frequency, _)) => frequency.sample(losses),
                        None => 0.0,
                    };
                    for hit in 0..hits {
                        if hit == treated_hits {
                            treated_loss = loss;
                        }
                        loss += self.loss_event(losses, secondary);
                    }
                    if treated_hits == hits {
                        treated_loss = loss;
                    }
                }
                loss_inherent += hits;
                loss_residual += treated_hits;
            }
            *year = loss;
            if let Some(slot) = residual.as_deref_mut().and_then(|r| r.get_mut(index)) {
                *slot = treated_loss;
            }
        }
        Counts {
            events: events as f64,
            loss_inherent: loss_inherent as f64,
            loss_residual: loss_residual as f64,
        }
    }

    /// Shortcut model: one frequency, vulnerability and magnitude per year, multiplied; the
    /// treated year (in `residual`, when given) draws the same numbers with the resistance raised.
    fn shortcut(
        &self,
        key: u64,
        tables: &Tables,
        uplift: f64,
        inherent: &mut [f64],
        mut residual: Option<&mut [f64]>,
    ) -> Counts {
        let s = &mut Stream::keyed(key, tables);
        let (mut events, mut loss_inherent, mut loss_residual) = (0.0, 0.0, 0.0);
        for (index, year) in inherent.iter_mut().enumerate() {
            let frequency = at_most(self.tef.sample(s), MAX_TEF);
            let (vulnerability, treated) = match &self.test {
                Test::Vulnerability(v) => {
                    let v = v.sample(s);
                    (v, v)
                }
                Test::Resistance {
                    capability,
                    strength,
                } => {
                    let threat = capability.sample(s);
                    let strength = strength.sample(s);
                    let passes = |resistance: f64| if threat > resistance { 1.0 } else { 0.0 };
                    (
                        passes(at_most(strength, 100.0)),
                        passes(at_most(strength + uplift, 100.0)),
                    )
                }
            };
            let mut magnitude = self.primary.sample(s);
            if let Some((frequency, secondary)) = &self.secondary {
                let p = frequency.sample(s);
                magnitude += p * secondary.sample(s);
            }
            let (lef, treated_lef) = (frequency * vulnerability, frequency * treated);
            events += frequency;
            loss_inherent += lef;
            loss_residual += treated_lef;
            *year = lef * magnitude;
            if let Some(slot) = residual.as_deref_mut().and_then(|r| r.get_mut(index)) {
                *slot = treated_lef * magnitude;
            }
        }
        Counts {
            events,
            loss_inherent,
            loss_residual,
        }
    }
}

/// Threat events and loss events (before and after treatment) summed over the simulated years.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    events: f64,
    loss_inherent: f64,
    loss_residual: f64,
}

fn invalid(path: &str, message: String) -> Error {
    Error::new(ErrorCode::InvalidValue, path, message)
}

fn check_options(options: &Options, risks: usize) -> Result<()> {
    if !(1..=MAX_ITERATIONS).contains(&options.iterations) {
        return Err(invalid(
            "/iterations",
            format!(
                "`iterations` is {}; simulate from 1 to {MAX_ITERATIONS} years",
                options.iterations
            ),
        ));
    }
    if !(2..=MAX_LEC_POINTS).contains(&options.lec_points) {
        return Err(invalid(
            "/lec_points",
            format!(
                "`lec_points` is {}; a curve has from 2 to {MAX_LEC_POINTS} points",
                options.lec_points
            ),
        ));
    }
    if !(options.confidence > 0.0 && options.confidence < 1.0) {
        return Err(invalid(
            "/confidence",
            format!(
                "`confidence` is {}; it must lie strictly between 0 and 1 (0.95 is usual)",
                options.confidence
            ),
        ));
    }
    let kept = (risks as u64 * 2 + 2).saturating_mul(options.iterations);
    if options.keep_samples && kept > MAX_KEPT_SAMPLES {
        return Err(invalid(
            "/keep_samples",
            format!(
                "keeping every year of {risks} risks over {} iterations means {kept} numbers; at most {MAX_KEPT_SAMPLES} are kept",
                options.iterations
            ),
        ));
    }
    Ok(())
}

/// How far a control's record lets it act: fully when implemented, half when partially.
fn uplift_factor(record: Option<&&ControlRecord>) -> f64 {
    match record {
        Some(r) if r.applicable != Some(false) => match r.status {
            ImplementationStatus::Implemented => 1.0,
            ImplementationStatus::PartiallyImplemented => 0.5,
            ImplementationStatus::Planned | ImplementationStatus::NotImplemented => 0.0,
        },
        _ => 0.0,
    }
}

/// Simulates the quantified risks of a checked document.
pub fn simulate(checked: &Checked<'_>, options: &Options) -> Result<Simulation> {
    let doc = checked.document;
    let quantified: Vec<(usize, &RiskQuant)> = match &options.risks {
        None => doc
            .risks
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.quant.as_deref()?)))
            .collect(),
        Some(ids) => {
            let index: HashMap<&str, usize> = doc
                .risks
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect();
            let mut chosen = Vec::with_capacity(ids.len());
            let mut named: HashMap<&str, usize> = HashMap::default();
            for (j, id) in ids.iter().enumerate() {
                let path = format!("/risks/{j}");
                let Some(&i) = index.get(id.as_str()) else {
                    return Err(Error::new(
                        ErrorCode::UnknownReference,
                        path,
                        format!("`{id}` is not the id of a risk in this document"),
                    ));
                };
                if let Some(first) = named.insert(id.as_str(), j) {
                    return Err(Error::new(
                        ErrorCode::DuplicateId,
                        path,
                        format!("risk `{id}` is already named at /risks/{first}"),
                    ));
                }
                let Some(quant) = doc.risks.get(i).and_then(|r| r.quant.as_deref()) else {
                    return Err(invalid(
                        &path,
                        format!("risk `{id}` has no quantitative parameters (`quant`)"),
                    ));
                };
                chosen.push((i, quant));
            }
            chosen.sort_by_key(|&(i, _)| i);
            chosen
        }
    };
    check_options(options, quantified.len())?;
    let compiled: Vec<Compiled> = quantified.iter().map(|(_, q)| Compiled::new(q)).collect();
    if options.model == LossModel::Event {
        let expected: f64 = compiled
            .iter()
            .map(|c| c.tef.mean().min(MAX_TEF))
            .sum::<f64>()
            * options.iterations as f64;
        if expected > MAX_EXPECTED_EVENTS {
            return Err(invalid(
                "/iterations",
                format!(
                    "the event model would simulate about {expected:.3e} threat events (at most {MAX_EXPECTED_EVENTS:e}); use fewer iterations or the shortcut model"
                ),
            ));
        }
    }

    let records: HashMap<&str, &ControlRecord> = doc
        .controls
        .iter()
        .map(|r| (r.control.as_str(), r))
        .collect();
    let n = usize::try_from(options.iterations).unwrap_or(usize::MAX);
    let tables = Tables::new();
    let run =
        |c: &Compiled, id: &str, uplift: f64, out: &mut [f64], treated: Option<&mut [f64]>| {
            let key = risk_key(options.seed, id);
            match options.model {
                LossModel::Event => c.events(key, &tables, uplift, out, treated),
                LossModel::Shortcut => c.shortcut(key, &tables, uplift, out, treated),
            }
        };

    let mut year = vec![0.0; n];
    let mut residual_year = Vec::new();
    // The portfolio of one risk is that risk: no sums to keep.
    let single = compiled.len() == 1;
    let mut total_inherent = if single { Vec::new() } else { vec![0.0; n] };
    let mut total_residual = if single { Vec::new() } else { vec![0.0; n] };
    let (mut sorted_inherent, mut sorted_residual) =
        (stats::SortBuffers::default(), stats::SortBuffers::default());
    let mut portfolio_counts = [0.0; 4];
    let mut risks = Vec::with_capacity(compiled.len());
    for ((i, quant), c) in quantified.iter().zip(&compiled) {
        let Some(risk) = doc.risks.get(*i) else {
            continue;
        };
        let controls: Vec<ControlUplift> = quant
            .resistance_uplift
            .iter()
            .map(|(control, &points)| ControlUplift {
                control: control.clone(),
                points,
                applied: points * uplift_factor(records.get(control.as_str())),
            })
            .collect();
        let uplift = controls.iter().fold(0.0, |total, c| total + c.applied);
        let treated = uplift > 0.0;
        if treated {
            residual_year.resize(n, 0.0);
        }
        let counts = run(
            c,
            &risk.id,
            uplift,
            &mut year,
            treated.then_some(residual_year.as_mut_slice()),
        );
        let residual_losses = if treated { &residual_year } else { &year };
        if !single {
            add(&mut total_inherent, &year);
            add(&mut total_residual, residual_losses);
        }
        for (total, add) in portfolio_counts.iter_mut().zip([
            counts.events,
            counts.loss_inherent,
            counts.events,
            counts.loss_residual,
        ]) {
            *total += add;
        }
        let inherent = stats::sort_losses(&year, &mut sorted_inherent);
        let residual = if treated {
            stats::sort_losses(residual_losses, &mut sorted_residual)
        } else {
            inherent
        };
        if !inherent.max().is_finite() {
            return Err(invalid(
                &format!("/document/risks/{i}/quant"),
                format!(
                    "the simulated losses of risk `{}` overflow; check its magnitudes",
                    risk.id
                ),
            ));
        }
        let inherent_stats =
            inherent.stats(options.confidence, counts.events, counts.loss_inherent);
        let residual_stats = if treated {
            residual.stats(options.confidence, counts.events, counts.loss_residual)
        } else {
            inherent_stats
        };
        risks.push(RiskLoss {
            id: risk.id.clone(),
            title: risk.title.clone(),
            resistance_uplift: uplift,
            controls,
            reduction: LossReduction::of(&inherent_stats, &residual_stats),
            inherent: inherent_stats,
            residual: residual_stats,
            lec: stats::lec(&inherent, &residual, options.lec_points as usize),
            samples: options.keep_samples.then(|| Samples {
                inherent: year.clone(),
                residual: residual_losses.clone(),
            }),
        });
    }

    let portfolio = match risks.first() {
        Some(only) if single => PortfolioLoss {
            inherent: only.inherent,
            residual: only.residual,
            reduction: only.reduction,
            lec: only.lec.clone(),
            samples: only.samples.clone(),
        },
        _ => {
            let [events, loss_events, residual_events, residual_loss_events] = portfolio_counts;
            let inherent = stats::sort_losses(&total_inherent, &mut sorted_inherent);
            let residual = stats::sort_losses(&total_residual, &mut sorted_residual);
            let inherent_stats = inherent.stats(options.confidence, events, loss_events);
            let residual_stats =
                residual.stats(options.confidence, residual_events, residual_loss_events);
            PortfolioLoss {
                reduction: LossReduction::of(&inherent_stats, &residual_stats),
                inherent: inherent_stats,
                residual: residual_stats,
                lec: stats::lec(&inherent, &residual, options.lec_points as usize),
                samples: options.keep_samples.then_some(Samples {
                    inherent: total_inherent,
                    residual: total_residual,
                }),
            }
        }
    };
    Ok(Simulation {
        model: options.model,
        seed: options.seed,
        iterations: options.iterations,
        confidence: options.confidence,
        currency: doc.organisation.currency.clone(),
        risks,
        portfolio,
        unquantified: doc
            .risks
            .iter()
            .filter(|r| r.quant.is_none())
            .map(|r| r.id.clone())
            .collect(),
    })
}

/// `x`, or `cap` when above it: `f64::min` without its NaN rules, which on wasm32 is a call to
/// `fmin` rather than an instruction (the values here are never NaN).
#[inline(always)]
fn at_most(x: f64, cap: f64) -> f64 {
    if x > cap { cap } else { x }
}

/// Adds one risk's years to the portfolio's, year by year.
fn add(total: &mut [f64], year: &[f64]) {
    for (t, y) in total.iter_mut().zip(year) {
        *t += y;
    }
}
