// Bundler entry point (Vite, webpack, Rollup, esbuild): the web build instantiated by a top-level
// await, so the functions are ready on import. The bundler emits the .wasm file as an asset (the
// web build finds it with `new URL("isms_wasm_bg.wasm", import.meta.url)`).
import init from "./web.js";

const api = await init();

export {
  IsmsError,
  init,
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
} from "./web.js";
// `export` is a reserved word: the op is also exported under its own name for namespace imports.
export { exportReport as export } from "./web.js";
export default api;
