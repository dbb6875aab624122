// The quantitative risk benchmark under Node: `simulate` of a request file through the Node build
// of isms-wasm, as tests/bench/quant.py runs it natively and from Python.
// Usage: node tests/bench/quant.mjs <request.json> [runs]  → {"median_ms", "runs", "ale"}
import { readFileSync } from "node:fs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const [file, runs = "5"] = process.argv.slice(2);
const request = JSON.parse(readFileSync(file, "utf8"));

// One untimed run: the wasm instance's memory grows and the JIT tiers up once per process.
let ale = isms.simulate(request).portfolio.residual.ale;
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const start = process.hrtime.bigint();
  ale = isms.simulate(request).portfolio.residual.ale;
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: sorted[sorted.length >> 1], runs: times, ale }));
