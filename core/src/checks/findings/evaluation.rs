//! Findings about performance evaluation (clause 9): indicators without measurements or off
//! target, objectives past due and not met, management
//! reviews that missed an input of 9.3.2, and the actions of every plan (overdue, without owner).

use super::super::document::REVIEW_INPUTS;
use super::Findings;
use crate::checks::FindingCode;
use crate::model::{Action, blank};

impl Findings<'_, '_> {
    pub(super) fn evaluation(&mut self) {
        let doc = self.c.doc;
        for (i, kpi) in doc.kpis.iter().enumerate() {
            if kpi.measurements.is_empty() {
                self.add(
                    FindingCode::KpiNotMeasured,
                    format!("/kpis/{i}/measurements"),
                    format!("indicator `{}` has no measurement", kpi.id),
                );
            }
            if let (Some(last), Some(target)) = (kpi.measurements.last(), kpi.target)
                && !kpi.direction.meets(last.value, target)
            {
                self.add(
                    FindingCode::KpiOffTarget,
                    format!("/kpis/{i}/measurements/{}", kpi.measurements.len() - 1),
                    format!(
                        "indicator `{}` measured {} on {}, missing its target of {}",
                        kpi.id, last.value, last.date, target
                    ),
                );
            }
        }
        for (i, objective) in doc.objectives.iter().enumerate() {
            let met = match (objective.measurements.last(), objective.target) {
                (Some(last), Some(target)) => objective.direction.meets(last.value, target),
                _ => false,
            };
            if !met && objective.target.is_some() && self.past(objective.due.as_ref()) {
                self.add(
                    FindingCode::ObjectiveOverdue,
                    format!("/objectives/{i}/due"),
                    format!(
                        "objective `{}` is past its due date and its target is not met",
                        objective.id
                    ),
                );
            }
        }
        for (i, review) in doc.management_reviews.iter().enumerate() {
            let missing: Vec<&str> = REVIEW_INPUTS
                .iter()
                .copied()
                .filter(|x| !review.considers(x))
                .collect();
            if !missing.is_empty() {
                self.add(
                    FindingCode::ReviewInputsIncomplete,
                    format!("/management_reviews/{i}/inputs"),
                    format!(
                        "management review `{}` did not consider input(s) {} of 9.3.2",
                        review.id,
                        missing.join(", ")
                    ),
                );
            }
            for (k, action) in review.actions.iter().enumerate() {
                self.action(
                    action,
                    &format!("/management_reviews/{i}/actions/{k}"),
                    "9.3.3",
                );
            }
        }
    }

    pub(super) fn action(&mut self, action: &Action, path: &str, reference: &'static str) {
        if !action.status.is_open() {
            return;
        }
        if blank(&action.owner) || action.due.is_none() {
            self.add_citing(
                FindingCode::ActionIncomplete,
                reference,
                path.to_owned(),
                format!("action `{}` lacks an owner or a due date", action.id),
            );
        }
        if self.past(action.due.as_ref()) {
            self.add_citing(
                FindingCode::ActionOverdue,
                reference,
                format!("{path}/due"),
                format!("action `{}` is overdue", action.id),
            );
        }
    }
}
