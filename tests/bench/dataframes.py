"""Benchmark: DataFrames in and out of isms through Arrow, 100,000 risks, beside pandas doing the
comparable job, in one run.

    python tests/bench/dataframes.py [--rows N] [--repeats N] [--quick]

Three figures, each the median of the repeats, with its target:

1. ``read_register`` of a pandas DataFrame (and of a polars one) against ``read_register`` of the
   same register as CSV text: the DataFrame path within 1.5 times the CSV path. Beside it, pandas
   ``read_csv`` of the same text.
2. ``isms.analyse`` of the 100,000-risk document the register became: at most 300 ms. Beside it,
   pandas scoring, banding and counting the same ratings (``json_normalize`` of the risks, the
   product formula, ``cut`` into bands, counts by band, owner and cell).
3. ``to_pandas()`` of the analysis's risk table: at most 200 ms. Beside it, pandas
   ``json_normalize`` of the same risk records (nested ratings flattened to columns). The same
   table of the register (``register.to_pandas()``) is measured beside it, with the same target.

Not a target, for the record: ``analyse`` with its per-risk list then read as Python dicts
(``analysis["risks"]``), which the engine hands over only when asked.

``--quick`` runs 2,000 rows three times: a check that the script works, not a measurement.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any, Callable, List

import isms
import pandas as pd
import polars as pl

TREATMENTS = ["Mitigate", "Accept", "Transfer", "Avoid", ""]
# The bands of the engine's 5×5 method (score = likelihood × impact), for pandas.
BINS = [0, 4, 9, 15, 25]
LABELS = ["low", "medium", "high", "critical"]


def register_csv(rows: int) -> str:
    """A risk register of `rows` risks as CSV text: id, title, owner, likelihood, impact, treatment."""
    rng = random.Random(7)
    owners = [f"Owner {i}" for i in range(40)]
    lines = ["Risk ID,Risk,Risk owner,Likelihood,Impact,Treatment"]
    for i in range(rows):
        lines.append(
            f"R-{i + 1:06d},Risk scenario {i + 1} affecting operations,{rng.choice(owners)},"
            f"{rng.randint(1, 5)},{rng.randint(1, 5)},{rng.choice(TREATMENTS)}"
        )
    return "\n".join(lines) + "\n"


def median_ms(fn: Callable[[], Any], repeats: int) -> float:
    times: List[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pandas_analysis(risks: List[dict]) -> dict:
    """What `analyse` computes of a register, as pandas would: scores, bands and counts."""
    df = pd.json_normalize(risks)
    score = df["inherent.likelihood"] * df["inherent.impact"]
    band = pd.cut(score, bins=BINS, labels=LABELS)
    return {
        "by_band": band.value_counts().to_dict(),
        "by_owner": df.groupby("owner").size().to_dict(),
        "heat": pd.crosstab(df["inherent.likelihood"], df["inherent.impact"]).to_numpy().tolist(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="2,000 rows, 3 repeats: a smoke run")
    args = parser.parse_args()
    rows, repeats = (2_000, 3) if args.quick else (args.rows, args.repeats)

    text = register_csv(rows)
    from io import StringIO

    frame = pd.read_csv(StringIO(text), keep_default_na=False, dtype={"Treatment": str})
    polars_frame = pl.from_pandas(frame)

    # The three paths read the same register: check before timing.
    from_csv = isms.read_register(text, method="iso27005-5x5")
    from_pandas = isms.read_register(frame, method="iso27005-5x5")
    from_polars = isms.read_register(polars_frame, method="iso27005-5x5")
    assert from_pandas.analysis == from_csv.analysis, "the pandas frame reads differently from the CSV"
    assert from_polars.analysis == from_csv.analysis, "the polars frame reads differently from the CSV"
    document = from_csv.document
    analysis = isms.analyse(document)
    assert analysis["totals"]["risks"] == rows
    table = analysis.to_pandas()
    assert len(table) == rows and str(table["inherent_band"].dtype) == "category"
    register_table = from_csv.to_pandas()
    assert register_table.equals(table), "the register's table differs from the analysis's"
    # A second analysis, its risks read as dicts: the first keeps its list in the engine.
    records = isms.analyse(document)["risks"]
    assert len(records) == rows

    csv_ms = median_ms(lambda: isms.read_register(text, method="iso27005-5x5"), repeats)
    pandas_frame_ms = median_ms(lambda: isms.read_register(frame, method="iso27005-5x5"), repeats)
    polars_frame_ms = median_ms(lambda: isms.read_register(polars_frame, method="iso27005-5x5"), repeats)
    read_csv_ms = median_ms(
        lambda: pd.read_csv(StringIO(text), keep_default_na=False, dtype={"Treatment": str}), repeats
    )
    analyse_ms = median_ms(lambda: isms.analyse(document), repeats)
    pandas_analyse_ms = median_ms(lambda: pandas_analysis(document["risks"]), repeats)
    to_pandas_ms = median_ms(analysis.to_pandas, repeats)
    register_to_pandas_ms = median_ms(from_csv.to_pandas, repeats)
    normalize_ms = median_ms(lambda: pd.json_normalize(records, sep="_"), repeats)
    dicts_ms = median_ms(lambda: isms.analyse(document)["risks"], repeats)

    def verdict(ok: bool) -> str:
        if rows != 100_000:
            return "(a target for 100,000 rows)"
        return "met" if ok else "MISSED"

    print(f"DataFrames in and out, {rows:,} risks, median of {repeats}"
          f" (isms {isms.__version__}, pandas {pd.__version__}, polars {pl.__version__})")
    print(f"  {'':<52} {'isms ms':>9} {'pandas ms':>10} {'ratio':>6}  target")
    print(f"  {'read_register(CSV text)':<52} {csv_ms:9.1f} {read_csv_ms:10.1f} {read_csv_ms / csv_ms:6.2f}"
          "  (pandas: read_csv)")
    ratio = pandas_frame_ms / csv_ms
    print(f"  {'read_register(pandas DataFrame)':<52} {pandas_frame_ms:9.1f} {'':>10} {ratio:6.2f}"
          f"  DataFrame/CSV <= 1.5: {verdict(ratio <= 1.5)}")
    polars_ratio = polars_frame_ms / csv_ms
    print(f"  {'read_register(polars DataFrame)':<52} {polars_frame_ms:9.1f} {'':>10} {polars_ratio:6.2f}"
          f"  DataFrame/CSV <= 1.5: {verdict(polars_ratio <= 1.5)}")
    print(f"  {'analyse(document)':<52} {analyse_ms:9.1f} {pandas_analyse_ms:10.1f}"
          f" {pandas_analyse_ms / analyse_ms:6.2f}  <= 300 ms: {verdict(analyse_ms <= 300)}"
          "  (pandas: json_normalize, score, cut, counts)")
    print(f"  {'analysis.to_pandas() (risk table)':<52} {to_pandas_ms:9.1f} {normalize_ms:10.1f}"
          f" {normalize_ms / to_pandas_ms:6.2f}  <= 200 ms: {verdict(to_pandas_ms <= 200)}"
          "  (pandas: json_normalize of the records)")
    print(f"  {'register.to_pandas() (the same table)':<52} {register_to_pandas_ms:9.1f} {normalize_ms:10.1f}"
          f" {normalize_ms / register_to_pandas_ms:6.2f}  <= 200 ms: {verdict(register_to_pandas_ms <= 200)}"
          "  (pandas: json_normalize of the records)")
    as_dicts = 'analyse(document)["risks"] (records as dicts)'
    print(f"  {as_dicts:<52} {dicts_ms:9.1f} {'':>10} {'':>6}"
          "  (no target: the list crosses as Python dicts)")
    print("  ratio: pandas ms / isms ms (above 1: isms faster); DataFrame/CSV: isms DataFrame ms / isms CSV ms")
    if args.quick:
        print("  (quick run: a check that the benchmark works, not a measurement)")


if __name__ == "__main__":
    main()
