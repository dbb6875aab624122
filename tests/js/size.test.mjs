// The size of each WebAssembly module as shipped (after wasm-opt), raw and gzipped, against its
// budget in bindings-wasm/package.json (config.wasmSizeBudget): reported and enforced. The engine
// module (catalogue and XLSX writer included) keeps 1.5 MB raw and 500 KB gzipped; the importer and
// the document writers, modules loaded only when a register is imported or a document written,
// have budgets of their own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const budgets = JSON.parse(readFileSync(new URL("../../bindings-wasm/package.json", import.meta.url), "utf8")).config
  .wasmSizeBudget;
const modules = [
  ["isms_wasm_bg.wasm", "the engine"],
  ["isms_import_bg.wasm", "the importer, loaded on demand"],
  ["isms_documents_bg.wasm", "the document writers, loaded on demand"],
].map(([file, what]) => {
  const wasm = readFileSync(new URL(`../../bindings-wasm/pkg/web/${file}`, import.meta.url));
  return { file, what, raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, budget: budgets[file] };
});

test("the wasm sizes are reported", () => {
  for (const { file, what, raw, gzip, budget } of modules) {
    console.log(`${file} (${what}): ${raw} bytes raw (budget ${budget.raw}), ${gzip} bytes gzipped (budget ${budget.gzip})`);
    assert.ok(raw > 0 && gzip > 0);
  }
});

for (const { file, what, raw, gzip, budget } of modules) {
  test(`${file} (${what}) is within its size budget`, () => {
    assert.ok(budget?.raw > 0 && budget?.gzip > 0, `no budget for ${file} in bindings-wasm/package.json`);
    assert.ok(raw <= budget.raw, `${raw} bytes raw, over the budget of ${budget.raw}`);
    assert.ok(gzip <= budget.gzip, `${gzip} bytes gzipped, over the budget of ${budget.gzip}`);
  });
}
