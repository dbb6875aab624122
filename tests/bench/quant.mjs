// The quantitative risk benchmark under Node: `simulate` of a request file through the Node build
// of isms-wasm, as tests/bench/quant.py runs it natively and from Python.
// Usage: node tests/bench/quant.mjs <request.json> [runs]  → {"median_ms", "runs", "ale"}
import { readFileSync } from "node:fs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const [file, runs = "5"] = process.argv.slice(2);
const { document, ...fields } = JSON.parse(readFileSync(file, "utf8"));
// The request's options as the JavaScript api names them (`keep_samples` → `keepSamples`).
const options = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), v]));

// Untimed runs first, for at least a second and three runs: the wasm instance's memory grows once,
// and V8 first runs WebAssembly from its baseline compiler (Liftoff), then swaps in optimised code
// (TurboFan) compiled in the background; a short request timed too early measures the baseline.
let ale;
for (let warm = 0, since = performance.now(); warm < 3 || performance.now() - since < 1000; warm++) {
  ale = isms.simulate(document, options).portfolio.residual.ale;
}
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const start = process.hrtime.bigint();
  ale = isms.simulate(document, options).portfolio.residual.ale;
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: sorted[sorted.length >> 1], runs: times, ale }));
