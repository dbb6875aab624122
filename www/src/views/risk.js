// The risk method, the asset inventory, the risk register with its heat maps, and risk treatment.
// Every score, band, appetite verdict, derived residual rating and inherited asset value is the
// engine's (analyse, check_method, rerate); these views only show and edit the document.
import * as engine from "../engine.js";
import { el, field, button, findingList, section, bandChip, humanise, slug, notePath } from "../dom.js";
import { actionFields, ensure, options, findingsAt, nextId, recordList, scrollBox, focusAfterRender, specField } from "./common.js";
import { onReveal } from "../reach.js";

/** A field in a register cell: a short visible label, completed with the record id for assistive technology. */
function cellField(rid, opts) {
  const node = field(opts);
  node.querySelector("label").append(el("span", { class: "visually-hidden", text: ` of ${rid}` }));
  return node;
}

// A link to a field of a risk's details row opens that row; one to the treatment of a risk
// within appetite shows every risk on the treatment step.
const DETAILS = /^\/risks\/(\d+)\/(description|threat|vulnerability|controls|residual|inherent\/impact\/)/;
onReveal("risks", (app, pointer) => {
  const m = DETAILS.exec(pointer);
  const risk = m && app.doc?.risks?.[Number(m[1])];
  if (risk) app.ui.open.add(`risk:${risk.id}`);
});
onReveal("treatment", (app, pointer) => {
  const m = /^\/risks\/(\d+)(\/|$)/.exec(pointer);
  const risk = m && app.doc?.risks?.[Number(m[1])];
  const rated = risk && app.derived?.analysis?.risks?.find((x) => x.id === risk.id);
  if (risk && !(rated?.inherent?.above_appetite || rated?.residual?.above_appetite)) app.ui.filters.treatmentAll = true;
});
import { registerImport } from "./register.js";
import { schemaFields } from "./schemaform.js";

const levelOptions = (scale, empty = "—", short = false) =>
  [{ value: "", label: empty }, ...scale.levels.map((l, i) => ({ value: i + 1, label: short ? String(i + 1) : `${i + 1} ${l.label}`, description: `${l.label}${l.description ? `: ${l.description}` : ""}` }))];

const bandLabels = (method) => Object.fromEntries(method.bands.map((b) => [b.id, b.label]));

/** Band cell class: the four common band ids have accessible colours; others get a neutral look. */
const bandClass = (band) => `band band-${slug(band)}`;

// ---------------------------------------------------------------------------------------------
// Method

export function method(app) {
  const doc = app.doc;
  const current = engine.methodOf(doc);
  const custom = typeof doc.method === "object" && doc.method !== null;
  const { methods } = engine.ref();
  const presetSelect = el("select", { id: "method-preset" },
    methods.map((m) => el("option", { value: m.id, text: m.name })),
    custom ? el("option", { value: "", text: `Own method: ${current.name}` }) : null);
  presetSelect.value = custom ? "" : current.id;
  presetSelect.addEventListener("change", () => {
    if (!presetSelect.value) return;
    try {
      const result = engine.rerate(doc, presetSelect.value);
      app.record.document = result.document;
      app.ui.notice = { kind: "rerate", result };
      app.commit();
    } catch (err) {
      app.notify(`The method could not be changed: ${err.message}`);
    }
  });
  let grid;
  try {
    grid = engine.checkMethod(current);
  } catch (err) {
    grid = { error: err };
  }
  const root = el("div", {}, el("h1", { text: "Risk method" }),
    section("Method",
      el("div", { class: "inline-form" },
        el("div", { class: "field" }, el("label", { for: "method-preset", text: "Method" }), presetSelect),
        custom ? null : button("Edit a copy of this method", () => {
          doc.method = structuredClone(current);
          doc.method.id = `${current.id}-own`;
          doc.method.name = `${current.name} (own)`;
          app.commit();
        }, { id: "method-copy" })),
      el("p", { text: current.description ?? "" }),
      el("p", {}, el("strong", { text: "Risk appetite: " }), `${current.appetite.statement ?? ""} (highest accepted band: ${bandLabels(current)[current.appetite.max_band] ?? current.appetite.max_band})`)));
  if (app.ui.notice?.kind === "rerate") {
    const r = app.ui.notice.result;
    root.append(section("Re-rated",
      el("p", { "data-testid": "rerate", text: `Moved from ${r.from} to ${r.to}: ${r.changed.length} risks changed band, ${r.unchanged} unchanged.` }),
      el("ul", {}, r.changed.map((c) => el("li", { text: `${c.risk}: ${c.inherent_before.band} → ${c.inherent_after.band} (inherent), ${c.residual_before?.band ?? "—"} → ${c.residual_after?.band ?? "—"} (residual)` })))));
  }
  if (custom) root.append(editMethod(app, doc.method));
  root.append(section("Score grid", grid.error
    ? el("p", { role: "alert", text: `The method is not usable: ${grid.error.message}${grid.error.path ? ` (at ${grid.error.path})` : ""}` })
    : scrollBox("Score grid", scoreGrid(current, grid.grid))));
  root.append(section("Scales",
    el("div", { class: "grid" },
      scaleTable("Likelihood", current.likelihood),
      scaleTable("Impact", current.impact))));
  root.append(section("Findings", findingList(findingsAt(app, "/method"), { empty: "No findings about the method." })));
  return root;
}

function scaleTable(title, scale) {
  return el("table", { class: "scale" }, el("caption", { text: title }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Level" }), el("th", { scope: "col", text: "Label" }), el("th", { scope: "col", text: "Meaning" }))),
    el("tbody", {}, scale.levels.map((l, i) => el("tr", {}, el("td", { text: i + 1 }), el("td", { text: l.label }), el("td", { text: l.description ?? "" })))));
}

function scoreGrid(method, grid) {
  const labels = bandLabels(method);
  const rows = [];
  for (let li = grid.length - 1; li >= 0; li--) {
    rows.push(el("tr", {}, el("th", { scope: "row", text: method.likelihood.levels[li].label }),
      grid[li].map((cell) => el("td", { class: bandClass(cell.band), text: `${cell.score} ${labels[cell.band] ?? cell.band}` }))));
  }
  return el("table", { class: "heat" }, el("caption", { text: "Likelihood (rows) × impact (columns)" }),
    el("thead", {}, el("tr", {}, el("td", {}), method.impact.levels.map((l) => el("th", { scope: "col", text: l.label })))),
    el("tbody", {}, rows));
}

function editMethod(app, m) {
  const bandIds = m.bands.map((b) => ({ value: b.id, label: b.label }));
  return section("Edit the method",
    el("div", { class: "grid" },
      field({ id: "method-name", label: "Name", obj: m, key: "name", commit: app.commit }),
      field({ id: "method-appetite", label: "Highest band accepted without treatment", obj: m.appetite, key: "max_band", kind: "select", options: bandIds, commit: app.commit }),
      Object.assign(field({ id: "method-statement", label: "Appetite statement", obj: m.appetite, key: "statement", kind: "textarea", commit: app.commit }), { className: "field wide" })),
    el("h3", { text: "Likelihood levels" }),
    el("div", { class: "grid" }, m.likelihood.levels.map((l, i) => field({ id: `method-l-${i}`, label: `Likelihood ${i + 1}`, obj: l, key: "label", commit: app.commit }))),
    el("h3", { text: "Impact levels" }),
    el("div", { class: "grid" }, m.impact.levels.map((l, i) => field({ id: `method-i-${i}`, label: `Impact ${i + 1}`, obj: l, key: "label", commit: app.commit }))),
    el("h3", { text: "Bands" }),
    el("div", { class: "grid" }, m.bands.flatMap((b, i) => [
      field({ id: `method-b-${i}-label`, label: `Band ${b.id}: label`, obj: b, key: "label", commit: app.commit }),
      field({ id: `method-b-${i}-min`, label: `Band ${b.id}: from score`, obj: b, key: "min", kind: "number", commit: app.commit }),
      field({ id: `method-b-${i}-max`, label: `Band ${b.id}: to score`, obj: b, key: "max", kind: "number", commit: app.commit }),
    ])));
}

// ---------------------------------------------------------------------------------------------
// Assets

export function assets(app) {
  const doc = app.doc;
  const items = ensure(doc, ["assets"], []);
  const m = engine.methodOf(doc);
  const levels = levelOptions(m.impact, "—", true);
  const types = options("AssetType", { empty: null });
  const effective = new Map((app.derived?.analysis?.assets ?? []).map((a) => [a.asset, a]));
  const rows = items.map((a, i) => {
    const id = `asset-${i}`;
    const val = a.valuation ?? {};
    notePath(val, `/assets/${i}/valuation`);
    const commitVal = () => {
      if (Object.keys(val).length) a.valuation = val;
      else delete a.valuation;
      app.commit();
    };
    const eff = effective.get(a.id);
    const findings = findingsAt(app, `/assets/${i}`);
    const open = app.ui.open.has(`asset:${a.id}`);
    const row = el("tr", { "data-testid": "asset-row", "data-id": a.id },
      el("th", { scope: "row", text: a.id }),
      el("td", {}, field({ id: `${id}-name`, label: `Name of ${a.id}`, obj: a, key: "name", commit: app.commit, hideLabel: true })),
      el("td", {}, field({ id: `${id}-type`, label: `Type of ${a.id}`, obj: a, key: "type", kind: "select", options: types, commit: app.commit, hideLabel: true })),
      el("td", {}, field({ id: `${id}-owner`, label: `Owner of ${a.id}`, obj: a, key: "owner", commit: app.commit, hideLabel: true })),
      ["confidentiality", "integrity", "availability"].map((p) =>
        el("td", {}, field({ id: `${id}-${p}`, label: `${humanise(p)} of ${a.id}`, obj: val, key: p, kind: "select", options: levels, commit: commitVal, hideLabel: true }))),
      el("td", {}, field({ id: `${id}-deps`, label: `${a.id} depends on (asset ids)`, obj: a, key: "depends_on", kind: "list", commit: app.commit, hideLabel: true })),
      el("td", { class: "derived" }, eff ? `C${eff.effective.confidentiality ?? "–"} I${eff.effective.integrity ?? "–"} A${eff.effective.availability ?? "–"}${eff.raised_by.length ? ` ↑ ${eff.raised_by.join(", ")}` : ""}` : "—",
        findings.length ? findingList(findings) : null),
      rowActions(app, "asset", items, i, id));
    return open ? [row, el("tr", { class: "row-details" }, el("td", { colspan: 10 }, assetDetails(app, a, id)))] : row;
  });
  return el("div", {}, el("h1", { text: "Assets" }),
    el("p", { class: "muted", text: "Value each asset for confidentiality, integrity and availability on the method's impact scale. An asset inherits the value of the assets that depend on it (the engine's “effective” value)." }),
    scrollBox("Assets", el("table", { class: "register assets", "data-testid": "assets" },
      el("thead", {}, el("tr", {}, ["Id", "Name", "Type", "Owner", "C", "I", "A", "Depends on", "Effective value", ""].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, rows.flat()))),
    button("Add asset", () => {
      items.push({ id: nextId(items, "AS"), name: "New asset", type: types[0].value });
      app.commit();
      focusAfterRender(`/assets/${items.length - 1}/name`);
    }, { id: "add-asset", "data-path": "/assets" }),
    registerImport(app, "assets"),
    section("Findings", findingList(findingsAt(app, "/assets"), { empty: "No findings about assets." })));
}

/**
 * A register row's More/Less button (showing the record's other fields below it, remembered in
 * `app.ui.open` as `<kind>:<id>`) and its Remove button.
 */
function rowActions(app, kind, items, i, id) {
  const record = items[i];
  const key = `${kind}:${record.id}`;
  const open = app.ui.open.has(key);
  return el("td", { class: "row-actions" },
    button(open ? "Less" : "More", () => {
      if (open) app.ui.open.delete(key);
      else app.ui.open.add(key);
      app.render();
    }, { "aria-expanded": String(open), "aria-label": `${open ? "Less" : "More"} about ${record.id}`, id: `${id}-more` }),
    button("Remove", () => {
      items.splice(i, 1);
      app.commit();
    }, { class: "danger small", "aria-label": `Remove ${record.id}` }));
}

/**
 * The fields of an asset the register's columns do not show (its description, location, recovery
 * time and point objectives, and whatever the model adds), generated from the schema's `Asset`.
 */
function assetDetails(app, a, id) {
  const { fields } = schemaFields("Asset", {
    omit: ["id", "name", "type", "owner", "depends_on"],
    order: ["rto_hours", "rpo_hours", "location", "description"],
    overrides: { rto_hours: { label: "Recovery time objective (hours)" }, rpo_hours: { label: "Recovery point objective (hours)" } },
  });
  return el("div", { class: "grid" }, fields.map((f) =>
    specField({ ...f, min: f.kind === "number" ? 0 : f.min }, { id: `${id}-${f.key.replace(/_hours$/, "")}`, obj: a, commit: app.commit })));
}

// ---------------------------------------------------------------------------------------------
// Risks

function heatMap(title, hm, key, labels) {
  const rows = [];
  for (let li = hm.likelihood.length - 1; li >= 0; li--) {
    rows.push(el("tr", {}, el("th", { scope: "row", text: hm.likelihood[li] }),
      hm.impact.map((_, ii) => {
        const n = hm[key][li][ii];
        return el("td", { class: bandClass(hm.bands[li][ii]), title: labels[hm.bands[li][ii]] ?? hm.bands[li][ii], text: n ? String(n) : "" });
      })));
  }
  return el("table", { class: "heat", "data-testid": `heat-${key}` }, el("caption", { text: title }),
    el("thead", {}, el("tr", {}, el("td", {}), hm.impact.map((l) => el("th", { scope: "col", text: l })))),
    el("tbody", {}, rows));
}

export function heatMaps(app) {
  const analysis = app.derived?.analysis;
  if (!analysis) return el("p", { text: "No analysis yet." });
  const labels = bandLabels(engine.methodOf(app.doc));
  const t = analysis.totals;
  return el("div", {},
    el("div", { class: "heat-pair" },
      heatMap("Inherent risk (likelihood × impact)", analysis.heat_map, "inherent", labels),
      heatMap("Residual risk (likelihood × impact)", analysis.heat_map, "residual", labels)),
    el("p", { "data-testid": "totals", text: `${t.risks} open risks (${t.closed} closed, left out of the heat maps and counts), ${t.rated} rated; above appetite: ${t.above_appetite_inherent} inherent, ${t.above_appetite_residual} residual; ${t.open_actions} open actions, ${t.overdue_actions} overdue.` }));
}

export function risks(app) {
  const doc = app.doc;
  const items = ensure(doc, ["risks"], []);
  const m = engine.methodOf(doc);
  const labels = bandLabels(m);
  const lOpts = levelOptions(m.likelihood);
  const scored = new Map((app.derived?.analysis?.risks ?? []).map((r) => [r.id, r]));
  const rows = [];
  items.forEach((r, i) => {
    const id = `risk-${i}`;
    const s = scored.get(r.id);
    const inherent = r.inherent ?? {};
    notePath(inherent, `/risks/${i}/inherent`);
    const commitInherent = () => {
      if (Object.keys(inherent).length) r.inherent = inherent;
      else delete r.inherent;
      app.commit();
    };
    const perProperty = typeof inherent.impact === "object" && inherent.impact !== null;
    const iOpts = levelOptions(m.impact);
    if (perProperty) iOpts.push({ value: "per-property", label: `per property: ${Object.entries(inherent.impact).map(([k, v]) => `${k[0].toUpperCase()}${v}`).join(" ")}` });
    const impactHolder = { impact: perProperty ? "per-property" : inherent.impact };
    const impactField = cellField(r.id, { id: `${id}-impact`, label: "Impact", obj: impactHolder, key: "impact", kind: "select", options: iOpts, path: `/risks/${i}/inherent/impact`,
      commit: () => {
        if (impactHolder.impact === "per-property") return;
        if (impactHolder.impact === undefined) delete inherent.impact;
        else inherent.impact = impactHolder.impact;
        commitInherent();
      } });
    const treatmentHolder = { option: r.treatment?.option };
    const findings = findingsAt(app, `/risks/${i}`);
    const open = app.ui.open.has(`risk:${r.id}`);
    rows.push(el("tr", { "data-testid": "risk-row", "data-id": r.id },
      el("th", { scope: "row", text: r.id }),
      el("td", { class: "cell-risk" },
        cellField(r.id, { id: `${id}-title`, label: "Title", obj: r, key: "title", commit: app.commit }),
        el("div", { class: "pair" },
          cellField(r.id, { id: `${id}-owner`, label: "Owner", obj: r, key: "owner", commit: app.commit }),
          cellField(r.id, { id: `${id}-assets`, label: "Assets (ids)", obj: r, key: "assets", kind: "list", commit: app.commit }))),
      el("td", { class: "cell-rating" },
        cellField(r.id, { id: `${id}-likelihood`, label: "Likelihood", obj: inherent, key: "likelihood", kind: "select", options: lOpts, commit: commitInherent }),
        impactField),
      el("td", { class: "cell-bands" },
        el("div", {}, el("span", { class: "band-label", text: "Inherent " }), el("span", { "data-testid": "inherent" }, bandChip(s?.inherent, labels))),
        el("div", {}, el("span", { class: "band-label", text: "Residual " }),
          el("span", { "data-testid": "residual" }, bandChip(s?.residual, labels), s?.residual_derived ? el("span", { class: "muted small", text: " derived" }) : null))),
      el("td", { class: "cell-treatment" },
        cellField(r.id, { id: `${id}-treatment`, label: "Treatment", obj: treatmentHolder, key: "option", kind: "select", options: options("TreatmentOption"), path: `/risks/${i}/treatment/option`,
          commit: () => {
            if (treatmentHolder.option) r.treatment = { ...(r.treatment ?? {}), option: treatmentHolder.option };
            else delete r.treatment;
            app.commit();
          } }),
        cellField(r.id, { id: `${id}-status`, label: "Status", obj: r, key: "status", kind: "select", options: options("RiskStatus"), commit: app.commit })),
      rowActions(app, "risk", items, i, id)));
    if (findings.length) rows.push(el("tr", { class: "row-findings" }, el("td", { colspan: 6 }, findingList(findings))));
    if (open) rows.push(el("tr", { class: "row-details" }, el("td", { colspan: 6 }, riskDetails(app, r, i, m))));
  });
  return el("div", {}, el("h1", { text: "Risk register" }),
    section("Heat maps", heatMaps(app)),
    section("Register",
      scrollBox("Risk register", el("table", { class: "register risks", "data-testid": "risks" },
        el("thead", {}, el("tr", {}, ["Id", "Risk", "Rating", "Band", "Treatment and status", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, rows))),
      button("Add risk", () => {
        items.push({ id: nextId(items, "R"), title: "New risk" });
        app.commit();
        focusAfterRender(`/risks/${items.length - 1}/title`);
      }, { id: "add-risk", "data-path": "/risks" }),
      registerImport(app, "risks")));
}

function riskDetails(app, r, i, m) {
  const id = `risk-${i}`;
  const inherent = r.inherent ?? {};
  const commitInherent = () => {
    r.inherent = inherent;
    app.commit();
  };
  const pp = typeof inherent.impact === "object" && inherent.impact !== null ? inherent.impact : {};
  notePath(inherent, `/risks/${i}/inherent`);
  notePath(pp, `/risks/${i}/inherent/impact`);
  const commitPP = () => {
    inherent.impact = Object.keys(pp).length ? pp : undefined;
    if (inherent.impact === undefined) delete inherent.impact;
    commitInherent();
  };
  const residual = r.residual ?? {};
  notePath(residual, `/risks/${i}/residual`);
  const commitResidual = () => {
    if (residual.likelihood !== undefined) r.residual = residual;
    else delete r.residual;
    app.commit();
  };
  return el("div", {}, threatPicker(app, r, id), el("div", { class: "grid" },
    field({ id: `${id}-description`, label: "Description", obj: r, key: "description", kind: "textarea", commit: app.commit }),
    field({ id: `${id}-threat`, label: "Threat", obj: r, key: "threat", commit: app.commit }),
    field({ id: `${id}-vulnerability`, label: "Vulnerability", obj: r, key: "vulnerability", commit: app.commit }),
    field({ id: `${id}-controls`, label: "Controls (ids, comma separated)", obj: r, key: "controls", kind: "controls", commit: app.commit }),
    ["confidentiality", "integrity", "availability"].map((p) =>
      field({ id: `${id}-impact-${p}`, label: `Impact on ${p}`, obj: pp, key: p, kind: "select", options: levelOptions(m.impact), commit: commitPP })),
    field({ id: `${id}-res-likelihood`, label: "Residual likelihood (empty: derived from controls)", obj: residual, key: "likelihood", kind: "select", options: levelOptions(m.likelihood), commit: commitResidual }),
    field({ id: `${id}-res-impact`, label: "Residual impact", obj: residual, key: "impact", kind: "select", options: levelOptions(m.impact), commit: commitResidual })));
}

/**
 * The engine's starter threats and vulnerabilities that fit the types of a risk's assets (all of
 * them when it names no asset of a known type), merged over the types.
 */
function catalogueFor(app, r) {
  const byId = new Map((app.doc.assets ?? []).map((a) => [a.id, a]));
  const kinds = [...new Set((r.assets ?? []).map((a) => byId.get(a)?.type).filter(Boolean))];
  const answers = kinds.length ? kinds.map((asset_type) => engine.threats({ asset_type })) : [engine.threats({})];
  const merge = (key) => [...new Map(answers.flatMap((x) => x[key]).map((t) => [t.id, t])).values()]
    .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
  return { kinds, threats: merge("threats"), vulnerabilities: merge("vulnerabilities") };
}

/**
 * Picks a risk's threat and vulnerability from the starter catalogue: choosing one fills the
 * risk's threat (or vulnerability) with the catalogue id, and its title and description when
 * they are still empty, and proposes the controls the catalogue says address them; the user
 * accepts the ticked ones into the risk's controls.
 */
function threatPicker(app, r, id) {
  const { kinds, threats, vulnerabilities } = catalogueFor(app, r);
  const threat = threats.find((t) => t.id === r.threat);
  const vulns = threat ? vulnerabilities.filter((v) => v.threats.includes(threat.id)) : [];
  const vuln = vulnerabilities.find((v) => v.id === r.vulnerability);
  const choose = (key, list, holder) => () => {
    const picked = list.find((t) => t.id === holder.value);
    if (!picked) return;
    r[key] = picked.id;
    if (key === "threat") {
      if (!r.title || r.title === "New risk") r.title = picked.name;
      if (!r.description) r.description = picked.description;
    }
    app.commit();
  };
  const select = (key, label, list, current) => {
    const sid = `${id}-pick-${key}`;
    const s = el("select", { id: sid },
      el("option", { value: "", text: "—" }),
      list.map((t) => el("option", { value: t.id, text: `${t.id} ${t.name}`, title: t.description })));
    s.value = current?.id ?? "";
    s.addEventListener("change", choose(key, list, s));
    return el("div", { class: "field field-select" }, el("label", { for: sid, text: label }), s);
  };
  const have = new Set(r.controls ?? []);
  const proposed = [...new Set([...(threat?.controls ?? []), ...(vuln?.controls ?? [])])].filter((c) => !have.has(c));
  const ticked = new Set(proposed);
  const titles = new Map(engine.ref().catalogue.map((c) => [c.id, c.title]));
  return el("fieldset", { class: "threat-picker", "data-testid": "threat-picker" },
    el("legend", { text: `Threat catalogue${kinds.length ? ` (for ${kinds.join(", ")} assets)` : ""}` }),
    el("div", { class: "grid" },
      select("threat", "Threat from the catalogue", threats, threat),
      threat ? select("vulnerability", "Vulnerability it exploits", vulns, vuln) : null),
    threat && proposed.length
      ? el("div", { class: "proposed", "data-testid": "proposed-controls" },
        el("p", { text: "Controls that address it:" }),
        proposed.map((c) => {
          const cid = `${id}-propose-${slug(c)}`;
          const box = el("input", { id: cid, type: "checkbox", checked: true });
          box.addEventListener("change", () => (box.checked ? ticked.add(c) : ticked.delete(c)));
          return el("span", { class: "check" }, box, el("label", { for: cid, text: `${c} ${titles.get(c) ?? ""}`.trim() }));
        }),
        el("p", {}, button("Add the ticked controls to the risk", () => {
          const chosen = proposed.filter((c) => ticked.has(c));
          if (!chosen.length) return;
          r.controls = [...(r.controls ?? []), ...chosen];
          app.notify(`${chosen.length} controls added to ${r.id}.`);
          app.commit();
        }, { id: `${id}-accept-controls`, class: "small" })))
      : null);
}

// ---------------------------------------------------------------------------------------------
// Treatment

export function treatment(app) {
  const doc = app.doc;
  const items = ensure(doc, ["risks"], []);
  const analysis = app.derived?.analysis;
  const labels = bandLabels(engine.methodOf(doc));
  const scored = new Map((analysis?.risks ?? []).map((r) => [r.id, r]));
  const showAll = app.ui.filters.treatmentAll ?? false;
  const toggle = el("input", { id: "treatment-all", type: "checkbox", checked: showAll });
  toggle.addEventListener("change", () => {
    app.ui.filters.treatmentAll = toggle.checked;
    app.render();
  });
  const cards = [];
  items.forEach((r, i) => {
    const s = scored.get(r.id);
    if (!showAll && !(s?.inherent?.above_appetite || s?.residual?.above_appetite)) return;
    const t = r.treatment ?? {};
    notePath(t, `/risks/${i}/treatment`);
    const commitT = () => {
      if (t.option) r.treatment = t;
      else delete r.treatment;
      app.commit();
    };
    const acc = r.acceptance ?? {};
    notePath(acc, `/risks/${i}/acceptance`);
    const commitA = () => {
      if (Object.keys(acc).length) r.acceptance = acc;
      else delete r.acceptance;
      app.commit();
    };
    const id = `treat-${i}`;
    const findings = findingsAt(app, `/risks/${i}`);
    cards.push(el("fieldset", { class: "record", "data-testid": "treatment-record", "data-id": r.id },
      el("legend", {}, el("span", { class: "rid", text: r.id }), " ", r.title ?? "", " ", bandChip(s?.inherent, labels), " → ", bandChip(s?.residual, labels)),
      el("div", { class: "grid" },
        field({ id: `${id}-option`, label: "Treatment option", obj: t, key: "option", kind: "select", options: options("TreatmentOption"), commit: commitT }),
        Object.assign(field({ id: `${id}-rationale`, label: "Rationale", obj: t, key: "rationale", kind: "textarea", commit: commitT }), { className: "field wide" })),
      t.option ? recordList(app, {
        scope: `${id}-plan`, path: ["risks", i, "treatment", "plan"], title: "Actions", singular: "action", prefix: `${r.id}`, blank: { description: "" },
        legend: (a) => humanise(a.status ?? ""),
        fields: [...actionFields(), { key: "controls", label: "Controls (ids)", kind: "controls" }],
      }) : null,
      el("h3", { text: "Acceptance by the risk owner" }),
      el("div", { class: "grid" },
        field({ id: `${id}-acc-by`, label: "Accepted by", obj: acc, key: "by", commit: commitA }),
        field({ id: `${id}-acc-on`, label: "Accepted on", obj: acc, key: "on", kind: "date", commit: commitA }),
        field({ id: `${id}-acc-exp`, label: "Acceptance expires", obj: acc, key: "expires_on", kind: "date", commit: commitA }),
        Object.assign(field({ id: `${id}-acc-why`, label: "Rationale", obj: acc, key: "rationale", kind: "textarea", commit: commitA }), { className: "field wide" })),
      findings.length ? findingList(findings) : null));
  });
  const plan = analysis?.treatment_plan ?? [];
  return el("div", {}, el("h1", { text: "Risk treatment" }),
    el("div", { class: "field field-check" }, toggle, el("label", { for: "treatment-all", text: "Show every risk (not only those above appetite)" })),
    cards.length ? el("div", {}, cards) : el("p", { class: "muted", text: "No risk is above the appetite." }),
    section("Risk treatment plan (priority order, from the engine)",
      scrollBox("Risk treatment plan", el("table", { class: "register", "data-testid": "treatment-plan" },
        el("thead", {}, el("tr", {}, ["Risk", "Band", "Action", "Owner", "Due", "Status", "Controls"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, plan.map((p) => el("tr", { class: p.overdue ? "overdue" : "" },
          el("td", { text: `${p.risk} ${p.risk_title}` }),
          el("td", {}, bandChip({ score: p.score, band: p.band, above_appetite: p.above_appetite }, labels)),
          el("td", { text: p.description ?? p.action ?? "" }),
          el("td", { text: p.owner ?? "" }),
          el("td", { text: `${p.due ?? ""}${p.overdue ? " (overdue)" : ""}` }),
          el("td", { text: humanise(p.status ?? "") }),
          el("td", { text: (p.controls ?? []).join(", ") }))))))));
}
