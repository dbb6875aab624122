// `isms-wasm/pool` in browsers: the engine in module Web Workers (see pool.js).
import { IsmsError } from "./web.js";
import { makePool, POOL_DEFAULTS } from "./pool.js";

/**
 * A pool of `size` workers ({size, timeoutMs, maxQueue, recycleAboveBytes, limits, worker}):
 * `worker` is the URL of the module worker script (pool-worker-web.js next to this file by
 * default).
 */
export function createPool(options = {}) {
  const script = options.worker ?? new URL("./pool-worker-web.js", import.meta.url);
  return makePool(() => {
    const worker = new Worker(script, { type: "module" });
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => worker.terminate(),
      on({ message, failed }) {
        worker.addEventListener("message", (event) => message(event.data));
        worker.addEventListener("error", (event) => {
          event.preventDefault();
          failed(new Error(event.message || "the worker failed"));
        });
        worker.addEventListener("messageerror", () => failed(new Error("a message could not be read")));
      },
    };
  }, options, IsmsError);
}

export { IsmsError, POOL_DEFAULTS };
