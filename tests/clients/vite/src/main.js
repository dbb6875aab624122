// The page's script: isms-wasm imported as an npm dependency (the bundler entry, ready on import,
// and the web entry with its explicit init), called on a shared fixture, results written to the
// page for the Chromium check (check.mjs) to read.
import {
  IsmsError,
  call,
  catalogue,
  control,
  exportReport,
  importRegister,
  loadImporter,
  readiness,
  soa,
  validate,
  version,
} from "isms-wasm";
import init from "isms-wasm/web";
import fixture from "../../../fixtures/example-saas.isms.json";
import xlsxCase from "../../../cases/import/xlsx_sheet_with_header_found.json";

const show = (id, value) => {
  document.querySelector(`[data-testid="${id}"]`).textContent = String(value);
};

async function main() {
  show("version", version());
  show("controls", catalogue().length);
  const web = await init();
  show("people", web.catalogue({ theme: "people" }).length);
  const checked = validate(fixture, { asOf: "2026-11-01" });
  show("findings", `${checked.findings.length} (${checked.summary.high} high)`);
  show("soa-rows", soa(fixture).rows.length);
  const ready = readiness(fixture, { asOf: "2026-11-01" });
  show("readiness", `${ready.score.score} ${ready.score.verdict}`);
  const workbook = exportReport(fixture, { report: "soa", format: "xlsx", asOf: "2026-11-01" });
  const magic = String.fromCharCode(...workbook.content.subarray(0, 2));
  show("xlsx", `${workbook.filename} ${workbook.content.constructor.name} ${magic}`);
  // An XLSX register: the importer is a second wasm module, fetched by loadImporter.
  await loadImporter();
  const bytes = Uint8Array.from(atob(xlsxCase.input.content), (c) => c.charCodeAt(0));
  const imported = importRegister({ content: bytes, format: "xlsx" });
  show("xlsx-import", `${imported.sheet} row ${imported.header_row}: ${imported.imported} risks`);
  try {
    control({ id: "A.5.99" });
    show("error", "none");
  } catch (err) {
    show("error", err instanceof IsmsError ? `${err.name} ${err.code} ${err.path}` : `not an IsmsError: ${err}`);
  }
  // A trap (the package is built with fault-injection: `_panic` panics) in the engine, then in the
  // importer: each an IsmsError, and the next call runs on a fresh instance, synchronously.
  const trap = (fn) => {
    try {
      fn();
      return "none";
    } catch (err) {
      return err instanceof IsmsError ? err.code : `not an IsmsError: ${err}`;
    }
  };
  const engineTrap = trap(() => call("_panic", {}));
  const after = control("5.1").id;
  const readerTrap = trap(() => importRegister({ content: bytes, format: "xlsx", sheet: "_panic" }));
  const again = importRegister({ content: bytes, format: "xlsx" }).imported;
  show("trap", `${engineTrap}, then ${after}; importer ${readerTrap}, then ${again} risks`);
  document.getElementById("status").textContent = "ready";
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  document.getElementById("status").textContent = `failed: ${err}`;
  document.body.dataset.error = String(err);
});
