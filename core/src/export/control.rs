//! Document control (7.5.2, 7.5.3): the title, version, owner, approval and next review that head
//! every document the engine writes, taken from the register of documented information, and a
//! draft mark until the document is approved. The SoA and the treatment plan carry it in every
//! build; the documents of the ISMS ([`super::documents`]) in builds with `documents`.

use super::report::Report;
use crate::model::{Date, Document, DocumentRecord};

/// Title, version, owner, approval and next review of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentControl {
    /// The id of its entry in the register of documented information.
    pub reference: String,
    /// The document's title.
    pub title: String,
    /// Version label.
    pub version: String,
    /// Who maintains it.
    pub owner: String,
    /// Who approved it.
    pub approved_by: String,
    /// When the current version was approved.
    pub approved_on: Option<Date>,
    /// When it is due for review.
    pub next_review: Option<Date>,
}

impl DocumentControl {
    /// From an entry of the register, or a draft with `title` when there is none.
    pub(crate) fn of(record: Option<&DocumentRecord>, title: &str) -> Self {
        match record {
            Some(r) => Self {
                reference: r.id.clone(),
                title: r.title.clone(),
                version: r.version.clone(),
                owner: r.owner.clone(),
                approved_by: String::new(),
                approved_on: r.approved_on.clone(),
                next_review: r.next_review.clone(),
            },
            None => Self {
                title: title.to_owned(),
                ..Self::default()
            },
        }
    }

    /// True until the document has an approval date.
    pub fn is_draft(&self) -> bool {
        self.approved_on.is_none()
    }

    /// The facts that head the document.
    pub(crate) fn facts(
        &self,
        organisation: &str,
        as_of: Option<&Date>,
    ) -> Vec<(&'static str, String)> {
        let status = match (&self.approved_on, &self.next_review, as_of) {
            (None, _, _) => "Draft: not approved".to_owned(),
            (Some(_), Some(next), Some(today)) if next < today => {
                format!("Approved; review overdue since {next}")
            }
            (Some(_), _, _) => "Approved".to_owned(),
        };
        let date = |d: &Option<Date>| d.as_ref().map(Date::to_string).unwrap_or_default();
        vec![
            ("Organisation", organisation.to_owned()),
            ("Document", self.reference.clone()),
            ("Version", self.version.clone()),
            ("Owner", self.owner.clone()),
            ("Approved by", self.approved_by.clone()),
            ("Approved on", date(&self.approved_on)),
            ("Next review", date(&self.next_review)),
            ("Status", status),
        ]
    }
}

/// The register entry documenting a report with these clause requirements or controls (an entry
/// of the kind `record`, when `record` says the document is one).
pub(crate) fn register_entry<'d>(
    doc: &'d Document,
    requirements: &[&str],
    controls: &[&str],
    record: bool,
) -> Option<&'d DocumentRecord> {
    let names = |r: &DocumentRecord| {
        r.requirements
            .iter()
            .any(|q| requirements.contains(&q.as_str()))
    };
    doc.documents
        .iter()
        .find(|r| {
            names(r)
                && r.requirements
                    .iter()
                    .all(|q| requirements.contains(&q.as_str()))
        })
        .or_else(|| doc.documents.iter().find(|r| names(r)))
        .or_else(|| {
            doc.documents.iter().find(|r| {
                (!record || r.kind == crate::model::DocumentClass::Record)
                    && r.controls.iter().any(|c| controls.contains(&c.as_str()))
            })
        })
}

/// The control of the document with these requirements or controls, titled `title` when the
/// register has no entry for it.
pub fn document_control(
    doc: &Document,
    requirements: &[&str],
    controls: &[&str],
    title: &str,
) -> DocumentControl {
    DocumentControl::of(register_entry(doc, requirements, controls, false), title)
}

/// Facts of document control for the SoA (from its header, else its register entry) and the
/// treatment plan, put in front of their existing layouts.
pub fn with_control(
    mut report: Report,
    doc: &Document,
    control: &DocumentControl,
    as_of: Option<&Date>,
) -> Report {
    let mut facts = control.facts(&doc.organisation.name, as_of);
    facts.retain(|(k, _)| !report.facts.iter().any(|(have, _)| have == k));
    report.facts.splice(0..0, facts);
    report.draft = control.is_draft();
    report
}

/// The control of the SoA: its header's version and approval, the register entry's owner.
pub fn soa_control(doc: &Document) -> DocumentControl {
    let record = doc
        .soa
        .document
        .as_ref()
        .and_then(|id| doc.documents.iter().find(|r| &r.id == id))
        .or_else(|| register_entry(doc, &["6.1.3.d"], &[], false));
    let mut control = DocumentControl::of(record, "Statement of Applicability");
    let h = &doc.soa;
    control.version = h.version.clone();
    control.approved_by = h.approved_by.clone();
    control.approved_on = h.approved_on.clone();
    control.next_review = h.next_review.clone();
    control
}

/// The control of the risk treatment plan.
pub fn plan_control(doc: &Document) -> DocumentControl {
    document_control(doc, &["6.1.3.e", "6.1.3.f"], &[], "Risk treatment plan")
}
