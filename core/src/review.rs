//! The management review pack (9.3.2): every input the review must consider, built from the
//! document's live data rather than typed by hand.
//!
//! - a) the actions of earlier reviews and where they stand;
//! - b) and c) the changes in internal and external issues and in interested parties and their
//!   requirements since the last review, when a previous version of the document is given;
//! - d) performance: nonconformities and corrective actions (1), every indicator's latest
//!   measurement against its target in its direction, with its trend (2), audit results (3),
//!   and the fulfilment of the objectives (4);
//! - e) the interested parties and their requirements, with those no control addresses yet;
//! - f) the risk assessment's results and the treatment plan's status;
//! - g) opportunities for improvement: audit findings graded as opportunities and the lessons
//!   learned from incidents.
//!
//! "Since the last review" is after the date of the latest management review on or before the
//! date of the check. The pack's findings are the document's findings on indicators, objectives
//! and reviews (`kpi_off_target`, `objective_overdue`, `review_inputs_incomplete`, …).

use crate::analysis;
use crate::checks::{Checked, Finding};
use crate::model::{
    ActionStatus, Date, Direction, Document, FindingKind, IncidentStatus, NonconformityStatus,
};
use serde::Serialize;

/// One input of 9.3.2 and what the pack holds for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewInput {
    /// The letter of 9.3.2 (`a` … `g`).
    pub input: &'static str,
    /// What it is, in words.
    pub title: &'static str,
    /// What the document shows, in a sentence.
    pub summary: String,
    /// The part of the pack that holds it.
    pub section: &'static str,
}

/// An action of an earlier review (9.3.2 a).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewAction {
    /// The review it came from.
    pub review: String,
    /// The action's id.
    pub id: String,
    /// What is to be done.
    pub description: String,
    /// Who does it.
    pub owner: String,
    /// When it is due.
    pub due: Option<Date>,
    /// Its progress.
    pub status: ActionStatus,
    /// True when open and past due.
    pub overdue: bool,
}

/// A change in the context since the previous version (9.3.2 b, c).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContextChange {
    /// `issue`, `interested_party` or `requirement`.
    pub kind: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The id.
    pub id: String,
    /// Its description or name now (or before, when removed).
    pub text: String,
}

/// Which way an indicator moved between its last two measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Towards or further past the target.
    Improving,
    /// Away from the target.
    Worsening,
    /// Unchanged.
    Steady,
    /// Fewer than two measurements.
    Unknown,
}

impl Trend {
    /// The trend as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Improving => "improving",
            Self::Worsening => "worsening",
            Self::Steady => "steady",
            Self::Unknown => "unknown",
        }
    }
}

/// An indicator evaluated against its target (9.3.2 d 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KpiResult {
    /// The indicator's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// Its target.
    pub target: Option<f64>,
    /// Floor or ceiling.
    pub direction: Direction,
    /// The latest measurement.
    pub latest: Option<f64>,
    /// When it was taken.
    pub measured_on: Option<Date>,
    /// Whether it meets the target; absent without a measurement or a target.
    pub on_target: Option<bool>,
    /// The movement since the measurement before.
    pub trend: Trend,
    /// Who measures it.
    pub owner: String,
}

/// An objective and its fulfilment (9.3.2 d 4).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ObjectiveResult {
    /// The objective's id.
    pub id: String,
    /// What is to be achieved.
    pub title: String,
    /// The target.
    pub target: Option<f64>,
    /// Floor or ceiling.
    pub direction: Direction,
    /// The latest measurement.
    pub latest: Option<f64>,
    /// Whether it meets the target.
    pub met: Option<bool>,
    /// When it is due.
    pub due: Option<Date>,
    /// True when past due and not met.
    pub overdue: bool,
}

/// One audit's results (9.3.2 d 3).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditResult {
    /// The audit's id.
    pub id: String,
    /// When it was performed.
    pub performed_on: Option<Date>,
    /// Major nonconformities.
    pub major: usize,
    /// Minor nonconformities.
    pub minor: usize,
    /// Observations.
    pub observations: usize,
    /// Opportunities for improvement.
    pub opportunities: usize,
}

/// Nonconformities and corrective actions (9.3.2 d 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NonconformityTrend {
    /// Raised since the last review.
    pub raised_since: usize,
    /// Closed (not counting the ones still being verified).
    pub closed: usize,
    /// Still open, in progress or being verified.
    pub open: usize,
    /// Open corrective actions.
    pub open_actions: usize,
    /// Open corrective actions past due.
    pub overdue_actions: usize,
}

/// Risk assessment results and treatment status (9.3.2 f).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskStatusSummary {
    /// Risks in the register.
    pub risks: usize,
    /// Above appetite before treatment.
    pub above_appetite_inherent: usize,
    /// Above appetite after treatment.
    pub above_appetite_residual: usize,
    /// Risks whose residual risk the owner accepted.
    pub accepted: usize,
    /// Open treatment actions.
    pub open_actions: usize,
    /// Open treatment actions past due.
    pub overdue_actions: usize,
}

/// An opportunity for improvement (9.3.2 g).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Opportunity {
    /// `audit_finding` or `incident`.
    pub source: &'static str,
    /// The id of the finding or incident.
    pub id: String,
    /// The opportunity or lesson.
    pub text: String,
}

/// An interested party and its requirements (9.3.2 e).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartyFeedback {
    /// The party's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Requirements recorded.
    pub requirements: usize,
    /// Requirements that name no control yet.
    pub unaddressed: Vec<String>,
}

/// The management review pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReviewPack {
    /// The last management review before the pack, by id.
    pub last_review: Option<String>,
    /// Its date: "since the last review" counts from it.
    pub since: Option<Date>,
    /// Each input of 9.3.2 with a summary.
    pub inputs: Vec<ReviewInput>,
    /// a) actions of earlier reviews.
    pub previous_actions: Vec<ReviewAction>,
    /// b), c) changes in issues, interested parties and requirements (with a previous version).
    pub changes: Vec<ContextChange>,
    /// d 1) nonconformities and corrective actions.
    pub nonconformities: NonconformityTrend,
    /// d 2) every indicator against its target.
    pub kpis: Vec<KpiResult>,
    /// d 3) audit results.
    pub audits: Vec<AuditResult>,
    /// d 4) fulfilment of the objectives.
    pub objectives: Vec<ObjectiveResult>,
    /// e) interested parties and their requirements.
    pub interested_parties: Vec<PartyFeedback>,
    /// f) risk assessment results and treatment plan status.
    pub risks: RiskStatusSummary,
    /// g) opportunities for improvement.
    pub opportunities: Vec<Opportunity>,
    /// The document's findings on indicators, objectives and management reviews.
    pub findings: Vec<Finding>,
}

fn after(date: Option<&Date>, since: Option<&Date>) -> bool {
    match (date, since) {
        (Some(d), Some(s)) => d > s,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

fn trend(values: &[f64], direction: Direction) -> Trend {
    match values {
        [.., before, last] => {
            let better = match direction {
                Direction::AtLeast => last > before,
                Direction::AtMost => last < before,
            };
            if (last - before).abs() < f64::EPSILON {
                Trend::Steady
            } else if better {
                Trend::Improving
            } else {
                Trend::Worsening
            }
        }
        _ => Trend::Unknown,
    }
}

fn context_changes(old: &Document, new: &Document) -> Vec<ContextChange> {
    let mut out = Vec::new();
    let mut compare =
        |kind: &'static str, before: Vec<(&str, String)>, now: Vec<(&str, String)>| {
            for (id, text) in &now {
                match before.iter().find(|(b, _)| b == id) {
                    None => out.push(ContextChange {
                        kind,
                        change: "added",
                        id: (*id).to_owned(),
                        text: text.clone(),
                    }),
                    Some((_, was)) if was != text => out.push(ContextChange {
                        kind,
                        change: "changed",
                        id: (*id).to_owned(),
                        text: text.clone(),
                    }),
                    Some(_) => {}
                }
            }
            for (id, text) in &before {
                if !now.iter().any(|(n, _)| n == id) {
                    out.push(ContextChange {
                        kind,
                        change: "removed",
                        id: (*id).to_owned(),
                        text: text.clone(),
                    });
                }
            }
        };
    fn issues(d: &Document) -> Vec<(&str, String)> {
        d.context
            .issues
            .iter()
            .map(|i| (i.id.as_str(), format!("{} {}", i.description, i.effect)))
            .collect()
    }
    fn parties(d: &Document) -> Vec<(&str, String)> {
        d.context
            .interested_parties
            .iter()
            .map(|p| (p.id.as_str(), format!("{}: {}", p.name, p.needs)))
            .collect()
    }
    fn requirements(d: &Document) -> Vec<(&str, String)> {
        d.context
            .interested_parties
            .iter()
            .flat_map(|p| p.requirements.iter())
            .map(|q| (q.id.as_str(), q.description.clone()))
            .collect()
    }
    compare("issue", issues(old), issues(new));
    compare("interested_party", parties(old), parties(new));
    compare("requirement", requirements(old), requirements(new));
    out
}

/// The pack of a checked document. `previous` is an earlier version of the document, for the
/// changes in issues and interested parties.
pub fn pack(
    checked: &Checked<'_>,
    previous: Option<&Document>,
    as_of: Option<&Date>,
) -> ReviewPack {
    let doc = checked.document;
    let last = doc
        .management_reviews
        .iter()
        .filter(|r| as_of.is_none_or(|t| r.date <= *t))
        .max_by(|a, b| a.date.cmp(&b.date));
    let since = last.map(|r| r.date.clone());
    let past = |due: Option<&Date>| matches!((due, as_of), (Some(d), Some(t)) if d < t);

    let previous_actions: Vec<ReviewAction> = doc
        .management_reviews
        .iter()
        .flat_map(|r| {
            r.actions.iter().map(move |a| ReviewAction {
                review: r.id.clone(),
                id: a.id.clone(),
                description: a.description.clone(),
                owner: a.owner.clone(),
                due: a.due.clone(),
                status: a.status,
                overdue: a.status.is_open() && past(a.due.as_ref()),
            })
        })
        .collect();
    let changes = previous.map_or_else(Vec::new, |old| context_changes(old, doc));

    let corrective = doc
        .nonconformities
        .iter()
        .flat_map(|n| n.corrective_actions.iter());
    let nonconformities = NonconformityTrend {
        raised_since: doc
            .nonconformities
            .iter()
            .filter(|n| after(n.raised_on.as_ref(), since.as_ref()))
            .count(),
        closed: doc
            .nonconformities
            .iter()
            .filter(|n| n.status == NonconformityStatus::Closed)
            .count(),
        open: doc
            .nonconformities
            .iter()
            .filter(|n| n.status != NonconformityStatus::Closed)
            .count(),
        open_actions: corrective.clone().filter(|a| a.status.is_open()).count(),
        overdue_actions: corrective
            .filter(|a| a.status.is_open() && past(a.due.as_ref()))
            .count(),
    };

    let kpis: Vec<KpiResult> = doc
        .kpis
        .iter()
        .map(|k| {
            let last = k.measurements.last();
            let values: Vec<f64> = k.measurements.iter().map(|m| m.value).collect();
            KpiResult {
                id: k.id.clone(),
                name: k.name.clone(),
                unit: k.unit.clone(),
                target: k.target,
                direction: k.direction,
                latest: last.map(|m| m.value),
                measured_on: last.map(|m| m.date.clone()),
                on_target: last
                    .zip(k.target)
                    .map(|(m, t)| k.direction.meets(m.value, t)),
                trend: trend(&values, k.direction),
                owner: k.owner.clone(),
            }
        })
        .collect();

    let audits: Vec<AuditResult> = doc
        .audits
        .iter()
        .filter(|a| a.status == crate::model::AuditStatus::Completed)
        .map(|a| {
            let count = |kind: FindingKind| a.findings.iter().filter(|f| f.kind == kind).count();
            AuditResult {
                id: a.id.clone(),
                performed_on: a.performed_on.clone(),
                major: count(FindingKind::MajorNonconformity),
                minor: count(FindingKind::MinorNonconformity),
                observations: count(FindingKind::Observation),
                opportunities: count(FindingKind::Opportunity),
            }
        })
        .collect();

    let objectives: Vec<ObjectiveResult> = doc
        .objectives
        .iter()
        .map(|o| {
            let last = o.measurements.last().map(|m| m.value);
            let met = last.zip(o.target).map(|(v, t)| o.direction.meets(v, t));
            ObjectiveResult {
                id: o.id.clone(),
                title: o.title.clone(),
                target: o.target,
                direction: o.direction,
                latest: last,
                met,
                due: o.due.clone(),
                overdue: met != Some(true) && o.target.is_some() && past(o.due.as_ref()),
            }
        })
        .collect();

    let interested_parties: Vec<PartyFeedback> = doc
        .context
        .interested_parties
        .iter()
        .map(|p| PartyFeedback {
            id: p.id.clone(),
            name: p.name.clone(),
            requirements: p.requirements.len(),
            unaddressed: p
                .requirements
                .iter()
                .filter(|q| q.controls.is_empty())
                .map(|q| q.id.clone())
                .collect(),
        })
        .collect();

    let analysis = analysis::analyse(checked, 0, as_of, false);
    let t = &analysis.totals;
    let risks = RiskStatusSummary {
        risks: t.risks,
        above_appetite_inherent: t.above_appetite_inherent,
        above_appetite_residual: t.above_appetite_residual,
        accepted: doc.risks.iter().filter(|r| r.acceptance.is_some()).count(),
        open_actions: t.open_actions,
        overdue_actions: t.overdue_actions,
    };

    let mut opportunities: Vec<Opportunity> = doc
        .audits
        .iter()
        .flat_map(|a| a.findings.iter())
        .filter(|f| f.kind == FindingKind::Opportunity)
        .map(|f| Opportunity {
            source: "audit_finding",
            id: f.id.clone(),
            text: f.description.clone(),
        })
        .collect();
    opportunities.extend(
        doc.incidents
            .iter()
            .filter(|i| {
                matches!(i.status, IncidentStatus::Resolved | IncidentStatus::Closed)
                    && !i.lessons_learned.trim().is_empty()
            })
            .map(|i| Opportunity {
                source: "incident",
                id: i.id.clone(),
                text: i.lessons_learned.clone(),
            }),
    );

    let findings: Vec<Finding> = checked
        .findings
        .iter()
        .filter(|f| {
            matches!(f.reference, "9.1" | "6.2" | "9.3.1" | "9.3.2" | "9.3.3")
                || f.path.starts_with("/management_reviews")
        })
        .cloned()
        .collect();

    let open_previous = previous_actions
        .iter()
        .filter(|a| a.status.is_open())
        .count();
    let overdue_previous = previous_actions.iter().filter(|a| a.overdue).count();
    let off = kpis.iter().filter(|k| k.on_target == Some(false)).count();
    let on = kpis.iter().filter(|k| k.on_target == Some(true)).count();
    let met = objectives.iter().filter(|o| o.met == Some(true)).count();
    let unaddressed: usize = interested_parties.iter().map(|p| p.unaddressed.len()).sum();
    let inputs = vec![
        ReviewInput {
            input: "a",
            title: "Status of actions from previous management reviews",
            summary: format!(
                "{} actions, {open_previous} open, {overdue_previous} overdue",
                previous_actions.len()
            ),
            section: "previous_actions",
        },
        ReviewInput {
            input: "b",
            title: "Changes in external and internal issues",
            summary: if previous.is_some() {
                format!(
                    "{} changes to issues",
                    changes.iter().filter(|c| c.kind == "issue").count()
                )
            } else {
                format!(
                    "{} issues recorded; no previous version given to compare",
                    doc.context.issues.len()
                )
            },
            section: "changes",
        },
        ReviewInput {
            input: "c",
            title: "Changes in needs and expectations of interested parties",
            summary: if previous.is_some() {
                format!(
                    "{} changes to interested parties and their requirements",
                    changes.iter().filter(|c| c.kind != "issue").count()
                )
            } else {
                format!(
                    "{} interested parties recorded; no previous version given to compare",
                    doc.context.interested_parties.len()
                )
            },
            section: "changes",
        },
        ReviewInput {
            input: "d",
            title: "Information security performance: nonconformities, monitoring, audits, objectives",
            summary: format!(
                "{} nonconformities open, {} raised since the last review; {on} of {} indicators on target, {off} off target; {} audits completed; {met} of {} objectives met",
                nonconformities.open,
                nonconformities.raised_since,
                kpis.len(),
                audits.len(),
                objectives.len()
            ),
            section: "kpis",
        },
        ReviewInput {
            input: "e",
            title: "Feedback from interested parties",
            summary: format!(
                "{} interested parties; {unaddressed} requirements name no control yet",
                interested_parties.len()
            ),
            section: "interested_parties",
        },
        ReviewInput {
            input: "f",
            title: "Results of risk assessment and status of the risk treatment plan",
            summary: format!(
                "{} risks, {} above appetite after treatment; {} open treatment actions, {} overdue",
                risks.risks,
                risks.above_appetite_residual,
                risks.open_actions,
                risks.overdue_actions
            ),
            section: "risks",
        },
        ReviewInput {
            input: "g",
            title: "Opportunities for continual improvement",
            summary: format!("{} opportunities and lessons learned", opportunities.len()),
            section: "opportunities",
        },
    ];

    ReviewPack {
        last_review: last.map(|r| r.id.clone()),
        since,
        inputs,
        previous_actions,
        changes,
        nonconformities,
        kpis,
        audits,
        objectives,
        interested_parties,
        risks,
        opportunities,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_follow_the_direction() {
        assert_eq!(trend(&[6.0, 5.0], Direction::AtMost), Trend::Improving);
        assert_eq!(trend(&[96.0, 91.0], Direction::AtLeast), Trend::Worsening);
        assert_eq!(trend(&[1.0, 1.0], Direction::AtLeast), Trend::Steady);
        assert_eq!(trend(&[1.0], Direction::AtLeast), Trend::Unknown);
    }
}
