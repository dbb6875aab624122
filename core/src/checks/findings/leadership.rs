//! Findings about leadership (clause 5): the policy's approval and review, roles without a holder.

use super::Findings;
use crate::checks::FindingCode;
use crate::model::blank;

impl Findings<'_, '_> {
    pub(super) fn leadership(&mut self) {
        let leadership = &self.c.doc.leadership;
        if let Some(policy) = &leadership.policy {
            if blank(&policy.approved_by) || policy.approved_on.is_none() {
                self.add(
                    FindingCode::PolicyUnapproved,
                    "/leadership/policy",
                    "the policy has no recorded approval (who and when)",
                );
            }
            if self.past(policy.next_review.as_ref()) {
                self.add(
                    FindingCode::PolicyReviewOverdue,
                    "/leadership/policy/next_review",
                    "the policy is past its review date",
                );
            }
        }
        for (i, role) in leadership.roles.iter().enumerate() {
            if blank(&role.holder) {
                self.add(
                    FindingCode::RoleUnassigned,
                    format!("/leadership/roles/{i}/holder"),
                    format!("role `{}` has no holder", role.title),
                );
            }
        }
    }
}
