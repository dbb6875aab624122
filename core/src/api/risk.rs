//! Risk method operations: `risk_methods`, `check_method`, `rate`.

use crate::error::Result;
use crate::risk::{self, ImpactRating, Method, MethodRef, Rating};
use serde::{Deserialize, Serialize};

/// Request of `risk_methods`: takes no fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RiskMethodsRequest {}

/// `risk_methods`: the shipped methods, complete, in offer order.
pub fn risk_methods(_request: &RiskMethodsRequest) -> Result<Vec<Method>> {
    risk::presets()
}

/// Request of `check_method`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckMethodRequest {
    /// The method to check: a preset id or a method object.
    pub method: MethodRef,
}

/// One cell of a method's grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Cell"))]
pub struct GridCell {
    /// The score of the cell.
    pub score: f64,
    /// The id of its band.
    pub band: std::sync::Arc<str>,
}

/// A checked method with everything a heat map or a form needs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckedMethod {
    /// The method as the engine read it.
    pub method: Method,
    /// `grid[l - 1][i - 1]`: score and band of likelihood level `l` and impact level `i`.
    pub grid: Vec<Vec<GridCell>>,
    /// Lowest and highest achievable score.
    pub score_range: [f64; 2],
}

/// `check_method`: validates a method and returns its grid; a broken rule is `invalid_method`
/// with the pointer of the field at fault.
pub fn check_method(request: &CheckMethodRequest) -> Result<CheckedMethod> {
    let method = request.method.resolve("/method")?;
    let grid: Vec<Vec<GridCell>> = method
        .grid()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(score, band)| GridCell {
                    score,
                    band: method
                        .bands
                        .get(band)
                        .map(|b| b.id.clone())
                        .unwrap_or_else(|| "".into()),
                })
                .collect()
        })
        .collect();
    let scores = grid.iter().flatten().map(|c| c.score);
    let low = scores.clone().fold(f64::INFINITY, f64::min);
    let high = scores.fold(f64::NEG_INFINITY, f64::max);
    Ok(CheckedMethod {
        method,
        grid,
        score_range: [low, high],
    })
}

/// Request of `rate`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateRequest {
    /// The method: a preset id or a method object.
    pub method: MethodRef,
    /// Likelihood level, 1-based.
    pub likelihood: u32,
    /// Impact level, or levels per security property.
    pub impact: ImpactRating,
}

/// `rate`: score, band and appetite verdict of one likelihood and impact under a method.
pub fn rate(request: &RateRequest) -> Result<Rating> {
    let method = request.method.resolve("/method")?;
    method.rate(request.likelihood, &request.impact, "")
}
