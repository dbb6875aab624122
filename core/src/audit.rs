//! The internal audit checklist (9.2): for every clause requirement of 4.1–10.2 and every
//! applicable control, the questions an auditor asks (in this project's own words), the
//! techniques to use, and what to sample from this ISMS's own records, with the JSON pointer of
//! where the document holds them; and the findings on the audit programme.
//!
//! **Coverage.** An item counts as audited by a completed audit when the audit's `covers` names
//! it (a clause such as `9` covers its requirements; a requirement covers those that detail it)
//! or one of the audit's findings cites it. An item not audited within the programme's cycle
//! (three years before the date of the check, or before the latest audit when no date is given)
//! is `not_audited_in_cycle`.
//!
//! **Independence.** An auditor audits their own area when a control the audit covers is owned by
//! them, or by a role they hold (the auditor's text names the owner or the role's holder, as a
//! whole word, ignoring case): `auditor_not_independent`.
//!
//! **Results.** A completed audit with neither a report nor a finding is
//! `audit_without_results`.

use crate::checks::{Checked, Finding, FindingCode};
use crate::clauses::{self, RequirementKind};
use crate::model::{AuditStatus, Date, Document, ImplementationStatus};
use crate::soa::Soa;
use serde::Serialize;

/// The default length of the audit programme's cycle, in years.
pub const DEFAULT_CYCLE_YEARS: u32 = 3;

/// How many records of one kind an item samples at most.
pub const SAMPLE_SIZE: usize = 5;

/// How an auditor gathers evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Technique {
    /// Reading the documented information.
    DocumentReview,
    /// Asking the people who do the work.
    Interview,
    /// Watching the activity or the place.
    Observation,
    /// Doing the control again and comparing the result.
    Reperformance,
    /// Picking records from a population and checking each.
    Sampling,
}

impl Technique {
    /// The technique as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DocumentReview => "document_review",
            Self::Interview => "interview",
            Self::Observation => "observation",
            Self::Reperformance => "reperformance",
            Self::Sampling => "sampling",
        }
    }
}

/// Whether a checklist item is a clause requirement or a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A requirement of clauses 4.1–10.2.
    Clause,
    /// An applicable Annex A or custom control.
    Control,
}

/// Records of this ISMS to sample for one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Sample {
    /// What the records are (`risks`, `evidence`, `competence records`).
    pub what: &'static str,
    /// JSON pointer of where the document holds them (`/risks`).
    pub path: String,
    /// The records picked: ids, or evidence as written.
    pub records: Vec<String>,
    /// How many records there are to pick from.
    pub population: usize,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChecklistItem {
    /// The clause requirement (`6.1.2`) or control (`A.8.13`).
    pub reference: String,
    /// Clause requirement or control.
    pub kind: ItemKind,
    /// What it is about.
    pub title: String,
    /// The questions to ask.
    pub questions: Vec<String>,
    /// How to gather the evidence.
    pub techniques: Vec<Technique>,
    /// What to sample from this ISMS.
    pub samples: Vec<Sample>,
    /// The completed audits that covered it, by id.
    pub audited_by: Vec<String>,
    /// When a completed audit last covered it.
    pub last_audited: Option<Date>,
}

/// Counts of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChecklistSummary {
    /// Clause requirements listed.
    pub clauses: usize,
    /// Applicable controls listed.
    pub controls: usize,
    /// Items covered by a completed audit within the cycle.
    pub audited_in_cycle: usize,
    /// The programme's cycle, in years.
    pub cycle_years: u32,
    /// The first day of the cycle that counts.
    pub cycle_start: Option<Date>,
}

/// The internal audit checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Checklist {
    /// Counts.
    pub summary: ChecklistSummary,
    /// Every clause requirement, then every applicable control.
    pub items: Vec<ChecklistItem>,
    /// Findings on the audit programme.
    pub findings: Vec<Finding>,
}

/// Where the records of one kind live, and which to pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Records {
    Issues,
    Parties,
    Requirements,
    Roles,
    Risks,
    Actions,
    Controls,
    Objectives,
    Changes,
    Competence,
    Awareness,
    Documents,
    Assets,
    Kpis,
    Audits,
    Reviews,
    Nonconformities,
    Incidents,
}

use Records as R;
use Technique::{DocumentReview as Doc, Interview as Ask, Observation as Look};
use Technique::{Reperformance as Redo, Sampling as Pick};

/// A clause requirement's id, its questions, techniques and the records to sample.
type ClauseQuestions = (
    &'static str,
    &'static [&'static str],
    &'static [Technique],
    &'static [Records],
);

/// The questions, techniques and records of each clause requirement, in this project's words.
const CLAUSE_QUESTIONS: &[ClauseQuestions] = &[
    (
        "4.1",
        &[
            "Which internal and external issues did you identify, and how do they shape what the ISMS must achieve?",
            "How and when are the issues reviewed?",
        ],
        &[Doc, Ask],
        &[R::Issues],
    ),
    (
        "4.1-climate",
        &["Did you decide whether climate change is relevant to the ISMS, and on what grounds?"],
        &[Doc, Ask],
        &[R::Issues],
    ),
    (
        "4.2",
        &[
            "Who are the interested parties, and which of their requirements concern information security?",
            "Which requirements are legal, regulatory or contractual, and which does the ISMS address, with which controls?",
        ],
        &[Doc, Ask],
        &[R::Parties, R::Requirements],
    ),
    (
        "4.3",
        &[
            "Show the scope statement: which units, services, sites and systems are in, what is out and why?",
            "How were the interfaces and dependencies with activities outside the scope considered?",
        ],
        &[Doc, Ask],
        &[R::Documents],
    ),
    (
        "4.4",
        &["How are the ISMS processes and their interactions established, run and improved?"],
        &[Doc, Ask],
        &[R::Documents],
    ),
    (
        "5.1",
        &[
            "How does top management show leadership: resources, direction, communication, support for other roles?",
            "Do the objectives and the policy fit the organisation's strategy?",
        ],
        &[Ask, Doc],
        &[R::Reviews],
    ),
    (
        "5.2",
        &[
            "Show the approved policy: does it set a framework for objectives and commit to meeting requirements and to improvement?",
            "How was it communicated, and is it available to interested parties?",
        ],
        &[Doc, Ask],
        &[R::Documents, R::Awareness],
    ),
    (
        "5.3",
        &[
            "Who holds each information security role, and how were responsibilities and authorities assigned and communicated?",
            "Who reports on ISMS performance to top management?",
        ],
        &[Doc, Ask],
        &[R::Roles],
    ),
    (
        "6.1.1",
        &[
            "How were the risks and opportunities that could affect the ISMS outcomes determined, and what actions follow from them?",
        ],
        &[Doc, Ask],
        &[R::Risks],
    ),
    (
        "6.1.2",
        &[
            "Show the risk method: criteria for acceptance and for assessing, and how repeated assessments give comparable results.",
            "For the sampled risks: who owns them, how were likelihood and impact rated, and does the rating follow the method?",
        ],
        &[Doc, Pick, Redo],
        &[R::Risks, R::Assets],
    ),
    (
        "6.1.3",
        &[
            "How were treatment options chosen for the sampled risks above appetite?",
            "How were the controls compared against Annex A so that none needed was missed?",
        ],
        &[Doc, Pick],
        &[R::Risks, R::Actions],
    ),
    (
        "6.1.3.a",
        &["For the sampled risks, which treatment option was chosen and why?"],
        &[Doc, Pick],
        &[R::Risks],
    ),
    (
        "6.1.3.b",
        &["Which controls implement each chosen treatment?"],
        &[Doc, Pick],
        &[R::Risks],
    ),
    (
        "6.1.3.c",
        &["How was Annex A used to check that no necessary control was left out?"],
        &[Doc, Ask],
        &[R::Controls],
    ),
    (
        "6.1.3.d",
        &[
            "Show the approved Statement of Applicability: does each control have a decision, a reason for inclusion or a justification for exclusion, and a status?",
        ],
        &[Doc, Pick],
        &[R::Controls],
    ),
    (
        "6.1.3.e",
        &["Show the risk treatment plan: owners, due dates and progress of the sampled actions."],
        &[Doc, Pick],
        &[R::Actions],
    ),
    (
        "6.1.3.f",
        &[
            "Did the risk owners approve the plan and accept the residual risks? Show the sampled acceptances.",
        ],
        &[Doc, Pick, Ask],
        &[R::Risks],
    ),
    (
        "6.2",
        &[
            "Which objectives are set, are they measurable, and who is responsible by when?",
            "How is progress monitored and communicated?",
        ],
        &[Doc, Ask],
        &[R::Objectives],
    ),
    (
        "6.3",
        &["How are changes to the ISMS planned and carried out? Show the sampled changes."],
        &[Doc, Pick],
        &[R::Changes],
    ),
    (
        "7.1",
        &["How were the resources the ISMS needs determined and provided?"],
        &[Ask, Doc],
        &[R::Roles],
    ),
    (
        "7.2",
        &[
            "How is the competence needed for each role determined, and what shows the sampled people have it?",
        ],
        &[Doc, Pick],
        &[R::Competence],
    ),
    (
        "7.3",
        &[
            "Do the sampled people know the policy, their contribution and what follows from not conforming?",
        ],
        &[Ask, Pick],
        &[R::Awareness],
    ),
    (
        "7.4",
        &["What is communicated about information security, when, to whom, by whom and how?"],
        &[Doc, Ask],
        &[R::Documents],
    ),
    (
        "7.5.1",
        &["Which documented information does the ISMS need, and is it in the register?"],
        &[Doc],
        &[R::Documents],
    ),
    (
        "7.5.2",
        &["Do the sampled documents have an identification, a version, a review and an approval?"],
        &[Doc, Pick],
        &[R::Documents],
    ),
    (
        "7.5.3",
        &[
            "How is documented information distributed, protected, versioned, retained and disposed of?",
        ],
        &[Doc, Look],
        &[R::Documents],
    ),
    (
        "8.1",
        &[
            "How are the ISMS processes planned and controlled, including processes run by suppliers?",
            "How are planned changes controlled and unintended ones reviewed?",
        ],
        &[Doc, Ask, Look],
        &[R::Documents],
    ),
    (
        "8.2",
        &["When were risks last assessed, and what triggers a new assessment? Show the results."],
        &[Doc, Pick],
        &[R::Risks],
    ),
    (
        "8.3",
        &["What is the status of the sampled treatment actions, and are the results retained?"],
        &[Doc, Pick],
        &[R::Actions],
    ),
    (
        "9.1",
        &[
            "What is monitored and measured, how, when, by whom, and who analyses and evaluates the results?",
            "Show the sampled indicators against their targets.",
        ],
        &[Doc, Pick, Redo],
        &[R::Kpis],
    ),
    (
        "9.2.1",
        &[
            "Are internal audits performed at planned intervals, and do they check conformity and effectiveness?",
        ],
        &[Doc],
        &[R::Audits],
    ),
    (
        "9.2.2",
        &[
            "Show the audit programme: frequency, methods, responsibilities, criteria and scope of each audit.",
            "How are auditors chosen for objectivity and impartiality, and how are results reported?",
        ],
        &[Doc, Pick],
        &[R::Audits],
    ),
    (
        "9.3.1",
        &["When did top management last review the ISMS, and how often does it?"],
        &[Doc],
        &[R::Reviews],
    ),
    (
        "9.3.2",
        &[
            "Did the review consider every input: actions of earlier reviews, changes in issues and parties' needs, performance trends, feedback, risks and opportunities?",
        ],
        &[Doc, Ask],
        &[R::Reviews],
    ),
    (
        "9.3.3",
        &[
            "What decisions on improvement and change did the review take, and what became of the actions?",
        ],
        &[Doc, Pick],
        &[R::Reviews],
    ),
    (
        "10.1",
        &[
            "Show examples of continual improvement of the ISMS's suitability, adequacy and effectiveness.",
        ],
        &[Doc, Ask],
        &[R::Nonconformities, R::Incidents],
    ),
    (
        "10.2",
        &[
            "For the sampled nonconformities: correction, root cause, corrective action and the check of its effectiveness.",
            "Were similar nonconformities looked for elsewhere?",
        ],
        &[Doc, Pick],
        &[R::Nonconformities],
    ),
];

fn pick(ids: impl Iterator<Item = String>) -> (Vec<String>, usize) {
    let all: Vec<String> = ids.collect();
    let population = all.len();
    (all.into_iter().take(SAMPLE_SIZE).collect(), population)
}

/// The sample of one kind of records.
fn sample(checked: &Checked<'_>, records: Records) -> Sample {
    let doc = checked.document;
    let ids = |items: &mut dyn Iterator<Item = &String>| pick(items.cloned());
    let (what, path, (records, population)) = match records {
        R::Issues => (
            "issues",
            "/context/issues",
            ids(&mut doc.context.issues.iter().map(|x| &x.id)),
        ),
        R::Parties => (
            "interested parties",
            "/context/interested_parties",
            ids(&mut doc.context.interested_parties.iter().map(|x| &x.id)),
        ),
        R::Requirements => (
            "requirements of interested parties",
            "/context/interested_parties",
            ids(&mut doc
                .context
                .interested_parties
                .iter()
                .flat_map(|p| p.requirements.iter().map(|q| &q.id))),
        ),
        R::Roles => (
            "roles",
            "/leadership/roles",
            ids(&mut doc.leadership.roles.iter().map(|x| &x.id)),
        ),
        R::Risks => ("risks, highest rated first", "/risks", {
            let mut order: Vec<usize> = (0..doc.risks.len()).collect();
            let score = |i: usize| {
                checked
                    .risks
                    .get(i)
                    .and_then(|r| r.inherent.as_ref())
                    .map_or(f64::NEG_INFINITY, |r| r.score)
            };
            order.sort_by(|a, b| score(*b).total_cmp(&score(*a)));
            pick(
                order
                    .into_iter()
                    .filter_map(|i| doc.risks.get(i).map(|r| r.id.clone())),
            )
        }),
        R::Actions => ("treatment actions, open first", "/risks", {
            let actions = doc
                .risks
                .iter()
                .flat_map(|r| r.treatment.iter().flat_map(|t| &t.plan));
            let (open, done): (Vec<_>, Vec<_>) = actions.partition(|a| a.status.is_open());
            pick(open.into_iter().chain(done).map(|a| a.id.clone()))
        }),
        R::Controls => (
            "control records",
            "/controls",
            ids(&mut doc.controls.iter().map(|x| &x.control)),
        ),
        R::Objectives => (
            "objectives",
            "/objectives",
            ids(&mut doc.objectives.iter().map(|x| &x.id)),
        ),
        R::Changes => (
            "planned changes",
            "/planned_changes",
            ids(&mut doc.planned_changes.iter().map(|x| &x.id)),
        ),
        R::Competence => (
            "competence records",
            "/competence",
            ids(&mut doc
                .competence
                .iter()
                .filter(|c| c.kind != crate::model::CompetenceKind::Awareness)
                .map(|x| &x.id)),
        ),
        R::Awareness => (
            "awareness records",
            "/competence",
            ids(&mut doc
                .competence
                .iter()
                .filter(|c| c.kind == crate::model::CompetenceKind::Awareness)
                .map(|x| &x.id)),
        ),
        R::Documents => (
            "register entries",
            "/documents",
            ids(&mut doc.documents.iter().map(|x| &x.id)),
        ),
        R::Assets => (
            "assets",
            "/assets",
            ids(&mut doc.assets.iter().map(|x| &x.id)),
        ),
        R::Kpis => (
            "indicators",
            "/kpis",
            ids(&mut doc.kpis.iter().map(|x| &x.id)),
        ),
        R::Audits => (
            "audits",
            "/audits",
            ids(&mut doc.audits.iter().map(|x| &x.id)),
        ),
        R::Reviews => (
            "management reviews, latest first",
            "/management_reviews",
            ids(&mut doc.management_reviews.iter().rev().map(|x| &x.id)),
        ),
        R::Nonconformities => (
            "nonconformities",
            "/nonconformities",
            ids(&mut doc.nonconformities.iter().map(|x| &x.id)),
        ),
        R::Incidents => (
            "incidents, latest first",
            "/incidents",
            ids(&mut doc.incidents.iter().rev().map(|x| &x.id)),
        ),
    };
    Sample {
        what,
        path: path.to_owned(),
        records,
        population,
    }
}

/// True when `covered` (a clause `9`, a requirement `9.2`, a control) covers `reference`.
fn covers(covered: &str, reference: &str) -> bool {
    if covered == reference {
        return true;
    }
    if reference.starts_with("A.") || covered.starts_with("A.") {
        return false;
    }
    reference
        .strip_prefix(covered)
        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('-'))
}

/// `date` minus `years` years (29 February becomes 28 February).
fn years_before(date: &Date, years: u32) -> Option<Date> {
    let (y, m, d) = date.ymd();
    let y = y.checked_sub(u16::try_from(years).ok()?)?;
    let d = if m == 2 && d == 29 { 28 } else { d };
    Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
}

/// True when `text` names `name` as a whole word, ignoring case.
fn names(text: &str, name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    let text = text.to_lowercase();
    let name = name.to_lowercase();
    text.match_indices(&name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The audits that covered `reference` and the date of the latest.
fn audited(doc: &Document, reference: &str) -> (Vec<String>, Option<Date>) {
    let mut by = Vec::new();
    let mut last: Option<Date> = None;
    for audit in doc
        .audits
        .iter()
        .filter(|a| a.status == AuditStatus::Completed)
    {
        let covered = audit.covers.iter().any(|c| covers(c, reference))
            || audit.findings.iter().any(|f| f.reference == reference);
        if covered {
            by.push(audit.id.clone());
            if let Some(on) = audit.performed_on.as_ref().or(audit.planned_on.as_ref())
                && last.as_ref().is_none_or(|l| on > l)
            {
                last = Some(on.clone());
            }
        }
    }
    (by, last)
}

fn control_questions(row: &crate::soa::SoaRow<'_>) -> Vec<String> {
    let id = row.control;
    let title = row.title;
    let mut questions = vec![if row.owner.is_empty() {
        format!("Who is responsible for {id} ({title}), and how is it carried out here?")
    } else {
        format!(
            "How is {id} ({title}) carried out here, and how does its owner ({}) know it works?",
            row.owner
        )
    }];
    questions.push(match row.status {
        Some(ImplementationStatus::Implemented) => format!(
            "Which records show that {id} operated throughout the period, not only on the day of the audit?"
        ),
        Some(ImplementationStatus::PartiallyImplemented | ImplementationStatus::Planned) => {
            format!(
                "What remains to be done for {id}, by when, and how are its risks covered meanwhile?"
            )
        }
        _ => format!("Why is {id} applicable, and when will it be implemented?"),
    });
    if !row.risks.is_empty() {
        questions.push(format!(
            "Does {id} reduce the risks it is linked to ({}) as the risk register assumes?",
            row.risks.join(", ")
        ));
    }
    if !row.evidence.is_empty() {
        questions.push(format!(
            "Does the evidence cited in the Statement of Applicability exist and show what it claims ({})?",
            row.evidence.join("; ")
        ));
    }
    questions
}

fn control_techniques(row: &crate::soa::SoaRow<'_>) -> Vec<Technique> {
    use crate::catalogue::Theme;
    let mut techniques = vec![Technique::DocumentReview, Technique::Interview];
    match row.theme {
        Some(Theme::People) => techniques.push(Technique::Sampling),
        Some(Theme::Physical) => techniques.push(Technique::Observation),
        Some(Theme::Technological) => {
            techniques.extend([Technique::Reperformance, Technique::Sampling]);
        }
        _ => {}
    }
    techniques
}

fn control_samples(doc: &Document, row: &crate::soa::SoaRow<'_>) -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut add = |what: &'static str, path: String, ids: &mut dyn Iterator<Item = String>| {
        let (records, population) = pick(ids);
        if population > 0 {
            samples.push(Sample {
                what,
                path,
                records,
                population,
            });
        }
    };
    let names = |controls: &[String]| controls.iter().any(|c| c == row.control);
    if let Some(i) = doc.controls.iter().position(|c| c.control == row.control) {
        add(
            "evidence",
            format!("/controls/{i}/evidence"),
            &mut row.evidence.iter().cloned(),
        );
    }
    add(
        "linked risks",
        "/risks".into(),
        &mut row.risks.iter().map(|r| (*r).to_owned()),
    );
    add(
        "treatment actions",
        "/risks".into(),
        &mut doc
            .risks
            .iter()
            .flat_map(|r| r.treatment.iter().flat_map(|t| &t.plan))
            .filter(|a| names(&a.controls))
            .map(|a| a.id.clone()),
    );
    add(
        "indicators",
        "/kpis".into(),
        &mut doc
            .kpis
            .iter()
            .filter(|k| names(&k.controls))
            .map(|k| k.id.clone()),
    );
    add(
        "incidents",
        "/incidents".into(),
        &mut doc
            .incidents
            .iter()
            .filter(|x| names(&x.controls))
            .map(|x| x.id.clone()),
    );
    samples
}

/// The checklist of a checked document and its SoA. `cycle_years` is the programme's cycle.
pub fn checklist(
    checked: &Checked<'_>,
    soa: &Soa<'_>,
    as_of: Option<&Date>,
    cycle_years: u32,
) -> Checklist {
    let doc = checked.document;
    let mut items = Vec::new();
    for requirement in clauses::requirements()
        .iter()
        .filter(|r| r.kind == RequirementKind::Requirement)
    {
        let (questions, techniques, records) = CLAUSE_QUESTIONS
            .iter()
            .find(|(id, ..)| *id == requirement.id)
            .map_or((&[][..], &[][..], &[][..]), |(_, q, t, r)| (*q, *t, *r));
        let (audited_by, last_audited) = audited(doc, requirement.id);
        items.push(ChecklistItem {
            reference: requirement.id.to_owned(),
            kind: ItemKind::Clause,
            title: requirement.title.to_owned(),
            questions: questions.iter().map(|q| (*q).to_owned()).collect(),
            techniques: techniques.to_vec(),
            samples: records.iter().map(|r| sample(checked, *r)).collect(),
            audited_by,
            last_audited,
        });
    }
    let clause_count = items.len();
    for row in soa.rows.iter().filter(|r| r.applicable == Some(true)) {
        let (audited_by, last_audited) = audited(doc, row.control);
        items.push(ChecklistItem {
            reference: row.control.to_owned(),
            kind: ItemKind::Control,
            title: row.title.to_owned(),
            questions: control_questions(row),
            techniques: control_techniques(row),
            samples: control_samples(doc, row),
            audited_by,
            last_audited,
        });
    }

    let latest = doc
        .audits
        .iter()
        .filter(|a| a.status == AuditStatus::Completed)
        .filter_map(|a| a.performed_on.as_ref())
        .max();
    let cycle_start = as_of.or(latest).and_then(|d| years_before(d, cycle_years));
    let in_cycle = |item: &ChecklistItem| match (&item.last_audited, &cycle_start) {
        (Some(last), Some(start)) => last >= start,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let mut findings = Vec::new();
    let mut raise = |code: FindingCode, reference: &'static str, path: String, message: String| {
        findings.push(Finding {
            code,
            severity: code.severity(),
            reference,
            path,
            message,
        });
    };
    for (i, audit) in doc.audits.iter().enumerate() {
        if audit.status != AuditStatus::Completed {
            continue;
        }
        if audit.findings.is_empty() && audit.report.is_none() {
            raise(
                FindingCode::AuditWithoutResults,
                "9.2.2",
                format!("/audits/{i}"),
                format!(
                    "audit `{}` is completed but records no report and no finding",
                    audit.id
                ),
            );
        }
        let holds = |owner: &str| {
            names(&audit.auditor, owner)
                || doc
                    .leadership
                    .roles
                    .iter()
                    .any(|r| r.title == owner && names(&audit.auditor, &r.holder))
        };
        let own: Vec<&str> = doc
            .controls
            .iter()
            .filter(|c| audit.covers.iter().any(|x| covers(x, &c.control)) && holds(&c.owner))
            .map(|c| c.control.as_str())
            .collect();
        if !own.is_empty() {
            raise(
                FindingCode::AuditorNotIndependent,
                "9.2.2",
                format!("/audits/{i}/auditor"),
                format!(
                    "audit `{}` is performed by the owner of {} it covers",
                    audit.id,
                    own.join(", ")
                ),
            );
        }
    }
    let mut audited_in_cycle = 0;
    for item in &items {
        if in_cycle(item) {
            audited_in_cycle += 1;
            continue;
        }
        let since = cycle_start
            .as_ref()
            .map(|d| format!(" since {d}"))
            .unwrap_or_default();
        raise(
            FindingCode::NotAuditedInCycle,
            "9.2.2",
            "/audits".into(),
            format!(
                "`{}` has not been covered by a completed internal audit{since}",
                item.reference
            ),
        );
    }
    Checklist {
        summary: ChecklistSummary {
            clauses: clause_count,
            controls: items.len() - clause_count,
            audited_in_cycle,
            cycle_years,
            cycle_start,
        },
        items,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_names_and_cycles() {
        assert!(covers("9", "9.2.2") && covers("6.1.3", "6.1.3.d") && covers("4.1", "4.1-climate"));
        assert!(!covers("9", "10.2") && !covers("A.5", "A.5.1") && covers("A.5.1", "A.5.1"));
        assert!(!covers("1", "10.1"));
        assert!(names("Priya Ramaswamy (ISM)", "priya ramaswamy"));
        assert!(!names("Eleanor Whitmore, Whitmore Assurance", "CTO") && !names("x", " "));
        assert!(names("Audit by the CTO", "CTO") && !names("DIRECTOR", "CTO"));
        let d = Date::parse("2028-02-29");
        assert_eq!(
            d.as_ref().and_then(|d| years_before(d, 3)),
            Date::parse("2025-02-28")
        );
    }
}
