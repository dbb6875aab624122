// A static file server for www/dist on loopback, with the headers the assessor relies on: the
// Content-Security-Policy (same origin only), the wasm MIME type, and no caching surprises.
// Used by www/serve and by the browser tests; no dependencies.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks a free port); resolves to the http.Server. Setting
 * `server.root` later serves another directory from then on (a new build deployed);
 * `cacheControl` is the Cache-Control header of every response.
 */
export function serve({ root = fileURLToPath(new URL("./dist/", import.meta.url)), port = 0, host = "127.0.0.1", cacheControl = "no-cache" } = {}) {
  const server = createServer(async (req, res) => {
    const base = resolve(server.root);
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (path !== base && !path.startsWith(base + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, "index.html");
      const body = await readFile(path);
      res.writeHead(200, {
        "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": cacheControl,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  server.root = root;
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const server = await serve({ port });
  const { address, port: actual } = server.address();
  console.log(`isms assessor: http://${address}:${actual}/  (Ctrl-C to stop)`);
}
