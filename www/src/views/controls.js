// The 93 Annex A controls (and the organisation's own) with their applicability decisions, the
// Statement of Applicability with its downloads, and the plain catalogue browser. Which controls
// match a filter is the engine's answer (`catalogue`); rows, reasons and findings are the SoA's.
import * as engine from "../engine.js";
import { el, field, button, findingList, section, humanise, slug, download, pathTo } from "../dom.js";
import { onReveal } from "../reach.js";
import { options, scrollBox } from "./common.js";
import { registerImport } from "./register.js";
import { customControls } from "./sections.js";

const THEME_TITLES = {
  organizational: "Organizational controls",
  people: "People controls",
  physical: "Physical controls",
  technological: "Technological controls",
};
const DIMENSION_LABELS = {
  control_type: "Control type",
  security_properties: "Security property",
  cybersecurity_concepts: "Cybersecurity concept",
  operational_capabilities: "Operational capability",
  security_domains: "Security domain",
};

/** The filter form (theme, every 27002 attribute, text, new in 2022) over a state object. */
function filterForm(prefix, state, onChange, extra = []) {
  const { vocabulary } = engine.ref();
  const select = (name, label, values, titles = {}) => {
    const id = `${prefix}-${name}`;
    const s = el("select", { id, name }, el("option", { value: "", text: "Any" }),
      values.map((v) => el("option", { value: v, text: titles[v] ?? humanise(v) })));
    s.value = state[name] ?? "";
    return el("div", { class: "field" }, el("label", { for: id, text: label }), s);
  };
  const text = el("input", { id: `${prefix}-text`, name: "text", type: "search", placeholder: "id, title or guidance", autocomplete: "off" });
  text.value = state.text ?? "";
  const fresh = el("input", { id: `${prefix}-new`, name: "new_in_2022", type: "checkbox", checked: Boolean(state.new_in_2022) });
  const form = el("form", { id: prefix === "filter" ? "filters" : `${prefix}-form`, class: "filters", "aria-label": "Filter controls" },
    el("div", { class: "field field-text" }, el("label", { for: `${prefix}-text`, text: "Search" }), text),
    select("theme", "Theme", vocabulary.themes, THEME_TITLES),
    Object.entries(vocabulary.attributes).map(([dim, values]) => select(dim, DIMENSION_LABELS[dim] ?? dim, values)),
    extra.map(([name, label, values, titles]) => select(name, label, values, titles)),
    el("div", { class: "field field-check" }, fresh, el("label", { for: `${prefix}-new`, text: "New in 2022 only" })),
    el("button", { id: `${prefix}-reset`, type: "reset", text: "Clear filters" }));
  const read = () => {
    for (const key of Object.keys(state)) delete state[key];
    for (const s of form.querySelectorAll("select")) if (s.value) state[s.name] = s.value;
    if (text.value.trim()) state.text = text.value.trim();
    if (fresh.checked) state.new_in_2022 = true;
    onChange();
  };
  form.addEventListener("input", read);
  form.addEventListener("reset", () => setTimeout(read));
  form.addEventListener("submit", (e) => e.preventDefault());
  return form;
}

/** The catalogue request of a filter state (the keys the engine's `catalogue` op takes). */
const catalogueRequest = (state) => Object.fromEntries(Object.entries(state).filter(([k]) => k !== "applicability"));

// ---------------------------------------------------------------------------------------------
// Annex A controls with their decisions

// A link to a field of a control's record opens the control's row, whatever the filter shows.
onReveal("controls", (app, pointer) => {
  const m = /^\/controls\/(\d+)(\/|$)/.exec(pointer);
  const rec = m && app.doc?.controls?.[Number(m[1])];
  if (!rec) return;
  app.ui.open.add(`ctl:${rec.control}`);
  app.ui.filters.controls = {};
});

const APPLICABILITY = [
  { value: "", label: "Undecided" },
  { value: "yes", label: "Applicable" },
  { value: "no", label: "Not applicable (excluded)" },
];

/** How a row's applicability reads: an excluded control is "excluded", never "not implemented". */
export const applicabilityOf = (row) => (row.applicable === true ? "applicable" : row.applicable === false ? "excluded" : "undecided");

/** How a row's implementation reads: "excluded" for an excluded control, else its status. */
export const implementationOf = (row) => (row.applicable === false ? "excluded" : humanise(row.status ?? ""));

function controlEditor(app, row, findings) {
  const id = `ctl-${slug(row.control)}`;
  const doc = app.doc;
  const rec = (doc.controls ?? []).find((c) => c.control === row.control) ?? { control: row.control };
  const commit = () => {
    doc.controls ??= [];
    if (!doc.controls.includes(rec)) doc.controls.push(rec);
    app.commit();
  };
  const holder = { a: rec.applicable === true ? "yes" : rec.applicable === false ? "no" : undefined };
  const reasons = options("InclusionReason", { empty: null });
  const reasonBox = el("fieldset", { class: "reasons" }, el("legend", { text: "Reasons for inclusion" }),
    reasons.map((r) => {
      const rid = `${id}-reason-${r.value}`;
      const box = el("input", { id: rid, type: "checkbox", checked: (rec.reasons ?? []).includes(r.value) });
      box.addEventListener("change", () => {
        const set = new Set(rec.reasons ?? []);
        if (box.checked) set.add(r.value);
        else set.delete(r.value);
        if (set.size) rec.reasons = reasons.map((x) => x.value).filter((v) => set.has(v));
        else delete rec.reasons;
        commit();
      });
      return el("span", { class: "check" }, box, el("label", { for: rid, text: r.label, title: r.description }));
    }),
    row.reasons.includes("risk_treatment") && !(rec.reasons ?? []).includes("risk_treatment")
      ? el("p", { class: "muted small", text: `Also selected by risk treatment: ${row.risks.join(", ")}` }) : null);
  return el("div", { class: "control-body" },
    el("div", { class: "grid" },
      field({ id: `${id}-applicable`, label: "Applicability", obj: holder, key: "a", kind: "select", options: APPLICABILITY, path: pathTo(rec, "applicable"),
        commit: () => {
          if (holder.a === "yes") rec.applicable = true;
          else if (holder.a === "no") rec.applicable = false;
          else delete rec.applicable;
          commit();
        } }),
      rec.applicable === false
        ? el("p", { class: "field muted", "data-testid": "excluded-status", text: "Implementation status: excluded (no implementation is expected)" })
        : field({ id: `${id}-status`, label: "Implementation status", obj: rec, key: "status", kind: "select", options: options("ImplementationStatus"), commit }),
      field({ id: `${id}-owner`, label: "Owner", obj: rec, key: "owner", commit }),
      field({ id: `${id}-evidence`, label: "Evidence (document ids or references, comma separated)", obj: rec, key: "evidence", kind: "list", commit })),
    reasonBox,
    el("div", { class: "grid" },
      Object.assign(field({ id: `${id}-justification`, label: "Justification for exclusion", obj: rec, key: "justification", kind: "textarea", commit }), { className: "field wide" }),
      Object.assign(field({ id: `${id}-notes`, label: "Notes (how it is implemented)", obj: rec, key: "notes", kind: "textarea", commit }), { className: "field wide" })),
    row.guidance ? el("p", { class: "guidance", text: row.guidance }) : null,
    findingList(findings, { empty: "No findings for this control.", testid: "control-findings" }));
}

function controlItem(app, row, findings, guidance, selection) {
  const key = `ctl:${row.control}`;
  const open = app.ui.open.has(key);
  const applic = applicabilityOf(row);
  const details = el("details", { class: "control-row", "data-testid": "control-row", "data-id": row.control, open },
    el("summary", {},
      el("span", { class: "control-id", text: row.control }),
      el("span", { class: "control-title", text: row.title }),
      el("span", { class: `chip appl-${slug(applic)}`, "data-testid": "applicability", text: applic }),
      row.status && row.applicable !== false ? el("span", { class: `chip status-${row.status}`, text: humanise(row.status) }) : null,
      findings.length ? el("span", { class: "chip warn", text: `${findings.length} finding${findings.length > 1 ? "s" : ""}` }) : null));
  const fill = () => details.append(controlEditor(app, { ...row, guidance }, findings));
  if (open) fill();
  details.addEventListener("toggle", () => {
    if (details.open) {
      app.ui.open.add(key);
      if (!details.querySelector(".control-body")) fill();
    } else app.ui.open.delete(key);
  });
  const pick = el("input", { type: "checkbox", id: `pick-${slug(row.control)}`, class: "pick", "aria-label": `Select ${row.control}`, checked: selection.has(row.control) });
  pick.addEventListener("change", () => {
    if (pick.checked) selection.add(row.control);
    else selection.delete(row.control);
    selection.changed();
  });
  return el("div", { class: "control-line" }, pick, details);
}

/** The controls chosen with the row checkboxes, kept for the open assessment while it is open. */
function selectionOf(app) {
  if (app.ui.selection?.id !== app.record.id) app.ui.selection = { id: app.record.id, set: new Set() };
  return app.ui.selection.set;
}

/**
 * The bulk decision: applicability for a theme, the controls the filter shows or the selected
 * ones, with one set of reasons (applicable) or one justification (excluded), confirmed with the
 * count before it is applied as one change.
 */
function bulkForm(app, shown, selection) {
  const { vocabulary } = engine.ref();
  const state = (app.ui.bulk ??= { scope: "shown", decision: "yes", reasons: [], justification: "" });
  const rows = app.derived.soa.rows;
  const targets = () => {
    if (state.scope === "shown") return shown();
    if (state.scope === "selected") return rows.filter((r) => selection.has(r.control));
    return rows.filter((r) => r.theme === state.scope.slice("theme:".length));
  };
  const scope = el("select", { id: "bulk-scope", "data-path": "/controls" });
  const decision = el("select", { id: "bulk-decision" },
    [["yes", "Applicable"], ["no", "Not applicable (excluded)"], ["", "Undecided"]].map(([v, t]) => el("option", { value: v, text: t })));
  decision.value = state.decision;
  const reasons = options("InclusionReason", { empty: null });
  const reasonBox = el("fieldset", { class: "reasons" }, el("legend", { text: "Reasons for inclusion" }),
    reasons.map((r) => {
      const box = el("input", { id: `bulk-reason-${r.value}`, type: "checkbox", checked: state.reasons.includes(r.value) });
      box.addEventListener("change", () => {
        state.reasons = reasons.map((x) => x.value).filter((v) => (v === r.value ? box.checked : state.reasons.includes(v)));
        update();
      });
      return el("span", { class: "check" }, box, el("label", { for: `bulk-reason-${r.value}`, text: r.label, title: r.description }));
    }));
  const why = el("textarea", { id: "bulk-justification", rows: 2 });
  why.value = state.justification;
  const whyField = el("div", { class: "field wide" }, el("label", { for: "bulk-justification", text: "Justification for exclusion" }), why);
  const confirmBox = el("div", { class: "bulk-confirm", "data-testid": "bulk-confirm" });
  const review = button("Review the change", () => {
    const list = targets();
    const verb = state.decision === "yes" ? "as applicable" : state.decision === "no" ? "as not applicable (excluded)" : "as undecided";
    const label = `Mark ${list.length} control${list.length === 1 ? "" : "s"} ${verb}`;
    const detail = state.decision === "yes" && state.reasons.length ? `, for ${state.reasons.map(humanise).join(", ")}`
      : state.decision === "no" ? `, because: ${state.justification}` : "";
    confirmBox.replaceChildren(
      el("p", { role: "status", text: `${label}${detail}? Controls: ${list.slice(0, 12).map((r) => r.control).join(", ")}${list.length > 12 ? ` and ${list.length - 12} more` : ""}.` }),
      button(label, () => apply(app, list, state), { id: "bulk-apply", class: "primary" }), " ",
      button("Cancel", () => confirmBox.replaceChildren(), { id: "bulk-cancel" }));
    confirmBox.querySelector("#bulk-apply").focus();
  }, { id: "bulk-review" });
  const update = () => {
    const selected = selection.size;
    const current = scope.value || state.scope;
    scope.replaceChildren(
      el("option", { value: "shown", text: `The controls shown (${shown().length})` }),
      el("option", { value: "selected", text: `The selected controls (${selected})` }),
      ...vocabulary.themes.map((t) => el("option", { value: `theme:${t}`, text: `${THEME_TITLES[t] ?? humanise(t)} (${rows.filter((r) => r.theme === t).length})` })));
    scope.value = current;
    state.scope = scope.value;
    state.decision = decision.value;
    state.justification = why.value;
    reasonBox.hidden = state.decision !== "yes";
    whyField.hidden = state.decision !== "no";
    const empty = targets().length === 0 || (state.decision === "no" && !state.justification.trim());
    review.disabled = empty;
    confirmBox.replaceChildren();
  };
  scope.addEventListener("change", update);
  decision.addEventListener("change", update);
  why.addEventListener("input", update);
  selection.changed = update;
  const all = button("Select all shown", () => {
    for (const r of shown()) selection.add(r.control);
    for (const box of document.querySelectorAll("#control-list input.pick")) box.checked = true;
    update();
  }, { id: "bulk-select-all" });
  const none = button("Clear the selection", () => {
    selection.clear();
    for (const box of document.querySelectorAll("#control-list input.pick")) box.checked = false;
    update();
  }, { id: "bulk-select-none" });
  const form = el("div", { class: "bulk", "data-testid": "bulk" },
    el("div", { class: "inline-form" },
      el("div", { class: "field" }, el("label", { for: "bulk-scope", text: "Decide for" }), scope),
      el("div", { class: "field" }, el("label", { for: "bulk-decision", text: "Applicability" }), decision),
      all, none),
    reasonBox, whyField, review, confirmBox);
  form.refresh = update;
  return form;
}

/** Applies the bulk decision to `rows` as one change of the document. */
function apply(app, rows, state) {
  const doc = app.doc;
  doc.controls ??= [];
  for (const row of rows) {
    let rec = doc.controls.find((c) => c.control === row.control);
    if (!rec) doc.controls.push((rec = { control: row.control }));
    delete rec.proposed;
    if (state.decision === "yes") {
      rec.applicable = true;
      delete rec.justification;
      const reasons = new Set([...(rec.reasons ?? []), ...state.reasons]);
      if (reasons.size) rec.reasons = options("InclusionReason", { empty: null }).map((r) => r.value).filter((v) => reasons.has(v));
    } else if (state.decision === "no") {
      rec.applicable = false;
      rec.justification = state.justification.trim();
      delete rec.reasons;
    } else {
      delete rec.applicable;
    }
  }
  app.ui.bulk = { ...state, justification: "" };
  app.commit();
  app.notify(`${rows.length} control${rows.length === 1 ? "" : "s"} marked ${state.decision === "yes" ? "applicable" : state.decision === "no" ? "not applicable (excluded)" : "undecided"}.`);
}

export function controls(app) {
  const soa = app.derived?.soa;
  if (!soa) return el("p", { text: "No Statement of Applicability yet." });
  const state = (app.ui.filters.controls ??= {});
  const guidance = new Map(engine.ref().catalogue.map((c) => [c.id, c.guidance]));
  const list = el("div", { id: "control-list" });
  const selection = selectionOf(app);
  let shownRows = [];
  const bulk = bulkForm(app, () => shownRows, selection);
  const status = el("p", { id: "controls-status", class: "status-line", role: "status" });
  const byControl = new Map();
  for (const f of soa.findings) {
    if (!byControl.has(f.reference)) byControl.set(f.reference, []);
    byControl.get(f.reference).push(f);
  }
  const draw = () => {
    const filtered = Object.keys(catalogueRequest(state)).length > 0;
    let ids;
    try {
      ids = new Set(engine.catalogue(catalogueRequest(state)).map((c) => c.id));
    } catch (err) {
      status.textContent = `Filter error: ${err.message}`;
      return;
    }
    const wanted = state.applicability;
    const rows = soa.rows.filter((r) => (r.source === "annex_a" ? ids.has(r.control) : !filtered))
      .filter((r) => !wanted || (wanted === "undecided" ? r.applicable === null || r.applicable === undefined : String(r.applicable) === wanted));
    shownRows = rows;
    const groups = new Map();
    for (const r of rows) {
      const theme = r.theme ?? "custom";
      if (!groups.has(theme)) groups.set(theme, []);
      groups.get(theme).push(r);
    }
    list.replaceChildren(...[...groups].map(([theme, members]) => el("section", { class: "theme", "data-theme": theme, "aria-labelledby": `ctl-theme-${theme}` },
      el("h2", { id: `ctl-theme-${theme}`, text: `${THEME_TITLES[theme] ?? `${humanise(theme)} controls`} (${members.length})` }),
      members.map((r) => controlItem(app, r, byControl.get(r.control) ?? [], guidance.get(r.control), selection)))));
    status.textContent = `${rows.length} of ${soa.rows.length} controls shown`;
    bulk.refresh();
  };
  const form = filterForm("ctlf", state, draw, [["applicability", "Applicability", ["true", "false", "undecided"], { true: "Applicable", false: "Not applicable", undecided: "Undecided" }]]);
  draw();
  const s = soa.summary;
  return el("div", {}, el("h1", { text: "Annex A controls" }),
    el("p", { "data-testid": "soa-summary", text: `${s.applicable} applicable, ${s.not_applicable} excluded, ${s.undecided} undecided; of the applicable: ${s.implemented} implemented, ${s.partially_implemented} partially, ${s.planned} planned, ${s.not_implemented} not implemented.` }),
    registerImport(app, "soa"),
    form, section("Decide in bulk", bulk), status, list,
    customControls(app));
}

// ---------------------------------------------------------------------------------------------
// Statement of Applicability and downloads

const REPORTS = [["soa", "Statement of Applicability"], ["treatment_plan", "Risk treatment plan"], ["readiness", "Readiness report"], ["all", "All three"]];
const FORMATS = [["xlsx", "Excel (XLSX)"], ["csv", "CSV"], ["markdown", "Markdown"], ["html", "HTML (printable)"], ["json", "JSON"]];
const OSCAL = [["ssp", "System security plan"], ["profile", "Profile (applicable controls)"], ["poam", "Plan of action and milestones"], ["catalog", "Annex A catalog"]];

/** Writes `report` as `format` with the engine and offers the file. */
export function offer(app, report, format) {
  try {
    const out = engine.exportReport(app.doc, report, format);
    download(out.filename, out.mediaType, out.content);
    app.notify(`Downloaded ${out.filename}.`);
  } catch (err) {
    app.notify(`Export failed: ${err.message}`);
  }
}

export function downloads(app) {
  const pick = (id, label, values) => el("div", { class: "field" }, el("label", { for: id, text: label }),
    el("select", { id }, values.map(([v, t]) => el("option", { value: v, text: t }))));
  const $ = (id, root) => root.querySelector(`#${id}`);
  const box = el("div", {},
    el("p", {},
      button("SoA as XLSX", () => offer(app, "soa", "xlsx"), { id: "download-soa-xlsx" }), " ",
      button("Treatment plan as XLSX", () => offer(app, "treatment_plan", "xlsx"), { id: "download-plan-xlsx" }), " ",
      el("a", { href: "#/report", class: "button-link", text: "Print-ready report" })),
    el("div", { class: "inline-form" },
      pick("export-report", "Report", REPORTS), pick("export-format", "Format", FORMATS),
      button("Download", () => offer(app, $("export-report", box).value, $("export-format", box).value), { id: "export-download" })),
    el("div", { class: "inline-form" },
      pick("oscal-model", "OSCAL 1.2.1 model", OSCAL),
      button("Download OSCAL", async () => {
        try {
          const model = $("oscal-model", box).value;
          // OSCAL is written by the documents module, fetched at the first document.
          await engine.documentWriters();
          const out = engine.oscal(app.doc, model);
          download(`isms-oscal-${model}.json`, "application/json", JSON.stringify(out, null, 2));
        } catch (err) {
          app.notify(`OSCAL export failed: ${err.message}`);
        }
      }, { id: "oscal-download" })));
  return box;
}

export function soa(app) {
  const soa = app.derived?.soa;
  if (!soa) return el("p", { text: "No Statement of Applicability yet." });
  const header = app.doc.soa ?? {};
  const commitHeader = () => {
    app.doc.soa = header;
    app.commit();
  };
  const s = soa.summary;
  const shown = soa.findings.filter((f) => f.code !== "control_undecided");
  const undecided = soa.findings.length - shown.length;
  return el("div", {}, el("h1", { text: "Statement of Applicability" }),
    section("Downloads", downloads(app)),
    section("Header",
      el("div", { class: "grid" },
        field({ id: "soa-version", label: "Version", obj: header, key: "version", commit: commitHeader }),
        field({ id: "soa-approved-by", label: "Approved by", obj: header, key: "approved_by", commit: commitHeader }),
        field({ id: "soa-approved-on", label: "Approved on", obj: header, key: "approved_on", kind: "date", commit: commitHeader }),
        field({ id: "soa-next-review", label: "Next review", obj: header, key: "next_review", kind: "date", commit: commitHeader })),
      el("p", { "data-testid": "soa-summary", text: `${s.controls} controls (${s.annex_a} Annex A, ${s.custom} own): ${s.applicable} applicable, ${s.not_applicable} excluded, ${s.undecided} undecided; of the applicable: ${s.implemented} implemented, ${s.partially_implemented} partially, ${s.planned} planned, ${s.not_implemented} not implemented.` })),
    section("Findings",
      findingList(shown, { empty: "No findings.", testid: "soa-findings" }),
      undecided ? el("p", {}, `${undecided} controls have no applicability decision yet: `, el("a", { href: "#/controls?field=/controls", text: "decide them" }), ".") : null),
    section("Controls",
      scrollBox("Statement of Applicability", el("table", { class: "register soa", "data-testid": "soa-table" },
        el("thead", {}, el("tr", {}, ["Control", "Title", "Applicable", "Reasons / justification", "Status", "Owner", "Evidence", "Risks"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, soa.rows.map((r) => el("tr", { "data-id": r.control },
          el("th", { scope: "row", text: r.control }),
          el("td", { text: r.title }),
          el("td", { text: r.applicable === true ? "yes" : r.applicable === false ? "no (excluded)" : "undecided" }),
          el("td", { text: r.applicable === false ? r.justification : r.reasons.map(humanise).join(", ") }),
          el("td", { "data-testid": "soa-status", text: implementationOf(r) }),
          el("td", { text: r.owner ?? "" }),
          el("td", { text: (r.evidence ?? []).join(", ") }),
          el("td", { text: (r.risks ?? []).join(", ") }))))))));
}

// ---------------------------------------------------------------------------------------------
// The catalogue browser

function chips(attributes) {
  const list = el("ul", { class: "chips", "aria-label": "ISO/IEC 27002 attributes" });
  for (const [dimension, values] of Object.entries(attributes)) {
    for (const value of values) {
      list.append(el("li", { class: `chip chip-${dimension}`, title: DIMENSION_LABELS[dimension] ?? dimension, text: humanise(value) }));
    }
  }
  return list;
}

function controlCard(control) {
  const head = el("div", { class: "control-head" },
    el("span", { class: "control-id", text: control.id }),
    el("span", { class: "control-title", text: control.title }));
  if (control.new_in_2022) head.append(el("span", { class: "badge", text: "new in 2022" }));
  const lineage = control.predecessors_2013.length
    ? `Replaces 2013: ${control.predecessors_2013.join(", ")}`
    : "No 2013 predecessor";
  return el("li", { class: "control", "data-testid": "control", "data-id": control.id },
    head, chips(control.attributes),
    el("p", { class: "guidance", text: control.guidance }),
    el("p", { class: "lineage", text: lineage }));
}

export function catalogue(app) {
  const state = (app.ui.filters.catalogue ??= {});
  const total = engine.ref().catalogue.length;
  const root = el("div", { id: "catalogue", class: "catalogue" });
  const status = el("p", { id: "catalogue-status", class: "status-line", role: "status" });
  const draw = () => {
    let controls;
    try {
      controls = engine.catalogue(state);
    } catch (err) {
      status.textContent = `Filter error: ${err.message}`;
      return;
    }
    const groups = new Map();
    for (const c of controls) {
      if (!groups.has(c.theme)) groups.set(c.theme, []);
      groups.get(c.theme).push(c);
    }
    root.replaceChildren(...[...groups].map(([theme, members]) => el("section", { class: "theme", "aria-labelledby": `theme-${theme}`, "data-theme": theme },
      el("h2", { id: `theme-${theme}`, text: `${THEME_TITLES[theme] ?? theme} (${members.length})` }),
      el("ul", { class: "controls" }, members.map(controlCard)))));
    status.textContent = controls.length === total ? `${total} controls` : `${controls.length} of ${total} controls match`;
  };
  const form = filterForm("filter", state, draw);
  draw();
  return el("div", {}, el("h1", { text: "Annex A catalogue" }), form, status, root);
}
