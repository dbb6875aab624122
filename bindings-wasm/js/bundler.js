// Bundler entry point (Vite, webpack, Rollup, esbuild): the web build instantiated by a top-level
// await, so the functions are ready on import. The bundler emits the .wasm file as an asset (the
// web build finds it with `new URL("isms_wasm_bg.wasm", import.meta.url)`).
import init from "./web.js";

const api = await init();

// Every named export of the web entry (the functions, IsmsError, init and the `export` alias).
export * from "./web.js";
export default api;
