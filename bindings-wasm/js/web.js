// Web entry point (browsers and workers without a bundler): `await init()` (optionally with the
// .wasm URL, a Response, its bytes or a compiled module) before any call.
import engineGlue from "./web/isms_wasm.js";
import { bind, DEFAULT_LIMITS, IsmsError, renewable } from "./api.js";

/**
 * One wasm module of the web build: `load` fetches, compiles and instantiates it (once); the
 * compiled module is kept, so an instance that failed is replaced synchronously, by the next call.
 * `glue` resolves to the module's glue factory (the build's rewrite of wasm-bindgen's, whose every
 * call is a separate copy of its state).
 */
function webModule(name, glue) {
  let factory = null;
  let compiled = null;
  const instances = renewable(name, () => {
    if (!compiled) {
      throw new IsmsError("not_initialized", `the ${name} is not loaded: await init() first`);
    }
    const fresh = factory();
    fresh.initSync({ module: compiled });
    return fresh;
  });
  return {
    instances,
    loaded: () => compiled !== null,
    async load(moduleOrPath) {
      if (compiled) return;
      const make = await glue();
      const first = make();
      await first.init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
      [factory, compiled] = [make, first.wasmModule()];
      instances.set(first);
    },
  };
}

const engine = webModule("engine", async () => engineGlue);
// The importer (a separate .wasm running the import ops, fetched only by loadImporter).
const importer = webModule("importer", async () => (await import("./web/isms_import.js")).default);
// The document writers (a separate .wasm writing the documents of the ISMS, fetched only by
// loadDocuments).
const documents = webModule("documents module", async () => (await import("./web/isms_documents.js")).default);
/** The modules other than the engine as `bind` takes them: their instances once loaded. */
const onDemand = (module) => ({ instances: () => (module.loaded() ? module.instances : null), load: module.load });
const api = bind(engine.instances, engine.loaded, onDemand(importer), onDemand(documents));

/** Loads and instantiates the engine (once); resolves to the api. */
export default async function init(moduleOrPath) {
  await engine.load(moduleOrPath);
  return api;
}

export { DEFAULT_LIMITS, IsmsError, init };
export const {
  call,
  callJson,
  catalogue,
  control,
  crosswalk,
  clauses,
  mandatoryDocuments,
  vocabulary,
  findings,
  riskMethods,
  checkMethod,
  rate,
  schema,
  migrate,
  validate,
  isIsmsDocument,
  analyse,
  rerate,
  threats,
  soa,
  draftSoa,
  readiness,
  diff,
  exportReport,
  oscal,
  auditChecklist,
  reviewPack,
  importRegister,
  inspectRegister,
  simulate,
  loadImporter,
  loadDocuments,
  ops,
  version,
  memoryBytes,
  recycle,
} = api;
// `export` is a reserved word: the op is also exported under its own name for namespace imports.
export { exportReport as export };
