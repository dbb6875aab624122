// The editors generated from the document schema keep up with it: with the example ISMS open,
// every property of every record type the sections list (objectives, competence, the register of
// documented information, incidents, indicators, reviews…) has its input (found by its
// `data-path`), its nested list or its group — read from the schema file itself, so a field the
// model gains without an editor fails here. Also: "Compare with another version" shows the
// engine's diff against another saved assessment and against an exported file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { OUT, show, saved, openReady } from "./browser.mjs";

const SCHEMA = JSON.parse(readFileSync(new URL("../../core/data/schema/document.schema.json", import.meta.url), "utf8"));
const FIXTURE = fileURLToPath(new URL("../fixtures/example-saas.isms.json", import.meta.url));
const EXAMPLE = JSON.parse(readFileSync(FIXTURE, "utf8"));

/** Each list edited by a generated editor: its step, its document path, its `$defs` type. */
const SECTIONS = [
  ["objectives", "objectives", "Objective"],
  ["objectives", "planned_changes", "PlannedChange"],
  ["support", "competence", "CompetenceRecord"],
  ["documents", "documents", "DocumentRecord"],
  ["operations", "incidents", "Incident"],
  ["controls", "custom_controls", "CustomControl"],
  ["improvement", "audits", "Audit"],
  ["improvement", "nonconformities", "Nonconformity"],
  ["improvement", "kpis", "Kpi"],
  ["improvement", "management_reviews", "ManagementReview"],
  // The asset register's columns, and the rest of an asset under its More button.
  ["assets", "assets", "Asset", (k) => `#asset-${k}-more`],
];

const refOf = (prop) => (prop.$ref ?? prop.anyOf?.find((v) => v.$ref)?.$ref ?? prop.items?.$ref)?.replace("#/$defs/", "");

let ctx;
before(async () => {
  ctx = await openReady({ example: true });
});
after(async () => ctx?.close());

test("every property of every generated section has its editor", async () => {
  const { page } = ctx;
  const missing = [];
  for (const [route, key, name, open] of SECTIONS) {
    await show(page, route);
    const properties = SCHEMA.$defs[name].properties;
    const k = EXAMPLE[key].length - 1;
    if (open) {
      await page.click(open(k));
      await page.waitForSelector(`[data-path="/${key}/${k}/description"]`);
    }
    const record = `/${key}/${k}`;
    for (const [prop, schema] of Object.entries(properties)) {
      if (prop === "id") continue;
      const target = refOf(schema);
      const def = target ? SCHEMA.$defs[target] : undefined;
      const listOfRecords = schema.type === "array" && def?.type === "object";
      const group = !listOfRecords && def?.type === "object";
      const found = await page.evaluate(({ record, k, prop, listOfRecords, group }) => {
        const paths = [...document.querySelectorAll("[data-path]")].map((n) => n.dataset.path);
        // A nested list of records: its add button, `add-<scope>-<record>-<property>`.
        if (listOfRecords) return Boolean(document.querySelector(`button[id^="add-"][id$="-${k}-${prop}"]`));
        if (group) return paths.some((p) => p.startsWith(`${record}/${prop}/`));
        return paths.includes(`${record}/${prop}`);
      }, { record, k, prop, listOfRecords, group });
      if (!found) missing.push(`${name}.${prop} (${record})`);
    }
  }
  assert.deepEqual(missing, []);
  assert.deepEqual(ctx.errors, []);
});

test("an edited value reaches the document at its data-path and survives a reload", async () => {
  const { page } = ctx;
  await show(page, "support");
  const path = "/competence/0/topic";
  const selector = `[data-path="${path}"]`;
  await page.fill(selector, "Secure code review");
  await page.press(selector, "Tab");
  await saved(page);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await show(page, "support");
  assert.equal(await page.inputValue(selector), "Secure code review");
});

test("compare with another version: a saved assessment and an exported file", async () => {
  const { page } = ctx;
  // A second copy of the example, then one risk re-rated and retitled in it.
  await show(page, "");
  await page.click("#load-example");
  await page.waitForFunction(() => document.body.dataset.view === "readiness");
  await show(page, "risks");
  await page.fill("#risk-0-title", "SSO account taken over");
  await page.press("#risk-0-title", "Tab");
  await page.selectOption("#risk-0-likelihood", "1");
  await saved(page);

  await show(page, "readiness");
  await page.waitForSelector("#compare-with option:nth-child(2)", { state: "attached" });
  const other = await page.$eval("#compare-with option:nth-child(2)", (o) => o.value);
  await page.selectOption("#compare-with", other);
  await page.click("#compare-run");
  await page.waitForSelector("[data-testid=diff-summary]");
  const summary = await page.textContent("[data-testid=diff-summary]");
  assert.match(summary, /1 re-rated, 1 edited/);
  assert.match(await page.textContent("[data-testid=diff-rerated]"), /R-001 .*inherent 20 critical → \d+ \w+/);
  assert.match(await page.textContent("[data-testid=diff-edited]"), /title Staff SSO account taken over through phishing → SSO account taken over/);
  await page.locator("[data-testid=diff]").screenshot({ path: join(OUT, "compare.png") });

  // The exported example as the older version: the same changes.
  await page.setInputFiles("#compare-file", FIXTURE);
  await page.waitForFunction(() => document.querySelector("[data-testid=diff-summary]")?.textContent.includes("example-saas.isms.json"));
  assert.match(await page.textContent("[data-testid=diff-summary]"), /1 re-rated, 1 edited/);
  assert.deepEqual(ctx.errors, []);
});
