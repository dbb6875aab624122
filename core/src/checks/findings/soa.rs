//! Findings about the Statement of Applicability (6.1.3 d): every Annex A control decided,
//! exclusions justified, inclusions reasoned, implemented controls evidenced, the statement
//! approved and reviewed. A control linked by a risk or by an interested party's requirement has
//! its reason from there.

use super::Findings;
use crate::catalogue;
use crate::checks::FindingCode;
use crate::model::{ImplementationStatus, blank, control_links};

impl Findings<'_, '_> {
    /// 6.1.3 d: every Annex A control decided, exclusions justified, inclusions reasoned,
    /// implemented controls evidenced, the statement approved and reviewed. A control linked by a
    /// risk or by an interested party's requirement has its reason from there.
    pub(super) fn soa(&mut self) {
        let doc = self.c.doc;
        if doc.controls.is_empty() {
            return; // reported once, as `soa_missing`
        }
        for control in catalogue::controls() {
            if !self.c.records.contains_key(control.id) {
                self.add_citing(
                    FindingCode::ControlUndecided,
                    control.id,
                    "/controls",
                    format!(
                        "`{}` has no record, so its applicability is undecided",
                        control.id
                    ),
                );
            }
        }
        let linked = control_links(doc);
        for (i, record) in doc.controls.iter().enumerate() {
            let reference = catalogue::controls()
                .iter()
                .find(|c| c.id == record.control)
                .map_or("6.1.3.d", |c| c.id);
            let id = &record.control;
            match record.applicable {
                None => self.add_citing(
                    FindingCode::ControlUndecided,
                    reference,
                    format!("/controls/{i}/applicable"),
                    format!("the applicability of `{id}` is undecided"),
                ),
                Some(false) if blank(&record.justification) => self.add_citing(
                    FindingCode::ExclusionUnjustified,
                    reference,
                    format!("/controls/{i}/justification"),
                    format!("`{id}` is marked not applicable without a justification"),
                ),
                Some(false) => {}
                Some(true) => {
                    if record.proposed {
                        self.add_citing(
                            FindingCode::ControlProposed,
                            reference,
                            format!("/controls/{i}/proposed"),
                            format!(
                                "`{id}` is proposed as applicable; its owner has not confirmed it"
                            ),
                        );
                    }
                    if record.reasons.is_empty() && !linked.contains_key(id.as_str()) {
                        self.add_citing(
                            FindingCode::InclusionWithoutReason,
                            reference,
                            format!("/controls/{i}/reasons"),
                            format!("`{id}` is included but no reason is given and no risk or requirement links it"),
                        );
                    }
                    if record.status == ImplementationStatus::Implemented
                        && record.evidence.is_empty()
                    {
                        self.add_citing(
                            FindingCode::ImplementedWithoutEvidence,
                            reference,
                            format!("/controls/{i}/evidence"),
                            format!("`{id}` is marked implemented but no evidence is referenced"),
                        );
                    }
                }
            }
        }
        let header = &doc.soa;
        if blank(&header.approved_by) || header.approved_on.is_none() {
            self.add(
                FindingCode::SoaUnapproved,
                "/soa",
                "the Statement of Applicability has no recorded approval (who and when)",
            );
        }
        if self.past(header.next_review.as_ref()) {
            self.add(
                FindingCode::SoaReviewOverdue,
                "/soa/next_review",
                "the Statement of Applicability is past its review date",
            );
        }
    }
}
