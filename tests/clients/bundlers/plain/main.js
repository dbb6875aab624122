// The page without a bundler: the package's files served as they are, the web entry initialised
// first; then the pool in Web Workers.
import init, * as engine from "./isms-wasm/web.js";
import { createPool } from "./isms-wasm/pool-web.js";
import { show, DOCUMENT, checkEngine } from "./page.js";

try {
  await init();
  await checkEngine(engine);
  // The pool in Web Workers: a call, an engine error, a deadline.
  const pool = createPool({ size: 1 });
  const rows = (await pool.run("soa", { document: DOCUMENT })).rows.length;
  const code = await pool.run("control", { id: "A.9.4.2" }).catch((err) => `${err instanceof engine.IsmsError} ${err.code}`);
  const quant = { tef: { constant: 50 }, vulnerability: { constant: 0.5 }, primary_loss: { constant: 1000 } };
  const slow = { document: { ...DOCUMENT, organisation: { name: "X", currency: "EUR" }, risks: [{ id: "R1", title: "Outage", owner: "CTO", quant }] }, iterations: 10000000 };
  const late = await pool.run("simulate", slow, { timeoutMs: 200 }).catch((err) => err.code);
  const after = (await pool.run("control", { id: "A.5.1" })).id;
  show("pool", `${rows} ${code} ${late} ${after}`);
  await pool.close();
  document.body.dataset.ready = "true";
} catch (err) {
  document.body.dataset.error = String(err?.stack ?? err);
}
