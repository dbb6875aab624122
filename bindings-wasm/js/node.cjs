// Node entry point, CommonJS (`require("isms-wasm")`): the wasm module is loaded synchronously,
// so the api is ready on require. The ES module entry (node.mjs) re-exports this one, so a process
// that both imports and requires the package shares one engine and one IsmsError class.
"use strict";
const { bind, DEFAULT_LIMITS, IsmsError, renewable } = require("./api.cjs");

/**
 * A new instance of a wasm-bindgen module of the nodejs target: its glue instantiates the module
 * when it is evaluated, so it is evaluated again, out of Node's module cache.
 */
function instantiate(path) {
  const resolved = require.resolve(path);
  delete require.cache[resolved];
  return require(resolved);
}

const engine = renewable("engine", () => instantiate("./node/isms_wasm.js"));
engine.set(instantiate("./node/isms_wasm.js"));
/**
 * A wasm module other than the engine, loaded (synchronously) when first needed: the importer at
 * the first import, the document writers at the first document.
 */
function onDemand(name, path) {
  const instances = renewable(name, () => instantiate(path));
  return {
    instances: () => instances,
    async load() {
      instances.live() ?? instances.set(instantiate(path));
    },
  };
}
const api = bind(
  engine,
  () => true,
  onDemand("importer", "./node/isms_import.js"),
  onDemand("documents module", "./node/isms_documents.js"),
);

/** Resolves to the api: the engine is already loaded here; for code shared with the web entry. */
async function init() {
  return api;
}

module.exports = { ...api, IsmsError, DEFAULT_LIMITS, init, api };
