// A new build deployed under an open page: the page keeps running, and loading modules, from its
// own build's cache; it offers "A new version is available — Reload"; after that reload it runs
// the new build only. Two builds are made from www/dist in temp directories, every text file of
// each marked with its build's letter and re-stamped (www/stamp.mjs), and the server switches its
// root from one to the other. The server sends a long max-age, so a worker that filled its cache
// through the HTTP cache (instead of `cache: "reload"`) would store the old build's files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../www/server.mjs";
import { OUT } from "./browser.mjs";

const WWW = fileURLToPath(new URL("../../www/", import.meta.url));
const TEXT = /\.(js|css|html|json|webmanifest)$/;

let tmp;
let server;
let browser;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "isms-builds-"));
  for (const letter of ["A", "B"]) {
    const dir = join(tmp, letter);
    cpSync(join(WWW, "dist"), dir, { recursive: true });
    const walk = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    for (const file of walk(dir)) {
      if (file.endsWith("sw.js") || !TEXT.test(file)) continue;
      const text = readFileSync(file, "utf8");
      if (file.endsWith(".html")) writeFileSync(file, text.replace("</html>", `<!-- build ${letter} -->\n</html>`));
      else if (file.endsWith(".js") || file.endsWith(".css")) writeFileSync(file, `${text}\n/* build ${letter} */\n`);
    }
    execFileSync(process.execPath, [join(WWW, "stamp.mjs"), dir]);
  }
  server = await serve({ root: join(tmp, "A"), cacheControl: "public, max-age=86400" });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
after(async () => {
  await browser?.close();
  if (server) await new Promise((ok) => server.close(ok));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const versionOf = (letter) => /<meta name="isms-build" content="([0-9a-f]{16})">/.exec(readFileSync(join(tmp, letter, "index.html"), "utf8"))[1];

test("open pages keep their build until each reloads through the notice; then they run the new build only", async () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const responses = [];
  page.on("response", (r) => responses.push(r));
  await page.goto(`${origin}/`);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector("body[data-offline=ready]", { state: "attached" });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const a = versionOf("A");
  const b = versionOf("B");
  assert.notEqual(a, b);
  assert.equal(await page.getAttribute('meta[name="isms-build"]', "content"), a);
  await page.click("#load-example");
  await page.waitForFunction(() => document.body.dataset.view === "readiness");
  // A second tab of build A, open throughout.
  const other = await context.newPage();
  other.on("pageerror", (err) => errors.push(err.message));
  const otherResponses = [];
  other.on("response", (r) => otherResponses.push(r));
  await other.goto(`${origin}/#/documents`);
  await other.waitForSelector("body[data-ready=true]");
  await other.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // Deploy build B and let the browser find it (as its periodic update check does).
  server.root = join(tmp, "B");
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForSelector("[data-testid=update-available]");
  assert.match(await page.textContent("[data-testid=update-available]"), /A new version of the assessor is available/);
  await page.screenshot({ path: join(OUT, "safety-update-1366.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(OUT, "safety-update-390.png") });
  await page.setViewportSize({ width: 1366, height: 900 });

  // The page keeps working on build A: views, and the documents module loaded only now.
  responses.length = 0;
  for (const route of ["risks", "soa", "controls", "documents"]) {
    await page.evaluate((r) => { location.hash = `#/${r}`; }, route);
    await page.waitForFunction((r) => document.body.dataset.view === r, route);
  }
  await page.click("#show-checklist");
  await page.waitForSelector("[data-testid=checklist]");
  const lazy = responses.find((r) => r.url().endsWith("/pkg/web/isms_documents.js"));
  assert.ok(lazy, "the documents module was not fetched");
  assert.equal(lazy.fromServiceWorker(), true);
  assert.match(await lazy.text(), /\/\* build A \*\/\s*$/);
  assert.equal(await page.getAttribute('meta[name="isms-build"]', "content"), a);

  // Reload through the notice: the new build takes over and the page reloads once it controls it.
  responses.length = 0;
  await page.click("#apply-update");
  await page.waitForFunction((v) => document.querySelector('meta[name="isms-build"]')?.content === v, b, { timeout: 15000 });
  await page.waitForSelector("body[data-ready=true]");
  await page.evaluate(() => { location.hash = "#/documents"; });
  await page.waitForFunction(() => document.body.dataset.view === "documents");
  await page.click("#show-checklist");
  await page.waitForSelector("[data-testid=checklist]");
  assert.equal(await page.locator("[data-testid=update-available]").count(), 0);
  const texts = responses.filter((r) => r.url().startsWith(origin) && TEXT.test(new URL(r.url()).pathname.replace(/\/$/, "/index.html")));
  assert.ok(texts.length >= 10, `only ${texts.length} responses after the reload`);
  for (const r of texts) {
    const path = new URL(r.url()).pathname;
    if (path.endsWith("sw.js")) continue;
    assert.equal(r.fromServiceWorker(), true, `${path} not from the service worker`);
    assert.match(await r.text(), /build B/, `${path} is not from build B`);
  }
  assert.ok(texts.some((r) => r.url().endsWith("/pkg/web/isms_documents.js")));

  // The other tab still runs build A under the new worker, and the modules it loads now are A's.
  await other.waitForSelector("[data-testid=update-available]");
  assert.equal(await other.getAttribute('meta[name="isms-build"]', "content"), a);
  const cachesBefore = await other.evaluate(() => caches.keys());
  assert.ok(cachesBefore.includes(`isms-assessor-${a}`), "build A's cache went while a tab runs it");
  await other.click("#show-checklist");
  await other.waitForSelector("[data-testid=checklist]");
  const otherLazy = otherResponses.find((r) => r.url().endsWith("/pkg/web/isms_documents.js"));
  assert.equal(otherLazy.fromServiceWorker(), true);
  assert.match(await otherLazy.text(), /\/\* build A \*\/\s*$/);
  // Its Reload brings it to build B too; then build A's cache is gone, no page using it.
  await other.click("#apply-update");
  await other.waitForFunction((v) => document.querySelector('meta[name="isms-build"]')?.content === v, b, { timeout: 15000 });
  await other.waitForSelector("body[data-offline=ready]", { state: "attached" });
  await page.waitForFunction(async (v) => {
    const keys = (await caches.keys()).filter((k) => k.startsWith("isms-assessor-"));
    return keys.length === 1 && keys[0] === `isms-assessor-${v}`;
  }, b, { timeout: 10000 });
  assert.deepEqual(errors, []);
  await context.close();
});
