// The acceptance walk: a 30-person company builds its ISMS from an empty assessment to the
// readiness verdict `ready` through the assessor's screens alone — clicks, choices and typing; the
// test never writes the document. Each step is screenshotted (tests/e2e/out/walk-NN-<step>.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { openAssessor, OUT, saved } from "./browser.mjs";

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const TODAY = day(0);
const LAST_MONTH = day(-30);
const LAST_WEEK = day(-7);
const NEXT_YEAR = day(365);

let ctx;
let shot = 0;
before(async () => {
  // Screenshots of an earlier walk go, so the folder shows this walk's steps only.
  for (const name of readdirSync(OUT)) if (/^walk-\d+-.*\.png$/.test(name)) rmSync(join(OUT, name));
  ctx = await openAssessor();
  await ctx.page.goto(`${ctx.origin}/`);
  await ctx.page.waitForSelector("body[data-ready=true]");
});
after(async () => ctx?.close());

/**
 * Runs `action` (a change of the document) and waits until the app has rendered again: the view's
 * content is marked first, and a render replaces it.
 */
async function acting(page, action) {
  await page.evaluate(() => { document.querySelector("#view > *").dataset.before = "1"; });
  await action();
  await page.waitForFunction(() => document.querySelector("#view > *") && !document.querySelector("#view > *").dataset.before);
}

/** Types `value` into the field `selector` and leaves it (the change is committed). */
const type = (page, selector, value) => acting(page, async () => {
  await page.fill(selector, value);
  await page.press(selector, "Tab");
});

/** Chooses `value` in the select `selector`. */
const choose = (page, selector, value) => acting(page, () => page.selectOption(selector, value));

/** Clicks a button that changes the document. */
const press = (page, selector) => acting(page, () => page.click(selector));

/** Goes to a step through the navigation. */
async function step(page, route) {
  await page.click(`nav a[data-route="${route}"]`);
  await page.waitForFunction((r) => document.body.dataset.view === r, route);
}

/** A screenshot of the step just done. */
async function snap(page, name, fullPage = true) {
  shot++;
  await page.screenshot({ path: join(OUT, `walk-${String(shot).padStart(2, "0")}-${name}.png`), fullPage });
}

/** Fills a record's fields: `fields` maps the input id's suffix to a value (select or text). */
async function record(page, prefix, fields) {
  for (const [key, value] of Object.entries(fields)) {
    const selector = `#${prefix}-${key}`;
    const tag = await page.$eval(selector, (n) => n.tagName);
    if (tag === "SELECT") await choose(page, selector, value);
    else await type(page, selector, value);
  }
}

test("an empty assessment reaches `ready` through the screens alone", async () => {
  const { page } = ctx;
  page.setDefaultTimeout(15000);
  const started = performance.now();

  // 1. A new assessment.
  await page.fill("#new-name", "Fenwick Analytics Ltd");
  await snap(page, "home", false);
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");

  // 2. Context (4.1–4.4).
  await record(page, "org", { sector: "Software (B2B analytics)", employees: "30", locations: "Leeds office\nRemote staff in the UK" });
  await press(page, "#add-issue");
  await record(page, "issue-0", { kind: "external", description: "Customers in regulated sectors expect ISO 27001 certification", effect: "Certification is a condition of larger contracts" });
  await press(page, "#add-issue");
  await record(page, "issue-1", { kind: "external", description: "Heat waves and floods can cut power to the office and the cloud region", effect: "Availability of the service and the office" });
  await acting(page, () => page.check("#issue-1-climate"));
  await press(page, "#add-party");
  await record(page, "party-0", { name: "Customers", needs: "Their data kept confidential and the service available" });
  await press(page, "#add-party-0-req");
  await record(page, "party-0-req-0", { kind: "contractual", reference: "Master services agreement §9", controls: "5.34, 8.13", description: "Personal data protected and backed up" });
  await type(page, "#scope-statement", "The development, operation and support of the Fenwick analytics platform, delivered from Leeds and by remote staff.");
  await type(page, "#scope-inclusions", "Analytics platform\nCustomer support");
  await type(page, "#scope-interfaces", "Cloud hosting provider");
  await snap(page, "context");

  // 3. Leadership (5.2, 5.3).
  await step(page, "leadership");
  await record(page, "policy", { title: "Information security policy", version: "1.0", "approved-by": "Managing Director", "approved-on": LAST_MONTH, "next-review": NEXT_YEAR });
  await press(page, "#add-role");
  await record(page, "role-0", { title: "Information security manager", holder: "Priya Shah", responsibilities: "Runs the ISMS\nReports to management" });
  await press(page, "#add-role");
  await record(page, "role-1", { title: "Managing Director", holder: "Tom Fenwick", responsibilities: "Approves the policy and accepts risks" });
  await snap(page, "leadership");

  // 4. The risk method: the 4×4 preset of ISO/IEC 27005, then back to the 5×5 one.
  await step(page, "method");
  await choose(page, "#method-preset", "iso27005-4x4");
  await choose(page, "#method-preset", "iso27005-5x5");
  await snap(page, "method", false);

  // 5. Assets with their value and recovery objectives.
  await step(page, "assets");
  const assets = [
    ["Customer analytics data", "information", "4", "4", "3", "24", "4"],
    ["Analytics platform", "service", "3", "4", "4", "8", "4"],
    ["Staff laptops", "hardware", "3", "2", "2", "48", "24"],
  ];
  for (const [k, [name, kind, c, i, a, rto, rpo]] of assets.entries()) {
    await press(page, "#add-asset");
    await type(page, `#asset-${k}-name`, name);
    await record(page, `asset-${k}`, { type: kind, owner: "Priya Shah", confidentiality: c, integrity: i, availability: a });
    await acting(page, () => page.click(`#asset-${k}-more`));
    await record(page, `asset-${k}`, { rto, rpo, location: k === 2 ? "With each member of staff" : "Cloud region eu-west-2" });
    if (k === 2) await snap(page, "asset-details", false);
    await acting(page, () => page.click(`#asset-${k}-more`));
  }
  await snap(page, "assets");

  // 6. Risks: each from the threat catalogue, with the controls it proposes.
  await step(page, "risks");
  const risks = [
    ["AS-01", "TH-01", "4", "4"],
    ["AS-02", "TH-02", "3", "5"],
    ["AS-03", "TH-03", "3", "3"],
  ];
  for (const [k, [asset, threat, likelihood, impact]] of risks.entries()) {
    await press(page, "#add-risk");
    await type(page, `#risk-${k}-assets`, asset);
    await record(page, `risk-${k}`, { owner: "Priya Shah", likelihood, impact });
    await press(page, `#risk-${k}-more`);
    await choose(page, `#risk-${k}-pick-threat`, threat);
    assert.notEqual(await page.inputValue(`#risk-${k}-title`), "New risk", "choosing a threat titles the risk");
    await page.waitForSelector(`#risk-${k}-pick-vulnerability option:nth-child(2)`, { state: "attached" });
    const vulnerability = await page.$eval(`#risk-${k}-pick-vulnerability option:nth-child(2)`, (o) => o.value);
    await choose(page, `#risk-${k}-pick-vulnerability`, vulnerability);
    await press(page, `#risk-${k}-accept-controls`);
    assert.ok((await page.inputValue(`#risk-${k}-controls`)).startsWith("A."), "the proposed controls are the risk's");
    if (k === 0) await snap(page, "risk-threat-picker");
    await press(page, `#risk-${k}-more`);
  }
  await snap(page, "risks");

  // 7. Treatment: an option, an action done, and the owner's acceptance of what remains.
  await step(page, "treatment");
  await acting(page, () => page.check("#treatment-all"));
  for (let k = 0; k < risks.length; k++) {
    await record(page, `treat-${k}`, { option: "modify", rationale: "Reduce the likelihood with the controls from the catalogue" });
    await press(page, `#add-treat-${k}-plan`);
    await record(page, `treat-${k}-plan-0`, { description: "Roll out the selected controls", owner: "Priya Shah", due: LAST_WEEK, status: "done", completed_on: LAST_WEEK });
    await record(page, `treat-${k}`, { "acc-by": "Priya Shah", "acc-on": LAST_WEEK, "acc-why": "Residual risk within appetite after the controls" });
  }
  await snap(page, "treatment");

  // 8. Annex A: applicability decided in bulk (every control applicable for a business
  // requirement, then two excluded by selection with one justification), then each applicable
  // control's implementation recorded one by one.
  await step(page, "controls");
  const ids = await page.$$eval("[data-testid=control-row]", (rows) => rows.map((r) => r.dataset.id));
  assert.equal(ids.length, 93);
  const excluded = new Set(["A.7.5", "A.8.30"]);
  const slugOf = (id) => id.replace(/[^A-Za-z0-9_-]/g, "_");
  await page.selectOption("#bulk-scope", "shown");
  await page.selectOption("#bulk-decision", "yes");
  await page.check("#bulk-reason-business_requirement");
  await page.click("#bulk-review");
  assert.equal(await page.textContent("#bulk-apply"), "Mark 93 controls as applicable");
  await press(page, "#bulk-apply");
  for (const id of excluded) await page.check(`#pick-${slugOf(id)}`);
  await page.selectOption("#bulk-scope", "selected");
  await page.selectOption("#bulk-decision", "no");
  await page.fill("#bulk-justification", "Not relevant: no own premises to protect or outsourced development");
  await page.click("#bulk-review");
  assert.equal(await page.textContent("#bulk-apply"), "Mark 2 controls as not applicable (excluded)");
  await press(page, "#bulk-apply");
  for (const id of ids) {
    if (excluded.has(id)) continue;
    const slug = slugOf(id);
    await page.click(`[data-testid=control-row][data-id="${id}"] summary`);
    await choose(page, `#ctl-${slug}-status`, "implemented");
    await type(page, `#ctl-${slug}-evidence`, "Information security policy, section per control");
    await page.click(`[data-testid=control-row][data-id="${id}"] summary`);
  }
  await snap(page, "controls", false);
  console.log(`walk: controls decided after ${(performance.now() - started) / 1000 | 0} s`);

  // 9. The SoA's header.
  await step(page, "soa");
  await record(page, "soa", { version: "1.0", "approved-by": "Managing Director", "approved-on": LAST_WEEK, "next-review": NEXT_YEAR });
  await snap(page, "soa", false);

  // 10. Objectives with a measurement, and a planned change (6.2, 6.3).
  await step(page, "objectives");
  await press(page, "#add-objective");
  await record(page, "objective-0", { title: "Phishing simulation click rate at most 5 %", owner: "Priya Shah", measure: "Share of staff clicking the monthly simulated phishing email", target: "5", direction: "at_most", unit: "%", due: NEXT_YEAR });
  await press(page, "#add-objective-0-measurements");
  await record(page, "objective-0-measurements-0", { date: LAST_WEEK, value: "7" });
  await press(page, "#add-change");
  await record(page, "change-0", { description: "Move the backups to a second cloud region", planned_on: NEXT_YEAR, status: "planned" });
  await snap(page, "objectives");

  // 11. Support: competence and awareness (7.2, 7.3).
  await step(page, "support");
  await press(page, "#add-competence");
  await record(page, "competence-0", { person: "Priya Shah", role: "ROLE-01", kind: "qualification", topic: "ISO/IEC 27001 lead implementer", completed_on: LAST_MONTH, evidence: "HR file" });
  await press(page, "#add-competence");
  await record(page, "competence-1", { person: "All staff", kind: "awareness", topic: "Information security policy and phishing", completed_on: LAST_WEEK, evidence: "Training platform report" });
  await snap(page, "support");

  // 12. Documents: each mandatory document the assessment does not hold yet recorded in the
  // register; every entry versioned, approved and located.
  await step(page, "documents");
  for (;;) {
    const next = await page.$("[data-testid=mandatory-documents] tr[data-state=missing] button");
    if (!next) break;
    await acting(page, () => next.click());
  }
  // 7.1 (resources) and 7.4 (communication) are shown by documents that cite them.
  for (const [title, requirement] of [["ISMS resource plan", "7.1"], ["Communication plan", "7.4"]]) {
    await press(page, "#add-docrec");
    const k = (await page.$$("[data-testid=docrec-record]")).length - 1;
    await record(page, `docrec-${k}`, { title, requirements: requirement });
  }
  const entries = (await page.$$("[data-testid=docrec-record]")).length;
  for (let k = 0; k < entries; k++) {
    await record(page, `docrec-${k}`, { version: "1.0", owner: "Priya Shah", approved_on: LAST_WEEK, location: `https://intranet.example/isms/DOC-${k + 1}` });
  }
  await snap(page, "documents");

  // 13. Operations: an incident and what was learnt.
  await step(page, "operations");
  await press(page, "#add-incident");
  await record(page, "incident-0", { title: "Phishing email led to one stolen password", severity: "medium", status: "closed", occurred_on: LAST_MONTH, reported_on: LAST_MONTH, assets: "AS-01", risks: "R-01", controls: "8.5", description: "A developer entered a password on a fake login page; MFA stopped the login.", lessons_learned: "Phishing-resistant MFA for every account" });
  await snap(page, "operations");

  // 14. Audits, indicators, nonconformities and a management review (9.1–10.2).
  await step(page, "improvement");
  await press(page, "#add-audit");
  await record(page, "audit-0", { auditor: "Northgate Assurance", status: "completed", planned_on: LAST_MONTH, performed_on: LAST_WEEK, scope: "Clauses 4 to 10 and all applicable controls" });
  await press(page, "#add-audit-0-findings");
  await record(page, "audit-0-findings-0", { kind: "minor_nonconformity", reference: "7.3", nonconformity: "NC-01", description: "Two new starters had not done the awareness training" });
  await press(page, "#add-nc");
  await record(page, "nc-0", { title: "Awareness training missed by new starters", reference: "7.3", raised_on: LAST_WEEK, status: "closed", finding: "F-IA-01-01", description: "Two starters missed the training", correction: "Both trained", root_cause: "Onboarding checklist lacked the training" });
  await press(page, "#add-nc-0-corrective_actions");
  await record(page, "nc-0-corrective_actions-0", { description: "Add the training to the onboarding checklist", owner: "Priya Shah", due: LAST_WEEK, status: "done", completed_on: LAST_WEEK });
  await acting(page, () => page.check("#nc-0-verification-effective"));
  await record(page, "nc-0-verification", { by: "Priya Shah", on: TODAY, note: "Both later starters completed the training in their first week" });
  await press(page, "#add-kpi");
  await record(page, "kpi-0", { name: "Staff who completed awareness training", owner: "Priya Shah", frequency: "monthly", target: "95", direction: "at_least", unit: "%" });
  await press(page, "#add-kpi-0-measurements");
  await record(page, "kpi-0-measurements-0", { date: LAST_WEEK, value: "97" });
  await press(page, "#add-mr");
  await record(page, "mr-0", { date: LAST_WEEK, attendees: "Tom Fenwick, Priya Shah", inputs: "a, b, c, d, e, f, g", decisions: "Fund phishing-resistant MFA\nRepeat the audit next year" });
  await press(page, "#mr-0-pack");
  await page.waitForSelector("#mr-0-considered-6-conclusion");
  const conclusions = [
    "No actions from earlier reviews: this is the first review",
    "Certification now asked for by two more customers",
    "Customers ask for yearly penetration test reports",
    "Performance on target except the phishing objective",
    "No complaints; one customer audit passed",
    "Three risks treated, all residual risks accepted",
    "Phishing-resistant MFA would remove the largest risk",
  ];
  for (const [k, conclusion] of conclusions.entries()) await type(page, `#mr-0-considered-${k}-conclusion`, conclusion);
  await press(page, "#add-mr-0-actions");
  await record(page, "mr-0-actions-0", { description: "Buy security keys for every member of staff", owner: "Tom Fenwick", due: NEXT_YEAR, status: "planned" });
  await snap(page, "improvement");

  // 15. Readiness.
  await step(page, "readiness");
  await saved(page);
  await snap(page, "readiness");
  const gaps = await page.$$eval("#gap-list [data-testid=gaps] li", (items) => items.map((li) => li.textContent));
  const verdict = await page.textContent("[data-testid=score] .verdict");
  const score = Number(await page.textContent("[data-testid=score] .score"));
  console.log(`walk: ${shot} screenshots, ${(performance.now() - started) / 1000 | 0} s, score ${score} (${verdict}), ${gaps.length} gaps left:\n  ${gaps.slice(0, 30).join("\n  ")}`);
  assert.equal(verdict, "ready");
  // The nav shows every step of clauses 4 to 10 complete (loss in money is optional).
  const incomplete = await page.$$eval("nav li.step:not(.complete) a", (links) => links.map((a) => a.dataset.route));
  assert.deepEqual(incomplete.sort(), ["loss", "readiness"]);
  assert.ok(score >= 80, `score ${score}`);
  assert.deepEqual(ctx.errors, []);
});
