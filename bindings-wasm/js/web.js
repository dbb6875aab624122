// Web entry point (browsers and workers without a bundler): `await init()` (optionally with the
// .wasm URL, a Response, its bytes or a compiled module) before any call.
import initWasm, * as raw from "./web/isms_wasm.js";
import { bind, IsmsError } from "./api.js";

let ready = false;
// The XLSX reader's module once loaded (a separate .wasm, fetched only by loadXlsx).
let xlsxReader = null;
const api = bind(raw, () => ready, {
  reader: () => xlsxReader,
  async load(moduleOrPath) {
    if (!xlsxReader) {
      const reader = await import("./web/isms_xlsx.js");
      await reader.default(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
      xlsxReader = reader;
    }
  },
});

/** Loads and instantiates the engine (once); resolves to the api. */
export default async function init(moduleOrPath) {
  if (!ready) {
    await initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
    ready = true;
  }
  return api;
}

export { IsmsError, init };
export const {
  call,
  catalogue,
  control,
  crosswalk,
  clauses,
  mandatoryDocuments,
  vocabulary,
  riskMethods,
  checkMethod,
  rate,
  schema,
  migrate,
  validate,
  analyse,
  rerate,
  threats,
  soa,
  readiness,
  diff,
  exportReport,
  oscal,
  importRegister,
  simulate,
  loadXlsx,
  ops,
  version,
  memoryBytes,
} = api;
// `export` is a reserved word: the op is also exported under its own name for namespace imports.
export { exportReport as export };
