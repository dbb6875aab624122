//! Findings about support (clause 7): awareness, expired competence, documents past review.

use super::Findings;
use crate::checks::FindingCode;
use crate::model::CompetenceKind;

impl Findings<'_, '_> {
    pub(super) fn support(&mut self) {
        let doc = self.c.doc;
        if !doc.competence.is_empty()
            && !doc
                .competence
                .iter()
                .any(|r| r.kind == CompetenceKind::Awareness)
        {
            self.add(
                FindingCode::AwarenessMissing,
                "/competence",
                "no awareness record shows staff know the policy and their part in it",
            );
        }
        for (i, record) in doc.competence.iter().enumerate() {
            if self.past(record.expires_on.as_ref()) {
                self.add(
                    FindingCode::CompetenceExpired,
                    format!("/competence/{i}/expires_on"),
                    format!("`{}` for `{}` has expired", record.topic, record.person),
                );
            }
        }
        for (i, record) in doc.documents.iter().enumerate() {
            self.unknown_fields(&record.extra, &format!("/documents/{i}"));
            if self.past(record.next_review.as_ref()) {
                self.add(
                    FindingCode::DocumentReviewOverdue,
                    format!("/documents/{i}/next_review"),
                    format!("`{}` is past its review date", record.title),
                );
            }
        }
    }
}
