"""Benchmark: read + score + band + analyse a 100,000-row risk register CSV from Python, with isms
and with pandas doing the same work (read_csv, product formula, banding, group counts), in one run;
and the same register kept as people keep it (a title row, a two-row header with `INHERENT RISK`
over `Likelihood | Impact`, ratings as words `Very low … Very high` in odd case, saved in
Windows-1252), read by isms with no mapping.

    python tests/bench/python_register.py [rows] [repeats]

Prints the median of each (the three run in turn, so that the machine's changes of speed weigh on
each alike), the ratio pandas / isms on the clean register (above 1: isms is faster; target at
least 1.5) and the ratio messy / clean for isms (target at most 3).
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import isms
import pandas as pd


def write_register(path: Path, rows: int) -> None:
    rng = random.Random(7)
    owners = [f"Owner {i}" for i in range(40)]
    treatments = ["Mitigate", "Accept", "Transfer", "Avoid", ""]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Risk ID", "Risk", "Risk owner", "Likelihood", "Impact", "Treatment"])
        for i in range(rows):
            w.writerow([f"R-{i + 1:06d}", f"Risk scenario {i + 1} affecting operations",
                        rng.choice(owners), rng.randint(1, 5), rng.randint(1, 5), rng.choice(treatments)])


WORDS = ["Very low", "LOW ", "Medium", "high", "Very High "]


def write_messy(clean: Path, path: Path) -> None:
    """The clean register as people keep it: title rows, group headers, words, Windows-1252."""
    with clean.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="cp1252") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["Risk register FY2026 – costs in £", "", "", "", "", ""])
        w.writerow(["", "", "", "", "", ""])
        w.writerow(["", "", "", "INHERENT RISK", "", ""])
        w.writerow(["Risk ID", "Risk", "Risk owner", "Likelihood", "Impact", "Treatment"])
        for r in rows[1:]:
            w.writerow([r[0], r[1] + " – café", r[2], WORDS[int(r[3]) - 1], WORDS[int(r[4]) - 1], r[5]])


# The bands of the engine's 5×5 method (score = likelihood × impact): 1–4 low, 5–9 medium,
# 10–15 high, 16–25 critical; the pandas version must agree with the engine, checked below.
BINS = [0, 4, 9, 15, 25]
LABELS = ["low", "medium", "high", "critical"]


def with_pandas(path: Path) -> dict:
    df = pd.read_csv(path)
    df["score"] = df["Likelihood"] * df["Impact"]
    df["band"] = pd.cut(df["score"], bins=BINS, labels=LABELS)
    return {
        "by_band": df["band"].value_counts().to_dict(),
        "by_owner": df.groupby("Risk owner").size().to_dict(),
        "heat": pd.crosstab(df["Likelihood"], df["Impact"]).to_numpy().tolist(),
        "by_treatment": df.groupby("Treatment", dropna=False).size().to_dict(),
    }


def with_isms(path: Path) -> dict:
    register = isms.read_register(path, method="iso27005-5x5")
    a = register.analysis
    return {
        "by_band": {c["key"]: c["count"] for c in a["by_band"]["inherent"]},
        "by_owner": {c["key"]: c["count"] for c in a["by_owner"]},
        "heat": a["heat_map"]["inherent"],
    }


def medians_ms(runs: list[tuple], repeats: int) -> list[float]:
    """The median time of each (function, path) of `runs`, run in turn `repeats` times, so that a
    change in the machine's speed during the run weighs on each alike."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for (fn, path), out in zip(runs, times):
            start = time.perf_counter()
            fn(path)
            out.append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.csv"
        write_register(path, rows)
        p, i = with_pandas(path), with_isms(path)
        assert p["heat"] == i["heat"], "heat maps differ"
        assert {k: v for k, v in p["by_band"].items() if v} == {k: v for k, v in i["by_band"].items() if v}, "bands differ"
        assert p["by_owner"] == i["by_owner"], "owner counts differ"
        messy = Path(tmp) / "messy.csv"
        write_messy(path, messy)
        m = with_isms(messy)
        assert m == i, "the messy register reads differently from the clean one"
        pandas_ms, isms_ms, messy_ms = medians_ms(
            [(with_pandas, path), (with_isms, path), (with_isms, messy)], repeats
        )
    print(f"register of {rows} rows, median of {repeats} (read + score + band + analyse)")
    print(f"  pandas {pd.__version__:>8}  {pandas_ms:8.1f} ms")
    print(f"  isms   {isms.__version__:>8}  {isms_ms:8.1f} ms")
    print(f"  isms, messy register     {messy_ms:8.1f} ms (title row, two-row header, words, Windows-1252)")
    print(f"  ratio pandas/isms: {pandas_ms / isms_ms:.2f} (above 1: isms faster; target at least 1.5)")
    print(f"  ratio messy/clean: {messy_ms / isms_ms:.2f} (target at most 3)")


if __name__ == "__main__":
    main()
