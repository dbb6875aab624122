// The page every bundler builds: isms-wasm imported from node_modules through its default
// (bundler) entry, ready on import; the importer loaded on demand; results written to the page
// for check.mjs to read in Chromium.
import * as engine from "isms-wasm";
import { checkEngine } from "./page.js";

checkEngine(engine).then(
  () => (document.body.dataset.ready = "true"),
  (err) => (document.body.dataset.error = String(err?.stack ?? err)),
);
