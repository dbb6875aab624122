// JS-only behaviour of isms-wasm under Node: the error class, camelCase names, plain objects, and
// an instance that survives bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

test("errors are IsmsError, a real Error with code and path", () => {
  assert.throws(
    () => isms.control({ id: "A.12.6.1" }),
    (err) => {
      assert.ok(err instanceof Error);
      assert.ok(err instanceof isms.IsmsError);
      assert.equal(err.name, "IsmsError");
      assert.equal(err.code, "superseded_control");
      assert.equal(err.path, "/id");
      assert.deepEqual(err.details, { successors: ["A.8.8"] });
      assert.match(err.stack, /IsmsError/);
      return true;
    },
  );
});

test("every engine op has a camelCase function", () => {
  for (const op of isms.ops()) {
    const name = op.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    assert.equal(typeof isms[name], "function", op);
  }
});

test("results are plain objects and arrays, never Maps", () => {
  const entry = isms.control("5.1");
  assert.equal(Object.getPrototypeOf(entry), Object.prototype);
  assert.ok(Array.isArray(entry.attributes.control_type));
  assert.equal(entry.title, "Policies for information security");
});

test("requests JSON cannot carry are engine errors", () => {
  const circular = {};
  circular.self = circular;
  for (const bad of [circular, { theme: 10n }, () => 1]) {
    assert.throws(() => isms.catalogue(bad), (err) => err instanceof isms.IsmsError && err.code === "schema_violation");
  }
});

test("10,000 malformed calls leave the instance usable", () => {
  for (let i = 0; i < 10_000; i++) {
    assert.throws(() => isms.call(i % 2 ? "control" : "no_such_op", { id: "x".repeat(i % 97) }), isms.IsmsError);
  }
  assert.equal(isms.catalogue().length, 93);
});
