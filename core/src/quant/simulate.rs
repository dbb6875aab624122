//! The Monte Carlo engine: simulated years of each quantified risk, before and after treatment,
//! summed into the portfolio, and summarised without keeping more than a few arrays of years.

use super::copula::{Copula, CopulaOn, Correlation};
use super::sample::{Sampler, Stream, Tables, mix, risk_key};
use super::stats::{self, Lec, LossStats};
use super::threads::Threads;
use crate::checks::{Checked, Finding, FindingCode};
use crate::error::{Error, ErrorCode, Result};
use crate::model::loss::{ControlCost, MagnitudeReduction, RiskQuant, TolerancePoint};
use crate::model::{ControlRecord, Document, ImplementationStatus, Risk};
use foldhash::HashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

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
    /// Threads to simulate on, 1 to [`MAX_THREADS`]; every core when `None`. The results are the
    /// same for any number.
    pub threads: Option<u32>,
    /// Correlation between risks, applied with a Gaussian copula ([`super::copula`]).
    pub correlation: Option<Correlation>,
    /// Years over which a control's one-off cost is spread in its annual cost (3 by default).
    pub amortisation_years: f64,
    /// Statuses to read as others (`planned` as `implemented`): a scenario of the treatment
    /// without editing the document. Each control record's status is looked up once.
    pub assume: BTreeMap<ImplementationStatus, ImplementationStatus>,
    /// Also simulate each control's effect on each risk's and the portfolio's residual loss
    /// expectancy ([`ControlSensitivity`]).
    pub sensitivity: bool,
}

/// Risks simulated per thread ahead of the last one added to the portfolio: enough that risks of
/// unequal cost even out across threads, few enough that their years stay a few megabytes.
const PER_THREAD: usize = 8;

/// Keys the test stream of a risk apart from its frequency stream ([`Compiled::events`]).
const TEST_STREAM: u64 = 0x7465_7374_0000_0001;
/// Keys the loss stream of a risk apart from its frequency stream.
const LOSS_STREAM: u64 = 0x6c6f_7373_0000_0001;

/// Most threads a simulation asks for.
pub const MAX_THREADS: u32 = 1024;

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
            threads: None,
            correlation: None,
            amortisation_years: 3.0,
            assume: BTreeMap::new(),
            sensitivity: false,
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
    /// Threat events, and loss events before and after treatment, summed over the years (what
    /// [`combine`] needs besides the years).
    #[serde(skip)]
    pub counts: [f64; 3],
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

/// What the controls of a treatment cost and return: the return on security investment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Investment {
    /// The controls' one-off costs, summed.
    pub one_off: f64,
    /// Their yearly costs, summed.
    pub yearly: f64,
    /// What they cost a year: the yearly costs and the one-off costs spread over the request's
    /// `amortisation_years`.
    pub annual_cost: f64,
    /// The return on security investment: the loss expectancy they save (inherent minus
    /// residual ALE) less their annual cost, as a share of their annual cost (`0.5`: each unit
    /// spent saves 1.5); absent when they cost nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rosi: Option<f64>,
}

impl Investment {
    /// The investment of the controls costing `costs` that save `saved` a year; `None` when no
    /// control states a cost.
    fn of(costs: impl Iterator<Item = ControlCost>, saved: f64, years: f64) -> Option<Self> {
        let mut any = false;
        let (one_off, yearly) = costs.fold((0.0, 0.0), |(once, year), c| {
            any = true;
            (once + c.one_off, year + c.yearly)
        });
        if !any {
            return None;
        }
        let annual_cost = yearly + one_off / years;
        Some(Self {
            one_off,
            yearly,
            annual_cost,
            rosi: (annual_cost > 0.0).then(|| (saved - annual_cost) / annual_cost),
        })
    }
}

/// The portfolio's loss at one point of the organisation's loss tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ToleranceCheck {
    /// The annual loss of the tolerance point.
    pub loss: f64,
    /// The highest probability tolerated of a year losing `loss` or more.
    pub tolerated: f64,
    /// The simulated probability of a year losing `loss` or more, before treatment.
    pub inherent: f64,
    /// The same after treatment.
    pub residual: f64,
    /// Whether the residual probability is above the tolerated one.
    pub exceeded: bool,
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
    /// The shares of each loss event's primary and secondary loss that the implemented controls
    /// of `magnitude_reduction` remove together (absent when none does).
    #[serde(skip_serializing_if = "is_zero_cut")]
    pub magnitude_reduction: MagnitudeReduction,
    /// Each control of the risk's `resistance_uplift` and `magnitude_reduction`, in id order,
    /// with what it adds.
    pub controls: Vec<ControlUplift>,
    /// Before treatment: no control uplift.
    pub inherent: LossStats,
    /// After treatment: with the uplift of the controls as implemented.
    pub residual: LossStats,
    /// What the treatment saves.
    pub reduction: LossReduction,
    /// What the controls acting on the risk cost, and their return, when their records state a
    /// cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investment: Option<Investment>,
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
    /// The shares of the loss it removes when implemented, when the risk's
    /// `magnitude_reduction` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduction: Option<MagnitudeReduction>,
    /// The shares it removes as its record stands (all, half or none of `reduction`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduction_applied: Option<MagnitudeReduction>,
}

impl ControlUplift {
    /// Whether the control acts on the risk as its record stands.
    fn acts(&self) -> bool {
        self.applied > 0.0 || self.reduction_applied.is_some_and(|r| !is_zero_cut(&r))
    }
}

fn is_zero_cut(cut: &MagnitudeReduction) -> bool {
    cut.primary == 0.0 && cut.secondary == 0.0
}

/// How a treatment acts on one risk: the resistance it adds and the shares of each loss event
/// it leaves.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Treatment {
    /// Percentile points added to the resistance strength.
    uplift: f64,
    /// The share of the primary loss left (1: untouched).
    primary: f64,
    /// The share of the secondary loss left.
    secondary: f64,
}

impl Treatment {
    /// Whether the treated years differ from the untreated ones.
    fn acts(self) -> bool {
        self.uplift > 0.0 || self.cuts()
    }

    /// Whether the treatment makes loss events smaller.
    fn cuts(self) -> bool {
        self.primary < 1.0 || self.secondary < 1.0
    }
}

/// One control's effect on the residual annualised loss expectancy: with the control as its
/// record stands, without it (not implemented) and fully implemented, every other control as
/// recorded. The same years are drawn each time, so the differences are the control's alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ControlSensitivity {
    /// The control's id.
    pub control: String,
    /// The portfolio's residual ALE as recorded.
    pub as_is: f64,
    /// The portfolio's residual ALE without the control.
    pub without: f64,
    /// The portfolio's residual ALE with the control fully implemented.
    pub full: f64,
    /// `without − full`: how much the result depends on the control (the bars are ordered by it).
    pub swing: f64,
    /// Each risk the control acts on, in document order.
    pub risks: Vec<RiskSensitivity>,
}

/// One control's effect on one risk's residual annualised loss expectancy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskSensitivity {
    /// The risk's id.
    pub risk: String,
    /// Its residual ALE as recorded.
    pub as_is: f64,
    /// Without the control.
    pub without: f64,
    /// With the control fully implemented.
    pub full: f64,
}

/// The simulated loss of all simulated risks together: each year, the sum of their losses.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PortfolioLoss {
    /// Before treatment.
    pub inherent: LossStats,
    /// After treatment.
    pub residual: LossStats,
    /// What the treatments save.
    pub reduction: LossReduction,
    /// What the controls acting on the simulated risks cost (each control once), and their
    /// return, when their records state a cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investment: Option<Investment>,
    /// The loss exceedance curves.
    pub lec: Lec,
    /// The curves at each point of the organisation's loss tolerance, when it states one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerance: Vec<ToleranceCheck>,
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
    /// `loss_tolerance_exceeded` when the residual loss exceedance curve rises above the
    /// organisation's loss tolerance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// The statuses read as others for this simulation (the request's `assume`), when any.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub assume: BTreeMap<ImplementationStatus, ImplementationStatus>,
    /// Each control's effect on the residual loss expectancy, largest swing first (with
    /// `sensitivity`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sensitivity: Vec<ControlSensitivity>,
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

    /// The primary and secondary loss (0 when none) of one loss event, drawn as
    /// [`Compiled::loss_event`] draws them.
    #[inline(always)]
    fn loss_parts(&self, s: &mut Stream<'_>, secondary: f64) -> (f64, f64) {
        let primary = self.primary.sample(s);
        match &self.secondary {
            Some((_, magnitude)) if s.uniform() < secondary => (primary, magnitude.sample(s)),
            _ => (primary, 0.0),
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
    /// Three streams of the risk, each drawn from in the order of the years: the frequency
    /// stream for each year's threat event frequency λ and threat events `n ~ Poisson(λ)`; the
    /// test stream for the vulnerability (or resistance strength) of each year with threat
    /// events and the test of each event; the loss stream for the secondary loss probability of
    /// each year with loss events and the losses of its loss events, in order. The years are
    /// drawn in blocks, a block's frequencies first, then its tests, then its losses: a branch
    /// on a year's count does not wait for the arithmetic that drew it, and the numbers do not
    /// depend on the size of a block. The treated years are the untreated ones with fewer loss
    /// events: the residual loss of a year is the sum of the losses of its first loss events,
    /// never more than the inherent loss, and both come out of one pass (exactly as two
    /// separate runs of the same streams would).
    fn events(
        &self,
        key: u64,
        tables: &Tables,
        treatment: Treatment,
        inherent: &mut [f64],
        mut residual: Option<&mut [f64]>,
        mut keys: Option<&mut [f64]>,
    ) -> Counts {
        /// Years drawn together.
        const BLOCK: usize = 256;
        let frequencies = &mut Stream::keyed(key, tables);
        let tests = &mut Stream::keyed(mix(key ^ TEST_STREAM), tables);
        let losses = &mut Stream::keyed(mix(key ^ LOSS_STREAM), tables);
        let (mut events, mut loss_inherent, mut loss_residual) = (0u64, 0u64, 0u64);
        // Per year of a block: threat events, then loss events before and after treatment.
        let mut drawn = [(0u64, 0u64, 0u64); BLOCK];
        // The years of a block with threat events, then those with loss events: the loops over
        // them branch on nothing as unpredictable as whether a year had any.
        let mut busy = [0u16; BLOCK];
        for (block, years) in inherent.chunks_mut(BLOCK).enumerate() {
            let first = block * BLOCK;
            let drawn = drawn.get_mut(..years.len()).unwrap_or_default();
            let mut count = 0;
            for (j, (n, hits, treated_hits)) in drawn.iter_mut().enumerate() {
                let lambda = at_most(self.tef.sample(frequencies), MAX_TEF);
                *n = frequencies.poisson(lambda);
                (*hits, *treated_hits) = (0, 0);
                if let Some(slot) = busy.get_mut(count) {
                    *slot = j as u16;
                }
                count += usize::from(*n > 0);
            }
            let mut with_losses = 0;
            for k in 0..count {
                let j = busy.get(k).copied().unwrap_or_default();
                let Some((n, hits, treated_hits)) = drawn.get_mut(usize::from(j)) else {
                    continue;
                };
                events += *n;
                match &self.test {
                    Test::Vulnerability(v) => {
                        let p = v.sample(tests);
                        for _ in 0..*n {
                            // Counted without a branch: a test's outcome is unpredictable.
                            *hits += u64::from(tests.uniform() < p);
                        }
                        *treated_hits = *hits;
                    }
                    Test::Resistance {
                        capability,
                        strength,
                    } => {
                        let strength = strength.sample(tests);
                        let resistance = at_most(strength, 100.0);
                        let treated = at_most(strength + treatment.uplift, 100.0);
                        for _ in 0..*n {
                            let threat = capability.sample(tests);
                            // treated ≥ resistance: a treated loss event is also an untreated one.
                            *hits += u64::from(threat > resistance);
                            *treated_hits += u64::from(threat > treated);
                        }
                    }
                }
                loss_inherent += *hits;
                loss_residual += *treated_hits;
                // The list is rewritten behind its reading: only the years with loss events stay.
                if let Some(slot) = busy.get_mut(with_losses) {
                    *slot = j;
                }
                with_losses += usize::from(*hits > 0);
            }
            years.fill(0.0);
            let mut treated_years = residual
                .as_deref_mut()
                .and_then(|r| r.get_mut(first..first + years.len()));
            if let Some(treated_years) = treated_years.as_deref_mut() {
                treated_years.fill(0.0);
            }
            for &j in busy.get(..with_losses).unwrap_or_default() {
                let j = usize::from(j);
                let Some(&(_, hits, treated_hits)) = drawn.get(j) else {
                    continue;
                };
                let (loss, treated_loss) = self.year_loss(losses, treatment, hits, treated_hits);
                if let Some(year) = years.get_mut(j) {
                    *year = loss;
                }
                if let Some(slot) = treated_years.as_deref_mut().and_then(|r| r.get_mut(j)) {
                    *slot = treated_loss;
                }
            }
            if let Some(keys) = keys
                .as_deref_mut()
                .and_then(|k| k.get_mut(first..first + years.len()))
            {
                for (key, &(n, _, _)) in keys.iter_mut().zip(drawn.iter()) {
                    *key = n as f64;
                }
            }
        }
        Counts {
            events: events as f64,
            loss_inherent: loss_inherent as f64,
            loss_residual: loss_residual as f64,
        }
    }

    /// The loss of a year with `hits` loss events, before and after treatment (which leaves the
    /// first `treated_hits` of them, each made smaller by its cuts).
    #[inline(always)]
    fn year_loss(
        &self,
        losses: &mut Stream<'_>,
        treatment: Treatment,
        hits: u64,
        treated_hits: u64,
    ) -> (f64, f64) {
        let secondary = match &self.secondary {
            Some((frequency, _)) => frequency.sample(losses),
            None => 0.0,
        };
        let (mut loss, mut treated_loss) = (0.0, 0.0);
        if treatment.cuts() {
            // Each treated loss event is an untreated one made smaller.
            for hit in 0..hits {
                let (primary, second) = self.loss_parts(losses, secondary);
                loss += primary + second;
                if hit < treated_hits {
                    treated_loss += primary * treatment.primary + second * treatment.secondary;
                }
            }
        } else {
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
        (loss, treated_loss)
    }

    /// Shortcut model: one frequency, vulnerability and magnitude per year, multiplied; the
    /// treated year (in `residual`, when given) draws the same numbers with the resistance raised.
    fn shortcut(
        &self,
        key: u64,
        tables: &Tables,
        treatment: Treatment,
        inherent: &mut [f64],
        mut residual: Option<&mut [f64]>,
        mut keys: Option<&mut [f64]>,
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
                        passes(at_most(strength + treatment.uplift, 100.0)),
                    )
                }
            };
            let primary = self.primary.sample(s);
            let (mut magnitude, mut second) = (primary, 0.0);
            if let Some((frequency, secondary)) = &self.secondary {
                let p = frequency.sample(s);
                second = p * secondary.sample(s);
                magnitude += second;
            }
            let treated_magnitude = if treatment.cuts() {
                primary * treatment.primary + second * treatment.secondary
            } else {
                magnitude
            };
            let (lef, treated_lef) = (frequency * vulnerability, frequency * treated);
            events += frequency;
            loss_inherent += lef;
            loss_residual += treated_lef;
            *year = lef * magnitude;
            if let Some(slot) = residual.as_deref_mut().and_then(|r| r.get_mut(index)) {
                *slot = treated_lef * treated_magnitude;
            }
            if let Some(slot) = keys.as_deref_mut().and_then(|k| k.get_mut(index)) {
                *slot = frequency;
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
    if let Some(threads) = options.threads
        && !(1..=MAX_THREADS).contains(&threads)
    {
        return Err(invalid(
            "/threads",
            format!(
                "`threads` is {threads}; use from 1 to {MAX_THREADS}, or leave it out for every core"
            ),
        ));
    }
    if !(options.amortisation_years.is_finite() && options.amortisation_years >= 1.0) {
        return Err(invalid(
            "/amortisation_years",
            format!(
                "`amortisation_years` is {}; spread one-off costs over 1 year or more",
                options.amortisation_years
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

/// How far a control's record lets it act: fully when implemented, half when partially; its
/// status read through `assume` first.
fn control_factor(
    record: Option<&&ControlRecord>,
    assume: &BTreeMap<ImplementationStatus, ImplementationStatus>,
) -> f64 {
    match record {
        Some(r) if r.applicable != Some(false) => {
            match assume.get(&r.status).copied().unwrap_or(r.status) {
                ImplementationStatus::Implemented => 1.0,
                ImplementationStatus::PartiallyImplemented => 0.5,
                ImplementationStatus::Planned | ImplementationStatus::NotImplemented => 0.0,
            }
        }
        _ => 0.0,
    }
}

/// Simulates the quantified risks of a checked document.
pub fn simulate(checked: &Checked<'_>, options: &Options) -> Result<Simulation> {
    let doc = checked.document;
    let quantified = select(doc, options)?;
    let compiled = compile(&quantified, options)?;
    let setting = Setting::new(doc, options)?;
    let jobs = jobs(doc, &quantified, &compiled);
    let portfolio = run_all(&setting, &jobs)?;
    setting.simulation(doc, &jobs, portfolio)
}

/// One risk's simulated years, handed from one process to another: a simulation split by risks
/// (each part run with `keep_samples` and the same seed, options and document) is put together
/// by [`combine`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RiskYears {
    /// The risk's id.
    pub id: String,
    /// Its years as [`Samples`] keeps them, with their counts.
    pub samples: Samples,
}

/// Puts together a simulation from the years of its risks, simulated apart (in other processes
/// or on other machines) with the same document, seed and options: the result is the one
/// [`simulate`] gives in one process, bit for bit, because each risk's years depend only on the
/// seed and its id, and the portfolio adds them in document order. `parts` must hold every risk
/// the options select, once, with `iterations` years each.
pub fn combine(
    checked: &Checked<'_>,
    options: &Options,
    parts: Vec<RiskYears>,
) -> Result<Simulation> {
    let doc = checked.document;
    let quantified = select(doc, options)?;
    let compiled = compile(&quantified, options)?;
    let setting = Setting::new(doc, options)?;
    let jobs = jobs(doc, &quantified, &compiled);
    let mut parts: HashMap<String, (usize, Samples)> = {
        let mut by_id = HashMap::default();
        for (i, part) in parts.into_iter().enumerate() {
            if let Some((first, _)) = by_id.insert(part.id.clone(), (i, part.samples)) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    format!("/parts/{i}"),
                    format!("risk `{}` is already given at /parts/{first}", part.id),
                ));
            }
        }
        by_id
    };
    let mut portfolio = Portfolio::new(&setting, jobs.len());
    for job in &jobs {
        let Some((at, samples)) = parts.remove(job.risk.id.as_str()) else {
            return Err(invalid(
                "/parts",
                format!("the years of risk `{}` are missing", job.risk.id),
            ));
        };
        if samples.inherent.len() != setting.n || samples.residual.len() != setting.n {
            return Err(invalid(
                &format!("/parts/{at}"),
                format!(
                    "risk `{}` has {} years; the simulation has {}",
                    job.risk.id,
                    samples.inherent.len(),
                    setting.n
                ),
            ));
        }
        let (controls, treatment) = treatment_of(&setting, job, None);
        portfolio.push(summarise(
            &setting,
            job,
            controls,
            treatment,
            samples.inherent,
            samples.residual,
            samples.counts,
        )?);
    }
    if let Some((id, (at, _))) = parts.into_iter().min_by_key(|(_, (at, _))| *at) {
        return Err(invalid(
            &format!("/parts/{at}"),
            format!("risk `{id}` is not one this simulation selects"),
        ));
    }
    setting.simulation(doc, &jobs, portfolio)
}

/// The quantified risks the options select, in document order.
fn select<'d>(doc: &'d Document, options: &Options) -> Result<Vec<(usize, &'d RiskQuant)>> {
    Ok(match &options.risks {
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
    })
}

/// The samplers of the selected risks, once the options are checked.
fn compile(quantified: &[(usize, &RiskQuant)], options: &Options) -> Result<Vec<Compiled>> {
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

    Ok(compiled)
}

/// The risks to simulate.
fn jobs<'a>(
    doc: &'a Document,
    quantified: &[(usize, &'a RiskQuant)],
    compiled: &'a [Compiled],
) -> Vec<Job<'a>> {
    quantified
        .iter()
        .zip(compiled)
        .filter_map(|(&(index, quant), compiled)| {
            Some(Job {
                index,
                risk: doc.risks.get(index)?,
                quant,
                compiled,
            })
        })
        .collect()
}

impl<'a> Setting<'a> {
    fn new(doc: &'a Document, options: &'a Options) -> Result<Self> {
        let records: HashMap<&str, &ControlRecord> = doc
            .controls
            .iter()
            .map(|r| (r.control.as_str(), r))
            .collect();
        let copula = match &options.correlation {
            Some(correlation) => Some(Copula::new(correlation, |id| {
                doc.risks.iter().any(|r| r.id == id && r.quant.is_some())
            })?),
            None => None,
        };
        Ok(Self {
            options,
            n: usize::try_from(options.iterations).unwrap_or(usize::MAX),
            tables: Tables::new(),
            records,
            copula,
            // One risk has nothing to spread over threads but its two sorts, which fresh threads
            // pay for in fresh memory: it runs on the calling thread (the same results).
            threads: Threads::new(
                if !options.sensitivity
                    && doc.risks.iter().filter(|r| r.quant.is_some()).count() <= 1
                {
                    Some(1)
                } else {
                    options.threads
                },
            ),
            spare: Spare::default(),
        })
    }

    /// The simulation, from the portfolio of its simulated risks (`jobs`).
    fn simulation(
        &self,
        doc: &Document,
        jobs: &[Job<'_>],
        portfolio: Portfolio<'_>,
    ) -> Result<Simulation> {
        let options = self.options;
        let (risks, portfolio) = portfolio.finish(&doc.organisation.loss_tolerance, &self.threads);
        let currency = doc.organisation.currency.clone();
        let sensitivity = if options.sensitivity {
            sensitivity(self, jobs, &risks, &portfolio)?
        } else {
            Vec::new()
        };
        Ok(Simulation {
            model: options.model,
            seed: options.seed,
            iterations: options.iterations,
            confidence: options.confidence,
            findings: tolerance_findings(&portfolio.tolerance, currency.as_deref()),
            currency,
            risks,
            portfolio,
            unquantified: doc
                .risks
                .iter()
                .filter(|r| r.quant.is_none())
                .map(|r| r.id.clone())
                .collect(),
            assume: options.assume.clone(),
            sensitivity,
        })
    }
}

/// What every risk of a simulation shares.
struct Setting<'a> {
    options: &'a Options,
    n: usize,
    tables: Tables,
    records: HashMap<&'a str, &'a ControlRecord>,
    copula: Option<Copula>,
    threads: Threads,
    spare: Spare,
}

/// Arrays of years and sort buffers a risk is done with, reused by the next: a simulation
/// allocates a few per thread rather than a few per risk, so the system does not map, zero and
/// unmap megabytes for every risk (which, on several threads at once, also makes them wait for
/// each other in the kernel).
#[derive(Default)]
struct Spare {
    years: Mutex<Vec<Vec<f64>>>,
    sorts: Mutex<Vec<stats::SortBuffers>>,
}

impl Spare {
    /// An array of `n` years, for the caller to write every one of: what a reused array held
    /// is not cleared first (the samplers write every year they are given).
    fn years(&self, n: usize) -> Vec<f64> {
        let mut years = self
            .years
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_default();
        years.resize(n, 0.0);
        years
    }

    /// Hands back an array of years.
    fn keep_years(&self, years: Vec<f64>) {
        if years.capacity() > 0
            && let Ok(mut spare) = self.years.lock()
        {
            spare.push(years);
        }
    }

    /// Sort buffers.
    fn sorts(&self) -> stats::SortBuffers {
        self.sorts
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_default()
    }

    /// Hands back sort buffers.
    fn keep_sorts(&self, buffers: stats::SortBuffers) {
        if let Ok(mut spare) = self.sorts.lock() {
            spare.push(buffers);
        }
    }
}

/// One risk to simulate.
struct Job<'a> {
    /// Its position in the document.
    index: usize,
    risk: &'a Risk,
    quant: &'a RiskQuant,
    compiled: &'a Compiled,
}

/// One simulated risk with its years, before they are added to the portfolio.
#[derive(Debug, Clone)]
struct RiskRun {
    /// The risk's result, without `samples`.
    loss: RiskLoss,
    /// Its years before treatment.
    inherent: Vec<f64>,
    /// Its years after treatment; empty when no control acts (they are the years before).
    residual: Vec<f64>,
    /// Threat events, loss events before and after treatment, summed over the years.
    counts: [f64; 3],
}

/// Simulates every job, on the simulation's threads (the years of a risk do not depend on which
/// thread draws them), and adds them to the portfolio in document order. At most
/// [`PER_THREAD`] risks per thread are simulated beyond the last one added, so only those risks'
/// years are held at once (unless every year is kept).
fn run_all<'a>(setting: &'a Setting<'a>, jobs: &[Job<'_>]) -> Result<Portfolio<'a>> {
    let mut portfolio = Portfolio::new(setting, jobs.len());
    setting.threads.in_order(
        jobs,
        setting.threads.count() * PER_THREAD,
        |job| run_risk(setting, job),
        |run| {
            portfolio.push(run?);
            Ok(())
        },
    )?;
    Ok(portfolio)
}

/// The controls of a risk's `resistance_uplift` and `magnitude_reduction`, in id order.
fn controls_of(quant: &RiskQuant) -> BTreeSet<&str> {
    quant
        .resistance_uplift
        .keys()
        .chain(quant.magnitude_reduction.keys())
        .map(String::as_str)
        .collect()
}

/// The controls acting on a risk with what they add as recorded (control `over.0` acting as
/// far as `over.1` says instead, when given), and the treatment they make together.
fn treatment_of(
    setting: &Setting<'_>,
    job: &Job<'_>,
    over: Option<(&str, f64)>,
) -> (Vec<ControlUplift>, Treatment) {
    let quant = job.quant;
    let mut treatment = Treatment {
        uplift: 0.0,
        primary: 1.0,
        secondary: 1.0,
    };
    let controls: Vec<ControlUplift> = controls_of(quant)
        .into_iter()
        .map(|control| {
            let factor = match over {
                Some((id, factor)) if id == control => factor,
                _ => control_factor(setting.records.get(control), &setting.options.assume),
            };
            let points = quant.resistance_uplift.get(control).copied().unwrap_or(0.0);
            let reduction = quant.magnitude_reduction.get(control).copied();
            let reduction_applied = reduction.map(|r| MagnitudeReduction {
                primary: r.primary * factor,
                secondary: r.secondary * factor,
            });
            if let Some(cut) = reduction_applied {
                treatment.primary *= 1.0 - cut.primary;
                treatment.secondary *= 1.0 - cut.secondary;
            }
            ControlUplift {
                control: control.to_owned(),
                points,
                applied: points * factor,
                reduction,
                reduction_applied,
            }
        })
        .collect();
    treatment.uplift = controls.iter().fold(0.0, |total, c| total + c.applied);
    (controls, treatment)
}

/// Each control's effect on the residual loss expectancy of the risks it acts on and of the
/// portfolio, largest swing first: each risk it acts on drawn again (the same years) without
/// the control and with it fully implemented.
fn sensitivity(
    setting: &Setting<'_>,
    jobs: &[Job<'_>],
    risks: &[RiskLoss],
    portfolio: &PortfolioLoss,
) -> Result<Vec<ControlSensitivity>> {
    let pairs: Vec<(&str, usize)> = jobs
        .iter()
        .enumerate()
        .flat_map(|(j, job)| controls_of(job.quant).into_iter().map(move |c| (c, j)))
        .collect();
    let residual_ale = |control: &str, j: usize, factor: f64| -> Option<f64> {
        let job = jobs.get(j)?;
        let (_, treatment) = treatment_of(setting, job, Some((control, factor)));
        let inherent = risks.get(j)?.inherent.ale;
        if !treatment.acts() {
            return Some(inherent);
        }
        let mut years = setting.spare.years(setting.n);
        let mut treated = setting.spare.years(setting.n);
        let draw = match setting.options.model {
            LossModel::Event => Compiled::events,
            LossModel::Shortcut => Compiled::shortcut,
        };
        draw(
            job.compiled,
            risk_key(setting.options.seed, &job.risk.id),
            &setting.tables,
            treatment,
            &mut years,
            Some(&mut treated),
            None,
        );
        let mut buffers = setting.spare.sorts();
        let ale = stats::sort_losses(&treated, &mut buffers)
            .stats(setting.options.confidence, 0.0, 0.0)
            .ale;
        setting.spare.keep_sorts(buffers);
        setting.spare.keep_years(years);
        setting.spare.keep_years(treated);
        Some(ale)
    };
    let each = |&(control, j): &(&str, usize)| {
        (residual_ale(control, j, 0.0), residual_ale(control, j, 1.0))
    };
    let effects = setting.threads.map(&pairs, each);
    let mut by_control: BTreeMap<&str, ControlSensitivity> = BTreeMap::new();
    for (&(control, j), (without, full)) in pairs.iter().zip(effects) {
        let (Some(risk), Some(without), Some(full)) = (risks.get(j), without, full) else {
            return Err(Error::new(
                ErrorCode::Internal,
                "",
                "a risk of the sensitivity was not simulated",
            ));
        };
        let entry = by_control
            .entry(control)
            .or_insert_with(|| ControlSensitivity {
                control: control.to_owned(),
                as_is: portfolio.residual.ale,
                without: portfolio.residual.ale,
                full: portfolio.residual.ale,
                swing: 0.0,
                risks: Vec::new(),
            });
        let as_is = risk.residual.ale;
        entry.without += without - as_is;
        entry.full += full - as_is;
        entry.risks.push(RiskSensitivity {
            risk: risk.id.clone(),
            as_is,
            without,
            full,
        });
    }
    let mut controls: Vec<ControlSensitivity> = by_control
        .into_values()
        .map(|mut c| {
            c.swing = c.without - c.full;
            c
        })
        .collect();
    controls.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then_with(|| a.control.cmp(&b.control))
    });
    Ok(controls)
}

/// Simulates one risk: its years before and after treatment and their statistics.
fn run_risk(setting: &Setting<'_>, job: &Job<'_>) -> Result<RiskRun> {
    let options = setting.options;
    let (controls, treatment) = treatment_of(setting, job, None);
    let treated = treatment.acts();
    let n = setting.n;
    let mut inherent_years = setting.spare.years(n);
    let mut residual_years = if treated {
        setting.spare.years(n)
    } else {
        Vec::new()
    };
    let correlated = setting
        .copula
        .as_ref()
        .and_then(|c| Some((c, c.position(&job.risk.id)?)));
    let mut event_keys = match correlated {
        Some((c, _)) if c.on == CopulaOn::Events => setting.spare.years(n),
        _ => Vec::new(),
    };
    let key = risk_key(options.seed, &job.risk.id);
    let residual_slot = treated.then_some(residual_years.as_mut_slice());
    let keys_slot = (!event_keys.is_empty()).then_some(event_keys.as_mut_slice());
    let draw = match options.model {
        LossModel::Event => Compiled::events,
        LossModel::Shortcut => Compiled::shortcut,
    };
    let counts = draw(
        job.compiled,
        key,
        &setting.tables,
        treatment,
        &mut inherent_years,
        residual_slot,
        keys_slot,
    );
    if let Some((copula, j)) = correlated {
        let keys = match copula.on {
            CopulaOn::Events => event_keys,
            CopulaOn::AnnualLoss => {
                let mut keys = setting.spare.years(n);
                keys.copy_from_slice(&inherent_years);
                keys
            }
        };
        copula.reorder(
            j,
            options.seed,
            &setting.tables,
            &keys,
            &mut inherent_years,
            treated.then_some(residual_years.as_mut_slice()),
        );
        setting.spare.keep_years(keys);
    }
    summarise(
        setting,
        job,
        controls,
        treatment,
        inherent_years,
        residual_years,
        [counts.events, counts.loss_inherent, counts.loss_residual],
    )
}

/// The statistics of one risk's simulated years.
fn summarise(
    setting: &Setting<'_>,
    job: &Job<'_>,
    controls: Vec<ControlUplift>,
    treatment: Treatment,
    inherent_years: Vec<f64>,
    residual_years: Vec<f64>,
    counts: [f64; 3],
) -> Result<RiskRun> {
    let options = setting.options;
    let treated = treatment.acts();
    let [events, loss_inherent, loss_residual] = counts;
    let (mut sorted_inherent, mut sorted_residual) = (setting.spare.sorts(), setting.spare.sorts());
    let inherent = stats::sort_losses(&inherent_years, &mut sorted_inherent);
    if !inherent.max().is_finite() {
        return Err(invalid(
            &format!("/document/risks/{}/quant", job.index),
            format!(
                "the simulated losses of risk `{}` overflow; check its magnitudes",
                job.risk.id
            ),
        ));
    }
    let residual = if treated {
        stats::sort_losses(&residual_years, &mut sorted_residual)
    } else {
        inherent
    };
    let inherent_stats = inherent.stats(options.confidence, events, loss_inherent);
    let residual_stats = if treated {
        residual.stats(options.confidence, events, loss_residual)
    } else {
        inherent_stats
    };
    let lec = stats::lec(&inherent, &residual, options.lec_points as usize);
    setting.spare.keep_sorts(sorted_inherent);
    setting.spare.keep_sorts(sorted_residual);
    let spent = controls
        .iter()
        .filter(|c| c.acts())
        .filter_map(|c| setting.records.get(c.control.as_str())?.cost);
    let reduction = LossReduction::of(&inherent_stats, &residual_stats);
    let investment = Investment::of(spent, reduction.ale, options.amortisation_years);
    Ok(RiskRun {
        loss: RiskLoss {
            id: job.risk.id.clone(),
            title: job.risk.title.clone(),
            resistance_uplift: treatment.uplift,
            magnitude_reduction: MagnitudeReduction {
                primary: 1.0 - treatment.primary,
                secondary: 1.0 - treatment.secondary,
            },
            controls,
            reduction,
            investment,
            inherent: inherent_stats,
            residual: residual_stats,
            lec,
            samples: None,
        },
        inherent: inherent_years,
        residual: residual_years,
        counts,
    })
}

/// The portfolio as the simulated risks are added to it, in document order: the portfolio's
/// years are the sums of the risks' years, added in that order, so the result is the same
/// however the risks were simulated (on one thread, many, or many machines).
struct Portfolio<'a> {
    options: &'a Options,
    records: &'a HashMap<&'a str, &'a ControlRecord>,
    spare: &'a Spare,
    /// Whether the portfolio is one risk: then it is that risk, with no sums to keep.
    single: bool,
    total_inherent: Vec<f64>,
    total_residual: Vec<f64>,
    /// The years of the only risk, when `single`.
    only: Option<RiskRun>,
    counts: [f64; 4],
    /// The controls acting on some risk, each once, with their costs.
    costs: Vec<(String, ControlCost)>,
    risks: Vec<RiskLoss>,
}

impl<'a> Portfolio<'a> {
    fn new(setting: &'a Setting<'a>, risks: usize) -> Self {
        let single = risks == 1;
        let n = setting.n;
        Self {
            options: setting.options,
            records: &setting.records,
            spare: &setting.spare,
            single,
            total_inherent: if single { Vec::new() } else { vec![0.0; n] },
            total_residual: if single { Vec::new() } else { vec![0.0; n] },
            only: None,
            counts: [0.0; 4],
            costs: Vec::new(),
            risks: Vec::with_capacity(risks),
        }
    }

    /// Adds the next risk in document order.
    fn push(&mut self, mut run: RiskRun) {
        if run.residual.is_empty() && (self.single || self.options.keep_samples) {
            run.residual = run.inherent.clone();
        }
        if !self.single {
            let residual = if run.residual.is_empty() {
                &run.inherent
            } else {
                &run.residual
            };
            for ((total, year), (total_treated, treated)) in self
                .total_inherent
                .iter_mut()
                .zip(&run.inherent)
                .zip(self.total_residual.iter_mut().zip(residual))
            {
                *total += year;
                *total_treated += treated;
            }
        }
        let [events, loss_inherent, loss_residual] = run.counts;
        for (total, add) in
            self.counts
                .iter_mut()
                .zip([events, loss_inherent, events, loss_residual])
        {
            *total += add;
        }
        for control in run.loss.controls.iter().filter(|c| c.acts()) {
            if let Some(cost) = self
                .records
                .get(control.control.as_str())
                .and_then(|r| r.cost)
                && !self.costs.iter().any(|(id, _)| *id == control.control)
            {
                self.costs.push((control.control.clone(), cost));
            }
        }
        if self.single {
            let mut loss = run.loss.clone();
            if self.options.keep_samples {
                loss.samples = Some(Samples {
                    inherent: run.inherent.clone(),
                    residual: run.residual.clone(),
                    counts: run.counts,
                });
            }
            self.risks.push(loss);
            self.only = Some(run);
        } else {
            if self.options.keep_samples {
                run.loss.samples = Some(Samples {
                    inherent: run.inherent,
                    residual: run.residual,
                    counts: run.counts,
                });
            } else {
                self.spare.keep_years(run.inherent);
                self.spare.keep_years(run.residual);
            }
            self.risks.push(run.loss);
        }
    }

    /// The portfolio's statistics, curves and tolerance checks.
    fn finish(
        self,
        tolerance: &[TolerancePoint],
        threads: &Threads,
    ) -> (Vec<RiskLoss>, PortfolioLoss) {
        let options = self.options;
        let (mut sorted_inherent, mut sorted_residual) = (self.spare.sorts(), self.spare.sorts());
        let portfolio = match self.only {
            Some(only) => {
                let tolerance = if tolerance.is_empty() {
                    Vec::new()
                } else {
                    let inherent = stats::sort_losses(&only.inherent, &mut sorted_inherent);
                    let residual = stats::sort_losses(&only.residual, &mut sorted_residual);
                    tolerance_points(tolerance, &inherent, &residual)
                };
                PortfolioLoss {
                    inherent: only.loss.inherent,
                    residual: only.loss.residual,
                    reduction: only.loss.reduction,
                    investment: only.loss.investment,
                    lec: only.loss.lec,
                    tolerance,
                    samples: options.keep_samples.then_some(Samples {
                        inherent: only.inherent,
                        residual: only.residual,
                        counts: only.counts,
                    }),
                }
            }
            None if self.risks.is_empty() => PortfolioLoss::default(),
            None => {
                let [events, loss_events, residual_events, residual_loss_events] = self.counts;
                // The two sides of the portfolio are sorted and summarised at the same time.
                let ((inherent, inherent_stats), (residual, residual_stats)) = threads.join(
                    || {
                        let sorted = stats::sort_losses(&self.total_inherent, &mut sorted_inherent);
                        (
                            sorted,
                            sorted.stats(options.confidence, events, loss_events),
                        )
                    },
                    || {
                        let sorted = stats::sort_losses(&self.total_residual, &mut sorted_residual);
                        let stats =
                            sorted.stats(options.confidence, residual_events, residual_loss_events);
                        (sorted, stats)
                    },
                );
                let reduction = LossReduction::of(&inherent_stats, &residual_stats);
                let tolerance = tolerance_points(tolerance, &inherent, &residual);
                let lec = stats::lec(&inherent, &residual, options.lec_points as usize);
                PortfolioLoss {
                    investment: Investment::of(
                        self.costs.iter().map(|(_, cost)| *cost),
                        reduction.ale,
                        options.amortisation_years,
                    ),
                    reduction,
                    inherent: inherent_stats,
                    residual: residual_stats,
                    lec,
                    tolerance,
                    samples: options.keep_samples.then_some(Samples {
                        inherent: self.total_inherent,
                        residual: self.total_residual,
                        counts: [events, loss_events, residual_loss_events],
                    }),
                }
            }
        };
        (self.risks, portfolio)
    }
}

/// The portfolio's exceedance probabilities at each point of the loss tolerance.
fn tolerance_points(
    tolerance: &[TolerancePoint],
    inherent: &stats::Sorted<'_>,
    residual: &stats::Sorted<'_>,
) -> Vec<ToleranceCheck> {
    tolerance
        .iter()
        .map(|point| {
            let residual = residual.exceedance(point.loss);
            ToleranceCheck {
                loss: point.loss,
                tolerated: point.probability,
                inherent: inherent.exceedance(point.loss),
                residual,
                exceeded: residual > point.probability,
            }
        })
        .collect()
}

/// A `loss_tolerance_exceeded` finding when the residual curve rises above the tolerance.
fn tolerance_findings(checks: &[ToleranceCheck], currency: Option<&str>) -> Vec<Finding> {
    let exceeded: Vec<(usize, &ToleranceCheck)> = checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exceeded)
        .collect();
    let Some(&(first, check)) = exceeded.first() else {
        return Vec::new();
    };
    let code = FindingCode::LossToleranceExceeded;
    let currency = currency.map(|c| format!(" {c}")).unwrap_or_default();
    vec![Finding {
        code,
        severity: code.severity(),
        reference: code.reference(),
        path: format!("/organisation/loss_tolerance/{first}"),
        message: format!(
            "after treatment, a year loses {}{currency} or more with probability {:.4}, above the tolerated {:.4} ({} of {} tolerance points exceeded)",
            check.loss,
            check.residual,
            check.tolerated,
            exceeded.len(),
            checks.len()
        ),
    }]
}

/// `x`, or `cap` when above it: `f64::min` without its NaN rules, which on wasm32 is a call to
/// `fmin` rather than an instruction (the values here are never NaN).
#[inline(always)]
fn at_most(x: f64, cap: f64) -> f64 {
    if x > cap { cap } else { x }
}
