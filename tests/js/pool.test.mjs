// isms-wasm/pool under Node: a trap, a timeout, an exiting or throwing worker and a full queue
// each give the right IsmsError, and the pool (and this process) keeps serving; errors keep their
// code, path and details; workers are recycled by memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createPool, IsmsError } from "../../bindings-wasm/pkg/pool-node.mjs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const example = JSON.parse(readFileSync(new URL("../fixtures/example-saas.isms.json", import.meta.url), "utf8"));
const testWorker = new URL("./pool/worker.mjs", import.meta.url);

/** Awaits `promise`, which must reject with an IsmsError of `code`; returns the error. */
async function fails(promise, code) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${code}, got ${JSON.stringify(value).slice(0, 80)}`),
    (e) => e,
  );
  assert.ok(error instanceof IsmsError, `not an IsmsError: ${error}`);
  assert.equal(error.code, code, error.message);
  return error;
}

/** The pool still answers a real call correctly. */
async function serves(pool) {
  const control = await pool.run("control", { id: "A.5.1" });
  assert.equal(control.id, "A.5.1");
}

test("answers every op as the engine does, errors rebuilt with code, path and details", async () => {
  const pool = createPool({ size: 2 });
  try {
    const [validation, soa] = await Promise.all([
      pool.run("validate", { document: example }),
      pool.run("soa", { document: example, as_of: "2026-11-01" }),
    ]);
    assert.deepEqual(validation, isms.validate(example));
    assert.deepEqual(soa, isms.soa(example, { asOf: "2026-11-01" }));
    const error = await fails(pool.run("control", { id: "A.9.4.2" }), "superseded_control");
    assert.equal(error.path, "/id");
    assert.deepEqual(error.details, { successors: ["A.8.5"] });
    assert.ok(error instanceof isms.IsmsError, "the same class as the package's");
    const limited = await fails(
      pool.run("validate", { document: example }, { limits: { items: 10 } }),
      "limit_exceeded",
    );
    assert.equal(limited.details.limit, "items");
    await fails(pool.run("control", '{"id": "A.5.1"}'), "unknown_control");
    const raw = await pool.runJson("control", new TextEncoder().encode('{"id": "A.5.1"}'));
    assert.equal(raw.id, "A.5.1", "runJson reads raw JSON text or bytes");
    const where = await fails(pool.runJson("control", '{\n  "id": "A.5.1",,\n}'), "invalid_json");
    assert.equal(where.details.line, 2);
  } finally {
    await pool.close();
  }
});

test("a trap in a worker's engine is IsmsError internal and the pool keeps serving", async () => {
  const pool = createPool({ size: 1 });
  try {
    await fails(pool.run("_panic", {}), "internal");
    await serves(pool);
    assert.equal(pool.stats().crashes, 0, "the engine replaced itself inside the worker");
  } finally {
    await pool.close();
  }
});

test("a call past its deadline is IsmsError timeout; its worker is replaced", async () => {
  const pool = createPool({ size: 1 });
  try {
    await serves(pool);
    const started = performance.now();
    // About ten seconds of work on the example: stopped at the deadline.
    const error = await fails(pool.run("simulate", { document: example, iterations: 10_000_000 }, { timeoutMs: 300 }), "timeout");
    assert.ok(performance.now() - started < 5_000);
    assert.deepEqual(error.details, { timeoutMs: 300 });
    await serves(pool);
    await fails(pool.run("simulate", { document: example, iterations: 10_000_000 }, { timeoutMs: 50 }), "timeout");
    await serves(pool);
    const stats = pool.stats();
    assert.equal(stats.timeouts, 2);
    assert.equal(stats.replaced, 2);
  } finally {
    await pool.close();
  }
});

test("a worker that exits or throws is replaced; its call is IsmsError internal", async () => {
  const pool = createPool({ size: 1, worker: testWorker });
  try {
    const exited = await fails(pool.run("_exit", {}), "internal");
    assert.match(exited.message, /exited with code 3/);
    await serves(pool);
    await fails(pool.run("_throw", {}), "unknown_op");
    // The throw comes after the answer: the idle worker is replaced, no call fails.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await serves(pool);
    assert.ok(pool.stats().crashes >= 2, JSON.stringify(pool.stats()));
  } finally {
    await pool.close();
  }
});

test("a call arriving with every worker busy and the queue full is IsmsError overloaded", async () => {
  const pool = createPool({ size: 1, maxQueue: 1, worker: testWorker });
  try {
    const busy = pool.run("_sleep", { ms: 400 }).catch((e) => e);
    const queued = pool.run("control", { id: "A.5.1" });
    const refused = await fails(pool.run("control", { id: "A.5.2" }), "overloaded");
    assert.deepEqual(refused.details, { queued: 1, maxQueue: 1 });
    assert.equal((await busy).code, "unknown_op");
    assert.equal((await queued).id, "A.5.1");
    await serves(pool);
    assert.equal(pool.stats().overloaded, 1);
  } finally {
    await pool.close();
  }
});

test("a worker whose engine memory passes recycleAboveBytes is replaced after its call", async () => {
  const pool = createPool({ size: 1, recycleAboveBytes: 1 });
  try {
    await serves(pool);
    await serves(pool);
    assert.equal(pool.stats().recycled, 2);
  } finally {
    await pool.close();
  }
});

test("a closed pool refuses calls; bad options are refused", async () => {
  const pool = createPool({ size: 1 });
  await pool.close();
  await fails(pool.run("control", { id: "A.5.1" }), "not_initialized");
  assert.throws(() => createPool({ size: 0 }), (e) => e instanceof IsmsError && e.code === "schema_violation");
});

test("IsmsError crosses a wire: toJSON keeps the message, from rebuilds it", () => {
  const error = new IsmsError("limit_exceeded", "too big", "/document", { limit: "items", max: 3, value: 4 });
  const json = JSON.stringify(error);
  assert.deepEqual(JSON.parse(json), {
    name: "IsmsError",
    code: "limit_exceeded",
    message: "too big",
    path: "/document",
    details: { limit: "items", max: 3, value: 4 },
  });
  const back = IsmsError.from(json);
  assert.ok(back instanceof IsmsError);
  assert.deepEqual([back.code, back.message, back.path, back.details], ["limit_exceeded", "too big", "/document", error.details]);
  assert.equal(IsmsError.from({ nope: 1 }).code, "internal");
  assert.equal(IsmsError.from("not json").code, "internal");
});
