//! Findings of two versions compared by their code and the record they concern: a finding's path
//! names a record by its place in a list (`/risks/12/acceptance`), so the record's place is
//! replaced by who it is (its pairing for risks and assets, its id for the other lists) before
//! the two sets are compared. Reordering a list then raises and resolves nothing.

use super::matching::Pairing;
use crate::checks::{Checked, Finding, FindingCode};
use crate::model::Document;
use foldhash::{HashSet, HashSetExt};

/// Which version a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Old,
    New,
}

/// The pairings findings are compared under.
pub(super) struct Pairings<'p> {
    pub(super) risks: &'p Pairing,
    pub(super) assets: &'p Pairing,
}

/// The findings in `new` only (raised) and in `old` only (resolved), each in document order.
pub(super) fn compare(
    old: &Checked<'_>,
    new: &Checked<'_>,
    pairings: &Pairings<'_>,
) -> (Vec<Finding>, Vec<Finding>) {
    let keys = |checked: &Checked<'_>, side: Side| -> Vec<(FindingCode, String)> {
        checked
            .findings
            .iter()
            .map(|f| (f.code, identity(&f.path, checked.document, side, pairings)))
            .collect()
    };
    let (old_keys, new_keys) = (keys(old, Side::Old), keys(new, Side::New));
    let set = |keys: &[(FindingCode, String)]| -> HashSet<(FindingCode, String)> {
        let mut set = HashSet::with_capacity(keys.len());
        set.extend(keys.iter().cloned());
        set
    };
    let (in_old, in_new) = (set(&old_keys), set(&new_keys));
    let only = |findings: &[Finding], keys: &[(FindingCode, String)], other: &HashSet<_>| {
        findings
            .iter()
            .zip(keys)
            .filter(|(_, key)| !other.contains(*key))
            .map(|(f, _)| f.clone())
            .collect()
    };
    (
        only(&new.findings, &new_keys, &in_old),
        only(&old.findings, &old_keys, &in_new),
    )
}

/// A finding's path with the place of the record it concerns replaced by the record's identity:
/// `/risks/=4/acceptance` for the risk paired with new risk 4, `/risks/-7/…` for old risk 7
/// that has no pair (`+` for a new one), `/controls/#A.5.1/…` for the lists keyed by id.
pub(super) fn identity(
    path: &str,
    document: &Document,
    side: Side,
    pairings: &Pairings<'_>,
) -> String {
    let Some(rest) = path.strip_prefix('/') else {
        return path.to_owned();
    };
    let (list, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let (place, tail) = match rest.split_once('/') {
        Some((place, tail)) => (place, Some(tail)),
        None => (rest, None),
    };
    let Ok(index) = place.parse::<usize>() else {
        return path.to_owned();
    };
    let paired = |pairing: &Pairing| {
        Some(match side {
            Side::Old => match pairing.new_of(index) {
                Some(j) => format!("={j}"),
                None => format!("-{index}"),
            },
            Side::New => match pairing.old_of(index) {
                Some(_) => format!("={index}"),
                None => format!("+{index}"),
            },
        })
    };
    let by_id = |id: Option<&String>| id.map(|id| format!("#{id}\u{0}"));
    let d = document;
    let token = match list {
        "risks" => paired(pairings.risks),
        "assets" => paired(pairings.assets),
        "controls" => by_id(d.controls.get(index).map(|c| &c.control)),
        "custom_controls" => by_id(d.custom_controls.get(index).map(|c| &c.id)),
        "objectives" => by_id(d.objectives.get(index).map(|c| &c.id)),
        "planned_changes" => by_id(d.planned_changes.get(index).map(|c| &c.id)),
        "competence" => by_id(d.competence.get(index).map(|c| &c.id)),
        "documents" => by_id(d.documents.get(index).map(|c| &c.id)),
        "kpis" => by_id(d.kpis.get(index).map(|c| &c.id)),
        "incidents" => by_id(d.incidents.get(index).map(|c| &c.id)),
        "audits" => by_id(d.audits.get(index).map(|c| &c.id)),
        "management_reviews" => by_id(d.management_reviews.get(index).map(|c| &c.id)),
        "nonconformities" => by_id(d.nonconformities.get(index).map(|c| &c.id)),
        _ => None,
    };
    match (token, tail) {
        (Some(token), Some(tail)) => format!("/{list}/{token}/{tail}"),
        (Some(token), None) => format!("/{list}/{token}"),
        (None, _) => path.to_owned(),
    }
}
