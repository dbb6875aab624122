// The Documents step with the example ISMS loaded: every document with its state, a document
// downloaded as Word (written by the engine's documents module, fetched at that first document),
// the audit pack as one ZIP, the audit checklist and the review pack with an indicator off target.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { OUT, show, bytesOf, openReady } from "./browser.mjs";
import { unzip } from "./zip.mjs";

let ctx;
before(async () => {
  ctx = await openReady({ example: true });
});
after(async () => ctx?.close());

test("every document of the ISMS is listed with its state", async () => {
  const { page } = ctx;
  await show(page, "documents");
  const states = await page.$$eval("[data-testid=documents] tbody tr", (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.report, r.dataset.state])));
  assert.equal(Object.keys(states).length, 14);
  // The example's register of documented information approves its policy and SoA.
  assert.equal(states.policy, "approved");
  assert.equal(states.soa, "approved");
  assert.equal(states.assets, "kept");
  assert.ok(Object.values(states).every((s) => ["approved", "draft", "missing", "kept", "none recorded"].includes(s)));
});

test("the policy downloads as a Word document, written by the documents module fetched then", async () => {
  const { page, requests } = ctx;
  const before = requests.filter((url) => url.endsWith("isms_documents_bg.wasm")).length;
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#doc-policy-docx")]);
  assert.match(download.suggestedFilename(), /policy\.docx$/);
  const entries = unzip(await bytesOf(download));
  assert.ok(entries["[Content_Types].xml"] && entries["word/styles.xml"]);
  assert.match(entries["word/document.xml"], /Information Security Policy/);
  assert.match(entries["word/document.xml"], /<w:tblHeader\/>/);
  // Fetched at most once, and only now (the service worker may have kept it for offline use).
  assert.ok(requests.filter((url) => url.endsWith("isms_documents_bg.wasm")).length <= before + 1);
});

test("the audit pack downloads as one ZIP of every document, the SoA workbook and the OSCAL files", async () => {
  const { page } = ctx;
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#doc-audit-pack")]);
  assert.match(download.suggestedFilename(), /audit-pack\.zip$/);
  const names = Object.keys(unzip(await bytesOf(download)));
  assert.ok(names.some((n) => /^documents\/.*policy\.html$/.test(n)), names.join(" "));
  assert.ok(names.some((n) => /soa\.xlsx$/.test(n)));
  assert.ok(names.some((n) => /^oscal\/.*\.json$/.test(n)));
});

test("the review pack shows each indicator against its target, one off target", async () => {
  const { page } = ctx;
  await page.click("#show-review-pack");
  await page.waitForSelector("[data-testid=review-pack] tr[data-kpi]");
  const statuses = await page.$$eval("[data-testid=review-pack] tr[data-kpi]", (rows) => rows.map((r) => r.dataset.status));
  assert.ok(statuses.includes("on target") && statuses.includes("off target"), statuses.join(", "));
  await page.click("#show-checklist");
  await page.waitForSelector("[data-testid=checklist]");
  assert.match(await page.textContent("[data-testid=checklist]"), /\d+ items \(every clause requirement and applicable control\)/);
  await page.screenshot({ path: join(OUT, "documents.png"), fullPage: true });
  assert.deepEqual(ctx.errors, []);
});
