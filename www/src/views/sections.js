// The sections of the document edited through editors generated from its schema (schemaform.js):
// objectives and planned changes (6.2, 6.3), competence and awareness (7.2, 7.3), incidents
// (operations, 8.1), custom controls, indicators (9.1) and management reviews (9.3) with the
// review pack's inputs. Each list's fields are the schema's; the overrides below only reword.
import * as engine from "../engine.js";
import { el, button, findingList, section, humanise } from "../dom.js";
import { findingsAt } from "./common.js";
import { schemaList } from "./schemaform.js";
import { requirementsOf } from "./org.js";

/** The fields of an action in the order and words of the treatment plan's actions. */
const ACTION_ORDER = ["description", "owner", "due", "status", "completed_on", "controls"];
const ACTION_LABELS = { description: { label: "Action", kind: "text", wide: true }, controls: { label: "Controls (ids)" } };

/** How an objective's or an indicator's measurements are listed: date, value, then a note. */
const MEASUREMENTS = {
  singular: "measurement", order: ["date", "value", "note"], legend: (m) => `${m.date ?? ""}: ${m.value ?? ""}`,
  blank: () => ({ date: engine.today(), value: 0 }), overrides: { note: { kind: "text" } },
};

export function objectives(app) {
  return el("div", {}, el("h1", { text: "Objectives and planned changes" }),
    requirementsOf(app, ["6.2", "6.3"]),
    section("Information security objectives (6.2)",
      el("p", { class: "muted", text: "Each objective is measurable: a target, which way it should move, and the measurements taken so far." }),
      schemaList(app, {
        def: "Objective", scope: "objective", path: ["objectives"], title: "Objectives", singular: "objective", prefix: "OBJ",
        blank: { title: "" }, legend: (o) => o.title ?? "",
        order: ["title", "owner", "measure", "target", "direction", "unit", "due"],
        overrides: { title: { label: "Objective", wide: true }, measure: { label: "How it is measured", wide: true } },
        nested: { measurements: MEASUREMENTS },
      })),
    section("Planned changes to the ISMS (6.3)",
      schemaList(app, {
        def: "PlannedChange", scope: "change", path: ["planned_changes"], title: "Planned changes", singular: "planned change", prefix: "CHG",
        blank: { description: "" }, legend: (c) => [c.status, c.planned_on].filter(Boolean).join(", ").replace(/_/g, " "),
        overrides: { description: { label: "The change and its purpose" } },
      })),
    section("Findings", findingList(findingsAt(app, "/objectives", "/planned_changes"), { empty: "No findings about objectives or planned changes." })));
}

export function support(app) {
  return el("div", {}, el("h1", { text: "Support: competence and awareness" }),
    requirementsOf(app, ["7.1", "7.2", "7.3", "7.4"]),
    el("p", { class: "muted", text: "Record who has the competence the ISMS needs (training, qualifications, assessments on the job, 7.2) and that people are aware of the policy and their part in it (7.3). A group such as “All staff” can be one record." }),
    section("Competence and awareness records (7.2, 7.3)",
      schemaList(app, {
        def: "CompetenceRecord", scope: "competence", path: ["competence"], title: "Competence records", singular: "competence record", prefix: "CMP",
        blank: { person: "", kind: "training", topic: "" }, legend: (c) => [c.person, c.topic].filter(Boolean).join(": "),
        order: ["person", "kind", "topic", "role", "completed_on", "expires_on", "evidence"],
        overrides: {
          role: { label: "For role", kind: "select", options: [{ value: "", label: "—" }, ...(app.doc.leadership?.roles ?? []).map((r) => ({ value: r.id, label: `${r.id} ${r.title ?? ""}`.trim() }))] },
          evidence: { label: "Where the evidence is" },
        },
      })),
    el("p", { class: "muted" }, "Resources (7.1) and communication (7.4) have no records of their own here: they are met by documents that cite them in the ",
      el("a", { href: "#/documents", text: "register of documented information" }), ", such as a resource plan and a communication plan."),
    section("Findings", findingList(findingsAt(app, "/competence"), { empty: "No findings about competence." })));
}

export function operations(app) {
  return el("div", {}, el("h1", { text: "Operations and incidents" }),
    requirementsOf(app, ["8.1"]),
    el("p", { class: "muted", text: "Clause 8.1 is shown met by the controls recorded as implemented (Annex A controls step) and by the risk treatment plan being carried out. Record incidents here: what happened, what was affected, and what was learnt." }),
    section("Incident register (A.5.24–A.5.28)",
      schemaList(app, {
        def: "Incident", scope: "incident", path: ["incidents"], title: "Incidents", singular: "incident", prefix: "INC",
        blank: { title: "" }, legend: (x) => x.title ?? "",
        order: ["title", "severity", "status", "occurred_on", "reported_on"],
        overrides: { title: { label: "Incident", wide: true }, assets: { label: "Affected assets (ids)" }, risks: { label: "Risks realised (ids)" }, nonconformity: { label: "Nonconformity raised (id)" }, lessons_learned: { label: "Lessons learned" } },
      })),
    section("Findings", findingList(findingsAt(app, "/incidents"), { empty: "No findings about incidents." })));
}

/** The organisation's own controls beside Annex A (a section of the controls step). */
export function customControls(app) {
  return section("The organisation's own controls",
    el("p", { class: "muted", text: "Controls you add beside Annex A; give them ids that do not look like Annex A ids (ORG-1). Once added, each joins the list above (in its theme, or with the custom controls) and is decided and recorded like any Annex A control." }),
    schemaList(app, {
      def: "CustomControl", scope: "custom", path: ["custom_controls"], title: "Custom controls", singular: "custom control", prefix: "ORG",
      blank: { title: "" }, legend: (c) => c.title ?? "",
      overrides: { title: { label: "Control", wide: true }, control_type: { label: "Control type (preventive, detective, corrective)" } },
    }));
}

/** Internal audits (9.2) with their findings. */
export function audits(app) {
  return schemaList(app, {
    def: "Audit", scope: "audit", path: ["audits"], title: "Audits", singular: "audit", prefix: "IA",
    blank: { title: "Internal ISMS audit", status: "planned" }, legend: (a) => a.title ?? "",
    order: ["title", "auditor", "status", "planned_on", "performed_on", "scope", "covers", "report"],
    overrides: { title: { wide: true }, covers: { label: "Covers (clauses, requirements, controls)" }, report: { label: "Report (register entry id)" } },
    nested: {
      findings: {
        singular: "finding", prefix: (audit) => `F-${audit.id}`, blank: { kind: "observation", description: "" }, legend: (f) => humanise(f.kind ?? ""),
        order: ["kind", "reference", "nonconformity", "description"],
        overrides: { kind: { label: "Grading" }, reference: { label: "Clause or control" }, nonconformity: { label: "Nonconformity raised (id)" }, description: { label: "Finding" } },
      },
    },
  });
}

/** Nonconformities (10.2) with their corrective actions and the verification of their effect. */
export function nonconformities(app) {
  return schemaList(app, {
    def: "Nonconformity", scope: "nc", path: ["nonconformities"], title: "Nonconformities", singular: "nonconformity", prefix: "NC",
    blank: { title: "", status: "open" }, legend: (n) => `${n.title ?? ""} (${humanise(n.status ?? "")})`,
    order: ["title", "reference", "raised_on", "status", "finding", "incident", "description", "correction", "root_cause"],
    overrides: { title: { wide: true }, reference: { label: "Clause or control" }, finding: { label: "From audit finding (id)" }, incident: { label: "From incident (id)" }, root_cause: { label: "Root cause" } },
    nested: {
      corrective_actions: { singular: "corrective action", prefix: (nc) => `${nc.id}-A`, blank: { description: "" }, legend: (a) => humanise(a.status ?? ""), order: ACTION_ORDER, overrides: ACTION_LABELS },
      verification: { order: ["effective", "on", "by", "note"], overrides: { effective: { label: "The actions were effective" }, on: { label: "Verified on" }, by: { label: "Verified by" }, note: { label: "How it was verified" } } },
    },
  });
}

/** Indicators with their measurements (9.1). */
export function kpis(app) {
  return schemaList(app, {
    def: "Kpi", scope: "kpi", path: ["kpis"], title: "Indicators", singular: "indicator", prefix: "KPI",
    blank: { name: "" }, legend: (k) => k.name ?? "",
    order: ["name", "owner", "frequency", "target", "direction", "unit"],
    overrides: { name: { label: "Indicator", wide: true }, objectives: { label: "Objectives it tracks (ids)" }, description: { label: "What is measured and how" } },
    nested: { measurements: MEASUREMENTS },
  });
}

/** The ids a review pack section lists, as the records an input considered. */
function packReferences(pack, letter) {
  const ids = (list) => (list ?? []).map((x) => x.id).filter(Boolean);
  switch (letter) {
    case "a": return ids(pack.previous_actions);
    case "b": case "c": return ids(pack.changes);
    case "d": return [...ids(pack.kpis), ...ids(pack.objectives), ...ids(pack.audits)];
    case "e": return ids(pack.interested_parties);
    case "g": return ids(pack.opportunities);
    default: return [];
  }
}

/** Adds the review pack's inputs (9.3.2 a–g) that a review has not considered yet, with their references. */
async function considerPack(app, review) {
  try {
    await engine.documentWriters();
  } catch (err) {
    app.notify(`The review pack could not be loaded: ${err.message}`);
    return;
  }
  const pack = engine.reviewPack(app.doc);
  app.ui.reviewInputs = pack.inputs.map((i) => ({ value: i.input, label: `${i.input}: ${i.title}`, summary: i.summary }));
  review.considered ??= [];
  const have = new Set(review.considered.map((c) => c.input));
  for (const input of pack.inputs) {
    if (have.has(input.input)) continue;
    const references = packReferences(pack, input.input);
    review.considered.push({ input: input.input, ...(references.length ? { references } : {}), conclusion: "" });
  }
  app.notify(`The review considers the pack's ${pack.inputs.length} inputs; write a conclusion for each.`);
  app.commit();
}

const LETTERS = ["a", "b", "c", "d", "e", "f", "g"];

/** A considered input's legend: its title and the pack's summary once the pack was loaded, else its letter. */
function inputLegend(app, considered) {
  const known = (app.ui.reviewInputs ?? []).find((x) => x.value === considered.input);
  return known ? `${known.label} (the pack: ${known.summary})` : `input ${considered.input ?? ""}`;
}

/** Management reviews (9.3): date, attendees, the inputs considered, decisions and actions. */
export function reviews(app) {
  const inputOptions = [{ value: "", label: "—" }, ...(app.ui.reviewInputs ?? LETTERS.map((l) => ({ value: l, label: `Input ${l}` })))];
  return schemaList(app, {
    def: "ManagementReview", scope: "mr", path: ["management_reviews"], title: "Management reviews", singular: "management review", prefix: "MR",
    blank: () => ({ date: engine.today() }), legend: (m) => m.date ?? "",
    order: ["date", "attendees", "inputs", "considered", "decisions", "actions"],
    overrides: {
      attendees: { label: "Attendees (comma separated)" },
      inputs: { label: "Inputs considered, as letters a–g (comma separated)" },
      decisions: { label: "Decisions on improvement and changes (9.3.3, one per line)", kind: "lines", wide: true },
    },
    nested: {
      considered: {
        title: "Inputs considered (9.3.2)", singular: "input", blank: { input: "a" },
        legend: (c) => inputLegend(app, c),
        order: ["input", "references", "conclusion"],
        overrides: { input: { label: "Input of 9.3.2", kind: "select", options: inputOptions, wide: true }, references: { label: "Records considered (ids)", wide: true } },
      },
      actions: { title: "Actions decided", singular: "action", blank: { description: "" }, legend: (a) => humanise(a.status ?? ""), order: ACTION_ORDER, overrides: ACTION_LABELS },
    },
    extra: (review, i) => el("p", {}, button("Consider the review pack's inputs", () => considerPack(app, review), { id: `mr-${i}-pack`, class: "small" })),
  });
}
