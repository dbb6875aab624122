// The assessor walked through in real headless Chromium: create an assessment, add an asset and a
// risk, exclude a control without a justification (the engine's finding appears) and justify it
// (the finding clears), download the SoA as XLSX and read it, reload and find everything again,
// then cut the network and reload once more (the service worker serves the app). Every request
// stays on the page's origin and none is made after the first load.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openAssessor, OUT, network, show, saved, bytesOf } from "./browser.mjs";
import { unzip } from "./zip.mjs";

const JUSTIFICATION = "No secure areas of our own: the platform runs in the cloud provider's data centres.";

let ctx;
let afterLoad;
before(async () => {
  ctx = await openAssessor();
});
after(async () => ctx?.close());

test("cold load to interactive, then offline use is prepared", async () => {
  const { page, origin } = ctx;
  const started = performance.now();
  await page.goto(`${origin}/`);
  await page.waitForSelector("body[data-ready=true]");
  const ms = performance.now() - started;
  console.log(`cold load to interactive: ${ms.toFixed(0)} ms`);
  await page.waitForSelector("body[data-offline=ready]", { state: "attached" });
  afterLoad = network(ctx.requests).length;
  assert.ok(afterLoad > 0);
});

test("walk-through: asset, risk, an exclusion's finding appears and clears", async () => {
  const { page } = ctx;
  await page.fill("#new-name", "Acme Widgets Ltd");
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");
  await page.screenshot({ path: join(OUT, "context.png") });

  await page.click('nav a[data-route="assets"]');
  await page.waitForFunction(() => document.body.dataset.view === "assets");
  await page.click("#add-asset");
  await page.waitForSelector("#asset-0-name");
  await page.fill("#asset-0-name", "Customer database");
  await page.press("#asset-0-name", "Tab");
  await page.selectOption("#asset-0-type", "software");
  await page.selectOption("#asset-0-confidentiality", "4");
  await page.waitForFunction(() => document.querySelector('[data-testid=asset-row] td.derived')?.textContent.startsWith("C4"));

  await page.click('nav a[data-route="risks"]');
  await page.waitForFunction(() => document.body.dataset.view === "risks");
  await page.click("#add-risk");
  await page.waitForSelector("#risk-0-title");
  await page.fill("#risk-0-title", "Database breach");
  await page.press("#risk-0-title", "Tab");
  await page.fill("#risk-0-assets", "AS-01");
  await page.press("#risk-0-assets", "Tab");
  await page.selectOption("#risk-0-likelihood", "4");
  // The impact comes from the asset's value (C4) through the engine: 4 × 4 = 16.
  await page.waitForFunction(() => /^16\b/.test(document.querySelector("[data-testid=risk-row] [data-testid=inherent]")?.textContent ?? ""));
  await page.screenshot({ path: join(OUT, "risks-walkthrough.png") });

  await page.click('nav a[data-route="controls"]');
  await page.waitForFunction(() => document.body.dataset.view === "controls");
  const row = page.locator('[data-testid=control-row][data-id="A.7.6"]');
  await row.locator("summary").click();
  await page.selectOption("#ctl-A_7_6-applicable", "no");
  await page.waitForSelector('[data-testid=control-row][data-id="A.7.6"] [data-code=exclusion_unjustified]');
  await page.screenshot({ path: join(OUT, "controls-finding.png") });
  await page.fill("#ctl-A_7_6-justification", JUSTIFICATION);
  await page.press("#ctl-A_7_6-justification", "Tab");
  await page.waitForSelector('[data-testid=control-row][data-id="A.7.6"] [data-code=exclusion_unjustified]', { state: "detached" });
  assert.equal(await page.locator('[data-testid=control-row][data-id="A.7.6"] [data-testid=control-findings]').textContent(), "No findings for this control.");
});

test("the SoA downloads as XLSX holding the control and its justification", async () => {
  const { page } = ctx;
  await show(page, "soa");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-soa-xlsx")]);
  assert.match(download.suggestedFilename(), /soa\.xlsx$/);
  const entries = unzip(await bytesOf(download));
  const xml = Object.entries(entries).filter(([name]) => name.startsWith("xl/")).map(([, text]) => text).join("\n");
  assert.match(xml, /A\.7\.6/);
  const escaped = JUSTIFICATION.replace(/'/g, "&apos;");
  assert.ok(xml.includes(JUSTIFICATION) || xml.includes(escaped) || xml.includes(JUSTIFICATION.replace(/'/g, "&#39;")), "justification in the workbook");
  await page.screenshot({ path: join(OUT, "soa-walkthrough.png") });
});

test("every request stayed on the page's origin and none was made after the first load", async () => {
  const { origin, requests, errors } = ctx;
  for (const url of requests) assert.ok(url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`), url);
  assert.deepEqual(network(requests).slice(afterLoad), []);
  assert.deepEqual(errors, []);
});

test("after a reload everything is still there", async () => {
  const { page } = ctx;
  await saved(page);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await show(page, "assets");
  assert.equal(await page.inputValue("#asset-0-name"), "Customer database");
  await show(page, "risks");
  assert.equal(await page.inputValue("#risk-0-title"), "Database breach");
  await show(page, "controls");
  await page.locator('[data-testid=control-row][data-id="A.7.6"] summary').click();
  assert.equal(await page.inputValue("#ctl-A_7_6-justification"), JUSTIFICATION);
  assert.equal(await page.inputValue("#ctl-A_7_6-applicable"), "no");
});

test("with the network cut, a reload still works (service worker)", async () => {
  const { page, context } = ctx;
  await context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await show(page, "risks");
    assert.equal(await page.inputValue("#risk-0-title"), "Database breach");
    await page.screenshot({ path: join(OUT, "offline-risks.png") });
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(ctx.errors, []);
});
