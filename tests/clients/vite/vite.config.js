// The page is built as a user's app would be: isms-wasm resolved from node_modules through its
// exports map (the default, bundler entry), its .wasm emitted as an asset.
import { defineConfig } from "vite";

export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true },
  logLevel: "warn",
});
