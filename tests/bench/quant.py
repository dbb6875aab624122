"""Benchmark of the quantitative risk simulation (`simulate`), run in one go on one machine:

- a portfolio of 100 risks × 100,000 simulated years, and one risk × 1,000,000 years;
- with isms natively (core/examples/simulate.rs), from Python (`isms.simulate`), as WebAssembly
  under Node (tests/bench/quant.mjs), a vectorised numpy implementation of the same event-level
  model (below), pyCRQ and pyfair (both from PyPI; both frequency × magnitude models only);
- isms on one thread and on every core (`threads`; the same numbers either way), numpy, pyCRQ
  and pyfair on one (their own way); each tool runs once untimed (imports, caches, memory), the wasm
  build for at least a second (until V8 has replaced its baseline code with optimised code), then
  the median of the timed runs is printed with the ratios.

    tests/bench/quant            # builds what is missing, then runs this file
    python tests/bench/quant.py [--repeats N] [--quick]

Each tool computes what `simulate` returns: annual losses before and after treatment per risk and
for the portfolio, their mean, standard deviation, quantiles, VaR, CVaR, maximum, and loss
exceedance curves (pyCRQ and pyfair: their own summaries). pyfair has no lognormal distribution:
its loss magnitudes are PERT with the same 90 % interval, and its vulnerability is TCap > CS per
iteration. pyCRQ's TCap/CS vulnerability is its logistic curve. "isms Python, shortcut" is isms
with the same frequency × magnitude model as those two.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "target" / "bench-quant"
Z95 = 1.6448536269514722  # the 95th percentile of a standard normal


# ---------------------------------------------------------------------------------------------
# The benchmark document: 100 risks, half with a vulnerability, half with threat capability
# against resistance strength (raised by controls), two in three with secondary loss.
# ---------------------------------------------------------------------------------------------

CONTROLS = ["A.5.15", "A.8.5", "A.8.7", "A.8.8", "A.8.13", "A.8.16", "A.8.20", "A.8.24"]
STATUSES = ["implemented", "partially_implemented", "implemented", "planned"]


def document(risks: int = 100, seed: int = 8) -> Dict[str, Any]:
    rng = random.Random(seed)
    out = []
    for i in range(risks):
        low = rng.uniform(0.1, 1.0)
        mode = low * rng.uniform(1.5, 3)
        high = mode * rng.uniform(2, 4)
        q: Dict[str, Any] = {"tef": {"pert": {"low": round(low, 3), "mode": round(mode, 3), "high": round(high, 3)}}}
        if i % 2 == 0:
            v = rng.uniform(0.05, 0.2)
            q["vulnerability"] = {"pert": {"low": round(v, 3), "mode": round(v + 0.15, 3), "high": round(min(0.95, v + 0.5), 3)}}
        else:
            t, r = rng.uniform(30, 60), rng.uniform(30, 60)
            q["threat_capability"] = {"pert": {"low": round(t - 25, 1), "mode": round(t, 1), "high": round(t + 30, 1)}}
            q["resistance_strength"] = {"pert": {"low": round(r - 20, 1), "mode": round(r, 1), "high": round(r + 25, 1)}}
            q["resistance_uplift"] = {CONTROLS[i % len(CONTROLS)]: rng.choice([5, 10, 15, 20])}
        loss = rng.uniform(5_000, 50_000)
        q["primary_loss"] = {"lognormal": {"low": round(loss), "high": round(loss * rng.uniform(10, 50))}}
        if i % 3 != 2:
            secondary = rng.uniform(10_000, 100_000)
            q["secondary"] = {
                "frequency": {"pert": {"low": 0.05, "mode": 0.2, "high": 0.5}},
                "magnitude": {"lognormal": {"low": round(secondary), "high": round(secondary * 20)}},
            }
        out.append({"id": f"R-{i + 1:03d}", "title": f"Loss scenario {i + 1}", "owner": "CISO", "quant": q})
    return {
        "schema": "isms/2",
        "organisation": {"name": "Benchmark Ltd", "currency": "EUR"},
        "risks": out,
        "controls": [
            {"control": c, "applicable": True, "status": STATUSES[j % len(STATUSES)]} for j, c in enumerate(CONTROLS)
        ],
    }


def uplifts(doc: Dict[str, Any]) -> Dict[str, float]:
    """The resistance uplift of each risk, as the engine derives it from the control records."""
    factor = {"implemented": 1.0, "partially_implemented": 0.5}
    status = {c["control"]: factor.get(c["status"], 0.0) for c in doc["controls"] if c.get("applicable", True)}
    return {
        r["id"]: sum(points * status.get(c, 0.0) for c, points in sorted(r["quant"].get("resistance_uplift", {}).items()))
        for r in doc["risks"]
    }


# ---------------------------------------------------------------------------------------------
# The same event-level model in vectorised numpy.
# ---------------------------------------------------------------------------------------------


def np_draw(rng: np.random.Generator, dist: Dict[str, Any], size: int) -> np.ndarray:
    (kind, p), = dist.items()
    if kind == "constant":
        return np.full(size, float(p))
    if kind == "pert":
        low, mode, high = p["low"], p["mode"], p["high"]
        if high <= low:
            return np.full(size, float(low))
        c, r = p.get("confidence", 4.0), high - low
        return low + r * rng.beta(1 + c * (mode - low) / r, 1 + c * (high - mode) / r, size)
    if "low" in p:
        mu = (math.log(p["low"]) + math.log(p["high"])) / 2
        sigma = (math.log(p["high"]) - math.log(p["low"])) / (2 * Z95)
    else:
        mu, sigma = p["mu"], p["sigma"]
    return rng.lognormal(mu, sigma, size)


def np_years(q: Dict[str, Any], n: int, seed: int, uplift: float) -> Tuple[np.ndarray, np.ndarray]:
    """Annual losses of one risk before and after treatment, from the same draws: threat events
    per year ~ Poisson(TEF), each tested against the year's resistance (and the resistance raised
    by `uplift`), each loss event's primary (and, with the year's probability, secondary) loss."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(np.minimum(np_draw(rng, q["tef"], n), 1e6))
    years = np.flatnonzero(counts)
    m = years.size
    event_year = np.repeat(np.arange(m), counts[years])
    if "vulnerability" in q:
        p = np_draw(rng, q["vulnerability"], m)
        hit = rng.random(event_year.size) < p[event_year]
        treated = None
    else:
        strength = np_draw(rng, q["resistance_strength"], m)
        threat = np_draw(rng, q["threat_capability"], event_year.size)
        hit = threat > np.minimum(strength, 100.0)[event_year]
        treated = (threat > np.minimum(strength + uplift, 100.0)[event_year])[hit] if uplift > 0 else None
    loss_year = event_year[hit]
    loss = np_draw(rng, q["primary_loss"], loss_year.size)
    secondary = q.get("secondary")
    if secondary:
        probability = np_draw(rng, secondary["frequency"], m)
        with_secondary = rng.random(loss_year.size) < probability[loss_year]
        loss[with_secondary] += np_draw(rng, secondary["magnitude"], int(with_secondary.sum()))
    inherent = np.zeros(n)
    inherent[years] = np.bincount(loss_year, weights=loss, minlength=m)
    if treated is None:
        return inherent, inherent
    residual = np.zeros(n)
    residual[years] = np.bincount(loss_year[treated], weights=loss[treated], minlength=m)
    return inherent, residual


def np_stats(years: np.ndarray, confidence: float) -> Tuple[Dict[str, float], np.ndarray]:
    s = np.sort(years)
    n = s.size
    median, p90, p95, p99, var = np.quantile(s, [0.5, 0.9, 0.95, 0.99, confidence])
    stats = {
        "ale": float(s.mean()), "std_dev": float(s.std()), "median": float(median), "p90": float(p90),
        "p95": float(p95), "p99": float(p99), "var": float(var),
        "cvar": float(s[min(int(confidence * n), n - 1):].mean()), "max": float(s[-1]),
        "loss_probability": float(np.count_nonzero(s) / n),
    }
    return stats, s


def np_lec(a: np.ndarray, b: np.ndarray, points: int) -> Dict[str, np.ndarray]:
    positive = np.concatenate([a[a > 0][:1], b[b > 0][:1]])
    if positive.size == 0:
        return {"loss": np.array([]), "inherent": np.array([]), "residual": np.array([])}
    grid = np.geomspace(positive.min(), max(a[-1], b[-1]), points)
    exceed = lambda s: (s.size - np.searchsorted(s, grid, "left")) / s.size  # noqa: E731
    return {"loss": grid, "inherent": exceed(a), "residual": exceed(b)}


def with_numpy(request: Dict[str, Any]) -> float:
    doc, n, seed = request["document"], request["iterations"], request.get("seed", 1)
    points, confidence = 50, 0.95
    up = uplifts(doc)
    total_inherent, total_residual = np.zeros(n), np.zeros(n)
    results = []
    for i, risk in enumerate(doc["risks"]):
        q = risk["quant"]
        inherent, residual = np_years(q, n, seed * 1000 + i, up[risk["id"]])
        total_inherent += inherent
        total_residual += residual
        si, a = np_stats(inherent, confidence)
        sr, b = np_stats(residual, confidence)
        results.append((si, sr, np_lec(a, b, points)))
    si, a = np_stats(total_inherent, confidence)
    sr, b = np_stats(total_residual, confidence)
    np_lec(a, b, points)
    return sr["ale"]


# ---------------------------------------------------------------------------------------------
# pyCRQ and pyfair: their own frequency × magnitude models on the same parameters.
# ---------------------------------------------------------------------------------------------


def lognormal_params(p: Dict[str, float]) -> Tuple[float, float]:
    if "low" in p:
        return (math.log(p["low"]) + math.log(p["high"])) / 2, (math.log(p["high"]) - math.log(p["low"])) / (2 * Z95)
    return p["mu"], p["sigma"]


def with_pycrq(request: Dict[str, Any]) -> float:
    import pycrq

    def dist(d: Dict[str, Any], scale: float = 1.0) -> Any:
        (kind, p), = d.items()
        if kind == "pert":
            return pycrq.pert(p["low"] / scale, p["mode"] / scale, p["high"] / scale, p.get("confidence", 4.0))
        if kind == "lognormal":
            return pycrq.lognormal(*lognormal_params(p))
        return pycrq.constant(p / scale)

    doc, n = request["document"], request["iterations"]
    register = pycrq.RiskRegister(name="benchmark")
    for risk in doc["risks"]:
        q = risk["quant"]
        b = pycrq.ScenarioBuilder(risk["id"]).asset("Asset", "Information").threat("Threat", "External Adversarial")
        b = b.tef(dist(q["tef"]))
        if "vulnerability" in q:
            b = b.vulnerability(dist(q["vulnerability"]))
        else:
            b = b.threat_capability(dist(q["threat_capability"])).control_strength(dist(q["resistance_strength"]))
        b = b.primary_loss(dist(q["primary_loss"]))
        if "secondary" in q:
            b = b.secondary_loss(dist(q["secondary"]["frequency"]), dist(q["secondary"]["magnitude"]))
        register.add_scenario(b.build())
    result = pycrq.FAIRSimulator(n_simulations=n, seed=request.get("seed", 1)).simulate_register(register)
    return float(result.summary()["aggregate"]["mean_ale"])


def with_pyfair(request: Dict[str, Any]) -> float:
    from pyfair import FairMetaModel, FairModel

    def params(d: Dict[str, Any], scale: float = 1.0) -> Dict[str, float]:
        (kind, p), = d.items()
        if kind == "pert":
            return {"low": p["low"] / scale, "mode": p["mode"] / scale, "high": p["high"] / scale}
        if kind == "lognormal":
            mu, sigma = lognormal_params(p)
            return {"low": math.exp(mu - Z95 * sigma), "mode": math.exp(mu), "high": math.exp(mu + Z95 * sigma)}
        return {"constant": p / scale}

    doc, n = request["document"], request["iterations"]
    models = []
    for risk in doc["risks"]:
        q = risk["quant"]
        m = FairModel(name=risk["id"], n_simulations=n, random_seed=request.get("seed", 1))
        m.input_data("Threat Event Frequency", **params(q["tef"]))
        if "vulnerability" in q:
            m.input_data("Vulnerability", **params(q["vulnerability"]))
        else:
            m.input_data("Threat Capability", **params(q["threat_capability"], 100.0))
            m.input_data("Control Strength", **params(q["resistance_strength"], 100.0))
        m.input_data("Primary Loss", **params(q["primary_loss"]))
        if "secondary" in q:
            m.input_data("Secondary Loss Event Frequency", **params(q["secondary"]["frequency"]))
            m.input_data("Secondary Loss Event Magnitude", **params(q["secondary"]["magnitude"]))
        else:
            m.input_data("Secondary Loss", constant=0)
        m.calculate_all()
        models.append(m)
    risk_columns = [m.export_results()["Risk"].to_numpy() for m in models]
    for column in risk_columns:
        np.quantile(column, [0.5, 0.9, 0.95, 0.99])
    if len(models) > 1:
        meta = FairMetaModel(name="portfolio", models=models)
        meta.calculate_all()
        total = meta.export_results()["Risk"].to_numpy()
    else:
        total = risk_columns[0]
    np.quantile(total, [0.5, 0.9, 0.95, 0.99])
    return float(total.mean())


# ---------------------------------------------------------------------------------------------
# isms: native, Python, Node.
# ---------------------------------------------------------------------------------------------


def with_isms(request: Dict[str, Any]) -> float:
    import isms

    options = {name: value for name, value in request.items() if name != "document"}
    return float(isms.simulate(request["document"], **options)["portfolio"]["residual"]["ale"])


def external(command: List[str]) -> Tuple[float, float]:
    out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return float(result["median_ms"]), float(result["ale"])


def median_ms(fn: Callable[[Dict[str, Any]], float], request: Dict[str, Any], repeats: int) -> Tuple[float, float]:
    """The median time of `repeats` runs after one untimed run (imports, caches, allocations)."""
    ale = fn(request)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        ale = fn(request)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), ale


def available(module: str) -> Optional[str]:
    """None when `module` imports (imported here, before any timing), else why not."""
    try:
        __import__(module)
        return None
    except ImportError as exc:
        return str(exc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="runs per tool and scenario (median)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the iterations")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    OUT.mkdir(parents=True, exist_ok=True)
    scale = 10 if args.quick else 1
    slow = max(1, min(3, args.repeats))
    full = document()
    single = dict(full, risks=[r for r in full["risks"] if r["id"] == "R-002"])
    scenarios = [
        (f"100 risks × {100_000 // scale:,} years", {"document": full, "iterations": 100_000 // scale, "seed": 1}),
        (f"1 risk × {1_000_000 // scale:,} years", {"document": single, "iterations": 1_000_000 // scale, "seed": 1}),
    ]
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    native = target / "release" / "examples" / "simulate"
    cores = os.cpu_count() or 1
    one = lambda r: dict(r, threads=1)  # noqa: E731
    ISMS_PY, ISMS_PY_1 = "isms Python, all threads", "isms Python, 1 thread"
    NATIVE, NATIVE_1 = "isms native, all threads", "isms native, 1 thread"
    WASM, NUMPY, PYCRQ, PYFAIR = "isms wasm/Node (1 thread)", "numpy (same event model)", "pyCRQ (freq × magnitude)", "pyfair (freq × magnitude)"
    build_native = None if native.exists() else "build it: cargo build --release -p isms-core --example simulate"
    tools: List[Tuple[str, Optional[str], Callable[[Path, Dict[str, Any]], Tuple[float, float]]]] = [
        (NATIVE_1, build_native, lambda path, r: external([str(native), str(write(path, one(r), "1")), str(args.repeats)])),
        (NATIVE, build_native, lambda path, r: external([str(native), str(path), str(args.repeats)])),
        (ISMS_PY_1, available("isms"), lambda path, r: median_ms(with_isms, one(r), args.repeats)),
        (ISMS_PY, available("isms"), lambda path, r: median_ms(with_isms, r, args.repeats)),
        ("isms Python, shortcut", available("isms"),
         lambda path, r: median_ms(with_isms, dict(r, model="shortcut"), args.repeats)),
        (WASM, None if (ROOT / "bindings-wasm/pkg/node.mjs").exists() else "build it: bindings-wasm/build",
         lambda path, r: external(["node", "tests/bench/quant.mjs", str(path), str(args.repeats)])),
        (NUMPY, None, lambda path, r: median_ms(with_numpy, r, args.repeats)),
        (PYCRQ, available("pycrq"), lambda path, r: median_ms(with_pycrq, r, slow)),
        (PYFAIR, available("pyfair"), lambda path, r: median_ms(with_pyfair, r, slow)),
    ]
    print(f"quantitative risk benchmark, median of {args.repeats} runs (pyCRQ, pyfair: {slow}), "
          f"{cores} cores, load average {os.getloadavg()[0]:.1f} before; numpy, pyCRQ and pyfair on one thread")
    for title, request in scenarios:
        path = OUT / f"request-{request['iterations']}-{len(request['document']['risks'])}.json"
        write(path, request)
        print(f"\n{title}")
        print(f"  {'':<27} {'median ms':>10} {'× isms Python':>14} {'portfolio residual ALE':>24}")
        results: Dict[str, float] = {}
        for name, missing, run in tools:
            if missing:
                print(f"  {name:<27} skipped: {missing}")
                continue
            ms, ale = run(path, request)
            results[name] = ms
            base = results.get(ISMS_PY)
            ratio = f"{ms / base:14.2f}" if base else f"{'':>14}"
            print(f"  {name:<27} {ms:10.1f} {ratio} {ale:24,.0f}")
        checks = []

        def check(label: str, value: Optional[float], goal: float, at_least: bool = True) -> None:
            if value is None:
                return
            met = value >= goal if at_least else value <= goal
            sign = "≥" if at_least else "≤"
            checks.append(f"{label} {value:.2f} (target {sign} {goal}): {'met' if met else 'MISSED'}")

        def ratio(a: str, b: str) -> Optional[float]:
            return results[a] / results[b] if a in results and b in results else None

        check("pyCRQ / isms Python (all threads)", ratio(PYCRQ, ISMS_PY), 8)
        check("numpy / isms Python (all threads)", ratio(NUMPY, ISMS_PY), 5)
        if len(request["document"]["risks"]) > 1:
            check(f"isms Python 1 thread / all {cores} threads", ratio(ISMS_PY_1, ISMS_PY), 1.8)
        check("wasm / native, both on 1 thread", ratio(WASM, NATIVE_1), 1.3, at_least=False)
        extra = [("pyCRQ / isms Python 1 thread", ratio(PYCRQ, ISMS_PY_1)),
                 ("numpy / isms Python 1 thread", ratio(NUMPY, ISMS_PY_1)),
                 ("pyCRQ / isms Python with the same freq × magnitude model", ratio(PYCRQ, "isms Python, shortcut"))]
        for check_line in checks:
            print(f"  {check_line}")
        for label, value in extra:
            if value is not None:
                print(f"  {label} {value:.2f}")


def write(path: Path, request: Dict[str, Any], suffix: str = "") -> Path:
    """`request` as JSON in `path` (with `suffix` before the extension), for the native and Node runners."""
    if suffix:
        path = path.with_name(f"{path.stem}-{suffix}{path.suffix}")
    path.write_text(json.dumps(request))
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    main()
