// The simulation's Web Worker: runs the engine's `simulate` off the page's thread, so the page keeps
// answering while a million years are drawn. It loads its own instance of the engine; messages are
// {id, document, options} in and {id, ok} or {id, error: {name, code, path, message}} out.
import init from "./pkg/web.js";

const ready = init(new URL("./pkg/web/isms_wasm_bg.wasm", import.meta.url));

self.onmessage = async ({ data }) => {
  const { id, document, options } = data;
  try {
    const api = await ready;
    self.postMessage({ id, ok: api.simulate(document, options) });
  } catch (error) {
    const { name, code, path, message } = error ?? {};
    self.postMessage({ id, error: { name, code, path, message: message ?? String(error) } });
  }
};
