// Vite 5: the settings the package README gives (its default build target predates top-level
// await; its development server's pre-bundling would move the .wasm away from its loader).
import { defineConfig } from "vite5";

export default defineConfig({
  build: { target: "es2022" },
  optimizeDeps: { exclude: ["isms-wasm"] },
  logLevel: "warn",
});
