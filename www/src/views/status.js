// Readiness (the engine's score, requirement statuses and gap list), audits, nonconformities and
// management reviews, and the print-ready report.
import * as engine from "../engine.js";
import { el, button, findingList, section, humanise } from "../dom.js";
import { findingsAt, scrollBox } from "./common.js";
import { downloads, implementationOf } from "./controls.js";
import { hrefOf, requirementItem, targetOf } from "../reach.js";
import { heatMaps } from "./risk.js";
import { simulation, moneyFormat } from "./loss.js";
import { audits, nonconformities, kpis, reviews } from "./sections.js";
import { compare } from "./compare.js";

function gapList(app, gaps, limit) {
  if (!gaps.length) return el("p", { class: "muted", "data-testid": "gaps", text: "No gaps: every requirement is met and nothing is left to fix." });
  const shown = limit ? gaps.slice(0, limit) : gaps;
  return el("ol", { class: "gaps", "data-testid": "gaps" }, shown.map((g) => {
    const target = targetOf(app, g);
    return el("li", { class: `finding sev-${g.severity}`, "data-code": g.code, "data-ref": g.reference },
      el("span", { class: "sev", text: g.severity }),
      el("span", { class: "ref", text: g.reference }),
      el("span", { class: "msg", text: g.message }),
      target ? el("a", { href: hrefOf(app, g), class: "go", text: `Go to ${target.title}` }) : null);
  }));
}

function ratioBar(label, ratio) {
  const meter = el("meter", { min: "0", max: "1", value: String(ratio ?? 0), "aria-label": label });
  return el("div", { class: "bar" }, el("span", { class: "bar-label", text: label }), meter,
    el("span", { class: "bar-value", text: ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 100)} %` }));
}

export function readiness(app) {
  const r = app.derived?.readiness;
  if (!r) return el("p", { text: "No readiness yet." });
  const byClause = new Map();
  for (const q of r.requirements) {
    if (!byClause.has(q.clause)) byClause.set(q.clause, []);
    byClause.get(q.clause).push(q);
  }
  return el("div", {}, el("h1", { text: "Readiness" }),
    el("div", { class: "score-card", "data-testid": "score" },
      el("span", { class: "score", text: String(r.score.score) }),
      el("span", { class: `verdict verdict-${r.score.verdict}`, text: humanise(r.score.verdict) }),
      el("span", { class: "muted", text: `${r.summary.high} high, ${r.summary.medium} medium, ${r.summary.low} low gaps` }),
      el("p", { class: "formula", text: r.score.formula })),
    section("What to do next", gapList(app, r.gaps, 8),
      r.gaps.length > 8 ? el("p", {}, el("a", {
        href: "#/readiness",
        text: `All ${r.gaps.length} gaps`,
        onclick: (event) => {
          event.preventDefault();
          document.getElementById("h-all-gaps")?.scrollIntoView();
        },
      })) : null),
    section("Annex A implementation by theme", el("div", { class: "bars" }, r.by_theme.map((t) => ratioBar(`${humanise(t.key)} (${t.applicable + t.undecided} in scope)`, t.ratio)))),
    section("Requirements of clauses 4 to 10",
      el("div", { class: "clauses" }, [...byClause].map(([clause, reqs]) => el("div", { class: "clause" },
        el("h3", { text: `Clause ${clause}` }),
        el("ul", { class: "requirements" }, reqs.map((q) => requirementItem(app, q))))))),
    section("Mandatory documented information",
      el("ul", { class: "requirements" }, r.documents.map((d) => el("li", { class: `req req-${d.present ? "met" : "missing"}` },
        el("span", { class: "status", text: d.present ? "present" : "missing" }),
        el("span", { class: "ref", text: d.requirement }),
        el("span", {}, `${d.name}${d.documents.length ? ` (${d.documents.join(", ")})` : ""}`,
          d.present ? null : [" ", el("a", { href: hrefOf(app, { reference: d.requirement, path: "/documents" }) ?? "#/documents", text: "Register it" })]))))),
    compare(app),
    el("section", { class: "panel", id: "gap-list", "aria-labelledby": "h-all-gaps" }, el("h2", { id: "h-all-gaps", text: `All gaps (${r.gaps.length})` }), gapList(app, r.gaps)));
}

export function improvement(app) {
  return el("div", {}, el("h1", { text: "Audits, indicators, nonconformities and management reviews" }),
    section("Internal audits (9.2)", audits(app)),
    section("Nonconformities and corrective actions (10.2)", nonconformities(app)),
    section("Monitoring and measurement: indicators (9.1)", kpis(app)),
    section("Management reviews (9.3)",
      el("p", { class: "muted", text: "Leadership (5.1) is shown by an approved policy and a management review recorded here. “Consider the review pack's inputs” adds the inputs of 9.3.2 with the records the pack summarises; write what the review concluded on each." }),
      reviews(app)),
    section("Findings", findingList(findingsAt(app, "/audits", "/nonconformities", "/management_reviews", "/kpis"), { empty: "No findings about audits, nonconformities or reviews." })));
}

export function report(app) {
  const d = app.derived;
  if (!d) return el("p", { text: "Nothing to report yet." });
  const { soa, readiness: r, analysis } = d;
  const org = app.doc.organisation ?? {};
  return el("article", { class: "report" },
    el("div", { class: "no-print" }, button("Print", () => window.print(), { id: "print" }), " ", downloads(app)),
    el("h1", { text: `Information security management system: ${org.name || "Untitled"}` }),
    el("p", { class: "muted", text: `Generated ${engine.today()} by the isms engine ${engine.version()} in this browser.` }),
    section("Scope", el("p", { text: app.doc.context?.scope?.statement ?? "No scope statement." })),
    section("Readiness",
      el("p", {}, el("strong", { text: `${r.score.score} (${humanise(r.score.verdict)})` }), ` · ${r.summary.high} high, ${r.summary.medium} medium, ${r.summary.low} low gaps`),
      gapList(app, r.gaps, 15)),
    section("Risks", heatMaps(app),
      scrollBox("Risks", el("table", { class: "register" },
        el("thead", {}, el("tr", {}, ["Risk", "Owner", "Inherent", "Residual", "Treatment"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, analysis.top.map((x) => el("tr", {},
          el("td", { text: `${x.id} ${x.title}` }), el("td", { text: x.owner ?? "" }),
          el("td", { text: `${x.inherent?.score ?? "—"} ${x.inherent?.band ?? ""}` }),
          el("td", { text: `${x.residual?.score ?? "—"} ${x.residual?.band ?? ""}` }),
          el("td", { text: x.treatment ?? "none" }))))))),
    lossSummary(app),
    section("Statement of Applicability",
      scrollBox("Statement of Applicability", el("table", { class: "register soa" },
        el("thead", {}, el("tr", {}, ["Control", "Title", "Applicable", "Reasons / justification", "Status"].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, soa.rows.map((x) => el("tr", {},
          el("td", { text: x.control }), el("td", { text: x.title }),
          el("td", { text: x.applicable === true ? "yes" : x.applicable === false ? "no (excluded)" : "undecided" }),
          el("td", { text: x.applicable === false ? x.justification : x.reasons.map(humanise).join(", ") }),
          el("td", { text: implementationOf(x) }))))))),
    section("Findings", findingList(d.validation.findings.filter((f) => f.code !== "control_undecided"))));
}

/** The report's loss in money: the portfolio and the risks with the largest residual ALE. */
function lossSummary(app) {
  const run = simulation(app);
  if (!run.ok?.risks.length) return null;
  const sim = run.ok;
  const money = moneyFormat(app.doc.organisation?.currency);
  const p = sim.portfolio;
  const top = [...sim.risks].sort((a, b) => b.residual.ale - a.residual.ale).slice(0, 10);
  return section("Loss in money",
    el("p", { "data-testid": "report-loss", text: `Annualised loss expectancy of the ${sim.risks.length} quantified risks: ${money(p.inherent.ale)} before treatment, ${money(p.residual.ale)} after; one year in twenty loses more than ${money(p.residual.p95)} (${sim.iterations.toLocaleString()} simulated years, seed ${sim.seed}).` }),
    scrollBox("Loss by risk", el("table", { class: "register" },
      el("thead", {}, el("tr", {}, ["Risk", "ALE inherent", "ALE residual", "95th percentile, residual"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, top.map((r) => el("tr", {},
        el("td", { text: `${r.id} ${r.title}` }),
        el("td", { class: "num", text: money(r.inherent.ale) }),
        el("td", { class: "num", text: money(r.residual.ale) }),
        el("td", { class: "num", text: money(r.residual.p95) })))))));
}
