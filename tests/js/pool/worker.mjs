// A worker script for the pool's tests: the package's worker with test-only ops answered before
// the engine sees them: `_exit` ends the worker, `_throw` throws outside any call (after
// answering), `_sleep` blocks the worker for `request.ms` (then answers as the engine does).
import { parentPort } from "node:worker_threads";
import api, { IsmsError } from "../../../bindings-wasm/pkg/node.mjs";
import { serve } from "../../../bindings-wasm/pkg/pool-node.mjs";

const answer = serve(api, IsmsError, (reply) => parentPort.postMessage(reply));
parentPort.on("message", (message) => {
  const { op, request } = message;
  if (op === "_exit") process.exit(3);
  if (op === "_sleep") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, request.ms);
  answer(message);
  if (op === "_throw") {
    setTimeout(() => {
      throw new Error("thrown outside any call");
    });
  }
});
