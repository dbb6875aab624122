//! Scoring the risks of a register: inherent and residual rating, and the rule that derives a
//! residual rating from the linked controls when the register does not state one.
//!
//! **Residual rule.** Each control linked to a risk (in `risk.controls` or in the actions of its
//! treatment plan) has an effectiveness `e` between 0 and 1: the measured value of its record
//! (`effectiveness`) when given, otherwise 0.5 when implemented, 0.25 when partially implemented
//! and 0 when planned, not implemented, not applicable or without a record. Preventive controls
//! act on likelihood; detective and corrective controls act on impact (per the ISO/IEC 27002
//! control-type attribute; a custom control without a type counts as preventive). The controls
//! acting on one axis combine as independent barriers, `c = 1 − Π(1 − e)`, and the residual level
//! on that axis is `1 + ⌈(inherent − 1) × (1 − c)⌉`: the distance above the lowest level shrinks
//! by `c`, rounded towards the more cautious level. Impact rated per property is reduced property
//! by property. A residual rating stated in the register always wins over the derived one; a
//! stated residual without impact keeps the inherent impact.

use super::{ImpactRating, Method, PropertyLevels, Rating};
use crate::error::Result;
use serde::Serialize;

/// Effectiveness assumed for an implemented control without a measured value.
pub const IMPLEMENTED_EFFECTIVENESS: f64 = 0.5;
/// Effectiveness assumed for a partially implemented control without a measured value.
pub const PARTIAL_EFFECTIVENESS: f64 = 0.25;

/// What one linked control contributes to a risk's residual rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ControlEffect {
    /// Effectiveness from 0 to 1.
    pub effectiveness: f64,
    /// It lowers likelihood (preventive).
    pub on_likelihood: bool,
    /// It lowers impact (detective or corrective).
    pub on_impact: bool,
}

/// The combined reduction of a set of controls on each axis, from 0 (none) to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reduction {
    /// Reduction of the distance of likelihood above its lowest level.
    pub likelihood: f64,
    /// Reduction of the distance of impact above its lowest level.
    pub impact: f64,
}

impl Reduction {
    /// Combines control effects as independent barriers.
    pub fn of(effects: &[ControlEffect]) -> Self {
        let (mut keep_l, mut keep_i) = (1.0, 1.0);
        for effect in effects {
            let e = effect.effectiveness.clamp(0.0, 1.0);
            if effect.on_likelihood {
                keep_l *= 1.0 - e;
            }
            if effect.on_impact {
                keep_i *= 1.0 - e;
            }
        }
        Self {
            likelihood: 1.0 - keep_l,
            impact: 1.0 - keep_i,
        }
    }
}

/// Lowers a level by a reduction, rounding towards the higher (more cautious) level.
pub fn reduce(level: u32, reduction: f64) -> u32 {
    let above = f64::from(level.saturating_sub(1)) * (1.0 - reduction.clamp(0.0, 1.0));
    // The small tolerance keeps 2.0000000001 from becoming 3 through float noise.
    let kept = (above - 1e-9).ceil().max(0.0);
    1 + kept as u32
}

/// A risk's ratings under the document's method (in the order of the document's risks).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoredRisk {
    /// The rating before treatment; absent when the risk is not rated yet.
    pub inherent: Option<Rating>,
    /// The rating after treatment, stated or derived.
    pub residual: Option<Rating>,
    /// True when the residual rating was derived from the linked controls.
    pub residual_derived: bool,
    /// True when the inherent impact was taken from the valuation of the risk's assets.
    pub impact_from_assets: bool,
    /// The reduction applied when the residual rating was derived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduction: Option<Reduction>,
}

impl ScoredRisk {
    /// The rating that counts now: residual when known, else inherent.
    pub fn current(&self) -> Option<&Rating> {
        self.residual.as_ref().or(self.inherent.as_ref())
    }
}

/// The ratings of one risk as the register states them.
#[derive(Debug, Clone, Copy)]
pub struct RiskRatings<'a> {
    /// Inherent likelihood and impact, if rated.
    pub inherent: Option<(u32, Option<&'a ImpactRating>)>,
    /// Residual likelihood and impact, if stated.
    pub residual: Option<(u32, Option<&'a ImpactRating>)>,
}

/// Scores one risk. `asset_impact` is the effective valuation of its assets, used when the
/// inherent impact is not stated; `effects` are its linked controls. Error paths are relative to
/// the risk (`/inherent/likelihood`).
pub fn score(
    method: &Method,
    ratings: RiskRatings<'_>,
    asset_impact: Option<PropertyLevels>,
    effects: &[ControlEffect],
) -> Result<ScoredRisk> {
    let from_assets = asset_impact.map(ImpactRating::PerProperty);
    let mut scored = ScoredRisk {
        inherent: None,
        residual: None,
        residual_derived: false,
        impact_from_assets: false,
        reduction: None,
    };
    let inherent_impact = match ratings.inherent {
        Some((likelihood, stated)) => {
            let impact = stated.or(from_assets.as_ref());
            if let Some(impact) = impact {
                scored.impact_from_assets = stated.is_none();
                scored.inherent = Some(method.rate(likelihood, impact, "/inherent")?);
            }
            impact.map(|i| (likelihood, i))
        }
        None => None,
    };
    match (ratings.residual, inherent_impact) {
        (Some((likelihood, Some(impact))), _) => {
            scored.residual = Some(method.rate(likelihood, impact, "/residual")?);
        }
        (Some((likelihood, None)), Some((_, impact))) => {
            // The stated impact may be an inherent one taken from assets; it was checked above.
            scored.residual = Some(method.rate(likelihood, impact, "/residual")?);
        }
        (Some((likelihood, None)), None) => {
            // No impact anywhere: only the likelihood can be checked.
            method.rate(likelihood, &ImpactRating::Level(1), "/residual")?;
        }
        (None, Some((likelihood, impact))) => {
            let reduction = Reduction::of(effects);
            let residual_l = reduce(likelihood, reduction.likelihood);
            let residual_i = impact.map_levels(|level| reduce(level, reduction.impact));
            scored.residual = Some(method.rate(residual_l, &residual_i, "")?);
            scored.residual_derived = true;
            scored.reduction = Some(reduction);
        }
        (None, None) => {}
    }
    Ok(scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduction_moves_towards_the_lowest_level_and_rounds_cautiously() {
        assert_eq!(reduce(5, 0.0), 5);
        assert_eq!(reduce(5, 0.5), 3);
        assert_eq!(reduce(5, 0.75), 2);
        assert_eq!(reduce(5, 1.0), 1);
        assert_eq!(reduce(2, 0.5), 2);
        assert_eq!(reduce(1, 0.9), 1);
        assert_eq!(reduce(4, 1.0 / 3.0), 3);
    }

    #[test]
    fn barriers_combine_independently() {
        let effect = |e, l, i| ControlEffect {
            effectiveness: e,
            on_likelihood: l,
            on_impact: i,
        };
        let r = Reduction::of(&[effect(0.5, true, false), effect(0.5, true, true)]);
        assert!((r.likelihood - 0.75).abs() < 1e-12);
        assert!((r.impact - 0.5).abs() < 1e-12);
        assert_eq!(Reduction::of(&[]), Reduction::default());
    }
}
