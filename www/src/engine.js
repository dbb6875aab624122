// The one adapter between the UI and the engine: every domain value the page shows comes from here.
// Scores, bands, statuses, findings, SoA rows, gaps, exports and imports are all the engine's; this
// module only loads it, names the calls the views need, and reads option lists from its schema.
import init from "./pkg/web.js";

let api;
let reference;

/** Loads the engine once; resolves to its api (catalogue, control, vocabulary, …). */
export async function engine() {
  api ??= await init(new URL("./pkg/web/isms_wasm_bg.wasm", import.meta.url));
  return api;
}

/** The options of every enumerated field of the document, from the engine's JSON Schema. */
function enumsOf(schema) {
  const out = {};
  for (const [name, def] of Object.entries(schema.$defs ?? {})) {
    if (Array.isArray(def.oneOf) && def.oneOf.every((v) => "const" in v)) {
      out[name] = def.oneOf.map((v) => ({ value: v.const, description: v.description ?? "" }));
    }
  }
  return out;
}

/** Loads the engine and the reference data every view shares; resolves when ready. */
export async function load() {
  const isms = await engine();
  if (!reference) {
    const schema = isms.schema({ of: "document" });
    reference = {
      version: isms.version(),
      vocabulary: isms.vocabulary(),
      methods: isms.riskMethods(),
      enums: enumsOf(schema),
      presets: schema.$defs.MethodRef.anyOf.find((v) => v.enum)?.enum ?? [],
      catalogue: isms.catalogue(),
      // The document's JSON Schema: views/schemaform.js builds editors from its `$defs`.
      schema,
    };
  }
  return reference;
}

/** The reference data loaded by `load`. */
export const ref = () => reference;

/** Today as YYYY-MM-DD, the date findings that depend on time are judged against. */
export const today = () => new Date().toISOString().slice(0, 10);

/**
 * Everything the views render about a document: validation findings, the scored register, the SoA
 * and readiness. A document the engine rejects comes back as {error} (an IsmsError: code, path,
 * message, details.errors).
 */
export function assess(document) {
  const asOf = today();
  try {
    return {
      validation: api.validate(document, { asOf }),
      analysis: api.analyse(document, { asOf }),
      soa: api.soa(document, { asOf }),
      readiness: api.readiness(document, { asOf }),
    };
  } catch (error) {
    return { error };
  }
}

/** Ids of the Annex A controls passing a catalogue filter (theme, any 27002 attribute, text, new_in_2022). */
export const catalogue = (filter) => api.catalogue(filter);

/** The risk method a document uses, complete: a shipped preset by id, or the document's own. */
export function methodOf(document) {
  const method = document.method ?? reference.presets[0];
  if (typeof method === "string") return reference.methods.find((m) => m.id === method);
  return method;
}

/** Checks a method and returns its score grid, or throws an IsmsError. */
export const checkMethod = (method) => api.checkMethod({ method });

/** Moves a document to another method; returns {document, changed, unchanged, …}. */
export const rerate = (document, method) => api.rerate(document, { method });

/** Brings an imported document to the current schema, keeping unknown fields; resolves to the document. */
export const migrate = (document) => api.migrate(document).document;

/** Throws an IsmsError if the engine cannot use the document. */
export const check = (document) => api.validate(document, { asOf: today() });

/** A report ({report, format}) as {filename, mediaType, content}. */
export const exportReport = (document, report, format) => api.exportReport(document, { report, format, asOf: today() });

/** The internal audit checklist and the findings on the audit programme (the documents module). */
export const auditChecklist = (document) => api.auditChecklist(document, { asOf: today() });

/** The management review pack: the inputs of 9.3.2, every indicator against its target (the documents module). */
export const reviewPack = (document) => api.reviewPack(document, { asOf: today() });

/** An OSCAL document of the given model (catalog, profile, ssp, poam). */
export const oscal = (document, model) => api.oscal(document, { model, asOf: today() });

/**
 * The annual loss in money of the document's quantified risks and of the portfolio, before and
 * after treatment ({seed, iterations, model}): ALE, percentiles, VaR, expected shortfall and the
 * loss exceedance curves, all the engine's.
 */
export const simulate = (document, options) => api.simulate(document, options);

/**
 * Loads the engine's importer, a second module (the register import, CSV and XLSX) fetched only
 * when a register is first imported; await it before `importRegister`.
 */
export const importer = () => api.loadImporter(new URL("./pkg/web/isms_import_bg.wasm", import.meta.url));
/** Loads the document writers (the wasm module that writes the documents of the ISMS), once. */
export const documentWriters = () => api.loadDocuments(new URL("./pkg/web/isms_documents_bg.wasm", import.meta.url));

/** Reads a risk or asset register (CSV or XLSX bytes) into the document; `await importer()` first. */
export const importRegister = (request) => api.importRegister(request);

/**
 * How the engine would read a register (the same request as `importRegister`): the sheet, the
 * header rows, each column's field with its confidence and alternatives, each scale's labels and
 * levels, the first records as they would import, the problems and notes. Give the reading back,
 * changed or not, as `reading` to `inspectRegister` again or to `importRegister`; `await
 * importer()` first.
 */
export const inspectRegister = (request) => api.inspectRegister(request);

/** The starter threat catalogue, filtered by {asset_type, control}: {threats, vulnerabilities}. */
export const threats = (filter) => api.threats(filter ?? {});

/** The mandatory documented information of clauses 4 to 10 ({requirement, kind, name}). */
export const mandatoryDocuments = () => api.mandatoryDocuments({});

/** What changed from the document `old` to `next` (risks, controls, findings raised and resolved). */
export const diff = (old, next) => api.diff(old, next, { asOf: today() });

/** The engine's version. */
export const version = () => api.version();
