// The size of the engine's .wasm as shipped (after wasm-opt), raw and gzipped, against the budget
// in bindings-wasm/package.json (config.wasmSizeBudget): reported and enforced. The budget is for
// the engine module, catalogue and XLSX writer included; the XLSX reader, a second module loaded
// only for XLSX imports, is reported beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const wasm = readFileSync(new URL("../../bindings-wasm/pkg/web/isms_wasm_bg.wasm", import.meta.url));
const budget = JSON.parse(readFileSync(new URL("../../bindings-wasm/package.json", import.meta.url), "utf8")).config
  .wasmSizeBudget;
const raw = wasm.length;
const gzip = gzipSync(wasm, { level: 9 }).length;

// The XLSX reader, the package's second module (loaded only for XLSX imports): reported only.
const reader = readFileSync(new URL("../../bindings-wasm/pkg/web/isms_xlsx_bg.wasm", import.meta.url));

test("the wasm size is reported", () => {
  console.log(`isms_wasm_bg.wasm: ${raw} bytes raw (budget ${budget.raw}), ${gzip} bytes gzipped (budget ${budget.gzip})`);
  const readerGzip = gzipSync(reader, { level: 9 }).length;
  console.log(`isms_xlsx_bg.wasm (XLSX reader, loaded on demand): ${reader.length} bytes raw, ${readerGzip} bytes gzipped`);
  assert.ok(raw > 0 && gzip > 0 && reader.length > 0);
});

test("the optimised engine module is within the size budget", () => {
  assert.ok(raw <= budget.raw, `${raw} bytes raw, over the budget of ${budget.raw}`);
  assert.ok(gzip <= budget.gzip, `${gzip} bytes gzipped, over the budget of ${budget.gzip}`);
});
