// "Compare with another version": the engine's `diff` of another version (an assessment saved on
// this device, or an exported .isms.json file) against the open assessment — risks added, removed,
// re-rated (old → new band) and edited (old → new value), applicability and status changes,
// nonconformities opened and closed, findings raised and resolved. All of it is the engine's.
import * as engine from "../engine.js";
import * as store from "../store.js";
import { el, button, section, humanise } from "../dom.js";

const text = (v) => (v === undefined || v === null || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
const applicability = (v) => (v === true ? "applicable" : v === false ? "excluded" : "undecided");
const band = (rating) => (rating ? `${rating.score} ${humanise(rating.band)}` : "unrated");

/** Runs the diff of `other` (the older version) to the open document and keeps it for the view. */
function run(app, other, label) {
  try {
    const document = engine.migrate(other);
    app.ui.compare = { id: app.record.id, label, result: engine.diff(document, app.doc) };
  } catch (err) {
    app.ui.compare = { id: app.record.id, label, error: err.message };
  }
  app.render();
}

function list(title, items, line, testid) {
  if (!items?.length) return null;
  return el("div", { "data-testid": testid },
    el("h3", { text: `${title} (${items.length})` }),
    el("ul", { class: "diff-list" }, items.map((x) => el("li", {}, line(x)))));
}

function result(state) {
  if (state.error) return el("p", { role: "alert", text: `The versions cannot be compared: ${state.error}` });
  const d = state.result;
  const s = d.summary;
  return el("div", { class: "diff", "data-testid": "diff" },
    el("p", { "data-testid": "diff-summary", text: `Compared with ${state.label}: ${s.risks_added} risks added, ${s.risks_removed} removed, ${s.risks_rerated} re-rated, ${s.risks_edited} edited; ${s.applicability_changes} applicability and ${s.status_changes} status changes of controls; ${s.nonconformities_new} nonconformities new, ${s.nonconformities_closed} closed; ${s.findings_raised} findings raised, ${s.findings_resolved} resolved.` }),
    d.method.changed ? el("p", { text: `Risk method: ${text(d.method.before)} → ${text(d.method.after)}` }) : null,
    (d.warnings ?? []).length ? el("ul", { class: "findings" }, d.warnings.map((w) => el("li", { text: typeof w === "string" ? w : w.message ?? JSON.stringify(w) }))) : null,
    list("Risks added", d.risks.added, (r) => `${r.id} ${r.title} (${band(r.inherent)})`, "diff-added"),
    list("Risks removed", d.risks.removed, (r) => `${r.id} ${r.title} (${band(r.inherent)})`, "diff-removed"),
    list("Risks re-rated", d.risks.rerated, (r) => `${r.id} ${r.title}: inherent ${band(r.inherent_before)} → ${band(r.inherent_after)}, residual ${band(r.residual_before)} → ${band(r.residual_after)}`, "diff-rerated"),
    list("Risks edited", d.risks.edited, (r) => el("span", {}, `${r.id} ${r.title}: `,
      r.changes.map((c, k) => el("span", {}, k ? "; " : "", el("strong", { text: humanise(c.field) }), ` ${text(c.old)} → ${text(c.new)}`))), "diff-edited"),
    list("Controls changed", d.controls, (c) => [
      c.applicable_before !== c.applicable_after ? `applicability ${applicability(c.applicable_before)} → ${applicability(c.applicable_after)}` : null,
      c.status_before !== c.status_after ? `status ${humanise(text(c.status_before))} → ${humanise(text(c.status_after))}` : null,
      ...(c.changes ?? []).map((x) => `${humanise(x.field)} ${text(x.old)} → ${text(x.new)}`),
    ].filter(Boolean).reduce((line, part) => `${line}${line.endsWith(": ") ? "" : ", "}${part}`, `${c.control}: `), "diff-controls"),
    list("Assets added", d.assets.added, (a) => text(a.id ?? a), "diff-assets-added"),
    list("Assets removed", d.assets.removed, (a) => text(a.id ?? a), "diff-assets-removed"),
    list("Incidents added", d.incidents.added, (a) => text(a.id ?? a), "diff-incidents-added"),
    list("Nonconformities new", d.nonconformities.new, (n) => text(n.id ?? n), "diff-nc-new"),
    list("Nonconformities closed", d.nonconformities.closed, (n) => text(n.id ?? n), "diff-nc-closed"),
    list("Findings raised", d.findings.raised, (f) => `${f.severity} ${f.reference}: ${f.message}`, "diff-raised"),
    list("Findings resolved", d.findings.resolved, (f) => `${f.severity} ${f.reference}: ${f.message}`, "diff-resolved"));
}

/** The comparison section: choose a saved assessment or a file, then the engine's diff. */
export function compare(app) {
  const pick = el("select", { id: "compare-with" }, el("option", { value: "", text: "Loading…" }));
  store.list().then((records) => {
    const others = records.filter((r) => r.id !== app.record?.id);
    pick.replaceChildren(el("option", { value: "", text: others.length ? "— choose —" : "no other assessment on this device" }),
      ...others.map((r) => el("option", { value: r.id, text: `${r.name} (saved ${String(r.updated ?? "").slice(0, 10)})` })));
  });
  const file = el("input", { id: "compare-file", type: "file", accept: ".json,application/json" });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      run(app, JSON.parse(await chosen.text()), chosen.name);
    } catch (err) {
      app.ui.compare = { id: app.record.id, label: chosen.name, error: err.message };
      app.render();
    }
  });
  const go = button("Compare", async () => {
    if (!pick.value) return;
    const record = await store.get(pick.value);
    if (record) run(app, record.document, `“${record.name}”`);
  }, { id: "compare-run" });
  return section("Compare with another version",
    el("p", { class: "muted", text: "What changed since another version: choose an assessment saved on this device or an exported .isms.json file (the older version); the open assessment is the newer one." }),
    el("div", { class: "grid" },
      el("div", { class: "field" }, el("label", { for: "compare-with", text: "An assessment on this device" }), pick, go),
      el("div", { class: "field" }, el("label", { for: "compare-file", text: "Or an .isms.json file" }), file)),
    app.ui.compare?.id === app.record?.id ? result(app.ui.compare) : null);
}
