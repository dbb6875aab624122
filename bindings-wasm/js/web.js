// Web entry point: `await init()` (optionally with the .wasm URL, Response or bytes) before any call.
import initWasm, * as raw from "./web/isms_wasm.js";
import { bind, IsmsError } from "./api.js";

let ready = false;
const api = bind(raw, () => ready);

/** Loads and instantiates the engine; resolves to the api object. */
export default async function init(moduleOrPath) {
  if (!ready) {
    await initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
    ready = true;
  }
  return api;
}

export { IsmsError };
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
  ops,
  version,
} = api;
// `export` is a reserved word: the op is also exported under its own name for namespace imports.
export { exportReport as export };
