// Every main view of the assessor with the example ISMS loaded: a screenshot of each (tests/e2e/out),
// no serious or critical axe-core violation on any of them; names containing markup shown as text
// and never run; an encrypted export read back with its passphrase; a CSV and an XLSX risk register
// imported (both through the engine's importer, a second module fetched at the first import): the
// reading shown first, then the import by it (tests/e2e/import.test.mjs changes the reading).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUT, AXE, show, bytesOf, openReady } from "./browser.mjs";

const FIXTURE = new URL("../fixtures/example-saas.isms.json", import.meta.url);
const VIEWS = ["home", "context", "leadership", "method", "assets", "risks", "treatment", "loss", "controls", "soa", "objectives", "support", "documents", "operations", "improvement", "readiness", "report", "catalogue"];
const PAYLOAD = "<img src=x onerror=alert(1)>";

let ctx;
before(async () => {
  ctx = await openReady();
});
after(async () => ctx?.close());

test("every main view renders the example, is screenshotted and has no serious axe violation", async () => {
  const { page } = ctx;
  await page.click("#load-example");
  await page.waitForFunction(() => document.body.dataset.view === "readiness");
  await page.evaluate(AXE);
  const problems = [];
  for (const view of VIEWS) {
    await show(page, view === "home" ? "" : view);
    if (view === "controls") {
      await page.locator('[data-testid=control-row][data-id="A.5.1"] summary').click();
      await page.waitForSelector("#ctl-A_5_1-applicable");
    }
    if (view === "risks") {
      await page.click("#risk-0-more");
      await page.waitForSelector("#risk-0-description");
    }
    await page.screenshot({ path: join(OUT, `${view}.png`) });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      if (v.impact === "serious" || v.impact === "critical") {
        problems.push(`${view}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(ctx.errors, []);
});

test("names holding markup are shown as text and run no script", async () => {
  const { page, origin, requests, dialogs } = ctx;
  const doc = JSON.parse(readFileSync(FIXTURE, "utf8"));
  doc.organisation.name = PAYLOAD;
  doc.assets[0].name = PAYLOAD;
  doc.risks[0].title = PAYLOAD;
  doc.context.issues[0].description = PAYLOAD;
  doc.controls.find((c) => c.applicable === false).justification = PAYLOAD;
  await show(page, "");
  await page.setInputFiles("#import-file", { name: "hostile.isms.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => document.body.dataset.view === "context");
  assert.equal(await page.textContent(".open-name strong"), PAYLOAD);
  assert.equal(await page.inputValue("#org-name"), PAYLOAD);
  for (const view of ["context", "assets", "risks", "treatment", "loss", "soa", "report", "readiness", ""]) {
    await show(page, view);
    assert.equal(await page.locator("img").count(), 0, `an img element on ${view || "home"}`);
  }
  await show(page, "soa");
  assert.ok((await page.textContent("[data-testid=soa-table]")).includes(PAYLOAD));
  await show(page, "report");
  assert.ok((await page.textContent(".report")).includes(PAYLOAD));
  await show(page, "");
  assert.ok((await page.textContent("[data-testid=assessments]")).includes(PAYLOAD));
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate(() => typeof window.alerted), "undefined");
  assert.ok(!requests.some((url) => url === `${origin}/x` || url.endsWith("/x")), "the img source was requested");
});

test("an encrypted export reads back only with its passphrase", async () => {
  const { page } = ctx;
  await show(page, "");
  await page.click("#export-encrypted");
  await page.fill("#passphrase-input", "correct horse battery staple");
  await page.fill("#passphrase-repeat", "correct horse battery staple");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#passphrase-ok")]);
  const text = (await bytesOf(download)).toString("utf8");
  const envelope = JSON.parse(text);
  assert.equal(envelope.format, "isms-encrypted/1");
  assert.equal(envelope.cipher.name, "AES-GCM");
  assert.ok(!text.includes("onerror") && !text.includes("Larkspur"), "plain text in the encrypted file");
  const file = { name: "sealed.isms.json", mimeType: "application/json", buffer: Buffer.from(text) };
  await page.setInputFiles("#import-file", file);
  await page.fill("#passphrase-input", "wrong");
  await page.click("#passphrase-ok");
  await page.waitForFunction(() => /wrong passphrase/i.test(document.querySelector("[data-testid=passphrase-problem]")?.textContent ?? ""));
  await page.fill("#passphrase-input", "correct horse battery staple");
  await page.click("#passphrase-ok");
  await page.waitForFunction(() => document.body.dataset.view === "context");
  assert.equal(await page.inputValue("#org-name"), PAYLOAD);
});

test("a CSV risk register is imported through the engine", async () => {
  const { page } = ctx;
  await show(page, "");
  await page.fill("#new-name", "Register Co");
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");
  await show(page, "risks");
  await page.click("details.import summary");
  const csv = "Risk register 2026\nRef,Risk,Risk owner,Likelihood,Impact,Treatment\nR1,Ransomware encrypts file shares,CIO,High,High,Mitigate\nR2,Phishing steals credentials,CISO,Medium,Low,Accept\n";
  await page.setInputFiles("#import-risks", { name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.click("#import-risks-go");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=risk-row]").length === 2);
  assert.match(await page.textContent("[data-testid=import-risks-result]"), /2 of 2 rows imported/);
  assert.equal(await page.inputValue("#risk-0-title"), "Ransomware encrypts file shares");
  await page.screenshot({ path: join(OUT, "risks-imported.png") });
  assert.deepEqual(ctx.errors, []);
});

test("an XLSX risk register is imported through the engine's importer, fetched at that import", async () => {
  const { page } = ctx;
  const workbook = JSON.parse(readFileSync(new URL("../cases/import/xlsx_sheet_with_header_found.json", import.meta.url), "utf8"));
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  await show(page, "");
  await page.fill("#new-name", "Workbook Co");
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");
  await show(page, "risks");
  assert.ok(!fetched.some((u) => u.endsWith("isms_import_bg.wasm")), "the importer is not fetched before an import");
  await page.click("details.import summary");
  await page.setInputFiles("#import-risks", {
    name: "register.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(workbook.input.content, "base64"),
  });
  await page.click("#import-risks-go");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=risk-row]").length === 2);
  assert.match(await page.textContent("[data-testid=import-risks-result]"), /2 of 2 rows imported \(header on row 3\)/);
  assert.equal(await page.inputValue("#risk-0-title"), "Laptop theft exposes customer data");
  assert.deepEqual(ctx.errors, []);
});
