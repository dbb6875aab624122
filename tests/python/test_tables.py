"""Every table the package gives has the same columns and types every time: empty, with one row
and with many, in pandas (through pyarrow and without it) and in polars; bands are ordered
categories of the method's bands, scores whole numbers under the preset methods, and columns that
may be missing nullable. The columns come from the engine's JSON Schema of its results, so a field
the engine gains becomes a column."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import isms
import pytest
from isms import _schema, _tables

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "example-saas.isms.json"
BANDS_5X5 = ["low", "medium", "high", "critical"]


def full() -> Dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def sized(n: int) -> Dict[str, Any]:
    """The fixture with its first `n` risks, references to the others taken out."""
    doc = full()
    doc["risks"] = doc["risks"][:n]
    for _ in range(10):
        try:
            isms.validate(doc)
            return doc
        except isms.IsmsError as error:
            # Each dangling reference is an item of a list: drop it, last first.
            paths = sorted((e["path"] for e in error.details["errors"]), reverse=True)
            for path in paths:
                *parents, index = path.split("/")[2:]
                holder: Any = doc
                for key in parents:
                    holder = holder[int(key)] if isinstance(holder, list) else holder[key]
                del holder[int(index)]
    raise AssertionError("the fixture keeps dangling references")


EMPTY: Dict[str, Any] = {"schema": "isms/2", "organisation": {"name": "Empty Ltd"}}


def documents() -> List[Tuple[str, Dict[str, Any]]]:
    return [("empty", copy.deepcopy(EMPTY)), ("one", sized(1)), ("many", full())]


def pandas_types(frame: Any) -> Dict[str, str]:
    out = {}
    for name in frame.columns:
        dtype = frame[name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            out[name] = f"category{list(dtype.categories)} ordered={dtype.ordered}"
        else:
            out[name] = str(dtype)
    return out


def polars_types(frame: Any) -> Dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.schema.items()}


# Every table: a name and how to get it from a document.
TABLES: List[Tuple[str, Callable[[Dict[str, Any]], Any]]] = [
    ("analyse risks", lambda d: isms.analyse(d).table()),
    ("analyse top", lambda d: isms.analyse(d).table("top")),
    ("analyse treatment_plan", lambda d: isms.analyse(d).table("treatment_plan")),
    ("analyse by_band.inherent", lambda d: isms.analyse(d).table("by_band.inherent")),
    ("analyse by_band.residual", lambda d: isms.analyse(d).table("by_band.residual")),
    ("analyse by_owner", lambda d: isms.analyse(d).table("by_owner")),
    ("analyse by_asset", lambda d: isms.analyse(d).table("by_asset")),
    ("analyse by_treatment", lambda d: isms.analyse(d).table("by_treatment")),
    ("analyse by_status", lambda d: isms.analyse(d).table("by_status")),
    ("analyse assets", lambda d: isms.analyse(d).table("assets")),
    ("soa rows", lambda d: isms.soa(d).table()),
    ("soa findings", lambda d: isms.soa(d).table("findings")),
    ("readiness gaps", lambda d: isms.readiness(d).table()),
    ("readiness requirements", lambda d: isms.readiness(d).table("requirements")),
    ("readiness documents", lambda d: isms.readiness(d).table("documents")),
    ("readiness by_theme", lambda d: isms.readiness(d).table("by_theme")),
    ("diff risks", lambda d: isms.diff(EMPTY, d).table()),
    ("diff risks removed", lambda d: isms.diff(d, EMPTY).table()),
    ("diff risks rerated", lambda d: isms.diff(rerated(d), d).table()),
    ("diff controls", lambda d: isms.diff(EMPTY, d).table("controls")),
    ("diff findings raised", lambda d: isms.diff(EMPTY, d).table("findings.raised")),
    ("diff assets added", lambda d: isms.diff(EMPTY, d).table("assets.added")),
    ("document risks", lambda d: isms.Document(d).risks.table()),
    ("document assets", lambda d: isms.Document(d).assets.table()),
    ("register risks", lambda d: register_of(d).table()),
    ("register analysis risks", lambda d: register_of(d).analysis.table()),
    ("register analysis top", lambda d: register_of(d).analysis.table("top")),
    ("audit checklist items", lambda d: isms.audit_checklist(d).table()),
    ("audit checklist findings", lambda d: isms.audit_checklist(d).table("findings")),
    ("review pack kpis", lambda d: isms.review_pack(d).table()),
    ("review pack objectives", lambda d: isms.review_pack(d).table("objectives")),
]


def rerated(doc: Dict[str, Any]) -> Dict[str, Any]:
    """`doc` with every rated risk one likelihood level higher or lower."""
    out = copy.deepcopy(doc)
    for risk in out.get("risks", []):
        rating = risk.get("inherent")
        if isinstance(rating, dict) and isinstance(rating.get("likelihood"), int):
            rating["likelihood"] = 2 if rating["likelihood"] == 1 else rating["likelihood"] - 1
    return out


def register_of(doc: Dict[str, Any]) -> Any:
    lines = ["id,title,owner,likelihood,impact,treatment"]
    for risk in doc.get("risks", []):
        rating = risk.get("inherent") or {}
        impact = rating.get("impact", 1)
        impact = max(impact.values()) if isinstance(impact, dict) else impact
        lines.append(f"{risk['id']},\"{risk['title']}\",{risk.get('owner', '')},{rating.get('likelihood', 1)},{impact},")
    return isms.read_register("\n".join(lines) + "\n", method="iso27005-5x5")


@pytest.mark.parametrize("name,make", TABLES, ids=[t[0] for t in TABLES])
def test_every_table_has_one_schema_for_empty_one_and_many_rows(name: str, make: Callable[[Dict[str, Any]], Any]) -> None:
    seen: Dict[str, Any] = {}
    sizes = []
    for size, doc in documents():
        table = make(doc)
        sizes.append(len(table))
        frame = table.to_pandas()
        assert list(frame.columns) == table.columns, name
        assert len(frame) == len(table)
        for key, types in (
            ("pandas", pandas_types(frame)),
            ("polars", polars_types(table.to_polars())),
            ("pyarrow", {f.name: str(f.type) for f in pa.table(table).schema}),
        ):
            assert "null" not in types.values(), f"{name} ({size}): an untyped column in {key}"
            if key in seen:
                assert types == seen[key], f"{name}: the {key} types differ for {size} rows"
            seen[key] = types
        assert table.columns, name
    always = ("analyse by_band", "analyse by_treatment", "analyse by_status", "readiness", "soa rows", "audit checklist")
    assert 0 in sizes or name.startswith(always), f"{name}: the empty document gave rows ({sizes})"
    assert max(sizes) > 1 or name == "soa findings", f"{name}: no input gave many rows ({sizes})"


@pytest.mark.parametrize("name,make", TABLES, ids=[t[0] for t in TABLES])
def test_pandas_without_pyarrow_has_the_same_types(
    name: str, make: Callable[[Dict[str, Any]], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _, doc in documents():
        table = make(doc)
        through_arrow = table.to_pandas()
        with monkeypatch.context() as m:
            m.setattr(_tables, "_pyarrow", lambda: None)
            plain = make(doc).to_pandas()
        assert pandas_types(plain) == pandas_types(through_arrow), name
        pd.testing.assert_frame_equal(plain, through_arrow, check_exact=True)


@pytest.mark.parametrize("part", ["risks", "treatment_plan", "assets"])
def test_the_engine_builds_the_tables_its_records_give(part: str) -> None:
    for size, doc in documents():
        analysis = isms.analyse(doc)
        frame, polars = analysis.to_pandas(part), analysis.to_polars(part)
        assert part in analysis._lazy, "the table was built from dicts"
        records = isms.call("analyse", {"document": doc})[part]
        table = _tables.Table._of(_schema.of_op("analyse", part), records, analysis._bands())
        pd.testing.assert_frame_equal(frame, table.to_pandas(), check_exact=True)
        assert polars.equals(table.to_polars()), f"{part} ({size})"
        assert analysis.table(part).records() == table.records()


def test_an_analysis_is_the_engine_result_as_a_dict() -> None:
    import pickle

    doc = full()
    plain = isms.call("analyse", {"document": doc, "as_of": "2026-03-01"})
    fresh = lambda: isms.analyse(doc, as_of="2026-03-01")  # noqa: E731
    analysis = fresh()
    assert len(analysis) == len(plain) and "risks" in analysis and "nothing" not in analysis
    assert analysis["totals"] == plain["totals"] and analysis._lazy
    assert analysis["treatment_plan"] == plain["treatment_plan"]
    assert analysis.get("assets") == plain["assets"]
    assert list(analysis) == list(plain), "every list in, the keys are in the engine's order"
    assert not analysis._lazy
    assert json.dumps(fresh()) == json.dumps(plain)
    assert fresh() == plain and plain == fresh() and not (fresh() != plain)
    assert dict(fresh()) == plain and {**fresh()} == plain and list(fresh().items()) == list(plain.items())
    assert repr(fresh()) == repr(plain) and fresh().copy() == plain
    again = pickle.loads(pickle.dumps(fresh()))
    assert again == plain and isinstance(again, isms.Analysis) and not again._lazy
    assert copy.deepcopy(fresh()) == plain
    # Once read, the records are the caller's: the tables show their edits.
    edited = fresh()
    edited["risks"][0]["title"] = "Edited"
    assert edited.to_pandas()["title"][0] == "Edited"
    changed = fresh()
    changed["note"] = "mine"
    assert changed["note"] == "mine" and changed["risks"] == plain["risks"]


def test_a_diff_of_a_document_with_itself_has_the_columns() -> None:
    doc = full()
    frame = isms.diff(doc, doc).to_pandas()
    assert len(frame) == 0
    assert list(frame.columns)[:4] == ["change", "id", "title", "band"]
    assert {"inherent_before_score", "residual_after_band", "direction", "fields"} <= set(frame.columns)
    assert list(frame["change"].dtype.categories) == ["added", "removed", "rerated", "edited"]
    assert frame["band"].dtype.ordered and list(frame["band"].dtype.categories) == BANDS_5X5
    polars = isms.diff(doc, doc).to_polars()
    assert polars.columns == list(frame.columns) and polars.height == 0
    assert polars.schema["band"] == pl.Enum(BANDS_5X5)


def test_a_diff_of_only_reratings_keeps_band_and_fields() -> None:
    doc = full()
    frame = isms.diff(rerated(doc), doc).to_pandas()
    assert set(frame["change"]) == {"rerated"}
    assert "band" in frame.columns and "fields" in frame.columns
    assert frame["band"].isna().all()


def test_bands_are_ordered_categories_of_the_method_and_enums_in_polars() -> None:
    analysis = isms.analyse(full())
    frame = analysis.to_pandas()
    for column in ("inherent_band", "residual_band"):
        dtype = frame[column].dtype
        assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
        assert list(dtype.categories) == BANDS_5X5 == [c["key"] for c in analysis["by_band"]["inherent"]]
    assert (frame["inherent_band"] >= "high").sum() == sum(
        1 for r in analysis["risks"] if r["inherent"] and r["inherent"]["band"] in ("high", "critical")
    )
    polars = analysis.to_polars()
    assert polars.schema["inherent_band"] == pl.Enum(BANDS_5X5)
    assert polars.schema["status"] == pl.Enum(["identified", "assessed", "treating", "accepted", "closed"])
    # Another method: its own bands, in its order.
    three = isms.read_register(
        "id,title,likelihood,impact\nR1,a,1,1\nR2,b,3,3\n", method="iso27005-3x3"
    )
    bands = [b["id"] for b in isms.check_method("iso27005-3x3")["method"]["bands"]]
    assert list(three.to_pandas()["inherent_band"].dtype.categories) == bands


def test_scores_are_whole_numbers_and_missing_values_nullable() -> None:
    frame = isms.analyse(full()).to_pandas()
    assert str(frame["inherent_score"].dtype) == "Int64"  # a risk may be unrated
    assert frame["inherent_score"].dropna().tolist() == [
        int(s) for s in frame["inherent_score"].dropna().tolist()
    ]
    assert str(frame["residual_likelihood"].dtype) == "Int64"
    assert str(frame["residual_above_appetite"].dtype) == "boolean"
    assert str(frame["accepted"].dtype) == "bool"  # never missing
    assert str(frame["residual_derived"].dtype) == "bool"
    plan = isms.analyse(full()).to_pandas("treatment_plan")
    assert str(plan["score"].dtype) == "Int64"
    assert str(plan["due"].dtype).startswith("datetime64")
    polars = isms.analyse(full()).to_polars()
    assert polars.schema["inherent_score"] == pl.Int64
    assert str(isms.analyse(full()).to_polars("treatment_plan").schema["due"]) == "Date"


def halves() -> Dict[str, Any]:
    """The 5×5 method with likelihood levels worth 1.5, 2.5, …: scores with fractions."""
    method = copy.deepcopy(isms.check_method("iso27005-5x5")["method"])
    method["id"] = "halves"
    for i, level in enumerate(method["likelihood"]["levels"]):
        level["value"] = i + 1.5
    for band in method["bands"]:
        band["min"], band["max"] = band["min"] * 2 - 10, band["max"] * 2 + 10
    method["bands"][0]["min"] = 0
    method["bands"][-1]["max"] = 1000
    for lower, upper in zip(method["bands"], method["bands"][1:]):
        upper["min"] = lower["max"] + 0.01
    return method


def test_fractional_scores_stay_numbers() -> None:
    method = halves()
    register = isms.read_register("id,title,likelihood,impact\nR1,a,2,3\n", method=method)
    assert str(register.to_pandas()["inherent_score"].dtype) == "float64"
    assert register.to_pandas()["inherent_score"].tolist() == [7.5]


def test_a_method_with_fractional_scores_gives_number_scores_in_every_table() -> None:
    # Level 2 (2.5) by impact 2 scores a whole 5.0, by impact 3 7.5: the method decides the
    # type, not the rows a table happens to hold.
    method = halves()
    whole = isms.read_register("id,title,likelihood,impact\nR1,a,2,2\n", method=method)
    mixed = isms.read_register("id,title,likelihood,impact\nR1,a,2,2\nR2,b,2,3\n", method=method)
    assert whole.to_pandas()["inherent_score"].tolist() == [5.0]
    frames = [
        whole.to_pandas(), mixed.to_pandas(), whole.analysis.to_pandas("top"),
        isms.analyse(whole.document).to_pandas(), isms.analyse(dict(whole.document)).to_pandas("top"),
        isms.diff(whole.document, mixed.document).to_pandas(),
    ]
    for frame in frames:
        scores = {name: str(frame[name].dtype) for name in frame.columns if name.endswith("score")}
        assert scores and set(scores.values()) == {"float64"}, scores
    preset = isms.read_register("id,title,likelihood,impact\nR1,a,2,3\n", method="iso27005-5x5")
    for frame in (preset.to_pandas(), isms.analyse(preset.document).to_pandas()):
        assert str(frame["inherent_score"].dtype) in ("int64", "Int64")


def test_an_undecided_soa_has_typed_columns() -> None:
    doc = sized(0)
    doc["controls"] = []
    doc.pop("soa", None)
    soa = isms.soa(doc)
    assert all(r["applicable"] is None for r in soa["rows"])
    polars = soa.to_polars()
    assert polars.schema["applicable"] == pl.Boolean
    assert polars.schema["status"] == pl.Enum(["not_implemented", "planned", "partially_implemented", "implemented"])
    frame = soa.to_pandas()
    assert str(frame["applicable"].dtype) == "boolean" and frame["applicable"].isna().all()
    assert str(frame["effectiveness"].dtype) == "float64"


def test_the_register_analysis_gives_the_tables_its_help_promises() -> None:
    register = register_of(full())
    assert "risks" not in register.analysis  # the summary leaves the per-risk list out
    frame = register.analysis.to_pandas()
    pd.testing.assert_frame_equal(frame, register.to_pandas())
    assert list(frame.columns) == list(isms.analyse(register.document).to_pandas().columns)
    for name in ("top", "by_band.inherent", "by_owner", "by_treatment", "by_status"):
        assert register.analysis.to_pandas(name) is not None
    # The analysis of the register's document gives the same table.
    pd.testing.assert_frame_equal(frame, isms.analyse(register.document).to_pandas())


def test_every_table_named_in_the_help_of_a_result_converts() -> None:
    doc = full()
    analysis = isms.analyse(doc)
    for name in ("risks", "top", "treatment_plan", "by_band.inherent", "by_owner"):
        assert len(analysis.to_pandas(name)) == len(_at(analysis, name))
    assert len(isms.soa(doc).to_pandas()) == 95
    assert len(isms.readiness(doc).to_pandas()) == len(isms.readiness(doc)["gaps"])
    simulation = isms.simulate(doc, iterations=200, seed=1)
    frame = simulation.to_pandas()
    assert len(frame) == len(simulation["risks"]) and str(frame["inherent_ale"].dtype) == "float64"
    assert list(simulation.lec().columns) == ["loss", "inherent", "residual"]
    for records in (isms.catalogue(), isms.crosswalk(), isms.clauses(), isms.mandatory_documents()):
        assert len(records.to_pandas()) == len(records) and records.to_polars().height == len(records)
    empty = isms.catalogue(text="no control says this")
    assert list(empty.to_pandas().columns) == list(isms.catalogue().to_pandas().columns)


def _at(result: Any, name: str) -> Any:
    for part in name.split("."):
        result = result[part]
    return result


def test_a_field_the_engine_gains_becomes_a_column(monkeypatch: pytest.MonkeyPatch) -> None:
    before = list(isms.diff(EMPTY, full()).to_pandas().columns)
    api = copy.deepcopy(_schema._api())
    ref = api["$defs"]["RiskRef"]
    ref["properties"]["owner_before"] = {"type": ["string", "null"]}
    ref["required"].append("owner_before")
    monkeypatch.setattr(_schema, "_api", lambda: api)
    monkeypatch.setattr(_schema, "_OF_OP", {})
    frame = isms.diff(EMPTY, full()).to_pandas()
    assert "owner_before" in frame.columns and frame["owner_before"].isna().all()
    # The other columns keep their order around it.
    assert [c for c in frame.columns if c != "owner_before"] == before


def test_values_of_another_kind_are_an_error_naming_the_column() -> None:
    table = isms.Table.from_records(
        [{"n": "three"}], [isms.Column("n", ("n",), "integer", True)]
    )
    with pytest.raises(ValueError, match="column `n`: row 0"):
        table.to_pandas()
    missing = isms.Table.from_records([{}], [isms.Column("n", ("n",), "text", False)])
    with pytest.raises(ValueError, match="column `n`: row 0 has no value"):
        missing.to_polars()


def test_tables_of_plain_values_keep_working() -> None:
    table = isms.Table({"a": [1, 2], "b": ["x", None], "c": [[], ["y"]]})
    frame = table.to_pandas()
    assert str(frame["a"].dtype) == "Int64" and frame["c"].tolist() == [[], ["y"]]
    assert table.records() == [{"a": 1, "b": "x", "c": []}, {"a": 2, "b": None, "c": ["y"]}]
    assert isms.Table({"a": []}).to_polars().schema["a"] == pl.String


REGISTER_CSV = (
    "Ref,Risk,Owner,Likelihood,Impact,Treatment,Review\n"
    "R1,Ransomware encrypts file shares,CIO,4,5,Mitigate,2026-03-01\n"
    "R2,Phishing steals credentials,,2,3,Accept,\n"
    "R3,Supplier outage,CFO,1,2,,2026-12-15\n"
)


def register_frame() -> Any:
    import io

    frame = pd.read_csv(io.StringIO(REGISTER_CSV), parse_dates=["Review"])
    frame["Owner"] = frame["Owner"].astype("category")
    frame.index = [10, 20, 30]  # not a RangeIndex: left out as the rows path leaves it out
    return frame


def test_dataframes_read_through_arrow_as_the_csv_text_reads() -> None:
    from_csv = isms.read_register(REGISTER_CSV)
    frame = register_frame()
    assert str(frame["Likelihood"].dtype) == "int64" and frame["Treatment"].isna().any()
    for source in (frame, pl.from_pandas(frame), pa.Table.from_pandas(frame, preserve_index=False)):
        register = isms.read_register(source)
        assert register.document["risks"] == from_csv.document["risks"], type(source)
        assert register.analysis == from_csv.analysis
        assert register.summary["columns"] == from_csv.summary["columns"]


def test_a_frame_read_row_by_row_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    frame = register_frame()
    through_arrow = isms.read_register(frame)
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "pyarrow", None)  # pandas without pyarrow: read row by row
        row_by_row = isms.read_register(frame)
    assert row_by_row.document["risks"] == through_arrow.document["risks"]
    # A column Arrow lists are not read from the stream: the frame is read row by row.
    with_lists = pl.from_pandas(frame).with_columns(pl.lit(["x"]).alias("Tags"))
    risks = isms.read_register(with_lists).document["risks"]
    assert [r["x_source_columns"].pop("Tags") for r in risks] == ["['x']"] * 3
    for risk in risks:
        if not risk["x_source_columns"]:
            del risk["x_source_columns"]
    assert risks == through_arrow.document["risks"]


def test_a_bad_cell_of_a_frame_names_its_row_and_column() -> None:
    frame = register_frame()
    frame.loc[20, "Likelihood"] = 9
    with pytest.raises(isms.IsmsError) as error:
        isms.read_register(frame)
    assert error.value.row == 3 and error.value.column == "Likelihood"


def test_results_with_tables_still_pickle_and_copy() -> None:
    import pickle

    register = register_of(full())
    analysis = pickle.loads(pickle.dumps(register.analysis))
    assert analysis == register.analysis and isinstance(analysis, isms.Analysis)
    assert copy.deepcopy(register.analysis) == register.analysis
    diff = isms.diff(full(), full())
    again = pickle.loads(pickle.dumps(diff))
    assert list(again.to_pandas()["band"].dtype.categories) == BANDS_5X5


def test_a_register_table_gives_its_records_without_pyarrow_or_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    register = register_of(full())
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "polars", None)
    table = register.table()
    analysis = isms.analyse(register.document)
    expected = isms.Table.from_records(analysis["risks"], table.schema).records()
    assert table.records() == expected and len(expected) == len(register)
    assert table.column("inherent_band")[:2] == [r["inherent"]["band"] for r in analysis["risks"][:2]]
    assert "<table" in table._repr_html_()


def test_the_dataframe_benchmark_runs() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "bench" / "dataframes.py"), "--quick"],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    for line in ("read_register(pandas DataFrame)", "analyse(document)", "analysis.to_pandas()"):
        assert line in out
