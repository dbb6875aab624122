// A Node CommonJS application of isms-wasm (`require("isms-wasm")`), installed from the packed
// package into node_modules: the same calls as the ES module client, and the ES module entry
// sharing this engine and its IsmsError class.
"use strict";
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const isms = require("isms-wasm");
const { IsmsError, catalogue, control, exportReport, soa, validate } = require("isms-wasm");

const entry = require.resolve("isms-wasm");
assert.match(entry, /node_modules\/isms-wasm\/node\.cjs$/, `resolved ${entry}`);

const fixture = JSON.parse(readFileSync(join(__dirname, "../../fixtures/example-saas.isms.json"), "utf8"));

assert.equal(catalogue().length, 93);
const checked = validate(fixture, { asOf: "2026-11-01" });
assert.equal(checked.contents.assets, 35);
assert.ok(checked.findings.some((f) => f.code === "risk_untreated"));
const statement = soa(fixture);
assert.equal(statement.rows.length, 95);
const workbook = exportReport(fixture, { report: "all", format: "xlsx", asOf: "2026-11-01" });
assert.ok(workbook.content instanceof Uint8Array);
assert.deepEqual([...workbook.content.subarray(0, 2)], [0x50, 0x4b], "an XLSX file is a zip: PK");
assert.equal(isms.export, isms.exportReport);

// An XLSX register: the importer (a second wasm module) is required at this first import.
const register = JSON.parse(readFileSync(join(__dirname, "../../cases/import/xlsx_sheet_with_header_found.json"), "utf8"));
const imported = isms.importRegister({ content: Buffer.from(register.input.content, "base64"), format: "xlsx" });
assert.equal(imported.sheet, "Register");
assert.equal(imported.imported, 2);

assert.throws(
  () => control({ id: "A.12.6.1" }),
  (err) =>
    err instanceof IsmsError &&
    err.name === "IsmsError" &&
    err.code === "superseded_control" &&
    err.path === "/id" &&
    err.details.successors[0] === "A.8.8",
);

import("isms-wasm").then((esm) => {
  assert.equal(esm.IsmsError, IsmsError, "one IsmsError class for require and import");
  assert.equal(esm.default.version(), isms.version());
  console.log(
    `node-cjs: isms-wasm ${isms.version()} from ${entry}: ${checked.findings.length} findings, ` +
      `${statement.rows.length} SoA rows, XLSX ${workbook.content.length} bytes`,
  );
});
