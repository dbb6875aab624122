// `simulate` in the Node build of isms-wasm: the api function agrees with the JSON op, kept annual
// losses arrive as Float64Array, and errors are IsmsError with code and path.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as isms from "../../bindings-wasm/pkg/node.mjs";

const document = {
  schema: "isms/2",
  organisation: { name: "Example Ltd", currency: "EUR" },
  risks: [
    {
      id: "R1",
      title: "Ransomware",
      quant: {
        tef: { pert: { low: 0.5, mode: 2, high: 6 } },
        threat_capability: { pert: { low: 40, mode: 65, high: 95 } },
        resistance_strength: { pert: { low: 30, mode: 50, high: 80 } },
        resistance_uplift: { "A.8.7": 20 },
        primary_loss: { lognormal: { low: 20000, high: 500000 } },
      },
    },
    {
      id: "R2",
      title: "Laptop stolen",
      quant: { tef: { constant: 3 }, vulnerability: { constant: 0.2 }, primary_loss: { constant: 2500 } },
    },
  ],
  controls: [{ control: "A.8.7", applicable: true, status: "implemented" }],
};

test("simulate equals the JSON op, with kept years as Float64Array", () => {
  const out = isms.simulate(document, { seed: 5, iterations: 3000, keepSamples: true, lecPoints: 10 });
  const raw = isms.call("simulate", { document, seed: 5, iterations: 3000, keep_samples: true, lec_points: 10 });
  for (const [got, want] of [...out.risks.map((r, i) => [r, raw.risks[i]]), [out.portfolio, raw.portfolio]]) {
    for (const which of ["inherent", "residual"]) {
      assert.ok(got.samples[which] instanceof Float64Array);
      assert.deepEqual(Array.from(got.samples[which]), want.samples[which]);
    }
    delete got.samples;
    delete want.samples;
  }
  assert.deepEqual(out, raw);
  assert.equal(out.risks[0].lec.loss.length, 10);
  assert.ok(out.risks[0].residual.ale < out.risks[0].inherent.ale);
});

test("without keepSamples there are no samples, and the numbers do not change", () => {
  const out = isms.simulate(document, { seed: 5, iterations: 3000, lecPoints: 10 });
  assert.equal(out.risks[0].samples, undefined);
  const kept = isms.simulate(document, { seed: 5, iterations: 3000, lecPoints: 10, keepSamples: true });
  assert.equal(kept.portfolio.residual.ale, out.portfolio.residual.ale);
});

test("bad parameters throw IsmsError with code and path", () => {
  const bad = structuredClone(document);
  bad.risks[1].quant.primary_loss = { lognormal: { mu: 9, sigma: -1 } };
  assert.throws(
    () => isms.simulate(bad),
    (err) =>
      err instanceof isms.IsmsError &&
      err.code === "invalid_value" &&
      err.path === "/document/risks/1/quant/primary_loss/lognormal/sigma",
  );
  assert.throws(() => isms.simulate(document, { iterations: 0 }), (err) => err.code === "invalid_value" && err.path === "/iterations");
});

test("threads, correlation and amortisationYears reach the engine; WebAssembly gives the numbers of one thread", () => {
  const one = isms.simulate(document, { seed: 5, iterations: 3000, lecPoints: 10 });
  assert.deepEqual(isms.simulate(document, { seed: 5, iterations: 3000, lecPoints: 10, threads: 4 }), one);
  assert.throws(() => isms.simulate(document, { iterations: 10, threads: 0 }), (e) => e.code === "invalid_value" && e.path === "/threads");
  const ids = one.risks.map((r) => r.id);
  if (ids.length >= 2) {
    const correlated = isms.simulate(document, { seed: 5, iterations: 3000, lecPoints: 10,
      correlation: { risks: ids.slice(0, 2), matrix: [[1, 0.9], [0.9, 1]] } });
    assert.deepEqual(correlated.risks, one.risks);
    assert.notDeepEqual(correlated.portfolio, one.portfolio);
  }
  assert.throws(() => isms.simulate(document, { iterations: 10, amortisationYears: 0 }), (e) => e.path === "/amortisation_years");
});
