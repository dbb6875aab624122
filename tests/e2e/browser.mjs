// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the assessor
// served from www/dist on loopback, and a log of every request made by the page or its service
// worker, of page errors and of dialogs.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { serve } from "../../www/server.mjs";

export const OUT = fileURLToPath(new URL("./out/", import.meta.url));
mkdirSync(OUT, { recursive: true });

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The axe-core script (pinned in tests/package.json). */
export const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Starts the server and the browser; returns {page, context, origin, requests, errors, dialogs,
 * close}. `requests` are the URLs of every request of the page and of its service worker.
 */
export async function openAssessor() {
  const server = await serve();
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ARGS,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const dialogs = [];
  context.on("request", (req) => requests.push(req.url()));
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const close = async () => {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  };
  return { page, context, origin, requests, errors, dialogs, close };
}

/**
 * `openAssessor`, with the page loaded and the engine ready; with `example`, the example ISMS
 * opened too (the app then shows its readiness).
 */
export async function openReady({ example = false } = {}) {
  const ctx = await openAssessor();
  await ctx.page.goto(`${ctx.origin}/`);
  await ctx.page.waitForSelector("body[data-ready=true]");
  if (example) {
    await ctx.page.click("#load-example");
    await ctx.page.waitForFunction(() => document.body.dataset.view === "readiness");
  }
  return ctx;
}

/** Requests that went over the network (not blob: or data: URLs made in the page). */
export const network = (requests) => requests.filter((url) => /^https?:/.test(url));

/** Waits until the app has rendered `view` (a route such as "risks", or "home"). */
export async function show(page, route) {
  await page.evaluate((r) => { location.hash = `#/${r}`; }, route);
  await page.waitForFunction((v) => document.body.dataset.view === v, route || "home");
}

/** Waits until the open assessment has been saved to IndexedDB. */
export const saved = (page) => page.waitForSelector("body[data-saved=true]", { state: "attached" });

/** Reads a download's bytes. */
export async function bytesOf(download) {
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks);
}
