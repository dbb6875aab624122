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
