//! Moving a document to another risk method without losing a rating.
//!
//! **Mapping rule.** Each level of the old scale covers an equal slice of the range from lowest
//! to highest; level `k` of `n` is mapped to the level of the new scale (of `m` levels) whose
//! slice holds the centre of the old slice: `⌈(k − ½) / n × m⌉`. The lowest level stays the
//! lowest, the highest stays the highest, a scale mapped to one of the same size is unchanged,
//! and 5 levels map to 3 as 1, 1, 2, 3, 3. A caller may give the mapping explicitly instead
//! (`likelihood_map`, `impact_map`: the new level of each old level, in order).
//!
//! Every stated rating (inherent, residual, per-property impact) and every asset valuation is
//! mapped, the method is replaced, and the document is scored again under the new method. The
//! report lists each risk whose band changed, with both ratings, so nothing changes unseen.

use super::{Method, Rating};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Assessment, Document};
use crate::risk::MethodRef;
use serde::Serialize;

/// The default mapping of a scale of `from` levels onto one of `to` levels: `map[k - 1]` is the
/// new level of old level `k`.
pub fn default_map(from: usize, to: usize) -> Vec<u32> {
    (1..=from)
        .map(|k| {
            let centre = (k as f64 - 0.5) / from as f64 * to as f64;
            ((centre - 1e-9).ceil().max(1.0) as u32).min(to as u32)
        })
        .collect()
}

/// The level maps used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mapping {
    /// New likelihood level of each old level.
    pub likelihood: Vec<u32>,
    /// New impact level of each old level.
    pub impact: Vec<u32>,
}

/// A risk whose band changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BandChange {
    /// The risk's id.
    pub risk: String,
    /// Inherent rating under the old method.
    pub inherent_before: Option<Rating>,
    /// Inherent rating under the new method.
    pub inherent_after: Option<Rating>,
    /// Residual rating under the old method.
    pub residual_before: Option<Rating>,
    /// Residual rating under the new method.
    pub residual_after: Option<Rating>,
    /// True when the risk's appetite verdict (as rated now) changed.
    pub appetite_changed: bool,
}

/// Checks an explicit map: one entry per old level, each a level of the new scale.
pub fn check_map(map: &[u32], from: usize, to: usize, path: &str) -> Result<()> {
    if map.len() != from {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            path,
            format!(
                "the map has {} entries where the old scale has {from} levels",
                map.len()
            ),
        ));
    }
    if let Some((k, level)) = map
        .iter()
        .enumerate()
        .find(|(_, l)| **l == 0 || **l as usize > to)
    {
        return Err(Error::new(
            ErrorCode::OutOfScale,
            format!("{path}/{k}"),
            format!("level {level} is outside the new scale of 1 to {to}"),
        ));
    }
    Ok(())
}

fn map_level(map: &[u32], level: u32) -> u32 {
    level
        .checked_sub(1)
        .and_then(|k| map.get(k as usize))
        .copied()
        .unwrap_or(level)
}

fn map_assessment(mapping: &Mapping, a: &mut Assessment) {
    a.likelihood = map_level(&mapping.likelihood, a.likelihood);
    if let Some(impact) = &a.impact {
        a.impact = Some(impact.map_levels(|l| map_level(&mapping.impact, l)));
    }
}

/// Rewrites a document's ratings and valuations onto a new method. The old method and the
/// mapping must already be checked.
pub fn remap(document: &Document, new_method: MethodRef, mapping: &Mapping) -> Document {
    let mut doc = document.clone();
    doc.method = Some(new_method);
    for asset in &mut doc.assets {
        asset.valuation = asset.valuation.map(|l| map_level(&mapping.impact, l));
    }
    for risk in &mut doc.risks {
        if let Some(a) = &mut risk.inherent {
            map_assessment(mapping, a);
        }
        if let Some(a) = &mut risk.residual {
            map_assessment(mapping, a);
        }
    }
    doc
}

/// The default or explicit mapping from `old` to `new`; `path` prefixes errors in explicit maps.
pub fn mapping(
    old: &Method,
    new: &Method,
    likelihood: Option<Vec<u32>>,
    impact: Option<Vec<u32>>,
) -> Result<Mapping> {
    let (lf, lt) = (old.likelihood.levels.len(), new.likelihood.levels.len());
    let (i_from, i_to) = (old.impact.levels.len(), new.impact.levels.len());
    let likelihood = match likelihood {
        Some(map) => {
            check_map(&map, lf, lt, "/likelihood_map")?;
            map
        }
        None => default_map(lf, lt),
    };
    let impact = match impact {
        Some(map) => {
            check_map(&map, i_from, i_to, "/impact_map")?;
            map
        }
        None => default_map(i_from, i_to),
    };
    Ok(Mapping { likelihood, impact })
}

#[cfg(test)]
mod tests {
    use super::default_map;

    #[test]
    fn centre_mapping() {
        assert_eq!(default_map(5, 5), vec![1, 2, 3, 4, 5]);
        assert_eq!(default_map(5, 3), vec![1, 1, 2, 3, 3]);
        assert_eq!(default_map(3, 5), vec![1, 3, 5]);
        assert_eq!(default_map(4, 5), vec![1, 2, 4, 5]);
        assert_eq!(default_map(5, 4), vec![1, 2, 2, 3, 4]);
        assert_eq!(default_map(1, 5), vec![3]);
        assert_eq!(default_map(5, 1), vec![1, 1, 1, 1, 1]);
        assert_eq!(default_map(9, 3), vec![1, 1, 1, 2, 2, 2, 3, 3, 3]);
    }
}
