//! Risk operations: the shipped methods (`risk_methods`), checking a method (`check_method`),
//! rating (`rate`), the scored register (`analyse`), moving a document to another method
//! (`rerate`), and the starter threat catalogue (`threats`).

use super::document::in_document;
use crate::analysis::{self, Analysis};
use crate::error::Result;
use crate::model::{AssetType, Date, Document};
use crate::risk::rerate::{self, BandChange, Mapping};
use crate::risk::threats::{self, Threat, Vulnerability};
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

/// Request of `analyse`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnalyseRequest {
    /// The document.
    pub document: Document,
    /// How many risks the top list holds (10 when absent).
    #[serde(default = "ten")]
    pub top: usize,
    /// Today, to mark overdue actions.
    #[serde(default)]
    pub as_of: Option<Date>,
    /// Count closed risks in the heat maps, totals, top list and counts too (they are left out
    /// but for the count by status when absent).
    #[serde(default)]
    pub include_closed: bool,
}

fn ten() -> usize {
    10
}

/// `analyse`: the scored register with heat maps, counts, the top risks and the treatment plan.
///
/// The analysis borrows from the checked document, so it is handed to `with` rather than
/// returned: `analyse(&request, |analysis| serde_json::to_string(analysis))`.
pub fn analyse<R>(request: &AnalyseRequest, with: impl FnOnce(&Analysis<'_>) -> R) -> Result<R> {
    // Scored without looking for findings: an analysis reports none.
    let checked = crate::checks::score(&request.document).map_err(in_document)?;
    let analysis = analysis::analyse(
        &checked,
        request.top,
        request.as_of.as_ref(),
        request.include_closed,
    );
    Ok(with(&analysis))
}

/// Request of `rerate`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RerateRequest {
    /// The document, under its current method.
    pub document: Document,
    /// The method to move to: a preset id or a method object.
    pub method: MethodRef,
    /// New likelihood level of each old level; the interval-centre mapping when absent.
    #[serde(default)]
    pub likelihood_map: Option<Vec<u32>>,
    /// New impact level of each old level; the interval-centre mapping when absent.
    #[serde(default)]
    pub impact_map: Option<Vec<u32>>,
}

/// Response of `rerate`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rerated {
    /// The document under the new method.
    pub document: Document,
    /// The method moved from.
    pub from: String,
    /// The method moved to.
    pub to: String,
    /// The level maps applied.
    pub mapping: Mapping,
    /// Every risk whose band changed (inherent or residual), in document order.
    pub changed: Vec<BandChange>,
    /// How many risks kept their bands.
    pub unchanged: usize,
}

/// `rerate`: moves a document to another method, mapping every rating, and reports each risk
/// whose band changed.
pub fn rerate(request: RerateRequest) -> Result<Rerated> {
    let before = crate::checks::check(&request.document, None).map_err(in_document)?;
    let new_method = request.method.resolve("/method")?;
    let mapping = rerate::mapping(
        &before.method,
        &new_method,
        request.likelihood_map,
        request.impact_map,
    )?;
    let document = rerate::remap(&request.document, request.method.clone(), &mapping);
    let after = crate::checks::check(&document, None).map_err(in_document)?;
    let band = |r: &Option<Rating>| r.as_ref().map(|r| r.band.clone());
    let mut changed = Vec::new();
    for ((risk, old), new) in request
        .document
        .risks
        .iter()
        .zip(&before.risks)
        .zip(&after.risks)
    {
        if band(&old.inherent) != band(&new.inherent) || band(&old.residual) != band(&new.residual)
        {
            changed.push(BandChange {
                risk: risk.id.clone(),
                inherent_before: old.inherent.clone(),
                inherent_after: new.inherent.clone(),
                residual_before: old.residual.clone(),
                residual_after: new.residual.clone(),
                appetite_changed: old.current().map(|r| r.above_appetite)
                    != new.current().map(|r| r.above_appetite),
            });
        }
    }
    let unchanged = before.risks.len() - changed.len();
    let (from, to) = (before.method.id.clone(), after.method.id.clone());
    Ok(Rerated {
        document,
        from,
        to,
        mapping,
        changed,
        unchanged,
    })
}

/// Request of `threats`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ThreatsRequest {
    /// Only entries concerning this asset type.
    #[serde(default)]
    pub asset_type: Option<AssetType>,
    /// Only entries that this Annex A control addresses.
    #[serde(default)]
    pub control: Option<String>,
}

/// Response of `threats`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Threats {
    /// Threats, in catalogue order.
    pub threats: Vec<Threat>,
    /// Vulnerabilities, in catalogue order.
    pub vulnerabilities: Vec<Vulnerability>,
}

/// `threats`: the starter threat and vulnerability catalogue, optionally filtered.
pub fn threats(request: &ThreatsRequest) -> Result<Threats> {
    let control = match &request.control {
        Some(id) => Some(crate::catalogue::resolve(id, "/control")?.id),
        None => None,
    };
    let catalogue = threats::catalogue()?;
    let keep = |types: &[AssetType], controls: &[String]| {
        request.asset_type.is_none_or(|t| types.contains(&t))
            && control.is_none_or(|c| controls.iter().any(|x| x == c))
    };
    Ok(Threats {
        threats: catalogue
            .threats
            .into_iter()
            .filter(|t| keep(&t.asset_types, &t.controls))
            .collect(),
        vulnerabilities: catalogue
            .vulnerabilities
            .into_iter()
            .filter(|v| keep(&v.asset_types, &v.controls))
            .collect(),
    })
}
