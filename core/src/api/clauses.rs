//! Clause register operations: `clauses`, `mandatory_documents`.

use crate::clauses::{DocumentKind, Requirement, requirements};
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// Request of `clauses`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ClausesRequest {
    /// Only this clause (`"6"`), subclause (`"6.1"`) or requirement with its details (`"6.1.3"`).
    pub clause: Option<String>,
}

/// `clauses`: the requirements of clauses 4.1 to 10.2, all of them or those under one clause.
/// A clause number that matches nothing is `unknown_clause`.
pub fn clauses(request: &ClausesRequest) -> Result<Vec<&'static Requirement>> {
    let Some(wanted) = request.clause.as_deref().map(str::trim) else {
        return Ok(requirements().iter().collect());
    };
    let wanted = wanted
        .strip_prefix("clause")
        .or(wanted.strip_prefix("Clause"))
        .unwrap_or(wanted)
        .trim();
    let found: Vec<&'static Requirement> = requirements()
        .iter()
        .filter(|r| {
            r.id == wanted
                || r.id
                    .strip_prefix(wanted)
                    .is_some_and(|rest| rest.starts_with(['.', '-']))
        })
        .collect();
    if found.is_empty() {
        return Err(Error::new(
            ErrorCode::UnknownClause,
            "/clause",
            format!("`{wanted}` is not a clause of ISO/IEC 27001:2022 between 4.1 and 10.2"),
        ));
    }
    Ok(found)
}

/// Request of `mandatory_documents`.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct MandatoryDocumentsRequest {
    /// Only documents, or only records.
    pub kind: Option<DocumentKind>,
}

/// One piece of documented information the standard makes mandatory.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MandatoryDocument {
    /// The requirement that asks for it (`4.3`).
    pub requirement: &'static str,
    /// That requirement's short title.
    pub requirement_title: &'static str,
    /// Document or record.
    pub kind: DocumentKind,
    /// What it is.
    pub name: &'static str,
}

/// `mandatory_documents`: the documents and records clauses 4 to 10 require, in clause order.
pub fn mandatory_documents(request: &MandatoryDocumentsRequest) -> Vec<MandatoryDocument> {
    requirements()
        .iter()
        .flat_map(|r| {
            r.documented_information
                .iter()
                .map(move |d| MandatoryDocument {
                    requirement: r.id,
                    requirement_title: r.title,
                    kind: d.kind,
                    name: d.name,
                })
        })
        .filter(|d| request.kind.is_none_or(|k| k == d.kind))
        .collect()
}
