//! What changed between two versions of a document, for the yearly reassessment: risks added,
//! removed, re-rated or edited; controls whose applicability or status moved; assets, incidents,
//! audits and nonconformities that appeared or closed; findings raised and resolved.
//!
//! Objects are matched by id. A risk is *re-rated* when its inherent or residual rating (likelihood,
//! impact, score or band) differs; the two versions are each rated with their own method, and
//! `method.changed` says when those differ, since scores under different methods do not compare.

use crate::checks::{Checked, Finding};
use crate::model::{ControlRecord, ImplementationStatus, NonconformityStatus, Risk};
use crate::risk::Rating;
use crate::risk::register::ScoredRisk;
use foldhash::{HashMap, HashSet};
use serde::Serialize;
use std::sync::Arc;

/// A risk as listed in a diff.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskRef<'a> {
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Its current band (residual when rated, else inherent).
    pub band: Option<Arc<str>>,
}

/// A risk whose rating changed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rerating<'a> {
    /// Id.
    pub id: &'a str,
    /// Title (as it is now).
    pub title: &'a str,
    /// Inherent rating before.
    pub inherent_before: Option<Rating>,
    /// Inherent rating after.
    pub inherent_after: Option<Rating>,
    /// Residual rating before.
    pub residual_before: Option<Rating>,
    /// Residual rating after.
    pub residual_after: Option<Rating>,
    /// `up`, `down` or `same`: how the current score moved.
    pub direction: &'static str,
}

/// An object whose fields changed (ratings aside).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edited<'a> {
    /// Id.
    pub id: &'a str,
    /// The fields that differ, alphabetically.
    pub fields: Vec<String>,
}

/// The risk register's changes.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskChanges<'a> {
    /// New risks.
    pub added: Vec<RiskRef<'a>>,
    /// Risks no longer in the register.
    pub removed: Vec<RiskRef<'a>>,
    /// Risks rated differently.
    pub rerated: Vec<Rerating<'a>>,
    /// Risks with other fields edited (owner, treatment, controls, …).
    pub edited: Vec<Edited<'a>>,
}

/// A control whose record changed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ControlChange<'a> {
    /// The control.
    pub control: &'a str,
    /// Applicability before (null: undecided or no record).
    pub applicable_before: Option<bool>,
    /// Applicability after.
    pub applicable_after: Option<bool>,
    /// Status before (null: no record).
    pub status_before: Option<ImplementationStatus>,
    /// Status after.
    pub status_after: Option<ImplementationStatus>,
    /// Other fields that differ (owner, evidence, justification, …).
    pub fields: Vec<String>,
}

/// Ids that appeared and disappeared.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ids<'a> {
    /// In the new version only.
    pub added: Vec<&'a str>,
    /// In the old version only.
    pub removed: Vec<&'a str>,
}

/// Nonconformities raised and closed.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NonconformityChanges<'a> {
    /// New since the old version.
    pub new: Vec<&'a str>,
    /// Open before, closed now.
    pub closed: Vec<&'a str>,
    /// Closed before, open again now.
    pub reopened: Vec<&'a str>,
}

/// The methods the two versions are rated with.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MethodChange {
    /// Method of the old version.
    pub before: String,
    /// Method of the new version.
    pub after: String,
    /// True when they differ: scores then do not compare.
    pub changed: bool,
}

/// Findings raised and resolved, matched by code and path.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingChanges {
    /// In the new version only.
    pub raised: Vec<Finding>,
    /// In the old version only.
    pub resolved: Vec<Finding>,
}

/// Counts of each kind of change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffSummary {
    /// Risks added.
    pub risks_added: usize,
    /// Risks removed.
    pub risks_removed: usize,
    /// Risks re-rated.
    pub risks_rerated: usize,
    /// Risks edited otherwise.
    pub risks_edited: usize,
    /// Controls whose applicability changed.
    pub applicability_changes: usize,
    /// Controls whose status changed.
    pub status_changes: usize,
    /// Nonconformities raised.
    pub nonconformities_new: usize,
    /// Nonconformities closed.
    pub nonconformities_closed: usize,
    /// Findings raised.
    pub findings_raised: usize,
    /// Findings resolved.
    pub findings_resolved: usize,
}

/// What changed from `old` to `new`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diff<'a> {
    /// Counts.
    pub summary: DiffSummary,
    /// The methods.
    pub method: MethodChange,
    /// The risk register.
    pub risks: RiskChanges<'a>,
    /// Control records whose applicability, status or other fields changed, Annex A order first.
    pub controls: Vec<ControlChange<'a>>,
    /// Assets.
    pub assets: Ids<'a>,
    /// Incidents.
    pub incidents: Ids<'a>,
    /// Audits.
    pub audits: Ids<'a>,
    /// Nonconformities.
    pub nonconformities: NonconformityChanges<'a>,
    /// Findings.
    pub findings: FindingChanges,
}

/// Compares two checked versions of a document.
pub fn diff<'a>(old: &'a Checked<'_>, new: &'a Checked<'_>) -> Diff<'a> {
    let (a, b) = (old.document, new.document);
    let risks = risk_changes(old, new);
    let controls = control_changes(&a.controls, &b.controls);
    let assets = ids(&a.assets, &b.assets, |x| &x.id);
    let incidents = ids(&a.incidents, &b.incidents, |x| &x.id);
    let audits = ids(&a.audits, &b.audits, |x| &x.id);

    let before: HashMap<&str, NonconformityStatus> = a
        .nonconformities
        .iter()
        .map(|n| (n.id.as_str(), n.status))
        .collect();
    let mut nonconformities = NonconformityChanges::default();
    for n in &b.nonconformities {
        let closed = n.status == NonconformityStatus::Closed;
        match before.get(n.id.as_str()) {
            None => nonconformities.new.push(&n.id),
            Some(&was) if closed && was != NonconformityStatus::Closed => {
                nonconformities.closed.push(&n.id);
            }
            Some(&was) if !closed && was == NonconformityStatus::Closed => {
                nonconformities.reopened.push(&n.id);
            }
            Some(_) => {}
        }
    }

    let key = |f: &Finding| (f.code, f.path.clone());
    let old_keys: HashSet<_> = old.findings.iter().map(key).collect();
    let new_keys: HashSet<_> = new.findings.iter().map(key).collect();
    let findings = FindingChanges {
        raised: new
            .findings
            .iter()
            .filter(|f| !old_keys.contains(&key(f)))
            .cloned()
            .collect(),
        resolved: old
            .findings
            .iter()
            .filter(|f| !new_keys.contains(&key(f)))
            .cloned()
            .collect(),
    };

    Diff {
        summary: DiffSummary {
            risks_added: risks.added.len(),
            risks_removed: risks.removed.len(),
            risks_rerated: risks.rerated.len(),
            risks_edited: risks.edited.len(),
            applicability_changes: controls
                .iter()
                .filter(|c| c.applicable_before != c.applicable_after)
                .count(),
            status_changes: controls
                .iter()
                .filter(|c| c.status_before != c.status_after)
                .count(),
            nonconformities_new: nonconformities.new.len(),
            nonconformities_closed: nonconformities.closed.len(),
            findings_raised: findings.raised.len(),
            findings_resolved: findings.resolved.len(),
        },
        method: MethodChange {
            before: old.method.id.clone(),
            after: new.method.id.clone(),
            changed: old.method != new.method,
        },
        risks,
        controls,
        assets,
        incidents,
        audits,
        nonconformities,
        findings,
    }
}

fn risk_ref<'a>(risk: &'a Risk, scored: Option<&ScoredRisk>) -> RiskRef<'a> {
    RiskRef {
        id: &risk.id,
        title: &risk.title,
        band: scored.and_then(|s| s.current()).map(|r| r.band.clone()),
    }
}

fn risk_changes<'a>(old: &'a Checked<'_>, new: &'a Checked<'_>) -> RiskChanges<'a> {
    let (a, b) = (old.document, new.document);
    let before: HashMap<&str, usize> = a
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let after: HashSet<&str> = b.risks.iter().map(|r| r.id.as_str()).collect();
    let mut changes = RiskChanges::default();
    for (j, risk) in b.risks.iter().enumerate() {
        let now = new.risks.get(j);
        let Some(&i) = before.get(risk.id.as_str()) else {
            changes.added.push(risk_ref(risk, now));
            continue;
        };
        let (Some(then), Some(was)) = (old.risks.get(i), a.risks.get(i)) else {
            continue;
        };
        if let Some(now) = now {
            let same = |x: &Option<Rating>, y: &Option<Rating>| match (x, y) {
                (Some(x), Some(y)) => {
                    x.likelihood == y.likelihood
                        && x.impact == y.impact
                        && x.score == y.score
                        && x.band == y.band
                }
                (None, None) => true,
                _ => false,
            };
            if !same(&then.inherent, &now.inherent) || !same(&then.residual, &now.residual) {
                let score = |s: &ScoredRisk| s.current().map(|r| r.score);
                let direction = match (score(then), score(now)) {
                    (Some(x), Some(y)) if y > x => "up",
                    (Some(x), Some(y)) if y < x => "down",
                    (None, Some(_)) => "up",
                    (Some(_), None) => "down",
                    _ => "same",
                };
                changes.rerated.push(Rerating {
                    id: &risk.id,
                    title: &risk.title,
                    inherent_before: then.inherent.clone(),
                    inherent_after: now.inherent.clone(),
                    residual_before: then.residual.clone(),
                    residual_after: now.residual.clone(),
                    direction,
                });
            }
        }
        let fields = edited_fields(was, risk, &["inherent", "residual"]);
        if !fields.is_empty() {
            changes.edited.push(Edited {
                id: &risk.id,
                fields,
            });
        }
    }
    for (i, risk) in a.risks.iter().enumerate() {
        if !after.contains(risk.id.as_str()) {
            changes.removed.push(risk_ref(risk, old.risks.get(i)));
        }
    }
    changes
}

/// Top-level fields of two serialised objects that differ, except `ignore`.
fn edited_fields<T: Serialize>(old: &T, new: &T, ignore: &[&str]) -> Vec<String> {
    let (Ok(serde_json::Value::Object(x)), Ok(serde_json::Value::Object(y))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let mut fields: Vec<String> = Vec::new();
    for (key, value) in &y {
        if !ignore.contains(&key.as_str()) && x.get(key) != Some(value) {
            fields.push(key.clone());
        }
    }
    for key in x.keys() {
        if !ignore.contains(&key.as_str()) && !y.contains_key(key) {
            fields.push(key.clone());
        }
    }
    fields.sort_unstable();
    fields
}

fn control_changes<'a>(
    old: &'a [ControlRecord],
    new: &'a [ControlRecord],
) -> Vec<ControlChange<'a>> {
    let before: HashMap<&str, &ControlRecord> =
        old.iter().map(|r| (r.control.as_str(), r)).collect();
    let after: HashMap<&str, &ControlRecord> =
        new.iter().map(|r| (r.control.as_str(), r)).collect();
    let mut order: Vec<&'a str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    for control in crate::catalogue::controls() {
        if before.contains_key(control.id) || after.contains_key(control.id) {
            order.push(control.id);
            seen.insert(control.id);
        }
    }
    for record in new.iter().chain(old) {
        if seen.insert(record.control.as_str()) {
            order.push(&record.control);
        }
    }
    let mut changes = Vec::new();
    for id in order {
        let (x, y) = (before.get(id).copied(), after.get(id).copied());
        let fields = match (x, y) {
            (Some(x), Some(y)) => edited_fields(x, y, &["control", "applicable", "status"]),
            _ => Vec::new(),
        };
        let change = ControlChange {
            control: id,
            applicable_before: x.and_then(|r| r.applicable),
            applicable_after: y.and_then(|r| r.applicable),
            status_before: x.map(|r| r.status),
            status_after: y.map(|r| r.status),
            fields,
        };
        if change.applicable_before != change.applicable_after
            || change.status_before != change.status_after
            || !change.fields.is_empty()
        {
            changes.push(change);
        }
    }
    changes
}

fn ids<'a, T>(old: &'a [T], new: &'a [T], id: impl Fn(&'a T) -> &'a String) -> Ids<'a> {
    let before: HashSet<&str> = old.iter().map(|x| id(x).as_str()).collect();
    let after: HashSet<&str> = new.iter().map(|x| id(x).as_str()).collect();
    Ids {
        added: new
            .iter()
            .map(|x| id(x).as_str())
            .filter(|x| !before.contains(x))
            .collect(),
        removed: old
            .iter()
            .map(|x| id(x).as_str())
            .filter(|x| !after.contains(x))
            .collect(),
    }
}
