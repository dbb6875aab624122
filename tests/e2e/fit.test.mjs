// Reach and fit: every view of the assessor, with the example and with an empty new assessment,
// at 1,366 × 900 and at 390 × 844: no serious or critical axe-core violation, nothing wider than
// the page outside a table's own scroll box, and on a phone the chosen step's heading in view
// (screenshots in tests/e2e/out/fit-<view>-<width>.png). Then: a readiness gap and a finding link
// to the field that fixes them (inside a collapsed risk row too), a requirement met elsewhere says
// where, a bulk decision over a theme, excluded controls read "excluded", and Add moves focus into
// the new record.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openAssessor, OUT, AXE, show } from "./browser.mjs";

// Every view the step list links to (the views a step added later are covered too).
const views = (page) => page.$$eval("#steps a[data-route]", (links) => links.map((a) => a.dataset.route || "home"));
const SIZES = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];

let ctx;
before(async () => {
  ctx = await openAssessor();
  await ctx.page.goto(`${ctx.origin}/`);
  await ctx.page.waitForSelector("body[data-ready=true]");
  await ctx.page.evaluate(AXE);
});
after(async () => ctx?.close());

/** Serious or critical axe violations of the page. */
async function axeProblems(page, label) {
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/** What runs off the page sideways: the page itself, and any element outside a scroll box. */
function overflow(page, label) {
  return page.evaluate((where) => {
    const width = window.innerWidth;
    const out = [];
    const page = document.documentElement.scrollWidth;
    if (page > width) out.push(`${where}: the page is ${page} px wide in a ${width} px window`);
    for (const node of document.querySelectorAll("body *")) {
      if (node.closest(".table-wrap, .skip, .visually-hidden, .hidden, option")) continue;
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 1 || box.left < -1) {
        const name = `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ""}${node.className && typeof node.className === "string" ? `.${node.className.split(" ").join(".")}` : ""}`;
        out.push(`${where}: ${name} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
    return out.slice(0, 5);
  }, label);
}

/** Opens a step as a person would: through the step list (the home view through its link). */
async function choose(page, view) {
  const route = view === "home" ? "" : view;
  await page.click(`#steps a[data-route="${route}"]`);
  await page.waitForFunction((v) => document.body.dataset.view === v, view);
  await page.waitForTimeout(50);
}

async function everyView(page, tag) {
  const problems = [];
  const VIEWS = await views(page);
  assert.ok(VIEWS.length >= 18, `the step list links ${VIEWS.length} views`);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const view of VIEWS) {
      const label = `${tag} ${view} at ${size.width} px`;
      await choose(page, view);
      if (size.width < 600) {
        const heading = await page.evaluate(() => {
          const box = document.querySelector("#view h1")?.getBoundingClientRect();
          return box && { top: box.top, bottom: box.bottom, height: window.innerHeight };
        });
        if (!heading || heading.top < 0 || heading.bottom > heading.height) problems.push(`${label}: the heading is not in view (${JSON.stringify(heading)})`);
      }
      if (view === "risks" && tag === "example") await page.click("#risk-0-more");
      if (tag === "example") await page.screenshot({ path: join(OUT, `fit-${view}-${size.width}.png`) });
      if (size.width >= 1366) {
        // On a laptop screen the registers show every column without scrolling their box.
        const scrolled = await page.$$eval(".table-wrap", (boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 1)
          .map((b) => `${b.getAttribute("aria-label") ?? b.firstElementChild?.className} scrolls (${b.scrollWidth} in ${b.clientWidth} px)`));
        problems.push(...scrolled.map((p) => `${label}: ${p}`));
      }
      problems.push(...await overflow(page, label), ...await axeProblems(page, label));
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return problems;
}

test("every view fits 1,366 px and 390 px, keeps the chosen step in view and has no serious axe violation, with the example", async () => {
  const { page } = ctx;
  await page.click("#load-example");
  await page.waitForFunction(() => document.body.dataset.view === "readiness");
  assert.deepEqual(await everyView(page, "example"), []);
  assert.deepEqual(ctx.errors, []);
});

test("…and with an empty new assessment", async () => {
  const { page } = ctx;
  await newAssessment(page, "Empty Co");
  assert.deepEqual(await everyView(page, "empty"), []);
  assert.deepEqual(ctx.errors, []);
});

/** Creates an empty assessment named `name` and waits for its first step. */
async function newAssessment(page, name) {
  await show(page, "");
  await page.fill("#new-name", name);
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");
}

const focused = (page) => page.evaluate(() => ({ id: document.activeElement?.id, path: document.activeElement?.dataset?.path }));

async function exampleLoaded(page) {
  await show(page, "");
  await page.click("#load-example");
  await page.waitForFunction(() => document.body.dataset.view === "readiness");
}

test("a readiness gap and a finding link to the field that fixes them", async () => {
  const { page } = ctx;
  await exampleLoaded(page);
  // "All n gaps" stays on the step and scrolls to the full list.
  await page.click("text=/^All \\d+ gaps$/");
  await page.waitForFunction(() => {
    const box = document.getElementById("h-all-gaps")?.getBoundingClientRect();
    return box && box.top >= -2 && box.bottom <= window.innerHeight + 2;
  });
  assert.equal(await page.evaluate(() => document.body.dataset.view), "readiness");
  // A finding with a path: the overdue treatment action's due date, on the treatment step.
  const overdue = page.locator('#gap-list li[data-code=action_overdue] a.go');
  assert.match(await overdue.getAttribute("href"), /^#\/treatment\?field=\/risks\/17\/treatment\/plan\/0\/due$/);
  await overdue.click();
  await page.waitForFunction(() => document.activeElement?.dataset?.path === "/risks/17/treatment/plan/0/due");
  // A control gap: the control's row is opened and its first field focused.
  await show(page, "readiness");
  await page.locator('#gap-list li[data-code=control_planned][data-ref="A.8.11"] a.go').click();
  await page.waitForFunction(() => document.activeElement?.dataset?.path?.startsWith("/controls/69/"));
  assert.equal(await page.locator('[data-testid=control-row][data-id="A.8.11"]').getAttribute("open"), "");
  // The banner's Next link goes to the field of the first gap (risk R-023 on the treatment step).
  await show(page, "soa");
  await page.click("[data-testid=next] a");
  await page.waitForFunction(() => document.body.dataset.view === "treatment");
  assert.match((await focused(page)).path, /^\/risks\/22\//);
  // A finding shown on a step links to its field too: the interested party's requirement.
  await show(page, "context");
  const fix = page.locator("[data-code=requirement_unaddressed] a[data-testid=fix]").first();
  await fix.click();
  await page.waitForFunction(() => document.activeElement?.dataset?.path === "/context/interested_parties/2/requirements/1/controls");
  assert.deepEqual(ctx.errors, []);
});

test("a gap without a path links to the field that evidences it, inside a collapsed risk row too; a requirement met elsewhere says where", async () => {
  const { page } = ctx;
  await newAssessment(page, "Reach Co");
  // 5.1 is met through an approved policy and a management review: the Leadership step says so.
  await show(page, "leadership");
  const where = page.locator('.req[data-id="5.1"] .where');
  assert.match(await where.textContent(), /an approved policy.*a management review \(Audits & improvement\)/);
  await where.locator("a", { hasText: "a management review" }).click();
  await page.waitForFunction(() => document.activeElement?.id === "add-mr");
  // A risk without linked controls: the 6.1.3.b gap opens the risk's details at its controls.
  await show(page, "risks");
  await page.click("#add-risk");
  await page.waitForFunction(() => document.activeElement?.id === "risk-0-title");
  assert.equal(await page.locator("#risk-0-controls").count(), 0, "the details row starts collapsed");
  await show(page, "readiness");
  const gap = page.locator('#gap-list li[data-code=requirement_missing][data-ref="6.1.3.b"] a.go');
  assert.equal(await gap.getAttribute("href"), "#/risks?field=/risks/0/controls");
  await gap.click();
  await page.waitForFunction(() => document.activeElement?.id === "risk-0-controls");
  // A list with no record yet: the link reaches the list's Add button.
  await show(page, "readiness");
  await page.locator('#gap-list li[data-code=requirement_missing][data-ref="10.2"] a.go').click();
  await page.waitForFunction(() => document.activeElement?.id === "add-nc");
  // A link opened as a page (a bookmark, a reload) reaches its field too.
  await page.goto(`${ctx.origin}/#/risks?field=/risks/0/vulnerability`);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForFunction(() => document.activeElement?.id === "risk-0-vulnerability");
  await page.evaluate(AXE);
  assert.deepEqual(ctx.errors, []);
});

test("a bulk decision sets every control of a theme with one justification; excluded controls read excluded", async () => {
  const { page } = ctx;
  await newAssessment(page, "Bulk Co");
  await show(page, "controls");
  await page.selectOption("#bulk-scope", "theme:physical");
  await page.selectOption("#bulk-decision", "no");
  await page.fill("#bulk-justification", "No premises: everyone works remotely");
  await page.click("#bulk-review");
  assert.equal(await page.textContent("#bulk-apply"), "Mark 14 controls as not applicable (excluded)");
  await page.click("#bulk-apply");
  await page.waitForFunction(() => document.querySelector("[data-testid=soa-summary]")?.textContent.includes("14 excluded"));
  const physical = page.locator('section[data-theme=physical] [data-testid=applicability]');
  assert.equal(await physical.count(), 14);
  assert.deepEqual([...new Set(await physical.allTextContents())], ["excluded"]);
  // A selection: two people controls, applicable for best practice.
  await page.check('#pick-A_6_1');
  await page.check('#pick-A_6_3');
  await page.selectOption("#bulk-scope", "selected");
  await page.selectOption("#bulk-decision", "yes");
  await page.check("#bulk-reason-best_practice");
  await page.click("#bulk-review");
  assert.equal(await page.textContent("#bulk-apply"), "Mark 2 controls as applicable");
  await page.click("#bulk-apply");
  await page.waitForFunction(() => document.querySelector("[data-testid=soa-summary]")?.textContent.startsWith("2 applicable"));
  // The filter's result: the controls that match a search, applicable for a legal reason.
  await page.fill("#ctlf-text", "cryptography");
  await page.waitForFunction(() => /^\d+ of 93 controls shown$/.test(document.querySelector("#controls-status")?.textContent ?? "") && !document.querySelector("#controls-status").textContent.startsWith("93"));
  const shown = Number((await page.textContent("#controls-status")).split(" ")[0]);
  assert.ok(shown >= 1 && shown < 14, `${shown} controls match`);
  await page.selectOption("#bulk-scope", "shown");
  await page.uncheck("#bulk-reason-best_practice");
  await page.check("#bulk-reason-legal");
  await page.click("#bulk-review");
  assert.equal(await page.textContent("#bulk-apply"), `Mark ${shown} control${shown === 1 ? "" : "s"} as applicable`);
  await page.click("#bulk-apply");
  await page.waitForFunction((n) => document.querySelector("[data-testid=soa-summary]")?.textContent.startsWith(`${2 + n} applicable`), shown);
  assert.deepEqual([...new Set(await page.locator("#control-list [data-testid=applicability]").allTextContents())], ["applicable"]);
  await page.click("#ctlf-reset");
  await page.waitForFunction(() => document.querySelector("#controls-status")?.textContent === "93 of 93 controls shown");
  await show(page, "soa");
  const rows = await page.$$eval("[data-testid=soa-table] tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const byId = new Map(rows.map((r) => [r[0], r]));
  for (let n = 1; n <= 14; n++) {
    const row = byId.get(`A.7.${n}`);
    assert.deepEqual([row[2], row[3], row[4]], ["no (excluded)", "No premises: everyone works remotely", "excluded"], `A.7.${n}`);
  }
  assert.deepEqual([byId.get("A.6.1")[2], byId.get("A.6.1")[3]], ["yes", "best practice"]);
  assert.equal(byId.get("A.6.2")[2], "undecided");
  // The excluded control's own row says so, and offers no implementation status.
  await show(page, "controls");
  await page.locator('[data-testid=control-row][data-id="A.7.4"] summary').click();
  assert.match(await page.textContent('[data-id="A.7.4"] [data-testid=excluded-status]'), /excluded/);
  assert.equal(await page.locator("#ctl-A_7_4-status").count(), 0);
  assert.deepEqual(ctx.errors, []);
});

test("Add moves focus into the new record's first field, and names it in proper English", async () => {
  const { page } = ctx;
  await show(page, "context");
  assert.equal(await page.textContent("#add-party"), "Add interested party");
  await page.click("#add-party");
  await page.waitForFunction(() => /^party-\d+-name$/.test(document.activeElement?.id ?? ""));
  await show(page, "improvement");
  assert.equal(await page.textContent("#add-nc"), "Add nonconformity");
  await page.click("#add-nc");
  await page.waitForFunction(() => /^nc-\d+-title$/.test(document.activeElement?.id ?? ""));
  await show(page, "assets");
  await page.click("#add-asset");
  await page.waitForFunction(() => /^asset-\d+-name$/.test(document.activeElement?.id ?? ""));
  assert.deepEqual(ctx.errors, []);
});
