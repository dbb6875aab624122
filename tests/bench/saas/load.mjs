// The load test of tests/bench/saas/run. Everything stays on 127.0.0.1: one server process (this
// one) with a pool of workers, and a client loop with a fixed number of requests in flight.
import { createServer, request as httpRequest, Agent } from "node:http";
import { readFileSync } from "node:fs";
import { createPool, IsmsError } from "../../../bindings-wasm/pkg/pool-node.mjs";

const example = readFileSync(new URL("../../fixtures/example-saas.isms.json", import.meta.url), "utf8");
const exampleDoc = JSON.parse(example);
const CONCURRENCY = 8;
const STATUS = { limit_exceeded: 413, invalid_json: 400, timeout: 504, overloaded: 503, internal: 500 };

/** The service: POST /<op> with the tenant's document as the body; the options are the server's. */
function serve(pool) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const op = req.url.slice(1);
      const body = Buffer.concat(chunks);
      // The tenant's body is the document; the request around it is the server's own.
      const request = `{"document":${body.length ? body : "null"}${op === "export" ? ',"format":"xlsx"' : ""}}`;
      try {
        const out = await pool.runJson(op, request, { limits: { input_bytes: 4 << 20 } });
        res.writeHead(200, { "content-type": "application/json" }).end(op === "export" ? out.filename : JSON.stringify(out).length.toString());
      } catch (err) {
        const status = err instanceof IsmsError ? (STATUS[err.code] ?? 422) : 500;
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(err));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port, path, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** `total` requests with CONCURRENCY in flight; `pick(i)` gives each one's path and body. */
async function load(port, total, pick) {
  const times = [];
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < total) {
      const i = next++;
      const { path, body } = pick(i);
      const { status, ms } = await post(port, path, body);
      times.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { rps: total / seconds, p50: at(0.5), p99: at(0.99), statuses };
}

const MiB = 2 ** 20;
const fmt = (n, digits = 1) => n.toFixed(digits).padStart(8);

console.log(`isms-wasm pool on 127.0.0.1, ${CONCURRENCY} requests in flight, the example document (${(example.length / 1024).toFixed(0)} KiB)`);
console.log("op        workers  requests   req/s   p50 ms   p99 ms");
for (const workers of [1, 2]) {
  const pool = createPool({ size: workers, maxQueue: 64 });
  const server = await serve(pool);
  const { port } = server.address();
  for (const [op, total] of [["validate", 1500], ["soa", 1500], ["export", 600]]) {
    await load(port, 50, () => ({ path: `/${op}`, body: example })); // warm-up
    const r = await load(port, total, () => ({ path: `/${op}`, body: example }));
    console.log(`${op.padEnd(9)} ${String(workers).padStart(7)} ${String(total).padStart(9)} ${fmt(r.rps, 0)} ${fmt(r.p50, 2)} ${fmt(r.p99, 2)}`);
  }
  server.close();
  await pool.close();
}

// 10,000 mixed requests, a fifth of them bad: not JSON, too deep, too long, broken references.
const broken = structuredClone(exampleDoc);
broken.risks[0].assets = ["nowhere"];
const BAD = [
  "{not json",
  JSON.stringify({ ...exampleDoc, x: JSON.parse("[".repeat(100) + "]".repeat(100)) }),
  JSON.stringify({ ...exampleDoc, organisation: { name: "N".repeat(2 * MiB) } }),
  JSON.stringify(broken),
  "",
];
const MIXED = ["validate", "soa", "readiness", "analyse", "export"];
const pool = createPool({ size: 2, maxQueue: 64 });
const server = await serve(pool);
const { port } = server.address();
const rssBefore = process.memoryUsage().rss;
const samples = [];
const r = await load(port, 10_000, (i) => {
  if (i % 1000 === 0) samples.push({ i, engine: pool.stats().memoryBytes, rss: process.memoryUsage().rss });
  return i % 5 === 4 ? { path: `/${MIXED[i % 3]}`, body: BAD[(i / 5) % BAD.length | 0] } : { path: `/${MIXED[i % MIXED.length]}`, body: example };
});
samples.push({ i: 10_000, engine: pool.stats().memoryBytes, rss: process.memoryUsage().rss });
console.log(`\n10,000 mixed requests (2 workers): ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
console.log(`statuses: ${[...r.statuses].sort().map(([s, n]) => `${s} × ${n}`).join(", ")}`);
console.log("after request   engine MiB per worker   server RSS MiB");
for (const s of samples) {
  console.log(`${String(s.i).padStart(13)}   ${s.engine.map((b) => (b / MiB).toFixed(1)).join(" / ").padStart(21)}   ${(s.rss / MiB).toFixed(0).padStart(14)}`);
}
console.log(`server RSS before the mixed run ${(rssBefore / MiB).toFixed(0)} MiB; pool ${JSON.stringify(pool.stats())}`);
server.close();
await pool.close();
agent.destroy();
