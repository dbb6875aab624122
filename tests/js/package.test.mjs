// JS-only behaviour of isms-wasm under Node: the error class, camelCase names, plain objects
// (robustness.test.mjs hammers the instance with bad input).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

test("errors are IsmsError, a real Error with code and path", () => {
  assert.throws(
    () => isms.control({ id: "A.12.6.1" }),
    (err) => {
      assert.ok(err instanceof Error);
      assert.ok(err instanceof isms.IsmsError);
      assert.equal(err.name, "IsmsError");
      assert.equal(err.code, "superseded_control");
      assert.equal(err.path, "/id");
      assert.deepEqual(err.details, { successors: ["A.8.8"] });
      assert.match(err.stack, /IsmsError/);
      return true;
    },
  );
});

test("every engine op has a camelCase function", () => {
  for (const op of isms.ops()) {
    const name = op.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    assert.equal(typeof isms[name], "function", op);
  }
});

test("results are plain objects and arrays, never Maps", () => {
  const entry = isms.control("5.1");
  assert.equal(Object.getPrototypeOf(entry), Object.prototype);
  assert.ok(Array.isArray(entry.attributes.control_type));
  assert.equal(entry.title, "Policies for information security");
});

test("requests JSON cannot carry are engine errors", () => {
  const circular = {};
  circular.self = circular;
  for (const bad of [circular, { theme: 10n }, () => 1]) {
    assert.throws(() => isms.catalogue(bad), (err) => err instanceof isms.IsmsError && err.code === "schema_violation");
  }
});

const example = JSON.parse(
  readFileSync(new URL("../fixtures/example-saas.isms.json", import.meta.url), "utf8"),
);

test("document functions take the document and camelCase options", () => {
  const withDate = isms.validate(example, { asOf: "2026-11-01" });
  const codes = withDate.findings.map((f) => f.code);
  assert.ok(codes.includes("risk_untreated") && codes.includes("action_overdue"));
  assert.ok(!isms.validate(example).findings.some((f) => f.code === "action_overdue"));
  const analysis = isms.analyse(example, { top: 2 });
  assert.equal(analysis.top.length, 2);
  assert.ok(!(analysis.heat_map instanceof Map), "plain objects, not Maps");
  const moved = isms.rerate(example, { method: "iso27005-3x3" });
  assert.equal(moved.to, "iso27005-3x3");
  assert.equal(moved.changed.length + moved.unchanged, example.risks.length);
});

test("a broken document throws IsmsError listing every error", () => {
  const broken = structuredClone(example);
  broken.risks[1].id = broken.risks[0].id;
  broken.assets[3].depends_on = ["nowhere"];
  assert.throws(
    () => isms.validate(broken),
    (err) =>
      err instanceof isms.IsmsError &&
      err.code === "unknown_reference" &&
      err.path === "/document/assets/3/depends_on/0" &&
      err.details.count === 2 &&
      err.details.errors[1].path === "/document/risks/1/id",
  );
});

test("the CommonJS and ES module entries share one engine and one IsmsError class", async () => {
  const require = createRequire(import.meta.url);
  const cjs = require("../../bindings-wasm/pkg/node.cjs");
  assert.equal(cjs.IsmsError, isms.IsmsError);
  assert.equal(cjs.catalogue, isms.catalogue);
  assert.equal(await isms.init(), isms.default, "init resolves to the api where the engine is already loaded");
  assert.equal(isms.export, isms.exportReport);
});

test("an export keeps its report and format; absent ones are the engine's SoA as XLSX", () => {
  const csv = isms.exportReport(example, { report: "treatment_plan", format: "csv" });
  assert.equal(typeof csv.content, "string");
  assert.match(csv.filename, /treatment-plan\.csv$/);
  const xlsx = isms.exportReport(example, null);
  assert.ok(xlsx.content instanceof Uint8Array);
  assert.match(xlsx.filename, /-soa\.xlsx$/);
});

test("missing options and an op that is not a string are handled, not TypeErrors", () => {
  assert.equal(isms.validate(example, null).valid, true);
  assert.equal(isms.analyse(example, undefined).top.length, 10);
  for (const op of [undefined, 42, Symbol("catalogue"), { toString: () => "catalogue" }]) {
    assert.throws(() => isms.call(op, {}), (err) => err instanceof isms.IsmsError && err.code === "unknown_op");
  }
});

test("scenarios: draftSoa, simulate's assume and sensitivity, analyse's includeClosed take camelCase options", () => {
  const document = {
    schema: "isms/2",
    organisation: { name: "Example Ltd", currency: "GBP" },
    risks: [
      {
        id: "R1",
        title: "Ransomware",
        controls: ["A.8.13"],
        quant: {
          tef: { constant: 2 },
          vulnerability: { constant: 0.5 },
          magnitude_reduction: { "A.8.13": { primary: 0.5 } },
          primary_loss: { constant: 1000 },
        },
      },
      { id: "R2", title: "Gone", status: "closed", inherent: { likelihood: 5, impact: 5 } },
    ],
  };
  const drafted = isms.draftSoa(document);
  assert.deepEqual(drafted.proposed.map((p) => p.control), ["A.8.13"]);
  const planned = { ...drafted.document, controls: [{ ...drafted.document.controls[0], status: "planned" }] };
  const now = isms.simulate(planned, { iterations: 2000 });
  const after = isms.simulate(planned, { iterations: 2000, assume: { planned: "implemented" }, sensitivity: true });
  assert.equal(now.risks[0].residual.ale, now.risks[0].inherent.ale);
  assert.equal(after.risks[0].residual.ale, after.risks[0].inherent.ale / 2);
  assert.deepEqual(after.assume, { planned: "implemented" });
  assert.equal(after.sensitivity[0].control, "A.8.13");
  assert.equal(after.sensitivity[0].without, now.risks[0].residual.ale);
  assert.equal(isms.analyse(document).totals.risks, 1);
  assert.equal(isms.analyse(document, { includeClosed: true }).totals.risks, 2);
});
