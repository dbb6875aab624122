"""Year-on-year comparison of two risk registers read from spreadsheets without id columns:
risks matched by title (reworded titles by similarity), findings by the risk they concern, and
the movement drawn on the heat map."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any, Dict, List, Tuple

import isms
import pytest

openpyxl = pytest.importorskip("openpyxl")

THREATS = [
    "Ransomware", "Phishing", "Insider misuse", "Power failure", "Flood", "Fire",
    "Misconfiguration", "Credential stuffing",
]
ASSETS = [
    "payroll system", "customer database", "e-mail service", "file server", "web shop",
    "finance laptops", "backup tapes",
]
# Threats only the new year names: the risks added share no threat with those dropped.
NEW_THREATS = ["Denial of service", "Supply chain compromise", "Data leak via AI tools"]
NEW_ASSETS = ["build pipeline", "support portal", "mobile app", "HR records"]

REWORDED = {
    "Ransomware on payroll system": "Ransomware attack on the payroll systems",
    "Phishing on customer database": "Phishing against the customer database",
    "Flood on web shop": "Floods on the web shop",
    "Fire on finance laptops": "Fires on finance laptops",
    "Misconfiguration on file server": "Misconfigurations on the file server",
}

HEADER = ["Risk", "Risk owner", "Likelihood", "Impact", "Treatment", "Notes"]


def _fy25() -> List[Dict[str, Any]]:
    rng = random.Random(25)
    titles = [f"{t} on {a}" for t in THREATS for a in ASSETS][:49]
    return [
        {
            "title": title,
            "owner": rng.choice(["CIO", "CISO", "CFO", "Head of HR", ""]),
            "likelihood": rng.randint(1, 5),
            "impact": rng.randint(1, 5),
            "treatment": rng.choice(["Mitigate", "Accept", "Transfer"]),
            "notes": f"reviewed FY25 #{k}",
        }
        for k, title in enumerate(titles)
    ]


def _fy26(fy25: List[Dict[str, Any]]) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """FY26: 3 dropped, 8 re-rated, 5 retitled, 12 new, every note changed, rows shuffled."""
    rng = random.Random(26)
    reworded = set(REWORDED)
    keep = [dict(r) for r in fy25]
    dropped = [r["title"] for r in keep if r["title"] not in reworded][10:13]
    keep = [r for r in keep if r["title"] not in dropped]
    rerated = []
    for r in keep[1::5][:8]:
        r["likelihood"] = r["likelihood"] % 5 + 1
        rerated.append(REWORDED.get(r["title"], r["title"]))
    for r in keep:
        r["title"] = REWORDED.get(r["title"], r["title"])
        r["notes"] = "reviewed FY26"
    new = [
        {"title": f"{t} on {a}", "owner": "CISO", "likelihood": 3, "impact": 3,
         "treatment": "Mitigate", "notes": "new in FY26"}
        for t in NEW_THREATS for a in NEW_ASSETS
    ]
    rows = keep + new
    rng.shuffle(rows)
    truth = {"dropped": sorted(dropped), "rerated": sorted(rerated), "new": sorted(r["title"] for r in new)}
    return rows, truth


def _workbook(path: Path, rows: List[Dict[str, Any]], year: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet.append([f"Acme Ltd risk register {year}"])
    sheet.append(HEADER)
    for r in rows:
        sheet.append([r["title"], r["owner"], r["likelihood"], r["impact"], r["treatment"], r["notes"]])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    tmp = tmp_path_factory.mktemp("years")
    fy25 = _fy25()
    fy26, truth = _fy26(fy25)
    assert (len(fy25), len(fy26)) == (49, 58)
    old = isms.read_register(_workbook(tmp / "fy25.xlsx", fy25, "FY2025"), method="iso27005-5x5")
    new = isms.read_register(_workbook(tmp / "fy26.xlsx", fy26, "FY2026"), method="iso27005-5x5")
    shuffled = list(fy25)
    random.Random(7).shuffle(shuffled)
    again = isms.read_register(_workbook(tmp / "fy25b.xlsx", shuffled, "FY2025"), method="iso27005-5x5")
    return {"old": old.document, "new": new.document, "again": again.document, "truth": truth}


def test_registers_without_ids_are_marked_as_such(years: Dict[str, Any]) -> None:
    risks = years["old"]["risks"]
    assert all(r["x_id_generated"] is True for r in risks)
    assert risks[0]["id"] == "R-001"


def test_two_years_by_title_give_the_true_counts(years: Dict[str, Any]) -> None:
    d = isms.diff(years["old"], years["new"], key="title")
    s = d["summary"]
    assert (s["risks_added"], s["risks_removed"], s["risks_rerated"]) == (12, 3, 8)
    truth = years["truth"]
    assert sorted(r["title"] for r in d["risks"]["added"]) == truth["new"]
    assert sorted(r["title"] for r in d["risks"]["removed"]) == truth["dropped"]
    assert sorted(r["title"] for r in d["risks"]["rerated"]) == truth["rerated"]
    reworded = {r["old_key"]: r["key"] for r in d["risks"]["reworded"]}
    assert reworded == REWORDED
    # The retitled risks are the only edits: the changed notes (a column the import kept but did
    # not read) and the ids made from row positions are not.
    assert sorted(e["changes"][0]["new"] for e in d["risks"]["edited"]) == sorted(REWORDED.values())
    assert all(e["fields"] == ["title"] for e in d["risks"]["edited"])
    assert d["warnings"] == []
    assert d["matching"] == {"risks": "title", "threshold": 0.7, "assets": "id"}


def test_without_a_key_the_diff_warns_and_matches_by_title(years: Dict[str, Any]) -> None:
    d = isms.diff(years["old"], years["new"])
    assert [w["code"] for w in d["warnings"]] == ["ids_by_position"]
    s = d["summary"]
    assert (s["risks_added"], s["risks_removed"], s["risks_rerated"]) == (12, 3, 8)
    # Matched by their positional ids instead, the counts are wrong: that is what the warning is for.
    by_id = isms.diff(years["old"], years["new"], key="id")
    assert by_id["summary"]["risks_rerated"] > 8 and by_id["summary"]["risks_removed"] == 0


def test_the_same_register_shuffled_changes_nothing(years: Dict[str, Any]) -> None:
    d = isms.diff(years["old"], years["again"], key="title")
    s = d["summary"]
    assert s["risks_added"] == s["risks_removed"] == s["risks_rerated"] == s["risks_edited"] == 0
    assert s["findings_raised"] == s["findings_resolved"] == 0
    assert isms.validate(years["old"])["findings"], "the register has findings to keep track of"


def test_source_columns_are_compared_only_when_asked(years: Dict[str, Any]) -> None:
    d = isms.diff(years["old"], years["new"], key="title", include_source=True)
    kept = [e for e in d["risks"]["edited"] if "x_source_columns/Notes" in e["fields"]]
    assert len(kept) == 46
    change = next(c for c in kept[0]["changes"] if c["field"] == "x_source_columns/Notes")
    assert change["old"].startswith("reviewed FY25") and change["new"] == "reviewed FY26"


def test_a_threshold_of_one_leaves_reworded_titles_unmatched(years: Dict[str, Any]) -> None:
    d = isms.diff(years["old"], years["new"], key="title", threshold=1.0)
    s = d["summary"]
    assert (s["risks_added"], s["risks_removed"]) == (12 + 5, 3 + 5)


def test_bad_options_are_errors(years: Dict[str, Any]) -> None:
    with pytest.raises(isms.IsmsError) as error:
        isms.diff(years["old"], years["new"], key="Reference")
    assert (error.value.code, error.value.path) == ("invalid_value", "/key")
    with pytest.raises(isms.IsmsError) as error:
        isms.diff(years["old"], years["new"], key="title", threshold=0)
    assert (error.value.code, error.value.path) == ("invalid_value", "/threshold")


def test_reversing_a_large_register_raises_and_resolves_nothing() -> None:
    risks = [
        {"id": f"R{k}", "title": f"Risk {k}", "owner": "" if k % 3 else "CISO",
         "inherent": {"likelihood": k % 5 + 1, "impact": (k // 5) % 5 + 1}}
        for k in range(2_000)
    ]
    old = {"schema": "isms/2", "organisation": {"name": "Acme"}, "risks": risks}
    new = dict(old, risks=list(reversed(risks)))
    s = isms.diff(old, new)["summary"]
    assert s["findings_raised"] == s["findings_resolved"] == s["risks_rerated"] == 0
    fewer = dict(old, risks=[r for k, r in enumerate(risks) if k % 40])
    d = isms.diff(old, fewer)
    assert d["summary"]["risks_removed"] == 50
    removed = {r["id"] for r in d["risks"]["removed"]}
    assert d["findings"]["raised"] == []
    owners = [r for r in risks if r["id"] in removed and r["owner"] == ""]
    assert d["summary"]["findings_resolved"] == len(owners)


def test_movement_names_risks_by_title_when_their_ids_came_from_row_positions(years: Dict[str, Any]) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import isms.plot

    def names(d: Dict[str, Any]) -> set[str]:
        figure = isms.plot.movement(d)
        return {t.get_text() for t in figure.axes[0].texts if t.get_text()}

    d = isms.diff(years["old"], years["new"])
    assert [w["code"] for w in d["warnings"]] == ["ids_by_position"]
    shown = names(d)
    changed = [r for kind in ("added", "removed", "rerated") for r in d["risks"][kind]]
    titles = {r["title"] for r in changed}
    assert shown and not shown & {r["id"] for r in changed}
    # A title longer than a label is cut, with an ellipsis.
    assert all(n in titles or any(t.startswith(n[:-1]) for t in titles) for n in shown)

    # Ids the sheet gave name the risks.
    old = copy.deepcopy(years["old"])
    for k, risk in enumerate(old["risks"]):
        risk.pop("x_id_generated")
        risk["id"] = f"RISK-{k:03d}"
    new = copy.deepcopy(old)
    del new["risks"][0]
    d = isms.diff(old, new)
    assert d["warnings"] == [] and names(d) == {"RISK-000"}


def test_movement_draws_arrows_and_markers(years: Dict[str, Any], tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import isms.plot

    d = isms.diff(years["old"], years["new"], key="title")
    figure = isms.plot.movement(d)
    ax = figure.axes[0]
    arrows = [c for c in ax.texts if getattr(c, "arrow_patch", None) is not None]
    moved = [
        r for r in d["risks"]["rerated"]
        if (r["residual_before"] or r["inherent_before"])["score"]
        != (r["residual_after"] or r["inherent_after"])["score"]
    ]
    assert len(arrows) == len(moved) == 8
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Added (12)" in labels and "Removed (3)" in labels
    path = tmp_path / "movement.png"
    figure.savefig(path, dpi=80)
    assert path.stat().st_size > 10_000

    import matplotlib.pyplot as plt

    grid, axes = plt.subplots(1, 2)
    assert isms.plot.movement(d, ax=axes[1], rating="inherent") is grid
    with pytest.raises(ValueError):
        isms.plot.movement(d, rating="target")
