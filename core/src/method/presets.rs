//! The risk methods that ship with the engine. They are ordinary method documents under
//! `core/data/methods/`, embedded at compile time; a user's own method is just another document.

use super::Method;
use crate::error::{Error, ErrorCode, Result};

/// The ids of the shipped methods, in the order they are offered.
pub const PRESET_IDS: &[&str] = &["iso27005-5x5", "iso27005-4x4", "iso27005-3x3", "score-1-9"];

fn source(id: &str) -> Option<&'static str> {
    Some(match id {
        "iso27005-5x5" => include_str!("../../data/methods/iso27005-5x5.json"),
        "iso27005-4x4" => include_str!("../../data/methods/iso27005-4x4.json"),
        "iso27005-3x3" => include_str!("../../data/methods/iso27005-3x3.json"),
        "score-1-9" => include_str!("../../data/methods/score-1-9.json"),
        _ => return None,
    })
}

/// The shipped method with this id; `path` is reported in the error for an unknown id.
pub fn preset(id: &str, path: &str) -> Result<Method> {
    let text = source(id).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownMethod,
            path,
            format!(
                "`{id}` is not a shipped method; expected one of {}",
                PRESET_IDS.join(", ")
            ),
        )
    })?;
    serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidMethod,
            path,
            format!("shipped method `{id}` is unreadable: {e}"),
        )
    })
}

/// Every shipped method, in offer order.
pub fn presets() -> Result<Vec<Method>> {
    PRESET_IDS.iter().map(|id| preset(id, "")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::{ImpactRating, PropertyLevels};

    #[test]
    fn every_preset_is_a_valid_method_with_its_own_id() {
        for id in PRESET_IDS {
            let method = preset(id, "").unwrap();
            assert_eq!(method.id, *id);
            method.check().unwrap();
        }
    }

    #[test]
    fn the_score_never_falls_when_likelihood_or_impact_rises() {
        for method in presets().unwrap() {
            let grid = method.grid();
            for (l, row) in grid.iter().enumerate() {
                for (i, (score, band)) in row.iter().enumerate() {
                    if let Some((up, up_band)) = grid.get(l + 1).and_then(|r| r.get(i)) {
                        assert!(up >= score && up_band >= band, "{} l{l} i{i}", method.id);
                    }
                    if let Some((right, right_band)) = row.get(i + 1) {
                        assert!(
                            right >= score && right_band >= band,
                            "{} l{l} i{i}",
                            method.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn per_property_impact_takes_the_worst() {
        let method = preset("iso27005-5x5", "").unwrap();
        let impact = ImpactRating::PerProperty(PropertyLevels {
            confidentiality: Some(4),
            integrity: Some(2),
            availability: None,
        });
        let rating = method.rate(3, &impact, "").unwrap();
        assert_eq!(
            (
                rating.impact,
                rating.score,
                &*rating.band,
                rating.above_appetite
            ),
            (4, 12.0, "high", true)
        );
    }
}
