// Never lose work: two tabs on one assessment (one edits, the other is read-only and says so, and
// takes over when the first lets go), closing and reloading them in any order; a deletion in one
// tab is not undone by another; saves refused by revision inside one transaction; a failed
// IndexedDB write (quota, abort) leaves a visible unsaved state with Retry and a working export;
// the encrypted export's passphrase dialog (twice, 12 characters, NFC) and bounded iteration counts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openAssessor, OUT, show, bytesOf } from "./browser.mjs";
import { stored, settled, axeProblems } from "./safety.mjs";

let ctx;
let browser;
before(async () => {
  ctx = await openAssessor();
  browser = ctx.page.context().browser();
});
after(async () => ctx?.close());

/** A fresh browser context (its own storage) with pages that accept confirm() and record errors. */
async function freshContext(init) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  if (init) await context.addInitScript(init);
  const errors = [];
  const page = async () => {
    const p = await context.newPage();
    p.on("pageerror", (err) => errors.push(err.message));
    p.on("dialog", (d) => d.accept().catch(() => {}));
    await p.goto(`${ctx.origin}/`);
    await p.waitForSelector("body[data-ready=true]");
    return p;
  };
  return { context, page, errors };
}

async function createAssessment(page, name) {
  await page.fill("#new-name", name);
  await page.click("#create");
  await page.waitForFunction(() => document.body.dataset.view === "context");
  await settled(page);
}

/** Types `value` into the field `id` and commits it (Tab). */
async function edit(page, id, value) {
  await page.fill(`#${id}`, value);
  await page.press(`#${id}`, "Tab");
  await settled(page);
}

const readOnly = (page) => page.locator("[data-testid=read-only]");

/** Asserts `page` shows the assessment read-only, saying why, with its fields disabled and edits blocked. */
async function assertReadOnly(page) {
  await readOnly(page).waitFor();
  assert.match(await readOnly(page).textContent(), /open for editing in another tab/);
  await show(page, "context");
  assert.equal(await page.isDisabled("#org-sector"), true);
  assert.equal(await page.isDisabled("#org-description"), true);
  // A button that would change the document (Add) is disabled, or blocked when pressed: nothing is
  // added or saved.
  const before = await stored(page);
  if (!(await page.isDisabled("#add-issue"))) {
    await page.click("#add-issue");
    await settled(page);
  }
  assert.equal(await page.locator("[data-testid=issue-record]").count(), before[0].document.context?.issues?.length ?? 0);
  assert.deepEqual(await stored(page), before);
}

/** The editable one of two tabs (waits until exactly one is). */
async function editorOf(a, b) {
  for (let i = 0; i < 100; i++) {
    const ra = await readOnly(a).count();
    const rb = await readOnly(b).count();
    if (ra + rb === 1) return ra ? [b, a] : [a, b];
    await a.waitForTimeout(50);
  }
  throw new Error("not exactly one editable tab");
}

const doc = async (page) => (await stored(page))[0].document;

/** A fresh context (see freshContext) with one tab `a` on a new assessment `name`. */
async function oneTab(name, init) {
  const fresh = await freshContext(init);
  const a = await fresh.page();
  await createAssessment(a, name);
  return { ...fresh, a };
}

/** A fresh context with two tabs on one new assessment: `a` edits it, `b` (opened second) is read-only. */
async function twoTabs(name) {
  const { context, page, errors, a } = await oneTab(name);
  const b = await page();
  await assertReadOnly(b);
  return { context, a, b, errors };
}

test("two tabs: the second is read-only and says so; closing the older tab first loses nothing", async () => {
  const { context, a, b, errors } = await twoTabs("Tabs Ltd");
  await b.screenshot({ path: join(OUT, "safety-read-only-1366.png") });
  assert.deepEqual(await axeProblems(b), []);
  await b.setViewportSize({ width: 390, height: 844 });
  await b.screenshot({ path: join(OUT, "safety-read-only-390.png") });
  await b.setViewportSize({ width: 1366, height: 900 });
  await edit(a, "org-sector", "Sector from A");
  // The read-only tab follows the editor's saves.
  await b.waitForFunction(() => document.getElementById("org-sector")?.value === "Sector from A");
  await a.close();
  // The lock is free: the second tab takes over by itself, with the latest version.
  await readOnly(b).waitFor({ state: "detached" });
  await show(b, "context");
  assert.equal(await b.isDisabled("#org-sector"), false);
  assert.equal(await b.inputValue("#org-sector"), "Sector from A");
  await edit(b, "org-description", "Description from B");
  await b.reload();
  await b.waitForSelector("body[data-ready=true]");
  await show(b, "context");
  assert.equal(await b.inputValue("#org-sector"), "Sector from A");
  assert.equal(await b.inputValue("#org-description"), "Description from B");
  const d = await doc(b);
  assert.equal(d.organisation.sector, "Sector from A");
  assert.equal(d.organisation.description, "Description from B");
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs: closing the newer (read-only) tab first writes nothing over the editor's work", async () => {
  const { context, a, b, errors } = await twoTabs("Tabs Ltd");
  await edit(a, "org-sector", "Sector from A");
  const revision = (await stored(a))[0].revision;
  await b.close();
  assert.equal((await stored(a))[0].revision, revision, "closing the read-only tab saved");
  await edit(a, "org-description", "Description from A");
  const last = (await stored(a))[0];
  await a.reload();
  await a.waitForSelector("body[data-ready=true]");
  await show(a, "context");
  assert.equal(await readOnly(a).count(), 0);
  // Leaving and opening again with nothing changed writes nothing.
  assert.deepEqual(await stored(a), [last]);
  assert.equal(await a.inputValue("#org-sector"), "Sector from A");
  assert.equal(await a.inputValue("#org-description"), "Description from A");
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs: reloading each in turn keeps one editor at a time and every edit", async () => {
  const { context, a, b, errors } = await twoTabs("Tabs Ltd");
  await edit(a, "org-sector", "Edit 1");
  await b.reload();
  await b.waitForSelector("body[data-ready=true]");
  await assertReadOnly(b);
  assert.equal(await b.inputValue("#org-sector"), "Edit 1");
  // Reloading the editor lets the other tab take over; whichever edits, nothing is lost.
  await a.reload();
  await a.waitForSelector("body[data-ready=true]");
  let [editor, viewer] = await editorOf(a, b);
  await assertReadOnly(viewer);
  await show(editor, "context");
  await edit(editor, "org-description", "Edit 2");
  await viewer.waitForFunction(() => document.getElementById("org-description")?.value === "Edit 2");
  await viewer.reload();
  await viewer.waitForSelector("body[data-ready=true]");
  await editor.reload();
  await editor.waitForSelector("body[data-ready=true]");
  [editor, viewer] = await editorOf(a, b);
  await show(editor, "context");
  await edit(editor, "org-employees", "42");
  for (const p of [a, b]) {
    await show(p, "context");
    await p.waitForFunction(() => document.getElementById("org-employees")?.value === "42");
    assert.equal(await p.inputValue("#org-sector"), "Edit 1");
    assert.equal(await p.inputValue("#org-description"), "Edit 2");
  }
  const d = await doc(a);
  assert.deepEqual([d.organisation.sector, d.organisation.description, d.organisation.employees], ["Edit 1", "Edit 2", 42]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without Web Locks but with BroadcastChannel, an editing tab with nothing unsaved follows the other's saves", async () => {
  const { context, page, errors, a } = await oneTab("No Locks Ltd", () => {
    Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined, configurable: true });
  });
  const b = await page();
  await show(b, "context");
  assert.equal(await readOnly(b).count(), 0);
  await edit(a, "org-sector", "Sector from A");
  await b.waitForFunction(() => document.getElementById("org-sector")?.value === "Sector from A");
  await edit(b, "org-description", "Description from B");
  assert.equal(await b.locator("[data-testid=save-conflict]").count(), 0);
  const d = await doc(a);
  assert.deepEqual([d.organisation.sector, d.organisation.description], ["Sector from A", "Description from B"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without Web Locks or BroadcastChannel, two editing tabs: the older tab's save is refused, it shows the newer version and keeps its own as a download", async () => {
  const { context, page, errors, a } = await oneTab("No Locks Ltd", () => {
    Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined, configurable: true });
    delete window.BroadcastChannel;
  });
  const b = await page();
  await show(b, "context");
  assert.equal(await readOnly(b).count(), 0);
  await edit(a, "org-sector", "Sector from A");
  await edit(b, "org-description", "Description from B");
  const conflict = b.locator("[data-testid=save-conflict]");
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /Not saved: a newer version was saved in another tab/);
  await b.screenshot({ path: join(OUT, "safety-conflict-1366.png") });
  assert.deepEqual(await axeProblems(b), []);
  await b.waitForFunction(() => document.getElementById("org-sector")?.value === "Sector from A");
  const [download] = await Promise.all([b.waitForEvent("download"), b.click("#download-rescued")]);
  assert.equal(JSON.parse((await bytesOf(download)).toString("utf8")).organisation.description, "Description from B");
  let d = await doc(a);
  assert.equal(d.organisation.sector, "Sector from A");
  assert.equal(d.organisation.description, undefined);
  // B now works on the newer version: its next edit is saved on top of A's.
  await edit(b, "org-description", "Description from B again");
  await b.close({ runBeforeUnload: true });
  await a.close({ runBeforeUnload: true });
  const c = await page();
  d = await doc(c);
  assert.deepEqual([d.organisation.sector, d.organisation.description], ["Sector from A", "Description from B again"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an assessment deleted in one tab does not come back from another that shows it", async () => {
  const { context, page, errors, a } = await oneTab("Doomed Ltd");
  await edit(a, "org-sector", "Before deletion");
  const b = await page();
  await assertReadOnly(b);
  await show(b, "");
  await b.click("[data-testid=assessments] button[aria-label='Delete Doomed Ltd']");
  await b.waitForFunction(() => !document.querySelector("[data-testid=assessments] [data-id]"));
  assert.deepEqual(await stored(b), []);
  // The editor hears of it: read-only, with the reason and a way to keep a copy.
  await a.locator("[data-testid=read-only]", { hasText: "deleted" }).waitFor();
  await a.screenshot({ path: join(OUT, "safety-deleted-1366.png") });
  const [download] = await Promise.all([a.waitForEvent("download"), a.click("#download-rescued")]);
  assert.equal(JSON.parse((await bytesOf(download)).toString("utf8")).organisation.sector, "Before deletion");
  assert.equal(await a.isDisabled("#org-sector"), true);
  await a.evaluate(() => { document.getElementById("org-sector").disabled = false; });
  await edit(a, "org-sector", "After deletion");
  await a.close({ runBeforeUnload: true });
  await b.reload();
  await b.waitForSelector("body[data-ready=true]");
  assert.deepEqual(await stored(b), [], "the deleted assessment came back");
  assert.equal(await b.locator("[data-testid=assessments] [data-id]").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a save is refused inside its transaction when the stored revision is newer or the record is gone", async () => {
  const { context, page } = await freshContext();
  const a = await page();
  const result = await a.evaluate(async () => {
    const store = await import("./store.js");
    const created = await store.create({ id: "r1", name: "R", document: { schema: "isms/2", organisation: { name: "R" } } });
    const second = await store.save({ ...created, name: "R2" }, created.revision);
    const outcome = async (promise) => promise.then(() => "saved", (err) => err.code);
    const stale = await outcome(store.save({ ...created, name: "stale" }, created.revision));
    const again = await outcome(store.create({ id: "r1", name: "twice", document: {} }));
    await store.remove("r1");
    const gone = await outcome(store.save({ ...second, name: "revived" }, second.revision));
    return { revisions: [created.revision, second.revision], stale, again, gone, left: await store.list() };
  });
  assert.deepEqual(result, { revisions: [1, 2], stale: "conflict", again: "conflict", gone: "deleted", left: [] });
  await context.close();
});

// Wraps IDBObjectStore.put: when localStorage "test.failPut" is "quota" the write throws a
// QuotaExceededError; when "abort" its transaction is aborted after the put.
const FAIL_PUT = () => {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    const mode = localStorage.getItem("test.failPut");
    if (mode === "quota") throw new DOMException("simulated: the quota is exceeded", "QuotaExceededError");
    const req = put.apply(this, args);
    if (mode === "abort") this.transaction.abort();
    return req;
  };
};

test("a failed IndexedDB write shows the unsaved state; the export still works; Retry saves", async () => {
  const { context, errors, a } = await oneTab("Full Disk Ltd", FAIL_PUT);
  for (const mode of ["quota", "abort"]) {
    await a.evaluate((m) => localStorage.setItem("test.failPut", m), mode);
    await edit(a, "org-sector", `Sector (${mode})`);
    const banner = a.locator("[data-testid=save-failed]");
    await banner.waitFor();
    assert.match(await banner.textContent(), mode === "quota" ? /Not saved: the browser's storage for this site is full/ : /Not saved: /);
    assert.equal(await a.getAttribute("body", "data-saved"), "false");
    assert.match(await a.textContent("#save-state"), /Not saved/);
    assert.notEqual((await doc(a)).organisation.sector, `Sector (${mode})`);
    if (mode === "quota") {
      await a.screenshot({ path: join(OUT, "safety-save-failed-1366.png") });
      assert.deepEqual(await axeProblems(a), []);
      await a.setViewportSize({ width: 390, height: 844 });
      await a.screenshot({ path: join(OUT, "safety-save-failed-390.png") });
      await a.setViewportSize({ width: 1366, height: 900 });
    }
    // The data can be rescued while it is not saved.
    const [download] = await Promise.all([a.waitForEvent("download"), a.click("#export-unsaved")]);
    assert.equal(JSON.parse((await bytesOf(download)).toString("utf8")).organisation.sector, `Sector (${mode})`);
    // Still failing: Retry fails again and says so.
    await a.click("#retry-save");
    await settled(a);
    await banner.waitFor();
    await a.evaluate(() => localStorage.removeItem("test.failPut"));
    await a.click("#retry-save");
    await settled(a);
    assert.equal(await banner.count(), 0);
    assert.equal(await a.getAttribute("body", "data-saved"), "true");
    assert.equal((await doc(a)).organisation.sector, `Sector (${mode})`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("a reminder to export a backup appears after many changes, is dismissible and remembered", async () => {
  const { context, errors, a } = await oneTab("Backup Ltd");
  for (let i = 0; i < 25; i++) await edit(a, "org-employees", String(10 + i));
  const reminder = a.locator("[data-testid=backup-reminder]");
  await reminder.waitFor();
  await a.click("#dismiss-backup");
  await reminder.waitFor({ state: "detached" });
  await edit(a, "org-employees", "99");
  await a.reload();
  await a.waitForSelector("body[data-ready=true]");
  assert.equal(await reminder.count(), 0);
  for (let i = 0; i < 25; i++) await edit(a, "org-employees", String(100 + i));
  await reminder.waitFor();
  await show(a, "");
  await Promise.all([a.waitForEvent("download"), a.click("#export-document")]);
  await reminder.waitFor({ state: "detached" });
  assert.match(await a.textContent("[data-testid=last-export]"), /Last exported/);
  assert.match(await a.textContent("[data-testid=storage-persistence]"), /Storage is (not )?persistent|does not say/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("encrypted export: the passphrase twice, 12 characters at least, NFC; bounded iteration counts", async () => {
  const { context, errors, a } = await oneTab("Sealed Ltd");
  await show(a, "");
  await a.click("#export-encrypted");
  await a.waitForSelector("dialog[open] #passphrase-input");
  const problem = a.locator("[data-testid=passphrase-problem]");
  await a.fill("#passphrase-input", "too short");
  await a.fill("#passphrase-repeat", "too short");
  await a.click("#passphrase-ok");
  await a.waitForFunction(() => /at least 12 characters/i.test(document.querySelector("[data-testid=passphrase-problem]").textContent));
  await a.fill("#passphrase-input", "a long enough passphrase");
  await a.fill("#passphrase-repeat", "a long enough passphrasE");
  await a.click("#passphrase-ok");
  await a.waitForFunction(() => /the two passphrases differ/i.test(document.querySelector("[data-testid=passphrase-problem]").textContent));
  assert.equal(await a.getAttribute("#passphrase-input", "aria-invalid"), "true");
  await a.screenshot({ path: join(OUT, "safety-passphrase-1366.png") });
  assert.deepEqual(await axeProblems(a), []);
  await a.setViewportSize({ width: 390, height: 844 });
  await a.screenshot({ path: join(OUT, "safety-passphrase-390.png") });
  await a.setViewportSize({ width: 1366, height: 900 });
  assert.match(await problem.textContent(), /differ/);
  // Sealed with a passphrase typed in NFC (é as one code point)…
  const nfc = "Ça été déjà l’été".normalize("NFC");
  const nfd = nfc.normalize("NFD");
  assert.notEqual(nfc, nfd);
  await a.fill("#passphrase-input", nfc);
  await a.fill("#passphrase-repeat", nfc);
  const [download] = await Promise.all([a.waitForEvent("download"), a.click("#passphrase-ok")]);
  await a.waitForSelector("dialog", { state: "detached" });
  const sealed = (await bytesOf(download)).toString("utf8");
  // …opens with the same passphrase typed in NFD (e + combining accent).
  await a.setInputFiles("#import-file", { name: "sealed.isms.json", mimeType: "application/json", buffer: Buffer.from(sealed) });
  await a.fill("#passphrase-input", nfd);
  assert.equal(await a.inputValue("#passphrase-input"), nfd);
  await a.click("#passphrase-ok");
  await a.waitForFunction(() => document.body.dataset.view === "context");
  assert.equal(await a.inputValue("#org-name"), "Sealed Ltd");
  // An envelope asking for 10^12 iterations is refused at once, before any passphrase or key.
  const hostile = JSON.parse(sealed);
  hostile.kdf.iterations = 1e12;
  await show(a, "");
  const started = Date.now();
  await a.setInputFiles("#import-file", { name: "hostile.isms.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(hostile)) });
  await a.waitForFunction(() => /iteration count `1000000000000` is outside 100,000 to 10,000,000/.test(document.querySelector("[data-testid=import-message]").textContent));
  assert.ok(Date.now() - started < 2000, "the hostile envelope took long to refuse");
  assert.equal(await a.locator("dialog").count(), 0);
  // A salt or IV of the wrong size is refused too.
  const badIv = JSON.parse(sealed);
  badIv.cipher.iv = Buffer.alloc(4).toString("base64");
  await a.setInputFiles("#import-file", { name: "bad-iv.isms.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(badIv)) });
  await a.waitForFunction(() => /the IV has 4 bytes, expected 12/.test(document.querySelector("[data-testid=import-message]").textContent));
  assert.deepEqual(errors, []);
  await context.close();
});
