// The one adapter between the UI and the engine: every domain value the page shows comes from here.
import init from "./pkg/web.js";

let api;

/** Loads the engine once; resolves to its api (catalogue, control, vocabulary, …). */
export async function engine() {
  api ??= await init(new URL("./pkg/web/isms_wasm_bg.wasm", import.meta.url));
  return api;
}
