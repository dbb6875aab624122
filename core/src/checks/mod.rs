//! Checking a document: errors for what makes it unusable, findings for what it still lacks.
//!
//! Errors are rules a document must keep to be scored at all: the current schema, a valid
//! method, ids unique within their collection, references that resolve, ratings and valuations
//! within the method's scales, control ids of the 2022 edition, acyclic asset dependencies. All
//! errors are collected; [`check`] fails with the first in document order and lists the rest in
//! `details.errors`.
//!
//! Findings are what an auditor would raise about a valid document: a risk above appetite with
//! neither a treatment plan nor a complete acceptance, an unapproved policy, a nonconformity
//! without corrective action, and so on. Each has a stable code, a severity, the clause
//! requirement or control it concerns, and the pointer of the field concerned. Checks that
//! depend on the date (overdue actions, lapsed acceptances) run only when the caller gives one:
//! the engine has no clock.
//!
//! - [`document`]: the rules of a usable document (ids, references, scales), as errors;
//! - [`scores`]: each risk scored, inherent and residual, once the document is usable;
//! - [`findings`]: what a valid document still lacks, one file per area of the standard;
//! - [`code`]: the finding codes with their severity and reference;
//! - [`order`]: errors and findings in document order.

mod code;
mod document;
mod findings;
mod order;
mod scores;

pub use code::{Cites, Finding, FindingCode, FindingInfo, Severity};

use crate::error::Result;
use crate::method::{Method, MethodRef};
use crate::model::{Date, Document, EffectiveValuation, SCHEMA, unsupported_schema};
use crate::risk::register::ScoredRisk;
use document::Checker;
use findings::Findings;
use order::sort_in_document_order;

/// A checked document with everything derived from it.
#[derive(Debug, Clone)]
pub struct Checked<'d> {
    /// The document.
    pub document: &'d Document,
    /// Its method, checked.
    pub method: Method,
    /// Effective valuation of each asset, in document order.
    pub valuations: Vec<EffectiveValuation>,
    /// Each risk scored, in document order.
    pub risks: Vec<ScoredRisk>,
    /// What the document still lacks, in document order.
    pub findings: Vec<Finding>,
}

/// Checks a document. `as_of` is today's date for the date-dependent findings.
pub fn check<'d>(document: &'d Document, as_of: Option<&Date>) -> Result<Checked<'d>> {
    checked(document, Look::Findings(as_of))
}

/// Checks a document for errors and scores its risks, without looking for findings (the
/// result's `findings` is empty): for callers that need only the scores, such as a register of
/// many thousand risks analysed as a table.
pub fn score(document: &Document) -> Result<Checked<'_>> {
    checked(document, Look::ScoresOnly)
}

/// What a check derives beyond errors and scores.
enum Look<'a> {
    /// The findings too, the date-dependent ones as of this date.
    Findings(Option<&'a Date>),
    /// Nothing more.
    ScoresOnly,
}

fn checked<'d>(document: &'d Document, look: Look<'_>) -> Result<Checked<'d>> {
    if document.schema != SCHEMA {
        return Err(unsupported_schema("/schema", &document.schema));
    }
    let method = match &document.method {
        Some(method) => method.resolve("/method")?,
        None => MethodRef::default().resolve("/method")?,
    };
    let mut c = Checker::new(document, method);
    c.references();
    if c.errors.is_empty() {
        c.scores();
    }
    if let Some(first) = c.errors.first().cloned() {
        return Err(first.listing(&c.errors));
    }
    let mut found = Vec::new();
    if let Look::Findings(as_of) = look {
        Findings {
            c: &c,
            as_of,
            out: &mut found,
        }
        .run();
        sort_in_document_order(&mut found, |f| &f.path);
    }
    Ok(Checked {
        document,
        method: c.method,
        valuations: c.valuations,
        risks: c.scored,
        findings: found,
    })
}
