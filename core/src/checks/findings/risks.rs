//! Findings about the risk register (6.1.2, 6.1.3): owners, ratings, treatment or acceptance of
//! risks above appetite, acceptances, the controls a treatment relies on, and the actions of
//! treatment plans.

use super::Findings;
use crate::checks::FindingCode;
use crate::model::{RiskStatus, TreatmentOption, blank};

impl Findings<'_, '_> {
    pub(super) fn risks(&mut self) {
        let c = self.c;
        for (i, (risk, scored)) in c.doc.risks.iter().zip(&c.scored).enumerate() {
            let path = || format!("/risks/{i}");
            if !risk.extra.is_empty() {
                self.unknown_fields(&risk.extra, &path());
            }
            if let Some(quant) = &risk.quant {
                self.unknown_fields(&quant.extra, &format!("{}/quant", path()));
                if let Some(secondary) = &quant.secondary {
                    self.unknown_fields(&secondary.extra, &format!("{}/quant/secondary", path()));
                }
            }
            if risk.status == RiskStatus::Closed {
                continue;
            }
            if blank(&risk.owner) {
                self.add(
                    FindingCode::RiskWithoutOwner,
                    format!("{}/owner", path()),
                    format!("risk `{}` has no owner", risk.id),
                );
            }
            if scored.inherent.is_none() {
                self.add(
                    FindingCode::RiskUnrated,
                    format!("{}/inherent", path()),
                    format!("risk `{}` has no likelihood and impact (nor valued assets to take the impact from)", risk.id),
                );
            }
            let plan = risk
                .treatment
                .as_ref()
                .map(|t| t.plan.as_slice())
                .unwrap_or_default();
            let option = risk.treatment.as_ref().map(|t| t.option);
            let accepted = risk.acceptance.as_ref().is_some_and(|a| {
                !blank(&a.by)
                    && a.on.is_some()
                    && !blank(&a.rationale)
                    && !self.past(a.expires_on.as_ref())
            });
            let above = scored.current().is_some_and(|r| r.above_appetite);
            let planned = !plan.is_empty() && option.is_some_and(|o| o != TreatmentOption::Retain);
            if above && !planned && !accepted {
                self.add(
                    FindingCode::RiskUntreated,
                    path(),
                    format!(
                        "risk `{}` is above the risk appetite with neither a treatment plan nor an acceptance by its owner with date and rationale",
                        risk.id
                    ),
                );
            }
            if option == Some(TreatmentOption::Retain) && risk.acceptance.is_none() {
                self.add(
                    FindingCode::RetainedWithoutAcceptance,
                    format!("{}/acceptance", path()),
                    format!(
                        "risk `{}` is retained but its owner has not accepted it",
                        risk.id
                    ),
                );
            }
            if let Some(acceptance) = &risk.acceptance {
                let apath = format!("{}/acceptance", path());
                let mut missing = Vec::new();
                if blank(&acceptance.by) {
                    missing.push("who accepted");
                }
                if acceptance.on.is_none() {
                    missing.push("the date");
                }
                if blank(&acceptance.rationale) {
                    missing.push("the rationale");
                }
                if !missing.is_empty() {
                    self.add(
                        FindingCode::AcceptanceIncomplete,
                        apath.clone(),
                        format!(
                            "the acceptance of risk `{}` lacks {}",
                            risk.id,
                            missing.join(", ")
                        ),
                    );
                } else if !blank(&risk.owner)
                    && !acceptance.by.trim().eq_ignore_ascii_case(risk.owner.trim())
                {
                    self.add(
                        FindingCode::AcceptanceNotByOwner,
                        format!("{apath}/by"),
                        format!(
                            "risk `{}` is owned by `{}` but accepted by `{}`",
                            risk.id, risk.owner, acceptance.by
                        ),
                    );
                }
                if self.past(acceptance.expires_on.as_ref()) {
                    self.add(
                        FindingCode::AcceptanceExpired,
                        format!("{apath}/expires_on"),
                        format!("the acceptance of risk `{}` has lapsed", risk.id),
                    );
                }
            }
            if option == Some(TreatmentOption::Modify)
                && risk.controls.is_empty()
                && plan.iter().all(|a| a.controls.is_empty())
            {
                self.add(
                    FindingCode::TreatmentWithoutControls,
                    format!("{}/controls", path()),
                    format!(
                        "risk `{}` is to be modified but no control is linked to it",
                        risk.id
                    ),
                );
            }
            let plan_controls = plan.iter().flat_map(|a| a.controls.iter());
            let mut reported: Vec<&str> = Vec::new();
            for id in risk.controls.iter().chain(plan_controls) {
                if reported.contains(&id.as_str()) {
                    continue;
                }
                let excluded = c
                    .records
                    .get(id.as_str())
                    .and_then(|&k| c.doc.controls.get(k))
                    .is_some_and(|r| r.applicable == Some(false));
                if excluded {
                    reported.push(id.as_str());
                    self.add(
                        FindingCode::TreatmentControlExcluded,
                        format!("{}/controls", path()),
                        format!("risk `{}` is treated with `{id}`, which the Statement of Applicability marks not applicable", risk.id),
                    );
                }
            }
            for (k, action) in plan.iter().enumerate() {
                self.action(action, &format!("{}/treatment/plan/{k}", path()), "6.1.3.e");
            }
        }
    }
}
