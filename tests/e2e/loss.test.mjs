// The loss view: the example's quantified risks simulated in the page by the engine, ALE and the loss
// exceedance curve shown per risk and for the portfolio with the engine's numbers (checked against
// isms-wasm under Node for the same document and seed), a control's SoA status moving the residual
// loss, and loss parameters added to a risk and edited.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUT, show, openReady } from "./browser.mjs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/example-saas.isms.json", import.meta.url), "utf8"));

let ctx;
before(async () => {
  ctx = await openReady({ example: true });
});
after(async () => ctx?.close());

/** The page's money format for the document's currency, as the view uses it. */
const money = (page, values) => page.evaluate(([v, currency]) =>
  v.map((x) => new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0 }).format(x)), [values, FIXTURE.organisation.currency]);

/** The polyline points of a curve as [x, y] pairs. */
const points = async (page, testid) =>
  (await page.getAttribute(`[data-testid=${testid}]`, "points")).split(" ").map((p) => p.split(",").map(Number));

test("the portfolio's ALE, percentiles and curves are the engine's, for the same seed, in the page and under Node", async () => {
  const { page } = ctx;
  await show(page, "loss");
  await page.waitForSelector("[data-testid=lec]");
  const expected = isms.simulate(FIXTURE, { iterations: 10000, seed: 1 });
  assert.equal(expected.risks.length, FIXTURE.risks.filter((r) => r.quant).length);
  const p = expected.portfolio;
  const [inherent, residual, p95, p99, cvar] = await money(page, [p.inherent.ale, p.residual.ale, p.residual.p95, p.residual.p99, p.residual.cvar]);
  assert.ok(p.residual.ale < p.inherent.ale, "treatment reduces the example's loss");
  assert.equal(await page.textContent("[data-testid=ale-inherent] dd"), inherent);
  assert.equal(await page.textContent("[data-testid=ale-residual] dd"), residual);
  assert.equal(await page.textContent("[data-testid=p95] dd"), p95);
  assert.equal(await page.textContent("[data-testid=p99] dd"), p99);
  assert.equal(await page.textContent("[data-testid=cvar] dd"), cvar);
  // One table row per quantified risk, in document order, each with its residual ALE, and the portfolio.
  const rows = page.locator("[data-testid=loss-row]");
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), expected.risks.map((r) => r.id));
  const ales = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("[data-testid=ale]").textContent));
  assert.deepEqual(ales, await money(page, expected.risks.map((r) => r.residual.ale)));
  assert.equal(await page.textContent("[data-testid=loss-portfolio] [data-testid=ale]"), residual);
  // The curves: one point per point of the engine's curve, falling as the loss grows (log axis).
  for (const [testid, probs] of [["lec-inherent", p.lec.inherent], ["lec-residual", p.lec.residual]]) {
    const pts = await points(page, testid);
    assert.equal(pts.length, p.lec.loss.length);
    for (let i = 1; i < pts.length; i++) {
      assert.ok(pts[i][0] > pts[i - 1][0], `${testid}: x grows`);
      assert.ok(pts[i][1] >= pts[i - 1][1] - 1e-9, `${testid}: exceedance does not rise`);
    }
    // Equal probabilities are drawn at equal heights: the drawing follows the engine's numbers.
    const heights = new Map();
    probs.forEach((prob, i) => heights.set(prob, pts[i][1]));
    probs.forEach((prob, i) => assert.equal(pts[i][1], heights.get(prob)));
  }
  assert.ok((await page.textContent("[data-testid=lec] title")).includes("All quantified risks"));
  await page.screenshot({ path: join(OUT, "loss.png"), fullPage: false });
  // The print-ready report carries the same portfolio figures.
  await show(page, "report");
  const report = await page.textContent("[data-testid=report-loss]");
  assert.ok(report.includes(`${inherent} before treatment, ${residual} after`), report);
  assert.deepEqual(ctx.errors, []);
});

test("one risk's curve and figures, and a control's SoA status moves its residual loss", async () => {
  const { page } = ctx;
  await show(page, "loss");
  await page.click('[aria-label="Loss exceedance curve of R-001"]');
  await page.waitForFunction(() => document.querySelector("[data-testid=lec] title")?.textContent.includes("R-001"));
  assert.equal(await page.inputValue("#loss-focus"), "R-001");
  const before = isms.simulate(FIXTURE, { iterations: 10000, seed: 1 }).risks.find((r) => r.id === "R-001");
  const [ale] = await money(page, [before.residual.ale]);
  assert.equal(await page.textContent("[data-testid=ale-residual] dd"), ale);
  // A.8.5 carries most of R-001's uplift; recorded as not implemented, the uplift and the reduction fall.
  await show(page, "controls");
  await page.locator('[data-testid=control-row][data-id="A.8.5"] summary').click();
  await page.selectOption("#ctl-A_8_5-status", "not_implemented");
  await show(page, "loss");
  const doc = structuredClone(FIXTURE);
  doc.controls.find((c) => c.control === "A.8.5").status = "not_implemented";
  const after = isms.simulate(doc, { iterations: 10000, seed: 1 }).risks.find((r) => r.id === "R-001");
  assert.ok(after.residual.ale > before.residual.ale, "a control no longer implemented raises the residual loss");
  assert.equal(after.inherent.ale, before.inherent.ale);
  await page.waitForFunction((text) => document.querySelector("[data-testid=ale-residual] dd")?.textContent === text, (await money(page, [after.residual.ale]))[0]);
  await page.click("#quant-0-edit");
  await page.waitForSelector("[data-testid=uplift-applied]");
  assert.equal(await page.textContent("[data-testid=uplift-applied]"), `Applied in the last simulation: ${after.resistance_uplift} points.`);
  assert.ok((await page.textContent('[data-testid=uplift-row][data-id="A.8.5"]')).includes("not implemented: no uplift yet"));
  assert.deepEqual(ctx.errors, []);
});

test("loss parameters added to a risk and edited are simulated; bad values are refused with their path", async () => {
  const { page } = ctx;
  await show(page, "loss");
  const count = await page.locator("[data-testid=loss-row]").count();
  await page.selectOption("#quant-add", "R-003");
  await page.click("#quant-add-button");
  await page.waitForSelector('[data-testid=loss-row][data-id="R-003"]');
  assert.equal(await page.locator("[data-testid=loss-row]").count(), count + 1);
  const index = FIXTURE.risks.findIndex((r) => r.id === "R-003");
  // The starter's primary loss becomes a constant of 50,000; the risk's ALE follows the engine.
  await page.selectOption(`#quant-${index}-primary-kind`, "constant");
  await page.waitForSelector(`#quant-${index}-primary-constant`);
  await page.fill(`#quant-${index}-primary-constant`, "50000");
  await page.press(`#quant-${index}-primary-constant`, "Tab");
  const doc = await page.evaluate(async () => {
    const { app } = await import("./app.js");
    return structuredClone(app.doc);
  });
  assert.deepEqual(doc.risks[index].quant.primary_loss, { constant: 50000 });
  const expected = isms.simulate(doc, { iterations: 10000, seed: 1 }).risks.find((r) => r.id === "R-003");
  const [ale] = await money(page, [expected.residual.ale]);
  await page.waitForFunction((text) => document.querySelector('[data-testid=loss-row][data-id="R-003"] [data-testid=ale]')?.textContent === text, ale);
  // A most likely value above the highest: the engine refuses the document and names the field.
  await page.fill(`#quant-${index}-tef-mode`, "99");
  await page.press(`#quant-${index}-tef-mode`, "Tab");
  await page.waitForSelector("[data-testid=doc-error]");
  assert.ok((await page.textContent("[data-testid=doc-error]")).includes(`/risks/${index}/quant/tef/pert/mode`));
  await page.fill(`#quant-${index}-tef-mode`, "1");
  await page.press(`#quant-${index}-tef-mode`, "Tab");
  await page.waitForSelector("[data-testid=doc-error]", { state: "detached" });
  assert.deepEqual(ctx.errors, []);
});

test("a million years are simulated in a Web Worker: the page keeps answering, then shows the engine's numbers", async () => {
  const { page } = ctx;
  await show(page, "loss");
  await page.waitForSelector("[data-testid=lec]");
  await page.selectOption("#loss-focus", "");
  await page.waitForFunction(() => document.querySelector("[data-testid=lec] title")?.textContent.includes("All quantified risks"));
  await page.selectOption("#loss-iterations", "1000000");
  await page.waitForSelector("[data-testid=loss-pending]");
  // While the worker draws, the page's thread is free: a timer fires on time and the view still
  // answers a click (the focus select re-renders the previous run's figures).
  const lag = await page.evaluate(async () => {
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return performance.now() - start - 50;
  });
  assert.ok(lag < 1000, `the page's thread was held for ${Math.round(lag)} ms`);
  assert.ok(await page.isVisible("[data-testid=loss-pending]"), "the run is still under way");
  await page.waitForSelector("[data-testid=loss-pending]", { state: "detached", timeout: 180_000 });
  const doc = await page.evaluate(async () => {
    const { app } = await import("./app.js");
    return structuredClone(app.doc);
  });
  const expected = isms.simulate(doc, { iterations: 1_000_000, seed: 1 });
  const [ale] = await money(page, [expected.portfolio.residual.ale]);
  assert.equal(await page.textContent("[data-testid=ale-residual] dd"), ale);
  const years = await page.evaluate(() => (1_000_000).toLocaleString());
  assert.ok((await page.textContent("[data-testid=loss-run]")).startsWith(`${years} simulated years`));
  // Back to 10,000 years: a setting changed during a run stops it and starts the new one.
  await page.selectOption("#loss-iterations", "100000");
  await page.selectOption("#loss-iterations", "10000");
  const small = isms.simulate(doc, { iterations: 10_000, seed: 1 });
  const [smallAle] = await money(page, [small.portfolio.residual.ale]);
  await page.waitForFunction((text) => document.querySelector("[data-testid=ale-residual] dd")?.textContent === text
    && !document.querySelector("[data-testid=loss-pending]"), smallAle);
  assert.deepEqual(ctx.errors, []);
});

test("the loss tolerance is drawn beside the curve, with the engine's finding when the residual curve rises above it", async () => {
  const { page } = ctx;
  await show(page, "loss");
  await page.waitForSelector("[data-testid=lec]");
  const doc = await page.evaluate(async () => {
    const { app } = await import("./app.js");
    return structuredClone(app.doc);
  });
  const before = isms.simulate(doc, { iterations: 10_000, seed: 1 }).portfolio.lec.loss;
  const tolerance = [{ loss: Math.round(before[10]), probability: 0.5 }, { loss: Math.round(before[30]), probability: 0.0001 }];
  await page.evaluate(async (points) => {
    const { app } = await import("./app.js");
    app.doc.organisation.loss_tolerance = points;
    app.commit();
  }, tolerance);
  doc.organisation.loss_tolerance = tolerance;
  const expected = isms.simulate(doc, { iterations: 10_000, seed: 1 });
  assert.equal(expected.findings?.[0]?.code, "loss_tolerance_exceeded");
  await page.waitForSelector("[data-testid=tolerance-exceeded]");
  assert.equal(await page.locator("[data-testid=lec-tolerance] circle").count(), 2);
  assert.equal(await page.locator("[data-testid=lec-tolerance] circle.exceeded").count(),
    expected.portfolio.tolerance.filter((t) => t.exceeded).length);
  assert.deepEqual(ctx.errors, []);
});
