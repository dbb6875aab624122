// Limits of one call under Node: every limit fails as IsmsError `limit_exceeded` before the work
// (a 120 M-character string, nesting JSON.stringify cannot walk, a huge export), the instance keeps
// answering, raw JSON text and bytes are read as they are, and memory goes back after a large call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const example = JSON.parse(readFileSync(new URL("../fixtures/example-saas.isms.json", import.meta.url), "utf8"));

function fails(fn, code) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof isms.IsmsError, `not an IsmsError: ${err}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail("the call succeeded");
}

test("a 120 M-character string is limit_exceeded, not a trap, and the engine answers after", () => {
  const name = "A".repeat(120_000_000);
  const before = isms.memoryBytes();
  const error = fails(() => isms.exportReport({ ...example, organisation: { ...example.organisation, name } }, { format: "html" }), "limit_exceeded");
  assert.equal(error.details.limit, "input_bytes");
  assert.ok(error.details.value > 120_000_000);
  assert.equal(isms.memoryBytes(), before, "refused before it reached the engine");
  const smaller = fails(
    () => isms.validate({ ...example, organisation: { ...example.organisation, name: "B".repeat(10_000_000) } }),
    "limit_exceeded",
  );
  assert.deepEqual(smaller.details, { limit: "string_bytes", max: 1 << 20, value: 10_000_000 });
  assert.equal(smaller.path, "/document/organisation/name");
  assert.equal(isms.control("A.5.1").id, "A.5.1");
});

test("nesting too deep for JSON.stringify is limit_exceeded depth; in text, the engine's own limit", () => {
  let nested = {};
  for (let i = 0; i < 200_000; i++) nested = { x: nested };
  const error = fails(() => isms.validate({ ...example, extra: nested }), "limit_exceeded");
  assert.equal(error.details.limit, "depth");
  const text = `{"document": ${'{"a":'.repeat(200)}1${"}".repeat(200)}}`;
  const raw = fails(() => isms.callJson("validate", text), "limit_exceeded");
  assert.deepEqual(raw.details, { limit: "depth", max: 64, value: 65 });
  // The request object is level 1, the document 2, then `n` arrays: 64 levels pass, 65 do not.
  const nestedIn = (n) => `{"document": {"schema": "isms/2", "organisation": {"name": "X"}, "x": ${"[".repeat(n)}${"]".repeat(n)}}}`;
  assert.ok(isms.callJson("validate", nestedIn(62)).findings);
  assert.equal(fails(() => isms.callJson("validate", nestedIn(63)), "limit_exceeded").details.value, 65);
});

test("limits are lowered per call and never raised past their hard maxima", () => {
  const error = fails(() => isms.soa(example, { limits: { items: 10 } }), "limit_exceeded");
  assert.equal(error.details.limit, "items");
  assert.equal(error.details.max, 10);
  fails(() => isms.soa(example, { limits: { depth: 1_000 } }), "invalid_value");
  fails(() => isms.soa(example, { limits: "small" }), "schema_violation");
  const output = fails(() => isms.exportReport(example, { format: "html", limits: { output_bytes: 1_000 } }), "limit_exceeded");
  assert.equal(output.details.limit, "output_bytes");
  const work = fails(() => isms.simulate(example, { iterations: 10_000_000, limits: { simulation_work: 1_000_000 } }), "limit_exceeded");
  assert.equal(work.details.limit, "simulation_work");
  assert.equal(work.path, "/iterations");
  assert.ok(isms.simulate(example, { iterations: 1_000, limits: { simulation_work: 1_000_000 } }).portfolio);
  assert.equal(isms.DEFAULT_LIMITS.depth, 64);
});

test("raw JSON text and bytes are read as they are; a parse error is at the caller's line and column", () => {
  const body = JSON.stringify({ document: example }, null, 2);
  assert.deepEqual(isms.callJson("validate", body), isms.validate(example));
  assert.deepEqual(isms.callJson("validate", new TextEncoder().encode(body)), isms.validate(example));
  assert.deepEqual(isms.callJson("validate", new TextEncoder().encode(body).buffer), isms.validate(example));
  const broken = body.replace('"isms/2",', '"isms/2"');
  const line = broken.split("\n").findIndex((l) => l.includes('"isms/2"')) + 2;
  for (const input of [broken, new TextEncoder().encode(broken)]) {
    const error = fails(() => isms.callJson("validate", input), "invalid_json");
    assert.equal(error.details.line, line);
  }
  const notUtf8 = fails(() => isms.callJson("control", new Uint8Array([0x7b, 0x0a, 0xff])), "invalid_json");
  assert.deepEqual(notUtf8.details, { line: 2, column: 1 });
  fails(() => isms.callJson("control", { id: "A.5.1" }), "schema_violation");
  fails(() => isms.callJson("control", "x".repeat(70_000_000)), "limit_exceeded");
});

test("memory goes back after a large call (an instance past 64 MiB is recycled), and on recycle()", () => {
  const risks = [...example.risks];
  for (let i = 0; i < 20_000; i++) {
    risks.push({ ...example.risks[i % example.risks.length], id: `COPY-${i}` });
  }
  const large = { ...example, risks };
  isms.recycle();
  isms.control("A.5.1");
  const fresh = isms.memoryBytes();
  isms.analyse(large);
  const after = isms.memoryBytes();
  console.log(`engine memory: ${(fresh / 2 ** 20).toFixed(1)} MiB fresh, ${(after / 2 ** 20).toFixed(1)} MiB kept after analysing 20,000 risks`);
  assert.ok(after < 64 * 2 ** 20, `${after} bytes kept after the call`);
  isms.control("A.5.1");
  assert.equal(isms.memoryBytes(), fresh, "the next call runs on a fresh instance");
  isms.validate(example);
  isms.recycle();
  isms.control("A.5.1");
  assert.equal(isms.memoryBytes(), fresh, "recycle() starts a fresh instance");
});

test("isIsmsDocument is true for a document the engine reads, false for anything else, and never throws for bad input", () => {
  assert.equal(isms.isIsmsDocument(example), true);
  const broken = structuredClone(example);
  broken.risks[0].assets = ["nowhere"];
  for (const value of [broken, { schema: "isms/0" }, { schema: 7 }, null, "text", [example], 5, { ...example, x: "y".repeat(2 << 20) }]) {
    assert.equal(isms.isIsmsDocument(value), false, JSON.stringify(value)?.slice(0, 40));
  }
  assert.equal(isms.isIsmsDocument(example, { limits: { items: 5 } }), false);
});
