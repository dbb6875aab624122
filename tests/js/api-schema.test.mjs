// The JSON Schemas the package's TypeScript types are generated from (bindings-wasm/types/
// api.schema.json, itself generated from the engine's Rust types) describe what the engine really
// reads and writes: every request of the shared case corpus that succeeds fits its op's request
// schema, every response fits its response schema with no field the schema does not declare, and
// every error fits the error schema. A wrong op → type pairing or a type the derive misreads fails
// here, not in a user's editor.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { corpus, testsDir, withFixtures } from "./corpus.mjs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const api = JSON.parse(readFileSync(new URL("../../core/data/schema/api.schema.json", import.meta.url), "utf8"));

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function typeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * The places where `value` does not fit `schema` (the subset of JSON Schema schemars writes).
 * `strict`: an object may hold only the properties its schema declares unless the schema allows
 * others (additionalProperties), so a response field the types do not know is caught.
 */
function mismatches(value, schema, at = "", strict = true) {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${at}: no value allowed`];
  if (schema.$ref) return mismatches(value, api.$defs[schema.$ref.replace("#/$defs/", "")], at, strict);
  if ("const" in schema && value !== schema.const) return [`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${schema.enum}`];
  for (const keyword of ["anyOf", "oneOf"]) {
    if (!schema[keyword]) continue;
    const fits = schema[keyword].filter((s) => mismatches(value, s, at, strict).length === 0).length;
    if (fits === 0 || (keyword === "oneOf" && fits > 1)) {
      return [`${at}: ${JSON.stringify(value)?.slice(0, 80)} fits ${fits} of the ${keyword} alternatives`];
    }
  }
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === "integer" && types.includes("number"))) {
      return [`${at}: ${actual} where ${types.join(" or ")} was expected`];
    }
  }
  const found = [];
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => found.push(...mismatches(item, schema.items, `${at}/${i}`, strict)));
    if (schema.minItems !== undefined && value.length < schema.minItems) found.push(`${at}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) found.push(`${at}: too many items`);
  }
  if (isObject(value) && (schema.properties || schema.additionalProperties !== undefined || schema.type === "object")) {
    for (const name of schema.required ?? []) if (!(name in value)) found.push(`${at}/${name}: missing`);
    for (const [name, v] of Object.entries(value)) {
      const declared = schema.properties?.[name];
      if (declared !== undefined) found.push(...mismatches(v, declared, `${at}/${name}`, strict));
      else if (isObject(schema.additionalProperties)) found.push(...mismatches(v, schema.additionalProperties, `${at}/${name}`, strict));
      else if (schema.additionalProperties === false || (strict && schema.additionalProperties === undefined)) {
        found.push(`${at}/${name}: not declared by the schema`);
      }
    }
  }
  return found;
}

test("the schema file describes exactly the ops the engine has", () => {
  assert.deepEqual(Object.keys(api.ops).sort(), isms.ops().slice().sort());
});

/** Runs every case of the corpus and the golden manifest; calls `check(op, request, outcome)`. */
function eachCall(check) {
  let calls = 0;
  for (const path of corpus("cases")) {
    const kase = JSON.parse(readFileSync(path, "utf8"));
    const request = "input" in kase ? withFixtures(kase.input) : {};
    let outcome;
    try {
      outcome = { response: isms.call(kase.op, request) };
    } catch (err) {
      if (!(err instanceof isms.IsmsError)) throw err;
      outcome = { error: { code: err.code, message: err.message, path: err.path, details: err.details } };
    }
    check(kase.op, request, outcome, relative(testsDir, path));
    calls++;
  }
  const manifest = JSON.parse(readFileSync(join(testsDir, "golden", "manifest.json"), "utf8"));
  for (const entry of manifest.entries) {
    const request = withFixtures(entry.input);
    check(entry.op, request, { response: isms.call(entry.op, request) }, `golden/${entry.file}`);
    calls++;
  }
  return calls;
}

test("every response of the case corpus fits its op's response schema, with no undeclared field", () => {
  const failures = [];
  const covered = new Set();
  const calls = eachCall((op, _request, outcome, name) => {
    if (!("response" in outcome) || !(op in api.ops)) return;
    covered.add(op);
    const found = mismatches(outcome.response, api.ops[op].response);
    if (found.length > 0) failures.push(`${name} (${op}): ${found.slice(0, 3).join("; ")}`);
  });
  assert.ok(calls >= 250, `${calls} calls`);
  assert.deepEqual(failures, []);
  assert.deepEqual([...covered].sort(), Object.keys(api.ops).sort(), "every op answered at least once");
});

test("every request that succeeds fits its op's request schema", () => {
  const failures = [];
  eachCall((op, request, outcome, name) => {
    // A null request stands for `{}` (the functions and `call` accept it for convenience).
    if (!("response" in outcome) || !(op in api.ops) || request === null) return;
    const found = mismatches(request, api.ops[op].request, "", false);
    if (found.length > 0) failures.push(`${name} (${op}): ${found.slice(0, 3).join("; ")}`);
  });
  assert.deepEqual(failures, []);
});

test("every error fits the error schema", () => {
  const failures = [];
  eachCall((op, _request, outcome, name) => {
    if (!("error" in outcome) || outcome.error.code === "unknown_op") return;
    const { details, ...error } = outcome.error;
    const found = mismatches(details === undefined ? error : { ...error, details }, api.error);
    if (found.length > 0) failures.push(`${name} (${op}): ${found.slice(0, 3).join("; ")}`);
  });
  assert.deepEqual(failures, []);
});

test("the checker itself rejects what does not fit", () => {
  const control = api.ops.control.response;
  const good = isms.control("5.1");
  assert.deepEqual(mismatches(good, control), []);
  assert.notDeepEqual(mismatches({ ...good, extra: 1 }, control), []);
  assert.notDeepEqual(mismatches({ ...good, theme: "people?" }, control), []);
  const { title, ...untitled } = good;
  assert.ok(title);
  assert.notDeepEqual(mismatches(untitled, control), []);
});
