// Web entry point (browsers and workers without a bundler): `await init()` (optionally with the
// .wasm URL, a Response, its bytes or a compiled module) before any call.
import initWasm, * as raw from "./web/isms_wasm.js";
import { bind, IsmsError } from "./api.js";

let ready = false;
const api = bind(raw, () => ready);

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
  ops,
  version,
  memoryBytes,
} = api;
// `export` is a reserved word: the op is also exported under its own name for namespace imports.
export { exportReport as export };
