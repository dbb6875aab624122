// Helpers of the safety tests: a small assessment (one record in every list of the example), the
// records stored in the page's IndexedDB, and waiting until the app has saved and drawn.
import { readFileSync } from "node:fs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";
import { AXE } from "./browser.mjs";

const FIXTURE = new URL("../fixtures/example-saas.isms.json", import.meta.url);

/**
 * The example cut to its first record in every list; references the cut left dangling (which the
 * engine rejects) are removed, by the paths of the engine's own errors.
 */
export function smallFixture() {
  const cut = (v) => {
    if (Array.isArray(v)) return v.slice(0, 1).map(cut);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]));
    return v;
  };
  const doc = cut(JSON.parse(readFileSync(FIXTURE, "utf8")));
  const unescape = (t) => t.replace(/~1/g, "/").replace(/~0/g, "~");
  for (let round = 0; round < 20; round++) {
    let error;
    try {
      isms.validate(doc, {});
      return doc;
    } catch (err) {
      error = err;
    }
    const errors = error.details?.errors ?? [error];
    for (const e of [...errors].sort((a, b) => b.path.localeCompare(a.path))) {
      const parts = e.path.split("/").slice(2).map(unescape);
      const key = parts.pop();
      let parent = doc;
      for (const p of parts) parent = parent?.[p];
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parent) delete parent[key];
    }
  }
  throw new Error("the small fixture does not validate");
}

/** Every assessment record in the page's IndexedDB, most recently changed first. */
export const stored = (page) => page.evaluate(() => new Promise((ok, fail) => {
  const req = indexedDB.open("isms-assessor");
  req.onerror = () => fail(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const all = db.transaction("assessments").objectStore("assessments").getAll();
    all.onsuccess = () => {
      db.close();
      ok(all.result.sort((a, b) => (b.updated ?? "").localeCompare(a.updated ?? "")));
    };
    all.onerror = () => fail(all.error);
  };
}));

/** Waits until no save is running and the app has drawn the latest state. */
export async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.saving === undefined);
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
  await page.waitForFunction(() => document.body.dataset.saving === undefined);
}

/** The serious and critical axe-core violations on the page as it is now (banners, dialogs open). */
export async function axeProblems(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}
