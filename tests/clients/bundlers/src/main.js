// The page every bundler builds: isms-wasm imported from node_modules through its default
// (bundler) entry, ready on import; the importer loaded on demand; results written to the page
// for check.mjs to read in Chromium.
import { IsmsError, call, control, exportReport, importRegister, loadImporter, soa, validate } from "isms-wasm";
import { show, DOCUMENT, CSV } from "./page.js";

async function main() {
  show("controls", soa(DOCUMENT).rows.length);
  show("findings", validate(DOCUMENT).findings.length > 0);
  const workbook = exportReport(DOCUMENT, { report: "soa", format: "xlsx" });
  show("xlsx", `${workbook.content.constructor.name} ${String.fromCharCode(...workbook.content.subarray(0, 2))}`);
  await loadImporter();
  show("import", importRegister({ content: CSV }).imported);
  try {
    control({ id: "A.5.99" });
  } catch (err) {
    show("error", err instanceof IsmsError ? `${err.code} ${err.path}` : String(err));
  }
  try {
    call("validate", { document: DOCUMENT }, { limits: { items: 1 } });
  } catch (err) {
    show("limit", `${err.code} ${err.details.limit}`);
  }
}

main().then(
  () => (document.body.dataset.ready = "true"),
  (err) => (document.body.dataset.error = String(err?.stack ?? err)),
);
