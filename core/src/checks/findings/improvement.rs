//! Findings about improvement (clause 10, A.5.27): audit nonconformities without a
//! nonconformity raised, root causes, corrective actions and their verification, lessons learned
//! from incidents.

use super::Findings;
use crate::checks::FindingCode;
use crate::checks::Severity;
use crate::model::{FindingKind, IncidentStatus, NonconformityStatus, blank};
use foldhash::HashSet;

impl Findings<'_, '_> {
    pub(super) fn improvement(&mut self) {
        let doc = self.c.doc;
        let raised: HashSet<&str> = doc
            .nonconformities
            .iter()
            .filter_map(|n| n.finding.as_deref())
            .collect();
        for (i, audit) in doc.audits.iter().enumerate() {
            for (j, finding) in audit.findings.iter().enumerate() {
                if finding.kind.is_nonconformity()
                    && finding.nonconformity.is_none()
                    && !raised.contains(finding.id.as_str())
                {
                    self.raise(
                        FindingCode::FindingWithoutNonconformity,
                        if finding.kind == FindingKind::MajorNonconformity {
                            Severity::High
                        } else {
                            Severity::Medium
                        },
                        FindingCode::FindingWithoutNonconformity.reference(),
                        format!("/audits/{i}/findings/{j}"),
                        format!(
                            "audit finding `{}` is a nonconformity but none is raised for it",
                            finding.id
                        ),
                    );
                }
            }
        }
        for (i, nc) in doc.nonconformities.iter().enumerate() {
            let path = format!("/nonconformities/{i}");
            if blank(&nc.root_cause) {
                self.add(
                    FindingCode::RootCauseMissing,
                    format!("{path}/root_cause"),
                    format!("nonconformity `{}` has no root cause", nc.id),
                );
            }
            if nc.corrective_actions.is_empty() {
                self.add(
                    FindingCode::CorrectiveActionMissing,
                    format!("{path}/corrective_actions"),
                    format!("nonconformity `{}` has no corrective action", nc.id),
                );
            }
            let all_done = !nc.corrective_actions.is_empty()
                && nc.corrective_actions.iter().all(|a| !a.status.is_open());
            match &nc.verification {
                None if all_done || nc.status == NonconformityStatus::Closed => self.add(
                    FindingCode::EffectivenessNotVerified,
                    format!("{path}/verification"),
                    format!("the corrective actions of `{}` are done but their effectiveness is not verified", nc.id),
                ),
                Some(v) if !v.effective && nc.status == NonconformityStatus::Closed => self.add(
                    FindingCode::ClosedIneffective,
                    format!("{path}/verification/effective"),
                    format!("nonconformity `{}` is closed although its actions were found ineffective", nc.id),
                ),
                _ => {}
            }
            for (k, action) in nc.corrective_actions.iter().enumerate() {
                self.action(action, &format!("{path}/corrective_actions/{k}"), "10.2.c");
            }
        }
        for (i, incident) in doc.incidents.iter().enumerate() {
            let done = matches!(
                incident.status,
                IncidentStatus::Resolved | IncidentStatus::Closed
            );
            if done && blank(&incident.lessons_learned) {
                self.add(
                    FindingCode::LessonsNotLearned,
                    format!("/incidents/{i}/lessons_learned"),
                    format!(
                        "incident `{}` is resolved without lessons learned",
                        incident.id
                    ),
                );
            }
        }
    }
}
