//! The controls a document's risks and interested parties' requirements name: a query over the
//! document that the Statement of Applicability and the findings both read, so a control linked
//! by a risk or a requirement has a reason for inclusion even when its record gives none.

use super::{Document, InclusionReason, RequirementSource};
use foldhash::HashMap;

/// What links a control: the risks whose treatment names it, the interested parties'
/// requirements it addresses, and the reasons for inclusion that follow.
#[derive(Default)]
pub(crate) struct ControlLinks<'a> {
    /// The risks that name the control, in document order.
    pub(crate) risks: Vec<&'a str>,
    /// The interested parties' requirements that name it.
    pub(crate) requirements: Vec<&'a str>,
    /// The reasons for inclusion that follow, each once.
    pub(crate) reasons: Vec<InclusionReason>,
}

impl ControlLinks<'_> {
    fn reason(&mut self, reason: InclusionReason) {
        if !self.reasons.contains(&reason) {
            self.reasons.push(reason);
        }
    }
}

/// The links of every control that a risk (directly or through a treatment action) or an
/// interested party's requirement names: their inclusion has a reason even when the record
/// names none.
pub(crate) fn control_links(doc: &Document) -> HashMap<&str, ControlLinks<'_>> {
    let mut links: HashMap<&str, ControlLinks<'_>> = HashMap::default();
    for risk in &doc.risks {
        let plan = risk.treatment.iter().flat_map(|t| &t.plan);
        for id in risk.controls.iter().chain(plan.flat_map(|a| &a.controls)) {
            let entry = links.entry(id.as_str()).or_default();
            if entry.risks.last() != Some(&risk.id.as_str()) {
                entry.risks.push(&risk.id);
            }
            entry.reason(InclusionReason::RiskTreatment);
        }
    }
    for party in &doc.context.interested_parties {
        for requirement in &party.requirements {
            let reason = match requirement.kind {
                RequirementSource::Legal => InclusionReason::Legal,
                RequirementSource::Regulatory => InclusionReason::Regulatory,
                RequirementSource::Contractual => InclusionReason::Contractual,
                RequirementSource::Other => InclusionReason::BusinessRequirement,
            };
            for id in &requirement.controls {
                let entry = links.entry(id.as_str()).or_default();
                if !entry.requirements.contains(&requirement.id.as_str()) {
                    entry.requirements.push(&requirement.id);
                }
                entry.reason(reason);
            }
        }
    }
    links
}
