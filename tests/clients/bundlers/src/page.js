// What the pages share: where results go, and the document and register they use.

/** Writes `value` into the page's element `id`. */
export function show(id, value) {
  const element = document.createElement("p");
  element.dataset.testid = id;
  element.textContent = String(value);
  document.body.append(element);
}

export const DOCUMENT = {
  schema: "isms/2",
  organisation: { name: "Example Ltd" },
  assets: [{ id: "db", name: "Customer database", type: "software", owner: "CTO" }],
  risks: [{ id: "R1", title: "Database breach", owner: "CTO", assets: ["db"], inherent: { likelihood: 4, impact: 5 } }],
  controls: [{ control: "A.8.5", applicable: true, status: "implemented", evidence: ["MFA policy"] }],
};

export const CSV = "Risk,Likelihood,Impact\nFlood,2,3\nFire,1,5\n";

/** The checks every page makes of the engine `engine` (the package's exports), ready to call. */
export async function checkEngine({ IsmsError, call, control, exportReport, importRegister, loadImporter, loadDocuments, soa, validate }) {
  show("controls", soa(DOCUMENT).rows.length);
  show("findings", validate(DOCUMENT).findings.length > 0);
  const workbook = exportReport(DOCUMENT, { report: "soa", format: "xlsx" });
  show("xlsx", `${workbook.content.constructor.name} ${String.fromCharCode(...workbook.content.subarray(0, 2))}`);
  await loadImporter();
  show("import", importRegister({ content: CSV }).imported);
  // A document of the ISMS: the documents module is a third wasm module, fetched by
  // loadDocuments; its workbook is written by the engine.
  await loadDocuments();
  const policy = exportReport(DOCUMENT, { report: "policy", format: "md" });
  const book = exportReport(DOCUMENT, { report: "policy", format: "xlsx" });
  show("document", `${policy.filename} ${policy.content.includes("DRAFT")} ${String.fromCharCode(...book.content.subarray(0, 2))}`);
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
