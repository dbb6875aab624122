// The documents an auditor asks for, written by the engine from the assessment so they always
// match it: each document of the ISMS with its state (approved, draft, missing) and downloads in
// Word, printable HTML and Markdown; the audit pack (one ZIP of them all, the SoA workbook and the
// OSCAL files); the internal audit checklist and the management review pack. The writers are the
// engine's documents module, fetched the first time a document is asked for.
import * as engine from "../engine.js";
import { el, button, section, humanise } from "../dom.js";
import { offer as offerReport } from "./controls.js";
import { nextId, scrollBox } from "./common.js";
import { schemaList } from "./schemaform.js";

/** Each document: the report that writes it, its name, the requirement it answers. */
const DOCUMENTS = [
  ["scope", "Scope of the ISMS", "4.3"],
  ["policy", "Information security policy", "5.2"],
  ["methodology", "Risk assessment and treatment methodology", "6.1.2"],
  ["risk_assessment", "Risk assessment report", "8.2"],
  ["treatment_plan", "Risk treatment plan", "6.1.3.e"],
  ["soa", "Statement of Applicability", "6.1.3.d"],
  ["objectives", "Information security objectives", "6.2"],
  ["assets", "Asset inventory", "A.5.9"],
  ["competence", "Competence and awareness", "7.2"],
  ["audit_programme", "Internal audit programme", "9.2.2"],
  ["audit_report", "Internal audit reports", "9.2.2"],
  ["management_review", "Management review records", "9.3.3"],
  ["nonconformities", "Nonconformities and corrective actions", "10.2"],
  ["incidents", "Incident register", "A.5.24"],
];

const FORMATS = [["docx", "Word"], ["html", "HTML"], ["md", "Markdown"]];

/** The records a document without a clause requirement of its own is written from. */
const RECORDS = { assets: "assets", incidents: "incidents" };

/**
 * The state of a document: `missing` when the readiness report finds no documented information
 * for its requirement, `draft` when the register's entry has no approval date, else `approved`.
 * A document no clause requirement names (the asset inventory, the incident register) is `kept`
 * when the assessment holds its records, else `none recorded`.
 */
function stateOf(app, report, requirement) {
  const entries = (app.derived?.readiness?.documents ?? []).filter((d) => d.requirement === requirement);
  if (!entries.length) return (app.doc[RECORDS[report]] ?? []).length ? "kept" : "none recorded";
  if (!entries.some((d) => d.present)) return "missing";
  const ids = new Set(entries.flatMap((d) => d.documents));
  const records = (app.doc.documents ?? []).filter((r) => ids.has(r.id));
  return records.length && records.every((r) => r.approved_on) ? "approved" : "draft";
}

/** Loads the document writers once, then writes `report` as `format` and offers the file. */
async function offer(app, report, format) {
  try {
    await engine.documentWriters();
  } catch (err) {
    app.notify(`The document writers could not be loaded: ${err.message}`);
    return;
  }
  offerReport(app, report, format);
}

function documentTable(app) {
  const head = el("tr", {}, ["Document", "Requirement", "State", "Download"].map((t) => el("th", { scope: "col", text: t })));
  const rows = DOCUMENTS.map(([report, name, requirement]) => {
    const state = stateOf(app, report, requirement);
    return el("tr", { "data-report": report, "data-state": state },
      el("th", { scope: "row", text: name }),
      el("td", { text: requirement }),
      el("td", {}, el("span", { class: `doc-state doc-${state.replace(" ", "-")}`, text: state })),
      el("td", { class: "doc-downloads" }, FORMATS.map(([format, label]) =>
        button(label, () => offer(app, report, format), {
          id: `doc-${report}-${format}`,
          "aria-label": `${name} as ${label}`,
        }))));
  });
  return scrollBox("Documents of the ISMS", el("table", { class: "documents", "data-testid": "documents" },
    el("thead", {}, head), el("tbody", {}, rows)));
}

/** A button that loads the document writers, runs `compute` and shows the result. */
function computeButton(app, label, id, compute) {
  return el("p", {}, button(label, async () => {
    try {
      await engine.documentWriters();
      compute();
    } catch (err) {
      app.notify(`${label} failed: ${err.message}`);
    }
    app.render();
  }, { id }));
}

/** The audit checklist's items as a short table: where each requirement stands in the programme. */
function checklist(app, state) {
  if (!state.checklist) {
    return computeButton(app, "Show the audit checklist", "show-checklist", () => {
      state.checklist = engine.auditChecklist(app.doc);
    });
  }
  const { items, findings } = state.checklist;
  const audited = items.filter((i) => i.last_audited).length;
  return el("div", { "data-testid": "checklist" },
    el("p", { text: `${items.length} items (every clause requirement and applicable control); ${audited} audited in the programme's cycle; ${findings.length} findings on the programme.` }),
    el("p", {},
      button("Checklist as Word", () => offer(app, "audit_checklist", "docx"), { id: "doc-audit_checklist-docx" }), " ",
      button("Checklist as Excel", () => offer(app, "audit_checklist", "xlsx"), { id: "doc-audit_checklist-xlsx" })),
    findings.length
      ? el("details", {}, el("summary", { text: `Findings on the audit programme (${findings.length})` }),
        el("ul", { class: "findings" }, findings.map((f) => el("li", { class: `finding sev-${f.severity}`, text: f.message }))))
      : null);
}

/** The review pack's indicators: each KPI against its target. */
function reviewPack(app, state) {
  if (!state.pack) {
    return computeButton(app, "Show the review pack", "show-review-pack", () => {
      state.pack = engine.reviewPack(app.doc);
    });
  }
  const kpis = state.pack.kpis ?? [];
  return el("div", { "data-testid": "review-pack" },
    kpis.length
      ? el("table", {}, el("thead", {}, el("tr", {}, ["Indicator", "Latest", "Target", "Status"].map((t) => el("th", { scope: "col", text: t })))),
        el("tbody", {}, kpis.map((k) => {
          const status = k.on_target === undefined || k.on_target === null ? "not measured" : k.on_target ? "on target" : "off target";
          const unit = k.unit ? ` ${k.unit}` : "";
          const shown = (v) => (v === undefined || v === null ? "—" : `${v}${unit}`);
          return el("tr", { "data-kpi": k.id, "data-status": status },
            el("th", { scope: "row", text: k.name ?? k.id }),
            el("td", { text: `${shown(k.latest)}${k.measured_on ? ` (${k.measured_on})` : ""}` }),
            el("td", { text: `${humanise(k.direction ?? "")} ${shown(k.target)}`.trim() }),
            el("td", {}, el("span", { class: `doc-state doc-${status.replace(" ", "-")}`, text: status })));
        })))
      : el("p", { class: "muted", text: "No indicators recorded." }),
    el("p", {}, button("Management review as Word", () => offer(app, "management_review", "docx"), { id: "doc-review-docx" })));
}

export function documents(app) {
  // What was computed for this revision of the document; a change of the document drops it.
  const state = app.ui.documents?.revision === app.revision ? app.ui.documents : (app.ui.documents = { revision: app.revision });
  return el("div", {}, el("h1", { text: "Documents" }),
    el("p", { class: "muted", text: "Every document is written from this assessment when you download it, so it always matches what is recorded. A document is a draft until its entry in the register of documented information has an approval date." }),
    section("Documents of the ISMS", documentTable(app)),
    section("Register of documented information (7.5)", mandatoryTable(app), register(app)),
    section("Audit pack", el("p", {},
      "Every document (Markdown and HTML), the audit checklist, the SoA workbook and the OSCAL files in one ZIP. ",
      button("Download the audit pack", () => offer(app, "audit_pack", "zip"), { id: "doc-audit-pack" }))),
    section("Internal audit checklist (9.2)", checklist(app, state)),
    section("Management review pack (9.3.2)", reviewPack(app, state)));
}

/**
 * The mandatory documented information (the engine's `mandatoryDocuments`), each with where the
 * assessment holds it: entries of the register citing its requirement, the part of the assessment
 * that holds it, or nothing yet, with a button that records it in the register.
 */
function mandatoryTable(app) {
  const states = app.derived?.readiness?.documents ?? [];
  const rows = engine.mandatoryDocuments().map((m, k) => {
    const state = states.find((d) => d.requirement === m.requirement && d.kind === m.kind);
    const where = state?.documents.length ? `registered: ${state.documents.join(", ")}`
      : state?.held_in ? `held in the assessment (${state.held_in.slice(1).replace(/_/g, " ")})` : "missing";
    const add = () => {
      const items = (app.doc.documents ??= []);
      items.push({ id: nextId(items, "DOC"), title: m.name, kind: m.kind, requirements: [m.requirement] });
      app.commit();
    };
    return el("tr", { "data-requirement": m.requirement, "data-kind": m.kind, "data-state": state?.present ? "present" : "missing" },
      el("th", { scope: "row", text: m.name }),
      el("td", { text: m.requirement }),
      el("td", { text: m.kind }),
      el("td", {}, el("span", { class: `doc-state doc-${state?.present ? "approved" : "missing"}`, text: where })),
      el("td", {}, state?.documents.length ? null : button("Record it", add, { id: `record-doc-${k}`, class: "small", "aria-label": `Record it: ${m.name} (${m.requirement}), in the register` })));
  });
  return el("div", {},
    el("p", { class: "muted", text: "The documents and records clauses 4 to 10 ask for. “Record it” adds an entry to the register below; give it a version, an approval date and where it is kept (7.5.2, 7.5.3)." }),
    el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Mandatory documented information" }, el("table", { class: "mandatory", "data-testid": "mandatory-documents" },
      el("thead", {}, el("tr", {}, ["Documented information", "Requirement", "Kind", "Where", ""].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody", {}, rows))));
}

/** The register of documented information, its fields from the schema's `DocumentRecord`. */
function register(app) {
  return schemaList(app, {
    def: "DocumentRecord", scope: "docrec", path: ["documents"], title: "Register entries", singular: "register entry", prefix: "DOC",
    blank: { title: "", kind: "document" }, legend: (d) => d.title ?? "",
    order: ["title", "kind", "version", "owner", "approved_on", "next_review", "location", "requirements", "controls"],
    overrides: {
      title: { wide: true },
      location: { label: "Where it is kept (path or link)" },
      requirements: { label: "Clause requirements it satisfies (5.2, 6.1.3.d …)" },
      controls: { label: "Controls it documents (ids)" },
    },
  });
}
