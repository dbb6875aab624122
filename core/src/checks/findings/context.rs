//! Findings about the context of the organisation (clause 4): climate change among the issues,
//! interested parties' requirements without a control, scope exclusions without a justification.

use super::Findings;
use crate::checks::FindingCode;
use crate::model::blank;

impl Findings<'_, '_> {
    pub(super) fn context(&mut self) {
        let ctx = &self.c.doc.context;
        if !ctx.issues.is_empty() && !ctx.issues.iter().any(|i| i.climate) {
            self.add(
                FindingCode::ClimateNotConsidered,
                "/context/issues",
                "no issue records whether climate change is relevant (ISO/IEC 27001:2022/Amd 1:2024)",
            );
        }
        for (i, issue) in ctx.issues.iter().enumerate() {
            self.unknown_fields(&issue.extra, &format!("/context/issues/{i}"));
        }
        for (i, party) in ctx.interested_parties.iter().enumerate() {
            self.unknown_fields(&party.extra, &format!("/context/interested_parties/{i}"));
            for (j, req) in party.requirements.iter().enumerate() {
                if req.controls.is_empty() {
                    self.add(
                        FindingCode::RequirementUnaddressed,
                        format!("/context/interested_parties/{i}/requirements/{j}/controls"),
                        format!(
                            "requirement `{}` of `{}` names no control that addresses it",
                            req.id, party.name
                        ),
                    );
                }
            }
        }
        for (i, exclusion) in ctx.scope.exclusions.iter().enumerate() {
            if blank(&exclusion.justification) {
                self.add(
                    FindingCode::ScopeExclusionUnjustified,
                    format!("/context/scope/exclusions/{i}/justification"),
                    format!(
                        "`{}` is excluded from the scope without a justification",
                        exclusion.item
                    ),
                );
            }
        }
    }
}
