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

use super::{
    Action, Date, Document, EffectiveValuation, Extra, FindingKind, ImplementationStatus,
    IncidentStatus, NonconformityStatus, SCHEMA, TreatmentOption, effective_valuations,
};
use crate::catalogue::{self, ControlId, ControlType};
use crate::clauses;
use crate::error::{Error, ErrorCode, Result, pointer_token};
use crate::risk::register::{
    self, ControlEffect, IMPLEMENTED_EFFECTIVENESS, PARTIAL_EFFECTIVENESS, RiskRatings, ScoredRisk,
};
use crate::risk::{Method, MethodRef, PropertyLevels};
use foldhash::{HashMap, HashSet};
use serde::Serialize;
use serde_json::Value;

/// True for an empty or all-whitespace text; stops at the first other character.
pub(crate) fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Most errors listed in `details.errors`; the count is always complete.
pub const MAX_LISTED_ERRORS: usize = 100;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// An auditor would raise a nonconformity.
    High,
    /// An auditor would likely raise it; fix before certification.
    Medium,
    /// Worth fixing; an observation at most.
    Low,
    /// For information.
    Info,
}

impl Severity {
    /// The severity as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

/// Something a valid document still lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Stable machine code (`risk_untreated`).
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// The clause requirement (`6.1.3.f`) or control (`A.5.9`) it concerns.
    pub reference: &'static str,
    /// JSON pointer of the field concerned, within the document.
    pub path: String,
    /// What is missing, in words.
    pub message: String,
}

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
        return Err(Error::new(
            ErrorCode::UnsupportedSchema,
            "/schema",
            format!(
                "`{}` is not the schema this engine reads ({SCHEMA}); run `migrate` on older documents",
                document.schema
            ),
        )
        .with_details(serde_json::json!({ "found": document.schema, "expected": SCHEMA })));
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
        let total = c.errors.len();
        let listed: Vec<&Error> = c.errors.iter().take(MAX_LISTED_ERRORS).collect();
        let mut details = match first.details.clone() {
            Some(Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        details.insert("errors".into(), serde_json::json!(listed));
        details.insert("count".into(), total.into());
        return Err(first.with_details(Value::Object(details)));
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

/// What a control reference resolves to.
#[derive(Debug, Clone, Copy)]
struct ControlInfo {
    on_likelihood: bool,
    on_impact: bool,
}

struct Checker<'d> {
    doc: &'d Document,
    method: Method,
    errors: Vec<Error>,
    controls: HashMap<&'d str, ControlInfo>,
    assets: HashMap<&'d str, usize>,
    risks: HashMap<&'d str, usize>,
    records: HashMap<&'d str, usize>,
    parties: HashMap<&'d str, usize>,
    roles: HashMap<&'d str, usize>,
    documents: HashMap<&'d str, usize>,
    objectives: HashMap<&'d str, usize>,
    incidents: HashMap<&'d str, usize>,
    findings: HashMap<&'d str, (usize, usize)>,
    nonconformities: HashMap<&'d str, usize>,
    valuations: Vec<EffectiveValuation>,
    scored: Vec<ScoredRisk>,
}

fn annex_a_info() -> impl Iterator<Item = (&'static str, ControlInfo)> {
    catalogue::controls().iter().map(|c| {
        let types = c.attributes.control_type;
        (
            c.id,
            ControlInfo {
                on_likelihood: types.contains(&ControlType::Preventive),
                on_impact: types.contains(&ControlType::Detective)
                    || types.contains(&ControlType::Corrective),
            },
        )
    })
}

impl<'d> Checker<'d> {
    fn new(doc: &'d Document, method: Method) -> Self {
        Self {
            doc,
            method,
            errors: Vec::new(),
            controls: annex_a_info().collect(),
            assets: HashMap::default(),
            risks: HashMap::default(),
            records: HashMap::default(),
            parties: HashMap::default(),
            roles: HashMap::default(),
            documents: HashMap::default(),
            objectives: HashMap::default(),
            incidents: HashMap::default(),
            findings: HashMap::default(),
            nonconformities: HashMap::default(),
            valuations: Vec::new(),
            scored: Vec::new(),
        }
    }

    fn error(&mut self, code: ErrorCode, path: String, message: String) {
        self.errors.push(Error::new(code, path, message));
    }

    /// The rule for ids: not empty, and not already used (at `first`) in the same list. True
    /// when the id keeps it.
    fn id_rule(&mut self, path: &str, i: usize, key: &str, first: Option<usize>) -> bool {
        if blank(key) {
            self.error(
                ErrorCode::SchemaViolation,
                format!("{path}/{i}/id"),
                "an id must not be empty".into(),
            );
            return false;
        }
        if let Some(first) = first {
            self.error(
                ErrorCode::DuplicateId,
                format!("{path}/{i}/id"),
                format!("id `{key}` is already used at {path}/{first}"),
            );
            return false;
        }
        true
    }

    /// Indexes a collection by id, reporting empty and duplicate ids.
    fn index<T>(
        &mut self,
        items: &'d [T],
        path: &str,
        id: impl Fn(&'d T) -> &'d str,
    ) -> HashMap<&'d str, usize> {
        let mut map = HashMap::with_capacity_and_hasher(items.len(), Default::default());
        for (i, item) in items.iter().enumerate() {
            let key = id(item);
            let first = map.get(key).copied();
            if self.id_rule(path, i, key, first) {
                map.insert(key, i);
            }
        }
        map
    }

    fn unique_ids<T>(&mut self, items: &'d [T], path: &str, id: impl Fn(&'d T) -> &'d str) {
        if items.len() > 8 {
            self.index(items, path, id);
            return;
        }
        // Short lists (the actions of one plan) are checked without building a map.
        for (i, item) in items.iter().enumerate() {
            let key = id(item);
            let first = items.iter().take(i).position(|x| id(x) == key);
            self.id_rule(path, i, key, first);
        }
    }

    fn control_ref(&mut self, id: &str, path: impl FnOnce() -> String) {
        if self.controls.contains_key(id) {
            return;
        }
        let path = path();
        let error = match catalogue::resolve(id, &path) {
            Ok(control) => Error::new(
                ErrorCode::UnknownControl,
                path,
                format!(
                    "write `{}` for `{id}`: documents use canonical control ids",
                    control.id
                ),
            )
            .with_details(serde_json::json!({ "canonical": control.id })),
            Err(e) if e.code == ErrorCode::SupersededControl => e,
            Err(_) => Error::new(
                ErrorCode::UnknownControl,
                path,
                format!(
                    "`{id}` is neither an Annex A control nor a custom control of this document"
                ),
            ),
        };
        self.errors.push(error);
    }

    fn controls_ref(&mut self, ids: &[String], path: impl Fn() -> String) {
        for (j, id) in ids.iter().enumerate() {
            self.control_ref(id, || format!("{}/{j}", path()));
        }
    }

    fn reference(&mut self, map: Map, id: &str, path: impl FnOnce() -> String, what: &str) {
        if !self.map(map).contains_key(id) {
            self.error(
                ErrorCode::UnknownReference,
                path(),
                format!("`{id}` is not the id of {what} in this document"),
            );
        }
    }

    fn map(&self, map: Map) -> &HashMap<&'d str, usize> {
        match map {
            Map::Assets => &self.assets,
            Map::Risks => &self.risks,
            Map::Parties => &self.parties,
            Map::Roles => &self.roles,
            Map::Documents => &self.documents,
            Map::Objectives => &self.objectives,
            Map::Incidents => &self.incidents,
            Map::Nonconformities => &self.nonconformities,
        }
    }

    fn references_to(&mut self, map: Map, ids: &[String], path: impl Fn() -> String, what: &str) {
        for (j, id) in ids.iter().enumerate() {
            self.reference(map, id, || format!("{}/{j}", path()), what);
        }
    }

    /// A clause requirement (`9.1`, `6.1.3.d`), a clause (`9`) or an Annex A control.
    fn clause_or_control(&mut self, reference: &str, path: String) {
        if reference.is_empty()
            || clauses::requirements().iter().any(|r| r.id == reference)
            || clauses::clauses().iter().any(|c| c.number == reference)
        {
            return;
        }
        if ControlId::parse(reference).is_some() || reference.starts_with("A.") {
            self.control_ref(reference, || path);
        } else if !self.controls.contains_key(reference) {
            self.error(
                ErrorCode::UnknownClause,
                path,
                format!("`{reference}` is neither a clause requirement (4.1 … 10.2) nor a control"),
            );
        }
    }

    fn actions(&mut self, actions: &'d [Action], path: &str) {
        self.unique_ids(actions, path, |a| a.id.as_str());
        for (k, action) in actions.iter().enumerate() {
            self.controls_ref(&action.controls, || format!("{path}/{k}/controls"));
        }
    }

    fn level(&mut self, level: Option<u32>, top: usize, path: String, what: &str) {
        if let Some(level) = level
            && (level == 0 || level as usize > top)
        {
            self.error(
                ErrorCode::OutOfScale,
                path,
                format!("{what} level {level} is outside the method's scale of 1 to {top}"),
            );
        }
    }

    fn references(&mut self) {
        let doc = self.doc;
        // Custom controls first: other references may name them.
        for (i, custom) in doc.custom_controls.iter().enumerate() {
            let path = format!("/custom_controls/{i}/id");
            if ControlId::parse(&custom.id).is_some() {
                self.error(
                    ErrorCode::SchemaViolation,
                    path,
                    format!(
                        "custom control id `{}` looks like an Annex A id; use a prefix of your own such as `ORG-1`",
                        custom.id
                    ),
                );
            } else if blank(&custom.id) {
                self.error(
                    ErrorCode::SchemaViolation,
                    path,
                    "an id must not be empty".into(),
                );
            } else if self.controls.contains_key(custom.id.as_str()) {
                self.error(
                    ErrorCode::DuplicateId,
                    path,
                    format!("custom control id `{}` is used twice", custom.id),
                );
            } else {
                let types = &custom.control_type;
                self.controls.insert(
                    custom.id.as_str(),
                    ControlInfo {
                        on_likelihood: types.is_empty() || types.contains(&ControlType::Preventive),
                        on_impact: types.contains(&ControlType::Detective)
                            || types.contains(&ControlType::Corrective),
                    },
                );
            }
        }

        let ctx = &doc.context;
        self.unique_ids(&ctx.issues, "/context/issues", |x| x.id.as_str());
        self.parties = self.index(
            &ctx.interested_parties,
            "/context/interested_parties",
            |x| x.id.as_str(),
        );
        let mut requirement_ids: HashMap<&str, String> = HashMap::default();
        for (i, party) in ctx.interested_parties.iter().enumerate() {
            for (j, req) in party.requirements.iter().enumerate() {
                let path = format!("/context/interested_parties/{i}/requirements/{j}");
                if let Some(first) = requirement_ids.insert(req.id.as_str(), path.clone()) {
                    self.error(
                        ErrorCode::DuplicateId,
                        format!("{path}/id"),
                        format!("requirement id `{}` is already used at {first}", req.id),
                    );
                }
                self.controls_ref(&req.controls, || format!("{path}/controls"));
            }
        }
        for (i, interface) in ctx.scope.interfaces.iter().enumerate() {
            if let Some(party) = &interface.party {
                self.reference(
                    Map::Parties,
                    party,
                    || format!("/context/scope/interfaces/{i}/party"),
                    "an interested party",
                );
            }
        }

        self.roles = self.index(&doc.leadership.roles, "/leadership/roles", |x| {
            x.id.as_str()
        });
        self.documents = self.index(&doc.documents, "/documents", |x| x.id.as_str());
        if let Some(document) = doc
            .leadership
            .policy
            .as_ref()
            .and_then(|p| p.document.as_ref())
        {
            self.reference(
                Map::Documents,
                document,
                || "/leadership/policy/document".into(),
                "an entry of the documented-information register",
            );
        }
        if let Some(document) = &doc.soa.document {
            self.reference(
                Map::Documents,
                document,
                || "/soa/document".into(),
                "an entry of the documented-information register",
            );
        }
        for (i, record) in doc.documents.iter().enumerate() {
            for (j, requirement) in record.requirements.iter().enumerate() {
                if !clauses::requirements().iter().any(|r| r.id == requirement) {
                    self.error(
                        ErrorCode::UnknownClause,
                        format!("/documents/{i}/requirements/{j}"),
                        format!("`{requirement}` is not a requirement of the clause register"),
                    );
                }
            }
            self.controls_ref(&record.controls, || format!("/documents/{i}/controls"));
        }

        self.objectives = self.index(&doc.objectives, "/objectives", |x| x.id.as_str());
        self.unique_ids(&doc.planned_changes, "/planned_changes", |x| x.id.as_str());
        self.unique_ids(&doc.competence, "/competence", |x| x.id.as_str());
        for (i, record) in doc.competence.iter().enumerate() {
            if let Some(role) = &record.role {
                self.reference(
                    Map::Roles,
                    role,
                    || format!("/competence/{i}/role"),
                    "a role",
                );
            }
        }

        self.assets = self.index(&doc.assets, "/assets", |x| x.id.as_str());
        let impact_top = self.method.impact.levels.len();
        for (i, asset) in doc.assets.iter().enumerate() {
            self.references_to(
                Map::Assets,
                &asset.depends_on,
                || format!("/assets/{i}/depends_on"),
                "an asset",
            );
            let v = asset.valuation;
            for (name, level) in [
                ("confidentiality", v.confidentiality),
                ("integrity", v.integrity),
                ("availability", v.availability),
            ] {
                self.level(
                    level,
                    impact_top,
                    format!("/assets/{i}/valuation/{name}"),
                    name,
                );
            }
            for (name, hours) in [
                ("rto_hours", asset.rto_hours),
                ("rpo_hours", asset.rpo_hours),
            ] {
                if hours.is_some_and(|h| !h.is_finite() || h < 0.0) {
                    self.error(
                        ErrorCode::SchemaViolation,
                        format!("/assets/{i}/{name}"),
                        "hours must be a number of zero or more".into(),
                    );
                }
            }
        }

        self.risks = self.index(&doc.risks, "/risks", |x| x.id.as_str());
        for (i, risk) in doc.risks.iter().enumerate() {
            self.references_to(
                Map::Assets,
                &risk.assets,
                || format!("/risks/{i}/assets"),
                "an asset",
            );
            self.controls_ref(&risk.controls, || format!("/risks/{i}/controls"));
            if let Some(treatment) = risk.treatment.as_ref().filter(|t| !t.plan.is_empty()) {
                self.actions(&treatment.plan, &format!("/risks/{i}/treatment/plan"));
            }
            if let Some(quant) = &risk.quant {
                let path = format!("/risks/{i}/quant");
                super::loss::check(quant, &path, &mut self.errors);
                for control in quant.resistance_uplift.keys() {
                    self.control_ref(control, || {
                        format!("{path}/resistance_uplift/{}", pointer_token(control))
                    });
                }
            }
        }
        if let Some(currency) = &doc.organisation.currency {
            super::loss::check_currency(currency, "/organisation/currency", &mut self.errors);
        }

        let mut records: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(doc.controls.len(), Default::default());
        for (i, record) in doc.controls.iter().enumerate() {
            let path = format!("/controls/{i}/control");
            self.control_ref(&record.control, || path.clone());
            if let Some(first) = records.insert(record.control.as_str(), i) {
                records.insert(record.control.as_str(), first);
                self.error(
                    ErrorCode::DuplicateId,
                    path,
                    format!(
                        "control `{}` already has a record at /controls/{first}",
                        record.control
                    ),
                );
            }
            if record
                .effectiveness
                .is_some_and(|e| !(0.0..=1.0).contains(&e))
            {
                self.error(
                    ErrorCode::OutOfScale,
                    format!("/controls/{i}/effectiveness"),
                    "effectiveness runs from 0 (none) to 1 (removes the risk)".into(),
                );
            }
        }
        self.records = records;

        self.unique_ids(&doc.kpis, "/kpis", |x| x.id.as_str());
        for (i, kpi) in doc.kpis.iter().enumerate() {
            self.controls_ref(&kpi.controls, || format!("/kpis/{i}/controls"));
            self.references_to(
                Map::Objectives,
                &kpi.objectives,
                || format!("/kpis/{i}/objectives"),
                "an objective",
            );
        }

        self.incidents = self.index(&doc.incidents, "/incidents", |x| x.id.as_str());
        self.nonconformities =
            self.index(&doc.nonconformities, "/nonconformities", |x| x.id.as_str());
        for (i, incident) in doc.incidents.iter().enumerate() {
            let path = format!("/incidents/{i}");
            self.references_to(
                Map::Assets,
                &incident.assets,
                || format!("{path}/assets"),
                "an asset",
            );
            self.references_to(
                Map::Risks,
                &incident.risks,
                || format!("{path}/risks"),
                "a risk",
            );
            self.controls_ref(&incident.controls, || format!("{path}/controls"));
            if let Some(nc) = &incident.nonconformity {
                self.reference(
                    Map::Nonconformities,
                    nc,
                    || format!("{path}/nonconformity"),
                    "a nonconformity",
                );
            }
        }

        self.unique_ids(&doc.audits, "/audits", |x| x.id.as_str());
        for (i, audit) in doc.audits.iter().enumerate() {
            for (j, finding) in audit.findings.iter().enumerate() {
                let path = format!("/audits/{i}/findings/{j}");
                if blank(&finding.id) {
                    self.error(
                        ErrorCode::SchemaViolation,
                        format!("{path}/id"),
                        "an id must not be empty".into(),
                    );
                } else if let Some((a, f)) = self.findings.insert(finding.id.as_str(), (i, j)) {
                    self.findings.insert(finding.id.as_str(), (a, f));
                    self.error(
                        ErrorCode::DuplicateId,
                        format!("{path}/id"),
                        format!(
                            "finding id `{}` is already used at /audits/{a}/findings/{f}",
                            finding.id
                        ),
                    );
                }
                self.clause_or_control(&finding.reference, format!("{path}/reference"));
                if let Some(nc) = &finding.nonconformity {
                    self.reference(
                        Map::Nonconformities,
                        nc,
                        || format!("{path}/nonconformity"),
                        "a nonconformity",
                    );
                }
            }
        }

        self.unique_ids(&doc.management_reviews, "/management_reviews", |x| {
            x.id.as_str()
        });
        for (i, review) in doc.management_reviews.iter().enumerate() {
            for (j, input) in review.inputs.iter().enumerate() {
                if !REVIEW_INPUTS.contains(&input.as_str()) {
                    self.error(
                        ErrorCode::SchemaViolation,
                        format!("/management_reviews/{i}/inputs/{j}"),
                        format!("`{input}` is not an input of 9.3.2; expected one of a, b, c, d, e, f, g"),
                    );
                }
            }
            self.actions(&review.actions, &format!("/management_reviews/{i}/actions"));
        }

        for (i, nc) in doc.nonconformities.iter().enumerate() {
            let path = format!("/nonconformities/{i}");
            if let Some(finding) = &nc.finding
                && !self.findings.contains_key(finding.as_str())
            {
                self.error(
                    ErrorCode::UnknownReference,
                    format!("{path}/finding"),
                    format!("`{finding}` is not the id of an audit finding in this document"),
                );
            }
            if let Some(incident) = &nc.incident {
                self.reference(
                    Map::Incidents,
                    incident,
                    || format!("{path}/incident"),
                    "an incident",
                );
            }
            self.clause_or_control(&nc.reference, format!("{path}/reference"));
            self.actions(
                &nc.corrective_actions,
                &format!("{path}/corrective_actions"),
            );
        }

        match effective_valuations(&doc.assets) {
            Ok(valuations) => self.valuations = valuations,
            Err(e) => self.errors.push(e),
        }
        // Errors come out in document order, whatever order the checks ran in.
        sort_in_document_order(&mut self.errors, |e| &e.path);
    }

    fn scores(&mut self) {
        let doc = self.doc;
        let mut scored = Vec::with_capacity(doc.risks.len());
        // The effect of every recorded control, looked up once per reference below.
        let known: HashMap<&str, ControlEffect> = doc
            .controls
            .iter()
            .filter_map(|r| Some((r.control.as_str(), self.effect(&r.control)?)))
            .collect();
        let mut effects = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (i, risk) in doc.risks.iter().enumerate() {
            effects.clear();
            seen.clear();
            let plan = risk.treatment.iter().flat_map(|t| t.plan.iter());
            for id in risk
                .controls
                .iter()
                .chain(plan.flat_map(|a| a.controls.iter()))
            {
                // A handful of controls per risk: a linear scan beats hashing.
                if !seen.contains(&id.as_str()) {
                    seen.push(id.as_str());
                    if let Some(effect) = known.get(id.as_str()) {
                        effects.push(*effect);
                    }
                }
            }
            let asset_impact = self.asset_impact(&risk.assets);
            let ratings = RiskRatings {
                inherent: risk
                    .inherent
                    .as_ref()
                    .map(|a| (a.likelihood, a.impact.as_ref())),
                residual: risk
                    .residual
                    .as_ref()
                    .map(|a| (a.likelihood, a.impact.as_ref())),
            };
            match register::score(&self.method, ratings, asset_impact, &effects) {
                Ok(s) => scored.push(s),
                Err(e) => self.errors.push(e.under(&format!("/risks/{i}"))),
            }
        }
        self.scored = scored;
    }

    fn effect(&self, id: &str) -> Option<ControlEffect> {
        let info = self.controls.get(id)?;
        let record = self
            .records
            .get(id)
            .and_then(|&i| self.doc.controls.get(i))?;
        let effectiveness = if record.applicable == Some(false) {
            0.0
        } else {
            record.effectiveness.unwrap_or(match record.status {
                ImplementationStatus::Implemented => IMPLEMENTED_EFFECTIVENESS,
                ImplementationStatus::PartiallyImplemented => PARTIAL_EFFECTIVENESS,
                ImplementationStatus::Planned | ImplementationStatus::NotImplemented => 0.0,
            })
        };
        Some(ControlEffect {
            effectiveness,
            on_likelihood: info.on_likelihood,
            on_impact: info.on_impact,
        })
    }

    /// The highest effective valuation per property over the given assets.
    fn asset_impact(&self, assets: &[String]) -> Option<PropertyLevels> {
        let levels = assets
            .iter()
            .filter_map(|id| {
                self.assets
                    .get(id.as_str())
                    .and_then(|&i| self.valuations.get(i))
            })
            .fold(PropertyLevels::default(), |acc, v| acc.max(v.effective));
        (!levels.is_empty()).then_some(levels)
    }
}

#[derive(Clone, Copy)]
enum Map {
    Assets,
    Risks,
    Parties,
    Roles,
    Documents,
    Objectives,
    Incidents,
    Nonconformities,
}

/// The inputs a management review must consider (9.3.2 a–g).
const REVIEW_INPUTS: &[&str] = &["a", "b", "c", "d", "e", "f", "g"];

/// The top-level fields of a document, in the order [`Document`] declares them.
const TOP: &[&str] = &[
    "schema",
    "organisation",
    "context",
    "leadership",
    "method",
    "objectives",
    "planned_changes",
    "competence",
    "documents",
    "assets",
    "risks",
    "custom_controls",
    "soa",
    "controls",
    "kpis",
    "incidents",
    "audits",
    "management_reviews",
    "nonconformities",
];

/// Sorts items by the JSON pointer `path` gives, in document order (see [`document_order`]).
///
/// The first two tokens (top-level field and index) are read once per item, so a register of
/// many thousand risks sorts without re-splitting every pointer at every comparison.
fn sort_in_document_order<T>(items: &mut Vec<T>, path: impl Fn(&T) -> &str) {
    let mut keyed: Vec<((usize, usize, usize), T)> = items
        .drain(..)
        .map(|item| (coarse_key(path(&item)), item))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| document_order(path(a), path(b))));
    items.extend(keyed.into_iter().map(|(_, item)| item));
}

/// The rank of a pointer's top-level field, then its index below it (0 before any index).
fn coarse_key(path: &str) -> (usize, usize, usize) {
    let mut tokens = path.split('/').skip(1);
    let top = tokens
        .next()
        .map_or(0, |t| TOP.iter().position(|f| *f == t).unwrap_or(TOP.len()));
    match tokens.next().map(str::parse::<usize>) {
        None => (top, 0, 0),
        Some(Ok(n)) => (top, 1, n),
        Some(Err(_)) => (top, 2, 0),
    }
}

/// Orders JSON pointers as their fields appear in a document: field order of [`Document`], then
/// array indexes numerically.
fn document_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Compared token by token, without building keys: this runs for every finding.
    let rank = |depth: usize, token: &str| -> (usize, usize) {
        if depth == 0 {
            (TOP.iter().position(|t| *t == token).unwrap_or(TOP.len()), 0)
        } else {
            token.parse::<usize>().map_or((1, 0), |n| (0, n))
        }
    };
    let (mut left, mut right) = (a.split('/').skip(1), b.split('/').skip(1));
    let mut depth = 0;
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = rank(depth, x).cmp(&rank(depth, y)).then_with(|| x.cmp(y));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
            }
        }
        depth += 1;
    }
}

struct Findings<'a, 'd> {
    c: &'a Checker<'d>,
    as_of: Option<&'a Date>,
    out: &'a mut Vec<Finding>,
}

impl Findings<'_, '_> {
    fn add(
        &mut self,
        code: &'static str,
        severity: Severity,
        reference: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.out.push(Finding {
            code,
            severity,
            reference,
            path: path.into(),
            message: message.into(),
        });
    }

    fn past(&self, date: Option<&Date>) -> bool {
        matches!((self.as_of, date), (Some(today), Some(d)) if d < today)
    }

    fn unknown_fields(&mut self, extra: &Extra, path: &str) {
        for key in extra.keys() {
            if !(key.starts_with("x-") || key.starts_with("x_")) {
                self.add(
                    "unknown_field",
                    Severity::Info,
                    "7.5.3",
                    format!("{path}/{}", pointer_token(key)),
                    format!("field `{key}` is not part of the schema; it is kept as is (prefix extension fields with `x_` to silence this)"),
                );
            }
        }
    }

    fn run(mut self) {
        let doc = self.c.doc;
        self.unknown_fields(&doc.extra, "");
        self.absences();
        self.context();
        self.leadership();
        self.planning();
        self.support();
        self.assets();
        self.risks();
        self.soa();
        self.evaluation();
        self.improvement();
    }

    /// The parts an ISMS cannot do without, each reported once when absent.
    fn absences(&mut self) {
        use Severity::{High, Medium};
        let doc = self.c.doc;
        let ctx = &doc.context;
        let completed_audit = doc
            .audits
            .iter()
            .any(|a| a.status == super::AuditStatus::Completed);
        #[rustfmt::skip]
        let absent: [(bool, &'static str, Severity, &'static str, &str, &str); 14] = [
            (ctx.issues.is_empty(), "issues_missing", Medium, "4.1", "/context/issues", "no internal or external issues are recorded"),
            (ctx.interested_parties.is_empty(), "interested_parties_missing", Medium, "4.2", "/context/interested_parties", "no interested parties are recorded"),
            (blank(&ctx.scope.statement), "scope_missing", High, "4.3", "/context/scope/statement", "the ISMS has no scope statement"),
            (doc.leadership.policy.is_none(), "policy_missing", High, "5.2", "/leadership/policy", "there is no information security policy"),
            (doc.leadership.roles.is_empty(), "roles_missing", Medium, "5.3", "/leadership/roles", "no information security roles are assigned"),
            (doc.objectives.is_empty(), "objectives_missing", Medium, "6.2", "/objectives", "no information security objectives are set"),
            (doc.competence.is_empty(), "competence_missing", Medium, "7.2", "/competence", "no competence or training records are kept"),
            (doc.documents.is_empty(), "documents_missing", Medium, "7.5.1", "/documents", "the documented-information register is empty"),
            (doc.assets.is_empty(), "assets_missing", Medium, "A.5.9", "/assets", "the asset inventory is empty"),
            (doc.risks.is_empty(), "risks_missing", High, "6.1.2", "/risks", "the risk register is empty"),
            (doc.controls.is_empty(), "soa_missing", High, "6.1.3.d", "/controls", "no control has an applicability decision: there is no Statement of Applicability"),
            (doc.kpis.is_empty(), "monitoring_missing", Medium, "9.1", "/kpis", "nothing is monitored or measured"),
            (!completed_audit, "internal_audit_missing", High, "9.2.2", "/audits", "no internal audit has been completed"),
            (doc.management_reviews.is_empty(), "management_review_missing", High, "9.3.1", "/management_reviews", "no management review is recorded"),
        ];
        for (missing, code, severity, reference, path, message) in absent {
            if missing {
                self.add(code, severity, reference, path, message);
            }
        }
    }

    fn context(&mut self) {
        let ctx = &self.c.doc.context;
        if !ctx.issues.is_empty() && !ctx.issues.iter().any(|i| i.climate) {
            self.add(
                "climate_not_considered",
                Severity::Medium,
                "4.1-climate",
                "/context/issues",
                "no issue records whether climate change is relevant (ISO/IEC 27001:2022/Amd 1:2024)",
            );
        }
        for (i, issue) in ctx.issues.iter().enumerate() {
            self.unknown_fields(&issue.extra, &format!("/context/issues/{i}"));
        }
        for (i, party) in ctx.interested_parties.iter().enumerate() {
            self.unknown_fields(&party.extra, &format!("/context/interested_parties/{i}"));
            for (j, req) in party.requirements.iter().enumerate() {
                if req.controls.is_empty() {
                    self.add(
                        "requirement_unaddressed",
                        Severity::Low,
                        "4.2",
                        format!("/context/interested_parties/{i}/requirements/{j}/controls"),
                        format!(
                            "requirement `{}` of `{}` names no control that addresses it",
                            req.id, party.name
                        ),
                    );
                }
            }
        }
        for (i, exclusion) in ctx.scope.exclusions.iter().enumerate() {
            if blank(&exclusion.justification) {
                self.add(
                    "scope_exclusion_unjustified",
                    Severity::Medium,
                    "4.3",
                    format!("/context/scope/exclusions/{i}/justification"),
                    format!(
                        "`{}` is excluded from the scope without a justification",
                        exclusion.item
                    ),
                );
            }
        }
    }

    fn leadership(&mut self) {
        let leadership = &self.c.doc.leadership;
        if let Some(policy) = &leadership.policy {
            if blank(&policy.approved_by) || policy.approved_on.is_none() {
                self.add(
                    "policy_unapproved",
                    Severity::High,
                    "5.2",
                    "/leadership/policy",
                    "the policy has no recorded approval (who and when)",
                );
            }
            if self.past(policy.next_review.as_ref()) {
                self.add(
                    "policy_review_overdue",
                    Severity::Medium,
                    "5.2",
                    "/leadership/policy/next_review",
                    "the policy is past its review date",
                );
            }
        }
        for (i, role) in leadership.roles.iter().enumerate() {
            if blank(&role.holder) {
                self.add(
                    "role_unassigned",
                    Severity::Low,
                    "5.3",
                    format!("/leadership/roles/{i}/holder"),
                    format!("role `{}` has no holder", role.title),
                );
            }
        }
    }

    fn planning(&mut self) {
        let doc = self.c.doc;
        for (i, objective) in doc.objectives.iter().enumerate() {
            let path = format!("/objectives/{i}");
            self.unknown_fields(&objective.extra, &path);
            let mut missing = Vec::new();
            if blank(&objective.measure) && objective.target.is_none() {
                missing.push("a measure or target");
            }
            if blank(&objective.owner) {
                missing.push("an owner");
            }
            if objective.due.is_none() {
                missing.push("a due date");
            }
            if !missing.is_empty() {
                self.add(
                    "objective_incomplete",
                    Severity::Medium,
                    "6.2",
                    path.clone(),
                    format!("objective `{}` lacks {}", objective.id, missing.join(", ")),
                );
            }
            if objective.measurements.is_empty() {
                self.add(
                    "objective_not_measured",
                    Severity::Low,
                    "9.1",
                    format!("{path}/measurements"),
                    format!("objective `{}` has no measurement yet", objective.id),
                );
            }
        }
    }

    fn support(&mut self) {
        let doc = self.c.doc;
        if !doc.competence.is_empty()
            && !doc
                .competence
                .iter()
                .any(|r| r.kind == super::CompetenceKind::Awareness)
        {
            self.add(
                "awareness_missing",
                Severity::Medium,
                "7.3",
                "/competence",
                "no awareness record shows staff know the policy and their part in it",
            );
        }
        for (i, record) in doc.competence.iter().enumerate() {
            if self.past(record.expires_on.as_ref()) {
                self.add(
                    "competence_expired",
                    Severity::Low,
                    "7.2",
                    format!("/competence/{i}/expires_on"),
                    format!("`{}` for `{}` has expired", record.topic, record.person),
                );
            }
        }
        for (i, record) in doc.documents.iter().enumerate() {
            self.unknown_fields(&record.extra, &format!("/documents/{i}"));
            if self.past(record.next_review.as_ref()) {
                self.add(
                    "document_review_overdue",
                    Severity::Low,
                    "7.5.2",
                    format!("/documents/{i}/next_review"),
                    format!("`{}` is past its review date", record.title),
                );
            }
        }
    }

    fn assets(&mut self) {
        let c = self.c;
        let top = c.method.impact.levels.len() as u32;
        for (i, (asset, valuation)) in c.doc.assets.iter().zip(&c.valuations).enumerate() {
            let path = format!("/assets/{i}");
            self.unknown_fields(&asset.extra, &path);
            if blank(&asset.owner) {
                self.add(
                    "asset_without_owner",
                    Severity::Medium,
                    "A.5.9",
                    format!("{path}/owner"),
                    format!("asset `{}` has no owner", asset.id),
                );
            }
            if valuation.effective.is_empty() {
                self.add(
                    "asset_not_valued",
                    Severity::Low,
                    "A.5.12",
                    format!("{path}/valuation"),
                    format!("asset `{}` has no valuation, own or inherited", asset.id),
                );
            }
            if needs_recovery_objectives(valuation, top) && asset.rto_hours.is_none() {
                self.add(
                    "recovery_objectives_missing",
                    Severity::Low,
                    "A.5.30",
                    format!("{path}/rto_hours"),
                    format!(
                        "asset `{}` matters for availability but has no recovery time objective",
                        asset.id
                    ),
                );
            }
        }
    }

    fn risks(&mut self) {
        let c = self.c;
        for (i, (risk, scored)) in c.doc.risks.iter().zip(&c.scored).enumerate() {
            let path = || format!("/risks/{i}");
            if !risk.extra.is_empty() {
                self.unknown_fields(&risk.extra, &path());
            }
            if let Some(quant) = &risk.quant {
                self.unknown_fields(&quant.extra, &format!("{}/quant", path()));
                if let Some(secondary) = &quant.secondary {
                    self.unknown_fields(&secondary.extra, &format!("{}/quant/secondary", path()));
                }
            }
            if risk.status == super::RiskStatus::Closed {
                continue;
            }
            if blank(&risk.owner) {
                self.add(
                    "risk_without_owner",
                    Severity::Medium,
                    "6.1.2.c",
                    format!("{}/owner", path()),
                    format!("risk `{}` has no owner", risk.id),
                );
            }
            if scored.inherent.is_none() {
                self.add(
                    "risk_unrated",
                    Severity::Medium,
                    "6.1.2.d",
                    format!("{}/inherent", path()),
                    format!("risk `{}` has no likelihood and impact (nor valued assets to take the impact from)", risk.id),
                );
            }
            let plan = risk
                .treatment
                .as_ref()
                .map(|t| t.plan.as_slice())
                .unwrap_or_default();
            let option = risk.treatment.as_ref().map(|t| t.option);
            let accepted = risk.acceptance.as_ref().is_some_and(|a| {
                !blank(&a.by)
                    && a.on.is_some()
                    && !blank(&a.rationale)
                    && !self.past(a.expires_on.as_ref())
            });
            let above = scored.current().is_some_and(|r| r.above_appetite);
            let planned = !plan.is_empty() && option.is_some_and(|o| o != TreatmentOption::Retain);
            if above && !planned && !accepted {
                self.add(
                    "risk_untreated",
                    Severity::High,
                    "6.1.3",
                    path(),
                    format!(
                        "risk `{}` is above the risk appetite with neither a treatment plan nor an acceptance by its owner with date and rationale",
                        risk.id
                    ),
                );
            }
            if option == Some(TreatmentOption::Retain) && risk.acceptance.is_none() {
                self.add(
                    "retained_without_acceptance",
                    Severity::Medium,
                    "6.1.3.f",
                    format!("{}/acceptance", path()),
                    format!(
                        "risk `{}` is retained but its owner has not accepted it",
                        risk.id
                    ),
                );
            }
            if let Some(acceptance) = &risk.acceptance {
                let apath = format!("{}/acceptance", path());
                let mut missing = Vec::new();
                if blank(&acceptance.by) {
                    missing.push("who accepted");
                }
                if acceptance.on.is_none() {
                    missing.push("the date");
                }
                if blank(&acceptance.rationale) {
                    missing.push("the rationale");
                }
                if !missing.is_empty() {
                    self.add(
                        "acceptance_incomplete",
                        Severity::Medium,
                        "6.1.3.f",
                        apath.clone(),
                        format!(
                            "the acceptance of risk `{}` lacks {}",
                            risk.id,
                            missing.join(", ")
                        ),
                    );
                } else if !blank(&risk.owner)
                    && !acceptance.by.trim().eq_ignore_ascii_case(risk.owner.trim())
                {
                    self.add(
                        "acceptance_not_by_owner",
                        Severity::Low,
                        "6.1.3.f",
                        format!("{apath}/by"),
                        format!(
                            "risk `{}` is owned by `{}` but accepted by `{}`",
                            risk.id, risk.owner, acceptance.by
                        ),
                    );
                }
                if self.past(acceptance.expires_on.as_ref()) {
                    self.add(
                        "acceptance_expired",
                        Severity::Medium,
                        "6.1.3.f",
                        format!("{apath}/expires_on"),
                        format!("the acceptance of risk `{}` has lapsed", risk.id),
                    );
                }
            }
            if option == Some(TreatmentOption::Modify)
                && risk.controls.is_empty()
                && plan.iter().all(|a| a.controls.is_empty())
            {
                self.add(
                    "treatment_without_controls",
                    Severity::Medium,
                    "6.1.3.b",
                    format!("{}/controls", path()),
                    format!(
                        "risk `{}` is to be modified but no control is linked to it",
                        risk.id
                    ),
                );
            }
            let plan_controls = plan.iter().flat_map(|a| a.controls.iter());
            let mut reported: Vec<&str> = Vec::new();
            for id in risk.controls.iter().chain(plan_controls) {
                if reported.contains(&id.as_str()) {
                    continue;
                }
                let excluded = c
                    .records
                    .get(id.as_str())
                    .and_then(|&k| c.doc.controls.get(k))
                    .is_some_and(|r| r.applicable == Some(false));
                if excluded {
                    reported.push(id.as_str());
                    self.add(
                        "treatment_control_excluded",
                        Severity::High,
                        "6.1.3.d",
                        format!("{}/controls", path()),
                        format!("risk `{}` is treated with `{id}`, which the Statement of Applicability marks not applicable", risk.id),
                    );
                }
            }
            for (k, action) in plan.iter().enumerate() {
                self.action(action, &format!("{}/treatment/plan/{k}", path()), "6.1.3.e");
            }
        }
    }

    /// 6.1.3 d: every Annex A control decided, exclusions justified, inclusions reasoned,
    /// implemented controls evidenced, the statement approved and reviewed. A control linked by a
    /// risk or by an interested party's requirement has its reason from there.
    fn soa(&mut self) {
        let doc = self.c.doc;
        if doc.controls.is_empty() {
            return; // reported once, as `soa_missing`
        }
        for control in catalogue::controls() {
            if !self.c.records.contains_key(control.id) {
                self.add(
                    "control_undecided",
                    Severity::Medium,
                    control.id,
                    "/controls",
                    format!(
                        "`{}` has no record, so its applicability is undecided",
                        control.id
                    ),
                );
            }
        }
        let linked = super::control_links(doc);
        for (i, record) in doc.controls.iter().enumerate() {
            let reference = catalogue::controls()
                .iter()
                .find(|c| c.id == record.control)
                .map_or("6.1.3.d", |c| c.id);
            let id = &record.control;
            match record.applicable {
                None => self.add(
                    "control_undecided",
                    Severity::Medium,
                    reference,
                    format!("/controls/{i}/applicable"),
                    format!("the applicability of `{id}` is undecided"),
                ),
                Some(false) if blank(&record.justification) => self.add(
                    "exclusion_unjustified",
                    Severity::High,
                    reference,
                    format!("/controls/{i}/justification"),
                    format!("`{id}` is marked not applicable without a justification"),
                ),
                Some(false) => {}
                Some(true) => {
                    if record.reasons.is_empty() && !linked.contains_key(id.as_str()) {
                        self.add(
                            "inclusion_without_reason",
                            Severity::Medium,
                            reference,
                            format!("/controls/{i}/reasons"),
                            format!("`{id}` is included but no reason is given and no risk or requirement links it"),
                        );
                    }
                    if record.status == ImplementationStatus::Implemented
                        && record.evidence.is_empty()
                    {
                        self.add(
                            "implemented_without_evidence",
                            Severity::Medium,
                            reference,
                            format!("/controls/{i}/evidence"),
                            format!("`{id}` is marked implemented but no evidence is referenced"),
                        );
                    }
                }
            }
        }
        let header = &doc.soa;
        if blank(&header.approved_by) || header.approved_on.is_none() {
            self.add(
                "soa_unapproved",
                Severity::Medium,
                "6.1.3.d",
                "/soa",
                "the Statement of Applicability has no recorded approval (who and when)",
            );
        }
        if self.past(header.next_review.as_ref()) {
            self.add(
                "soa_review_overdue",
                Severity::Medium,
                "6.1.3.d",
                "/soa/next_review",
                "the Statement of Applicability is past its review date",
            );
        }
    }

    fn action(&mut self, action: &Action, path: &str, reference: &'static str) {
        if !action.status.is_open() {
            return;
        }
        if blank(&action.owner) || action.due.is_none() {
            self.add(
                "action_incomplete",
                Severity::Low,
                reference,
                path.to_owned(),
                format!("action `{}` lacks an owner or a due date", action.id),
            );
        }
        if self.past(action.due.as_ref()) {
            self.add(
                "action_overdue",
                Severity::Medium,
                reference,
                format!("{path}/due"),
                format!("action `{}` is overdue", action.id),
            );
        }
    }

    fn evaluation(&mut self) {
        let doc = self.c.doc;
        for (i, kpi) in doc.kpis.iter().enumerate() {
            if kpi.measurements.is_empty() {
                self.add(
                    "kpi_not_measured",
                    Severity::Low,
                    "9.1",
                    format!("/kpis/{i}/measurements"),
                    format!("indicator `{}` has no measurement", kpi.id),
                );
            }
        }
        for (i, review) in doc.management_reviews.iter().enumerate() {
            let missing: Vec<&str> = REVIEW_INPUTS
                .iter()
                .copied()
                .filter(|x| !review.inputs.iter().any(|i| i == x))
                .collect();
            if !missing.is_empty() {
                self.add(
                    "review_inputs_incomplete",
                    Severity::Medium,
                    "9.3.2",
                    format!("/management_reviews/{i}/inputs"),
                    format!(
                        "management review `{}` did not consider input(s) {} of 9.3.2",
                        review.id,
                        missing.join(", ")
                    ),
                );
            }
            for (k, action) in review.actions.iter().enumerate() {
                self.action(
                    action,
                    &format!("/management_reviews/{i}/actions/{k}"),
                    "9.3.3",
                );
            }
        }
    }

    fn improvement(&mut self) {
        let doc = self.c.doc;
        let raised: HashSet<&str> = doc
            .nonconformities
            .iter()
            .filter_map(|n| n.finding.as_deref())
            .collect();
        for (i, audit) in doc.audits.iter().enumerate() {
            for (j, finding) in audit.findings.iter().enumerate() {
                if finding.kind.is_nonconformity()
                    && finding.nonconformity.is_none()
                    && !raised.contains(finding.id.as_str())
                {
                    self.add(
                        "finding_without_nonconformity",
                        if finding.kind == FindingKind::MajorNonconformity {
                            Severity::High
                        } else {
                            Severity::Medium
                        },
                        "10.2",
                        format!("/audits/{i}/findings/{j}"),
                        format!(
                            "audit finding `{}` is a nonconformity but none is raised for it",
                            finding.id
                        ),
                    );
                }
            }
        }
        for (i, nc) in doc.nonconformities.iter().enumerate() {
            let path = format!("/nonconformities/{i}");
            if blank(&nc.root_cause) {
                self.add(
                    "root_cause_missing",
                    Severity::Low,
                    "10.2.b",
                    format!("{path}/root_cause"),
                    format!("nonconformity `{}` has no root cause", nc.id),
                );
            }
            if nc.corrective_actions.is_empty() {
                self.add(
                    "corrective_action_missing",
                    Severity::Medium,
                    "10.2.c",
                    format!("{path}/corrective_actions"),
                    format!("nonconformity `{}` has no corrective action", nc.id),
                );
            }
            let all_done = !nc.corrective_actions.is_empty()
                && nc.corrective_actions.iter().all(|a| !a.status.is_open());
            match &nc.verification {
                None if all_done || nc.status == NonconformityStatus::Closed => self.add(
                    "effectiveness_not_verified",
                    Severity::Medium,
                    "10.2.d",
                    format!("{path}/verification"),
                    format!("the corrective actions of `{}` are done but their effectiveness is not verified", nc.id),
                ),
                Some(v) if !v.effective && nc.status == NonconformityStatus::Closed => self.add(
                    "closed_ineffective",
                    Severity::High,
                    "10.2.d",
                    format!("{path}/verification/effective"),
                    format!("nonconformity `{}` is closed although its actions were found ineffective", nc.id),
                ),
                _ => {}
            }
            for (k, action) in nc.corrective_actions.iter().enumerate() {
                self.action(action, &format!("{path}/corrective_actions/{k}"), "10.2.c");
            }
        }
        for (i, incident) in doc.incidents.iter().enumerate() {
            let done = matches!(
                incident.status,
                IncidentStatus::Resolved | IncidentStatus::Closed
            );
            if done && blank(&incident.lessons_learned) {
                self.add(
                    "lessons_not_learned",
                    Severity::Low,
                    "A.5.27",
                    format!("/incidents/{i}/lessons_learned"),
                    format!(
                        "incident `{}` is resolved without lessons learned",
                        incident.id
                    ),
                );
            }
        }
    }
}

/// The finding codes that concern the Statement of Applicability, which `soa` reports.
pub const SOA_FINDINGS: &[&str] = &[
    "soa_missing",
    "soa_unapproved",
    "soa_review_overdue",
    "control_undecided",
    "exclusion_unjustified",
    "inclusion_without_reason",
    "implemented_without_evidence",
    "treatment_control_excluded",
];

/// An asset matters for availability when its effective availability value is in the upper half
/// of the impact scale.
fn needs_recovery_objectives(valuation: &EffectiveValuation, top: u32) -> bool {
    valuation
        .effective
        .availability
        .is_some_and(|a| 2 * a > top)
}
