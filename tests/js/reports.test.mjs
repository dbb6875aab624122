// Reports from JS under Node: the XLSX export as bytes, the report functions, and the golden files
// of the exports (the same bytes as the Rust and Python runs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const tests = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = (name) => JSON.parse(readFileSync(join(tests, "fixtures", name), "utf8"));
const example = fixture("example-saas.isms.json");

test("XLSX exports are a Uint8Array holding a zip, the same bytes every time", () => {
  const out = isms.exportReport(example, { report: "all", format: "xlsx", asOf: "2026-11-01" });
  assert.equal(out.filename, "larkspur-metrics-ltd-all.xlsx");
  assert.equal(out.mediaType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert.ok(out.content instanceof Uint8Array);
  assert.deepEqual([...out.content.subarray(0, 2)], [0x50, 0x4b]);
  const again = isms.export(example, { report: "all", format: "xlsx", asOf: "2026-11-01" });
  assert.deepEqual(again.content, out.content);
});

test("every part of an XLSX export inflates to its size and CRC-32 (checked by Node's zlib)", () => {
  const zip = isms.exportReport(example, { report: "all", format: "xlsx", asOf: "2026-11-01" }).content;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end of central directory record, then each central directory entry.
  let end = zip.length - 22;
  while (end > 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    assert.equal(view.getUint32(at, true), 0x02014b50, `central directory entry ${i}`);
    const [method, crc, packed, size] = [
      view.getUint16(at + 10, true),
      view.getUint32(at + 16, true),
      view.getUint32(at + 20, true),
      view.getUint32(at + 24, true),
    ];
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => view.getUint16(at + o, true));
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const stored = zip.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(stored) : stored;
    assert.equal(data.length, size, name);
    assert.equal(crc32(data) >>> 0, crc, name);
    at += 46 + nameLength + extraLength + commentLength;
  }
  assert.ok(count >= 5, `${count} parts`);
});

test("text exports are strings", () => {
  const out = isms.exportReport(example, { report: "soa", format: "csv" });
  assert.equal(typeof out.content, "string");
  assert.ok(out.content.startsWith("Control,Title,Theme,Applicable,"));
  assert.throws(
    () => isms.exportReport(example, { report: "all", format: "csv" }),
    (e) => e instanceof isms.IsmsError && e.code === "schema_violation" && e.path === "/report",
  );
});

test("soa, readiness, diff and oscal take documents and camelCase options", () => {
  const soa = isms.soa(example, { asOf: "2026-11-01" });
  assert.equal(soa.rows.length, 95);
  const readiness = isms.readiness(example, { asOf: "2026-11-01" });
  assert.equal(readiness.score.score, 92.6);
  const changed = structuredClone(example);
  changed.risks.pop();
  const diff = isms.diff(example, changed);
  assert.equal(diff.summary.risks_removed, 1);
  assert.equal(isms.oscal(example, { model: "profile" }).profile.metadata["oscal-version"], "1.2.1");
});

test("auditChecklist and reviewPack take documents and camelCase options", () => {
  const checklist = isms.auditChecklist(example, { asOf: "2026-11-01", cycleYears: 20 });
  assert.equal(checklist.summary.cycle_years, 20);
  assert.equal(checklist.summary.clauses + checklist.summary.controls, checklist.items.length);
  const pack = isms.reviewPack(example, { asOf: "2026-11-01", previous: example });
  const onTarget = Object.fromEntries(pack.kpis.map((k) => [k.id, k.on_target]));
  assert.equal(onTarget["KPI-01"], true);
  assert.equal(onTarget["KPI-02"], false);
  assert.deepEqual(pack.changes, []);
  const md = isms.exportReport(example, { report: "policy", format: "md" });
  assert.equal(md.filename, "larkspur-metrics-ltd-policy.md");
  assert.ok(md.content.startsWith("# Information Security Policy — Larkspur Metrics Ltd\n"));
});

function resolve(value) {
  if (Array.isArray(value)) return value.map(resolve);
  if (value !== null && typeof value === "object") {
    if (typeof value.$fixture === "string") return fixture(value.$fixture);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }
  return value;
}

const manifest = JSON.parse(readFileSync(join(tests, "golden", "manifest.json"), "utf8"));
for (const entry of manifest.entries) {
  test(`golden: ${entry.file}`, () => {
    const out = isms.call(entry.op, resolve(entry.input));
    const golden = readFileSync(join(tests, "golden", entry.file), "utf8");
    // A workbook or archive (written by the engine from the documents module's job, for the
    // documents of the ISMS): the SHA-256 of its bytes.
    if (entry.op === "export" && out.encoding === "base64") {
      assert.equal(`${createHash("sha256").update(Buffer.from(out.content, "base64")).digest("hex")}\n`, golden);
    } else if (entry.op === "export") assert.equal(out.content, golden);
    else assert.deepEqual(out, JSON.parse(golden));
  });
}
