// A Node ES module application of isms-wasm, installed from the packed package into node_modules:
// the catalogue, a shared fixture validated, the SoA, an XLSX export as bytes, and an IsmsError.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import isms, { IsmsError, catalogue, control, exportReport, soa, validate, version } from "isms-wasm";

const entry = fileURLToPath(import.meta.resolve("isms-wasm"));
assert.match(entry, /node_modules\/isms-wasm\/node\.mjs$/, `resolved ${entry}`);

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/example-saas.isms.json", import.meta.url), "utf8"));

assert.equal(catalogue().length, 93);
assert.equal(isms.catalogue({ theme: "people" }).length, 8);

const checked = validate(fixture, { asOf: "2026-11-01" });
assert.equal(checked.valid, true);
assert.equal(checked.contents.risks, 47);
assert.ok(checked.findings.some((f) => f.code === "action_overdue"));

const statement = soa(fixture);
assert.equal(statement.rows.length, 95);

const workbook = exportReport(fixture, { report: "soa", format: "xlsx", asOf: "2026-11-01" });
assert.ok(workbook.content instanceof Uint8Array);
assert.deepEqual([...workbook.content.subarray(0, 2)], [0x50, 0x4b], "an XLSX file is a zip: PK");
assert.equal(workbook.filename, "larkspur-metrics-ltd-soa.xlsx");

assert.throws(
  () => control({ id: "A.5.99" }),
  (err) => err instanceof IsmsError && err instanceof Error && err.code === "unknown_control" && err.path === "/id",
);

console.log(
  `node-esm: isms-wasm ${version()} from ${entry}: 93 controls, ${checked.findings.length} findings, ` +
    `${statement.rows.length} SoA rows, XLSX ${workbook.content.length} bytes`,
);
