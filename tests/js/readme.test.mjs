// The README's JavaScript example runs as written against the Node build of isms-wasm, and prints
// what its comments say.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("the README's JS example prints what its comments say", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const [, block] = readme.match(/```js\n([\s\S]*?)```/) ?? [];
  assert.ok(block, "README has a js block");
  const entry = pathToFileURL(join(root, "bindings-wasm/pkg/node.mjs")).href;
  const script = join(mkdtempSync(join(tmpdir(), "isms-readme-")), "readme.mjs");
  writeFileSync(script, block.replace(/from "isms-wasm"/, `from ${JSON.stringify(entry)}`));
  const printed = execFileSync(process.execPath, [script], { encoding: "utf8" }).trim().split("\n");
  const promised = [...block.matchAll(/\/\/ (.+)$/gm)].map((m) => m[1].trim());
  assert.deepEqual(printed, promised);
});

// The package's own README (bindings-wasm/README.md, shipped in the package): every ```js block runs
// as an ES module against the Node build and prints, line by line, what its `// → ` comments say.
const packageReadme = readFileSync(join(root, "bindings-wasm/README.md"), "utf8");
const blocks = [...packageReadme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the package README has runnable examples", () => assert.ok(blocks.length >= 3, `${blocks.length} js blocks`));

blocks.forEach((block, i) => {
  const first = block.split("\n").find((line) => line.trim() && !line.startsWith("//")) ?? "";
  test(`package README example ${i + 1} prints what its comments say (${first.slice(0, 60)})`, () => {
    const entry = JSON.stringify(pathToFileURL(join(root, "bindings-wasm/pkg/node.mjs")).href);
    const pool = JSON.stringify(pathToFileURL(join(root, "bindings-wasm/pkg/pool-node.mjs")).href);
    const script = join(mkdtempSync(join(tmpdir(), "isms-package-readme-")), `example-${i + 1}.mjs`);
    writeFileSync(script, block.replace(/(from |import\()"isms-wasm\/pool"/g, `$1${pool}`).replace(/(from |import\()"isms-wasm"/g, `$1${entry}`));
    const printed = execFileSync(process.execPath, [script], { encoding: "utf8", timeout: 60_000 }).trim().split("\n");
    const promised = [...block.matchAll(/\/\/ → (.+)$/gm)].map((m) => m[1].trim());
    assert.ok(promised.length > 0, "the example promises some output");
    assert.deepEqual(printed, promised);
  });
});
