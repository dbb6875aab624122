// Loss in money: the quantitative (FAIR-style) parameters of each risk, and the engine's Monte Carlo
// simulation of the annual loss before and after treatment: annualised loss expectancy (ALE),
// percentiles, value at risk, expected shortfall and the loss exceedance curve, per risk and for the
// portfolio. Every figure and every curve point is the engine's (`simulate`); this view formats them.
import * as engine from "../engine.js";
import { el, svg, field, button, section, humanise } from "../dom.js";
import { scrollBox } from "./common.js";

const ITERATIONS = [10_000, 100_000, 1_000_000];

/** The quantities a risk states, with the values each may take (the engine checks them). */
const PERCENTILE = { domain: "percentile", unit: "percentile, 0–100" };
const PROBABILITY = { domain: "probability", unit: "probability, 0–1" };
const AMOUNT = { domain: "amount", unit: "money" };
const FREQUENCY = { domain: "amount", unit: "per year" };

/** A starting point for a risk without parameters: every value is the user's to change. */
const STARTER = () => ({
  tef: { pert: { low: 0.5, mode: 1, high: 4 } },
  threat_capability: { pert: { low: 20, mode: 50, high: 80 } },
  resistance_strength: { pert: { low: 30, mode: 50, high: 70 } },
  primary_loss: { lognormal: { low: 10000, high: 250000 } },
});

function settings(app) {
  app.ui.loss ??= { iterations: ITERATIONS[0], seed: 1, model: "event", focus: "" };
  return app.ui.loss;
}

/** The Web Worker the simulation runs in, and the run it is busy with ({id, key, started}). */
let worker;
let busy;
let runs = 0;

/**
 * Runs `simulate` in the worker. A run asked for while another is under way ends that one: the
 * worker is stopped and a fresh one started, so changing a setting never waits for a stale run.
 */
function start(app, key, options) {
  if (busy) {
    worker?.terminate();
    worker = undefined;
  }
  worker ??= new Worker(new URL("../simulate.worker.js", import.meta.url), { type: "module" });
  const id = ++runs;
  busy = { id, key, started: performance.now() };
  worker.onmessage = ({ data }) => {
    if (data.id !== busy?.id) return;
    const ms = performance.now() - busy.started;
    busy = undefined;
    app.ui.lossRun = { key, ms, ...(data.error ? { error: data.error } : { ok: data.ok }) };
    rerender(app);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    worker?.terminate();
    worker = undefined;
    const ms = performance.now() - busy.started;
    busy = undefined;
    app.ui.lossRun = { key, ms, error: { message: event.message || "the simulation stopped" } };
    rerender(app);
  };
  worker.postMessage({ id, document: structuredClone(app.doc), options });
}

/** The field typed into since its last change: its value is not in the document yet. */
let typed;
document.addEventListener("input", (event) => { typed = event.target; }, true);
document.addEventListener("change", () => { typed = undefined; }, true);

/** Whether the focused field holds a value typed but not yet committed. */
const editing = () => Boolean(typed && typed === document.activeElement && typed.isConnected);

/** A finished run waiting for the field being typed into to commit or lose the focus. */
let waiting;

/**
 * Shows a finished run, but never under the user's typing: a run that finishes while a field holds
 * a value not yet committed is shown once that field commits or loses the focus.
 */
function rerender(app) {
  if (!editing()) {
    app.render();
    return;
  }
  if (waiting) return;
  waiting = () => setTimeout(() => {
    if (editing()) return;
    document.removeEventListener("focusout", waiting);
    document.removeEventListener("change", waiting);
    waiting = undefined;
    app.render();
  });
  document.addEventListener("focusout", waiting);
  document.addEventListener("change", waiting);
}

/**
 * The simulation of the current document with the current settings, run once per change in a Web
 * Worker. Until a run is back, the last finished one (if any) is returned with `pending` set.
 */
export function simulation(app) {
  const s = settings(app);
  const key = `${app.revision}|${s.iterations}|${s.seed}|${s.model}`;
  const last = app.ui.lossRun;
  if (last?.key === key) return last;
  if (busy?.key !== key) start(app, key, { iterations: s.iterations, seed: s.seed, model: s.model });
  return { ...(last ?? {}), pending: true, years: s.iterations };
}

/** Money in the document's currency (ISO 4217), whole units; compact for axis labels. */
export function moneyFormat(currency, compact = false) {
  const base = { maximumFractionDigits: compact ? 1 : 0, notation: compact ? "compact" : "standard" };
  try {
    if (currency) return new Intl.NumberFormat(undefined, { ...base, style: "currency", currency }).format;
  } catch {
    // an unusual code: the amount and the code, below
  }
  const plain = new Intl.NumberFormat(undefined, base).format;
  return (v) => (currency ? `${plain(v)} ${currency}` : plain(v));
}

const percent = (p, digits = 1) => new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: digits }).format(p);

export function loss(app) {
  const doc = app.doc;
  const s = settings(app);
  const run = simulation(app);
  const currency = doc.organisation?.currency;
  const money = moneyFormat(currency);
  const root = el("div", {}, el("h1", { text: "Loss in money" }),
    el("p", { class: "muted" },
      "How much could a risk cost a year? For each risk with loss parameters, the engine simulates many years: how often a threat acts, whether each act gets through the resistance, and what each loss costs. ",
      "Residual figures are the same years with the resistance raised by the controls of the risk's uplift, in full when the control is implemented and half when partially implemented, as recorded in the SoA."),
    settingsForm(app, s, currency));
  if (run.pending) {
    root.append(el("p", { role: "status", class: "muted", "data-testid": "loss-pending",
      text: `Simulating ${run.years.toLocaleString()} years in the background…${run.ok ? " The figures below are from the previous run." : ""}` }));
  }
  if (run.error) {
    root.append(el("p", { role: "alert", "data-testid": "loss-error", text: `The simulation could not run: ${run.error.message}${run.error.path ? ` (at ${run.error.path})` : ""}` }));
  } else if (!run.ok) {
    // the first run is under way
  } else if (!run.ok.risks.length) {
    root.append(section("Results", el("p", { "data-testid": "loss-none", text: "No risk has loss parameters yet: add them to a risk below." })));
  } else {
    root.append(results(app, run, money, moneyFormat(currency, true)));
  }
  root.append(parameters(app, run.ok));
  return root;
}

function settingsForm(app, s, currency) {
  const rerun = () => app.render();
  const iterations = field({ id: "loss-iterations", label: "Simulated years", obj: s, key: "iterations", kind: "select", commit: rerun,
    options: ITERATIONS.map((n) => ({ value: n, label: n.toLocaleString() })) });
  const seed = field({ id: "loss-seed", label: "Seed", obj: s, key: "seed", kind: "number", step: 1, commit: () => {
    if (!Number.isSafeInteger(s.seed) || s.seed < 0) s.seed = 1;
    rerun();
  } });
  const model = field({ id: "loss-model", label: "Model", obj: s, key: "model", kind: "select", commit: rerun,
    options: [{ value: "event", label: "every threat event (default)" }, { value: "shortcut", label: "frequency × magnitude" }] });
  const cur = field({ id: "loss-currency", label: "Currency (ISO 4217)", obj: app.doc.organisation ??= {}, key: "currency", placeholder: "EUR",
    commit: () => {
      if (typeof app.doc.organisation.currency === "string") app.doc.organisation.currency = app.doc.organisation.currency.toUpperCase();
      app.commit();
    } });
  if (!currency) cur.append(el("span", { class: "muted small", text: "Amounts are shown without a currency until one is set." }));
  return el("div", { class: "inline-form loss-settings" }, iterations, seed, model, cur);
}

// ---------------------------------------------------------------------------------------------
// Results

function results(app, run, money, compact) {
  const sim = run.ok;
  const s = settings(app);
  const p = sim.portfolio;
  const focus = sim.risks.find((r) => r.id === s.focus);
  const shown = focus ?? { id: "", title: "All quantified risks", ...p };
  const conf = percent(sim.confidence, 0);
  const focusSelect = el("select", { id: "loss-focus" },
    el("option", { value: "", text: "All quantified risks (portfolio)" }),
    sim.risks.map((r) => el("option", { value: r.id, text: `${r.id} ${r.title}` })));
  focusSelect.value = shown.id;
  focusSelect.addEventListener("change", () => {
    s.focus = focusSelect.value;
    app.render();
  });
  const summary = el("dl", { class: "figures", "data-testid": "loss-summary" },
    figure("Annualised loss expectancy, inherent", money(shown.inherent.ale), "ale-inherent"),
    figure("Annualised loss expectancy, residual", money(shown.residual.ale), "ale-residual"),
    figure("Reduction by treatment", `${money(shown.reduction.ale)} (${percent(shown.reduction.share, 0)})`, "reduction"),
    figure("1-in-20 year (95th percentile), residual", money(shown.residual.p95), "p95"),
    figure("1-in-100 year (99th percentile), residual", money(shown.residual.p99), "p99"),
    figure(`Expected shortfall beyond ${conf}, residual`, money(shown.residual.cvar), "cvar"),
    shown.investment ? figure("Controls' annual cost; return on security investment",
      `${money(shown.investment.annual_cost)}; ${shown.investment.rosi === undefined ? "no cost" : percent(shown.investment.rosi, 0)}`, "rosi") : null);
  const crossed = (sim.findings ?? []).find((f) => f.code === "loss_tolerance_exceeded");
  return el("div", {},
    section("Loss exceedance",
      el("div", { class: "field" }, el("label", { for: "loss-focus", text: "Show" }), focusSelect),
      crossed ? el("p", { role: "alert", "data-testid": "tolerance-exceeded", text: `Above the loss tolerance: ${crossed.message}.` }) : null,
      summary,
      lecChart(shown, money, compact),
      lecTable(shown, money),
      el("p", { class: "muted small", "data-testid": "loss-run",
        text: `${sim.iterations.toLocaleString()} simulated years, seed ${sim.seed}, ${sim.model === "event" ? "every threat event simulated" : "frequency × magnitude"}; ${sim.risks.length} quantified risks${sim.unquantified.length ? `, ${sim.unquantified.length} without loss parameters` : ""}; ${Math.round(run.ms)} ms in this browser.` })),
    section("Annual loss per risk", riskTable(app, sim, money, conf)));
}

const figure = (label, value, testid) => el("div", { class: "figure", "data-testid": testid }, el("dt", { text: label }), el("dd", { text: value }));

function riskTable(app, sim, money, conf) {
  const head = ["Risk", "ALE inherent", "ALE residual", "Reduction", "Median", "90th pct.", "95th pct.", "99th pct.", `VaR ${conf}`, "Expected shortfall", "Worst year", "Years with a loss", ""];
  const row = (r, portfolio) => el("tr", { "data-testid": portfolio ? "loss-portfolio" : "loss-row", "data-id": portfolio ? undefined : r.id, class: portfolio ? "total" : undefined },
    el(portfolio ? "th" : "td", portfolio ? { scope: "row", text: "Portfolio" } : { text: `${r.id} ${r.title}` }),
    el("td", { class: "num", text: money(r.inherent.ale) }),
    el("td", { class: "num", "data-testid": "ale", text: money(r.residual.ale) }),
    el("td", { class: "num", text: percent(r.reduction.share, 0) }),
    ["median", "p90", "p95", "p99", "var", "cvar", "max"].map((k) => el("td", { class: "num", text: money(r.residual[k]) })),
    el("td", { class: "num", text: percent(r.residual.loss_probability) }),
    el("td", {}, portfolio ? null : button("Curve", () => {
      settings(app).focus = r.id;
      app.render();
    }, { class: "small", "aria-label": `Loss exceedance curve of ${r.id}` })));
  return scrollBox("Loss by risk", el("table", { class: "register loss", "data-testid": "loss-table" },
    el("caption", { text: "Residual figures (after treatment) unless marked inherent; percentiles are of the annual loss." }),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, sim.risks.map((r) => row(r, false))),
    el("tfoot", {}, row(sim.portfolio, true))));
}

/** The loss exceedance curves (inherent dashed, residual solid) on a logarithmic loss axis. */
function lecChart(shown, money, compact) {
  const { loss, inherent, residual } = shown.lec;
  const title = `Loss exceedance curve: ${shown.id ? `${shown.id} ${shown.title}` : shown.title}`;
  if (!loss.length || loss[loss.length - 1] <= 0) {
    return el("p", { "data-testid": "lec-empty", text: "No simulated year had a loss: there is no curve to draw." });
  }
  const W = 640, H = 300, L = 56, R = 16, T = 14, B = 40;
  const lo = Math.log10(loss[0]), hi = Math.log10(loss[loss.length - 1]);
  const span = hi > lo ? hi - lo : 1;
  const x = (v) => L + ((Math.log10(v) - lo) / span) * (W - L - R);
  const y = (prob) => T + (1 - prob) * (H - T - B);
  const line = (probs) => loss.map((v, i) => `${x(v).toFixed(1)},${y(probs[i]).toFixed(1)}`).join(" ");
  const ticksX = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticksX.push(10 ** e);
  if (ticksX.length < 2) ticksX.splice(0, ticksX.length, loss[0], loss[Math.floor(loss.length / 2)], loss[loss.length - 1]);
  const grid = [
    ...[0, 0.25, 0.5, 0.75, 1].map((prob) => svg("g", {},
      svg("line", { x1: L, x2: W - R, y1: y(prob), y2: y(prob), class: "grid" }),
      svg("text", { x: L - 6, y: y(prob) + 4, "text-anchor": "end", text: percent(prob, 0) }))),
    ...ticksX.map((v) => svg("g", {},
      svg("line", { x1: x(v), x2: x(v), y1: T, y2: H - B, class: "grid" }),
      svg("text", { x: x(v), y: H - B + 16, "text-anchor": "middle", text: compact(v) }))),
  ];
  const ale = (v, cls) => (v > loss[0] && v < loss[loss.length - 1]
    ? svg("line", { x1: x(v), x2: x(v), y1: T, y2: H - B, class: `ale ${cls}` })
    : null);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "lec-title lec-desc", class: "lec", "data-testid": "lec" },
    svg("title", { id: "lec-title", text: title }),
    svg("desc", { id: "lec-desc", text: `Probability that the annual loss exceeds an amount, before treatment (dashed) and after (solid). Annualised loss expectancy ${money(shown.inherent.ale)} before, ${money(shown.residual.ale)} after.` }),
    grid,
    ale(shown.inherent.ale, "inherent"),
    ale(shown.residual.ale, "residual"),
    svg("polyline", { points: line(inherent), class: "curve inherent", "data-testid": "lec-inherent" }),
    svg("polyline", { points: line(residual), class: "curve residual", "data-testid": "lec-residual" }),
    toleranceLine(shown.tolerance ?? [], loss, x, y),
    svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", class: "axis-title", text: "Annual loss (logarithmic)" }));
  return el("figure", { class: "lec-figure" }, chart,
    el("figcaption", {},
      el("span", { class: "key inherent", text: "Before treatment (inherent)" }),
      el("span", { class: "key residual", text: "After treatment (residual)" }),
      el("span", { class: "key ale", text: "Thin lines: annualised loss expectancy" }),
      shown.tolerance?.length ? el("span", { class: "key tolerance", text: "Loss tolerance (dots: its points)" }) : null));
}

/** The organisation's loss tolerance, as far as it falls within the curve's losses: its points, joined. */
function toleranceLine(tolerance, loss, x, y) {
  const inside = tolerance.filter((t) => t.loss >= loss[0] && t.loss <= loss[loss.length - 1]);
  if (!inside.length) return null;
  return svg("g", { class: "tolerance", "data-testid": "lec-tolerance" },
    svg("polyline", { points: inside.map((t) => `${x(t.loss).toFixed(1)},${y(t.tolerated).toFixed(1)}`).join(" "), class: "curve tolerance" }),
    inside.map((t) => svg("circle", { cx: x(t.loss).toFixed(1), cy: y(t.tolerated).toFixed(1), r: 4, class: t.exceeded ? "exceeded" : "" })));
}

function lecTable(shown, money) {
  const { loss, inherent, residual } = shown.lec;
  return el("details", { class: "lec-table" }, el("summary", { text: "The curve as a table" }),
    el("table", { class: "register" },
      el("thead", {}, el("tr", {}, ["Annual loss above", "Probability, inherent", "Probability, residual"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, loss.map((v, i) => el("tr", {},
        el("td", { class: "num", text: money(v) }),
        el("td", { class: "num", text: percent(inherent[i], 2) }),
        el("td", { class: "num", text: percent(residual[i], 2) }))))));
}

// ---------------------------------------------------------------------------------------------
// Parameters

function parameters(app, sim) {
  const items = app.doc.risks ?? [];
  const simulated = new Map((sim?.risks ?? []).map((r) => [r.id, r]));
  const quantified = [];
  const without = [];
  items.forEach((r, i) => (r.quant ? quantified : without).push([r, i]));
  const open = (r) => app.ui.open.has(`quant:${r.id}`);
  return section("Loss parameters",
    el("p", { class: "muted", text: "Each quantity is a range: PERT (lowest, most likely, highest), lognormal from a 90 % interval (one year in twenty below the low value, one in twenty above the high value), or a constant." }),
    quantified.map(([r, i]) => {
      const id = `quant-${i}`;
      const isOpen = open(r);
      return el("div", { class: "quant-risk", "data-testid": "quant-risk", "data-id": r.id },
        el("div", { class: "quant-head" },
          el("span", { class: "rid", text: r.id }), " ", el("span", { text: r.title ?? "" }),
          button(isOpen ? "Close" : "Edit", () => {
            if (isOpen) app.ui.open.delete(`quant:${r.id}`);
            else app.ui.open.add(`quant:${r.id}`);
            app.render();
          }, { id: `${id}-edit`, class: "small", "aria-expanded": String(isOpen), "aria-label": `${isOpen ? "Close" : "Edit"} the loss parameters of ${r.id}` })),
        isOpen ? quantEditor(app, r, id, simulated.get(r.id)) : null);
    }),
    without.length
      ? el("div", { class: "inline-form" },
        el("div", { class: "field" }, el("label", { for: "quant-add", text: "Risk without loss parameters" }),
          el("select", { id: "quant-add" }, without.map(([r]) => el("option", { value: r.id, text: `${r.id} ${r.title ?? ""}` })))),
        button("Add loss parameters", () => {
          const chosen = document.getElementById("quant-add").value;
          const risk = items.find((r) => r.id === chosen);
          if (!risk) return;
          risk.quant = STARTER();
          app.ui.open.add(`quant:${risk.id}`);
          app.commit();
        }, { id: "quant-add-button" }))
      : null);
}

function quantEditor(app, r, id, simulated) {
  const q = r.quant;
  const direct = q.vulnerability !== undefined;
  const form = { how: direct ? "vulnerability" : "resistance" };
  const how = field({ id: `${id}-how`, label: "How a threat event becomes a loss", obj: form, key: "how", kind: "select",
    options: [{ value: "resistance", label: "threat capability against resistance strength" }, { value: "vulnerability", label: "a probability (vulnerability)" }],
    commit: () => {
      if (form.how === "vulnerability") {
        delete q.threat_capability;
        delete q.resistance_strength;
        delete q.resistance_uplift;
        q.vulnerability = { pert: { low: 0.1, mode: 0.3, high: 0.6 } };
      } else {
        delete q.vulnerability;
        const s = STARTER();
        q.threat_capability = s.threat_capability;
        q.resistance_strength = s.resistance_strength;
      }
      app.commit();
    } });
  const secondary = { on: q.secondary !== undefined };
  const secondaryBox = field({ id: `${id}-secondary-on`, label: "Secondary loss (fines, lost customers, reputation)", obj: secondary, key: "on", kind: "checkbox",
    commit: () => {
      if (secondary.on) q.secondary = { frequency: { pert: { low: 0.05, mode: 0.2, high: 0.5 } }, magnitude: { lognormal: { low: 10000, high: 500000 } } };
      else delete q.secondary;
      app.commit();
    } });
  return el("div", { class: "quant-editor" },
    distribution(app, { id: `${id}-tef`, label: "Threat events per year", holder: q, key: "tef", ...FREQUENCY }),
    el("div", { class: "grid" }, how),
    direct
      ? distribution(app, { id: `${id}-vuln`, label: "Vulnerability: share of threat events that become losses", holder: q, key: "vulnerability", ...PROBABILITY })
      : [distribution(app, { id: `${id}-tcap`, label: "Threat capability", holder: q, key: "threat_capability", ...PERCENTILE }),
        distribution(app, { id: `${id}-rs`, label: "Resistance strength without the uplift", holder: q, key: "resistance_strength", ...PERCENTILE }),
        uplift(app, r, q, id, simulated)],
    distribution(app, { id: `${id}-primary`, label: "Primary loss of one loss event", holder: q, key: "primary_loss", ...AMOUNT }),
    el("div", { class: "grid" }, secondaryBox),
    q.secondary
      ? [distribution(app, { id: `${id}-sec-freq`, label: "Secondary loss: probability per loss event", holder: q.secondary, key: "frequency", ...PROBABILITY }),
        distribution(app, { id: `${id}-sec-mag`, label: "Secondary loss: amount", holder: q.secondary, key: "magnitude", ...AMOUNT })]
      : null,
    button(`Remove the loss parameters of ${r.id}`, () => {
      delete r.quant;
      app.ui.open.delete(`quant:${r.id}`);
      app.commit();
    }, { class: "danger small" }));
}

const KINDS = {
  pert: { label: "PERT", fields: [["low", "Lowest"], ["mode", "Most likely"], ["high", "Highest"], ["confidence", "Confidence (4 if empty)"]] },
  lognormal: { label: "Lognormal, 90 % interval", fields: [["low", "5th percentile"], ["high", "95th percentile"]] },
  lognormalMu: { label: "Lognormal, μ and σ", fields: [["mu", "μ of the logarithm"], ["sigma", "σ of the logarithm"]] },
  constant: { label: "Constant", fields: [] },
};

/** The kind of a distribution as stated in the document. */
function kindOf(d) {
  if (d?.pert) return "pert";
  if (d?.lognormal) return d.lognormal.mu !== undefined || d.lognormal.sigma !== undefined ? "lognormalMu" : "lognormal";
  return "constant";
}

/** A distribution of another kind with about the same range, so switching keeps the user's scale. */
function convert(d, kind) {
  const from = kindOf(d);
  let low, mode, high;
  if (from === "pert") ({ low, mode, high } = d.pert);
  else if (from === "lognormal") {
    ({ low, high } = d.lognormal);
    mode = Math.sqrt(low * high);
  } else if (from === "lognormalMu") {
    const { mu = 0, sigma = 1 } = d.lognormal;
    low = Math.exp(mu - 1.645 * sigma);
    high = Math.exp(mu + 1.645 * sigma);
    mode = Math.exp(mu);
  } else {
    low = mode = high = d?.constant ?? 0;
  }
  const round = (v) => Number(Number(v).toPrecision(4));
  if (kind === "pert") return { pert: { low: round(low), mode: round(mode), high: round(high) } };
  if (kind === "lognormal") return { lognormal: { low: round(low > 0 ? low : 1), high: round(high > low && high > 0 ? high : Math.max(low, 1) * 10) } };
  if (kind === "lognormalMu") return { lognormal: { mu: round(Math.log(mode > 0 ? mode : 1)), sigma: 1 } };
  return { constant: round(mode) };
}

function distribution(app, { id, label, holder, key, domain, unit }) {
  const d = holder[key];
  const kind = kindOf(d);
  const kinds = Object.entries(KINDS)
    .filter(([k]) => domain === "amount" || !k.startsWith("lognormal"))
    .map(([value, k]) => ({ value, label: k.label }));
  const state = { kind };
  const kindField = field({ id: `${id}-kind`, label: "Distribution", obj: state, key: "kind", kind: "select", options: kinds,
    commit: () => {
      holder[key] = convert(d, state.kind ?? "pert");
      app.commit();
    } });
  let values;
  if (kind === "constant") {
    values = [field({ id: `${id}-constant`, label: "Value", obj: d, key: "constant", kind: "number", commit: app.commit })];
  } else {
    const inner = kind === "pert" ? d.pert : d.lognormal;
    values = KINDS[kind].fields.map(([k, text]) => field({ id: `${id}-${k}`, label: text, obj: inner, key: k, kind: "number", commit: app.commit }));
  }
  return el("fieldset", { class: "distribution", "data-testid": `dist-${key}` },
    el("legend", { text: `${label} (${unit})` }),
    el("div", { class: "grid" }, kindField, values));
}

/**
 * The controls of a risk's resistance uplift; `simulated` is the risk's last simulation, whose
 * `controls` say what each adds as its SoA record stands.
 */
function uplift(app, r, q, id, simulated) {
  const map = q.resistance_uplift ?? {};
  const status = new Map((app.doc.controls ?? []).map((c) => [c.control, c]));
  const added = new Map((simulated?.controls ?? []).map((c) => [c.control, c]));
  const known = [...engine.ref().catalogue.map((c) => c.id), ...(app.doc.custom_controls ?? []).map((c) => c.id)];
  const write = (entries) => {
    if (entries.length) q.resistance_uplift = Object.fromEntries(entries);
    else delete q.resistance_uplift;
    app.commit();
  };
  const entries = Object.entries(map);
  const rows = entries.map(([control, points], n) => {
    const record = status.get(control);
    const state = record?.applicable === false ? "excluded" : humanise(record?.status ?? "no status");
    const got = added.get(control);
    const effect = !got ? state
      : got.applied === 0 ? `${state}: no uplift yet`
        : got.applied === got.points ? `${state}: full uplift`
          : `${state}: ${got.applied} of ${got.points} points`;
    const holder = { control, points };
    return el("tr", { "data-testid": "uplift-row", "data-id": control },
      el("td", {}, field({ id: `${id}-up-${n}-control`, label: `Control ${n + 1} of the uplift of ${r.id}`, obj: holder, key: "control", kind: "select", hideLabel: true,
        options: known.map((c) => ({ value: c, label: c })),
        commit: () => write(entries.map(([c, p], m) => (m === n ? [holder.control, p] : [c, p]))) })),
      el("td", {}, field({ id: `${id}-up-${n}-points`, label: `Percentile points ${control} adds`, obj: holder, key: "points", kind: "number", hideLabel: true,
        commit: () => write(entries.map(([c, p], m) => (m === n ? [c, holder.points ?? 0] : [c, p]))) })),
      el("td", { class: "muted", text: effect }),
      el("td", {}, button("Remove", () => write(entries.filter((_, m) => m !== n)), { class: "danger small", "aria-label": `Remove ${control} from the uplift of ${r.id}` })));
  });
  const candidate = (r.controls ?? []).find((c) => !(c in map)) ?? known.find((c) => !(c in map));
  return el("fieldset", { class: "distribution", "data-testid": "uplift" },
    el("legend", { text: "Controls that raise the resistance strength (percentile points)" }),
    entries.length
      ? el("table", { class: "register" },
        el("thead", {}, el("tr", {}, ["Control", "Points", "Status in the SoA", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, rows))
      : el("p", { class: "muted", text: "No control raises the resistance yet: the residual loss equals the inherent loss." }),
    simulated ? el("p", { class: "small", "data-testid": "uplift-applied", text: `Applied in the last simulation: ${simulated.resistance_uplift} points.` }) : null,
    candidate ? button(`Add ${candidate}`, () => write([...entries, [candidate, 10]]), { id: `${id}-up-add`, class: "small" }) : null);
}

