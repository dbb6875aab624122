//! The rules a document must keep to be checked at all: ids unique and not empty within their
//! collection, references that resolve (to assets, risks, parties, roles, documents, objectives,
//! incidents, nonconformities, audit findings, clause requirements and controls), control ids of
//! the 2022 edition, ratings and valuations within the method's scales, loss parameters that
//! describe something, acyclic asset dependencies. Every broken rule is an error; all are
//! collected.

use super::order::sort_in_document_order;
use crate::catalogue::{self, ControlId, ControlType};
use crate::clauses;
use crate::error::{Error, ErrorCode, pointer_token};
use crate::method::Method;
use crate::model::{Action, Document, EffectiveValuation, blank, effective_valuations, loss};
use crate::risk::register::ScoredRisk;
use foldhash::HashMap;

/// What a control reference resolves to.
#[derive(Debug, Clone, Copy)]
pub(super) struct ControlInfo {
    pub(super) on_likelihood: bool,
    pub(super) on_impact: bool,
}

/// A document's indexes by id and its errors, built by [`Checker::references`].
pub(super) struct Checker<'d> {
    pub(super) doc: &'d Document,
    pub(super) method: Method,
    pub(super) errors: Vec<Error>,
    pub(super) controls: HashMap<&'d str, ControlInfo>,
    pub(super) assets: HashMap<&'d str, usize>,
    pub(super) risks: HashMap<&'d str, usize>,
    pub(super) records: HashMap<&'d str, usize>,
    pub(super) parties: HashMap<&'d str, usize>,
    pub(super) roles: HashMap<&'d str, usize>,
    pub(super) documents: HashMap<&'d str, usize>,
    pub(super) objectives: HashMap<&'d str, usize>,
    pub(super) incidents: HashMap<&'d str, usize>,
    pub(super) findings: HashMap<&'d str, (usize, usize)>,
    pub(super) nonconformities: HashMap<&'d str, usize>,
    pub(super) valuations: Vec<EffectiveValuation>,
    pub(super) scored: Vec<ScoredRisk>,
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
    pub(super) fn new(doc: &'d Document, method: Method) -> Self {
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

    /// Checks every id and reference of the document, in document order.
    pub(super) fn references(&mut self) {
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
                loss::check(quant, &path, &mut self.errors);
                for control in quant.resistance_uplift.keys() {
                    self.control_ref(control, || {
                        format!("{path}/resistance_uplift/{}", pointer_token(control))
                    });
                }
                for control in quant.magnitude_reduction.keys() {
                    self.control_ref(control, || {
                        format!("{path}/magnitude_reduction/{}", pointer_token(control))
                    });
                }
            }
        }
        if let Some(currency) = &doc.organisation.currency {
            loss::check_currency(currency, "/organisation/currency", &mut self.errors);
        }
        loss::check_tolerance(
            &doc.organisation.loss_tolerance,
            "/organisation/loss_tolerance",
            &mut self.errors,
        );
        for (i, record) in doc.controls.iter().enumerate() {
            if let Some(cost) = &record.cost {
                loss::check_cost(cost, &format!("/controls/{i}/cost"), &mut self.errors);
            }
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
            for (j, covered) in audit.covers.iter().enumerate() {
                self.clause_or_control(covered, format!("/audits/{i}/covers/{j}"));
            }
            if let Some(report) = &audit.report {
                self.reference(
                    Map::Documents,
                    report,
                    || format!("/audits/{i}/report"),
                    "an entry of the register of documented information",
                );
            }
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
        // What a review's considered inputs may name: the records of the review pack.
        let review_pack_ids: std::collections::HashSet<&str> = doc
            .kpis
            .iter()
            .map(|k| k.id.as_str())
            .chain(doc.objectives.iter().map(|o| o.id.as_str()))
            .chain(doc.nonconformities.iter().map(|n| n.id.as_str()))
            .chain(doc.audits.iter().map(|a| a.id.as_str()))
            .chain(
                doc.audits
                    .iter()
                    .flat_map(|a| a.findings.iter().map(|f| f.id.as_str())),
            )
            .chain(doc.risks.iter().map(|r| r.id.as_str()))
            .chain(doc.context.interested_parties.iter().map(|p| p.id.as_str()))
            .chain(doc.incidents.iter().map(|x| x.id.as_str()))
            .chain(
                doc.management_reviews
                    .iter()
                    .flat_map(|r| r.actions.iter().map(|a| a.id.as_str())),
            )
            .chain(doc.documents.iter().map(|d| d.id.as_str()))
            .collect();
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
            for (j, input) in review.considered.iter().enumerate() {
                let path = format!("/management_reviews/{i}/considered/{j}");
                if !REVIEW_INPUTS.contains(&input.input.as_str()) {
                    self.error(
                        ErrorCode::SchemaViolation,
                        format!("{path}/input"),
                        format!(
                            "`{}` is not an input of 9.3.2; expected one of a, b, c, d, e, f, g",
                            input.input
                        ),
                    );
                }
                for (k, id) in input.references.iter().enumerate() {
                    if !review_pack_ids.contains(id.as_str()) {
                        self.error(
                            ErrorCode::UnknownReference,
                            format!("{path}/references/{k}"),
                            format!("`{id}` is not the id of a record a management review considers (an indicator, objective, nonconformity, audit or audit finding, risk, interested party, incident, review action or document) in this document"),
                        );
                    }
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
}

#[derive(Clone, Copy)]
pub(super) enum Map {
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
pub(super) const REVIEW_INPUTS: &[&str] = &["a", "b", "c", "d", "e", "f", "g"];
