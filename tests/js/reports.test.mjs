// Reports from JS under Node: the XLSX export as bytes, the report functions, and the golden files
// of the text exports (the same bytes as the Rust and Python runs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const tests = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = (name) => JSON.parse(readFileSync(join(tests, "fixtures", name), "utf8"));
const example = fixture("example-saas.isms.json");

test("XLSX exports are a Uint8Array holding a zip, the same bytes every time", () => {
  const out = isms.exportReport(example, { report: "all", format: "xlsx", asOf: "2026-11-01" });
  assert.equal(out.filename, "larkspur-metrics-ltd-all.xlsx");
  assert.equal(out.mediaType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert.ok(out.content instanceof Uint8Array);
  assert.deepEqual([...out.content.subarray(0, 2)], [0x50, 0x4b]);
  const again = isms.export(example, { report: "all", format: "xlsx", asOf: "2026-11-01" });
  assert.deepEqual(again.content, out.content);
});

test("text exports are strings", () => {
  const out = isms.exportReport(example, { report: "soa", format: "csv" });
  assert.equal(typeof out.content, "string");
  assert.ok(out.content.startsWith("Control,Title,Theme,Applicable,"));
  assert.throws(
    () => isms.exportReport(example, { report: "all", format: "csv" }),
    (e) => e instanceof isms.IsmsError && e.code === "schema_violation" && e.path === "/report",
  );
});

test("soa, readiness, diff and oscal take documents and camelCase options", () => {
  const soa = isms.soa(example, { asOf: "2026-11-01" });
  assert.equal(soa.rows.length, 95);
  const readiness = isms.readiness(example, { asOf: "2026-11-01" });
  assert.equal(readiness.score.score, 92.6);
  const changed = structuredClone(example);
  changed.risks.pop();
  const diff = isms.diff(example, changed);
  assert.equal(diff.summary.risks_removed, 1);
  assert.equal(isms.oscal(example, { model: "profile" }).profile.metadata["oscal-version"], "1.2.1");
});

function resolve(value) {
  if (Array.isArray(value)) return value.map(resolve);
  if (value !== null && typeof value === "object") {
    if (typeof value.$fixture === "string") return fixture(value.$fixture);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }
  return value;
}

const manifest = JSON.parse(readFileSync(join(tests, "golden", "manifest.json"), "utf8"));
for (const entry of manifest.entries) {
  test(`golden: ${entry.file}`, () => {
    const out = isms.call(entry.op, resolve(entry.input));
    const golden = readFileSync(join(tests, "golden", entry.file), "utf8");
    if (entry.op === "export") assert.equal(out.content, golden);
    else assert.deepEqual(out, JSON.parse(golden));
  });
}
