//! Findings about planning (clause 6.2): objectives without a measure, owner, due date or
//! measurement.

use super::Findings;
use crate::checks::FindingCode;
use crate::model::blank;

impl Findings<'_, '_> {
    pub(super) fn planning(&mut self) {
        let doc = self.c.doc;
        for (i, objective) in doc.objectives.iter().enumerate() {
            let path = format!("/objectives/{i}");
            self.unknown_fields(&objective.extra, &path);
            let mut missing = Vec::new();
            if blank(&objective.measure) && objective.target.is_none() {
                missing.push("a measure or target");
            }
            if blank(&objective.owner) {
                missing.push("an owner");
            }
            if objective.due.is_none() {
                missing.push("a due date");
            }
            if !missing.is_empty() {
                self.add(
                    FindingCode::ObjectiveIncomplete,
                    path.clone(),
                    format!("objective `{}` lacks {}", objective.id, missing.join(", ")),
                );
            }
            if objective.measurements.is_empty() {
                self.add(
                    FindingCode::ObjectiveNotMeasured,
                    format!("{path}/measurements"),
                    format!("objective `{}` has no measurement yet", objective.id),
                );
            }
        }
    }
}
