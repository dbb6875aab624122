//! Findings: what an auditor would raise about a valid document, one file per area of the
//! standard. Each rule raises a [`FindingCode`], whose severity and reference come with the code;
//! rules that depend on the date (overdue actions, lapsed acceptances) run only when the check is
//! given one.

mod assets;
mod context;
mod evaluation;
mod improvement;
mod leadership;
mod planning;
mod risks;
mod soa;
mod support;

use super::document::Checker;
use super::{Finding, FindingCode, Severity};
use crate::error::pointer_token;
use crate::model::{AuditStatus, Date, Extra, blank};

/// The findings of one check, collected in the order the rules run.
pub(super) struct Findings<'a, 'd> {
    pub(super) c: &'a Checker<'d>,
    pub(super) as_of: Option<&'a Date>,
    pub(super) out: &'a mut Vec<Finding>,
}

impl Findings<'_, '_> {
    /// Raises `code` at `path`, with the code's severity and reference.
    pub(super) fn add(
        &mut self,
        code: FindingCode,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.raise(code, code.severity(), code.reference(), path, message);
    }

    /// Raises `code` citing `reference` (the control or the plan concerned; see
    /// [`super::Cites`]) instead of the code's own reference.
    pub(super) fn add_citing(
        &mut self,
        code: FindingCode,
        reference: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.raise(code, code.severity(), reference, path, message);
    }

    /// Raises `code` with a severity and reference of the rule's choosing.
    pub(super) fn raise(
        &mut self,
        code: FindingCode,
        severity: Severity,
        reference: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.out.push(Finding {
            code,
            severity,
            reference,
            path: path.into(),
            message: message.into(),
        });
    }

    pub(super) fn past(&self, date: Option<&Date>) -> bool {
        matches!((self.as_of, date), (Some(today), Some(d)) if d < today)
    }

    pub(super) fn unknown_fields(&mut self, extra: &Extra, path: &str) {
        for key in extra.keys() {
            if !(key.starts_with("x-") || key.starts_with("x_")) {
                self.add(
                    FindingCode::UnknownField,
                    format!("{path}/{}", pointer_token(key)),
                    format!("field `{key}` is not part of the schema; it is kept as is (prefix extension fields with `x_` to silence this)"),
                );
            }
        }
    }

    pub(super) fn run(mut self) {
        let doc = self.c.doc;
        self.unknown_fields(&doc.extra, "");
        self.absences();
        self.context();
        self.leadership();
        self.planning();
        self.support();
        self.assets();
        self.risks();
        self.soa();
        self.evaluation();
        self.improvement();
    }

    /// The parts an ISMS cannot do without, each reported once when absent.
    fn absences(&mut self) {
        use FindingCode::*;
        let doc = self.c.doc;
        let ctx = &doc.context;
        let completed_audit = doc
            .audits
            .iter()
            .any(|a| a.status == AuditStatus::Completed);
        #[rustfmt::skip]
        let absent: [(bool, FindingCode, &str, &str); 14] = [
            (ctx.issues.is_empty(), IssuesMissing, "/context/issues", "no internal or external issues are recorded"),
            (ctx.interested_parties.is_empty(), InterestedPartiesMissing, "/context/interested_parties", "no interested parties are recorded"),
            (blank(&ctx.scope.statement), ScopeMissing, "/context/scope/statement", "the ISMS has no scope statement"),
            (doc.leadership.policy.is_none(), PolicyMissing, "/leadership/policy", "there is no information security policy"),
            (doc.leadership.roles.is_empty(), RolesMissing, "/leadership/roles", "no information security roles are assigned"),
            (doc.objectives.is_empty(), ObjectivesMissing, "/objectives", "no information security objectives are set"),
            (doc.competence.is_empty(), CompetenceMissing, "/competence", "no competence or training records are kept"),
            (doc.documents.is_empty(), DocumentsMissing, "/documents", "the documented-information register is empty"),
            (doc.assets.is_empty(), AssetsMissing, "/assets", "the asset inventory is empty"),
            (doc.risks.is_empty(), RisksMissing, "/risks", "the risk register is empty"),
            (doc.controls.is_empty(), SoaMissing, "/controls", "no control has an applicability decision: there is no Statement of Applicability"),
            (doc.kpis.is_empty(), MonitoringMissing, "/kpis", "nothing is monitored or measured"),
            (!completed_audit, InternalAuditMissing, "/audits", "no internal audit has been completed"),
            (doc.management_reviews.is_empty(), ManagementReviewMissing, "/management_reviews", "no management review is recorded"),
        ];
        for (missing, code, path, message) in absent {
            if missing {
                self.add(code, path, message);
            }
        }
    }
}
