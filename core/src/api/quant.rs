//! Quantitative risk operation: `simulate`.

use super::Limits;
use super::document::in_document;
use crate::error::Result;
use crate::model::{Document, ImplementationStatus};
use crate::quant::{self, Correlation, LossModel, Options, RiskYears, Simulation};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Request of `simulate`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// The document whose quantified risks are simulated.
    pub document: Document,
    /// The seed of every random stream (1 when absent); the same seed gives the same numbers on
    /// every target.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Simulated years, 1 to 10,000,000 (10,000 when absent).
    #[serde(default = "default_iterations")]
    pub iterations: u64,
    /// `event` (the default: every threat event simulated) or `shortcut` (frequency × magnitude).
    #[serde(default)]
    pub model: LossModel,
    /// The ids of the risks to simulate; every risk with `quant` when absent.
    #[serde(default)]
    pub risks: Option<Vec<String>>,
    /// Also return every simulated year (`samples`) of each risk and of the portfolio.
    #[serde(default)]
    pub keep_samples: bool,
    /// Points of each loss exceedance curve, 2 to 1000 (50 when absent).
    #[serde(default = "default_lec_points")]
    pub lec_points: u32,
    /// The confidence level of value at risk and expected shortfall (0.95 when absent).
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Threads to simulate on, 1 to 1024 (every core when absent). The results are the same for
    /// any number; a build without threads (WebAssembly) accepts it and uses one.
    #[serde(default)]
    pub threads: Option<u32>,
    /// Correlation between risks: `{"risks": [ids], "matrix": [[1, ρ], [ρ, 1]], "on":
    /// "annual_loss" | "events"}`, applied with a Gaussian copula; independent when absent.
    #[serde(default)]
    pub correlation: Option<Correlation>,
    /// Years over which a control's one-off cost is spread in its annual cost, for the return
    /// on security investment (3 when absent).
    #[serde(default = "default_amortisation_years")]
    pub amortisation_years: f64,
    /// Statuses to read as others for this simulation, `{"planned": "implemented"}` for the
    /// loss after the planned treatment: a scenario without editing the document.
    #[serde(default)]
    pub assume: BTreeMap<ImplementationStatus, ImplementationStatus>,
    /// Also give each control's effect on each risk's and the portfolio's residual annualised
    /// loss expectancy: as recorded, without the control and with it fully implemented
    /// (`sensitivity` in the result).
    #[serde(default)]
    pub sensitivity: bool,
}

fn default_amortisation_years() -> f64 {
    Options::default().amortisation_years
}

fn default_seed() -> u64 {
    Options::default().seed
}

fn default_iterations() -> u64 {
    Options::default().iterations
}

fn default_lec_points() -> u32 {
    Options::default().lec_points
}

fn default_confidence() -> f64 {
    Options::default().confidence
}

impl SimulateRequest {
    /// The simulation options of the request.
    pub fn options(&self) -> Options {
        Options {
            seed: self.seed,
            iterations: self.iterations,
            model: self.model,
            risks: self.risks.clone(),
            keep_samples: self.keep_samples,
            lec_points: self.lec_points,
            confidence: self.confidence,
            threads: self.threads,
            correlation: self.correlation.clone(),
            amortisation_years: self.amortisation_years,
            assume: self.assume.clone(),
            sensitivity: self.sensitivity,
        }
    }
}

/// `simulate`: checks the document, then simulates the annual loss of its quantified risks,
/// before and after treatment, and of the portfolio (see [`crate::quant`] for the model).
pub fn simulate(request: &SimulateRequest) -> Result<Simulation> {
    simulate_within(request, &Limits::default())
}

/// The work of the simulation a request asks for, as [`Limits::simulation_work`] counts it: for
/// each risk simulated, its simulated years, once and (event model) once more per threat event
/// it expects a year (the mean of its `tef`, at most [`quant::MAX_TEF`]). Risks named in `risks`
/// that are not in the document count nothing (the simulation reports them).
pub fn simulation_work(request: &SimulateRequest) -> u64 {
    let chosen = |id: &str| {
        request
            .risks
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|named| named == id))
    };
    let per_year: f64 = request
        .document
        .risks
        .iter()
        .filter(|risk| chosen(&risk.id))
        .filter_map(|risk| risk.quant.as_deref())
        .map(|q| match request.model {
            LossModel::Event => 1.0 + quant::mean_of(&q.tef).clamp(0.0, quant::MAX_TEF),
            LossModel::Shortcut => 1.0,
        })
        .sum();
    let work = per_year * request.iterations as f64;
    // `as` saturates: NaN counts nothing, more than u64 holds counts u64::MAX.
    work as u64
}

/// [`simulate`] within `limits`: the work ([`simulation_work`]) is checked against
/// `limits.simulation_work` before any year is drawn.
pub fn simulate_within(request: &SimulateRequest, limits: &Limits) -> Result<Simulation> {
    limits.check_simulation(simulation_work(request))?;
    #[cfg(feature = "fault-injection")]
    super::fault::check_all(request.risks.iter().flatten());
    let checked = crate::checks::check(&request.document, None).map_err(in_document)?;
    quant::simulate(&checked, &request.options())
}

/// Puts together the simulation of `request` from the years of its risks, simulated apart with
/// the same request (split by `risks`, each part with `keep_samples`): the result is the one
/// `simulate` gives for the whole request (see [`quant::combine`]).
pub fn combine(request: &SimulateRequest, parts: Vec<RiskYears>) -> Result<Simulation> {
    let checked = crate::checks::check(&request.document, None).map_err(in_document)?;
    quant::combine(&checked, &request.options(), parts)
}
