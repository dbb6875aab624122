// Offline use and versions. On install, every file of this build is fetched from the server (never
// from the HTTP cache: `cache: "reload"`) into a cache named after the build; the new worker then
// waits. It never takes over by itself: an open page offers "Reload" and only that click
// (a message "activate") makes it take over. Each page is served from the cache of the build it
// was loaded with, including modules it loads later (the importer, the document writers): the build
// of each page is remembered by client id; a build's cache is deleted once no open page uses it.
// The build (www/build) fills in VERSION and FILES. Nothing is fetched from any other origin.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const PREFIX = "isms-assessor-";
const CACHE = `${PREFIX}${VERSION}`;
// client id → build, kept in a cache of its own so that it outlives this worker's restarts.
const CLIENTS = "isms-assessor:clients";
const CLIENTS_KEY = new URL("./__clients", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: "reload" })))));
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "activate") self.skipWaiting();
  // Each page says which build it runs once loaded (one loaded before this worker controlled it too).
  if (event.data?.type === "build" && event.source?.id && /^[0-9a-f]{16}$/.test(event.data.build)) {
    // Pages replaced by this one (a reload) are gone by now: their builds' caches can go too.
    event.waitUntil(caches.has(`${PREFIX}${event.data.build}`).then(async (known) => {
      if (known) (await builds())[event.source.id] = event.data.build;
      await prune(event.source.id);
    }));
  }
});

let clientMap;
async function builds() {
  if (!clientMap) {
    const hit = await (await caches.open(CLIENTS)).match(CLIENTS_KEY);
    clientMap = hit ? await hit.json() : {};
  }
  return clientMap;
}
async function writeBuilds() {
  await (await caches.open(CLIENTS)).put(CLIENTS_KEY, new Response(JSON.stringify(clientMap), { headers: { "Content-Type": "application/json" } }));
}

/** Forgets closed pages and deletes the caches of builds no open page uses. */
async function prune(keep) {
  const map = await builds();
  const live = new Set((await self.clients.matchAll({ type: "window", includeUncontrolled: true })).map((c) => c.id));
  for (const id of Object.keys(map)) if (!live.has(id) && id !== keep) delete map[id];
  await writeBuilds();
  const used = new Set([CACHE, ...Object.values(map).map((v) => `${PREFIX}${v}`)]);
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(PREFIX) && !used.has(k)).map((k) => caches.delete(k)));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(prune().then(() => self.clients.claim()));
});

/** The cache of the build `clientId` was loaded with (this build's when unknown or gone). */
async function cacheFor(clientId) {
  const version = clientId ? (await builds())[clientId] : undefined;
  if (version && version !== VERSION && (await caches.has(`${PREFIX}${version}`))) return `${PREFIX}${version}`;
  return CACHE;
}

async function answer(event) {
  const url = new URL(event.request.url);
  if (event.request.mode === "navigate") {
    // A page loaded now runs this build.
    const id = event.resultingClientId;
    if (id) {
      (await builds())[id] = VERSION;
      event.waitUntil(prune(id));
    }
    const hit = await (await caches.open(CACHE)).match(new URL("./", self.location).href);
    return hit ?? fetch(event.request);
  }
  const hit = await (await caches.open(await cacheFor(event.clientId))).match(url.origin + url.pathname);
  return hit ?? fetch(event.request);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(answer(event));
});
