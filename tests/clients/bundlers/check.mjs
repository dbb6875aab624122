// Serves each build of the page (dist/<name>/) with the assessor's static server (same-origin
// Content-Security-Policy, wasm MIME type), opens it in headless Chromium and checks that the
// engine and, on demand, the importer loaded and answered, from the page's own origin, with no
// error logged.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../chromium.mjs";
import { serve } from "../../../www/server.mjs";

const names = process.argv.slice(2);

// The settings each build uses are the lines the package README gives.
const readme = readFileSync(new URL("../../../bindings-wasm/README.md", import.meta.url), "utf8");
const build = readFileSync(new URL("./build", import.meta.url), "utf8");
const configs = ["vite.config.js", "rollup.config.js"].map((file) => readFileSync(new URL(`./${file}`, import.meta.url), "utf8"));
const esbuildLine = readme.match(/^esbuild .*$/m)?.[0];
assert.ok(esbuildLine && build.includes(esbuildLine.replace("app.js", "src/main.js")), "the README's esbuild line");
for (const line of ['build: { target: "es2022" },', 'optimizeDeps: { exclude: ["isms-wasm"] },', "plugins: [nodeResolve({ browser: true }), importMetaAssets()],"]) {
  assert.ok(readme.includes(line), `the README gives \`${line}\``);
  assert.ok(configs.some((config) => config.includes(line)), `a config uses \`${line}\``);
}
const browser = await launchChromium();
try {
  for (const name of names) {
    const server = await serve({ root: fileURLToPath(new URL(`./dist/${name}/`, import.meta.url)) });
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      const page = await browser.newPage();
      const requests = [];
      const errors = [];
      page.on("request", (req) => requests.push(req.url()));
      page.on("pageerror", (err) => errors.push(err.message));
      page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
      await page.goto(`${origin}/`);
      await page.waitForSelector("body[data-ready=true], body[data-error]", { timeout: 60_000 });
      assert.equal(await page.getAttribute("body", "data-error"), null, `${name}: the page reported an error`);
      const shown = {};
      for (const element of await page.locator("[data-testid]").all()) {
        shown[await element.getAttribute("data-testid")] = (await element.textContent()).trim();
      }
      assert.deepEqual(errors, [], name);
      const expected = {
        controls: "93",
        findings: "true",
        xlsx: "Uint8Array PK",
        import: "2",
        document: "example-ltd-policy.md true PK",
        error: "unknown_control /id",
        limit: "limit_exceeded items",
      };
      if (name === "plain") expected.pool = "93 true superseded_control timeout A.5.1";
      assert.deepEqual(shown, expected, name);
      // The engine, the importer and the documents module (the pool's workers fetch the engine
      // again, from the same URL).
      const wasm = new Set(requests.filter((url) => url.endsWith(".wasm")));
      assert.equal(wasm.size, 3, `${name}: the engine, the importer and the documents module fetched: ${[...wasm]}`);
      assert.deepEqual(requests.filter((url) => !url.startsWith(origin)), [], `${name}: nothing fetched from elsewhere`);
      console.log(`${name}: the page loaded the engine, the importer and the documents module in Chromium: ${JSON.stringify(shown)}`);
      await page.close();
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  }
} finally {
  await browser.close();
}
