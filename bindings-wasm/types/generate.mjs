// Writes the TypeScript declarations of the npm package from the JSON Schemas of the api
// (core/data/schema/api.schema.json, generated from the Rust types by core/tests/api_schema.rs) and the
// hand-written signatures of the JS functions (isms.d.ts):
//
//   types.d.ts   every request and response type, OpRequests/OpResponses, the Isms interface
//   node.d.mts · node.d.cts · web.d.ts · bundler.d.ts   the declarations of each entry point
//
// Usage: node generate.mjs <out-dir>. No dependencies: the schemas come from schemars and use a
// small part of JSON Schema (type, properties, required, items, enum, const, oneOf/anyOf, $ref,
// additionalProperties), all of which map directly onto TypeScript.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url);
const api = JSON.parse(readFileSync(new URL("../../core/data/schema/api.schema.json", here), "utf8"));
const template = readFileSync(new URL("isms.d.ts", here), "utf8");

/** Rust type names that would shadow a global of TypeScript's standard library, or read badly. */
const RENAMED = {
  Document: "IsmsDocument",
  DocumentWritten: "IsmsDocumentWritten",
  Date: "IsoDate",
  Error: "EngineError",
};
const tsName = (name) => RENAMED[name] ?? name;

/** The JavaScript name of an op: camelCase, and `exportReport` for `export` (a reserved word). */
const jsName = (op) => (op === "export" ? "exportReport" : op.replace(/_([a-z])/g, (_, c) => c.toUpperCase()));

/** A JSDoc block of `text`, indented by `indent`, or nothing. */
function doc(text, indent = "") {
  if (!text) return "";
  const lines = text.replace(/\*\//g, "*\\/").split("\n");
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? " " + l : ""}`).join("\n")}\n${indent} */\n`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
const wrap = (t) => (/[|&]/.test(t) && !/^[({[]/.test(t) ? `(${t})` : t);
const union = (types) => [...new Set(types)].join(" | ") || "never";

/** The TypeScript type of a JSON Schema. */
function type(schema, indent = "") {
  if (schema === true || schema === undefined) return "unknown";
  if (schema === false) return "never";
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, "");
    if (!(name in api.$defs)) throw new Error(`dangling $ref ${schema.$ref}`);
    return tsName(name);
  }
  if ("const" in schema) return JSON.stringify(schema.const);
  if (schema.enum) return union(schema.enum.map((v) => JSON.stringify(v)));
  if (schema.oneOf || schema.anyOf) return union((schema.oneOf ?? schema.anyOf).map((s) => type(s, indent)));
  if (schema.allOf) return schema.allOf.map((s) => wrap(type(s, indent))).join(" & ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) {
    if (schema.properties || schema.additionalProperties !== undefined) return object(schema, indent);
    return "unknown";
  }
  return union(
    types.map((t) => {
      switch (t) {
        case "string":
          return "string";
        case "integer":
        case "number":
          return "number";
        case "boolean":
          return "boolean";
        case "null":
          return "null";
        case "array":
          return array(schema, indent);
        case "object":
          return object(schema, indent);
        default:
          throw new Error(`unsupported JSON Schema type ${t}`);
      }
    }),
  );
}

function array(schema, indent) {
  const item = type(schema.items, indent);
  const n = schema.minItems;
  if (n !== undefined && n === schema.maxItems && n <= 8) return `[${Array(n).fill(item).join(", ")}]`;
  return `${wrap(item)}[]`;
}

/** An object type: its properties (optional unless required) and what other keys may hold. */
function object(schema, indent) {
  const inner = indent + "  ";
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(
    ([name, s]) => `${doc(s.description, inner)}${inner}${key(name)}${required.has(name) ? "" : "?"}: ${type(s, inner)};\n`,
  );
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    // Declared members must fit the index signature, so it is `unknown` beside them.
    const value = members.length > 0 || extra === true ? "unknown" : type(extra, inner);
    members.push(`${inner}[key: string]: ${value};\n`);
  }
  if (members.length === 0) return "Record<string, never>";
  return `{\n${members.join("")}${indent}}`;
}

/** One named definition: an interface for a plain object, a type alias otherwise. */
function definition(name, schema) {
  const plain =
    (schema.type === "object" || (!schema.type && schema.properties)) &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.allOf &&
    schema.properties;
  const body = type(schema);
  const head = doc(schema.description);
  return plain ? `${head}export interface ${tsName(name)} ${body}\n` : `${head}export type ${tsName(name)} = ${body};\n`;
}

/** True when `{}` is a valid request: every field optional (or no fields at all). */
function takesEmpty(schema) {
  const resolved = schema.$ref ? api.$defs[schema.$ref.replace(/^#\/\$defs\//, "")] : schema;
  return resolved.type === "object" && (resolved.required ?? []).length === 0;
}

const ops = Object.keys(api.ops);
const defs = Object.entries(api.$defs)
  .map(([name, schema]) => definition(name, schema))
  .join("\n");
const requests = ops.map((op) => `  ${key(op)}: ${type(api.ops[op].request, "  ")};\n`).join("");
const responses = ops.map((op) => `  ${key(op)}: ${type(api.ops[op].response, "  ")};\n`).join("");

// The Isms interface of isms.d.ts declares the functions that differ from "one request in, one
// response out"; every other op gets that plain signature here.
const declared = new Set([...template.matchAll(/^ {2}(?:readonly )?(\w+)[<(:]/gm)].map((m) => m[1]));
const marker = "  // (generated: one function per remaining op)\n";
if (!template.includes(marker)) throw new Error("isms.d.ts lacks the marker of the generated functions");
const generated = ops
  .filter((op) => !declared.has(jsName(op)))
  .map((op) => {
    const request = api.ops[op].request;
    const optional = takesEmpty(request) ? "?" : "";
    const described = (request.$ref && api.$defs[request.$ref.slice(8)]?.description) || "";
    const detail = described.replace(/^Request of `\w+`(\.\s*|:\s*)/, "").replace(/^\w/, (c) => c.toUpperCase());
    const types = `${type(request)} → ${type(api.ops[op].response)}`;
    const summary = `The \`${op}\` op: ${types.replace(/\n\s*/g, " ")}.${detail ? `\n${detail}` : ""}`;
    return `${doc(summary, "  ")}  ${jsName(op)}(request${optional}: OpRequests[${JSON.stringify(op)}]): OpResponses[${JSON.stringify(op)}];\n`;
  })
  .join("");
const missing = ops.filter((op) => !declared.has(jsName(op)) && !generated.includes(`  ${jsName(op)}(`));
if (missing.length > 0) throw new Error(`no declaration for ${missing.join(", ")}`);

const banner =
  "// Generated by bindings-wasm/types/generate.mjs from api.schema.json (the engine's Rust types)\n" +
  "// and isms.d.ts; do not edit.\n";

const types = `${banner}
// ---- The types of the engine's requests and responses (snake_case, as on the wire) ----
//
// Requests are typed as the engine reads them, responses as it writes them. Where the two differ
// (a response always holds fields a request may leave out), the written form is \`<Name>Written\`
// beside \`<Name>\`, and assignable to it: \`rerate(...).document\` is an \`IsmsDocumentWritten\`
// that can be passed back as an \`IsmsDocument\`.

${defs}
/** The request of each op, by its snake_case name (the argument of \`call\`). */
export interface OpRequests {
${requests}}

/** The response of each op, by its snake_case name (the result of \`call\`). */
export interface OpResponses {
${responses}}

/** The name of an engine operation. */
export type OpName = keyof OpRequests;

${template.replace(/^\/\/.*\n(\/\/.*\n)*/, "").replace(marker, generated)}`;

/** The names every entry point exports, one per op plus the api's own. */
const functions = ["call", "callJson", ...ops.map(jsName), "isIsmsDocument", "ops", "version", "memoryBytes", "recycle"];
// loadImporter and loadDocuments are declared by each entry (the web entry takes where to load the
// module from).

/** Declarations of an entry point: the functions, IsmsError, init and the default export. */
function entry({ format, init, defaultExport, comment, loadImporter = loadsItself, loadDocuments = documentsLoadItself }) {
  const from = format === "cjs" ? `"./types.js" with { "resolution-mode": "import" }` : `"./types.js"`;
  const lines = [
    banner,
    `// ${comment}`,
    `import type { Isms, IsmsErrorConstructor, IsmsError as IsmsErrorType, Limits } from ${from};`,
    `export type * from ${from};`,
    "",
    "/** The engine's error: a real `Error` with a stable `code`, the JSON pointer `path` and `details`. */",
    "export declare const IsmsError: IsmsErrorConstructor;",
    "export type IsmsError = IsmsErrorType;",
    "/** The default limits of a call (the engine's `Limits::default`), by their engine names. */",
    "export declare const DEFAULT_LIMITS: Readonly<Required<Limits>>;",
    ...functions.map((name) => `export declare const ${name}: Isms[${JSON.stringify(name)}];`),
    loadImporter,
    loadDocuments,
    "/** `export` is a reserved word: the op is `exportReport`, and also exported under its own name. */",
    'declare const exportAlias: Isms["exportReport"];',
    "export { exportAlias as export };",
    init,
    defaultExport,
    "",
  ];
  return lines.join("\n");
}

const loadsItself =
  "/** Resolves once the importer (the second wasm module, which runs the import ops) is loaded; this entry loads it by itself at the first import. */\nexport declare function loadImporter(): Promise<void>;";
const documentsLoadItself =
  "/** Resolves once the document writers (the wasm module that writes the documents of the ISMS, the audit checklist and the audit pack) are loaded; this entry loads them by itself when first needed. */\nexport declare function loadDocuments(): Promise<void>;";
const ready = "/** Resolves to the api; the engine is already loaded by this entry point, so this is only for code shared with the web entry. */\nexport declare function init(): Promise<Isms>;";
const entries = {
  "node.d.mts": entry({
    format: "esm",
    comment: "Node, ES modules: the engine loads synchronously on import.",
    init: ready,
    defaultExport: "/** The whole api as one object. */\ndeclare const api: Isms;\nexport default api;",
  }),
  "node.d.cts": entry({
    format: "cjs",
    comment: "Node, CommonJS (`require(\"isms-wasm\")`): the engine loads synchronously.",
    init: ready,
    defaultExport: "/** The whole api as one object. */\nexport declare const api: Isms;",
  }),
  "bundler.d.ts": entry({
    format: "esm",
    comment: "Bundlers (Vite, webpack, Rollup): the engine is instantiated by a top-level await on import.",
    init: ready,
    loadImporter:
      "/** Loads the importer, the second wasm module (the import ops), which the bundler emits as its own chunk (once); await it before the first import. */\n" +
      "export declare function loadImporter(): Promise<void>;",
    loadDocuments:
      "/** Loads the document writers, the wasm module that writes the documents of the ISMS, the audit checklist and the audit pack, which the bundler emits as its own chunk (once); await it before the first of them. */\n" +
      "export declare function loadDocuments(): Promise<void>;",
    defaultExport: "/** The whole api as one object. */\ndeclare const api: Isms;\nexport default api;",
  }),
  "web.d.ts": entry({
    format: "esm",
    comment: "Browsers and workers without a bundler: `await init()` before the first call.",
    loadImporter:
      "/** Loads the importer, the second wasm module (the import ops; once; from `input`, else the file next to this one); await it before the first import. */\n" +
      "export declare function loadImporter(input?: InitInput | Promise<InitInput>): Promise<void>;",
    loadDocuments:
      "/** Loads the document writers, the wasm module that writes the documents of the ISMS, the audit checklist and the audit pack (once; from `input`, else the file next to this one); await it before the first of them. */\n" +
      "export declare function loadDocuments(input?: InitInput | Promise<InitInput>): Promise<void>;",
    init:
      "/** What `init` loads the engine from: the .wasm file's URL, a fetch Response, its bytes or a compiled module (the URL next to this file by default). */\n" +
      "export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;\n" +
      "/** Loads and instantiates the engine (once); resolves to the api. Calls before it throw IsmsError `not_initialized`. */\n" +
      "declare function init(input?: InitInput | Promise<InitInput>): Promise<Isms>;\n" +
      "export { init };\nexport default init;",
    defaultExport: "",
  }),
};

const out = process.argv[2];
if (!out) {
  console.error("usage: node generate.mjs <out-dir>");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "types.d.ts"), types);
for (const [name, text] of Object.entries(entries)) writeFileSync(join(out, name), text);
