// The worker of `isms-wasm/pool` under Node: one engine, answering the pool's calls.
import { parentPort } from "node:worker_threads";
import api, { IsmsError } from "./node.mjs";
import { serve } from "./pool.js";

const answer = serve(api, IsmsError, (reply) => parentPort.postMessage(reply));
parentPort.on("message", answer);
