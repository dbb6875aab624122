// Hostile register files end in IsmsError with a stable code, in bounded memory: never a trap, a
// lost instance or gigabytes allocated from what a file claims. Each is imported through the
// package's public importRegister; the process's peak memory (resourceUsage().maxRSS, and
// memoryUsage().rss after each) and the package's memoryBytes() are printed and bounded.
//   - a workbook of 1.5 KB with cells at A1 and XFD1048576 (a dense reader allocates the
//     17 billion cells between them), with and without the dimension a writer gives them;
//   - a shared strings table that claims 4,000,000,000 strings;
//   - a zip bomb: a worksheet of about 2 MB compressed that inflates to 1.1 GB;
//   - a CSV of 100,000 columns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32, deflateRawSync, constants } from "node:zlib";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

/** Peak memory allowed (the process holds the test's own files too). */
const PEAK_BYTES = 1 << 30;

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Risks" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/**
 * A zip of deflated parts. A part is text, or {chunk, times, before, after}: `chunk` (bytes)
 * repeated `times` between `before` and `after`, deflated chunk by chunk (each a sync-flushed
 * raw deflate stream, so the compressed chunks join) without ever holding the inflated whole.
 */
function zip(parts) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const [name, part] of Object.entries(parts)) {
    const pieces = typeof part === "string" ? [[Buffer.from(part), 1]] : [[Buffer.from(part.before), 1], [part.chunk, part.times], [Buffer.from(part.after), 1]];
    let crc = 0;
    let size = 0;
    const deflated = [];
    for (const [bytes, times] of pieces) {
      const compressed = deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
      for (let i = 0; i < times; i++) {
        crc = crc32(bytes, crc);
        size += bytes.length;
        deflated.push(compressed);
      }
    }
    deflated.push(deflateRawSync(Buffer.alloc(0)));
    const data = Buffer.concat(deflated);
    const fileName = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, fileName, data);
    central.push(entry, fileName);
    offset += header.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

function workbook(sheet, shared) {
  const parts = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": ROOT_RELS,
    "xl/workbook.xml": WORKBOOK,
    "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
    "xl/worksheets/sheet1.xml": sheet,
  };
  if (shared) parts["xl/sharedStrings.xml"] = shared;
  return zip(parts);
}

const FAR_CELLS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>Risk</t></is></c></row>' +
  '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>';

const row = Buffer.from('<row><c t="inlineStr"><is><t>Phishing</t></is></c></row>');
const chunk = Buffer.concat(Array(Math.floor((1 << 20) / row.length)).fill(row));

/** Each hostile file: its content and the code importing it ends with. */
const FILES = {
  sparse: {
    content: () => workbook(`${SHEET_START}<dimension ref="A1:XFD1048576"/><sheetData>${FAR_CELLS}</sheetData></worksheet>`),
    code: "file_too_large",
  },
  sparse_undeclared: {
    content: () => workbook(`${SHEET_START}<sheetData>${FAR_CELLS}</sheetData></worksheet>`),
    code: "file_too_large",
  },
  shared_strings: {
    content: () =>
      workbook(
        `${SHEET_START}<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`,
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>Risk</t></si><si><t>Phishing</t></si></sst>',
      ),
    code: "file_too_large",
  },
  zip_bomb: {
    content: () =>
      zip({
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": { before: `${SHEET_START}<sheetData>`, chunk, times: 1100, after: "</sheetData></worksheet>" },
      }),
    code: "file_too_large",
  },
  wide_csv: {
    content: () => {
      const header = ["Risk", "Likelihood", "Impact"];
      const cells = ["Phishing", "2", "3"];
      for (let i = 3; i < 100_000; i++) {
        header.push(`note ${i}`);
        cells.push("x");
      }
      return new TextEncoder().encode(`${header.join(",")}\n${cells.join(",")}\n`);
    },
    code: "file_too_large",
  },
};

for (const [name, { content, code }] of Object.entries(FILES)) {
  test(`a hostile file (${name}) is refused in bounded memory`, () => {
    const bytes = content();
    const start = performance.now();
    let error;
    try {
      isms.importRegister({ content: bytes });
    } catch (e) {
      error = e;
    }
    const seconds = (performance.now() - start) / 1000;
    const rss = process.memoryUsage().rss;
    const peak = process.resourceUsage().maxRSS * 1024;
    const wasm = isms.memoryBytes();
    const mib = (n) => `${Math.round(n / 2 ** 20)} MiB`;
    console.log(
      `${name}: ${bytes.length.toLocaleString("en")} bytes -> ${error?.code ?? "ok"} in ${seconds.toFixed(2)} s; ` +
        `rss ${mib(rss)}, peak rss ${mib(peak)}, memoryBytes() ${mib(wasm)}; ${error?.message}`,
    );
    assert.ok(error instanceof isms.IsmsError, `not an IsmsError: ${error}`);
    assert.equal(error.code, code);
    assert.equal(error.path, "/content");
    assert.ok(peak < PEAK_BYTES, `peak rss ${mib(peak)}`);
    assert.ok(wasm < PEAK_BYTES, `memoryBytes() ${mib(wasm)}`);
  });
}

test("after the hostile files, a register still imports", () => {
  const out = isms.importRegister({ content: "Risk,Likelihood,Impact\nPhishing,2,3\n" });
  assert.equal(out.report?.imported ?? out.imported, 1);
});
