"""Benchmark: the year-on-year diff of a 100,000-risk register from Python, in one run beside
its floor and pandas.

The new year is the old register reversed, with 500 risks removed, 1,000 re-rated and 500
retitled. Timed, medians of `repeats` runs:

- `isms.diff` by id (real ids);
- `isms.diff` by title (ids made from row positions, `key="title"`; the 500 retitled risks are
  paired by similarity);
- the floor: `isms.validate` of both versions (a diff checks both and finds their findings);
- pandas: an outer merge on id and the rating columns compared (no findings, no edits).

    python tests/bench/diff.py [risks] [repeats]

Prints each median, diff / floor (target at most 2: matching and comparing cost no more than
checking the two versions again) and diff / pandas. Checks the counts: 500 removed, 1,000
re-rated, nothing added, no finding raised, only the removed risks' findings resolved.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any, Callable, Dict, List

import isms
import pandas as pd


def register(n: int, generated: bool) -> List[Dict[str, Any]]:
    risks = []
    for k in range(n):
        risk: Dict[str, Any] = {
            "id": f"R-{k + 1:06d}",
            "title": f"Scenario {k} {['ransomware', 'phishing', 'outage', 'fraud'][k % 4]} at site {k % 97}",
            "inherent": {"likelihood": k % 5 + 1, "impact": (k // 5) % 5 + 1},
            "x_source_columns": {"Notes": f"reviewed {k % 12}"},
        }
        if k % 3:
            risk["owner"] = f"Owner {k % 40}"
        if generated:
            risk["x_id_generated"] = True
        risks.append(risk)
    return risks


def next_year(old: List[Dict[str, Any]], generated: bool) -> List[Dict[str, Any]]:
    new = []
    for k, r in enumerate(old):
        if k % 200 == 7:  # 500 removed
            continue
        r = dict(r)
        if k % 100 == 3:  # 1,000 re-rated
            r["inherent"] = {"likelihood": r["inherent"]["likelihood"] % 5 + 1,
                             "impact": r["inherent"]["impact"]}
        if k % 200 == 11:  # 500 retitled
            r["title"] = r["title"].replace("Scenario", "Scenarios")
        r["x_source_columns"] = {"Notes": "reviewed again"}
        new.append(r)
    new.reverse()
    if generated:
        new = [dict(r, id=f"R-{j + 1:06d}") for j, r in enumerate(new)]
    return new


def median(f: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pandas_diff(old: List[Dict[str, Any]], new: List[Dict[str, Any]]) -> int:
    def frame(risks: List[Dict[str, Any]]) -> pd.DataFrame:
        return pd.DataFrame({
            "id": [r["id"] for r in risks],
            "likelihood": [r["inherent"]["likelihood"] for r in risks],
            "impact": [r["inherent"]["impact"] for r in risks],
        })
    merged = frame(old).merge(frame(new), on="id", how="outer", indicator=True)
    both = merged[merged["_merge"] == "both"]
    rerated = (both["likelihood_x"] != both["likelihood_y"]) | (both["impact_x"] != both["impact_y"])
    return int(rerated.sum())


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    doc = lambda risks: {"schema": "isms/2", "organisation": {"name": "Acme"}, "risks": risks}  # noqa: E731
    old = register(n, False)
    new = next_year(old, False)
    old_g = register(n, True)
    new_g = next_year(old_g, True)
    removed, rerated = n // 200, n // 100

    d = isms.diff(doc(old), doc(new))
    s = d["summary"]
    owners_removed = sum(1 for k in range(n) if k % 200 == 7 and k % 3 == 0)
    assert (s["risks_added"], s["risks_removed"], s["risks_rerated"]) == (0, removed, rerated), s
    assert s["risks_edited"] == removed, s  # the retitled ones; notes are not compared
    assert s["findings_raised"] == 0 and s["findings_resolved"] == owners_removed, s
    g = isms.diff(doc(old_g), doc(new_g), key="title")["summary"]
    assert (g["risks_added"], g["risks_removed"], g["risks_rerated"]) == (0, removed, rerated), g
    assert g["risks_reworded"] == removed and g["findings_raised"] == 0, g
    assert pandas_diff(old, new) == rerated

    by_id = median(lambda: isms.diff(doc(old), doc(new)), repeats)
    by_title = median(lambda: isms.diff(doc(old_g), doc(new_g), key="title"), repeats)
    floor = median(lambda: (isms.validate(doc(old)), isms.validate(doc(new))), repeats)
    pandas = median(lambda: pandas_diff(old, new), repeats)
    print(f"{n:,} risks; new year reversed, {removed:,} removed, {rerated:,} re-rated, {removed:,} retitled; "
          f"median of {repeats}")
    print(f"  isms.diff by id            {by_id * 1000:8.0f} ms")
    print(f"  isms.diff by title         {by_title * 1000:8.0f} ms")
    print(f"  floor: validate both       {floor * 1000:8.0f} ms")
    print(f"  pandas merge on id         {pandas * 1000:8.0f} ms (ratings only)")
    print(f"  diff by id / floor         {by_id / floor:8.2f}  (target at most 2)")
    print(f"  diff by title / floor      {by_title / floor:8.2f}  (target at most 2)")
    print(f"  diff by id / pandas        {by_id / pandas:8.2f}")


if __name__ == "__main__":
    main()
