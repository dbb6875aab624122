//! The documents of the ISMS an auditor asks for, each laid out from the document itself so it
//! always matches it: the scope statement (4.3), the information security policy (5.2), the risk
//! assessment methodology (6.1.2, 6.1.3, written from the method), the risk assessment report
//! (8.2), the objectives (6.2), the asset inventory (A.5.9), competence and awareness (7.2, 7.3),
//! the internal audit programme and its reports (9.2), the management review records (9.3), the
//! nonconformities (10.2) and the incident register.
//!
//! **Document control.** Each document carries the title, version, owner, approval and next
//! review of its entry in the register of documented information (7.5): the first entry whose
//! clause requirements all belong to the document (`9.2.2` alone is an audit report; `9.2.1`
//! with `9.2.2` the programme), else the first entry naming one of them, else the first entry
//! documenting one of its controls (of the kind `record` for the incident register). The policy
//! takes these from the policy itself and the SoA from its header. A document without an approval
//! date is a draft, and every format says so.

use super::control::{DocumentControl, document_control, register_entry};
use super::label;
use super::report::{Report, Table, TableCell, TableColumn, col};
use crate::analysis::{self, HeatMap};
use crate::checks::Checked;
use crate::method::{Combine, Formula, Method, Scale};
use crate::model::{Date, Direction, Document, Measurement, TreatmentOption};
use crate::risk::register::{IMPLEMENTED_EFFECTIVENESS, PARTIAL_EFFECTIVENESS};

/// A document laid out: its control facts first, then `facts`, then `tables`.
fn document(
    doc: &Document,
    control: &DocumentControl,
    as_of: Option<&Date>,
    facts: Vec<(&'static str, String)>,
    tables: Vec<Table>,
) -> Report {
    let mut all = control.facts(&doc.organisation.name, as_of);
    all.extend(facts);
    Report {
        title: format!("{} — {}", control.title, doc.organisation.name),
        draft: control.is_draft(),
        facts: all,
        tables,
    }
}

fn text(s: &str) -> TableCell {
    TableCell::from(s)
}

/// The name of the record an optional id refers to, or the id itself when nothing has it.
fn named_by_id<'a>(id: &'a Option<String>, find: impl Fn(&str) -> Option<&'a str>) -> TableCell {
    id.as_deref()
        .map_or(TableCell::Empty, |id| text(find(id).unwrap_or(id)))
}

fn join(items: &[String]) -> TableCell {
    TableCell::from(items.join("; "))
}

fn date(d: Option<&Date>) -> TableCell {
    d.map_or(TableCell::Empty, |d| TableCell::Text(d.to_string()))
}

fn named(wire: &str) -> TableCell {
    TableCell::Text(label(wire))
}

fn yes_no(b: bool) -> TableCell {
    TableCell::Text(if b { "Yes" } else { "No" }.into())
}

fn number(n: Option<f64>) -> TableCell {
    TableCell::from(n)
}

/// `≥ 95 %`, `≤ 2 days`: a target with its direction and unit.
fn target(value: Option<f64>, direction: Direction, unit: &str) -> TableCell {
    value.map_or(TableCell::Empty, |v| {
        let sign = match direction {
            Direction::AtLeast => "≥",
            Direction::AtMost => "≤",
        };
        let n = super::report::format_number(v);
        TableCell::Text(if unit.is_empty() {
            format!("{sign} {n}")
        } else {
            format!("{sign} {n} {unit}")
        })
    })
}

/// The latest measurement's progress against a target: `On target`, `Off target` or
/// `No measurement` / `No target`.
fn progress(latest: Option<&Measurement>, goal: Option<f64>, direction: Direction) -> &'static str {
    match (latest, goal) {
        (_, None) => "No target",
        (None, Some(_)) => "No measurement",
        (Some(m), Some(t)) if direction.meets(m.value, t) => "On target",
        (Some(_), Some(_)) => "Off target",
    }
}

/// The scope statement (4.3).
pub fn scope_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = document_control(doc, &["4.3"], &[], "ISMS scope statement");
    let scope = &doc.context.scope;
    let o = &doc.organisation;
    let party = |id: &Option<String>| {
        named_by_id(id, |id| {
            doc.context
                .interested_parties
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.as_str())
        })
    };
    let requirements = doc
        .context
        .interested_parties
        .iter()
        .flat_map(|p| {
            p.requirements.iter().map(move |q| {
                vec![
                    text(&p.name),
                    named(q.kind.as_str()),
                    text(&q.description),
                    text(&q.reference),
                    join(&q.controls),
                ]
            })
        })
        .collect();
    let facts = vec![
        ("What the organisation does", o.description.clone()),
        ("Sector", o.sector.clone()),
        (
            "People",
            o.employees.map(|n| n.to_string()).unwrap_or_default(),
        ),
        ("Locations", o.locations.join("; ")),
    ];
    let tables = vec![
        Table::prose(
            "Statement",
            "Scope statement",
            vec![if scope.statement.is_empty() {
                "No scope statement is recorded yet.".to_owned()
            } else {
                scope.statement.clone()
            }],
        ),
        Table::new(
            "Inclusions",
            "Within the scope",
            vec![col("Included", 100.0)],
            scope.inclusions.iter().map(|i| vec![text(i)]).collect(),
        ),
        Table::new(
            "Exclusions",
            "Outside the scope, with justification",
            vec![col("Excluded", 40.0), col("Justification", 60.0)],
            scope
                .exclusions
                .iter()
                .map(|e| vec![text(&e.item), text(&e.justification)])
                .collect(),
        ),
        Table::new(
            "Interfaces",
            "Interfaces and dependencies (4.3 c)",
            vec![col("Interface", 70.0), col("Interested party", 30.0)],
            scope
                .interfaces
                .iter()
                .map(|i| vec![text(&i.description), party(&i.party)])
                .collect(),
        ),
        Table::new(
            "Issues",
            "Issues considered (4.1, 4.3 a)",
            vec![
                col("Id", 8.0),
                col("Kind", 9.0),
                col("Issue", 40.0),
                col("Climate", 7.0),
                col("Effect on the ISMS", 40.0),
            ],
            doc.context
                .issues
                .iter()
                .map(|i| {
                    vec![
                        text(&i.id),
                        named(i.kind.as_str()),
                        text(&i.description),
                        yes_no(i.climate),
                        text(&i.effect),
                    ]
                })
                .collect(),
        ),
        Table::new(
            "Requirements",
            "Requirements of interested parties considered (4.2, 4.3 b)",
            vec![
                col("Interested party", 20.0),
                col("Kind", 11.0),
                col("Requirement", 45.0),
                col("Reference", 16.0),
                col("Controls", 14.0),
            ],
            requirements,
        ),
    ];
    document(doc, &control, as_of, facts, tables)
}

/// The information security policy (5.2): its commitments, the framework of objectives, the
/// roles and the topic-specific policies under it.
pub fn policy_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let policy = doc.leadership.policy.as_ref();
    let record = policy
        .and_then(|p| p.document.as_ref())
        .and_then(|id| doc.documents.iter().find(|r| &r.id == id))
        .or_else(|| register_entry(doc, &["5.2"], &["A.5.1"], false));
    let mut control = DocumentControl::of(record, "Information security policy");
    if let Some(p) = policy {
        control.title = if p.title.is_empty() {
            control.title
        } else {
            p.title.clone()
        };
        control.version = p.version.clone();
        control.approved_by = p.approved_by.clone();
        control.approved_on = p.approved_on.clone();
        control.next_review = p.next_review.clone();
    }
    let org = &doc.organisation.name;
    let scope = &doc.context.scope.statement;
    let mut purpose = vec![format!(
        "This policy sets the direction of information security at {org}: it protects the \
         confidentiality, integrity and availability of the information the organisation holds \
         and of the services it provides, in proportion to the risks to them."
    )];
    if !scope.is_empty() {
        purpose.push(format!("It applies within the scope of the ISMS: {scope}"));
    }
    let commitments = vec![
        "Top management commits to meeting the information security requirements that apply \
         to the organisation: legal, regulatory and contractual obligations and those of its \
         interested parties."
            .to_owned(),
        "Top management commits to improving the information security management system \
         continually, through monitoring, internal audit, management review and the correction \
         of nonconformities."
            .to_owned(),
        "Risks are assessed and treated with the organisation's documented risk method; \
         controls are chosen from the treatment of risks and recorded in the Statement of \
         Applicability."
            .to_owned(),
        "This policy is available as documented information, communicated to everyone working \
         for the organisation and available to interested parties as appropriate; it is \
         reviewed at planned intervals and when significant changes occur."
            .to_owned(),
    ];
    let objectives = doc
        .objectives
        .iter()
        .map(|o| {
            vec![
                text(&o.id),
                text(&o.title),
                text(&o.measure),
                target(o.target, o.direction, &o.unit),
                text(&o.owner),
                date(o.due.as_ref()),
            ]
        })
        .collect();
    let roles = doc
        .leadership
        .roles
        .iter()
        .map(|r| vec![text(&r.title), text(&r.holder), join(&r.responsibilities)])
        .collect();
    let topics = doc
        .documents
        .iter()
        .filter(|d| {
            d.kind == crate::model::DocumentClass::Document
                && d.requirements.is_empty()
                && !d.controls.is_empty()
        })
        .map(|d| {
            vec![
                text(&d.id),
                text(&d.title),
                text(&d.version),
                text(&d.owner),
                join(&d.controls),
                date(d.next_review.as_ref()),
            ]
        })
        .collect();
    let tables = vec![
        Table::prose("Purpose", "Purpose and scope", purpose),
        Table::prose("Commitments", "Commitments of top management", commitments),
        Table::new(
            "Objectives",
            "Information security objectives (framework: 6.2)",
            vec![
                col("Id", 8.0),
                col("Objective", 34.0),
                col("Measure", 30.0),
                col("Target", 11.0),
                col("Owner", 16.0),
                col("Due", 11.0),
            ],
            objectives,
        ),
        Table::new(
            "Roles",
            "Roles, responsibilities and authorities (5.3)",
            vec![
                col("Role", 18.0),
                col("Holder", 18.0),
                col("Responsibilities", 64.0),
            ],
            roles,
        ),
        Table::new(
            "Topic policies",
            "Topic-specific policies, plans and standards under this policy",
            vec![
                col("Document", 9.0),
                col("Title", 36.0),
                col("Version", 8.0),
                col("Owner", 18.0),
                col("Controls", 18.0),
                col("Next review", 11.0),
            ],
            topics,
        ),
    ];
    document(doc, &control, as_of, Vec::new(), tables)
}

fn scale_table(name: &'static str, heading: &str, scale: &Scale) -> Table {
    Table::new(
        name,
        heading,
        vec![
            col("Level", 7.0),
            col("Label", 18.0),
            col("Value", 7.0),
            col("Description", 68.0),
        ],
        scale
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    TableCell::from(i + 1),
                    text(&l.label),
                    TableCell::Number(l.value.unwrap_or((i + 1) as f64)),
                    text(&l.description),
                ]
            })
            .collect(),
    )
}

fn formula_words(method: &Method) -> String {
    match &method.formula {
        Formula::Product => {
            "The score is the value of the likelihood level multiplied by the value of the \
             impact level (a level's value is its position unless the scale gives one)."
                .into()
        }
        Formula::Sum => {
            "The score is the value of the likelihood level plus the value of the impact level \
             (a level's value is its position unless the scale gives one)."
                .into()
        }
        Formula::Max => {
            "The score is the higher of the values of the likelihood level and the impact level \
             (a level's value is its position unless the scale gives one)."
                .into()
        }
        Formula::Matrix { .. } => {
            "The score of each pair of likelihood and impact levels is read from the matrix below."
                .into()
        }
    }
}

/// The risk assessment and treatment methodology (6.1.2, 6.1.3), written from the method.
pub fn methodology_report(checked: &Checked<'_>, as_of: Option<&Date>) -> Report {
    let doc = checked.document;
    let m = &checked.method;
    let control = document_control(
        doc,
        &["6.1.2", "6.1.3"],
        &[],
        "Risk assessment and treatment methodology",
    );
    let mut tables = Vec::new();
    let mut about = vec![format!(
        "Risks are identified for the assets within the scope, each with its threat, \
         vulnerability and risk owner, and rated with the method {} ({}).",
        m.id, m.name
    )];
    if !m.description.is_empty() {
        about.push(m.description.clone());
    }
    tables.push(Table::prose("Method", "The method", about));
    tables.push(scale_table("Likelihood", "Likelihood scale", &m.likelihood));
    tables.push(scale_table(
        "Impact",
        "Impact scale",
        &Scale {
            levels: m.impact.levels.clone(),
        },
    ));
    if let Some(p) = &m.impact.per_property {
        tables.push(scale_table(
            "Confidentiality",
            "Impact on confidentiality",
            &p.confidentiality,
        ));
        tables.push(scale_table(
            "Integrity",
            "Impact on integrity",
            &p.integrity,
        ));
        tables.push(scale_table(
            "Availability",
            "Impact on availability",
            &p.availability,
        ));
    }
    let combine = match m.impact.combine {
        Combine::Max => {
            "When impact is rated per security property (confidentiality, integrity, \
                         availability), the impact level is the highest of the levels given."
        }
        Combine::MeanRoundUp => {
            "When impact is rated per security property (confidentiality, \
                                 integrity, availability), the impact level is the mean of the \
                                 levels given, rounded up."
        }
    };
    tables.push(Table::prose(
        "Formula",
        "From likelihood and impact to a score",
        vec![formula_words(m), combine.to_owned()],
    ));
    let grid = m.grid();
    let mut columns = vec![col("Likelihood \\ impact", 16.0)];
    let impact_headers: Vec<&'static str> = (1..=m.impact.levels.len())
        .map(|i| IMPACT_HEADERS.get(i - 1).copied().unwrap_or("…"))
        .collect();
    columns.extend(impact_headers.iter().map(|h| col(h, 10.0)));
    let rows = grid
        .iter()
        .enumerate()
        .rev()
        .map(|(l, cells)| {
            let mut row = vec![TableCell::Text(format!(
                "{} {}",
                l + 1,
                m.likelihood.levels.get(l).map_or("", |x| x.label.as_str())
            ))];
            row.extend(cells.iter().map(|(score, band)| {
                TableCell::Text(format!(
                    "{} {}",
                    super::report::format_number(*score),
                    m.bands.get(*band).map_or("", |b| b.label.as_str())
                ))
            }));
            row
        })
        .collect();
    let mut grid_table = Table::new(
        "Score grid",
        "Score and band of every rating",
        columns,
        rows,
    );
    grid_table.text = vec![format!(
        "Rows are likelihood levels (highest first), columns impact levels 1 to {}.",
        m.impact.levels.len()
    )];
    tables.push(grid_table);
    tables.push(Table::new(
        "Bands",
        "Bands",
        vec![
            col("Band", 12.0),
            col("From score", 9.0),
            col("To score", 9.0),
            col("Meaning", 70.0),
        ],
        m.bands
            .iter()
            .map(|b| {
                vec![
                    text(&b.label),
                    TableCell::Number(b.min),
                    TableCell::Number(b.max),
                    text(&b.description),
                ]
            })
            .collect(),
    ));
    let appetite_band = m
        .bands
        .iter()
        .find(|b| *b.id == m.appetite.max_band)
        .map_or(m.appetite.max_band.as_str(), |b| b.label.as_str());
    let mut acceptance = vec![format!(
        "A risk whose rating falls in the band {appetite_band} or a lower band is within the \
         risk appetite and may be retained without treatment. A risk above it is treated; \
         its residual risk is accepted by its risk owner, with a date and a reason, before it \
         is retained."
    )];
    if !m.appetite.statement.is_empty() {
        acceptance.push(m.appetite.statement.clone());
    }
    tables.push(Table::prose(
        "Acceptance",
        "Risk acceptance criteria",
        acceptance,
    ));
    tables.push(Table::new(
        "Treatment options",
        "Risk treatment options (6.1.3 a)",
        vec![col("Option", 14.0), col("Meaning", 86.0)],
        TreatmentOption::ALL
            .iter()
            .map(|o| {
                vec![
                    named(o.as_str()),
                    text(match o {
                        TreatmentOption::Modify => {
                            "Reduce the risk with controls, listed in the risk treatment plan"
                        }
                        TreatmentOption::Retain => {
                            "Keep the risk by an informed decision of its owner"
                        }
                        TreatmentOption::Avoid => "Stop the activity that gives rise to the risk",
                        TreatmentOption::Share => {
                            "Transfer part of the risk to another party, by insurance or contract"
                        }
                    }),
                ]
            })
            .collect(),
    ));
    tables.push(Table::prose(
        "Residual risk",
        "Residual risk",
        vec![
            "A residual rating stated in the register is used as stated. Otherwise it is derived \
             from the controls linked to the risk, in the risk itself or in the actions of its \
             treatment plan."
                .to_owned(),
            format!(
                "Each linked control has an effectiveness from 0 to 1: its measured value when \
                 recorded, otherwise {} when implemented, {} when partially implemented and 0 \
                 when planned, not implemented or not applicable. Preventive controls lower \
                 likelihood; detective and corrective controls lower impact.",
                super::report::format_number(IMPLEMENTED_EFFECTIVENESS),
                super::report::format_number(PARTIAL_EFFECTIVENESS)
            ),
            "Controls acting on the same axis combine as independent barriers, 1 − Π(1 − e); \
             the residual level is 1 + ⌈(inherent level − 1) × (1 − combined)⌉, so a level \
             falls towards the lowest by the combined effectiveness and is rounded towards the \
             more cautious level."
                .to_owned(),
        ],
    ));
    tables.push(Table::prose(
        "Asset value",
        "Impact from the value of assets",
        vec![
            "Each asset is valued per security property on the impact scale. An asset inherits, \
             per property, the highest value of every asset that depends on it, directly or \
             through a chain: harm to a supporting asset reaches what runs on it. A risk without \
             a stated impact takes the highest effective value of its assets."
                .to_owned(),
        ],
    ));
    document(doc, &control, as_of, Vec::new(), tables)
}

/// Column headers of impact levels in the score grid.
const IMPACT_HEADERS: &[&str] = &[
    "Impact 1",
    "Impact 2",
    "Impact 3",
    "Impact 4",
    "Impact 5",
    "Impact 6",
    "Impact 7",
    "Impact 8",
    "Impact 9",
    "Impact 10",
];

fn heat_map_table(name: &'static str, heading: &str, map: &HeatMap<'_>, residual: bool) -> Table {
    let mut columns = vec![col("Likelihood \\ impact", 16.0)];
    columns.extend(
        (0..map.impact.len()).map(|i| col(IMPACT_HEADERS.get(i).copied().unwrap_or("…"), 10.0)),
    );
    let counts = if residual {
        &map.residual
    } else {
        &map.inherent
    };
    let rows = counts
        .iter()
        .enumerate()
        .rev()
        .map(|(l, cells)| {
            let mut row = vec![TableCell::Text(format!(
                "{} {}",
                l + 1,
                map.likelihood.get(l).copied().unwrap_or_default()
            ))];
            row.extend(cells.iter().map(|n| TableCell::from(*n)));
            row
        })
        .collect();
    let mut table = Table::new(name, heading, columns, rows);
    table.text = vec![format!(
        "Number of risks per likelihood level (rows, highest first) and impact level (columns: {}).",
        map.impact.join(", ")
    )];
    table
}

/// The risk assessment report (8.2): every risk with its assets, ratings, band, owner and
/// treatment, and the heat maps before and after treatment.
pub fn risk_assessment_report(checked: &Checked<'_>, as_of: Option<&Date>) -> Report {
    let doc = checked.document;
    let control = document_control(doc, &["8.2"], &[], "Risk assessment report");
    let a = analysis::analyse(checked, 0, as_of, false);
    let band = |b: &str| {
        checked
            .method
            .bands
            .iter()
            .find(|x| &*x.id == b)
            .map_or_else(|| label(b), |x| x.label.clone())
    };
    let rating = |r: Option<&crate::method::Rating>| -> [TableCell; 4] {
        r.map_or(
            [
                TableCell::Empty,
                TableCell::Empty,
                TableCell::Empty,
                TableCell::Empty,
            ],
            |r| {
                [
                    TableCell::from(r.likelihood as usize),
                    TableCell::from(r.impact as usize),
                    TableCell::Number(r.score),
                    TableCell::Text(band(&r.band)),
                ]
            },
        )
    };
    let rows = doc
        .risks
        .iter()
        .zip(&a.risks)
        .map(|(risk, row)| {
            let mut cells = vec![
                text(&risk.id),
                text(&risk.title),
                join(&risk.assets),
                text(&risk.threat),
                text(&risk.vulnerability),
                text(&risk.owner),
            ];
            cells.extend(rating(row.inherent));
            cells.extend(rating(row.residual));
            cells.push(
                row.treatment
                    .map_or(TableCell::Empty, |t| named(t.as_str())),
            );
            cells.push(named(row.status.as_str()));
            cells.push(yes_no(row.accepted));
            cells
        })
        .collect();
    let t = &a.totals;
    let facts = vec![
        (
            "Risk method",
            format!("{} ({})", checked.method.name, checked.method.id),
        ),
        (
            "Risks",
            format!(
                "{} in the register{}, {} rated; above appetite: {} before treatment, {} after",
                t.risks + t.closed,
                if t.closed > 0 {
                    format!(
                        " ({} closed, left out of the counts and heat maps)",
                        t.closed
                    )
                } else {
                    String::new()
                },
                t.rated,
                t.above_appetite_inherent,
                t.above_appetite_residual
            ),
        ),
        (
            "Treatment plan",
            format!(
                "{} open actions, {} overdue",
                t.open_actions, t.overdue_actions
            ),
        ),
    ];
    let tables = vec![
        Table::new(
            "Risks",
            "Risk register as assessed",
            vec![
                col("Risk", 8.0),
                col("Title", 30.0),
                col("Assets", 14.0),
                col("Threat", 14.0),
                col("Vulnerability", 14.0),
                col("Owner", 12.0),
                col("L", 3.5),
                col("I", 3.5),
                col("Score", 5.0),
                col("Band", 8.0),
                col("Residual L", 3.5),
                col("Residual I", 3.5),
                col("Residual score", 5.0),
                col("Residual band", 8.0),
                col("Treatment", 8.0),
                col("Status", 8.0),
                col("Accepted", 7.0),
            ],
            rows,
        ),
        heat_map_table(
            "Heat map inherent",
            "Heat map before treatment",
            &a.heat_map,
            false,
        ),
        heat_map_table(
            "Heat map residual",
            "Heat map after treatment",
            &a.heat_map,
            true,
        ),
    ];
    document(doc, &control, as_of, facts, tables)
}

/// The information security objectives (6.2) with their progress.
pub fn objectives_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = document_control(doc, &["6.2"], &[], "Information security objectives");
    let rows = doc
        .objectives
        .iter()
        .map(|o| {
            let latest = o.measurements.last();
            let mut status = progress(latest, o.target, o.direction).to_owned();
            if let (Some(due), Some(today)) = (&o.due, as_of)
                && due < today
                && status != "On target"
            {
                status.push_str(", past due");
            }
            vec![
                text(&o.id),
                text(&o.title),
                text(&o.measure),
                target(o.target, o.direction, &o.unit),
                text(&o.owner),
                date(o.due.as_ref()),
                number(latest.map(|m| m.value)),
                date(latest.map(|m| &m.date)),
                TableCell::Text(status),
            ]
        })
        .collect();
    let measurements = doc
        .objectives
        .iter()
        .flat_map(|o| {
            o.measurements.iter().map(move |m| {
                vec![
                    text(&o.id),
                    TableCell::Text(m.date.to_string()),
                    TableCell::Number(m.value),
                    text(&o.unit),
                    text(&m.note),
                ]
            })
        })
        .collect();
    let tables = vec![
        Table::new(
            "Objectives",
            "Objectives and progress",
            vec![
                col("Id", 8.0),
                col("Objective", 28.0),
                col("Measure", 24.0),
                col("Target", 10.0),
                col("Owner", 14.0),
                col("Due", 10.0),
                col("Latest", 8.0),
                col("Measured on", 10.0),
                col("Progress", 12.0),
            ],
            rows,
        ),
        Table::new(
            "Measurements",
            "Measurements",
            vec![
                col("Objective", 10.0),
                col("Date", 10.0),
                col("Value", 8.0),
                col("Unit", 8.0),
                col("Note", 64.0),
            ],
            measurements,
        ),
    ];
    document(doc, &control, as_of, Vec::new(), tables)
}

/// The asset inventory (A.5.9) with own and inherited valuations.
pub fn assets_report(checked: &Checked<'_>, as_of: Option<&Date>) -> Report {
    let doc = checked.document;
    let control = document_control(
        doc,
        &[],
        &["A.5.9"],
        "Inventory of information and other associated assets",
    );
    let level = |n: Option<u32>| n.map_or(TableCell::Empty, |n| TableCell::from(n as usize));
    let rows = doc
        .assets
        .iter()
        .zip(&checked.valuations)
        .map(|(a, v)| {
            vec![
                text(&a.id),
                text(&a.name),
                named(a.kind.as_str()),
                text(&a.owner),
                text(&a.location),
                level(v.own.confidentiality),
                level(v.own.integrity),
                level(v.own.availability),
                level(v.effective.confidentiality),
                level(v.effective.integrity),
                level(v.effective.availability),
                join(&a.depends_on),
                join(&v.raised_by),
            ]
        })
        .collect();
    let tables = vec![Table::new(
        "Assets",
        "Assets",
        vec![
            col("Asset", 9.0),
            col("Name", 24.0),
            col("Type", 10.0),
            col("Owner", 14.0),
            col("Location", 14.0),
            col("C", 3.5),
            col("I", 3.5),
            col("A", 3.5),
            col("Effective C", 4.5),
            col("Effective I", 4.5),
            col("Effective A", 4.5),
            col("Depends on", 14.0),
            col("Value raised by", 14.0),
        ],
        rows,
    )];
    let facts = vec![(
        "Valuation",
        format!(
            "levels of the impact scale of {}; effective values include what an asset \
             inherits from the assets that depend on it",
            checked.method.id
        ),
    )];
    document(doc, &control, as_of, facts, tables)
}

/// Competence and awareness records (7.2, 7.3).
pub fn competence_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = document_control(
        doc,
        &["7.2", "7.3"],
        &[],
        "Competence and awareness records",
    );
    let role = |id: &Option<String>| {
        named_by_id(id, |id| {
            doc.leadership
                .roles
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.title.as_str())
        })
    };
    let rows = doc
        .competence
        .iter()
        .map(|c| {
            let expired = matches!((&c.expires_on, as_of), (Some(e), Some(t)) if e < t);
            vec![
                text(&c.id),
                text(&c.person),
                role(&c.role),
                named(c.kind.as_str()),
                text(&c.topic),
                date(c.completed_on.as_ref()),
                date(c.expires_on.as_ref()),
                yes_no(expired),
                text(&c.evidence),
            ]
        })
        .collect();
    let tables = vec![Table::new(
        "Competence",
        "Training, awareness and qualification records",
        vec![
            col("Id", 8.0),
            col("Person", 16.0),
            col("Role", 16.0),
            col("Kind", 11.0),
            col("Topic", 26.0),
            col("Completed", 10.0),
            col("Expires", 10.0),
            col("Expired", 7.0),
            col("Evidence", 22.0),
        ],
        rows,
    )];
    document(doc, &control, as_of, Vec::new(), tables)
}

/// The internal audit programme (9.2.1, 9.2.2).
pub fn audit_programme_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = document_control(doc, &["9.2.1", "9.2.2"], &[], "Internal audit programme");
    let rows = doc
        .audits
        .iter()
        .map(|a| {
            vec![
                text(&a.id),
                text(&a.title),
                text(&a.scope),
                text(&a.auditor),
                date(a.planned_on.as_ref()),
                date(a.performed_on.as_ref()),
                named(a.status.as_str()),
                TableCell::from(a.findings.len()),
            ]
        })
        .collect();
    let tables = vec![Table::new(
        "Programme",
        "Audits of the programme",
        vec![
            col("Audit", 10.0),
            col("Title", 24.0),
            col("Scope", 34.0),
            col("Auditor", 16.0),
            col("Planned", 10.0),
            col("Performed", 10.0),
            col("Status", 9.0),
            col("Findings", 7.0),
        ],
        rows,
    )];
    document(doc, &control, as_of, Vec::new(), tables)
}

/// The reports of the completed internal audits (9.2.2): each audit and its findings.
pub fn audit_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = document_control(doc, &["9.2.2"], &[], "Internal audit report");
    let mut tables = Vec::new();
    let completed: Vec<_> = doc
        .audits
        .iter()
        .filter(|a| a.status == crate::model::AuditStatus::Completed)
        .collect();
    tables.push(Table::new(
        "Audits",
        "Audits performed",
        vec![
            col("Audit", 10.0),
            col("Title", 26.0),
            col("Scope", 40.0),
            col("Auditor", 14.0),
            col("Performed", 10.0),
        ],
        completed
            .iter()
            .map(|a| {
                vec![
                    text(&a.id),
                    text(&a.title),
                    text(&a.scope),
                    text(&a.auditor),
                    date(a.performed_on.as_ref()),
                ]
            })
            .collect(),
    ));
    tables.push(Table::new(
        "Findings",
        "Findings",
        vec![
            col("Audit", 10.0),
            col("Finding", 10.0),
            col("Grading", 14.0),
            col("Reference", 9.0),
            col("Description", 47.0),
            col("Nonconformity", 10.0),
        ],
        completed
            .iter()
            .flat_map(|a| {
                a.findings.iter().map(move |f| {
                    vec![
                        text(&a.id),
                        text(&f.id),
                        named(f.kind.as_str()),
                        text(&f.reference),
                        text(&f.description),
                        f.nonconformity.as_deref().map_or(TableCell::Empty, text),
                    ]
                })
            })
            .collect(),
    ));
    document(doc, &control, as_of, Vec::new(), tables)
}

fn actions_columns() -> Vec<TableColumn> {
    vec![
        col("Of", 10.0),
        col("Action", 9.0),
        col("Description", 40.0),
        col("Owner", 14.0),
        col("Due", 10.0),
        col("Status", 10.0),
        col("Completed", 10.0),
    ]
}

fn action_row(of: &str, a: &crate::model::Action, as_of: Option<&Date>) -> Vec<TableCell> {
    let overdue = a.status.is_open() && matches!((&a.due, as_of), (Some(d), Some(t)) if d < t);
    let status = if overdue {
        format!("{}, overdue", label(a.status.as_str()))
    } else {
        label(a.status.as_str())
    };
    vec![
        text(of),
        text(&a.id),
        text(&a.description),
        text(&a.owner),
        date(a.due.as_ref()),
        TableCell::Text(status),
        date(a.completed_on.as_ref()),
    ]
}

/// The inputs a review considered, in the order of 9.3.2: a letter, or a structured input with
/// the records it looked at and its conclusion.
fn considered(review: &crate::model::ManagementReview) -> String {
    let mut parts: Vec<(&str, String)> = review
        .inputs
        .iter()
        .filter(|letter| !review.considered.iter().any(|c| &c.input == *letter))
        .map(|letter| (letter.as_str(), letter.clone()))
        .collect();
    for input in &review.considered {
        let mut part = input.input.clone();
        if !input.references.is_empty() {
            part.push_str(&format!(" ({})", input.references.join(", ")));
        }
        if !input.conclusion.trim().is_empty() {
            part.push_str(&format!(": {}", input.conclusion.trim()));
        }
        parts.push((input.input.as_str(), part));
    }
    // In the order of 9.3.2.
    parts.sort_by(|a, b| a.0.cmp(b.0));
    parts
        .into_iter()
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The management review (9.3): the inputs of 9.3.2 from the review pack (every indicator
/// against its target, the objectives), then the records of the reviews held: attendees, inputs
/// considered, decisions and actions.
pub fn management_review_report(
    doc: &Document,
    pack: &crate::review::ReviewPack,
    as_of: Option<&Date>,
) -> Report {
    let control = document_control(
        doc,
        &["9.3", "9.3.1", "9.3.2", "9.3.3"],
        &[],
        "Management review minutes",
    );
    let yes_no_unknown = |b: Option<bool>| b.map_or(TableCell::Empty, yes_no);
    let inputs = pack
        .inputs
        .iter()
        .map(|i| {
            vec![
                text(i.input),
                text(i.title),
                TableCell::from(i.summary.clone()),
            ]
        })
        .collect();
    let kpis = pack
        .kpis
        .iter()
        .map(|k| {
            vec![
                text(&k.id),
                text(&k.name),
                target(k.target, k.direction, &k.unit),
                number(k.latest),
                date(k.measured_on.as_ref()),
                yes_no_unknown(k.on_target),
                named(k.trend.as_str()),
                text(&k.owner),
            ]
        })
        .collect();
    let objectives = pack
        .objectives
        .iter()
        .map(|o| {
            vec![
                text(&o.id),
                text(&o.title),
                target(o.target, o.direction, ""),
                number(o.latest),
                yes_no_unknown(o.met),
                date(o.due.as_ref()),
                yes_no(o.overdue),
            ]
        })
        .collect();
    let reviews = doc
        .management_reviews
        .iter()
        .map(|r| {
            vec![
                text(&r.id),
                TableCell::Text(r.date.to_string()),
                join(&r.attendees),
                TableCell::from(considered(r)),
                join(&r.decisions),
            ]
        })
        .collect();
    let actions = doc
        .management_reviews
        .iter()
        .flat_map(|r| r.actions.iter().map(move |a| action_row(&r.id, a, as_of)))
        .collect();
    let facts = vec![(
        "Last review",
        match (&pack.last_review, &pack.since) {
            (Some(id), Some(on)) => format!("{id} on {on}"),
            _ => String::new(),
        },
    )];
    let tables = vec![
        Table::new(
            "Inputs",
            "Inputs of the review (9.3.2), from the ISMS as it stands",
            vec![
                col("Input", 6.0),
                col("Topic", 34.0),
                col("What the ISMS shows", 60.0),
            ],
            inputs,
        ),
        Table::new(
            "Indicators",
            "Monitoring and measurement results (9.3.2 d 2)",
            vec![
                col("Indicator", 8.0),
                col("Name", 30.0),
                col("Target", 10.0),
                col("Latest", 8.0),
                col("Measured on", 10.0),
                col("On target", 8.0),
                col("Trend", 10.0),
                col("Owner", 16.0),
            ],
            kpis,
        ),
        Table::new(
            "Objectives",
            "Fulfilment of the objectives (9.3.2 d 4)",
            vec![
                col("Objective", 9.0),
                col("Title", 40.0),
                col("Target", 10.0),
                col("Latest", 8.0),
                col("Met", 6.0),
                col("Due", 10.0),
                col("Past due", 8.0),
            ],
            objectives,
        ),
        Table::new(
            "Reviews",
            "Management reviews held",
            vec![
                col("Review", 10.0),
                col("Date", 10.0),
                col("Attendees", 24.0),
                col("Inputs considered (9.3.2)", 16.0),
                col("Decisions (9.3.3)", 40.0),
            ],
            reviews,
        ),
        Table::new("Actions", "Actions decided", actions_columns(), actions),
    ];
    document(doc, &control, as_of, facts, tables)
}

/// The internal audit checklist laid out: one row per clause requirement and applicable control,
/// then the findings on the audit programme.
pub fn checklist_report(doc: &Document, checklist: &crate::audit::Checklist) -> Report {
    let rows = checklist
        .items
        .iter()
        .map(|item| {
            let questions: Vec<String> = item
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| format!("{}. {q}", i + 1))
                .collect();
            let samples: Vec<String> = item
                .samples
                .iter()
                .map(|s| {
                    format!(
                        "{} at {}: {}{}",
                        s.what,
                        s.path,
                        if s.records.is_empty() {
                            "none recorded".to_owned()
                        } else {
                            s.records.join(", ")
                        },
                        if s.population > s.records.len() {
                            format!(" (of {})", s.population)
                        } else {
                            String::new()
                        }
                    )
                })
                .collect();
            vec![
                TableCell::from(item.reference.clone()),
                TableCell::from(item.title.clone()),
                TableCell::from(questions.join(" ")),
                TableCell::from(
                    item.techniques
                        .iter()
                        .map(|t| label(t.as_str()))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                TableCell::from(samples.join("; ")),
                join(&item.audited_by),
                date(item.last_audited.as_ref()),
                TableCell::Empty,
                TableCell::Empty,
            ]
        })
        .collect();
    let s = &checklist.summary;
    Report {
        title: format!("Internal audit checklist — {}", doc.organisation.name),
        draft: false,
        facts: vec![
            ("Organisation", doc.organisation.name.clone()),
            (
                "Items",
                format!(
                    "{} clause requirements and {} applicable controls; {} audited within the cycle",
                    s.clauses, s.controls, s.audited_in_cycle
                ),
            ),
            (
                "Cycle",
                match &s.cycle_start {
                    Some(start) => format!("{} years, from {start}", s.cycle_years),
                    None => format!("{} years", s.cycle_years),
                },
            ),
        ],
        tables: vec![
            Table::new(
                "Checklist",
                "Checklist",
                vec![
                    col("Reference", 9.0),
                    col("Requirement or control", 26.0),
                    col("Questions", 50.0),
                    col("Techniques", 16.0),
                    col("Sample", 40.0),
                    col("Audited by", 11.0),
                    col("Last audited", 10.0),
                    col("Result", 12.0),
                    col("Notes", 24.0),
                ],
                rows,
            ),
            findings_table(&checklist.findings),
        ],
    }
}

fn findings_table(findings: &[crate::checks::Finding]) -> Table {
    Table::new(
        "Programme findings",
        "Findings on the audit programme",
        vec![
            col("Severity", 10.0),
            col("Code", 24.0),
            col("Reference", 10.0),
            col("Path", 16.0),
            col("Message", 70.0),
        ],
        findings
            .iter()
            .map(|f| {
                vec![
                    named(f.severity.as_str()),
                    text(f.code.as_str()),
                    text(f.reference),
                    text(&f.path),
                    text(&f.message),
                ]
            })
            .collect(),
    )
}

/// Nonconformities and corrective actions (10.2).
pub fn nonconformities_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = document_control(
        doc,
        &["10.2"],
        &[],
        "Nonconformities and corrective actions",
    );
    let rows = doc
        .nonconformities
        .iter()
        .map(|n| {
            let source = n
                .finding
                .as_deref()
                .map(|f| format!("audit finding {f}"))
                .or_else(|| n.incident.as_deref().map(|i| format!("incident {i}")))
                .unwrap_or_default();
            let verified = n.verification.as_ref().map_or(String::new(), |v| {
                let on =
                    v.on.as_ref()
                        .map(|d| format!(" on {d}"))
                        .unwrap_or_default();
                format!(
                    "{} by {}{on}",
                    if v.effective {
                        "Effective"
                    } else {
                        "Not effective"
                    },
                    v.by
                )
            });
            vec![
                text(&n.id),
                text(&n.title),
                text(&n.reference),
                date(n.raised_on.as_ref()),
                TableCell::from(source),
                text(&n.correction),
                text(&n.root_cause),
                named(n.status.as_str()),
                TableCell::from(verified),
            ]
        })
        .collect();
    let actions = doc
        .nonconformities
        .iter()
        .flat_map(|n| {
            n.corrective_actions
                .iter()
                .map(move |a| action_row(&n.id, a, as_of))
        })
        .collect();
    let tables = vec![
        Table::new(
            "Nonconformities",
            "Nonconformities",
            vec![
                col("Id", 9.0),
                col("Title", 20.0),
                col("Reference", 8.0),
                col("Raised", 10.0),
                col("Source", 14.0),
                col("Correction", 22.0),
                col("Root cause", 22.0),
                col("Status", 9.0),
                col("Effectiveness", 16.0),
            ],
            rows,
        ),
        Table::new(
            "Corrective actions",
            "Corrective actions",
            actions_columns(),
            actions,
        ),
    ];
    document(doc, &control, as_of, Vec::new(), tables)
}

/// The incident register (A.5.24–A.5.28).
pub fn incidents_report(doc: &Document, as_of: Option<&Date>) -> Report {
    let control = DocumentControl::of(
        register_entry(doc, &[], &["A.5.24", "A.5.26", "A.5.27"], true),
        "Incident register",
    );
    let open = doc
        .incidents
        .iter()
        .filter(|i| {
            !matches!(
                i.status,
                crate::model::IncidentStatus::Closed | crate::model::IncidentStatus::Resolved
            )
        })
        .count();
    let rows = doc
        .incidents
        .iter()
        .map(|i| {
            vec![
                text(&i.id),
                text(&i.title),
                date(i.occurred_on.as_ref()),
                date(i.reported_on.as_ref()),
                i.severity.map_or(TableCell::Empty, |s| named(s.as_str())),
                text(&i.impact),
                join(&i.assets),
                join(&i.risks),
                join(&i.controls),
                named(i.status.as_str()),
                text(&i.lessons_learned),
                i.nonconformity.as_deref().map_or(TableCell::Empty, text),
            ]
        })
        .collect();
    let facts = vec![(
        "Incidents",
        format!("{} recorded, {open} open or contained", doc.incidents.len()),
    )];
    let tables = vec![Table::new(
        "Incidents",
        "Incidents",
        vec![
            col("Id", 9.0),
            col("Title", 20.0),
            col("Occurred", 10.0),
            col("Reported", 10.0),
            col("Severity", 8.0),
            col("Impact", 20.0),
            col("Assets", 12.0),
            col("Risks", 9.0),
            col("Controls", 10.0),
            col("Status", 9.0),
            col("Lessons learned", 24.0),
            col("Nonconformity", 10.0),
        ],
        rows,
    )];
    document(doc, &control, as_of, facts, tables)
}
