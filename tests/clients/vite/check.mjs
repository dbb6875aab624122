// Serves the Vite build (dist/) with the assessor's static server (same-origin Content-Security-
// Policy, wasm MIME type), opens it in headless Chromium and checks that the page shows what the
// engine computed (and recovered from a trap in each module), fetched nothing from another origin
// and logged no error.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { serve } from "../../../www/server.mjs";

const dist = fileURLToPath(new URL("./dist/", import.meta.url));
const assets = readdirSync(new URL("./dist/assets/", import.meta.url));
const wasm = assets.filter((name) => name.endsWith(".wasm") && !/^isms_(import|documents)/.test(name));
const importer = assets.filter((name) => name.startsWith("isms_import") && name.endsWith(".wasm"));
const documents = assets.filter((name) => name.startsWith("isms_documents") && name.endsWith(".wasm"));
assert.equal(wasm.length, 1, `one engine .wasm asset in dist/assets: ${assets}`);
assert.equal(importer.length, 1, `one importer .wasm asset in dist/assets: ${assets}`);
assert.equal(documents.length, 1, `one documents .wasm asset in dist/assets: ${assets}`);
for (const name of assets.filter((n) => n.endsWith(".js"))) {
  const code = readFileSync(new URL(`./dist/assets/${name}`, import.meta.url), "utf8");
  assert.ok(!/\bnode:(fs|module|path)\b/.test(code), `${name} pulls in a Node module`);
}

const server = await serve({ root: dist });
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (req) => requests.push(req.url()));
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  await page.goto(`${origin}/`);
  await page.waitForSelector("body[data-ready=true], body[data-error]", { timeout: 30_000 });
  const text = async (id) => (await page.locator(`[data-testid="${id}"]`).textContent()).trim();
  const shown = {};
  for (const id of ["version", "controls", "people", "findings", "soa-rows", "readiness", "xlsx", "xlsx-import", "error", "trap"]) {
    shown[id] = await text(id);
  }
  assert.equal(await page.getAttribute("body", "data-error"), null, "the page reported an error");
  assert.deepEqual(errors, []);
  assert.match(shown.version, /^\d+\.\d+\.\d+/);
  assert.equal(shown.controls, "93");
  assert.equal(shown.people, "8");
  assert.match(shown.findings, /^\d+ \(\d+ high\)$/);
  assert.equal(shown["soa-rows"], "95");
  assert.equal(shown.readiness, "92.6 nearly_ready");
  assert.equal(shown.xlsx, "larkspur-metrics-ltd-soa.xlsx Uint8Array PK");
  assert.equal(shown.error, "IsmsError unknown_control /id");
  assert.equal(shown["xlsx-import"], "Register row 3: 2 risks");
  assert.equal(shown.trap, "internal, then A.5.1; importer internal, then 2 risks", "built with fault-injection, as tests/run builds it?");
  assert.ok(requests.some((url) => url === `${origin}/assets/${wasm[0]}`), "the .wasm came from the page's origin");
  assert.ok(requests.some((url) => url === `${origin}/assets/${importer[0]}`), "the importer came from the page's origin");
  assert.deepEqual(requests.filter((url) => !url.startsWith(origin)), [], "nothing fetched from elsewhere");
  console.log(`vite: the built page rendered the engine's results in Chromium: ${JSON.stringify(shown)}`);
} finally {
  await browser.close();
  await new Promise((ok) => server.close(ok));
}
