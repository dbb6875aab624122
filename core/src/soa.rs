//! The Statement of Applicability (ISO/IEC 27001:2022, 6.1.3 d): one row per Annex A control and
//! per custom control, built from the document's control records, with the reasons for inclusion
//! that the register and the interested parties' requirements imply.
//!
//! A control's reasons are those its record declares plus those that follow from links:
//! `risk_treatment` when a risk (or an action of its treatment plan) names the control, and
//! `legal`, `regulatory`, `contractual` or `business_requirement` when an interested party's
//! requirement of that kind does. A control without a record is *undecided*, which the findings
//! report; the SoA never guesses an applicability.

use crate::catalogue::{
    self, ControlType, CybersecurityConcept, OperationalCapability, SecurityDomain,
    SecurityProperty, Theme,
};
use crate::checks::{Checked, Finding};
use crate::model::{
    ControlLinks, ControlRecord, Date, ImplementationStatus, InclusionReason, control_links,
};
use foldhash::HashMap;
use serde::Serialize;

/// Where a control comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ControlSource {
    /// ISO/IEC 27001:2022 Annex A.
    AnnexA,
    /// A control the organisation added (6.1.3 c, note 2).
    Custom,
}

/// One row of the Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SoaRow<'a> {
    /// The control id (`A.5.1` or a custom id).
    pub control: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Annex A or custom.
    pub source: ControlSource,
    /// Its theme (absent for a custom control that names none).
    pub theme: Option<Theme>,
    /// Included (true), excluded (false) or undecided (null).
    pub applicable: Option<bool>,
    /// The applicability is proposed (by `draft_soa`) and awaits the owner's confirmation.
    pub proposed: bool,
    /// Reasons for inclusion, declared and derived, in the order the schema lists them.
    pub reasons: Vec<InclusionReason>,
    /// Why the control is excluded.
    pub justification: &'a str,
    /// Implementation status (absent when the control has no record or is excluded).
    pub status: Option<ImplementationStatus>,
    /// Measured effectiveness from 0 to 1, when recorded.
    pub effectiveness: Option<f64>,
    /// Who is responsible for it.
    pub owner: &'a str,
    /// Evidence references.
    pub evidence: &'a [String],
    /// Notes.
    pub notes: &'a str,
    /// The risks whose treatment names the control, in register order.
    pub risks: Vec<&'a str>,
    /// The interested parties' requirements it addresses.
    pub requirements: Vec<&'a str>,
    /// Preventive, detective, corrective.
    pub control_type: &'a [ControlType],
    /// Confidentiality, integrity, availability (Annex A only).
    pub security_properties: &'a [SecurityProperty],
    /// Identify, protect, detect, respond, recover (Annex A only).
    pub cybersecurity_concepts: &'a [CybersecurityConcept],
    /// Operational capabilities (Annex A only).
    pub operational_capabilities: &'a [OperationalCapability],
    /// Security domains (Annex A only).
    pub security_domains: &'a [SecurityDomain],
    /// Pointer of the control record in the document, when there is one.
    pub record: Option<String>,
}

impl<'a> SoaRow<'a> {
    /// A row without a record: undecided, nothing linked, no attribute but the control type.
    fn undecided(
        control: &'a str,
        title: &'a str,
        source: ControlSource,
        theme: Option<Theme>,
        control_type: &'a [ControlType],
    ) -> Self {
        Self {
            control,
            title,
            source,
            theme,
            applicable: None,
            proposed: false,
            reasons: Vec::new(),
            justification: "",
            status: None,
            effectiveness: None,
            owner: "",
            evidence: &[],
            notes: "",
            risks: Vec::new(),
            requirements: Vec::new(),
            control_type,
            security_properties: &[],
            cybersecurity_concepts: &[],
            operational_capabilities: &[],
            security_domains: &[],
            record: None,
        }
    }
}

/// The statement's own metadata.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SoaReportHeader<'a> {
    /// The organisation.
    pub organisation: &'a str,
    /// The ISMS scope statement (4.3).
    pub scope: &'a str,
    /// Version label.
    pub version: &'a str,
    /// Who approved it.
    pub approved_by: &'a str,
    /// When.
    pub approved_on: Option<&'a Date>,
    /// When it is due for review.
    pub next_review: Option<&'a Date>,
    /// The risk method the linked risks are rated with.
    pub method: &'a str,
}

/// Counts over the rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SoaSummary {
    /// All rows.
    pub controls: usize,
    /// Annex A rows (93).
    pub annex_a: usize,
    /// Custom rows.
    pub custom: usize,
    /// Included.
    pub applicable: usize,
    /// Excluded.
    pub not_applicable: usize,
    /// Undecided.
    pub undecided: usize,
    /// Included and implemented.
    pub implemented: usize,
    /// Included and partly implemented.
    pub partially_implemented: usize,
    /// Included and planned.
    pub planned: usize,
    /// Included and not implemented.
    pub not_implemented: usize,
}

impl SoaSummary {
    /// Annex A implementation over all rows, as [`ControlTally::ratio`] computes it.
    pub fn ratio(&self) -> Option<f64> {
        implementation_ratio(
            self.implemented,
            self.partially_implemented,
            self.applicable + self.undecided,
        )
    }
}

/// Applicability and implementation counts over a set of SoA rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Tally"))]
pub struct ControlTally {
    /// Rows counted.
    pub controls: usize,
    /// Included.
    pub applicable: usize,
    /// Excluded.
    pub not_applicable: usize,
    /// Undecided.
    pub undecided: usize,
    /// Included and implemented.
    pub implemented: usize,
    /// Included and partly implemented.
    pub partially_implemented: usize,
    /// Included and planned.
    pub planned: usize,
    /// Included and not implemented.
    pub not_implemented: usize,
}

impl ControlTally {
    /// Counts one row.
    pub fn add(&mut self, row: &SoaRow<'_>) {
        self.controls += 1;
        match row.applicable {
            None => self.undecided += 1,
            Some(false) => self.not_applicable += 1,
            Some(true) => {
                self.applicable += 1;
                match row.status.unwrap_or_default() {
                    ImplementationStatus::Implemented => self.implemented += 1,
                    ImplementationStatus::PartiallyImplemented => self.partially_implemented += 1,
                    ImplementationStatus::Planned => self.planned += 1,
                    ImplementationStatus::NotImplemented => self.not_implemented += 1,
                }
            }
        }
    }

    /// (implemented + ½·partially implemented) / (applicable + undecided), to four decimals;
    /// absent when nothing is applicable or undecided. An undecided control counts as
    /// applicable and not implemented.
    pub fn ratio(&self) -> Option<f64> {
        implementation_ratio(
            self.implemented,
            self.partially_implemented,
            self.applicable + self.undecided,
        )
    }
}

fn implementation_ratio(implemented: usize, partial: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| round4((implemented as f64 + 0.5 * partial as f64) / of as f64))
}

/// Rounds a share to four decimals, as reports show it.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Soa<'a> {
    /// Metadata.
    pub header: SoaReportHeader<'a>,
    /// Counts.
    pub summary: SoaSummary,
    /// Annex A in standard order, then custom controls in document order.
    pub rows: Vec<SoaRow<'a>>,
    /// The document's findings that concern the statement, in document order.
    pub findings: Vec<Finding>,
}

/// Builds the statement of a checked document.
pub fn build<'a>(checked: &'a Checked<'_>) -> Soa<'a> {
    let doc = checked.document;
    let mut links = control_links(doc);
    let records: HashMap<&str, usize> = doc
        .controls
        .iter()
        .enumerate()
        .map(|(i, r)| (r.control.as_str(), i))
        .collect();
    let record = |id: &str| records.get(id).copied();

    let mut rows = Vec::with_capacity(catalogue::controls().len() + doc.custom_controls.len());
    for control in catalogue::controls() {
        let a = &control.attributes;
        let mut row = SoaRow {
            security_properties: a.security_properties,
            cybersecurity_concepts: a.cybersecurity_concepts,
            operational_capabilities: a.operational_capabilities,
            security_domains: a.security_domains,
            ..SoaRow::undecided(
                control.id,
                control.title,
                ControlSource::AnnexA,
                Some(control.theme),
                a.control_type,
            )
        };
        fill(
            &mut row,
            record(control.id),
            &doc.controls,
            links.remove(control.id),
        );
        rows.push(row);
    }
    for custom in &doc.custom_controls {
        let mut row = SoaRow::undecided(
            &custom.id,
            &custom.title,
            ControlSource::Custom,
            custom.theme,
            &custom.control_type,
        );
        fill(
            &mut row,
            record(&custom.id),
            &doc.controls,
            links.remove(custom.id.as_str()),
        );
        rows.push(row);
    }

    let mut tally = ControlTally::default();
    for row in &rows {
        tally.add(row);
    }
    let summary = SoaSummary {
        controls: tally.controls,
        annex_a: catalogue::controls().len(),
        custom: doc.custom_controls.len(),
        applicable: tally.applicable,
        not_applicable: tally.not_applicable,
        undecided: tally.undecided,
        implemented: tally.implemented,
        partially_implemented: tally.partially_implemented,
        planned: tally.planned,
        not_implemented: tally.not_implemented,
    };
    let header = &doc.soa;
    Soa {
        header: SoaReportHeader {
            organisation: &doc.organisation.name,
            scope: &doc.context.scope.statement,
            version: &header.version,
            approved_by: &header.approved_by,
            approved_on: header.approved_on.as_ref(),
            next_review: header.next_review.as_ref(),
            method: &checked.method.id,
        },
        summary,
        rows,
        findings: checked
            .findings
            .iter()
            .filter(|f| f.code.concerns_soa())
            .cloned()
            .collect(),
    }
}

fn fill<'a>(
    row: &mut SoaRow<'a>,
    index: Option<usize>,
    records: &'a [ControlRecord],
    links: Option<ControlLinks<'a>>,
) {
    let links = links.unwrap_or_default();
    row.risks = links.risks;
    row.requirements = links.requirements;
    let Some((i, record)) = index.and_then(|i| records.get(i).map(|r| (i, r))) else {
        return;
    };
    row.applicable = record.applicable;
    row.proposed = record.proposed;
    row.justification = &record.justification;
    // An excluded control has no implementation status: none is expected of it.
    row.status = (record.applicable != Some(false)).then_some(record.status);
    row.effectiveness = record.effectiveness;
    row.owner = &record.owner;
    row.evidence = &record.evidence;
    row.notes = &record.notes;
    row.record = Some(format!("/controls/{i}"));
    if record.applicable == Some(true) {
        let mut reasons = record.reasons.clone();
        reasons.extend(links.reasons);
        reasons.sort_unstable();
        reasons.dedup();
        row.reasons = reasons;
    }
}

/// A control that [`draft`] proposes as applicable.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProposedControl {
    /// The control id.
    pub control: String,
    /// The risks whose treatment names it, in register order.
    pub risks: Vec<String>,
    /// Pointer of its record in the drafted document.
    pub record: String,
    /// True when the record is new; false when an undecided record was completed.
    pub added: bool,
}

/// The Statement of Applicability drafted from the risks: the document with the proposals, and
/// what was proposed and left alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DraftSoa {
    /// The document with a record proposing each control a risk treatment names and no
    /// decision covers.
    pub document: crate::model::Document,
    /// The controls proposed, in the order the register first names them.
    pub proposed: Vec<ProposedControl>,
    /// The controls a risk treatment names whose applicability the owner already decided (or
    /// already proposed): their records are left as they are.
    pub decided: Vec<String>,
}

/// Drafts the Statement of Applicability from the risk register: every control a risk names
/// (among its controls or in an action of its treatment plan) is proposed as applicable, with
/// `risk_treatment` among its reasons and `proposed` set for the owner to confirm. A control
/// without a record gets a new one (not implemented); an undecided record is completed and
/// keeps everything else it says; a record whose applicability is decided, either way, is never
/// changed.
pub fn draft(doc: &crate::model::Document) -> DraftSoa {
    let mut document = doc.clone();
    let mut order: Vec<&str> = Vec::new();
    let mut risks: HashMap<&str, Vec<String>> = HashMap::default();
    for risk in &doc.risks {
        let plan = risk.treatment.iter().flat_map(|t| &t.plan);
        for id in risk.controls.iter().chain(plan.flat_map(|a| &a.controls)) {
            let named = risks.entry(id.as_str()).or_insert_with(|| {
                order.push(id.as_str());
                Vec::new()
            });
            if named.last() != Some(&risk.id) {
                named.push(risk.id.clone());
            }
        }
    }
    let mut proposed = Vec::new();
    let mut decided = Vec::new();
    for control in order {
        let risks = risks.remove(control).unwrap_or_default();
        let found = document.controls.iter().position(|r| r.control == control);
        match found.and_then(|i| Some((i, document.controls.get_mut(i)?))) {
            Some((_, record)) if record.applicable.is_some() => {
                decided.push(control.to_owned());
            }
            Some((i, record)) => {
                record.applicable = Some(true);
                record.proposed = true;
                if !record.reasons.contains(&InclusionReason::RiskTreatment) {
                    record.reasons.push(InclusionReason::RiskTreatment);
                    record.reasons.sort_unstable();
                }
                proposed.push(ProposedControl {
                    control: control.to_owned(),
                    risks,
                    record: format!("/controls/{i}"),
                    added: false,
                });
            }
            None => {
                proposed.push(ProposedControl {
                    control: control.to_owned(),
                    risks,
                    record: format!("/controls/{}", document.controls.len()),
                    added: true,
                });
                document.controls.push(ControlRecord {
                    applicable: Some(true),
                    proposed: true,
                    reasons: vec![InclusionReason::RiskTreatment],
                    ..ControlRecord::new(control)
                });
            }
        }
    }
    DraftSoa {
        document,
        proposed,
        decided,
    }
}
