// Importing a register in the assessor: the engine's reading is shown first (columns with their
// field and confidence, the scales' labels with their levels, problems, notes, a preview), the
// user changes a column's field and a label's level and sees the preview follow, then imports; the
// same file imported again offers to update the records it already holds. A messy CSV (a title
// row, a misspelt `Liklihood`, Low/Medium/High and a word no level reads, a `Notes` column, a cell
// holding markup), a messy workbook from the corpus (tests/registers/large_messy.xlsx: a cover and
// a legend sheet before the register, two header rows, 300 rows), an SoA workbook where the
// controls are managed and an asset register with one criticality column. Screenshots at 1,366 px
// and at a phone's width (tests/e2e/out/import-*.png); no serious axe-core violation; nothing
// overflows the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openAssessor, OUT, AXE, show } from "./browser.mjs";

const PAYLOAD = "<img src=x onerror=alert(1)>";
const CSV = [
  "Acme Ltd - information risk register 2026,,,,,,",
  ",,,,,,",
  "Ref,Risk,Risk owner,Liklihood,Impact,Treatment,Notes",
  "R1,Ransomware encrypts the file shares,CIO,High,High,Mitigate,Backups are tested monthly",
  "R2,Phishing steals staff credentials,CISO,Medium,Low,Accept,MFA rolled out in May",
  `R3,Laptop stolen from a car,IT Manager,Low,Medium,Mitigate,${PAYLOAD}`,
  "R4,Flood in the basement server room,Facilities,Sometimes,Medium,Accept,",
  "",
].join("\n");
const WORKBOOK = readFileSync(new URL("../registers/large_messy.xlsx", import.meta.url));
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let ctx;
before(async () => {
  ctx = await openAssessor();
  await ctx.page.setViewportSize({ width: 1366, height: 900 });
  await ctx.page.goto(`${ctx.origin}/`);
  await ctx.page.waitForSelector("body[data-ready=true]");
  await ctx.page.evaluate(AXE);
});
after(() => {
  if (ctx?.errors.length) console.log("page errors:", ctx.errors);
});
after(async () => ctx?.close());

/** Creates an assessment and opens the risk register. */
async function fresh(page, name) {
  await show(page, "");
  await page.fill("#new-name", name);
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");
  await show(page, "risks");
}

/** Chooses a register file in the risk register's import and waits for the engine's reading. */
async function choose(page, file) {
  if (!(await page.locator("details.import").evaluate((d) => d.open))) await page.click("details.import summary");
  await page.setInputFiles("#import-risks", file);
  await page.waitForSelector("[data-testid=import-risks-reading]");
}

/** The preview's cells by column name, one object per record. */
const preview = (page) => page.evaluate(() => {
  const table = document.querySelector("[data-testid=import-risks-preview]");
  const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  return [...table.querySelectorAll("tbody tr")].map((tr) => Object.fromEntries([...tr.cells].map((td, i) => [names[i], td.textContent])));
});

/** Serious or critical axe-core violations on the page. */
async function axe(page) {
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/** True when nothing is wider than the page (no horizontal scrolling of the page itself). */
const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test("a messy CSV: the reading is shown, a field and a level are changed, the preview follows, the import lands", async () => {
  const { page } = ctx;
  await fresh(page, "Import Co");
  await choose(page, { name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });

  // The reading: the header below the title row, the misspelt header read as the likelihood with
  // its confidence, Notes not read, Low/Medium/High mapped onto the method's five levels, the
  // row whose likelihood is `Sometimes` a problem left out.
  assert.match(await page.textContent("[data-testid=import-risks-facts]"), /header on row 3; 4 data rows/);
  assert.match(await page.textContent("[data-testid=import-risks-problems] tr[data-row='7']"), /^7D Liklihood`Sometimes` is not a level/);
  assert.match(await page.textContent("#import-risks-go"), /Import 3 of 4 rows/);
  assert.equal(await page.inputValue("#import-risks-col-D"), "likelihood");
  assert.match(await page.textContent('[data-testid=import-risks-columns] tr[data-column=D] td.confidence'), /\d+ % \((high|medium|low)\)/);
  assert.equal(await page.inputValue("#import-risks-col-G"), "");
  const first = await page.$$eval("#import-risks-col-D option", (os) => os.map((o) => o.value));
  assert.equal(first[0], "likelihood", "the detected field comes first");
  assert.equal(first[1], "residual_likelihood", "then its alternatives");
  const high = page.locator('[data-testid=import-risks-scales] table[data-field=likelihood] select[data-label=High]');
  assert.equal(await high.inputValue(), "4");
  assert.equal((await high.locator("option").count()), 5, "the method's five likelihood levels");
  const before = await preview(page);
  assert.equal(before.length, 3);
  assert.equal(before[0]["Notes (kept as is)"], "Backups are tested monthly");
  assert.equal(before[0].description, undefined);
  assert.match(before[0]["inherent likelihood"], /^4 /);
  assert.equal(before[2]["Notes (kept as is)"], PAYLOAD, "a cell holding markup is shown as text");
  assert.equal(await page.locator("details.import img").count(), 0);
  await page.screenshot({ path: join(OUT, "import-csv-reading.png"), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.ok(await fits(page), "the page overflows at 1,366 px");

  // Notes → description: the preview now has the description, and Notes is no longer kept.
  await page.selectOption("#import-risks-col-G", "description");
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=import-risks-preview] thead th")].some((th) => th.textContent === "description"));
  let after = await preview(page);
  assert.equal(after[0].description, "Backups are tested monthly");
  assert.equal(after[0]["Notes (kept as is)"], undefined);
  assert.equal(await page.textContent('[data-testid=import-risks-columns] tr[data-column=G] td.confidence'), "your choice");

  // High → 5 for the likelihood, with the keyboard: the preview's likelihood of R1 follows, its
  // impact (also High, another scale) does not.
  await high.focus();
  await page.keyboard.press("End");
  await page.waitForFunction(() => /^5 /.test([...document.querySelectorAll("[data-testid=import-risks-preview] tbody tr:first-child td")]
    .at([...document.querySelectorAll("[data-testid=import-risks-preview] thead th")].findIndex((th) => th.textContent === "inherent likelihood"))?.textContent ?? ""));
  after = await preview(page);
  assert.match(after[0]["inherent likelihood"], /^5 /);
  assert.match(after[0]["inherent impact"], /^4 /);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.label), "High", "focus stays on the changed level");
  assert.equal(await page.inputValue('[data-testid=import-risks-scales] table[data-field=likelihood] select[data-label=High]'), "5");
  await page.locator("details.import").screenshot({ path: join(OUT, "import-csv-changed.png") });

  // The problem's word given a level: it joins the scale, the row reads.
  await page.selectOption("[data-testid=import-risks-problems] select[data-value=Sometimes]", "3");
  await page.waitForFunction(() => document.querySelector("[data-testid=import-risks-problems]")?.textContent === "Every cell reads.");
  assert.equal(await page.inputValue('[data-testid=import-risks-scales] table[data-field=likelihood] select[data-label=Sometimes]'), "3");
  after = await preview(page);
  assert.equal(after.length, 4);
  assert.match(after[3]["inherent likelihood"], /^3 /);
  assert.match(await page.textContent("#import-risks-go"), /Import 4 of 4 rows/);

  // Import (from the keyboard as well): the four risks with the changed reading.
  await page.focus("#import-risks-go");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=risk-row]").length === 4);
  assert.match(await page.textContent("[data-testid=import-risks-result]"), /4 of 4 rows imported/);
  assert.equal(await page.inputValue("#risk-0-title"), "Ransomware encrypts the file shares");
  assert.equal(await page.inputValue("#risk-0-likelihood"), "5");
  assert.equal(await page.inputValue("#risk-0-impact"), "4");
  await page.click("#risk-0-more");
  assert.equal(await page.inputValue("#risk-0-description"), "Backups are tested monthly");
  await page.click("#risk-2-more");
  assert.equal(await page.inputValue("#risk-2-description"), PAYLOAD, "a cell holding markup is imported as text");
  assert.deepEqual(ctx.errors, []);
});

test("the same file again: the records already there are updated only when the user says so", async () => {
  const { page } = ctx;
  const file = { name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) };
  await choose(page, file);
  // Read as detected again: R1–R4 are in the assessment, and R4's `Sometimes` is a problem once
  // more (that row is left out either way).
  assert.match(await page.textContent("[data-testid=import-risks-existing]"), /4 rows name records already in the assessment \(R1, R2, R3, R4\)/);
  assert.match(await page.textContent("#import-risks-go"), /Import 3 of 4 rows/);
  await page.click("#import-risks-go");
  await page.waitForSelector("[data-testid=import-risks-clash]");
  assert.match(await page.textContent("[data-testid=import-risks-clash]"), /4 rows name records already in the assessment: R1, R2, R3, R4\./);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "import-risks-update", "the choice takes the focus");
  await page.locator("details.import").screenshot({ path: join(OUT, "import-csv-clash.png") });
  await page.click("#import-risks-cancel-clash");
  await page.waitForFunction(() => /not imported; nothing changed/.test(document.querySelector("[data-testid=import-risks-result]")?.textContent ?? ""));
  assert.equal(await page.locator("[data-testid=risk-row]").count(), 4);
  assert.equal(await page.inputValue("#risk-0-likelihood"), "5");

  await choose(page, file);
  await page.click("#import-risks-go");
  await page.waitForSelector("#import-risks-update");
  await page.click("#import-risks-update");
  await page.waitForFunction(() => /3 updated/.test(document.querySelector("[data-testid=import-risks-result]")?.textContent ?? ""));
  assert.match(await page.textContent("[data-testid=import-risks-result]"), /3 of 4 rows imported \(3 updated\)/);
  assert.equal(await page.locator("[data-testid=risk-row]").count(), 4);
  assert.equal(await page.inputValue("#risk-3-likelihood"), "3", "R4, left out this time, keeps what it had");
  // Read as detected this time: High is the fourth level; the description (no column now) is kept.
  assert.equal(await page.inputValue("#risk-0-likelihood"), "4");
  assert.equal(await page.inputValue("#risk-0-description"), "Backups are tested monthly");
  assert.deepEqual(ctx.errors, []);
});

test("in a second tab, read-only while the first edits, an import changes nothing and says so", async () => {
  const second = await ctx.context.newPage();
  await second.setViewportSize({ width: 1366, height: 900 });
  await second.goto(`${ctx.origin}/#/risks`);
  await second.waitForSelector("body[data-ready=true]");
  await second.waitForFunction(() => /Read-only/.test(document.body.textContent));
  const file = { name: "more.csv", mimeType: "text/csv", buffer: Buffer.from("Ref,Risk,Likelihood,Impact\nN1,Badge cloned at the door,2,3\n") };
  await choose(second, file);
  await second.click("#import-risks-go");
  await second.waitForSelector("[data-testid=import-risks-result] [role=alert]");
  assert.match(await second.textContent("[data-testid=import-risks-result] [role=alert]"), /^Not imported: the assessment is read-only in this tab; nothing changed/);
  assert.equal(await second.locator("[data-testid=risk-row]").count(), 4);
  assert.ok(await second.locator("[data-testid=import-risks-reading]").count(), "the reading stays, to import once editable");
  await second.close();
  await ctx.page.bringToFront();
  await show(ctx.page, "risks");
  assert.equal(await ctx.page.locator("[data-testid=risk-row]").count(), 4);
});

test("a messy workbook: the sheet among three, two header rows, a field and a level changed, then imported", async () => {
  const { page } = ctx;
  await fresh(page, "Workbook Co");
  await choose(page, { name: "large_messy.xlsx", mimeType: XLSX_TYPE, buffer: WORKBOOK });
  const sheets = await page.$$eval("#import-risks-sheet option", (os) => os.map((o) => o.value));
  assert.deepEqual(sheets, ["Cover", "Legend", "Group register"]);
  assert.equal(await page.inputValue("#import-risks-sheet"), "Group register");
  assert.match(await page.textContent("[data-testid=import-risks-facts]"), /headers on rows 4 and 5/);
  assert.equal(await page.inputValue("#import-risks-col-E"), "likelihood");
  assert.equal(await page.textContent('[data-testid=import-risks-columns] tr[data-column=E] td.header-text'), "INHERENT RISK / Likelihood");
  const rows = Number((await page.textContent("[data-testid=import-risks-facts]")).match(/(\d+) data rows/)[1]);
  // A sheet with no register: the engine's reason is shown, the reading of the register stays.
  await page.selectOption("#import-risks-sheet", "Cover");
  await page.waitForSelector("[data-testid=import-risks-result] [role=alert]");
  assert.match(await page.textContent("[data-testid=import-risks-result] [role=alert]"), /^Not changed: no header row found/);
  // The reason alone: no stray text (a `null` once followed it).
  assert.doesNotMatch(await page.textContent("[data-testid=import-risks-result]"), /null/);
  assert.equal(await page.inputValue("#import-risks-sheet"), "Group register");
  assert.equal(await page.inputValue("#import-risks-col-E"), "likelihood");
  await page.screenshot({ path: join(OUT, "import-xlsx-reading.png"), fullPage: true });
  assert.deepEqual(await axe(page), []);
  assert.ok(await fits(page), "the page overflows at 1,366 px");

  // The status column not read; the likelihood's Low (the engine's one label for LOW and low too)
  // read as 1, not 2.
  assert.ok((await preview(page)).some((r) => r.status !== undefined));
  await page.selectOption("#import-risks-col-O", "");
  await page.waitForFunction(() => ![...document.querySelectorAll("[data-testid=import-risks-preview] thead th")].some((th) => th.textContent === "status"));
  assert.match(await page.textContent("[data-testid=import-risks-columns] tr[data-column=O] td.confidence"), /your choice/);
  const low = '[data-testid=import-risks-scales] table[data-field=likelihood] select[data-label=Low]';
  assert.equal(await page.inputValue(low), "2");
  const likelihoods = async () => (await preview(page)).map((r) => r["inherent likelihood"]?.[0]);
  const before = await likelihoods();
  assert.ok(before.includes("2"), before.join(","));
  await page.selectOption(low, "1");
  await page.waitForFunction((s) => document.querySelector(s)?.value === "1", low);
  assert.deepEqual(await likelihoods(), before.map((l) => (l === "2" ? "1" : l)));

  await page.click("#import-risks-go");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=risk-row]").length > 0);
  const result = await page.textContent("[data-testid=import-risks-result]");
  const imported = Number(result.match(/(\d+) of (\d+) rows imported/)[1]);
  assert.equal(Number(result.match(/(\d+) of (\d+) rows imported/)[2]), rows);
  assert.equal(await page.locator("[data-testid=risk-row]").count(), imported);
  assert.ok(imported > 250, `${imported} of ${rows} imported`);
  assert.equal(await page.inputValue("#risk-0-likelihood"), before[0] === "2" ? "1" : before[0]);
  assert.equal(await page.inputValue("#risk-0-status"), "", "the status column was not read");
  assert.deepEqual(ctx.errors, []);
});

test("on a phone's width the reading fits and reads", async () => {
  const { page } = ctx;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await fresh(page, "Phone Co");
    await choose(page, { name: "register.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    for (const part of ["columns", "scales", "preview"]) {
      await page.evaluate((p) => document.querySelector(`[data-testid=import-risks-${p}]`).scrollIntoView(), part);
      await page.screenshot({ path: join(OUT, `import-phone-${part}.png`) });
    }
    assert.ok(await fits(page), "the page overflows at 390 px");
    await page.click("#import-risks-cancel");
    await page.waitForSelector("[data-testid=import-risks-reading]", { state: "detached" });
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});

test("an SoA workbook is read and imported where the controls are managed", async () => {
  const { page } = ctx;
  await show(page, "controls");
  await page.click("details.import summary");
  await page.setInputFiles("#import-soa", {
    name: "soa.xlsx", mimeType: XLSX_TYPE,
    buffer: readFileSync(new URL("../registers/soa_yes_no.xlsx", import.meta.url)),
  });
  await page.waitForSelector("[data-testid=import-soa-reading]");
  const fields = await page.$$eval("[data-testid=import-soa-columns] select", (ss) => ss.map((s) => s.value));
  assert.ok(fields.includes("control") && fields.includes("applicable"), fields.join(", "));
  await page.locator("details.import").screenshot({ path: join(OUT, "import-soa-reading.png") });
  assert.match(await page.textContent("[data-testid=soa-summary]"), /^0 applicable/);
  await page.click("#import-soa-go");
  await page.waitForFunction(() => /rows imported/.test(document.querySelector("[data-testid=import-soa-result]")?.textContent ?? ""));
  assert.doesNotMatch(await page.textContent("[data-testid=soa-summary]"), /^0 applicable/);
  assert.equal(await page.textContent('[data-testid=control-row][data-id="A.5.1"] .chip.appl-applicable'), "applicable");
  assert.deepEqual(ctx.errors, []);
});

test("an asset register with one criticality column: its words take the method's impact levels", async () => {
  const { page } = ctx;
  await fresh(page, "Assets Co");
  await show(page, "assets");
  await page.click("details.import summary");
  await page.setInputFiles("#import-assets", {
    name: "assets.csv", mimeType: "text/csv",
    buffer: readFileSync(new URL("../registers/assets_criticality.csv", import.meta.url)),
  });
  await page.waitForSelector("[data-testid=import-assets-reading]");
  const fields = await page.$$eval("[data-testid=import-assets-columns] select", (ss) => ss.map((s) => s.value));
  assert.ok(fields.includes("name") && fields.includes("valuation"), fields.join(", "));
  const critical = '[data-testid=import-assets-scales] table[data-field=valuation] select[data-label=Critical]';
  assert.equal(await page.$$eval(`${critical} option`, (os) => os.length), 5, "the method's five impact levels");
  await page.selectOption(critical, "5");
  await page.waitForFunction((s) => document.querySelector(s)?.value === "5", critical);
  assert.deepEqual(await axe(page), []);
  await page.click("#import-assets-go");
  await page.waitForFunction(() => /rows imported/.test(document.querySelector("[data-testid=import-assets-result]")?.textContent ?? ""));
  assert.ok(await page.locator("[data-testid=asset-row]").count() > 0);
  assert.equal(await page.inputValue("#asset-0-name"), "Customer database");
  assert.equal(await page.inputValue("#asset-0-confidentiality"), "5");
  assert.deepEqual(ctx.errors, []);
});
