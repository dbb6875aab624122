// Assessments kept on this device only, in IndexedDB: one record per assessment
// ({id, name, updated, document}). Nothing is sent anywhere.
const DB = "isms-assessor";
const STORE = "assessments";

let opened;
function db() {
  opened ??= new Promise((ok, fail) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  return opened;
}

async function run(mode, work) {
  const store = (await db()).transaction(STORE, mode).objectStore(STORE);
  return new Promise((ok, fail) => {
    const req = work(store);
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
}

/** Every assessment, most recently changed first. */
export async function list() {
  const all = await run("readonly", (s) => s.getAll());
  return all.sort((a, b) => (b.updated ?? "").localeCompare(a.updated ?? ""));
}

/** One assessment by id, or undefined. */
export const get = (id) => run("readonly", (s) => s.get(id));

/** Saves (creates or replaces) an assessment. */
export const put = (record) => run("readwrite", (s) => s.put({ ...record, updated: new Date().toISOString() }));

/** Deletes an assessment. */
export const remove = (id) => run("readwrite", (s) => s.delete(id));

/** A new random id for an assessment. */
export const newId = () => crypto.randomUUID();

const CURRENT = "isms.current";
/** The id of the assessment open last time. */
export const currentId = () => localStorage.getItem(CURRENT);
/** Remembers the open assessment. */
export const setCurrentId = (id) => (id ? localStorage.setItem(CURRENT, id) : localStorage.removeItem(CURRENT));
