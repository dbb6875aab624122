// The printable HTML documents on paper: the example's SoA and risk assessment (the golden files the
// three runners compare) in real headless Chromium with print emulation. Wide tables print on A4
// landscape pages (a named CSS page), the rest on A4 portrait; at the printable width of each page
// no table, cell or page content reaches past the right edge.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { OUT } from "./browser.mjs";

const GOLDEN = new URL("../golden/", import.meta.url);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** CSS pixels of one millimetre. */
const MM = 96 / 25.4;
/** The printable width of A4 with the documents' 12 mm margins. */
const LANDSCAPE = Math.floor((297 - 24) * MM);
const PORTRAIT = Math.floor((210 - 24) * MM);

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ARGS });
});
after(async () => browser?.close());

/** What overflows the printable width in the page as printed: the page itself, tables, cells. */
async function overflow(page, selector) {
  return page.evaluate((sel) => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    for (const section of document.querySelectorAll(sel)) {
      const heading = section.querySelector("h2")?.textContent;
      for (const table of section.querySelectorAll("table")) {
        if (table.getBoundingClientRect().right > root.clientWidth + 0.5) out.push(`${heading}: table past the edge`);
      }
      for (const cell of section.querySelectorAll("th, td")) {
        if (cell.scrollWidth > cell.clientWidth + 1) out.push(`${heading}: cell "${cell.textContent.slice(0, 40)}" overflows`);
      }
    }
    return out;
  }, selector);
}

for (const file of ["soa.html", "risk-assessment.html"]) {
  test(`${file} prints on A4 with nothing cut off`, async () => {
    const html = readFileSync(new URL(file, GOLDEN), "utf8");
    const page = await browser.newPage({ viewport: { width: LANDSCAPE, height: Math.floor((210 - 24) * MM) } });
    await page.emulateMedia({ media: "print" });
    await page.setContent(html, { waitUntil: "load" });

    const wide = await page.$$eval("section.wide", (s) => s.map((x) => [x.querySelector("h2").textContent, getComputedStyle(x).page]));
    assert.ok(wide.length > 0, "the main table is printed on landscape pages");
    for (const [heading, named] of wide) assert.equal(named, "wide", `${heading} is on the landscape page`);
    const rule = await page.evaluate(() =>
      [...document.styleSheets].flatMap((s) => [...s.cssRules]).some((r) => r.cssText.startsWith("@page wide") && /landscape/.test(r.cssText)),
    );
    assert.ok(rule, "the named page `wide` is A4 landscape");
    const columns = await page.$eval("section.wide table", (t) => t.querySelectorAll("thead th").length);
    assert.ok(columns >= 13, `the wide table has its ${columns} columns`);
    assert.deepEqual(await overflow(page, "section.wide"), [], "nothing past the edge of A4 landscape");

    // The sections that are not wide fit a portrait page.
    await page.setViewportSize({ width: PORTRAIT, height: Math.floor((297 - 24) * MM) });
    assert.deepEqual(await overflow(page, "section:not(.wide)"), [], "nothing past the edge of A4 portrait");

    await page.setViewportSize({ width: LANDSCAPE, height: Math.floor((210 - 24) * MM) });
    await page.screenshot({ path: join(OUT, `print-${file.replace(".html", "")}.png`) });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    assert.ok(pdf.subarray(0, 5).toString() === "%PDF-" && pdf.length > 10_000);
    await page.close();
  });
}
