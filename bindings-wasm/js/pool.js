// A pool of workers running the engine (`isms-wasm/pool`), shared by the Node entry
// (pool-node.mjs, worker_threads) and the browser entry (pool-web.js, Web Workers), which give it
// the way to start a worker.
//
// Nothing a worker does can take the caller down: an engine failure inside a worker is an
// IsmsError `internal` (the worker's engine replaced itself); a worker that exits or throws is
// replaced and its call fails with `internal`; a call past its deadline terminates its worker
// (`timeout`) and a fresh one takes its place; a worker whose engine memory grew past
// `recycleAboveBytes` is replaced after its call; a call arriving while every worker is busy and
// the queue is full fails at once with `overloaded`. Errors come back as IsmsError with the
// engine's code, path and details.
//
// It takes the IsmsError class of the entry that uses it, so that `instanceof` holds for the
// errors it gives (Node's entries share the class of node.cjs).

/** Defaults of `createPool`. */
export const POOL_DEFAULTS = Object.freeze({
  size: 2,
  timeoutMs: 30_000,
  maxQueue: 64,
  recycleAboveBytes: 256 * 1024 * 1024,
});

/**
 * A pool over workers made by `spawn()` (errors of the class `IsmsError`), each an adapter `{post(message), terminate(), on(handlers)}`
 * whose `handlers` are `{message(data), failed(reason)}`: `failed` for a worker that threw, exited
 * or could not start.
 */
export function makePool(spawn, options, IsmsError) {
  const settings = { ...POOL_DEFAULTS, ...options };
  for (const name of ["size", "timeoutMs", "maxQueue", "recycleAboveBytes"]) {
    const value = settings[name];
    if (typeof value !== "number" || !(value >= (name === "maxQueue" ? 0 : 1))) {
      throw new IsmsError("schema_violation", `the pool option \`${name}\` is not a positive number`, `/${name}`);
    }
  }
  const workers = [];
  const queue = [];
  let nextId = 1;
  let closed = false;
  const counts = { started: 0, replaced: 0, timeouts: 0, crashes: 0, recycled: 0, overloaded: 0 };

  /** A fresh worker slot, listening. */
  function start() {
    const slot = { worker: null, job: null, memoryBytes: 0 };
    counts.started += 1;
    slot.worker = spawn();
    slot.worker.on({
      message: (data) => finished(slot, data),
      failed: (reason) => crashed(slot, reason),
    });
    return slot;
  }

  /** Puts a fresh worker in the place of `slot` (terminated), then serves the queue. */
  function replace(slot) {
    const at = workers.indexOf(slot);
    slot.worker.terminate();
    if (at < 0) return;
    counts.replaced += 1;
    if (closed) {
      workers.splice(at, 1);
      return;
    }
    workers[at] = start();
    pump();
  }

  function finished(slot, data) {
    const job = slot.job;
    if (!job || data?.id !== job.id) return;
    settle(slot);
    slot.memoryBytes = data.memoryBytes ?? 0;
    if (data.error) job.reject(IsmsError.from(data.error));
    else job.resolve(data.ok);
    if (slot.memoryBytes > settings.recycleAboveBytes) {
      counts.recycled += 1;
      replace(slot);
    } else {
      pump();
    }
  }

  function crashed(slot, reason) {
    if (!workers.includes(slot)) return;
    counts.crashes += 1;
    const job = slot.job;
    if (job) {
      settle(slot);
      const error = new IsmsError("internal", `the worker stopped during \`${job.op}\` and was replaced: ${describe(reason)}`);
      error.cause = reason;
      job.reject(error);
    }
    replace(slot);
  }

  /** Clears the slot's job and its deadline. */
  function settle(slot) {
    clearTimeout(slot.job?.timer);
    slot.job = null;
  }

  /** Gives queued jobs to idle workers. */
  function pump() {
    for (const slot of workers) {
      if (queue.length === 0) return;
      if (slot.job) continue;
      const job = queue.shift();
      slot.job = job;
      job.timer = setTimeout(() => {
        if (slot.job !== job) return;
        counts.timeouts += 1;
        settle(slot);
        job.reject(
          new IsmsError("timeout", `\`${job.op}\` took longer than ${job.timeoutMs} ms; its worker was replaced`, "", {
            timeoutMs: job.timeoutMs,
          }),
        );
        replace(slot);
      }, job.timeoutMs);
      try {
        slot.worker.post({ id: job.id, op: job.op, request: job.request, raw: job.raw, limits: job.limits });
      } catch (e) {
        // The request cannot be cloned to the worker (a function, a symbol): the caller's fault.
        settle(slot);
        job.reject(new IsmsError("schema_violation", `the request cannot be sent to a worker: ${describe(e)}`));
      }
    }
  }

  for (let i = 0; i < settings.size; i++) workers.push(start());

  const pool = {
    /**
     * Runs `op` on `request` (an object, or its raw JSON text or bytes) in a worker; resolves to
     * the op's response, rejects with IsmsError. `options`: `timeoutMs` (the pool's by default),
     * `limits` (the engine's limits of the call).
     */
    run(op, request, callOptions = {}) {
      return submit(op, request, callOptions, false);
    },
    /**
     * Runs `op` on the raw JSON text of its request (or its UTF-8 bytes) in a worker, as the
     * engine's `callJson`: a tenant's body is handed over as it came, parsed once, in the worker.
     */
    runJson(op, text, callOptions = {}) {
      return submit(op, text, callOptions, true);
    },
    /** Workers, queued calls and what has happened so far (timeouts, crashes, recycling, refusals). */
    stats() {
      return {
        workers: workers.length,
        busy: workers.filter((slot) => slot.job).length,
        queued: queue.length,
        memoryBytes: workers.map((slot) => slot.memoryBytes),
        ...counts,
      };
    },
    /** Stops every worker; queued and running calls fail with `not_initialized`. */
    async close() {
      closed = true;
      const stopped = new IsmsError("not_initialized", "the pool was closed");
      for (const job of queue.splice(0)) job.reject(stopped);
      for (const slot of workers.splice(0)) {
        if (slot.job) {
          const job = slot.job;
          settle(slot);
          job.reject(stopped);
        }
        await slot.worker.terminate();
      }
    },
  };

  return pool;

  /** Queues a call, or refuses it when every worker is busy and the queue is full. */
  function submit(op, request, callOptions, raw) {
    if (closed) return Promise.reject(new IsmsError("not_initialized", "the pool is closed"));
    const busy = workers.every((slot) => slot.job);
    if (busy && queue.length >= settings.maxQueue) {
      counts.overloaded += 1;
      return Promise.reject(
        new IsmsError("overloaded", `every worker is busy and ${queue.length} calls wait: try again later`, "", {
          queued: queue.length,
          maxQueue: settings.maxQueue,
        }),
      );
    }
    const timeoutMs = callOptions.timeoutMs ?? settings.timeoutMs;
    return new Promise((resolve, reject) => {
      queue.push({ id: nextId++, op, request, raw, limits: callOptions.limits ?? settings.limits, timeoutMs, resolve, reject });
      pump();
    });
  }
}

function describe(reason) {
  if (reason instanceof Error) return reason.message;
  return String(reason);
}

/**
 * The worker's side: answers each `{id, op, request, limits}` with `{id, ok}` or `{id, error}`
 * (the IsmsError's JSON) and the engine's memory, through `reply`.
 */
export function serve(api, IsmsError, reply) {
  return (message) => {
    const { id, op, request, raw, limits } = message ?? {};
    let answer;
    try {
      const options = limits === undefined ? undefined : { limits };
      answer = { id, ok: raw ? api.callJson(op, request, options) : api.call(op, request, options) };
    } catch (e) {
      const error = e instanceof IsmsError ? e : new IsmsError("internal", `the worker failed: ${describe(e)}`);
      answer = { id, error: error.toJSON() };
    }
    let memoryBytes = 0;
    try {
      memoryBytes = api.memoryBytes();
    } catch {
      // An engine that cannot report its memory is recycled by its next failure instead.
    }
    reply({ ...answer, memoryBytes });
  };
}
