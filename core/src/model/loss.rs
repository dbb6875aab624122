//! The quantitative parameters of a risk as the document states them (`risk.quant`), and the
//! rules they must keep: every distribution describes a distribution, probabilities stay within
//! 0–1, percentiles within 0–100, frequencies and amounts are not negative.

use super::Extra;
use crate::error::{Error, ErrorCode, pointer_token};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The PERT weight of the most likely value when a distribution does not state its `confidence`.
pub const DEFAULT_CONFIDENCE: f64 = 4.0;

/// The largest amount, frequency or `mu` the engine accepts: beyond it, the numbers mean nothing.
pub const MAX_AMOUNT: f64 = 1e15;

/// A distribution of an uncertain quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// A (modified) PERT distribution: a beta distribution between `low` and `high` peaking at
    /// `mode`, the most likely value.
    Pert(Pert),
    /// A lognormal distribution, given by a 90 % interval (`low`, `high`: the 5th and 95th
    /// percentiles) or by `mu` and `sigma` of the logarithm.
    Lognormal(Lognormal),
    /// Always the same value.
    Constant(f64),
}

/// A PERT distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pert {
    /// The lowest plausible value.
    pub low: f64,
    /// The most likely value.
    pub mode: f64,
    /// The highest plausible value.
    pub high: f64,
    /// How strongly the mode is weighted (4 when absent): higher is more confident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A lognormal distribution: either `low` and `high` or `mu` and `sigma`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lognormal {
    /// The 5th percentile: one year in twenty is below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// The 95th percentile: one year in twenty is above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// The mean of the logarithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mu: Option<f64>,
    /// The standard deviation of the logarithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sigma: Option<f64>,
}

/// The quantitative (FAIR-style) parameters of a risk, in the organisation's currency per year.
///
/// How often a threat acts (`tef`), how often an act becomes a loss (`vulnerability`, or
/// `threat_capability` against `resistance_strength`), and what a loss costs (`primary_loss`,
/// and `secondary` losses such as fines or lost customers). See [`crate::quant`] for the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskQuant {
    /// Threat event frequency: threat events per year.
    pub tef: Distribution,
    /// The probability (0–1) that a threat event becomes a loss event; instead of
    /// `threat_capability` and `resistance_strength`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability: Option<Distribution>,
    /// The capability of the threat community acting, as a percentile (0–100) of all threat
    /// agents; a threat event becomes a loss event when it exceeds the resistance strength.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_capability: Option<Distribution>,
    /// How strong the asset's resistance is without the controls of `resistance_uplift`, on the
    /// same 0–100 percentile scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resistance_strength: Option<Distribution>,
    /// Percentile points each control (Annex A or custom id) adds to the resistance strength
    /// when implemented (half as much when partially implemented).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resistance_uplift: BTreeMap<String, f64>,
    /// Shares of the loss each control (Annex A or custom id) removes from every loss event
    /// when implemented (half as much when partially implemented): backups shorten an outage,
    /// insurance pays part of a fine. Controls that act on the same loss combine as successive
    /// cuts: two controls removing 50 % each leave 25 %.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub magnitude_reduction: BTreeMap<String, MagnitudeReduction>,
    /// The primary loss of one loss event (response, replacement, lost productivity).
    pub primary_loss: Distribution,
    /// Losses that follow a loss event only sometimes (fines, lost customers, reputation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<SecondaryLoss>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The shares (0–1) of a loss event's primary and secondary loss that a control removes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MagnitudeReduction {
    /// The share of the primary loss removed (0 when absent).
    #[serde(default)]
    pub primary: f64,
    /// The share of the secondary loss removed (0 when absent).
    #[serde(default)]
    pub secondary: f64,
}

/// Secondary loss: a probability per loss event and the magnitude when it happens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SecondaryLoss {
    /// The probability (0–1) that a loss event brings secondary loss.
    pub frequency: Distribution,
    /// The secondary loss when it happens.
    pub magnitude: Distribution,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a control costs, in the organisation's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ControlCost {
    /// Paid once, to put the control in place.
    #[serde(default)]
    pub one_off: f64,
    /// Paid every year to run it.
    #[serde(default)]
    pub yearly: f64,
}

/// One point of a loss tolerance curve: a year may lose `loss` or more with probability at most
/// `probability`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TolerancePoint {
    /// An annual loss, in the organisation's currency (more than zero).
    pub loss: f64,
    /// The highest tolerated probability (0–1) that a year loses `loss` or more.
    pub probability: f64,
}

/// What values a quantity may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Domain {
    /// A frequency or an amount: zero or more, at most [`MAX_AMOUNT`].
    NonNegative,
    /// A probability, 0–1; needs a bounded distribution.
    Probability,
    /// A percentile, 0–100; needs a bounded distribution.
    Percentile,
}

impl Domain {
    fn bounds(self) -> (f64, f64) {
        match self {
            Domain::NonNegative => (0.0, MAX_AMOUNT),
            Domain::Probability => (0.0, 1.0),
            Domain::Percentile => (0.0, 100.0),
        }
    }

    fn what(self) -> &'static str {
        match self {
            Domain::NonNegative => "zero or more (and at most 1e15)",
            Domain::Probability => "a probability from 0 to 1",
            Domain::Percentile => "a percentile from 0 to 100",
        }
    }
}

fn invalid(path: String, message: String) -> Error {
    Error::new(ErrorCode::InvalidValue, path, message)
}

fn shape(path: String, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::SchemaViolation, path, message)
}

/// Checks one distribution against the values its quantity may take. `path` points at the
/// distribution (`/risks/0/quant/tef`).
pub(crate) fn check_distribution(
    dist: &Distribution,
    domain: Domain,
    path: &str,
    errors: &mut Vec<Error>,
) {
    let (min, max) = domain.bounds();
    let within = |v: f64| v.is_finite() && v >= min && v <= max;
    match dist {
        Distribution::Constant(v) => {
            if !within(*v) {
                errors.push(invalid(
                    format!("{path}/constant"),
                    format!("the value `{v}` must be {}", domain.what()),
                ));
            }
        }
        Distribution::Pert(p) => {
            let path = format!("{path}/pert");
            let before = errors.len();
            for (name, v) in [("low", p.low), ("mode", p.mode), ("high", p.high)] {
                if !within(v) {
                    errors.push(invalid(
                        format!("{path}/{name}"),
                        format!("`{name}` is `{v}`; it must be {}", domain.what()),
                    ));
                }
            }
            if errors.len() == before {
                if p.low > p.high {
                    errors.push(invalid(
                        format!("{path}/high"),
                        format!("`high` ({}) is below `low` ({})", p.high, p.low),
                    ));
                } else if p.mode < p.low || p.mode > p.high {
                    errors.push(invalid(
                        format!("{path}/mode"),
                        format!(
                            "`mode` ({}) must lie between `low` ({}) and `high` ({})",
                            p.mode, p.low, p.high
                        ),
                    ));
                }
            }
            if let Some(c) = p.confidence
                && !(c.is_finite() && c > 0.0 && c <= 1000.0)
            {
                errors.push(invalid(
                    format!("{path}/confidence"),
                    format!(
                        "`confidence` is `{c}`; it must be above 0 (4 is usual) and at most 1000"
                    ),
                ));
            }
        }
        Distribution::Lognormal(l) => {
            let path = format!("{path}/lognormal");
            if domain != Domain::NonNegative {
                errors.push(invalid(
                    path,
                    format!(
                        "a lognormal distribution is unbounded; {} needs `pert` or `constant`",
                        domain.what()
                    ),
                ));
                return;
            }
            check_lognormal(l, &path, errors);
        }
    }
}

fn check_lognormal(l: &Lognormal, path: &str, errors: &mut Vec<Error>) {
    match (l.low, l.high, l.mu, l.sigma) {
        (Some(low), Some(high), None, None) => {
            let ok = |v: f64| v.is_finite() && v > 0.0 && v <= MAX_AMOUNT;
            if !ok(low) {
                errors.push(invalid(
                    format!("{path}/low"),
                    format!("`low` is `{low}`; it must be above 0 (and at most 1e15)"),
                ));
            } else if !ok(high) {
                errors.push(invalid(
                    format!("{path}/high"),
                    format!("`high` is `{high}`; it must be above 0 (and at most 1e15)"),
                ));
            } else if high < low {
                errors.push(invalid(
                    format!("{path}/high"),
                    format!("`high` ({high}) is below `low` ({low})"),
                ));
            } else if high > low * 1e12 {
                errors.push(invalid(
                    format!("{path}/high"),
                    format!("`high` ({high}) is more than 1e12 times `low` ({low})"),
                ));
            }
        }
        (None, None, Some(mu), Some(sigma)) => {
            if !(mu.is_finite() && mu.abs() <= 34.5) {
                errors.push(invalid(
                    format!("{path}/mu"),
                    format!("`mu` is `{mu}`; it must lie between -34.5 and 34.5"),
                ));
            }
            if !(sigma.is_finite() && (0.0..=10.0).contains(&sigma)) {
                errors.push(invalid(
                    format!("{path}/sigma"),
                    format!("`sigma` is `{sigma}`; it must be from 0 to 10"),
                ));
            }
        }
        (low, high, mu, sigma) => {
            let missing = match (low, high, mu, sigma) {
                (Some(_), None, None, None) => "high",
                (None, Some(_), None, None) => "low",
                (None, None, Some(_), None) => "sigma",
                (None, None, None, Some(_)) => "mu",
                (None, None, None, None) => "low",
                _ => "",
            };
            let (at, message) = if missing.is_empty() {
                (
                    path.to_owned(),
                    "give either `low` and `high` (a 90 % interval) or `mu` and `sigma`, not both",
                )
            } else {
                (
                    format!("{path}/{missing}"),
                    "a lognormal distribution needs `low` and `high` (a 90 % interval) or `mu` and `sigma`",
                )
            };
            errors.push(shape(at, message));
        }
    }
}

/// Checks the quantitative parameters of one risk; `path` points at them (`/risks/0/quant`).
/// Control references of `resistance_uplift` are checked with the document's other references.
pub(crate) fn check(quant: &RiskQuant, path: &str, errors: &mut Vec<Error>) {
    check_distribution(
        &quant.tef,
        Domain::NonNegative,
        &format!("{path}/tef"),
        errors,
    );
    match (
        &quant.vulnerability,
        &quant.threat_capability,
        &quant.resistance_strength,
    ) {
        (Some(v), None, None) => {
            check_distribution(
                v,
                Domain::Probability,
                &format!("{path}/vulnerability"),
                errors,
            );
        }
        (None, Some(tcap), Some(rs)) => {
            check_distribution(
                tcap,
                Domain::Percentile,
                &format!("{path}/threat_capability"),
                errors,
            );
            check_distribution(
                rs,
                Domain::Percentile,
                &format!("{path}/resistance_strength"),
                errors,
            );
        }
        (Some(_), _, _) => errors.push(shape(
            format!("{path}/vulnerability"),
            "give either `vulnerability` or `threat_capability` and `resistance_strength`, not both",
        )),
        (None, None, None) => errors.push(shape(
            format!("{path}/vulnerability"),
            "missing field `vulnerability` (or `threat_capability` and `resistance_strength`)",
        )),
        (None, Some(_), None) => errors.push(shape(
            format!("{path}/resistance_strength"),
            "missing field `resistance_strength`: threat capability is measured against it",
        )),
        (None, None, Some(_)) => errors.push(shape(
            format!("{path}/threat_capability"),
            "missing field `threat_capability`: resistance strength is measured against it",
        )),
    }
    if !quant.resistance_uplift.is_empty() && quant.resistance_strength.is_none() {
        errors.push(shape(
            format!("{path}/resistance_uplift"),
            "controls raise `resistance_strength`, which this risk does not state",
        ));
    }
    for (control, points) in &quant.resistance_uplift {
        if !(points.is_finite() && (0.0..=100.0).contains(points)) {
            errors.push(invalid(
                format!("{path}/resistance_uplift/{}", pointer_token(control)),
                format!("the uplift `{points}` must be from 0 to 100 percentile points"),
            ));
        }
    }
    for (control, cut) in &quant.magnitude_reduction {
        let at = format!("{path}/magnitude_reduction/{}", pointer_token(control));
        for (name, share) in [("primary", cut.primary), ("secondary", cut.secondary)] {
            if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
                errors.push(invalid(
                    format!("{at}/{name}"),
                    format!("the share `{share}` of the {name} loss removed must be from 0 to 1"),
                ));
            }
        }
        if cut.secondary != 0.0 && quant.secondary.is_none() {
            errors.push(shape(
                format!("{at}/secondary"),
                "the control cuts the secondary loss, which this risk does not state",
            ));
        }
    }
    check_distribution(
        &quant.primary_loss,
        Domain::NonNegative,
        &format!("{path}/primary_loss"),
        errors,
    );
    if let Some(secondary) = &quant.secondary {
        check_distribution(
            &secondary.frequency,
            Domain::Probability,
            &format!("{path}/secondary/frequency"),
            errors,
        );
        check_distribution(
            &secondary.magnitude,
            Domain::NonNegative,
            &format!("{path}/secondary/magnitude"),
            errors,
        );
    }
}

/// Checks what a control costs; `path` points at it (`/controls/0/cost`).
pub(crate) fn check_cost(cost: &ControlCost, path: &str, errors: &mut Vec<Error>) {
    for (name, value) in [("one_off", cost.one_off), ("yearly", cost.yearly)] {
        if !(value.is_finite() && (0.0..=MAX_AMOUNT).contains(&value)) {
            errors.push(invalid(
                format!("{path}/{name}"),
                format!("the cost `{value}` must be zero or more (and at most 1e15)"),
            ));
        }
    }
}

/// Checks a loss tolerance curve: losses above zero and ascending, probabilities from 0 to 1
/// and not rising with the loss. `path` points at it (`/organisation/loss_tolerance`).
pub(crate) fn check_tolerance(points: &[TolerancePoint], path: &str, errors: &mut Vec<Error>) {
    let mut previous: Option<&TolerancePoint> = None;
    for (i, point) in points.iter().enumerate() {
        if !(point.loss.is_finite() && point.loss > 0.0 && point.loss <= MAX_AMOUNT) {
            errors.push(invalid(
                format!("{path}/{i}/loss"),
                format!(
                    "the loss `{}` must be more than zero (and at most 1e15)",
                    point.loss
                ),
            ));
        } else if let Some(p) = previous.filter(|p| p.loss >= point.loss) {
            errors.push(invalid(
                format!("{path}/{i}/loss"),
                format!(
                    "the loss `{}` is not above the previous point's `{}`; list the points by ascending loss",
                    point.loss, p.loss
                ),
            ));
        }
        if !(0.0..=1.0).contains(&point.probability) {
            errors.push(invalid(
                format!("{path}/{i}/probability"),
                format!(
                    "the probability `{}` must be from 0 to 1",
                    point.probability
                ),
            ));
        } else if let Some(p) = previous.filter(|p| p.probability < point.probability) {
            errors.push(invalid(
                format!("{path}/{i}/probability"),
                format!(
                    "the probability `{}` is above the previous point's `{}`: a larger loss cannot be tolerated more often",
                    point.probability, p.probability
                ),
            ));
        }
        previous = Some(point);
    }
}

/// Checks a currency code: three capital letters (ISO 4217, `EUR`).
pub(crate) fn check_currency(code: &str, path: &str, errors: &mut Vec<Error>) {
    if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
        errors.push(shape(
            path.to_owned(),
            format!("`{code}` is not a currency code; write three capital letters such as `EUR`"),
        ));
    }
}
