// Node entry point, CommonJS (`require("isms-wasm")`): the wasm module is loaded synchronously,
// so the api is ready on require. The ES module entry (node.mjs) re-exports this one, so a process
// that both imports and requires the package shares one engine and one IsmsError class.
"use strict";
const { bind, IsmsError } = require("./api.cjs");

// The XLSX reader is a second wasm module, loaded (synchronously) at the first XLSX import.
let xlsxReader = null;
const reader = () => (xlsxReader ??= require("./node/isms_xlsx.js"));
const api = bind(require("./node/isms_wasm.js"), () => true, {
  reader,
  async load() {
    reader();
  },
});

/** Resolves to the api: the engine is already loaded here; for code shared with the web entry. */
async function init() {
  return api;
}

module.exports = { ...api, IsmsError, init, api };
