// Rollup: node resolution for browsers, and the plugin that emits the assets the package names
// with `new URL(…, import.meta.url)` (its .wasm files), as the package README gives it.
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";

export default {
  input: "src/main.js",
  output: { dir: "dist/rollup", format: "es" },
  plugins: [nodeResolve({ browser: true }), importMetaAssets()],
};
