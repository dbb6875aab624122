// Options of the functions that take a document: they come only from the function's own options
// object, by their camelCase names. A body a caller passes as the document (a SaaS forwarding a
// tenant's request) is read as a document, never as options; an option name a function does not
// take is an IsmsError; the whole-request form is `call(op, request)`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withFixtures } from "./corpus.mjs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

// The example holds quantified risks, so it simulates.
const example = withFixtures({ $fixture: "example-saas.isms.json" });

const isError = (code, path) => (err) => {
  assert.ok(err instanceof isms.IsmsError, `${err}`);
  assert.equal(err.code, code);
  if (path !== undefined) assert.equal(err.path, path);
  return true;
};

test("a body holding a document and options is read as a document: simulate never runs its iterations", () => {
  // Without `schema` the body is not a document: the engine says the field is missing.
  assert.throws(() => isms.simulate({ document: example, iterations: 2_000_000 }), isError("schema_violation", "/document/schema"));
  assert.throws(
    () => isms.simulate({ document: example, iterations: 2_000_000, keep_samples: true }, { iterations: 10 }),
    isError("schema_violation", "/document/schema"),
  );
  // With `schema` it is a document whose unknown fields are kept, not options.
  const out = isms.simulate({ ...example, iterations: 2_000_000, seed: 9 });
  assert.equal(out.iterations, 10_000);
  assert.equal(out.seed, 1);
  assert.deepEqual(out, isms.simulate(example));
});

test("a body holding a document and as_of is read as a document: validate never applies its date", () => {
  assert.throws(() => isms.validate({ document: example, as_of: "2026-11-01" }), isError("schema_violation", "/document/schema"));
  const dated = isms.validate(example, { asOf: "2026-11-01" });
  assert.ok(dated.findings.some((f) => f.code === "action_overdue"), "the date applies when it is an option");
  const body = isms.validate({ ...example, as_of: "2026-11-01" });
  assert.ok(!body.findings.some((f) => f.code === "action_overdue"), "a date inside the document is not an option");
  // It is a field the document does not know, kept and reported as such.
  const unknown = body.findings.filter((f) => f.code === "unknown_field");
  assert.deepEqual(unknown.map((f) => f.path), ["/as_of"]);
  const plain = isms.validate(example);
  assert.deepEqual(body.findings.filter((f) => f.code !== "unknown_field"), plain.findings);
});

test("every function that takes a document reads a whole request as the document", () => {
  const request = { document: example, as_of: "2026-11-01" };
  for (const run of [
    () => isms.migrate(request),
    () => isms.analyse(request),
    () => isms.rerate(request, { method: "iso27005-3x3" }),
    () => isms.soa(request),
    () => isms.readiness(request),
    () => isms.exportReport({ document: example, report: "all", format: "csv" }),
    () => isms.oscal({ document: example, model: "ssp" }, { model: "profile" }),
    () => isms.diff({ old: example, new: example, as_of: "2026-11-01" }, example),
  ]) {
    assert.throws(run, (err) => err instanceof isms.IsmsError && err.code === "schema_violation" && /^\/(document|old)/.test(err.path));
  }
  // The request form is `call`.
  assert.deepEqual(isms.call("validate", request), isms.validate(example, { asOf: "2026-11-01" }));
  assert.deepEqual(isms.call("diff", { old: example, new: example }), isms.diff(example, example));
});

test("diff's options reach the engine under their wire names", () => {
  const risks = [
    { id: "R-001", title: "Phishing of finance staff", owner: "CISO", x_id_generated: true, x_source_columns: { Notes: "a" } },
    { id: "R-002", title: "Office flooded", owner: "Facilities", x_id_generated: true },
  ];
  const base = { schema: "isms/2", organisation: { name: "Example Ltd" } };
  const old = { ...base, risks };
  const next = { ...base, risks: [{ ...risks[1], id: "R-001" }, { ...risks[0], id: "R-002", title: "Phishing attacks on finance staff", x_source_columns: { Notes: "b" } }] };
  const plain = isms.diff(old, next);
  assert.deepEqual(plain.warnings.map((w) => w.code), ["ids_by_position"]);
  assert.equal(plain.summary.risks_reworded, 1);
  const keyed = isms.diff(old, next, { key: "title", threshold: 1, includeSource: true });
  assert.deepEqual(keyed.warnings, []);
  assert.deepEqual([keyed.summary.risks_added, keyed.summary.risks_removed], [1, 1]);
  assert.deepEqual(keyed.matching, { risks: "title", threshold: null, assets: "id" });
  const sourced = isms.diff(old, next, { includeSource: true });
  assert.deepEqual(sourced.risks.edited[0].fields, ["title", "x_source_columns/Notes"]);
  assert.throws(() => isms.diff(old, next, { key: "Nope" }), isError("invalid_value", "/key"));
});

test("an option name a function does not take is an IsmsError naming it", () => {
  assert.throws(() => isms.validate(example, { asOff: "2026-11-01" }), isError("schema_violation", "/asOff"));
  // The wire names are not options: `as_of` is `asOf` here.
  assert.throws(() => isms.validate(example, { as_of: "2026-11-01" }), isError("schema_violation", "/as_of"));
  assert.throws(() => isms.simulate(example, { keep_samples: true }), isError("schema_violation", "/keep_samples"));
  assert.throws(() => isms.simulate(example, { iteration: 5 }), isError("schema_violation", "/iteration"));
  assert.throws(() => isms.analyse(example, { top: 3, document: example }), isError("schema_violation", "/document"));
  assert.throws(() => isms.rerate(example, { method: "iso27005-3x3", likelihood_map: [1] }), isError("schema_violation", "/likelihood_map"));
  assert.throws(() => isms.soa(example, { model: "ssp" }), isError("schema_violation", "/model"));
  assert.throws(() => isms.readiness(example, { top: 1 }), isError("schema_violation", "/top"));
  assert.throws(() => isms.diff(example, example, { old: example }), isError("schema_violation", "/old"));
  assert.throws(() => isms.exportReport(example, { reprot: "all" }), isError("schema_violation", "/reprot"));
  assert.throws(() => isms.export(example, { format: "csv", media: "x" }), isError("schema_violation", "/media"));
  assert.throws(() => isms.oscal(example, { model: "ssp", a: 1 }), isError("schema_violation", "/a"));
  assert.throws(() => isms.migrate(example, { to: "isms/2" }), isError("schema_violation", "/to"));
  assert.throws(() => isms.validate(example, { "a/b~": 1 }), isError("schema_violation", "/a~1b~0"));
  // Options are an object.
  for (const options of ["2026-11-01", 5, ["asOf"], true]) {
    assert.throws(() => isms.validate(example, options), isError("schema_violation", ""));
  }
});

test("absent options, and options left undefined, take the engine's defaults", () => {
  assert.deepEqual(isms.validate(example, {}), isms.validate(example));
  assert.deepEqual(isms.validate(example, { asOf: undefined }), isms.validate(example, null));
  assert.equal(isms.analyse(example, { top: undefined }).top.length, 10);
  const out = isms.simulate(example, { seed: undefined, iterations: 50 });
  assert.equal(out.iterations, 50);
  const workbook = isms.exportReport(example, { report: undefined, format: undefined });
  assert.ok(workbook.content instanceof Uint8Array);
  assert.match(workbook.filename, /-soa\.xlsx$/);
  assert.match(isms.exportReport(example, { format: "csv" }).filename, /-soa\.csv$/);
});
