// Offline use: on install, every file of the assessor is stored in a cache named after this build;
// afterwards every request of the page is answered from it, so a reload works without a network.
// The build (www/build) fills in VERSION and FILES. Nothing is fetched from any other origin.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `isms-assessor-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("isms-assessor-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const key = event.request.mode === "navigate" ? new URL("./", self.location).href : url.origin + url.pathname;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key)).then((hit) => hit ?? fetch(event.request)));
});
