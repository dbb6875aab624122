// The worker of `isms-wasm/pool` in browsers: one engine (loaded before the first call is
// answered; calls that arrive meanwhile wait for it), answering the pool's calls.
import init, { IsmsError } from "./web.js";
import { serve } from "./pool.js";

const ready = init().then((api) => serve(api, IsmsError, (reply) => self.postMessage(reply)));
self.addEventListener("message", (event) => {
  ready.then((answer) => answer(event.data));
});
