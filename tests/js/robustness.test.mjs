// Bad input never hangs, corrupts or leaks: 10,000 malformed calls (text that is not JSON, wrong
// types, unknown ops, huge strings, nesting 100,000 levels deep, broken documents) each fail with
// an engine error, in bounded time; afterwards the instance answers a normal call exactly as before
// and its WebAssembly memory has not grown since the warm-up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

// The wasm-bindgen modules under the api: the same instances (Node caches them), reached directly
// so that text which is not JSON gets to the engine as it is; the importer once the api has loaded
// it (at its first import).
const require = createRequire(import.meta.url);
const raw = require("../../bindings-wasm/pkg/node/isms_wasm.js");
isms.importRegister({ content: "Risk,Likelihood,Impact\nFlood,2,3\n" });
const rawImporter = require("../../bindings-wasm/pkg/node/isms_import.js");

const example = JSON.parse(readFileSync(new URL("../fixtures/example-saas.isms.json", import.meta.url), "utf8"));

const DEPTH = 100_000;
const deepArrays = "[".repeat(DEPTH) + "]".repeat(DEPTH);
const deepObjects = '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH);
const deepInDocument = `{"document": {"schema": "isms/2", "x_notes": ${deepArrays}}}`;
let nested = [];
for (let i = 0; i < DEPTH; i++) nested = [nested];
const huge = "A".repeat(1 << 20);

const broken = structuredClone(example);
broken.risks[0].assets = ["nowhere"];
broken.assets[1].id = broken.assets[0].id;
const circular = {};
circular.self = circular;

/** An engine error envelope from the raw module (the engine's, or `module`). */
function rawError(op, text, module = raw) {
  const envelope = JSON.parse(module.call(op, text, ""));
  assert.ok(envelope.error, `${op} ${text.slice(0, 40)}: expected an error, got ${JSON.stringify(envelope).slice(0, 80)}`);
  assert.equal(typeof envelope.error.code, "string");
  assert.equal(typeof envelope.error.path, "string");
  return envelope.error.code;
}

/** An IsmsError from the api. */
function apiError(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof isms.IsmsError, `not an IsmsError: ${err}`);
    assert.equal(typeof err.code, "string");
    return err.code;
  }
  assert.fail("the call succeeded");
}

/** The malformed calls, each returning the error code it met; `i` varies sizes and names. */
const MALFORMED = [
  (i) => rawError("catalogue", "{".repeat(1 + (i % 50))),
  () => rawError("catalogue", '{"theme": }'),
  () => rawError("rate", "nul"),
  () => rawError("control", '"A.5.1" trailing'),
  () => rawError("validate", '{"document": {"schema": "isms/2"}'),
  () => rawError("catalogue", "\u0000\u0001\ud800"),
  (i) => rawError("x".repeat(i % 300), "{}"),
  () => rawError("", ""),
  () => rawError("catalogue", deepArrays),
  () => rawError("migrate", `{"document": ${deepArrays}}`),
  () => rawError("migrate", `{"document": ${deepObjects}}`),
  () => rawError("validate", deepInDocument),
  () => rawError("import_register", `{"rows": ${deepArrays}}`, rawImporter),
  () => rawError("import_register", `{"content": ${deepObjects}}`, rawImporter),
  () => rawError("import_register", `{"rows": ${deepArrays}}`),
  () => rawError("catalogue", "{}", rawImporter),
  () => apiError(() => isms.catalogue({ theme: 5 })),
  () => apiError(() => isms.catalogue({ control_type: ["Preventive", "Sneaky"] })),
  () => apiError(() => isms.rate({ method: "iso27005-5x5", likelihood: "high", impact: 3 })),
  () => apiError(() => isms.rate({ method: "iso27005-5x5", likelihood: 99, impact: 3 })),
  () => apiError(() => isms.control({ id: null })),
  (i) => apiError(() => isms.control({ id: `Z.${i}` })),
  (i) => apiError(() => isms.control(i % 100 === 0 ? huge : "A".repeat(i % 97))),
  () => apiError(() => isms.validate({ schema: 7 })),
  () => apiError(() => isms.validate({ schema: "isms/0" })),
  () => apiError(() => isms.validate(broken)),
  () => apiError(() => isms.analyse("not a document")),
  () => apiError(() => isms.exportReport(example, { format: "pdf" })),
  () => apiError(() => isms.oscal(example, { model: "nope" })),
  () => apiError(() => isms.diff(1, 2)),
  () => apiError(() => isms.importRegister({ content: new Uint8Array([0x50, 0x4b, 3, 4, 0xff, 0xfe]), format: "xlsx" })),
  () => apiError(() => isms.importRegister({ content: "Risk,Likelihood\nR1,Enormous\n" })),
  () => apiError(() => isms.checkMethod({ method: { id: "m", likelihood: { levels: [] } } })),
  () => apiError(() => isms.call("no_such_op", {})),
  () => apiError(() => isms.call(Symbol("op"), {})),
  () => apiError(() => isms.catalogue(circular)),
  () => apiError(() => isms.catalogue({ theme: 10n })),
  () => apiError(() => isms.catalogue(nested)),
  () => apiError(() => isms.migrate([1, 2, 3])),
];

test("10,000 malformed calls fail cleanly, leave the instance usable and its memory flat", () => {
  const before = isms.soa(example, { asOf: "2026-11-01" });
  const started = performance.now();
  const codes = new Map();
  const memory = [];
  const CALLS = 10_000;
  // The warm-up meets every kind of bad input once, the largest included (i = 0 sends the 1 MiB
  // id), so the memory the loop needs is allocated before it is measured.
  for (const malformed of MALFORMED) malformed(0);
  memory.push(isms.memoryBytes());
  for (let i = 0; i < CALLS; i++) {
    const code = MALFORMED[i % MALFORMED.length](i);
    codes.set(code, (codes.get(code) ?? 0) + 1);
    if ((i + 1) % 1000 === 0) memory.push(isms.memoryBytes());
  }
  const seconds = (performance.now() - started) / 1000;
  const [warm, ...later] = memory;
  console.log(
    `${CALLS} malformed calls in ${seconds.toFixed(1)} s; wasm memory ${warm} bytes after the warm-up, ` +
      `${later.at(-1)} after all; codes ${JSON.stringify(Object.fromEntries(codes))}`,
  );
  assert.ok(seconds < 120, `took ${seconds} s`);
  for (const code of ["invalid_json", "schema_violation", "unknown_op", "unknown_control", "out_of_scale"]) {
    assert.ok(codes.has(code), `no ${code} among ${[...codes.keys()]}`);
  }
  assert.deepEqual(later, later.map(() => warm), "the wasm memory grew after the warm-up");
  assert.deepEqual(isms.soa(example, { asOf: "2026-11-01" }), before, "a normal call answers as before");
  assert.equal(isms.catalogue().length, 93);
});

test("nesting deeper than the depth limit is limit_exceeded, at any depth", () => {
  for (const depth of [200, 1_000, 10_000, 100_000, 1_000_000]) {
    const arrays = "[".repeat(depth) + "]".repeat(depth);
    const objects = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    assert.equal(rawError("migrate", `{"document": ${arrays}}`), "limit_exceeded", `arrays ${depth}`);
    assert.equal(rawError("migrate", `{"document": ${objects}}`), "limit_exceeded", `objects ${depth}`);
    const kept = `{"document": {"schema": "isms/2", "x_notes": ${arrays}}}`;
    assert.equal(rawError("validate", kept), "limit_exceeded", `unknown field ${depth}`);
  }
  assert.equal(rawError("migrate", `{"document": ${"[".repeat(1_000_000)}`), "limit_exceeded");
  assert.equal(isms.control("5.1").id, "A.5.1");
});

test("a 16 MiB string is limit_exceeded by default, an error value within a raised limit, and a normal call follows", () => {
  const big = "x".repeat(16 << 20);
  assert.equal(apiError(() => isms.control(big)), "limit_exceeded");
  assert.equal(apiError(() => isms.catalogue({ text: big })), "limit_exceeded");
  const limits = { string_bytes: 32 << 20 };
  assert.equal(apiError(() => isms.control(big, { limits })), "unknown_control");
  assert.deepEqual(isms.catalogue({ text: big }, { limits }), []);
  assert.equal(isms.control("5.1").id, "A.5.1");
});

test("memoryBytes reports the instance's memory in whole pages", () => {
  const bytes = isms.memoryBytes();
  assert.ok(bytes > 0 && bytes % 65536 === 0, `${bytes}`);
});
