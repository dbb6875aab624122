//! Scoring a usable document's risks: each risk's inherent and residual rating under the
//! document's method, with the impact taken from the assets it concerns when the risk states
//! none, and residual ratings derived from the effectiveness of the controls it links
//! (`crate::risk::register` says how).

use super::document::Checker;
use crate::method::PropertyLevels;
use crate::model::ImplementationStatus;
use crate::risk::register::{
    self, ControlEffect, IMPLEMENTED_EFFECTIVENESS, PARTIAL_EFFECTIVENESS, RiskRatings,
};
use foldhash::HashMap;

impl Checker<'_> {
    /// Scores every risk, or records why one cannot be scored.
    pub(super) fn scores(&mut self) {
        let doc = self.doc;
        let mut scored = Vec::with_capacity(doc.risks.len());
        // The effect of every recorded control, looked up once per reference below.
        let known: HashMap<&str, ControlEffect> = doc
            .controls
            .iter()
            .filter_map(|r| Some((r.control.as_str(), self.effect(&r.control)?)))
            .collect();
        let mut effects = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (i, risk) in doc.risks.iter().enumerate() {
            effects.clear();
            seen.clear();
            let plan = risk.treatment.iter().flat_map(|t| t.plan.iter());
            for id in risk
                .controls
                .iter()
                .chain(plan.flat_map(|a| a.controls.iter()))
            {
                // A handful of controls per risk: a linear scan beats hashing.
                if !seen.contains(&id.as_str()) {
                    seen.push(id.as_str());
                    if let Some(effect) = known.get(id.as_str()) {
                        effects.push(*effect);
                    }
                }
            }
            let asset_impact = self.asset_impact(&risk.assets);
            let ratings = RiskRatings {
                inherent: risk
                    .inherent
                    .as_ref()
                    .map(|a| (a.likelihood, a.impact.as_ref())),
                residual: risk
                    .residual
                    .as_ref()
                    .map(|a| (a.likelihood, a.impact.as_ref())),
            };
            match register::score(&self.method, ratings, asset_impact, &effects) {
                Ok(s) => scored.push(s),
                Err(e) => self.errors.push(e.under(&format!("/risks/{i}"))),
            }
        }
        self.scored = scored;
    }

    fn effect(&self, id: &str) -> Option<ControlEffect> {
        let info = self.controls.get(id)?;
        let record = self
            .records
            .get(id)
            .and_then(|&i| self.doc.controls.get(i))?;
        let effectiveness = if record.applicable == Some(false) {
            0.0
        } else {
            record.effectiveness.unwrap_or(match record.status {
                ImplementationStatus::Implemented => IMPLEMENTED_EFFECTIVENESS,
                ImplementationStatus::PartiallyImplemented => PARTIAL_EFFECTIVENESS,
                ImplementationStatus::Planned | ImplementationStatus::NotImplemented => 0.0,
            })
        };
        Some(ControlEffect {
            effectiveness,
            on_likelihood: info.on_likelihood,
            on_impact: info.on_impact,
        })
    }

    /// The highest effective valuation per property over the given assets.
    fn asset_impact(&self, assets: &[String]) -> Option<PropertyLevels> {
        let levels = assets
            .iter()
            .filter_map(|id| {
                self.assets
                    .get(id.as_str())
                    .and_then(|&i| self.valuations.get(i))
            })
            .fold(PropertyLevels::default(), |acc, v| acc.max(v.effective));
        (!levels.is_empty()).then_some(levels)
    }
}
