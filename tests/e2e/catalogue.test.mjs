// The catalogue view in real headless Chromium: the wasm engine loads, the 93 controls show grouped
// by theme, the attribute filters work, and nothing is fetched from anywhere but the page's origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openAssessor, OUT } from "./browser.mjs";

let ctx;
before(async () => {
  ctx = await openAssessor();
});
after(async () => ctx?.close());

test("the page loads the engine and shows 93 controls grouped by theme", async () => {
  const { page, origin } = ctx;
  const started = performance.now();
  await page.goto(`${origin}/#/catalogue`);
  await page.waitForSelector("body[data-ready=true][data-view=catalogue]");
  console.log(`cold load to interactive: ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(await page.locator("[data-testid=control]").count(), 93);
  const perTheme = {};
  for (const theme of ["organizational", "people", "physical", "technological"]) {
    perTheme[theme] = await page.locator(`section[data-theme=${theme}] [data-testid=control]`).count();
  }
  assert.deepEqual(perTheme, { organizational: 37, people: 8, physical: 14, technological: 34 });
  assert.equal(await page.locator("#catalogue-status").textContent(), "93 controls");
  await page.screenshot({ path: join(OUT, "catalogue.png"), fullPage: false });
});

test("attribute filters narrow the list through the engine", async () => {
  const { page } = ctx;
  await page.selectOption("#filter-control_type", "Corrective");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=control]").length === 14);
  await page.selectOption("#filter-theme", "technological");
  await page.selectOption("#filter-cybersecurity_concepts", "Recover");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=control]").length === 1);
  assert.equal(await page.locator("[data-testid=control]").getAttribute("data-id"), "A.8.13");
  await page.click("#filter-reset");
  await page.check("#filter-new");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=control]").length === 11);
  await page.screenshot({ path: join(OUT, "catalogue-new-in-2022.png"), fullPage: false });
  await page.click("#filter-reset");
  await page.fill("#filter-text", "masking");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=control]").length === 1);
  assert.equal(await page.locator("#catalogue-status").textContent(), "1 of 93 controls match");
});

test("every control is labelled and every request stayed on the page's origin", async () => {
  const { page, origin, requests, errors } = ctx;
  for (const select of await page.locator("select").all()) {
    const id = await select.getAttribute("id");
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
  }
  assert.ok(requests.length > 0);
  for (const url of requests) assert.ok(url.startsWith(`${origin}/`), url);
  assert.deepEqual(errors, []);
});
