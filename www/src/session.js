// Keeping the open assessment safe: what is saved, when, and by which tab.
//
// - Only documents the engine accepts are saved. A change it rejects stays on screen at its field
//   (aria-invalid, a message tied by aria-describedby) and in the banner; the views keep the figures
//   of the last accepted version and the store keeps that version until the value is fixed or undone.
// - Undo and redo walk a bounded, in-memory history of accepted states (a rejected working state,
//   if any, on top); each step back to an accepted state is saved.
// - A save happens only when the accepted document differs from the stored one, goes through
//   store.save (revision checked and written in one transaction) and counts once that transaction
//   has completed; a failed save leaves the page visibly unsaved with a Retry.
// - One tab edits an assessment at a time (a Web Lock per assessment, held while it is open); other
//   tabs show it read-only, follow its saves (BroadcastChannel) and take over when the lock frees.
import * as store from "./store.js";
import { el, $, button, download } from "./dom.js";
import { updateNotice } from "./update.js";

/** How many states undo can go back. */
const HISTORY = 100;
/** Saved changes after which (and days after which) an export is suggested. */
const BACKUP_CHANGES = 25;
const BACKUP_DAYS = 14;

const state = {
  loaded: null, // the stored revision this tab read or wrote last
  savedText: null, // the stored document, as JSON text
  acceptedText: null, // the last document the engine accepted, as JSON text
  history: [], // {text, accepted}: accepted states, a rejected working state only on top
  index: -1,
  saving: null, // the running save loop (a promise)
  queued: false,
  failure: null, // why the last save failed
  readOnly: null, // null, "locked" (another tab edits it) or "deleted" (gone from this device)
  rescued: null, // {text, name}: a working copy a refused save could not store
  persisted: undefined, // whether the browser keeps this site's storage until the user deletes it
};

let app;
let hooks;
let channel;
// The assessment lock held by this tab: `release` ends it; `abort` stops waiting for it.
let lock = { release: null, abort: null };
// The value each document field showed when it was drawn: Ctrl+Z inside a field still being
// edited is the field's own undo.
let committed = new WeakMap();

/** Wires the session to the app: hooks.recompute (re-assess app.doc), hooks.render. */
export function init(theApp, theHooks) {
  app = theApp;
  hooks = theHooks;
  if ("BroadcastChannel" in self) {
    channel = new BroadcastChannel("isms-assessor");
    channel.onmessage = (event) => heard(event.data).catch((err) => console.error(err));
  }
  document.addEventListener("keydown", shortcut);
  window.addEventListener("pagehide", () => { flush(); });
  const bar = el("div", { class: "edit-bar", id: "edit-bar", hidden: true },
    button("Undo", undo, { id: "undo", "aria-keyshortcuts": "Control+Z Meta+Z", title: "Undo (Ctrl+Z)" }),
    button("Redo", redo, { id: "redo", "aria-keyshortcuts": "Control+Shift+Z Control+Y Meta+Shift+Z", title: "Redo (Ctrl+Shift+Z)" }),
    el("span", { class: "save-state", id: "save-state", "data-testid": "save-state" }));
  $("banner").before(bar);
}

const text = (doc) => JSON.stringify(doc);

/**
 * The document as JSON text, and whether JSON changes it (a number that is not finite becomes
 * null): then the document is replaced by its JSON form, so the engine judges, the page shows and
 * the store keeps the same thing. Otherwise the document object stays (views may hold parts of it).
 */
function canonical(doc) {
  let lossy = false;
  const t = JSON.stringify(doc, (key, value) => {
    if (typeof value === "number" && !Number.isFinite(value)) lossy = true;
    return value;
  });
  return { t, lossy };
}

/** Makes `record` (as stored) the open assessment's state: history, saved text, revision. */
function adopt(record) {
  app.record = record;
  const t = text(record.document);
  state.loaded = record.revision ?? 0;
  state.savedText = t;
  state.failure = null;
  hooks.recompute();
  state.acceptedText = app.error ? null : t;
  state.history = [{ text: t, accepted: !app.error }];
  state.index = 0;
}

/** Opens a stored assessment record: takes its lock or opens it read-only. */
export async function open(record) {
  await flush();
  // Opening the assessment this tab already edits keeps its lock.
  const held = app.record?.id === record.id && lock.release !== null && !state.readOnly;
  if (!held) releaseLock();
  // Read-only until the lock is ours.
  state.readOnly = "locked";
  state.rescued = null;
  adopt(record);
  store.setCurrentId(record.id);
  const editable = held || (await takeLock(record.id));
  if (app.record?.id !== record.id) return;
  if (editable) state.readOnly = null;
  else waitForLock(record.id);
  persist();
  updateSaved();
}

/** Closes the open assessment (after saving what is pending). */
export async function close() {
  await flush();
  releaseLock();
  state.readOnly = null;
  state.rescued = null;
  state.history = [];
  state.index = -1;
  store.setCurrentId(null);
}

/**
 * After a change to app.doc: re-assess, remember it, save it if the engine accepts it. False when
 * the change was undone because the assessment is read-only here.
 */
export function commit() {
  if (!app.record) return false;
  if (state.readOnly) {
    // Edits are blocked: back to what is stored.
    app.record.document = JSON.parse(state.history[state.index]?.text ?? state.savedText);
    hooks.recompute();
    app.notify(readOnlyText());
    hooks.render();
    return false;
  }
  const { t, lossy } = canonical(app.doc);
  if (lossy) app.record.document = JSON.parse(t);
  hooks.recompute();
  remember({ text: t, accepted: !app.error });
  if (!app.error) {
    state.acceptedText = t;
    queueSave();
  }
  updateSaved();
  hooks.render();
  return true;
}

function remember(entry) {
  const h = state.history;
  h.length = state.index + 1;
  if (h.length && !h[h.length - 1].accepted) h.pop();
  if (h[h.length - 1]?.text !== entry.text) h.push(entry);
  while (h.length > HISTORY) h.shift();
  state.index = h.length - 1;
}

export const canUndo = () => !state.readOnly && state.index > 0;
export const canRedo = () => !state.readOnly && state.index < state.history.length - 1;

/** Goes back one state; an accepted state is saved. */
export function undo() {
  if (!canUndo()) return;
  state.index--;
  restore("Undone");
}

/** Goes forward one state. */
export function redo() {
  if (!canRedo()) return;
  state.index++;
  restore("Redone");
}

function restore(what) {
  const entry = state.history[state.index];
  app.record.document = JSON.parse(entry.text);
  hooks.recompute();
  if (!app.error) {
    state.acceptedText = entry.text;
    queueSave();
  }
  updateSaved();
  app.notify(`${what}.`);
  hooks.render();
}

function shortcut(event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || !app?.record) return;
  const key = event.key.toLowerCase();
  const isUndo = key === "z" && !event.shiftKey;
  const isRedo = (key === "z" && event.shiftKey) || (key === "y" && event.ctrlKey && !event.shiftKey);
  if (!isUndo && !isRedo) return;
  if (editingText(document.activeElement)) return;
  event.preventDefault();
  if (isUndo) undo();
  else redo();
}

/** True while focus is in a text field whose typed value has not been committed yet. */
function editingText(node) {
  if (!node) return false;
  const texty = node.tagName === "TEXTAREA"
    || (node.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset", "file", "range", "color"].includes(node.type));
  if (!texty) return false;
  return !node.dataset.path || !committed.has(node) || committed.get(node) !== node.value;
}

// Saving.

function recordToSave(t) {
  const document = JSON.parse(t);
  const score = app.derived?.readiness?.score;
  return { ...app.record, document, name: document.organisation?.name || app.record.name, score: score?.score, verdict: score?.verdict };
}

function queueSave() {
  if (state.readOnly || state.acceptedText === null || state.acceptedText === state.savedText) return;
  state.queued = true;
  state.saving ??= saveLoop();
}

/** What the banner shows about saving (the loop re-renders only when it changed). */
const saveBanner = () => JSON.stringify([state.failure, state.readOnly, Boolean(state.rescued), backupDue()]);

async function saveLoop() {
  updateSaved();
  const shown = saveBanner();
  try {
    while (state.queued && app.record && !state.readOnly) {
      state.queued = false;
      const t = state.acceptedText;
      if (t === null || t === state.savedText) continue;
      const id = app.record.id;
      try {
        const saved = await store.save(recordToSave(t), state.loaded);
        if (app.record?.id !== id) break;
        state.loaded = saved.revision;
        state.savedText = t;
        state.failure = null;
        app.record.revision = saved.revision;
        app.record.updated = saved.updated;
        channel?.postMessage({ type: "saved", id, revision: saved.revision });
      } catch (err) {
        if (app.record?.id === id) await refused(err);
        break;
      }
    }
  } finally {
    state.saving = null;
    updateSaved();
    if (saveBanner() !== shown) hooks.render();
  }
}

/** A save the store refused or could not complete. */
async function refused(err) {
  if (err.code === "conflict" && err.stored) {
    // Another tab saved a newer version: show it, and keep this tab's copy as a download.
    state.rescued = { text: state.acceptedText, name: app.doc?.organisation?.name || app.record.name };
    adopt(err.stored);
    app.notify("Not saved: a newer version was saved in another tab. It is shown now.");
  } else if (err.code === "deleted") {
    state.rescued = { text: state.acceptedText, name: app.doc?.organisation?.name || app.record.name };
    state.readOnly = "deleted";
    releaseLock();
  } else {
    state.failure = err.message || String(err);
  }
}

/** Saves what is pending now; resolves when done (or failed). */
export async function flush() {
  queueSave();
  while (state.saving) await state.saving;
}

/** Tries the failed save again. */
export function retry() {
  state.queued = true;
  state.saving ??= saveLoop();
  updateSaved();
}

function updateSaved() {
  const body = document.body;
  const clean = !app?.record || state.readOnly || (!app.error && !state.failure && state.acceptedText === state.savedText);
  body.dataset.saved = clean ? "true" : "false";
  if (state.saving) body.dataset.saving = "true";
  else delete body.dataset.saving;
  const bar = $("edit-bar");
  if (!bar) return;
  bar.hidden = !app?.record;
  $("undo").disabled = !canUndo();
  $("redo").disabled = !canRedo();
  $("save-state").textContent = !app?.record ? ""
    : state.readOnly ? "Read-only"
      : state.failure ? "Not saved"
        : app.error ? "Not saved: fix or undo the change"
          : state.saving || state.acceptedText !== state.savedText ? "Saving…" : "Saved";
}

// One editing tab per assessment.

const lockName = (id) => `isms-assessor:${id}`;

/** Takes the assessment's lock if it is free; resolves to false when another tab holds it. */
function takeLock(id) {
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((decided) => {
    navigator.locks.request(lockName(id), { ifAvailable: true }, (held) => {
      if (!held) {
        decided(false);
        return undefined;
      }
      decided(true);
      return new Promise((release) => { lock.release = release; });
    }).catch(() => decided(true));
  });
}

/** Waits for the lock (the other tab closes or leaves the assessment), then makes this tab the editor. */
function waitForLock(id) {
  const abort = new AbortController();
  lock.abort = abort;
  navigator.locks.request(lockName(id), { signal: abort.signal }, async () => {
    lock.abort = null;
    if (app.record?.id !== id || state.readOnly !== "locked") return undefined;
    const held = new Promise((release) => { lock.release = release; });
    const record = await store.get(id);
    if (!record) {
      state.readOnly = "deleted";
      lock.release?.();
    } else {
      state.readOnly = null;
      adopt(record);
      app.notify("The other tab has let go of this assessment: you can edit it here now.");
    }
    updateSaved();
    hooks.render();
    return held;
  }).catch(() => {});
}

function releaseLock() {
  lock.abort?.abort();
  lock.release?.();
  lock = { release: null, abort: null };
}

/** A message from another tab of the assessor. */
async function heard(message) {
  // A newer revision saved elsewhere: a read-only tab shows it; so does an editing tab with nothing
  // unsaved (possible only where Web Locks are missing), which then saves on top of it.
  const follows = () => state.readOnly === "locked"
    || (!state.readOnly && !state.saving && !app.error && !state.failure && state.acceptedText === state.savedText);
  if (message?.type === "saved" && message.id === app.record?.id && message.revision > state.loaded && follows()) {
    const record = await store.get(message.id);
    if (record && app.record?.id === record.id && (record.revision ?? 0) > state.loaded && follows()) adopt(record);
  } else if (message?.type === "deleted" && message.id === app.record?.id && state.readOnly !== "deleted") {
    state.rescued = { text: state.acceptedText ?? state.savedText, name: app.record.name };
    state.readOnly = "deleted";
    releaseLock();
  }
  updateSaved();
  hooks.render();
}

/** Tells the other tabs an assessment was deleted (after store.remove). */
export function deleted(id) {
  channel?.postMessage({ type: "deleted", id });
}

/** Tells the other tabs an assessment was added or changed outside the open one (a duplicate). */
export function changed(id) {
  channel?.postMessage({ type: "saved", id, revision: 0 });
}

const readOnlyText = () => (state.readOnly === "deleted"
  ? "This assessment was deleted on this device (in another tab), so nothing here is saved any more."
  : "This assessment is open for editing in another tab. Here it is read-only; it becomes editable when that tab closes it.");

/** True while the open assessment cannot be edited in this tab. */
export const readOnly = () => state.readOnly;

// Storage persistence and backups.

function persist() {
  if (state.persisted !== undefined || !navigator.storage?.persist) return;
  state.persisted = null;
  navigator.storage.persisted()
    .then((already) => already || navigator.storage.persist())
    .then((granted) => { state.persisted = granted; })
    .catch(() => { state.persisted = false; });
}

/** Whether the browser keeps this site's storage until the user deletes it (undefined: unknown). */
export async function persisted() {
  if (!navigator.storage?.persisted) return undefined;
  return navigator.storage.persisted().catch(() => undefined);
}

const backupKey = (id) => `isms.backup.${id}`;
const backupOf = (id) => {
  try {
    return JSON.parse(localStorage.getItem(backupKey(id)) ?? "{}");
  } catch {
    return {};
  }
};

/** Remembers that the open assessment was exported now. */
export function exported() {
  if (!app.record) return;
  localStorage.setItem(backupKey(app.record.id), JSON.stringify({ at: new Date().toISOString(), revision: state.loaded }));
  hooks.render();
}

/** When the open assessment was last exported (ISO time), if ever. */
export const lastExport = (id) => backupOf(id).at;

/** True when an export is due: many saved changes, or changes and no export for days. */
function backupDue() {
  if (!app.record || state.readOnly) return false;
  const b = backupOf(app.record.id);
  const since = b.revision ?? 0;
  const changes = state.loaded - Math.max(since, b.dismissed ?? 0);
  if (changes <= 0) return false;
  const days = b.at ? (Date.now() - Date.parse(b.at)) / 86_400_000 : 0;
  return changes >= BACKUP_CHANGES || (b.at !== undefined && days >= BACKUP_DAYS && state.loaded > since && (b.dismissed ?? 0) < state.loaded);
}

function dismissBackup() {
  const b = backupOf(app.record.id);
  localStorage.setItem(backupKey(app.record.id), JSON.stringify({ ...b, dismissed: state.loaded }));
  hooks.render();
}

// What the page shows.

/** The route and field pointer of an engine error path (`/document/risks/0/id` → `/risks/0/id`). */
const pointerOf = (path) => String(path ?? "").replace(/^\/document(?=\/|$)/, "");

/** The errors of the engine's rejection, each {code, message, pointer}. */
function errorsOf(error) {
  const list = error.details?.errors?.length ? error.details.errors : [error];
  return list.map((e) => ({ code: e.code, message: e.message, pointer: pointerOf(e.path) }));
}

/** The document field in the page for `pointer`: that path, else a field inside it, else its nearest ancestor's. */
function fieldFor(pointer) {
  const fields = [...document.querySelectorAll("#view [data-path]")];
  const exact = fields.find((n) => n.dataset.path === pointer);
  if (exact) return exact;
  const inside = fields.find((n) => n.dataset.path.startsWith(`${pointer}/`));
  if (inside) return inside;
  for (let p = pointer; p.includes("/"); ) {
    p = p.slice(0, p.lastIndexOf("/"));
    const up = fields.find((n) => n.dataset.path === p);
    if (up) return up;
  }
  return undefined;
}

function download_(name, t) {
  const file = (name || "assessment").replace(/[^\w.-]+/g, "-").toLowerCase();
  download(`${file}.unsaved.isms.json`, "application/json", JSON.stringify(JSON.parse(t), null, 2));
}

/** The banner's safety parts: the rejected change, an unsaved or refused save, read-only, backups, updates. */
export function bannerParts() {
  const parts = [];
  const update = updateNotice(flush);
  if (update) parts.push(update);
  if (!app.record) return parts;
  if (state.readOnly) {
    parts.push(el("div", { class: "safety-note read-only", role: "status", "data-testid": "read-only" },
      el("strong", { text: state.readOnly === "deleted" ? "Deleted. " : "Read-only. " }), readOnlyText(),
      state.readOnly === "deleted" && state.rescued
        ? [" ", button("Download a copy", () => download_(state.rescued.name, state.rescued.text), { id: "download-rescued" }),
          " ", button("Close", () => { app.close(); app.navigate(""); }, { id: "close-deleted" })]
        : null));
  }
  if (state.failure) {
    parts.push(el("div", { class: "safety-note save-failed", role: "alert", "data-testid": "save-failed" },
      el("strong", { text: `Not saved: ${state.failure}.` }),
      " Your changes are still on this page. Retry, or export the assessment to keep a copy. ",
      button("Retry", retry, { id: "retry-save" }), " ",
      button("Export a copy", () => download_(app.doc.organisation?.name || app.record.name, state.acceptedText ?? text(app.doc)), { id: "export-unsaved" })));
  }
  if (state.rescued && state.readOnly !== "deleted") {
    parts.push(el("div", { class: "safety-note conflict", role: "alert", "data-testid": "save-conflict" },
      el("strong", { text: "Not saved: a newer version was saved in another tab. " }),
      "That version is shown now. Your version is kept until you leave: ",
      button("Download my version", () => download_(state.rescued.name, state.rescued.text), { id: "download-rescued" }), " ",
      button("Dismiss", () => { state.rescued = null; hooks.render(); }, { class: "small" })));
  }
  if (app.error) {
    const errors = errorsOf(app.error);
    parts.push(el("div", { class: "doc-error", role: "alert", "data-testid": "doc-error" },
      el("strong", { text: "Not saved: the engine cannot use the document with this change." }),
      el("ul", {}, errors.map((e) => {
        // The field that shows it in this view (the view is drawn before the banner), else the step that owns the path.
        const here = fieldFor(e.pointer)?.dataset.path;
        const route = here !== undefined ? location.hash.replace(/^#\/?/, "").split("?")[0] : app.stepFor({ path: e.pointer })?.route ?? "";
        const href = `#/${route}?field=${encodeURIComponent(here ?? e.pointer)}`;
        return el("li", {}, el("a", { href, "data-pointer": e.pointer, text: e.message }), e.pointer ? ` (at ${e.pointer})` : "");
      })),
      "Fix the value or undo the change (Ctrl+Z); the figures shown and the saved copy are from the last version the engine accepted. ",
      button("Undo", undo, { class: "small", disabled: !canUndo() })));
  }
  if (backupDue()) {
    parts.push(el("div", { class: "safety-note backup", role: "status", "data-testid": "backup-reminder" },
      "Many changes since this assessment was last exported. Keep a backup: ",
      el("a", { href: "#/", text: "export it" }), " (the browser may clear its storage). ",
      button("Not now", dismissBackup, { class: "small", id: "dismiss-backup" })));
  }
  return parts;
}

/** After a render: errors shown at their fields, fields of a read-only tab disabled, controls updated. */
export function decorate() {
  committed = new WeakMap();
  for (const node of document.querySelectorAll("#view [data-path]")) committed.set(node, node.value);
  if (app.record && app.error) {
    errorsOf(app.error).forEach((e, i) => {
      const input = fieldFor(e.pointer);
      if (!input) return;
      const id = `field-error-${i}`;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
      const note = el("p", { class: "field-error", id, "data-testid": "field-error", text: e.message });
      const wrap = input.closest(".field");
      if (wrap) wrap.append(note);
      else input.after(note);
    });
  }
  if (state.readOnly) {
    for (const node of document.querySelectorAll("#view [data-path]")) node.disabled = true;
  }
  updateSaved();
}
