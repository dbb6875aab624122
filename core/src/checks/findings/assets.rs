//! Findings about the asset inventory (A.5.9, A.5.12, A.5.30): owners, valuations and recovery
//! objectives.

use super::Findings;
use crate::checks::FindingCode;
use crate::model::{EffectiveValuation, blank};

impl Findings<'_, '_> {
    pub(super) fn assets(&mut self) {
        let c = self.c;
        let top = c.method.impact.levels.len() as u32;
        for (i, (asset, valuation)) in c.doc.assets.iter().zip(&c.valuations).enumerate() {
            let path = format!("/assets/{i}");
            self.unknown_fields(&asset.extra, &path);
            if blank(&asset.owner) {
                self.add(
                    FindingCode::AssetWithoutOwner,
                    format!("{path}/owner"),
                    format!("asset `{}` has no owner", asset.id),
                );
            }
            if valuation.effective.is_empty() {
                self.add(
                    FindingCode::AssetNotValued,
                    format!("{path}/valuation"),
                    format!("asset `{}` has no valuation, own or inherited", asset.id),
                );
            }
            if needs_recovery_objectives(valuation, top) && asset.rto_hours.is_none() {
                self.add(
                    FindingCode::RecoveryObjectivesMissing,
                    format!("{path}/rto_hours"),
                    format!(
                        "asset `{}` matters for availability but has no recovery time objective",
                        asset.id
                    ),
                );
            }
        }
    }
}

/// An asset matters for availability when its effective availability value is in the upper half
/// of the impact scale.
fn needs_recovery_objectives(valuation: &EffectiveValuation, top: u32) -> bool {
    valuation
        .effective
        .availability
        .is_some_and(|a| 2 * a > top)
}
