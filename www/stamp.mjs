// Stamps an assembled build directory (www/build calls it on www/dist): lists every module in
// index.html for preloading, names the build by a hash of all its files (the service worker's
// cache, and index.html's `isms-build` meta, which the page shows), and writes the service worker
// from www/src/sw.js with that version and the list of files to keep for offline use.
//   node www/stamp.mjs <dir>
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node www/stamp.mjs <build directory>");
  process.exit(2);
}
const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : [path];
});
const files = walk(dist).map((p) => relative(dist, p).split("\\").join("/")).filter((p) => p !== "sw.js").sort();
const lazy = new Set(["app.js", "pkg/web/isms_import.js", "pkg/web/isms_documents.js", "simulate.worker.js"]);
const modules = files.filter((f) => f.endsWith(".js") && !lazy.has(f));
const index = join(dist, "index.html");
writeFileSync(index, readFileSync(index, "utf8").replace(/ *<!-- modulepreload:.*-->\n/,
  modules.map((m) => `  <link rel="modulepreload" href="${m}">\n`).join("")));
const hash = createHash("sha256");
for (const f of files) hash.update(f).update(readFileSync(join(dist, f)));
const version = hash.digest("hex").slice(0, 16);
writeFileSync(index, readFileSync(index, "utf8").replace(/<meta name="isms-build" content="[^"]*">/, `<meta name="isms-build" content="${version}">`));
const template = readFileSync(new URL("./src/sw.js", import.meta.url), "utf8");
writeFileSync(join(dist, "sw.js"), template.replace("__VERSION__", version).replace("__FILES__", JSON.stringify(["./", ...files])));
