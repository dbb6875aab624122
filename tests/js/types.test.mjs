// The package's TypeScript declarations: typed clients (tests/js/types/) that call every op pass
// `tsc --noEmit --strict`, resolving isms-wasm through its exports map as a user's project would
// (bundler resolution for the default entry, nodenext for the Node ESM and CommonJS entries), and
// every op the engine has is declared by every entry point.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = join(root, "bindings-wasm", "pkg");
const types = join(root, "tests", "js", "types");
const tsc = join(root, "tests", "node_modules", ".bin", "tsc");

/** The package installed into tests/js/types/node_modules, as npm links a local directory. */
function link() {
  const modules = join(types, "node_modules");
  mkdirSync(modules, { recursive: true });
  rmSync(join(modules, "isms-wasm"), { force: true, recursive: true });
  symlinkSync(pkg, join(modules, "isms-wasm"), "dir");
}

function typecheck(project) {
  try {
    execFileSync(tsc, ["-p", join(types, project)], { encoding: "utf8", stdio: "pipe" });
  } catch (err) {
    assert.fail(`tsc -p ${project} failed:\n${err.stdout}${err.stderr}`);
  }
}

const jsName = (op) => (op === "export" ? "exportReport" : op.replace(/_([a-z])/g, (_, c) => c.toUpperCase()));

test("tsc is installed (tests/setup)", () => assert.ok(existsSync(tsc), tsc));

test("a typed client of the default entry passes tsc --strict", () => {
  link();
  typecheck("tsconfig.json");
});

test("a SaaS client (the pool, errors narrowed by code, XLSX bytes to a Blob) passes tsc --strict with the DOM lib and exactOptionalPropertyTypes", () => {
  link();
  typecheck("tsconfig.saas.json");
});

test("typed clients of the Node ESM and CommonJS entries pass tsc --strict", () => {
  link();
  typecheck("tsconfig.node.json");
});

test("the typed client calls every op", () => {
  const usage = readFileSync(join(types, "usage.ts"), "utf8");
  for (const op of isms.ops()) {
    assert.match(usage, new RegExp(`\\b${jsName(op)}\\(`), `usage.ts does not call ${jsName(op)}`);
  }
});

test("every op has a typed request and response and a declaration in every entry point", () => {
  const declarations = readFileSync(join(pkg, "types.d.ts"), "utf8");
  const block = (name) => declarations.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))?.[1] ?? "";
  const requests = block("OpRequests");
  const responses = block("OpResponses");
  const api = block("Isms");
  for (const op of isms.ops()) {
    assert.match(requests, new RegExp(`^  ${op}: `, "m"), `OpRequests.${op}`);
    assert.match(responses, new RegExp(`^  ${op}: `, "m"), `OpResponses.${op}`);
    assert.match(api, new RegExp(`^  ${jsName(op)}[<(]`, "m"), `Isms.${jsName(op)}`);
  }
  for (const entry of ["bundler.d.ts", "web.d.ts", "node.d.mts", "node.d.cts"]) {
    const text = readFileSync(join(pkg, entry), "utf8");
    for (const name of [...isms.ops().map(jsName), "call", "ops", "version", "IsmsError", "init"]) {
      assert.match(text, new RegExp(`export declare (const|function) ${name}\\b|export \\{ ${name} \\}`), `${entry}: ${name}`);
    }
  }
});

test("the package.json exports map names a types file for every entry", () => {
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const found = [];
  const walk = (node) => {
    if (node && typeof node === "object") {
      if (typeof node.types === "string") found.push(node.types);
      Object.values(node).forEach(walk);
    }
  };
  walk(manifest.exports);
  assert.deepEqual([...new Set(found)].sort(), ["./bundler.d.ts", "./node.d.cts", "./node.d.mts", "./pool.d.ts", "./web.d.ts"]);
  for (const file of found) assert.ok(existsSync(join(pkg, file)), file);
});
