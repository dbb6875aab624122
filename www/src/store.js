// Assessments kept on this device only, in IndexedDB: one record per assessment
// ({id, name, updated, revision, document}). Nothing is sent anywhere.
//
// Every write counts only once its transaction has completed (`oncomplete`); an error or an abort
// (a full disk, a quota) rejects. A save reads the stored revision and writes the next one in the
// same readwrite transaction, and writes nothing when the stored record is newer than the one the
// caller loaded or has been deleted meanwhile: an older tab can never overwrite newer work, and a
// deleted assessment never comes back.
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

/** A refused or failed save: `code` is conflict (a newer revision is stored), deleted or failed. */
export class SaveError extends Error {
  constructor(code, message, stored) {
    super(message);
    this.code = code;
    this.stored = stored;
  }
}

/** What went wrong with a transaction, in words. */
const reason = (error) => {
  if (!error) return "the browser stopped the write";
  if (error.name === "QuotaExceededError") return "the browser's storage for this site is full";
  return error.message || error.name;
};

/**
 * Runs `work(store, tx)` in one transaction; resolves to what `work` resolved to once the
 * transaction has completed, rejects with a SaveError (failed) on its error or abort.
 */
async function transact(mode, work) {
  const tx = (await db()).transaction(STORE, mode);
  const store = tx.objectStore(STORE);
  return new Promise((ok, fail) => {
    let result;
    let refused;
    tx.oncomplete = () => (refused ? fail(refused) : ok(result));
    tx.onabort = () => fail(refused ?? new SaveError("failed", reason(tx.error)));
    tx.onerror = () => {}; // reported by onabort, which follows every failed request
    try {
      Promise.resolve(work(store, tx, (error) => { refused = error; })).then((value) => { result = value; }, (error) => {
        refused = error;
        try { tx.abort(); } catch { /* already finished */ }
      });
    } catch (error) {
      refused = new SaveError("failed", reason(error));
      try { tx.abort(); } catch { /* already finished */ }
    }
  });
}

/** A request's result as a promise (inside a transaction). */
const request = (req) => new Promise((ok, fail) => {
  req.onsuccess = () => ok(req.result);
  req.onerror = () => fail(req.error);
});

/** Every assessment, most recently changed first. */
export async function list() {
  const all = await transact("readonly", (s) => request(s.getAll()));
  return all.sort((a, b) => (b.updated ?? "").localeCompare(a.updated ?? ""));
}

/** One assessment by id, or undefined. */
export const get = (id) => transact("readonly", (s) => request(s.get(id)));

/**
 * Saves `record` as the next revision after `loaded` (the revision this tab read; null for a new
 * record, which must not exist yet). Resolves to the saved record (with its new revision and
 * `updated`) once written; rejects with a SaveError: conflict (the stored revision is newer; the
 * stored record is attached), deleted (the record is gone), failed (the write did not complete).
 */
export function save(record, loaded) {
  return transact("readwrite", async (s, tx, refuse) => {
    const stored = await request(s.get(record.id));
    if (loaded === null || loaded === undefined) {
      if (stored) return refuse(new SaveError("conflict", "an assessment with this id already exists", stored));
    } else if (!stored) {
      return refuse(new SaveError("deleted", "this assessment was deleted in another tab"));
    } else if ((stored.revision ?? 0) !== loaded) {
      return refuse(new SaveError("conflict", `a newer version (revision ${stored.revision ?? 0}) was saved in another tab`, stored));
    }
    const next = { ...record, revision: (loaded ?? 0) + 1, updated: new Date().toISOString() };
    try {
      s.put(next);
    } catch (error) {
      tx.abort();
      throw new SaveError("failed", reason(error));
    }
    return next;
  });
}

/** Stores a new assessment (revision 1); resolves to it once written. */
export const create = (record) => save(record, null);

/** Deletes an assessment; resolves once the deletion has completed. */
export const remove = (id) => transact("readwrite", (s) => request(s.delete(id)));

/** A new random id for an assessment. */
export const newId = () => crypto.randomUUID();

const CURRENT = "isms.current";
/** The id of the assessment open last time. */
export const currentId = () => localStorage.getItem(CURRENT);
/** Remembers the open assessment. */
export const setCurrentId = (id) => (id ? localStorage.setItem(CURRENT, id) : localStorage.removeItem(CURRENT));
