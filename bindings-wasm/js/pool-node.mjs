// `isms-wasm/pool` under Node: the engine in `worker_threads` workers (see pool.js). Every
// worker's `error` and `exit` are listened to, so nothing a worker does reaches the process.
import { Worker } from "node:worker_threads";
import { IsmsError } from "./node.mjs";
import { makePool, POOL_DEFAULTS, serve } from "./pool.js";

/**
 * A pool of `size` workers ({size, timeoutMs, maxQueue, recycleAboveBytes, limits, worker}):
 * `worker` is the URL of the worker script (pool-worker-node.mjs by default; a script of your own
 * answers the pool's messages with `serve(api, IsmsError, reply)`, as that one does).
 */
export function createPool(options = {}) {
  const script = options.worker ?? new URL("./pool-worker-node.mjs", import.meta.url);
  return makePool(() => {
    const worker = new Worker(script);
    // A worker must not keep the process alive on its own once the pool is idle.
    worker.unref();
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => worker.terminate(),
      on({ message, failed }) {
        worker.on("message", message);
        worker.on("error", failed);
        worker.on("messageerror", failed);
        worker.on("exit", (code) => failed(new Error(`the worker exited with code ${code}`)));
      },
    };
  }, options, IsmsError);
}

export { IsmsError, POOL_DEFAULTS, serve };
