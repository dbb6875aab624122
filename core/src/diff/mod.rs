//! What changed between two versions of a document, for the yearly reassessment: risks added,
//! removed, re-rated or edited; controls whose applicability or status moved; assets, incidents,
//! audits and nonconformities that appeared or closed; findings raised and resolved.
//!
//! - **Matching.** Records are matched by id when their ids are real. A register imported from a
//!   sheet without an id column has ids made from row positions (marked `x_id_generated` by the
//!   import), which name a row and not a risk: such risks are matched by `title` (assets by
//!   `name`) and the diff warns (`ids_by_position`). The caller may name the key instead
//!   (`key`: `title`, `description`, `threat`, `vulnerability`, `owner`, `id`, or a column the
//!   import kept under `x_source_columns`). Records with equal key values are paired first (case,
//!   punctuation and spacing aside), then, for the free-text keys or when `threshold` is given,
//!   the most similar of those left while their similarity reaches the threshold, one to one
//!   (`matching`); the pairs made so are listed in `risks.reworded`.
//! - **Re-rating.** A risk is *re-rated* when its inherent or residual rating (likelihood,
//!   impact, score or band) differs; each rating's direction is reported apart. The two versions
//!   are each rated with their own method, and `method.changed` says when those differ, since
//!   scores under different methods do not compare.
//! - **Edits.** Every other field that differs is listed with its old and new value. The source
//!   columns an import kept but did not read (`x_source_columns`) are left out unless the caller
//!   asks for them (`include_source`).
//! - **Findings** are matched by code and by the record they concern, not by its place in its
//!   list (`findings`): reordering a register raises and resolves nothing.

mod findings;
mod matching;

use crate::checks::{Checked, Finding};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{
    Asset, ControlRecord, Extra, ID_GENERATED, ImplementationStatus, NonconformityStatus, Risk,
};
use crate::risk::Rating;
use crate::risk::register::ScoredRisk;
use findings::Pairings;
use foldhash::{HashMap, HashSet};
use matching::Pairing;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// Where an import keeps the columns it did not read.
const SOURCE_COLUMNS: &str = "x_source_columns";

/// The similarity (0–1, Sørensen–Dice over character bigrams) at which two free-text key values
/// are taken for the same record reworded, unless the request sets `threshold`.
pub const DEFAULT_THRESHOLD: f64 = 0.7;

/// The risk fields a diff may match by; any other key names a source column.
pub const RISK_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "threat",
    "vulnerability",
    "owner",
];

/// How a diff matches records (the options of the `diff` request).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The risk field or source column to match risks by; `None`: by id, unless the ids were made
    /// from row positions, then by title.
    pub key: Option<String>,
    /// The similarity (0–1) at which differing key values still match; `None`: 0.7 for `title`
    /// and `description`, equal values only for other keys.
    pub threshold: Option<f64>,
    /// Compare the source columns an import kept (`x_source_columns`) too.
    pub include_source: bool,
}

/// How a score moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher now, or rated now and not before.
    Up,
    /// Lower now, or no longer rated.
    Down,
    /// The same score (or unrated in both).
    Same,
}

impl Direction {
    fn of(before: Option<&Rating>, after: Option<&Rating>) -> Self {
        match (before.map(|r| r.score), after.map(|r| r.score)) {
            (Some(x), Some(y)) if y > x => Self::Up,
            (Some(x), Some(y)) if y < x => Self::Down,
            (None, Some(_)) => Self::Up,
            (Some(_), None) => Self::Down,
            _ => Self::Same,
        }
    }
}

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
    /// Its inherent rating.
    pub inherent: Option<Rating>,
    /// Its residual rating.
    pub residual: Option<Rating>,
}

/// A risk whose rating changed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rerating<'a> {
    /// Id (as it is now).
    pub id: &'a str,
    /// Its id in the old version, when that differs (risks matched by a key).
    pub old_id: Option<&'a str>,
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
    /// How the current score (residual when rated, else inherent) moved.
    pub direction: Direction,
    /// How the inherent score moved.
    pub inherent_direction: Direction,
    /// How the residual score moved.
    pub residual_direction: Direction,
}

/// A field whose value changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldChange {
    /// The field (`owner`, `treatment`; a source column as `x_source_columns/<header>`).
    pub field: String,
    /// Its value before (`null`: absent).
    pub old: Value,
    /// Its value after (`null`: absent).
    pub new: Value,
}

/// An object whose fields changed (ratings aside).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edited<'a> {
    /// Id (as it is now).
    pub id: &'a str,
    /// Its id in the old version, when that differs (risks matched by a key).
    pub old_id: Option<&'a str>,
    /// Title (as it is now).
    pub title: &'a str,
    /// The fields that differ, alphabetically.
    pub fields: Vec<String>,
    /// Each field that differs with its old and new value, alphabetically.
    pub changes: Vec<FieldChange>,
}

/// A risk matched to one of the old version by a similar, not equal, key value.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reworded<'a> {
    /// Id (as it is now).
    pub id: &'a str,
    /// Its id in the old version.
    pub old_id: &'a str,
    /// Its key value now.
    pub key: &'a str,
    /// Its key value in the old version.
    pub old_key: &'a str,
    /// How similar the two are (0–1, Sørensen–Dice over character bigrams).
    pub similarity: f64,
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
    /// Risks matched by a similar key value (a reworded title), for review.
    pub reworded: Vec<Reworded<'a>>,
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
    /// Each of those fields with its old and new value.
    pub changes: Vec<FieldChange>,
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

/// Findings raised and resolved, matched by code and by the record they concern.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingChanges {
    /// In the new version only.
    pub raised: Vec<Finding>,
    /// In the old version only.
    pub resolved: Vec<Finding>,
}

/// How the records were matched.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Matching {
    /// What risks were matched by: `id`, a risk field or a source column.
    pub risks: String,
    /// The similarity at which differing risk keys still matched (`null`: equal keys only).
    pub threshold: Option<f64>,
    /// What assets were matched by: `id`, or `name` when their ids were made from row positions.
    pub assets: &'static str,
}

/// The likelihood × impact grid of the new version's method, to draw the movement on.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Grid<'a> {
    /// Likelihood level labels, lowest first (the rows).
    pub likelihood: Vec<&'a str>,
    /// Impact level labels, lowest first (the columns).
    pub impact: Vec<&'a str>,
    /// The band id of every cell: `bands[l - 1][i - 1]`.
    pub bands: Vec<Vec<&'a str>>,
}

impl<'a> Grid<'a> {
    fn of(method: &'a crate::method::Method) -> Self {
        Self {
            likelihood: crate::analysis::level_labels(&method.likelihood.levels),
            impact: crate::analysis::level_labels(&method.impact.levels),
            bands: crate::analysis::cell_bands(method),
        }
    }
}

/// Why a diff may not say what the caller expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffWarningCode {
    /// A version's ids were made from row positions on import, and no key was named: the records
    /// were matched by title (assets by name) instead.
    IdsByPosition,
    /// Several records of a version share a key value; they were paired in list order.
    DuplicateKey,
    /// Too many records were left unpaired by equal keys to compare them for similarity; they
    /// count as removed and added.
    SimilaritySkipped,
}

/// A warning about the matching.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffWarning {
    /// Stable code.
    pub code: DiffWarningCode,
    /// The list concerned: `risks` or `assets`.
    pub list: &'static str,
    /// What happened, in words.
    pub message: String,
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
    /// Risks matched by a similar key value.
    pub risks_reworded: usize,
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
    /// The new version's likelihood × impact grid.
    pub grid: Grid<'a>,
    /// How records were matched.
    pub matching: Matching,
    /// What may make the matching other than the caller expects.
    pub warnings: Vec<DiffWarning>,
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

/// True for a record whose id an import made from its row's position.
fn generated(extra: &Extra) -> bool {
    extra.get(ID_GENERATED) == Some(&Value::Bool(true))
}

/// The value of a risk's key: one of [`RISK_KEYS`] or a source column; `None` when empty.
fn risk_key<'r>(risk: &'r Risk, key: &str) -> Option<&'r str> {
    let text = match key {
        "id" => risk.id.as_str(),
        "title" => &risk.title,
        "description" => &risk.description,
        "threat" => &risk.threat,
        "vulnerability" => &risk.vulnerability,
        "owner" => &risk.owner,
        _ => risk.extra.get(SOURCE_COLUMNS)?.get(key)?.as_str()?,
    };
    (!text.trim().is_empty()).then_some(text)
}

fn invalid(path: &str, message: String) -> Error {
    Error::new(ErrorCode::InvalidValue, path, message)
}

/// Which versions hold records whose ids were made from row positions, in words.
fn which(old: bool, new: bool) -> &'static str {
    match (old, new) {
        (true, true) => "both versions",
        (true, false) => "the old version",
        _ => "the new version",
    }
}

/// The warnings of one list's pairing by `key`.
fn pairing_warnings(pairing: &Pairing, list: &'static str, key: &str, out: &mut Vec<DiffWarning>) {
    if pairing.duplicates > 0 {
        out.push(DiffWarning {
            code: DiffWarningCode::DuplicateKey,
            list,
            message: format!(
                "{} `{key}` values are held by more than one record of a version; those records were paired in list order",
                pairing.duplicates
            ),
        });
    }
    if pairing.skipped {
        let left = |p: &[Option<usize>]| p.iter().filter(|x| x.is_none()).count();
        out.push(DiffWarning {
            code: DiffWarningCode::SimilaritySkipped,
            list,
            message: format!(
                "{} old and {} new records have no equal `{key}`, too many to compare for similarity; they count as removed and added",
                left(&pairing.old_to_new),
                left(&pairing.new_to_old)
            ),
        });
    }
}

/// The risks paired, with what they were paired by and the threshold used.
fn pair_risks(
    old: &[Risk],
    new: &[Risk],
    options: &Options,
    warnings: &mut Vec<DiffWarning>,
) -> Result<(Pairing, Matching)> {
    if let Some(t) = options.threshold
        && !(t > 0.0 && t <= 1.0)
    {
        return Err(invalid(
            "/threshold",
            format!("the threshold `{t}` is not a similarity above 0 and at most 1"),
        ));
    }
    let (generated_old, generated_new) = (
        old.iter().any(|r| generated(&r.extra)),
        new.iter().any(|r| generated(&r.extra)),
    );
    let key = match options.key.as_deref() {
        Some(key) => {
            let known = RISK_KEYS.contains(&key)
                || old.iter().chain(new).any(|r| {
                    r.extra
                        .get(SOURCE_COLUMNS)
                        .is_some_and(|c| c.get(key).is_some())
                });
            if !known {
                return Err(invalid(
                    "/key",
                    format!(
                        "no risk has `{key}`: the key is one of {} or a source column the import kept",
                        RISK_KEYS.join(", ")
                    ),
                ));
            }
            key
        }
        None if generated_old || generated_new => {
            warnings.push(DiffWarning {
                code: DiffWarningCode::IdsByPosition,
                list: "risks",
                message: format!(
                    "the risk ids of {} were made from row positions on import, so risks were matched by `title`; name a key (`key`) to match by another column",
                    which(generated_old, generated_new)
                ),
            });
            "title"
        }
        None => "id",
    };
    if key == "id" {
        let pairing = matching::by_id(
            old.iter().map(|r| r.id.as_str()),
            new.iter().map(|r| r.id.as_str()),
        );
        let matching = Matching {
            risks: key.to_owned(),
            threshold: None,
            assets: "id",
        };
        return Ok((pairing, matching));
    }
    let threshold = options.threshold.unwrap_or(match key {
        "title" | "description" => DEFAULT_THRESHOLD,
        _ => 1.0,
    });
    let keys =
        |risks| -> Vec<Option<&str>> { <[Risk]>::iter(risks).map(|r| risk_key(r, key)).collect() };
    let pairing = matching::by_key(&keys(old), &keys(new), threshold);
    pairing_warnings(&pairing, "risks", key, warnings);
    let matching = Matching {
        risks: key.to_owned(),
        threshold: (threshold < 1.0).then_some(threshold),
        assets: "id",
    };
    Ok((pairing, matching))
}

/// The assets paired: by id, or by name when a version's ids were made from row positions.
fn pair_assets(
    old: &[Asset],
    new: &[Asset],
    warnings: &mut Vec<DiffWarning>,
) -> (Pairing, &'static str) {
    let (generated_old, generated_new) = (
        old.iter().any(|a| generated(&a.extra)),
        new.iter().any(|a| generated(&a.extra)),
    );
    if !(generated_old || generated_new) {
        let pairing = matching::by_id(
            old.iter().map(|a| a.id.as_str()),
            new.iter().map(|a| a.id.as_str()),
        );
        return (pairing, "id");
    }
    warnings.push(DiffWarning {
        code: DiffWarningCode::IdsByPosition,
        list: "assets",
        message: format!(
            "the asset ids of {} were made from row positions on import, so assets were matched by `name`",
            which(generated_old, generated_new)
        ),
    });
    let names = |assets| -> Vec<Option<&str>> {
        <[Asset]>::iter(assets)
            .map(|a| Some(a.name.as_str()))
            .collect()
    };
    let pairing = matching::by_key(&names(old), &names(new), DEFAULT_THRESHOLD);
    pairing_warnings(&pairing, "assets", "name", warnings);
    (pairing, "name")
}

/// Compares two checked versions of a document, matching records as `options` say. Fails only
/// on bad options (`invalid_value` at `/key` or `/threshold`).
pub fn diff<'a>(old: &'a Checked<'_>, new: &'a Checked<'_>, options: &Options) -> Result<Diff<'a>> {
    let (a, b) = (old.document, new.document);
    let mut warnings = Vec::new();
    let (risk_pairing, mut matching) = pair_risks(&a.risks, &b.risks, options, &mut warnings)?;
    let (asset_pairing, assets_by) = pair_assets(&a.assets, &b.assets, &mut warnings);
    matching.assets = assets_by;
    let risks = risk_changes(old, new, &risk_pairing, &matching.risks, options);
    let controls = control_changes(&a.controls, &b.controls, options.include_source);
    let assets = paired_ids(&a.assets, &b.assets, &asset_pairing, |x| &x.id);
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

    let pairings = Pairings {
        risks: &risk_pairing,
        assets: &asset_pairing,
    };
    let (raised, resolved) = findings::compare(old, new, &pairings);
    let findings = FindingChanges { raised, resolved };

    Ok(Diff {
        summary: DiffSummary {
            risks_added: risks.added.len(),
            risks_removed: risks.removed.len(),
            risks_rerated: risks.rerated.len(),
            risks_edited: risks.edited.len(),
            risks_reworded: risks.reworded.len(),
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
        grid: Grid::of(&new.method),
        matching,
        warnings,
        risks,
        controls,
        assets,
        incidents,
        audits,
        nonconformities,
        findings,
    })
}

fn risk_ref<'a>(risk: &'a Risk, scored: Option<&ScoredRisk>) -> RiskRef<'a> {
    RiskRef {
        id: &risk.id,
        title: &risk.title,
        band: scored.and_then(|s| s.current()).map(|r| r.band.clone()),
        inherent: scored.and_then(|s| s.inherent.clone()),
        residual: scored.and_then(|s| s.residual.clone()),
    }
}

fn same_rating(x: Option<&Rating>, y: Option<&Rating>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => {
            x.likelihood == y.likelihood
                && x.impact == y.impact
                && x.score == y.score
                && x.band == y.band
        }
        (None, None) => true,
        _ => false,
    }
}

fn risk_changes<'a>(
    old: &'a Checked<'_>,
    new: &'a Checked<'_>,
    pairing: &Pairing,
    key: &str,
    options: &Options,
) -> RiskChanges<'a> {
    let (a, b) = (old.document, new.document);
    let mut changes = RiskChanges::default();
    for (j, risk) in b.risks.iter().enumerate() {
        let now = new.risks.get(j);
        let Some(i) = pairing.old_of(j) else {
            changes.added.push(risk_ref(risk, now));
            continue;
        };
        let (Some(then), Some(was)) = (old.risks.get(i), a.risks.get(i)) else {
            continue;
        };
        let old_id = (was.id != risk.id).then_some(was.id.as_str());
        if let Some(now) = now
            && (!same_rating(then.inherent.as_ref(), now.inherent.as_ref())
                || !same_rating(then.residual.as_ref(), now.residual.as_ref()))
        {
            changes.rerated.push(Rerating {
                id: &risk.id,
                old_id,
                title: &risk.title,
                inherent_before: then.inherent.clone(),
                inherent_after: now.inherent.clone(),
                residual_before: then.residual.clone(),
                residual_after: now.residual.clone(),
                direction: Direction::of(then.current(), now.current()),
                inherent_direction: Direction::of(then.inherent.as_ref(), now.inherent.as_ref()),
                residual_direction: Direction::of(then.residual.as_ref(), now.residual.as_ref()),
            });
        }
        // Ids made from row positions say nothing about the record, so they are no edit.
        let compare_ids = !generated(&was.extra) && !generated(&risk.extra);
        let changed = risk_edits(was, risk, compare_ids, options.include_source);
        if !changed.is_empty() {
            changes.edited.push(Edited {
                id: &risk.id,
                old_id,
                title: &risk.title,
                fields: changed.iter().map(|c| c.field.clone()).collect(),
                changes: changed,
            });
        }
    }
    for &(i, j, similarity) in &pairing.similar {
        if let (Some(was), Some(risk)) = (a.risks.get(i), b.risks.get(j)) {
            changes.reworded.push(Reworded {
                id: &risk.id,
                old_id: &was.id,
                key: risk_key(risk, key).unwrap_or_default(),
                old_key: risk_key(was, key).unwrap_or_default(),
                similarity,
            });
        }
    }
    for (i, risk) in a.risks.iter().enumerate() {
        if pairing.new_of(i).is_none() {
            changes.removed.push(risk_ref(risk, old.risks.get(i)));
        }
    }
    changes
}

/// The fields of a risk, ratings aside, that differ, with their values. Most risks do not
/// change from one year to the next, so the typed fields are compared first and only a risk that
/// differs is written out to name its changes.
fn risk_edits(was: &Risk, now: &Risk, compare_ids: bool, source: bool) -> Vec<FieldChange> {
    let Risk {
        id,
        title,
        description,
        assets,
        threat,
        vulnerability,
        owner,
        inherent: _,
        residual: _,
        controls,
        treatment,
        acceptance,
        status,
        quant,
        extra,
    } = now;
    let same = (!compare_ids || was.id == *id)
        && was.title == *title
        && was.description == *description
        && was.assets == *assets
        && was.threat == *threat
        && was.vulnerability == *vulnerability
        && was.owner == *owner
        && was.controls == *controls
        && was.treatment == *treatment
        && was.acceptance == *acceptance
        && was.status == *status
        && was.quant == *quant
        && same_extra(&was.extra, extra, source);
    if same {
        return Vec::new();
    }
    let ignore: &[&str] = if compare_ids {
        &["inherent", "residual"]
    } else {
        &["id", "inherent", "residual"]
    };
    field_changes(was, now, ignore, source)
}

/// True when two records' unknown fields are equal, the import's marks (and its source columns,
/// unless `source`) aside.
fn same_extra(x: &Extra, y: &Extra, source: bool) -> bool {
    let counted = |k: &String| k != ID_GENERATED && (source || k != SOURCE_COLUMNS);
    x.iter()
        .filter(|(k, _)| counted(k))
        .all(|(k, v)| y.get(k) == Some(v))
        && y.iter()
            .filter(|(k, _)| counted(k))
            .all(|(k, _)| x.contains_key(k))
}

/// The top-level fields of two serialised records that differ, with their values, except
/// `ignore` and the import's marks; the source columns one by one when `source`, else not at all.
fn field_changes<T: Serialize>(
    old: &T,
    new: &T,
    ignore: &[&str],
    source: bool,
) -> Vec<FieldChange> {
    let (Ok(Value::Object(x)), Ok(Value::Object(y))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    for key in keys {
        if ignore.contains(&key.as_str()) || key == ID_GENERATED {
            continue;
        }
        if key == SOURCE_COLUMNS {
            if source {
                source_changes(x.get(key), y.get(key), &mut changes);
            }
            continue;
        }
        let (before, after) = (x.get(key), y.get(key));
        if before != after {
            changes.push(FieldChange {
                field: key.clone(),
                old: before.cloned().unwrap_or(Value::Null),
                new: after.cloned().unwrap_or(Value::Null),
            });
        }
    }
    changes.sort_by(|p, q| p.field.cmp(&q.field));
    changes
}

/// Each source column that differs, as `x_source_columns/<header>` (the header escaped as in a
/// JSON pointer).
fn source_changes(x: Option<&Value>, y: Option<&Value>, out: &mut Vec<FieldChange>) {
    let empty = Map::new();
    let columns = |v: Option<&Value>| match v {
        Some(Value::Object(map)) => map.clone(),
        _ => empty.clone(),
    };
    let (x, y) = (columns(x), columns(y));
    let headers: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    for header in headers {
        let (before, after) = (x.get(header), y.get(header));
        if before != after {
            out.push(FieldChange {
                field: format!(
                    "{SOURCE_COLUMNS}/{}",
                    header.replace('~', "~0").replace('/', "~1")
                ),
                old: before.cloned().unwrap_or(Value::Null),
                new: after.cloned().unwrap_or(Value::Null),
            });
        }
    }
}

fn control_changes<'a>(
    old: &'a [ControlRecord],
    new: &'a [ControlRecord],
    source: bool,
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
        let changed = match (x, y) {
            (Some(x), Some(y)) if x != y => {
                field_changes(x, y, &["control", "applicable", "status"], source)
            }
            _ => Vec::new(),
        };
        let change = ControlChange {
            control: id,
            applicable_before: x.and_then(|r| r.applicable),
            applicable_after: y.and_then(|r| r.applicable),
            status_before: x.map(|r| r.status),
            status_after: y.map(|r| r.status),
            fields: changed.iter().map(|c| c.field.clone()).collect(),
            changes: changed,
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

/// The records of `new` without a pair (added) and of `old` without one (removed), by id.
fn paired_ids<'a, T>(
    old: &'a [T],
    new: &'a [T],
    pairing: &Pairing,
    id: impl Fn(&'a T) -> &'a String,
) -> Ids<'a> {
    Ids {
        added: new
            .iter()
            .enumerate()
            .filter(|(j, _)| pairing.old_of(*j).is_none())
            .map(|(_, x)| id(x).as_str())
            .collect(),
        removed: old
            .iter()
            .enumerate()
            .filter(|(i, _)| pairing.new_of(*i).is_none())
            .map(|(_, x)| id(x).as_str())
            .collect(),
    }
}

fn ids<'a, T>(old: &'a [T], new: &'a [T], id: impl Fn(&'a T) -> &'a String) -> Ids<'a> {
    let pairing = matching::by_id(
        old.iter().map(|x| id(x).as_str()),
        new.iter().map(|x| id(x).as_str()),
    );
    paired_ids(old, new, &pairing, id)
}
