//! The asset inventory (A.5.9) and asset valuation through dependencies.
//!
//! **Direction and rule.** When asset A depends on asset B (`A.depends_on` holds B), harm to B
//! reaches A: a breach of the database discloses the customer data it holds, an outage of the
//! cloud account stops the service running in it. So value flows from an asset to everything it
//! depends on, and an asset's *effective* valuation is, per security property, the highest of its
//! own valuation and the effective valuations of every asset that depends on it (directly or
//! through a chain). This is the high-water-mark rule of supporting assets inheriting from the
//! primary assets they support; the own valuation of an asset is never lowered.
//!
//! Dependencies must not form a cycle: a cycle has no well-defined direction of inheritance and
//! usually means a dependency was recorded backwards.

use super::Extra;
use crate::error::{Error, ErrorCode, Result};
use crate::method::PropertyLevels;
use serde::Deserialize;
use serde::Serialize;
use std::collections::HashMap;

string_enum! {
    /// What kind of thing an asset is (primary assets first, then supporting ones).
    AssetType {
        /// A business process or activity.
        Process => "process",
        /// Information or data, in any form.
        Information => "information",
        /// Software: applications, code, operating systems.
        Software => "software",
        /// Hardware: servers, laptops, phones, media.
        Hardware => "hardware",
        /// Networks and their components.
        Network => "network",
        /// A service used or provided (cloud, SaaS, hosting).
        Service => "service",
        /// People and their knowledge.
        People => "people",
        /// A site or room.
        Site => "site",
        /// A supplier or partner organisation.
        Supplier => "supplier",
    }
}

/// Value of an asset per security property, as levels of the method's impact scale: the impact
/// of losing that property of the asset. The same shape as an impact rated per property.
pub type Valuation = PropertyLevels;

/// An asset in scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Asset {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What kind of asset it is.
    #[serde(rename = "type")]
    pub kind: AssetType,
    /// Who is accountable for it (A.5.9).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Where it is (site, region, provider).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its own value per security property. The effective valuation also inherits from the
    /// assets that depend on it (see [`effective_valuations`]).
    #[serde(default, skip_serializing_if = "Valuation::is_empty")]
    pub valuation: Valuation,
    /// Assets this one needs to work (a service depends on its database and its cloud account).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Recovery time objective, hours (A.5.30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_hours: Option<f64>,
    /// Recovery point objective, hours of data that may be lost (A.8.13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_hours: Option<f64>,
    /// Fields the engine does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The valuation of an asset after inheritance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EffectiveValuation {
    /// The asset's id.
    pub asset: String,
    /// Its own valuation.
    pub own: Valuation,
    /// Its valuation after inheritance.
    pub effective: Valuation,
    /// Ids of the assets whose valuation raised at least one property, in document order.
    pub raised_by: Vec<String>,
}

/// Effective valuations of every asset, in document order. Unknown ids in `depends_on` are
/// skipped (reference checks report them); a cycle is a `dependency_cycle` error at the pointer
/// of a dependency on it, with `details.cycle` naming the assets in dependency order.
pub fn effective_valuations(assets: &[Asset]) -> Result<Vec<EffectiveValuation>> {
    let index: HashMap<&str, usize> = assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // edges[a] = the assets a depends on, as indexes.
    let edges: Vec<Vec<usize>> = assets
        .iter()
        .map(|a| {
            a.depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    let order = topological(&edges).map_err(|cycle| cycle_error(assets, &cycle))?;
    let mut effective: Vec<Valuation> = assets.iter().map(|a| a.valuation).collect();
    let mut raised_by: Vec<Vec<usize>> = vec![Vec::new(); assets.len()];
    // `order` lists every dependent before its dependencies, so values are final when pushed on.
    for &a in &order {
        let value = effective.get(a).copied().unwrap_or_default();
        for &b in edges.get(a).map(Vec::as_slice).unwrap_or_default() {
            if let Some(target) = effective.get_mut(b) {
                let merged = target.max(value);
                if merged != *target {
                    *target = merged;
                    if let Some(list) = raised_by.get_mut(b) {
                        list.push(a);
                    }
                }
            }
        }
    }
    Ok(assets
        .iter()
        .zip(effective)
        .zip(raised_by)
        .map(|((asset, effective), mut by)| {
            by.sort_unstable();
            by.dedup();
            EffectiveValuation {
                asset: asset.id.clone(),
                own: asset.valuation,
                effective,
                raised_by: by
                    .into_iter()
                    .filter_map(|i| assets.get(i).map(|a| a.id.clone()))
                    .collect(),
            }
        })
        .collect())
}

/// Kahn's algorithm: every node before the nodes it points to. On a cycle, returns its nodes.
fn topological(edges: &[Vec<usize>]) -> std::result::Result<Vec<usize>, Vec<usize>> {
    let n = edges.len();
    let mut indegree = vec![0usize; n];
    for targets in edges {
        for &t in targets {
            if let Some(d) = indegree.get_mut(t) {
                *d += 1;
            }
        }
    }
    let mut ready: Vec<usize> = (0..n)
        .rev()
        .filter(|&i| indegree.get(i) == Some(&0))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(node) = ready.pop() {
        order.push(node);
        for &t in edges.get(node).map(Vec::as_slice).unwrap_or_default() {
            if let Some(d) = indegree.get_mut(t) {
                *d -= 1;
                if *d == 0 {
                    ready.push(t);
                }
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every node left has a predecessor that is also left (its in-degree never reached zero), so
    // walking backwards from one of them must come back to a node already seen.
    let remaining: Vec<bool> = indegree.iter().map(|&d| d > 0).collect();
    let mut predecessor = vec![usize::MAX; n];
    for (from, targets) in edges.iter().enumerate() {
        if remaining.get(from) == Some(&true) {
            for &t in targets {
                if let Some(p) = predecessor.get_mut(t)
                    && *p == usize::MAX
                {
                    *p = from;
                }
            }
        }
    }
    let Some(start) = remaining.iter().position(|&r| r) else {
        return Ok(order);
    };
    let mut seen_at = vec![usize::MAX; n];
    let mut walk = Vec::new();
    let mut node = start;
    while let Some(&p) = predecessor.get(node) {
        if let Some(&at) = seen_at.get(node).filter(|&&at| at != usize::MAX) {
            let mut cycle = walk.split_off(at);
            cycle.reverse();
            return Err(cycle);
        }
        if let Some(slot) = seen_at.get_mut(node) {
            *slot = walk.len();
        }
        walk.push(node);
        node = p;
    }
    Err(walk)
}

fn cycle_error(assets: &[Asset], cycle: &[usize]) -> Error {
    // Report at the dependency that closes the cycle from its earliest asset in the document.
    let first = cycle
        .iter()
        .enumerate()
        .min_by_key(|&(_, &node)| node)
        .map(|(pos, _)| pos)
        .unwrap_or(0);
    let rotated: Vec<usize> = cycle
        .iter()
        .skip(first)
        .chain(cycle.iter().take(first))
        .copied()
        .collect();
    let from = rotated.first().copied().unwrap_or(0);
    let to = rotated.get(1).copied().unwrap_or(from);
    let ids: Vec<&str> = rotated
        .iter()
        .filter_map(|&i| assets.get(i).map(|a| a.id.as_str()))
        .collect();
    let target = assets.get(to).map(|a| a.id.as_str()).unwrap_or_default();
    let position = assets
        .get(from)
        .and_then(|a| a.depends_on.iter().position(|d| d == target))
        .unwrap_or(0);
    let mut shown: Vec<&str> = ids.clone();
    if let Some(first) = ids.first() {
        shown.push(first);
    }
    Error::new(
        ErrorCode::DependencyCycle,
        format!("/assets/{from}/depends_on/{position}"),
        format!("asset dependencies form a cycle: {}", shown.join(" → ")),
    )
    .with_details(serde_json::json!({ "cycle": ids }))
}
