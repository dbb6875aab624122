// Importing a register (risks, assets, a Statement of Applicability) in two steps: the engine's
// reading of the file first (`inspect_register`: the sheet, the header rows, the field of each
// column with its confidence, how each scale's labels map onto the method's levels, the problems,
// the first records as they would import), which the user can change; then the import by that
// reading. Which column is which field, what a label means and what a record looks like are the
// engine's answers; this view only shows the reading, carries the user's changes back into it and
// asks again. Everything taken from the file is shown as text (dom.js), never parsed as HTML.
import * as engine from "../engine.js";
import { el, button, humanise, readBytes, slug } from "../dom.js";
import { scrollBox } from "./common.js";

/**
 * The fields a column can fill, per kind of register, with the names the view gives them. The
 * engine's reading names one of these per column (or none); its alternatives come first in the
 * choice.
 */
const FIELDS = {
  risks: [
    ["id", "Id"], ["title", "Title"], ["description", "Description"], ["assets", "Assets"],
    ["threat", "Threat"], ["vulnerability", "Vulnerability"], ["owner", "Risk owner"],
    ["likelihood", "Likelihood (inherent)"], ["impact", "Impact (inherent)"],
    ["residual_likelihood", "Residual likelihood"], ["residual_impact", "Residual impact"],
    ["controls", "Controls"], ["treatment", "Treatment option"], ["plan", "Treatment plan"],
    ["action_owner", "Action owner"], ["due", "Due date"], ["rationale", "Rationale"], ["status", "Status"],
    ["accepted_by", "Accepted by"], ["accepted_on", "Accepted on"], ["acceptance_expires", "Acceptance expires"],
    ["computed", "A score (computed, not read)"],
  ],
  assets: [
    ["id", "Id"], ["name", "Name"], ["description", "Description"], ["type", "Type"], ["owner", "Owner"],
    ["location", "Location"], ["confidentiality", "Confidentiality"], ["integrity", "Integrity"],
    ["availability", "Availability"], ["valuation", "Value (for C, I and A)"],
    ["classification", "Classification (as confidentiality)"], ["depends_on", "Depends on"],
    ["rto_hours", "RTO (hours)"], ["rpo_hours", "RPO (hours)"], ["computed", "A score (computed, not read)"],
  ],
  soa: [
    ["control", "Control"], ["control_title", "Control title"], ["applicable", "Applicable"],
    ["justification", "Justification"], ["reasons", "Reasons (in one cell)"],
    ["reason_legal", "Reason: legal"], ["reason_regulatory", "Reason: regulatory"],
    ["reason_contractual", "Reason: contractual"], ["reason_business", "Reason: business requirement"],
    ["reason_best_practice", "Reason: best practice"], ["reason_risk", "Reason: risk treatment"],
    ["status", "Implementation status"], ["owner", "Owner"], ["evidence", "Evidence"], ["notes", "Notes"],
  ],
};

const WHAT = { risks: "risk register", assets: "asset register", soa: "Statement of Applicability" };

/** How a scale was read, in words (the engine's `source`). */
function sourceText(scale) {
  switch (scale.source) {
    case "numbers": return "numbers, read as the method's levels";
    case "method": return "the method's own level names";
    case "common": return "common words, read by their meaning";
    case "explicit": return "levels set explicitly";
    case "range": return `numbers on a ${scale.range ?? "different"} scale, spread over the method's levels`;
    case "fraction": return "fractions from 0 to 1, spread over the method's levels";
    case "product": return "products of two levels: a score, not read";
    case "properties": return "C, I and A values in one cell";
    default: return humanise(scale.source);
  }
}

const fieldLabel = (kind, field) => FIELDS[kind].find(([f]) => f === field)?.[1] ?? humanise(field);

/** A confidence (0 to 1) in plain words. */
function confidenceText(confidence) {
  const percent = Math.round(confidence * 100);
  const word = confidence >= 0.8 ? "high" : confidence >= 0.5 ? "medium" : "low";
  return `${percent} % (${word})`;
}

/** The method scale a rating field is on. */
const scaleOf = (method, field) => (/likelihood/.test(field) ? method.likelihood : method.impact);

/** A rating as the level number and its name in the method ("5 Very high"). */
function levelText(method, field, value) {
  const level = scaleOf(method, field).levels[value - 1];
  return level ? `${value} ${level.label}` : String(value);
}

/** The order of a record's values in the preview: who and what first, the kept columns last. */
const ORDER = ["id", "control", "title", "name", "type", "description", "owner", "assets", "threat", "vulnerability",
  "inherent", "likelihood", "impact", "confidentiality", "integrity", "availability", "valuation", "residual",
  "controls", "treatment", "option", "plan", "status", "applicable", "reasons", "justification", "evidence", "notes"];
const rank = (key) => (key === "x_source_columns" ? 1000 : ORDER.includes(key) ? ORDER.indexOf(key) : 500);

const RATINGS = new Set(["likelihood", "impact", "confidentiality", "integrity", "availability"]);

/**
 * The cells of one previewed record, by column name: nested values joined by spaces
 * (`inherent likelihood`), lists joined by commas, ratings with their level name, columns kept
 * as they were under their own header.
 */
function flatten(record, method, out = {}, prefix = []) {
  const entries = Object.entries(record).sort(([a], [b]) => rank(a) - rank(b));
  for (const [key, value] of entries) {
    if (value === null || value === undefined) continue;
    const path = [...prefix, key];
    if (key === "x_source_columns" && typeof value === "object") {
      for (const [header, cell] of Object.entries(value)) out[`${header} (kept as is)`] = String(cell);
    } else if (Array.isArray(value)) {
      out[path.join(" ")] = value.map((v) => (typeof v === "object" && v !== null ? v.description ?? v.id ?? JSON.stringify(v) : String(v))).join(", ");
    } else if (typeof value === "object") {
      if (path.length < 3) flatten(value, method, out, path);
      else out[path.join(" ")] = JSON.stringify(value);
    } else if (typeof value === "number" && RATINGS.has(key) && prefix.length) {
      out[path.join(" ")] = levelText(method, key, value);
    } else if (typeof value === "boolean") {
      out[path.join(" ")] = value ? "yes" : "no";
    } else {
      out[path.join(" ")] = String(value);
    }
  }
  return out;
}


/**
 * A wide table in a box that scrolls sideways, reachable by the keyboard (arrow keys scroll it)
 * when nothing in the table takes the focus.
 */
const scroller = scrollBox;

/** The preview as a table: one row per record, one column per value any of them has. */
function previewTable(id, kind, reading, method, clash) {
  const rows = (reading.preview ?? []).map((r) => flatten(r, method));
  const names = [];
  for (const row of rows) for (const name of Object.keys(row)) if (!names.includes(name)) names.push(name);
  const kept = (n) => (n.endsWith("(kept as is)") ? 1 : 0);
  names.sort((a, b) => kept(a) - kept(b));
  if (!rows.length) {
    const why = clash ? "No new record: the rows that read name records already in the assessment." : "No record would be imported.";
    return el("p", { class: "muted", "data-testid": `${id}-preview`, text: why });
  }
  // Captioned from outside the box that scrolls, so the caption stays in view on a phone.
  return el("div", {},
    el("p", { id: `${id}-preview-caption`, class: "caption", text: `The first ${rows.length} ${kind === "soa" ? "control records" : kind} as they would import, of ${reading.rows} data rows` }),
    scroller("Preview", el("table", { class: "register preview", "data-testid": `${id}-preview`, "aria-labelledby": `${id}-preview-caption` },
      el("thead", {}, el("tr", {}, names.map((n) => el("th", { scope: "col", text: n })))),
      el("tbody", {}, rows.map((row) => el("tr", {}, names.map((n) => el("td", { text: row[n] ?? "" }))))))));
}

/**
 * The labels of a scale with the spellings of one word together (`High`, `HIGH`, `high`): the
 * engine reads them as one label, so they take one level. Each is {label, also, level}, the label
 * shown being the one written in ordinary case when there is one.
 */
function spellings(labels) {
  const words = new Map();
  for (const [label, level] of Object.entries(labels)) {
    const key = label.trim().replace(/\s+/g, " ").toLowerCase();
    if (!words.has(key)) words.set(key, { all: [], level });
    words.get(key).all.push(label);
  }
  return [...words.values()].map(({ all, level }) => {
    const label = all.find((l) => l !== l.toUpperCase() && l !== l.toLowerCase()) ?? all[0];
    return { label, also: all.filter((l) => l !== label), level };
  });
}

/** The import state of one kind of register, kept across renders in `app.ui.imports`. */
function stateOf(app, kind) {
  app.ui.imports ??= {};
  return (app.ui.imports[kind] ??= {});
}

/**
 * Asks the engine how it reads the file, by `reading` when given (the user's changes), else
 * anew (with the sheet and header row chosen, if any). The last good reading stays shown when
 * the engine refuses a change; the refusal is shown beside it.
 */
function inspect(app, kind, st, reading) {
  try {
    const request = {
      content: st.bytes, kind, format: st.format, document: app.doc,
      ...(reading ? { reading } : { sheet: st.sheet, header_row: st.headerRow }),
    };
    const next = engine.inspectRegister(request);
    st.clash = clashes(request, next);
    st.reading = next;
    st.error = null;
    st.pending = false;
    if (!reading) {
      // What was detected, kept beside the user's changes: the engine answers a reading given
      // back as named (confidence 1, levels "explicit").
      st.suggested = Object.fromEntries(next.columns.map((c) => [c.column, c]));
      st.detected = Object.fromEntries(next.scales.map((scale) => [scale.field, scale]));
      st.changed = new Set();
    }
  } catch (err) {
    st.error = err;
    st.failed = st.reading ? "Not changed" : "Not read";
  }
}

/**
 * The rows that name records the assessment already has: those whose `duplicate_id` problem
 * the engine drops when told to update existing records (a row repeating an id of the file
 * itself stays a problem either way). Null when there are none.
 */
function clashes(request, reading) {
  const duplicates = (reading.problems ?? []).filter((p) => p.code === "duplicate_id");
  if (!duplicates.length) return null;
  const update = engine.inspectRegister({ ...request, existing: "update" });
  const still = new Set((update.problems ?? []).filter((p) => p.code === "duplicate_id").map((p) => p.row));
  const rows = duplicates.filter((p) => !still.has(p.row));
  if (!rows.length) return null;
  return { rows: new Set(rows.map((p) => p.row)), values: [...new Set(rows.map((p) => p.value))] };
}

/** A copy of the current reading for a change (the engine's answer is never edited in place). */
const draft = (st) => structuredClone(st.reading);

/** Moves the focus to the element `id` once the view has been drawn again (app.render is deferred). */
const focusLater = (id) => setTimeout(() => document.getElementById(id)?.focus());

/**
 * Imports by the reading. When rows name records the assessment already has, nothing is
 * imported yet: the user chooses to update those records or to cancel.
 */
function importNow(app, kind, st, existing) {
  if (!existing && st.clash) {
    st.pending = true;
    app.render();
    focusLater(`import-${kind}-update`);
    return;
  }
  let result;
  try {
    result = engine.importRegister({
      content: st.bytes, kind, format: st.format, document: app.doc, reading: st.reading,
      on_error: "collect", existing: existing ?? "fail",
    });
  } catch (err) {
    st.error = err;
    st.failed = "Not imported";
    app.render();
    return;
  }
  app.record.document = result.document;
  app.ui.imports[kind] = { done: { file: st.file, result } };
  if (!app.commit()) {
    // Read-only in this tab: the import was undone; the reading stays, to import once editable.
    app.ui.imports[kind] = Object.assign(st, {
      error: { message: "the assessment is read-only in this tab; nothing changed" },
      failed: "Not imported",
    });
    app.render();
  }
  focusLater(`import-${kind}`);
}

/** The reading shown: sheet, header rows, columns, scales, problems, notes, preview, actions. */
function readingView(app, kind, st, id) {
  const reading = st.reading;
  const method = engine.methodOf(app.doc);
  const rerun = (change) => {
    const next = draft(st);
    const note = change(next);
    st.message = note ?? null;
    inspect(app, kind, st, next);
    app.render();
  };
  // Another sheet or header row: detected anew; when nothing reads there, the reading shown stays
  // (with the engine's reason) and so do the sheet and header row it was read with.
  const anew = (where) => {
    const before = { sheet: st.sheet, headerRow: st.headerRow };
    Object.assign(st, where);
    st.message = null;
    inspect(app, kind, st);
    if (st.error) Object.assign(st, before);
    app.render();
  };
  const parts = [];

  // What was read: format, sheet, header rows, last row.
  const headerRows = reading.header_rows ?? [];
  const facts = [
    `${reading.format?.toUpperCase() ?? ""}${reading.encoding ? ` (${reading.encoding})` : ""}${reading.sheet ? `, sheet “${reading.sheet}”` : ""}`,
    headerRows.length > 1 ? `headers on rows ${headerRows.join(" and ")} (group headers above column headers)` : `header on row ${headerRows[0] ?? "?"}`,
    `${reading.rows} data row${reading.rows === 1 ? "" : "s"}${reading.last_row ? `, the last on row ${reading.last_row}` : ""}`,
  ];
  parts.push(el("p", { "data-testid": `${id}-facts`, text: `${st.file}: ${facts.join("; ")}.` }));

  const settings = el("div", { class: "inline-form" });
  if ((reading.sheets ?? []).length > 1) {
    const sheet = el("select", { id: `${id}-sheet` }, reading.sheets.map((s) =>
      el("option", { value: s.name, text: `${s.name}${s.score > 0 ? "" : " (no register found)"}` })));
    sheet.value = reading.sheet ?? "";
    sheet.addEventListener("change", () => anew({ sheet: sheet.value, headerRow: undefined }));
    settings.append(el("div", { class: "field" }, el("label", { for: `${id}-sheet`, text: "Sheet" }), sheet));
  }
  const header = el("input", { id: `${id}-header-row`, type: "number", min: 1, step: 1, value: String(headerRows.at(-1) ?? "") });
  header.addEventListener("change", () => {
    const n = Number(header.value);
    if (!Number.isInteger(n) || n < 1) return;
    anew({ sheet: st.sheet, headerRow: n });
  });
  settings.append(el("div", { class: "field" }, el("label", { for: `${id}-header-row`, text: "Header row (read anew)" }), header));
  const last = el("input", { id: `${id}-last-row`, type: "number", min: 1, step: 1, value: String(reading.last_row ?? "") });
  last.addEventListener("change", () => {
    const n = Number(last.value);
    if (!Number.isInteger(n) || n < 1) return;
    rerun((next) => { next.last_row = n; });
  });
  settings.append(el("div", { class: "field" }, el("label", { for: `${id}-last-row`, text: "Last data row" }), last));
  parts.push(settings);

  // Columns: letter, header, field (a choice), confidence, fill-down.
  const known = FIELDS[kind];
  const columnRows = reading.columns.map((c, i) => {
    const suggested = st.suggested?.[c.column] ?? c;
    const sid = `${id}-col-${slug(c.column)}`;
    const picks = [suggested.field, ...(suggested.alternatives ?? []).map((a) => a.field)].filter(Boolean);
    const sure = Object.fromEntries([[suggested.field, suggested.confidence], ...(suggested.alternatives ?? []).map((a) => [a.field, a.confidence])]);
    const select = el("select", { id: sid, "data-column": c.column, "aria-label": `Field of column ${c.column} (${c.header || "no header"})` },
      picks.length ? el("optgroup", { label: "Suggested" }, picks.map((f) => el("option", { value: f, text: `${fieldLabel(kind, f)} (${Math.round((sure[f] ?? 0) * 100)} %)` }))) : null,
      el("option", { value: "", text: "Not read (kept as is)" }),
      el("optgroup", { label: "Other fields" }, known.filter(([f]) => !picks.includes(f)).map(([f, label]) => el("option", { value: f, text: label }))));
    if (c.field && !picks.includes(c.field) && !known.some(([f]) => f === c.field)) select.append(el("option", { value: c.field, text: humanise(c.field) }));
    select.value = c.field ?? "";
    select.addEventListener("change", () => rerun((next) => {
      const field = select.value || null;
      next.columns[i].field = field;
      // One field per column: the column that read this field before no longer reads it.
      const other = field ? next.columns.findIndex((o, j) => j !== i && o.field === field) : -1;
      if (other >= 0) {
        next.columns[other].field = null;
        return `${fieldLabel(kind, field)} is now read from column ${c.column}; column ${next.columns[other].column} is no longer read.`;
      }
      return `Column ${c.column} is now ${field ? `read as ${fieldLabel(kind, field)}` : "not read"}.`;
    }));
    const fill = el("input", { id: `${id}-fill-${slug(c.column)}`, type: "checkbox", checked: Boolean(c.fill_down), "aria-label": `Column ${c.column}: an empty cell repeats the value above` });
    fill.addEventListener("change", () => rerun((next) => { next.columns[i].fill_down = fill.checked; }));
    const changed = (c.field ?? null) !== (suggested.field ?? null);
    const confidence = changed ? "your choice"
      : c.field ? confidenceText(suggested.confidence) : "not recognised";
    return el("tr", { "data-column": c.column, class: c.field ? "" : "unread" },
      el("th", { scope: "row", text: c.column }),
      el("td", { class: "header-text", text: c.header || "—" }),
      el("td", {}, select),
      el("td", { class: "confidence", text: confidence }),
      el("td", { class: "center" }, fill));
  });
  parts.push(scrollBox("Columns", el("table", { class: "register reading-columns", "data-testid": `${id}-columns` },
    el("caption", { text: "Columns" }),
    el("thead", {}, el("tr", {}, ["Column", "Header", "Read as", "Confidence", "Fill down"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, columnRows))));

  // Scales: each label (or number) met in a rating column and the level it is read as.
  if (reading.scales.length) {
    parts.push(el("h4", { text: "Ratings" }), el("div", { class: "scales", "data-testid": `${id}-scales` }, reading.scales.map((scale, si) => {
      const levels = scaleOf(method, scale.field).levels;
      const labels = spellings(scale.labels ?? {});
      const title = `${fieldLabel(kind, scale.field)}, column “${scale.column}”`;
      return el("table", { class: "register scale-reading", "data-field": scale.field },
        el("caption", {}, el("span", { text: title }), el("span", { class: "muted small block",
          text: `${sourceText(st.detected?.[scale.field] ?? scale)}${st.changed?.has(scale.field) ? "; levels changed here" : ""}` })),
        labels.length ? el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "In the file" }), el("th", { scope: "col", text: "Level" }))) : null,
        el("tbody", {}, labels.map(({ label, also, level }, li) => {
          const lid = `${id}-lvl-${si}-${li}`;
          const written = also.length ? ` (also written ${also.join(", ")})` : "";
          const select = el("select", { id: lid, "data-label": label, "aria-label": `Level of “${label}”${written} in ${title}` },
            levels.map((l, n) => el("option", { value: String(n + 1), text: `${n + 1} ${l.label}` })));
          select.value = String(level);
          select.addEventListener("change", () => rerun((next) => {
            st.changed.add(scale.field);
            for (const spelling of [label, ...also]) next.scales[si].labels[spelling] = Number(select.value);
            return `“${label}” is now read as ${levelText(method, scale.field, Number(select.value))}.`;
          }));
          return el("tr", {},
            el("th", { scope: "row", class: "header-text" }, label, also.length ? el("span", { class: "muted small block", text: `also ${also.join(", ")}` }) : null),
            el("td", {}, select));
        })));
    })));
  }

  // Problems and notes; rows naming records already in the assessment are a choice, not a problem.
  const clash = st.clash;
  const problems = (reading.problems ?? []).filter((p) => !(clash?.rows.has(p.row) && p.code === "duplicate_id"));
  const ids = clash ? `${clash.values.slice(0, 12).join(", ")}${clash.values.length > 12 ? ", …" : ""}` : "";
  if (clash) {
    parts.push(el("p", { class: "clash-note", "data-testid": `${id}-existing`,
      text: `${clash.rows.size} row${clash.rows.size === 1 ? " names a record" : "s name records"} already in the assessment (${ids}): importing asks whether to update ${clash.rows.size === 1 ? "it" : "them"}.` }));
  }
  parts.push(el("h4", { text: problems.length ? `Problems (${problems.length}): these rows are left out` : "Problems" }));
  // A word in a rating column that no level reads can be given one here: it joins that scale.
  const levelFix = (p, pi) => {
    const si = reading.scales.findIndex((scale) => scale.field === p.field);
    if (si < 0 || !p.value || p.code === "duplicate_id") return null;
    const fid = `${id}-fix-${pi}`;
    const select = el("select", { id: fid, "data-value": p.value, "aria-label": `Read “${p.value}” (row ${p.row}) as` },
      el("option", { value: "", text: "Read as…" }),
      scaleOf(method, p.field).levels.map((l, n) => el("option", { value: String(n + 1), text: `${n + 1} ${l.label}` })));
    select.addEventListener("change", () => {
      if (!select.value) return;
      rerun((next) => {
        st.changed.add(p.field);
        next.scales[si].labels[p.value] = Number(select.value);
        return `“${p.value}” is now read as ${levelText(method, p.field, Number(select.value))}.`;
      });
    });
    return select;
  };
  parts.push(problems.length
    ? scroller("Problems", el("table", { class: "register", "data-testid": `${id}-problems` },
      el("thead", {}, el("tr", {}, ["Row", "Column", "Problem", "Cell", "Level"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, problems.map((p, pi) => el("tr", { "data-row": p.row },
        el("td", { text: p.row }),
        el("td", { text: `${p.column_letter} ${p.column}` }),
        el("td", { text: p.message }),
        el("td", { class: "header-text", text: p.value }),
        el("td", {}, levelFix(p, pi)))))))
    : el("p", { class: "muted", "data-testid": `${id}-problems`, text: "Every cell reads." }));
  if ((reading.notes ?? []).length) {
    parts.push(el("h4", { text: "Notes" }), el("ul", { class: "notes", "data-testid": `${id}-notes` }, reading.notes.map((n) => el("li", { text: n }))));
  }

  parts.push(el("h4", { text: "Preview" }), previewTable(id, kind, reading, method, clash));

  // Import, or the choice about records already in the assessment.
  const skipped = new Set(problems.map((p) => p.row)).size;
  if (st.pending && clash) {
    const n = clash.rows.size;
    parts.push(el("div", { class: "choice", role: "group", "aria-labelledby": `${id}-clash`, "data-testid": `${id}-clash` },
      el("p", { id: `${id}-clash`, text: `${n} row${n === 1 ? " names a record" : "s name records"} already in the assessment: ${ids}. Update ${n === 1 ? "it" : "them"} from the register (the columns it has replace their values; the rest is kept), or cancel the import?` }),
      button("Update those records", () => importNow(app, kind, st, "update"), { id: `${id}-update`, class: "primary" }), " ",
      button("Cancel", () => {
        app.ui.imports[kind] = { done: { file: st.file, cancelled: true } };
        app.render();
        focusLater(id);
      }, { id: `${id}-cancel-clash` })));
  } else {
    parts.push(el("div", { class: "actions" },
      button(`Import ${reading.rows - skipped} of ${reading.rows} rows`, () => importNow(app, kind, st), { id: `${id}-go`, class: "primary" }), " ",
      button("Cancel", () => {
        delete app.ui.imports[kind];
        app.render();
        focusLater(id);
      }, { id: `${id}-cancel` })));
  }
  return el("div", { class: "reading", "data-testid": `${id}-reading` }, ...parts);
}

/**
 * The import of one kind of register ("risks", "assets", "soa"): a file choice, then the
 * engine's reading to check and change, then the import.
 */
export function registerImport(app, kind) {
  const id = `import-${kind}`;
  const st = stateOf(app, kind);
  const input = el("input", { id, type: "file", accept: ".csv,.xlsx,.xlsm,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const next = { file: file.name, format: /\.xls[xm]$/i.test(file.name) ? "xlsx" : "csv" };
    try {
      next.bytes = await readBytes(file);
      await engine.importer();
    } catch (err) {
      next.error = err;
    }
    app.ui.imports[kind] = next;
    if (!next.error) inspect(app, kind, next);
    app.ui.open.add(`import:${kind}`);
    app.render();
  });
  const out = el("div", { "data-testid": `${id}-result`, role: "status" });
  if (st.error) {
    const errors = st.error.details?.errors ?? [];
    out.append(el("p", { role: "alert", class: "error", text: `${st.failed ?? "Not read"}: ${st.error.message}` }));
    if (errors.length) out.append(el("ul", {}, errors.map((e) => el("li", { text: e.message }))));
  } else if (st.message) {
    out.append(el("p", { class: "muted", text: st.message }));
  }
  if (st.done) {
    const r = st.done.result;
    if (st.done.cancelled) out.append(el("p", { text: `${st.done.file}: not imported; nothing changed.` }));
    else {
      out.append(el("p", { text: `${st.done.file}: ${r.imported} of ${r.rows} rows imported${r.updated ? ` (${r.updated} updated)` : ""} (header on row ${r.header_row}).` }),
        el("ul", {}, [...r.notes.map((n) => el("li", { text: n })), ...r.errors.map((e) => el("li", { class: "error", text: `Row ${e.row}, ${e.column}: ${e.message}` }))]));
    }
  }
  const open = Boolean(st.reading || st.error) || app.ui.open.has(`import:${kind}`);
  const details = el("details", { class: "import", open },
    el("summary", { text: `Import a ${WHAT[kind]} (CSV or XLSX)` }),
    el("p", { class: "muted small", text: "The file is read on this device. You see how each column and rating is read, and can change it, before anything is imported." }),
    el("div", { class: "field" }, el("label", { for: id, text: "Register file" }), input),
    out,
    st.reading ? readingView(app, kind, st, id) : null);
  details.addEventListener("toggle", () => {
    if (details.open) app.ui.open.add(`import:${kind}`);
    else app.ui.open.delete(`import:${kind}`);
  });
  return details;
}
