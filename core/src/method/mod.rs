//! A risk methodology is data: scales, formula, bands and appetite, written by the organisation
//! and checked here.
//!
//! Ratings are level numbers: `likelihood: 3` is the third level of the likelihood scale. Each
//! level has a numeric `value` (its position unless given), which the formula combines:
//!
//! - `product`: likelihood value × impact value;
//! - `sum`: likelihood value + impact value;
//! - `max`: the larger of the two;
//! - `matrix`: an explicit score per cell, `scores[likelihood - 1][impact - 1]`.
//!
//! When impact is rated per security property (confidentiality, integrity, availability), the
//! impact level is combined from the three before the formula applies: `max` (the default: the
//! worst consequence counts) or `mean_round_up` (the mean of the three levels, rounded up).
//!
//! A method is valid when every achievable score (every cell of the likelihood × impact grid)
//! falls in exactly one band, bands ascend without overlapping, level values ascend, a matrix has
//! one row per likelihood level and one column per impact level, and the appetite names a band.

mod presets;
mod reference;

pub use presets::{PRESET_IDS, preset, presets};
pub use reference::{DEFAULT_METHOD, MethodRef};

use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Most levels a scale may have; beyond this a scale stops being a rating and becomes a measurement.
pub const MAX_LEVELS: usize = 100;

/// A risk assessment method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// Stable identifier (`iso27005-5x5`, or the organisation's own).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the method is for and how to use it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The likelihood scale, lowest level first.
    pub likelihood: Scale,
    /// The impact scale, lowest level first, optionally described per security property.
    pub impact: ImpactScale,
    /// How likelihood and impact combine into a score.
    pub formula: Formula,
    /// Score bands, lowest first; together they cover every achievable score exactly once.
    pub bands: Vec<Band>,
    /// The risk acceptance criteria.
    pub appetite: Appetite,
}

/// A rating scale: an ordered list of levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Levels, lowest first. Level `n` of a rating is `levels[n - 1]`.
    pub levels: Vec<Level>,
}

/// One level of a scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Short label (`Likely`).
    pub label: String,
    /// What the level means, so that two assessors pick the same one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The number the formula uses; the level's position (1, 2, …) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// The impact scale, with optional descriptions of each level per security property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImpactScale {
    /// Levels, lowest first.
    pub levels: Vec<Level>,
    /// Per-property scales, each with as many levels as `levels`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_property: Option<PropertyScales>,
    /// How per-property impact levels combine into one.
    #[serde(default)]
    pub combine: Combine,
}

/// Separate impact descriptions for confidentiality, integrity and availability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PropertyScales {
    /// Impact of disclosure.
    pub confidentiality: Scale,
    /// Impact of unauthorised change or loss of accuracy.
    pub integrity: Scale,
    /// Impact of the information or service being unavailable.
    pub availability: Scale,
}

/// How per-property impact levels combine into the impact level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The highest of the three levels.
    #[default]
    Max,
    /// The mean of the levels given, rounded up.
    MeanRoundUp,
}

/// How a likelihood value and an impact value become a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// Likelihood × impact.
    Product,
    /// Likelihood + impact.
    Sum,
    /// The larger of likelihood and impact.
    Max,
    /// An explicit lookup table.
    Matrix {
        /// `scores[l - 1][i - 1]` is the score of likelihood level `l` and impact level `i`.
        scores: Vec<Vec<f64>>,
    },
}

/// [`Formula`] as read: the internally tagged enum checks its content after reading the object,
/// so it is read inside a map visitor ([`crate::de::within_map`]) for errors to point at it.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum FormulaIn {
    Product,
    Sum,
    Max,
    Matrix { scores: Vec<Vec<f64>> },
}

impl<'de> Deserialize<'de> for Formula {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match crate::de::within_map(deserializer)? {
            FormulaIn::Product => Self::Product,
            FormulaIn::Sum => Self::Sum,
            FormulaIn::Max => Self::Max,
            FormulaIn::Matrix { scores } => Self::Matrix { scores },
        })
    }
}

/// A score band: every score from `min` to `max` (inclusive) falls in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Stable identifier (`high`).
    pub id: Arc<str>,
    /// Display label (`High`).
    pub label: String,
    /// Lowest score in the band.
    pub min: f64,
    /// Highest score in the band.
    pub max: f64,
    /// Display colour (`#d9534f`), for reports and heat maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// What the band means for treatment (for example who must decide and how fast).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The risk acceptance criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Appetite {
    /// The highest band whose risks may be accepted without treatment.
    pub max_band: String,
    /// The criteria in words, as the organisation states them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub statement: String,
}

/// An impact rating: one level (`4`), or one level per security property
/// (`{"confidentiality": 4, "availability": 2}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ImpactRating {
    /// A single impact level.
    Level(u32),
    /// Levels per security property; absent properties are not affected.
    PerProperty(PropertyLevels),
}

/// Impact levels per security property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PropertyLevels {
    /// Confidentiality impact level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<u32>,
    /// Integrity impact level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<u32>,
    /// Availability impact level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<u32>,
}

impl PropertyLevels {
    /// True when no property has a level.
    pub fn is_empty(&self) -> bool {
        self.confidentiality.is_none() && self.integrity.is_none() && self.availability.is_none()
    }

    /// The property-wise maximum of two sets of levels.
    #[must_use]
    pub fn max(self, other: Self) -> Self {
        let pick = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        Self {
            confidentiality: pick(self.confidentiality, other.confidentiality),
            integrity: pick(self.integrity, other.integrity),
            availability: pick(self.availability, other.availability),
        }
    }

    /// The same properties with each level passed through `f`.
    #[must_use]
    pub fn map(self, f: impl Fn(u32) -> u32) -> Self {
        Self {
            confidentiality: self.confidentiality.map(&f),
            integrity: self.integrity.map(&f),
            availability: self.availability.map(&f),
        }
    }
}

impl ImpactRating {
    /// The same rating with each level passed through `f`.
    #[must_use]
    pub fn map_levels(&self, f: impl Fn(u32) -> u32) -> Self {
        match self {
            Self::Level(level) => Self::Level(f(*level)),
            Self::PerProperty(levels) => Self::PerProperty(levels.map(f)),
        }
    }
}

impl<'de> Deserialize<'de> for ImpactRating {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RatingVisitor;
        impl<'de> serde::de::Visitor<'de> for RatingVisitor {
            type Value = ImpactRating;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an impact level or an object of levels per security property")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                u32::try_from(v)
                    .map(ImpactRating::Level)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                PropertyLevels::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ImpactRating::PerProperty)
            }
        }
        deserializer.deserialize_any(RatingVisitor)
    }
}

/// The outcome of rating one likelihood and impact under a method.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rating {
    /// Likelihood level.
    pub likelihood: u32,
    /// Impact level after combining per-property levels.
    pub impact: u32,
    /// The formula's score.
    pub score: f64,
    /// The id of the band the score falls in.
    pub band: Arc<str>,
    /// True when the band is above the appetite's highest acceptable band.
    pub above_appetite: bool,
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidMethod, path, message)
}

fn check_scale(levels: &[Level], path: &str) -> Result<()> {
    if levels.is_empty() || levels.len() > MAX_LEVELS {
        return Err(invalid(
            path,
            format!(
                "a scale needs 1 to {MAX_LEVELS} levels, found {}",
                levels.len()
            ),
        ));
    }
    let mut previous = f64::NEG_INFINITY;
    for (i, level) in levels.iter().enumerate() {
        let value = level_value(levels, i);
        if !value.is_finite() || value <= previous {
            return Err(invalid(
                format!("{path}/{i}/value"),
                format!(
                    "level values must be finite and strictly ascending; level {} has {value}",
                    i + 1
                ),
            ));
        }
        if level.label.trim().is_empty() {
            return Err(invalid(
                format!("{path}/{i}/label"),
                "a level needs a label",
            ));
        }
        previous = value;
    }
    Ok(())
}

fn level_value(levels: &[Level], index: usize) -> f64 {
    levels
        .get(index)
        .and_then(|l| l.value)
        .unwrap_or((index + 1) as f64)
}

impl Method {
    /// Checks the method; the error's path points at the first offending field.
    pub fn check(&self) -> Result<()> {
        if self.id.trim().is_empty() {
            return Err(invalid("/id", "a method needs an id"));
        }
        check_scale(&self.likelihood.levels, "/likelihood/levels")?;
        check_scale(&self.impact.levels, "/impact/levels")?;
        if let Some(per) = &self.impact.per_property {
            for (name, scale) in [
                ("confidentiality", &per.confidentiality),
                ("integrity", &per.integrity),
                ("availability", &per.availability),
            ] {
                let path = format!("/impact/per_property/{name}/levels");
                if scale.levels.len() != self.impact.levels.len() {
                    return Err(invalid(
                        path,
                        format!(
                            "the {name} scale has {} levels where the impact scale has {}",
                            scale.levels.len(),
                            self.impact.levels.len()
                        ),
                    ));
                }
                check_scale(&scale.levels, &path)?;
            }
        }
        if let Formula::Matrix { scores } = &self.formula {
            let (rows, cols) = (self.likelihood.levels.len(), self.impact.levels.len());
            if scores.len() != rows {
                return Err(invalid(
                    "/formula/scores",
                    format!(
                        "the matrix has {} rows where the likelihood scale has {rows} levels",
                        scores.len()
                    ),
                ));
            }
            for (r, row) in scores.iter().enumerate() {
                if row.len() != cols {
                    return Err(invalid(
                        format!("/formula/scores/{r}"),
                        format!(
                            "row {} has {} cells where the impact scale has {cols} levels",
                            r + 1,
                            row.len()
                        ),
                    ));
                }
                if let Some(c) = row.iter().position(|v| !v.is_finite()) {
                    return Err(invalid(
                        format!("/formula/scores/{r}/{c}"),
                        "a score must be a finite number",
                    ));
                }
            }
        }
        self.check_bands()?;
        if !self.bands.iter().any(|b| *b.id == *self.appetite.max_band) {
            return Err(invalid(
                "/appetite/max_band",
                format!(
                    "`{}` is not the id of a band of this method",
                    self.appetite.max_band
                ),
            ));
        }
        Ok(())
    }

    fn check_bands(&self) -> Result<()> {
        if self.bands.is_empty() {
            return Err(invalid("/bands", "a method needs at least one band"));
        }
        for (i, band) in self.bands.iter().enumerate() {
            if band.id.trim().is_empty() {
                return Err(invalid(format!("/bands/{i}/id"), "a band needs an id"));
            }
            if self.bands.iter().take(i).any(|b| b.id == band.id) {
                return Err(Error::new(
                    ErrorCode::DuplicateId,
                    format!("/bands/{i}/id"),
                    format!("band id `{}` is used twice", band.id),
                ));
            }
            if !(band.min.is_finite() && band.max.is_finite()) || band.min > band.max {
                return Err(invalid(
                    format!("/bands/{i}"),
                    format!("band `{}` runs from {} to {}", band.id, band.min, band.max),
                ));
            }
            if let Some(prev) = i.checked_sub(1).and_then(|p| self.bands.get(p))
                && band.min <= prev.max
            {
                return Err(invalid(
                    format!("/bands/{i}/min"),
                    format!(
                        "band `{}` starts at {} inside or below band `{}`, which ends at {}",
                        band.id, band.min, prev.id, prev.max
                    ),
                ));
            }
        }
        for l in 1..=self.likelihood.levels.len() {
            for i in 1..=self.impact.levels.len() {
                let score = self.score_levels(l, i);
                if self.band_index(score).is_none() {
                    return Err(invalid(
                        "/bands",
                        format!("score {score} (likelihood {l}, impact {i}) falls in no band"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The score of likelihood level `l` and impact level `i` (both 1-based, assumed in range).
    fn score_levels(&self, l: usize, i: usize) -> f64 {
        let lv = level_value(&self.likelihood.levels, l - 1);
        let iv = level_value(&self.impact.levels, i - 1);
        match &self.formula {
            Formula::Product => lv * iv,
            Formula::Sum => lv + iv,
            Formula::Max => lv.max(iv),
            Formula::Matrix { scores } => scores
                .get(l - 1)
                .and_then(|row| row.get(i - 1))
                .copied()
                .unwrap_or(f64::NAN),
        }
    }

    fn band_index(&self, score: f64) -> Option<usize> {
        self.bands
            .iter()
            .position(|b| b.min <= score && score <= b.max)
    }

    /// Every achievable score with its band, as a grid: `grid[l - 1][i - 1]`.
    pub fn grid(&self) -> Vec<Vec<(f64, usize)>> {
        (1..=self.likelihood.levels.len())
            .map(|l| {
                (1..=self.impact.levels.len())
                    .map(|i| {
                        let s = self.score_levels(l, i);
                        (s, self.band_index(s).unwrap_or(0))
                    })
                    .collect()
            })
            .collect()
    }

    /// Resolves an impact rating to one impact level. `path` points at the rating in the request.
    pub fn impact_level(&self, rating: &ImpactRating, path: &str) -> Result<u32> {
        let top = self.impact.levels.len();
        match rating {
            ImpactRating::Level(level) => in_scale(*level, top, path, "", "impact"),
            ImpactRating::PerProperty(PropertyLevels {
                confidentiality,
                integrity,
                availability,
            }) => {
                let mut given = Vec::with_capacity(3);
                for (name, level) in [
                    ("confidentiality", confidentiality),
                    ("integrity", integrity),
                    ("availability", availability),
                ] {
                    if let Some(level) = level {
                        given.push(in_scale(*level, top, path, name, "impact")?);
                    }
                }
                if given.is_empty() {
                    return Err(Error::new(
                        ErrorCode::SchemaViolation,
                        path,
                        "an impact rated per property needs at least one of confidentiality, integrity, availability",
                    ));
                }
                Ok(match self.impact.combine {
                    Combine::Max => given.iter().copied().max().unwrap_or(1),
                    Combine::MeanRoundUp => {
                        let sum: u32 = given.iter().sum();
                        let n = given.len() as u32;
                        sum.div_ceil(n)
                    }
                })
            }
        }
    }

    /// Rates a likelihood level and an impact rating; `path` is the pointer of the object holding
    /// `likelihood` and `impact` in the request.
    pub fn rate(&self, likelihood: u32, impact: &ImpactRating, path: &str) -> Result<Rating> {
        let l = in_scale(
            likelihood,
            self.likelihood.levels.len(),
            path,
            "likelihood",
            "likelihood",
        )?;
        let i = self
            .impact_level(impact, "")
            .map_err(|e| e.under(&format!("{path}/impact")))?;
        let score = self.score_levels(l as usize, i as usize);
        let index = self.band_index(score);
        let appetite = self
            .bands
            .iter()
            .position(|b| *b.id == *self.appetite.max_band);
        Ok(Rating {
            likelihood: l,
            impact: i,
            score,
            band: index
                .and_then(|b| self.bands.get(b))
                .map(|b| b.id.clone())
                .unwrap_or_default(),
            above_appetite: matches!((index, appetite), (Some(b), Some(a)) if b > a),
        })
    }
}

/// Checks a level against a scale of `top` levels; the error points at `{path}/{field}`.
fn in_scale(level: u32, top: usize, path: &str, field: &str, what: &str) -> Result<u32> {
    if level == 0 || level as usize > top {
        let at = if field.is_empty() {
            path.to_owned()
        } else {
            format!("{path}/{field}")
        };
        return Err(Error::new(
            ErrorCode::OutOfScale,
            at,
            format!("{what} level {level} is outside the method's scale of 1 to {top}"),
        ));
    }
    Ok(level)
}
