// webpack 5 needs no setting: it emits the .wasm files the package names with
// `new URL(…, import.meta.url)`, and supports top-level await.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("./dist/webpack/", import.meta.url)), filename: "main.js", clean: true },
  performance: { hints: false },
};
