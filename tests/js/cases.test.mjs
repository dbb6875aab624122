// The shared case corpus (tests/cases/**/*.json) run with `node --test` against the Node build of
// isms-wasm. The assertions are the same as in the Rust runner (core/tests/cases.rs) and the
// pytest runner (tests/python/test_cases.py). Files under tests/selftest/ hold deliberately wrong
// expectations, and each must fail here too. `{"$fixture": name}` in an input is replaced as
// corpus.mjs says: a document of tests/fixtures, or the base64 of a file such as a register.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { corpus, testsDir, withFixtures } from "./corpus.mjs";
import * as isms from "../../bindings-wasm/pkg/node.mjs";


/** Cases this runner does not run: {"area/name": "reason"}. Empty: the wasm build runs everything. */
const SKIP = {};

class CaseFailed extends Error {}

const caseName = (path) => relative(testsDir, path).replace(/\\/g, "/").replace(/\.json$/, "");
const camel = (op) => op.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function equal(got, want) {
  if (Array.isArray(got) && Array.isArray(want)) {
    return got.length === want.length && got.every((g, i) => equal(g, want[i]));
  }
  if (isObject(got) && isObject(want)) {
    const keys = Object.keys(want);
    return Object.keys(got).length === keys.length && keys.every((k) => k in got && equal(got[k], want[k]));
  }
  return got === want;
}

function subset(got, want, at = "") {
  if (isObject(got) && isObject(want)) {
    for (const [key, value] of Object.entries(want)) {
      if (!(key in got)) throw new CaseFailed(`${at}/${key} is missing`);
      subset(got[key], value, `${at}/${key}`);
    }
  } else if (Array.isArray(got) && Array.isArray(want) && got.length === want.length) {
    got.forEach((g, i) => subset(g, want[i], `${at}/${i}`));
  } else if (!equal(got, want)) {
    throw new CaseFailed(`${at}: ${JSON.stringify(got)} where ${JSON.stringify(want)} was expected`);
  }
}

/** The value at a JSON pointer (RFC 6901), or undefined. */
function pointer(value, path) {
  for (const raw of path.split("/").slice(1)) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (value === null || typeof value !== "object" || !(token in value)) return undefined;
    value = value[token];
  }
  return value;
}

/** `expect_includes` (present) and `expect_excludes` (absent). */
function members(got, want, present) {
  for (const [path, subsets] of Object.entries(want)) {
    const array = pointer(got, path);
    if (!Array.isArray(array)) throw new CaseFailed(`${path} is not an array in the response`);
    for (const wanted of subsets) {
      const found = array.some((item) => {
        try {
          subset(item, wanted);
          return true;
        } catch (err) {
          if (err instanceof CaseFailed) return false;
          throw err;
        }
      });
      if (found !== present) {
        throw new CaseFailed(`${path} ${present ? "has no" : "has an"} element matching ${JSON.stringify(wanted)}`);
      }
    }
  }
}

const ASSERTIONS = ["expect", "expect_subset", "expect_len", "expect_ids", "expect_includes", "expect_excludes"];

// Api functions that take their request's documents as arguments and the rest of it as camelCase
// options (`validate(document, {asOf})`), with the fields they take as arguments, in order.
const POSITIONAL = {
  validate: ["document"],
  analyse: ["document"],
  rerate: ["document"],
  migrate: ["document"],
  soa: ["document"],
  draft_soa: ["document"],
  readiness: ["document"],
  oscal: ["document"],
  audit_checklist: ["document"],
  review_pack: ["document"],
  diff: ["old", "new"],
};

// Api functions whose result is not the op's JSON response (`export` returns decoded content,
// `simulate` returns kept samples as Float64Array).
const RAW_OPS = new Set(["export", "simulate"]);

/**
 * Calls the camelCase api function of the op, or `call` for an op the api lacks and for a request
 * without the fields a document-taking function takes as arguments (those functions never take a
 * whole request).
 */
function invoke(op, request) {
  const fn = isms.ops().includes(op) && !RAW_OPS.has(op) ? isms[camel(op)] : undefined;
  if (typeof fn !== "function") return isms.call(op, request);
  const positional = POSITIONAL[op];
  if (!positional) return fn(request);
  if (!isObject(request) || !positional.every((k) => k in request)) return isms.call(op, request);
  const options = Object.fromEntries(
    Object.entries(request)
      .filter(([k]) => !positional.includes(k))
      .map(([k, v]) => [camel(k), v]),
  );
  return fn(...positional.map((k) => request[k]), options);
}

function runCase(path) {
  const kase = JSON.parse(readFileSync(path, "utf8"));
  let got;
  try {
    if ("limits" in kase || "input_text" in kase) {
      // The generic call, with the case's limits and the request as the case gives it (its raw
      // JSON text for `input_text`).
      const options = { limits: kase.limits };
      got =
        "input_text" in kase
          ? isms.callJson(kase.op, kase.input_text, options)
          : isms.call(kase.op, withFixtures(kase.input ?? {}), options);
    } else {
      got = invoke(kase.op, "input" in kase ? withFixtures(kase.input) : {});
    }
  } catch (err) {
    if (!(err instanceof isms.IsmsError)) throw err;
    const want = kase.error;
    if (!want) throw new CaseFailed(`unexpected error ${err.code} at ${JSON.stringify(err.path)}: ${err.message}`);
    if (err.code !== want.code) throw new CaseFailed(`error code ${err.code} where ${want.code} was expected`);
    if ("path" in want && err.path !== want.path) {
      throw new CaseFailed(`error path ${JSON.stringify(err.path)} where ${JSON.stringify(want.path)} was expected`);
    }
    if ("details" in want) subset(err.details, want.details, "details");
    return;
  }
  if (kase.error) throw new CaseFailed(`expected error ${kase.error.code} but the call succeeded`);
  if (!ASSERTIONS.some((k) => k in kase)) {
    throw new CaseFailed("case asserts nothing");
  }
  if ("expect" in kase && !equal(got, kase.expect)) {
    throw new CaseFailed(`response ${JSON.stringify(got)} differs from expected ${JSON.stringify(kase.expect)}`);
  }
  if ("expect_subset" in kase) subset(got, kase.expect_subset);
  if ("expect_includes" in kase) members(got, kase.expect_includes, true);
  if ("expect_excludes" in kase) members(got, kase.expect_excludes, false);
  if ("expect_len" in kase) {
    const length = Array.isArray(got) ? got.length : undefined;
    if (length !== kase.expect_len) throw new CaseFailed(`length ${length} where ${kase.expect_len} was expected`);
  }
  if ("expect_ids" in kase) {
    const ids = Array.isArray(got) ? got.map((item) => item.id) : undefined;
    if (!equal(ids, kase.expect_ids)) {
      throw new CaseFailed(`ids ${JSON.stringify(ids)} where ${JSON.stringify(kase.expect_ids)} was expected`);
    }
  }
}

const cases = corpus("cases");
test("the corpus has at least 40 cases", () => assert.ok(cases.length >= 40, `${cases.length}`));

for (const path of cases) {
  const name = caseName(path);
  test(name, { skip: SKIP[name] ?? false }, () => runCase(path));
}

for (const path of corpus("selftest")) {
  test(`${caseName(path)} (must fail)`, () => assert.throws(() => runCase(path), CaseFailed));
}
