//! Quantitative risk: FAIR-style Monte Carlo simulation of annual loss, in money.
//!
//! A risk with quantitative parameters (`risk.quant`, [`RiskQuant`]) states, as distributions
//! ([`Distribution`]: PERT, lognormal from a 90 % interval or from `mu` and `sigma`, constant):
//!
//! - `tef`, the threat event frequency: threat events per year;
//! - either `vulnerability`, the probability that a threat event becomes a loss event, or
//!   `threat_capability` and `resistance_strength`, percentiles (0–100) of the threat community
//!   and of the asset's resistance: a threat event becomes a loss event when the threat's
//!   capability exceeds the resistance;
//! - `primary_loss`, the loss of one loss event, and optionally `secondary`: the probability that
//!   a loss event brings secondary loss (`frequency`) and its `magnitude`.
//!
//! **Event model** (the default). Each simulated year of a risk draws, in this order: the year's
//! threat event frequency λ, the number of threat events `n ~ Poisson(λ)`; when `n > 0`, the
//! year's vulnerability (or resistance strength: the organisation's resistance is uncertain but
//! the same all year) and, for each threat event, the test (a uniform draw against the
//! vulnerability, or a fresh threat capability against the resistance); when there are loss
//! events, the year's secondary loss probability and, for each loss event, its primary loss and,
//! with that probability, a secondary loss. The year's loss is the sum over its loss events.
//! Frequencies above 1,000,000 events per year are taken as 1,000,000, and a request whose
//! expected number of threat events exceeds 10⁹ is refused (`invalid_value` at `/iterations`):
//! use the shortcut model.
//!
//! **Shortcut model** (`model: "shortcut"`). Each year draws one frequency, one vulnerability
//! (against resistance: 1 when one threat capability draw exceeds one resistance draw, else 0),
//! one primary loss and one secondary probability and magnitude, and takes
//! `frequency × vulnerability × (primary + probability × secondary)`: the classic
//! frequency × magnitude product. Its mean is the same as the event model's, its spread is not.
//!
//! **Treatment.** `resistance_uplift` names controls and the percentile points each adds to the
//! resistance strength: all of them when the control's record says `implemented`, half when
//! `partially_implemented`, none when planned, not implemented, not applicable or unrecorded. The
//! inherent years have no uplift; the residual years are the same years, the same draws, with the
//! uplift added to the resistance (at most 100): the same threat events meet a stronger
//! resistance, so fewer become loss events, and the loss events that remain have the losses of
//! the first ones before treatment. No treated year loses more than its untreated twin, and the
//! reduction is not drowned in sampling noise. Both come out of one pass over the years.
//!
//! **Smaller losses.** `magnitude_reduction` names controls and the shares (0–1) of each loss
//! event's primary and secondary loss they remove, with the same rule of status (all, half,
//! none). Shares on the same loss combine as successive cuts (`1 − (1 − a)(1 − b)`). A treated
//! loss event is its untreated twin with each part cut: the same draws, never a larger loss.
//!
//! **Scenarios.** `assume` reads statuses as others for one simulation (`planned` as
//! `implemented`: the loss after the planned treatment); the result is the one of the document
//! with those statuses recorded. With `sensitivity`, each control acting on a risk is simulated
//! again for that risk, not implemented and fully implemented, every other control as recorded,
//! from the same streams: [`ControlSensitivity`] gives the residual ALE of each risk and of the
//! portfolio (the recorded one plus the risks' differences) in the three cases, largest swing
//! first. A control already implemented has `full` equal to `as_is`, bit for bit.
//!
//! **Determinism.** Each risk has its own Xoshiro256++ streams, seeded through SplitMix64 from the
//! request's seed and the FNV-1a hash of the risk's id (in the event model three: frequencies and
//! counts, tests, and losses, each drawn from in the order of the years): a risk's numbers do not
//! change when other risks are added, removed, reordered or filtered out. The samplers (`quant/sample.rs`) use integer arithmetic,
//! IEEE operations in a fixed order and `libm` (never the platform's maths library), so native
//! code, WebAssembly and the Python extension give the same bits. The portfolio adds the risks'
//! years in document order. The distributions are sampled exactly (`quant/sample.rs` names the
//! methods: ziggurats, a step-envelope rejection sampler for PERT, exponential spacings and
//! inversion for Poisson).
//!
//! **Threads.** With the `parallel` feature (native builds and the Python package) the risks are
//! simulated on `threads` threads (every core by default), each thread taking the next risk as it
//! finishes one, at most eight risks per thread ahead of the portfolio, while the calling thread
//! adds the finished risks to the portfolio in document order; the portfolio's inherent and
//! residual years are then sorted and summarised at the same time. The numbers are the same bits
//! for any number of threads. Without it (WebAssembly) `threads` is accepted and the simulation
//! runs on the calling thread. A portfolio may also be split by risks across processes or
//! machines (`risks` and `keep_samples` on each, [`combine`] where the parts meet) with the same
//! bits as one run.
//!
//! **Correlation** ([`copula`]): a matrix over risk ids applied with a Gaussian copula that
//! reorders each correlated risk's years (by annual loss or by threat event count); each risk
//! keeps its own years, so its statistics do not change, and the portfolio carries the dependence.
//!
//! **Tolerance and return.** The organisation's `loss_tolerance` (points: a year may lose `loss`
//! or more with at most `probability`) is checked against the portfolio's curves at each point
//! ([`ToleranceCheck`]); when the residual curve is above a point, the simulation carries a
//! `loss_tolerance_exceeded` finding. A control record's `cost` (one-off and yearly) counts for
//! the risks it raises the resistance of: [`Investment`] gives, per risk and for the portfolio
//! (each control once), the annual cost (one-off costs spread over `amortisation_years`) and the
//! return on security investment, `(inherent ALE − residual ALE − annual cost) / annual cost`.
//!
//! **Results** ([`Simulation`]): for each risk and for the portfolio, inherent and residual
//! annualised loss expectancy, standard deviation, median, 90th/95th/99th percentiles, value at
//! risk and expected shortfall at the requested confidence, the worst year, the share of years
//! with a loss, mean event counts ([`stats`] defines each), the reduction, and the loss exceedance
//! curves on a shared logarithmic grid. Only a few arrays of years are held at a time (the
//! inherent and residual years of the risks being simulated, eight per thread, the portfolio's, and
//! their sorted positive values), unless `keep_samples` asks for every year of every risk.

pub mod copula;
mod sample;
mod simulate;
pub mod stats;
mod threads;

pub use crate::model::loss::{
    ControlCost, DEFAULT_CONFIDENCE, Distribution, Lognormal, MAX_AMOUNT, MagnitudeReduction, Pert,
    RiskQuant, SecondaryLoss, TolerancePoint,
};
pub use copula::{CopulaOn, Correlation};
pub use simulate::{
    ControlSensitivity, ControlUplift, Investment, LossModel, LossReduction, MAX_EXPECTED_EVENTS,
    MAX_ITERATIONS, MAX_KEPT_SAMPLES, MAX_LEC_POINTS, MAX_TEF, MAX_THREADS, Options, PortfolioLoss,
    RiskLoss, RiskSensitivity, RiskYears, Samples, Simulation, ToleranceCheck, combine, simulate,
};
pub use stats::{Lec, LossStats};

/// The mean of a distribution (closed form): the expected threat events a year of a `tef`,
/// for the work a simulation would do (`api::simulation_work`).
pub(crate) fn mean_of(distribution: &Distribution) -> f64 {
    sample::Sampler::new(distribution).mean()
}
