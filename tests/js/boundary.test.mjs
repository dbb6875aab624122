// A trap inside a WebAssembly module (a panic, running out of memory) becomes IsmsError `internal`,
// and the next call runs on a fresh instance: for the engine and for the importer (the second
// module, which runs the import ops), through the Node entries and through the web entry. The traps are real: tests/run builds the package with
// the `fault-injection` feature (`ISMS_WASM_FEATURES=fault-injection bindings-wasm/build`), under
// which a request naming `_panic` panics inside the module (core/src/api/fault.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const example = JSON.parse(readFileSync(new URL("../fixtures/example-saas.isms.json", import.meta.url), "utf8"));
// An XLSX risk register of the shared corpus (its first sheet with a header is "Register").
const workbook = JSON.parse(readFileSync(new URL("../cases/import/xlsx_sheet_with_header_found.json", import.meta.url), "utf8")).input;
const pkg = new URL("../../bindings-wasm/pkg/", import.meta.url);

/** The IsmsError `internal` that `fn` throws; fails the test on anything else. */
function internal(fn, module) {
  let thrown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown, "the call succeeded");
  assert.notEqual(
    thrown.code,
    "unknown_op",
    "the package was built without the fault-injection feature: build it with ISMS_WASM_FEATURES=fault-injection bindings-wasm/build (as tests/run does)",
  );
  assert.ok(thrown instanceof isms.IsmsError || thrown?.name === "IsmsError", `not an IsmsError: ${thrown}`);
  assert.equal(thrown.name, "IsmsError");
  assert.equal(thrown.code, "internal", `${thrown.code}: ${thrown.message}`);
  assert.equal(thrown.path, "");
  assert.match(thrown.message, new RegExp(`^the ${module} failed and was restarted: `));
  assert.ok(thrown.cause instanceof Error, "the trap is kept as the cause");
  return thrown;
}

/** The calls that must answer as before after a trap. */
function answers(api) {
  assert.equal(api.control("5.1").id, "A.5.1");
  assert.equal(api.validate(example).valid, true);
  assert.equal(api.catalogue().length, 93);
}

// The wasm-bindgen module the Node entries use now: Node's module cache holds the current
// instance's glue, evaluated again for each new instance.
const require = createRequire(import.meta.url);
const current = (name) => require(`../../bindings-wasm/pkg/node/${name}.js`);

test("a trap of the engine is IsmsError internal, and the next call on the package succeeds", () => {
  const before = isms.soa(example, { asOf: "2026-11-01" });
  const trapped = current("isms_wasm");
  const error = internal(() => isms.call("_panic", {}), "engine");
  assert.ok(error.cause instanceof WebAssembly.RuntimeError, `${error.cause}`);
  const fresh = current("isms_wasm");
  assert.notEqual(fresh, trapped, "the trapped instance was replaced");
  answers(isms);
  assert.equal(current("isms_wasm"), fresh, "the next calls ran on the fresh instance, and kept it");
  assert.deepEqual(isms.soa(example, { asOf: "2026-11-01" }), before, "the fresh instance answers as the first did");
  // Again and again: each trap takes its instance, never the package.
  for (let i = 0; i < 3; i++) internal(() => isms.call("_panic", {}), "engine");
  answers(isms);
});

test("the CommonJS entry shares the engine and recovers with it", () => {
  const cjs = require("../../bindings-wasm/pkg/node.cjs");
  assert.equal(cjs.IsmsError, isms.IsmsError);
  internal(() => cjs.call("_panic", {}), "engine");
  answers(isms);
  answers(cjs);
});

test("a trap while simulating is IsmsError internal, and the next simulation succeeds", () => {
  internal(() => isms.simulate(example, { risks: ["_panic"], iterations: 100 }), "engine");
  const out = isms.simulate(example, { iterations: 100, keepSamples: true });
  assert.ok(out.risks.length > 0);
  assert.equal(out.portfolio.samples.residual.length, 100);
  // An engine error is not a failure: the instance stays, the error is the engine's.
  assert.throws(() => isms.simulate(example, { iterations: 0 }), (err) => err.code === "invalid_value");
});

test("a trap of the importer is IsmsError internal, and the next import succeeds", () => {
  const before = isms.importRegister(workbook);
  assert.equal(before.imported, 2);
  const [engine, trapped] = [current("isms_wasm"), current("isms_import")];
  internal(() => isms.importRegister({ ...workbook, sheet: "_panic" }), "importer");
  assert.deepEqual(isms.importRegister(workbook), before);
  assert.notEqual(current("isms_import"), trapped, "the next import ran on a fresh importer");
  assert.equal(current("isms_wasm"), engine, "the engine, which did not fail, was kept");
  // A CSV import after the trap, through the generic call as well.
  const csv = { content: "Risk,Likelihood,Impact\nFlood,2,3\n" };
  assert.equal(isms.call("import_register", csv).imported, 1);
  assert.deepEqual(isms.importRegister(csv), isms.call("import_register", csv));
  answers(isms);
});

test("the import ops run in the importer alone, which runs nothing else", () => {
  const engine = current("isms_wasm");
  const importOps = JSON.parse(engine.importOps());
  assert.ok(importOps.includes("import_register"), `${importOps}`);
  // The importer's own list is the engine's list of the ops it is built without.
  isms.importRegister({ content: "Risk,Likelihood,Impact\nFlood,2,3\n" });
  assert.deepEqual(JSON.parse(current("isms_import").ops()), importOps);
  // Every op of the package, the importer's included, is in ops().
  for (const op of importOps) assert.ok(isms.ops().includes(op), op);
  // The engine does not run them; the importer runs nothing but them: both answer unknown_op.
  const code = (envelope) => JSON.parse(envelope).error?.code;
  const left = JSON.parse(engine.call("import_register", "{}", "")).error;
  assert.equal(left.code, "unknown_op");
  assert.deepEqual(left.details, { feature: "import" });
  assert.equal(code(current("isms_import").call("catalogue", "{}", "")), "unknown_op");
  assert.equal(code(current("isms_import").call("_nope", "{}", "")), "unknown_op");
  // An op neither module has (inspect_register before the engine declares it) is unknown_op.
  if (!isms.ops().includes("inspect_register")) {
    assert.throws(() => isms.inspectRegister({ content: "Risk,Likelihood,Impact\nFlood,2,3\n" }), (err) => err.code === "unknown_op");
  }
});

test("memoryBytes adds up the memory of every module instance, in whole pages", () => {
  const bytes = isms.memoryBytes();
  assert.equal(typeof bytes, "number");
  assert.ok(bytes > 0 && bytes % 65536 === 0, `${bytes}`);
});

test("the web entry recovers without a second init, for the engine and the importer", async () => {
  const web = await import(new URL("web.js", pkg));
  assert.equal(web.memoryBytes(), 0, "no instance before init");
  await web.init(readFileSync(new URL("web/isms_wasm_bg.wasm", pkg)));
  const engineOnly = web.memoryBytes();
  assert.ok(engineOnly > 0);

  internal(() => web.call("_panic", {}), "engine");
  assert.ok(web.memoryBytes() > 0, "the fresh instance is there before the next call");
  answers(web);
  internal(() => web.simulate(example, { risks: ["_panic"], iterations: 100 }), "engine");
  assert.equal(web.simulate(example, { iterations: 100 }).iterations, 100);

  // An import before the importer is loaded: not_initialized, CSV and XLSX alike.
  for (const request of [{ content: "Risk,Likelihood,Impact\nFlood,2,3\n" }, workbook]) {
    assert.throws(() => web.importRegister(request), (err) => err.code === "not_initialized" && /loadImporter/.test(err.message));
  }
  assert.throws(() => web.call("import_register", {}), (err) => err.code === "not_initialized");
  await web.loadImporter(readFileSync(new URL("web/isms_import_bg.wasm", pkg)));
  const both = web.memoryBytes();
  assert.ok(both > engineOnly && (both - engineOnly) % 65536 === 0, `${engineOnly} then ${both}`);
  const before = web.importRegister(workbook);
  assert.deepEqual(web.importRegister(workbook), isms.importRegister(workbook));
  internal(() => web.importRegister({ ...workbook, sheet: "_panic" }), "importer");
  assert.deepEqual(web.importRegister(workbook), before);
  assert.equal(web.importRegister({ content: "Risk,Likelihood,Impact\nFlood,2,3\n" }).imported, 1);
  answers(web);

  // A document of the ISMS before the documents module is loaded: not_initialized (the SoA is
  // the engine's own); after, the same bytes as under Node, its workbooks written by the engine.
  const soaBook = { report: "soa", format: "xlsx", asOf: "2026-11-01" };
  assert.deepEqual(web.exportReport(example, soaBook), isms.exportReport(example, soaBook));
  const policy = { report: "policy", format: "md", asOf: "2026-11-01" };
  assert.throws(() => web.exportReport(example, policy), (err) => err.code === "not_initialized" && /loadDocuments/.test(err.message));
  assert.throws(() => web.auditChecklist(example), (err) => err.code === "not_initialized");
  assert.throws(() => web.callJson("export", JSON.stringify({ document: example, report: "policy" })), (err) => err.code === "not_initialized");
  await web.loadDocuments(readFileSync(new URL("web/isms_documents_bg.wasm", pkg)));
  assert.ok(web.memoryBytes() > both);
  for (const options of [policy, { report: "methodology", format: "xlsx", asOf: "2026-11-01" }, { report: "audit_pack", format: "zip", asOf: "2026-11-01" }]) {
    assert.deepEqual(web.exportReport(example, options), isms.exportReport(example, options), options.report);
  }
  assert.deepEqual(web.reviewPack(example, { asOf: "2026-11-01" }), isms.reviewPack(example, { asOf: "2026-11-01" }));
  answers(web);
});

test("the documents module runs the document ops and export, and refuses the rest", () => {
  const pkgDir = new URL("node/", pkg);
  const documents = createRequire(import.meta.url)(fileURLToPath(new URL("isms_documents.js", pkgDir)));
  assert.deepEqual(JSON.parse(documents.ops()), ["oscal", "audit_checklist", "review_pack", "export"]);
  assert.equal(JSON.parse(documents.call("catalogue", "{}", "")).error.code, "unknown_op");
  // A workbook is answered as a job, which the engine writes; a text document as the file.
  const request = (format) => JSON.stringify({ document: example, report: "scope", format, as_of: "2026-11-01" });
  const job = JSON.parse(documents.call("export", request("xlsx"), "")).ok.job;
  assert.equal(job.format, "xlsx");
  assert.equal(JSON.parse(documents.call("export", request("md"), "")).ok.filename, isms.exportReport(example, { report: "scope", format: "md" }).filename);
  // The engine on its own refuses a document, naming the feature of the module that writes it.
  const engine = createRequire(import.meta.url)(fileURLToPath(new URL("isms_wasm.js", pkgDir)));
  const refused = JSON.parse(engine.call("export", request("md"), "")).error;
  assert.deepEqual([refused.code, refused.path, refused.details], ["unknown_op", "/report", { feature: "documents" }]);
  assert.deepEqual(JSON.parse(engine.documentOps()), ["oscal", "audit_checklist", "review_pack"]);
  assert.ok(JSON.parse(engine.documentReports()).includes("audit_pack"));
  assert.ok(!JSON.parse(engine.documentReports()).includes("soa"));
});
