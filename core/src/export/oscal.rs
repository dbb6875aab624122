//! OSCAL 1.2.1 documents (JSON) from an ISMS document:
//!
//! - **catalog**: the 93 Annex A controls by theme, ids and titles, with the ISO/IEC 27002:2022
//!   attributes as properties, and the organisation's custom controls in a group of their own;
//! - **profile**: the applicable controls, importing that catalog;
//! - **system-security-plan**: the ISMS scope as the system, and one implemented requirement per
//!   decided control with its implementation status (or the justification of its exclusion);
//! - **plan-of-action-and-milestones**: the risks that are above appetite or have a treatment
//!   plan, with their ratings, their treatment actions as remediations, and one item each.
//!
//! Control ids become OSCAL tokens as they are (`A.5.1` is a valid token); a custom id that is
//! not a token has every other character replaced by `-`, and is prefixed with `x-` when it does
//! not start with a letter or `_`. UUIDs are version 5, derived from the organisation's name and
//! the object, so exporting the same document twice gives the same documents. The documents
//! link to each other by relative file name, as [`filename`](super::filename) names them.

use super::filename;
use crate::analysis::PlanRow;
use crate::catalogue::{self, Theme};
use crate::checks::Checked;
use crate::model::{Date, ImplementationStatus, RiskStatus};
use crate::soa::Soa;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

/// The OSCAL version written.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of this engine's properties.
pub const NS: &str = "https://github.com/isms-engine/isms/ns/oscal";

/// Which OSCAL model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// The Annex A catalog.
    Catalog,
    /// The profile of applicable controls.
    Profile,
    /// The system security plan's control implementation.
    Ssp,
    /// The plan of action and milestones.
    Poam,
}

impl Model {
    /// The OSCAL root element name.
    pub fn root(self) -> &'static str {
        match self {
            Model::Catalog => "catalog",
            Model::Profile => "profile",
            Model::Ssp => "system-security-plan",
            Model::Poam => "plan-of-action-and-milestones",
        }
    }

    /// The file name stem used for links between the documents.
    pub fn report(self) -> &'static str {
        match self {
            Model::Catalog => "oscal-catalog",
            Model::Profile => "oscal-profile",
            Model::Ssp => "oscal-ssp",
            Model::Poam => "oscal-poam",
        }
    }
}

/// True when `text` is an OSCAL token (an XML NCName).
pub fn is_token(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// An id as an OSCAL token.
pub fn token(id: &str) -> String {
    if is_token(id) {
        return id.to_owned();
    }
    let body: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if body.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        body
    } else {
        format!("x-{body}")
    }
}

struct Ids {
    namespace: Uuid,
}

impl Ids {
    fn new(organisation: &str) -> Self {
        let root = Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes());
        Self {
            namespace: Uuid::new_v5(&root, organisation.as_bytes()),
        }
    }

    fn of(&self, what: &str) -> String {
        Uuid::new_v5(&self.namespace, what.as_bytes()).to_string()
    }
}

/// A single-line, non-empty text: OSCAL titles refuse line breaks and values refuse blank text.
fn line(text: &str, fallback: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.is_empty() {
        fallback.to_owned()
    } else {
        joined
    }
}

/// Multi-line text with the surrounding blanks trimmed, or the fallback.
fn text(text: &str, fallback: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        fallback.to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Sets a member of a JSON object (a no-op on anything else).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": line(value, "none") })
}

fn theme_title(theme: Theme) -> &'static str {
    match theme {
        Theme::Organizational => "Organizational controls",
        Theme::People => "People controls",
        Theme::Physical => "Physical controls",
        Theme::Technological => "Technological controls",
    }
}

fn theme_group(theme: Theme) -> &'static str {
    match theme {
        Theme::Organizational => "A.5",
        Theme::People => "A.6",
        Theme::Physical => "A.7",
        Theme::Technological => "A.8",
    }
}

/// Writes one OSCAL document, wrapped in its root element.
pub fn document(
    model: Model,
    checked: &Checked<'_>,
    soa: &Soa<'_>,
    plan: &[PlanRow<'_>],
    as_of: Option<&Date>,
) -> Value {
    let name = &checked.document.organisation.name;
    let writer = Writer {
        checked,
        soa,
        plan,
        ids: Ids::new(name),
        organisation: line(name, "Organisation"),
        as_of,
    };
    let body = match model {
        Model::Catalog => writer.catalog(),
        Model::Profile => writer.profile(),
        Model::Ssp => writer.ssp(),
        Model::Poam => writer.poam(),
    };
    json!({ model.root(): body })
}

/// What every document is written from.
struct Writer<'a, 'd> {
    checked: &'a Checked<'d>,
    soa: &'a Soa<'a>,
    plan: &'a [PlanRow<'a>],
    ids: Ids,
    organisation: String,
    as_of: Option<&'a Date>,
}

impl Writer<'_, '_> {
    fn metadata(&self, title: &str) -> Value {
        let doc = self.checked.document;
        let date = self
            .as_of
            .or(doc.soa.approved_on.as_ref())
            .map_or("2000-01-01", Date::as_str);
        let party = self.ids.of("party/organisation");
        json!({
            "title": line(title, "ISMS"),
            "last-modified": format!("{date}T00:00:00Z"),
            "version": line(&doc.soa.version, "1.0"),
            "oscal-version": OSCAL_VERSION,
            "roles": [{ "id": "isms-owner", "title": "ISMS owner" }],
            "parties": [{ "uuid": party, "type": "organization", "name": self.organisation }],
            "responsible-parties": [{ "role-id": "isms-owner", "party-uuids": [party] }],
        })
    }

    /// The file name another document links to.
    fn link(&self, model: Model) -> String {
        filename(&self.organisation, model.report(), "json")
    }

    /// The system's id, shared by the SSP and the POA&M.
    fn system_id(&self) -> String {
        filename(&self.organisation, "isms", "json")
            .trim_end_matches(".json")
            .to_owned()
    }

    fn catalog(&self) -> Value {
        let (checked, ids, organisation) = (self.checked, &self.ids, self.organisation.as_str());
        let mut groups = Vec::new();
        for theme in Theme::ALL {
            let controls: Vec<Value> = catalogue::controls()
            .iter()
            .filter(|c| c.theme == *theme)
            .map(|c| {
                let a = &c.attributes;
                let mut props = Vec::new();
                for t in a.control_type {
                    props.push(prop("control-type", t.as_str()));
                }
                for p in a.security_properties {
                    props.push(prop("security-property", p.as_str()));
                }
                for p in a.cybersecurity_concepts {
                    props.push(prop("cybersecurity-concept", p.as_str()));
                }
                for p in a.operational_capabilities {
                    props.push(prop("operational-capability", p.as_str()));
                }
                for p in a.security_domains {
                    props.push(prop("security-domain", p.as_str()));
                }
                json!({ "id": c.id, "class": "annex-a-control", "title": c.title, "props": props })
            })
            .collect();
            groups.push(json!({
                "id": theme_group(*theme),
                "class": "theme",
                "title": theme_title(*theme),
                "controls": controls,
            }));
        }
        let custom: Vec<Value> = checked
            .document
            .custom_controls
            .iter()
            .map(|c| {
                let mut control = json!({
                    "id": token(&c.id),
                    "class": "custom-control",
                    "title": line(&c.title, &c.id),
                });
                let props: Vec<Value> = c
                    .control_type
                    .iter()
                    .map(|t| prop("control-type", t.as_str()))
                    .collect();
                if !props.is_empty() {
                    set(&mut control, "props", Value::Array(props));
                }
                control
            })
            .collect();
        if !custom.is_empty() {
            groups.push(json!({
                "id": "custom",
                "class": "custom",
                "title": format!("Controls of {organisation}"),
                "controls": custom,
            }));
        }
        json!({
            "uuid": ids.of("catalog"),
            "metadata": self.metadata(&format!("ISO/IEC 27001:2022 Annex A controls — {organisation}")),
            "groups": groups,
        })
    }

    fn profile(&self) -> Value {
        let (soa, ids, organisation) = (self.soa, &self.ids, self.organisation.as_str());
        let applicable: Vec<String> = soa
            .rows
            .iter()
            .filter(|r| r.applicable == Some(true))
            .map(|r| token(r.control))
            .collect();
        let resource = ids.of("resource/catalog");
        let import = if applicable.is_empty() {
            // Nothing applicable: include everything, then exclude everything.
            let all: Vec<String> = soa.rows.iter().map(|r| token(r.control)).collect();
            json!({ "href": format!("#{resource}"), "include-all": {}, "exclude-controls": [{ "with-ids": all }] })
        } else {
            json!({ "href": format!("#{resource}"), "include-controls": [{ "with-ids": applicable }] })
        };
        json!({
            "uuid": ids.of("profile"),
            "metadata": self.metadata(&format!("Applicable controls — {organisation}")),
            "imports": [import],
            "merge": { "as-is": true },
            "back-matter": { "resources": [{
                "uuid": resource,
                "title": "ISO/IEC 27001:2022 Annex A catalog",
                "rlinks": [{ "href": self.link(Model::Catalog), "media-type": "application/oscal.catalog+json" }],
            }]},
        })
    }

    fn ssp(&self) -> Value {
        let (checked, soa, ids, organisation) = (
            self.checked,
            self.soa,
            &self.ids,
            self.organisation.as_str(),
        );
        let doc = checked.document;
        let this_system = ids.of("component/this-system");
        let scope = text(
            &doc.context.scope.statement,
            &format!("The information security management system of {organisation}."),
        );
        let mut information_types: Vec<Value> = doc
            .assets
            .iter()
            .filter(|a| a.kind == crate::model::AssetType::Information)
            .map(|a| {
                json!({
                    "uuid": ids.of(&format!("information-type/{}", a.id)),
                    "title": line(&a.name, &a.id),
                    "description": text(&a.description, &line(&a.name, &a.id)),
                })
            })
            .collect();
        if information_types.is_empty() {
            information_types.push(json!({
                "uuid": ids.of("information-type/all"),
                "title": "Information in the scope of the ISMS",
                "description": scope,
            }));
        }
        let requirements: Vec<Value> =
            soa.rows
                .iter()
                .filter_map(|r| {
                    let applicable = r.applicable?;
                    let (state, remarks) = if applicable {
                        let status = r.status.unwrap_or_default();
                        let state = match status {
                            ImplementationStatus::Implemented => "implemented",
                            ImplementationStatus::PartiallyImplemented => "partial",
                            ImplementationStatus::Planned
                            | ImplementationStatus::NotImplemented => "planned",
                        };
                        let remarks = match status {
                            ImplementationStatus::NotImplemented => {
                                "Applicable; implementation has not started.".to_owned()
                            }
                            _ => text(r.notes, &super::label(status.as_str())),
                        };
                        (state, remarks)
                    } else {
                        (
                            "not-applicable",
                            text(
                                r.justification,
                                "Not applicable; no justification is recorded.",
                            ),
                        )
                    };
                    let mut props = vec![prop("applicable", if applicable { "yes" } else { "no" })];
                    for reason in &r.reasons {
                        props.push(prop("inclusion-reason", reason.as_str()));
                    }
                    for risk in &r.risks {
                        props.push(prop("linked-risk", risk));
                    }
                    let description = if applicable {
                        let evidence = if r.evidence.is_empty() {
                            String::new()
                        } else {
                            format!(" Evidence: {}.", r.evidence.join(", "))
                        };
                        let owner = if r.owner.trim().is_empty() {
                            String::new()
                        } else {
                            format!(" Owner: {}.", r.owner.trim())
                        };
                        format!(
                            "{}.{owner}{evidence}",
                            super::label(r.status.unwrap_or_default().as_str())
                        )
                    } else {
                        remarks.clone()
                    };
                    Some(json!({
                        "uuid": ids.of(&format!("implemented-requirement/{}", r.control)),
                        "control-id": token(r.control),
                        "props": props,
                        "by-components": [{
                            "component-uuid": this_system,
                            "uuid": ids.of(&format!("by-component/{}", r.control)),
                            "description": description,
                            "implementation-status": { "state": state, "remarks": remarks },
                        }],
                    }))
                })
                .collect();
        let requirements = if requirements.is_empty() {
            // OSCAL needs at least one implemented requirement; say that none is decided yet.
            vec![json!({
                "uuid": ids.of("implemented-requirement/none"),
                "control-id": "A.5.1",
                "remarks": "No control has an applicability decision yet.",
            })]
        } else {
            requirements
        };
        let system_id = self.system_id();
        json!({
            "uuid": ids.of("ssp"),
            "metadata": self.metadata(&format!("System security plan — {organisation} ISMS")),
            "import-profile": { "href": self.link(Model::Profile) },
            "system-characteristics": {
                "system-ids": [{ "identifier-type": NS, "id": system_id }],
                "system-name": format!("{organisation} ISMS"),
                "description": scope,
                "system-information": { "information-types": information_types },
                "status": { "state": "operational" },
                "authorization-boundary": { "description": scope },
            },
            "system-implementation": {
                "components": [{
                    "uuid": this_system,
                    "type": "this-system",
                    "title": format!("{organisation} ISMS"),
                    "description": scope,
                    "status": { "state": "operational" },
                }],
            },
            "control-implementation": {
                "description": format!("How {organisation} implements the controls of its Statement of Applicability. Controls whose applicability is undecided are left out."),
                "implemented-requirements": requirements,
            },
        })
    }

    fn poam(&self) -> Value {
        let (checked, plan, ids, organisation) = (
            self.checked,
            self.plan,
            &self.ids,
            self.organisation.as_str(),
        );
        let doc = checked.document;
        let party = ids.of("party/organisation");
        let mut risks = Vec::new();
        let mut items = Vec::new();
        for (risk, scored) in doc.risks.iter().zip(&checked.risks) {
            let current = scored.current();
            let above = current.is_some_and(|r| r.above_appetite);
            let has_plan = risk.treatment.as_ref().is_some_and(|t| !t.plan.is_empty());
            if !above && !has_plan {
                continue;
            }
            let risk_uuid = ids.of(&format!("risk/{}", risk.id));
            let status = match risk.status {
                RiskStatus::Closed => "closed",
                RiskStatus::Accepted => "deviation-approved",
                RiskStatus::Treating => "remediating",
                RiskStatus::Identified | RiskStatus::Assessed => "open",
            };
            let mut props = vec![prop("risk-id", &risk.id)];
            if let Some(option) = risk.treatment.as_ref().map(|t| t.option) {
                props.push(prop("treatment-option", option.as_str()));
            }
            if !risk.owner.trim().is_empty() {
                props.push(prop("risk-owner", &risk.owner));
            }
            for (name, rating) in [
                ("inherent", &scored.inherent),
                ("residual", &scored.residual),
            ] {
                if let Some(r) = rating {
                    props.push(prop(&format!("{name}-band"), &r.band));
                    props.push(prop(
                        &format!("{name}-score"),
                        &super::TableCell::Number(r.score).text(),
                    ));
                }
            }
            let mut entry = json!({
                "uuid": risk_uuid,
                "title": line(&risk.title, &risk.id),
                "description": text(&risk.description, &line(&risk.title, &risk.id)),
                "statement": text(
                    &format!("Threat: {}. Vulnerability: {}.", line(&risk.threat, "not recorded"), line(&risk.vulnerability, "not recorded")),
                    "",
                ),
                "props": props,
                "status": status,
            });
            if let Some(r) = current {
                set(
                    &mut entry,
                    "characterizations",
                    json!([{
                        "origin": { "actors": [{ "type": "party", "actor-uuid": party }] },
                        "facets": [
                            { "name": "likelihood", "system": NS, "value": r.likelihood.to_string() },
                            { "name": "impact", "system": NS, "value": r.impact.to_string() },
                            { "name": "band", "system": NS, "value": line(&r.band, "none") },
                        ],
                    }]),
                );
            }
            let remediations: Vec<Value> = plan
                .iter()
                .filter(|p| p.risk == risk.id)
                .map(|p| {
                    let lifecycle = match p.status {
                        crate::model::ActionStatus::Done => "completed",
                        _ => "planned",
                    };
                    let mut r = json!({
                        "uuid": ids.of(&format!("remediation/{}/{}", risk.id, p.action)),
                        "lifecycle": lifecycle,
                        "title": line(&format!("{}: {}", p.action, p.description), p.action),
                        "description": text(p.description, p.action),
                        "props": [prop("action-status", p.status.as_str())],
                    });
                    if let Some(due) = p.due {
                        set(
                            &mut r,
                            "tasks",
                            json!([{
                                "uuid": ids.of(&format!("task/{}/{}", risk.id, p.action)),
                                "type": "milestone",
                                "title": line(&format!("{} due", p.action), p.action),
                                "timing": { "on-date": { "date": format!("{due}T00:00:00Z") } },
                            }]),
                        );
                    }
                    r
                })
                .collect();
            if !remediations.is_empty() {
                set(&mut entry, "remediations", Value::Array(remediations));
            }
            risks.push(entry);
            items.push(json!({
                "uuid": ids.of(&format!("poam-item/{}", risk.id)),
                "title": line(&risk.title, &risk.id),
                "description": text(&risk.description, &line(&risk.title, &risk.id)),
                "related-risks": [{ "risk-uuid": risk_uuid }],
            }));
        }
        if items.is_empty() {
            items.push(json!({
                "uuid": ids.of("poam-item/none"),
                "title": "No risk needs action",
                "description": "No risk is above the risk appetite or has a treatment plan.",
            }));
        }
        let system_id = self.system_id();
        let mut body = json!({
            "uuid": ids.of("poam"),
            "metadata": self.metadata(&format!("Plan of action and milestones — {organisation} ISMS")),
            "import-ssp": { "href": self.link(Model::Ssp) },
            "system-id": { "identifier-type": NS, "id": system_id },
            "poam-items": items,
        });
        if !risks.is_empty() {
            set(&mut body, "risks", Value::Array(risks));
        }
        body
    }
}
