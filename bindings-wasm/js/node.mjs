// Node entry point: the wasm module is loaded synchronously, so the api is ready on import.
import { createRequire } from "node:module";
import { bind, IsmsError } from "./api.js";

const api = bind(createRequire(import.meta.url)("./node/isms_wasm.js"));

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
export default api;
