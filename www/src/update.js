// New versions of the assessor. The service worker (sw.js) keeps each build in a cache of its own
// and never takes over an open page by itself: when a new build has been installed and waits, the
// page offers "Reload"; only that click lets the new worker take over, and the page reloads once
// the new worker controls it. Until then the page, and every module it loads later, is served from
// its own build's cache.
import { el, button } from "./dom.js";

let waiting = null; // the installed worker of a newer build
let reloading = false;
let onChange = () => {};

/** The build this page runs (www/build writes it into index.html). */
export const build = () => document.querySelector('meta[name="isms-build"]')?.content || "dev";

/** Registers the service worker and watches for new builds; `changed` re-renders the banner. */
export function watch(changed) {
  onChange = changed;
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  sw.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
    else sw.controller?.postMessage({ type: "build", build: build() });
  });
  sw.register("sw.js", { updateViaCache: "none" }).then((reg) => {
    const offer = (worker) => {
      if (!worker || !sw.controller) return; // the first install needs no reload
      waiting = worker;
      onChange();
    };
    offer(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const worker = reg.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed") offer(reg.waiting ?? worker);
      });
    });
    const check = () => reg.update().catch(() => {});
    setInterval(check, 60 * 60 * 1000);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") check();
    });
    return sw.ready;
  }).then((reg) => {
    // Tell the worker which build this page runs, so it keeps serving that build's files to it.
    (sw.controller ?? reg.active)?.postMessage({ type: "build", build: build() });
    document.body.dataset.offline = "ready";
  })
    .catch((err) => console.warn("offline use unavailable:", err.message));
}

/** Lets the waiting build take over, after `beforeReload` (a save) has finished; the page then reloads. */
async function apply(beforeReload) {
  if (!waiting) return;
  await beforeReload();
  reloading = true;
  // Another tab may have let the new build take over already: then a reload is all it takes.
  if (waiting.state === "activated" || navigator.serviceWorker.controller === waiting) location.reload();
  else waiting.postMessage({ type: "activate" });
}

/** The banner's notice of a new version, or null. */
export function updateNotice(beforeReload) {
  if (!waiting) return null;
  return el("div", { class: "safety-note update", role: "status", "data-testid": "update-available" },
    el("strong", { text: "A new version of the assessor is available. " }),
    "This page keeps running the version it opened with until you reload. ",
    button("Reload", () => apply(beforeReload), { id: "apply-update" }));
}
