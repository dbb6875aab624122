// The register benchmark under Node: the same synthetic document as the criterion benchmark
// (core/benches/register.rs), the same ops from JSON text, through the Node build of isms-wasm.
// Usage: node tests/bench/register.mjs <document.json> [iterations]
import { readFileSync } from "node:fs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const [file, runs = "15"] = process.argv.slice(2);
const document = readFileSync(file, "utf8");
const requests = {
  validate: `{"document":${document}}`,
  analyse: `{"document":${document},"top":10}`,
  export: `{"document":${document},"report":"all","format":"xlsx"}`,
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const results = {};
for (const [op, text] of Object.entries(requests)) {
  // `call` with a pre-serialised request measures the engine, not JSON.stringify of the caller.
  const raw = (request) => isms.call(op, JSON.parse(request));
  raw(text);
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    raw(text);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  results[op] = median(times);
}
console.log(JSON.stringify(results));
