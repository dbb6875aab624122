"""Registers from CSV, XLSX, bytes and DataFrames; result tables in pandas, polars and Arrow;
notebook representations and the heat-map plot."""

from __future__ import annotations

import io
import json
from pathlib import Path

import isms
import pytest

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "example-saas.isms.json"

CSV = (
    "Acme risk register,,,,,\n"
    "Ref,Risk,Risk owner,Likelihood,Impact,Treatment,Notes\n"
    "R1,Ransomware encrypts file shares,CIO,High,High,Mitigate,check backups\n"
    "R2,Phishing steals credentials,CISO,Medium,Low,Accept,\n"
    "R3,Supplier outage,CFO,Low,Medium,Transfer,\n"
)


def test_csv_path_is_read_scored_and_analysed(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(CSV, encoding="utf-8")
    register = isms.read_register(path, method="iso27005-5x5")
    assert len(register) == 3 and register.kind == "risks"
    assert register.summary["header_row"] == 2
    assert {c["field"]: c["header"] for c in register.summary["columns"]}["owner"] == "Risk owner"
    a = register.analysis
    assert isinstance(a, isms.Analysis)
    assert a["totals"]["risks"] == 3
    critical = {c["key"]: c["count"] for c in a["by_band"]["inherent"]}
    # Low/Medium/High are read by meaning on the 5×5 method: 2, 3 and 4 (High × High is 16).
    assert critical == {"low": 0, "medium": 2, "high": 0, "critical": 1}
    assert sum(map(sum, a["heat_map"]["inherent"])) == 3
    df = register.to_pandas()
    assert list(df["id"]) == ["R1", "R2", "R3"]
    assert list(df["inherent_score"]) == [16.0, 6.0, 6.0]
    assert list(df["inherent_band"]) == ["critical", "medium", "medium"]
    assert df["inherent_likelihood"].dtype.kind == "i"
    assert str(df["inherent_above_appetite"].dtype) == "boolean"  # missing where a risk is unrated
    assert register.document["risks"][0]["x_source_columns"] == {"Notes": "check backups"}


def test_a_register_path_reads_as_its_bytes_and_text(tmp_path: Path) -> None:
    # Read by the engine from the path (UTF-8, with a byte-order mark, Windows-1252), by Python
    # as bytes, and as text: the same register.
    for name, raw in [
        ("utf8.csv", CSV.encode("utf-8")),
        ("bom.csv", b"\xef\xbb\xbf" + CSV.encode("utf-8")),
        ("cp1252.csv", CSV.replace("Supplier", "Supplier café").encode("cp1252")),
    ]:
        path = tmp_path / name
        path.write_bytes(raw)
        by_path = isms.read_register(path, method="iso27005-5x5")
        by_str = isms.read_register(str(path), method="iso27005-5x5")
        by_bytes = isms.read_register(raw, method="iso27005-5x5")
        assert by_path.summary == by_str.summary == by_bytes.summary
        assert by_path.document == by_bytes.document
        assert by_path.analysis == by_bytes.analysis
    assert isms.read_register(tmp_path / "cp1252.csv").summary["encoding"] == "windows-1252"


def test_a_register_path_that_cannot_be_read_raises_as_open_does(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    with pytest.raises(FileNotFoundError) as raised:
        isms.read_register(missing)
    assert raised.value.filename == str(missing) and raised.value.errno == 2
    with pytest.raises(IsADirectoryError):
        isms.read_register(str(tmp_path))


@pytest.mark.parametrize("columns", ["common", "with controls"])
def test_a_register_counts_closed_risks_when_asked(columns: str) -> None:
    # The common columns are analysed as columns; a controls column takes the full import: both
    # leave closed risks out of the counts unless asked, as `isms.analyse` does.
    header = "Ref,Risk,Risk owner,Likelihood,Impact,Status" + (",Controls" if columns != "common" else "")
    rows = [
        "R1,Ransomware encrypts file shares,CIO,5,5,Closed",
        "R2,Phishing steals credentials,CISO,3,2,Open",
        "R3,Supplier outage,CFO,2,3,Closed",
    ]
    if columns != "common":
        rows = [row + ",A.8.13" for row in rows]
    text = "\n".join([header, *rows]) + "\n"
    left_out = isms.read_register(text, method="iso27005-5x5").analysis
    kept = isms.read_register(text, method="iso27005-5x5", include_closed=True).analysis
    assert (left_out["totals"]["risks"], kept["totals"]["risks"]) == (1, 3)
    assert left_out["totals"]["closed"] == kept["totals"]["closed"] == 2
    assert [r["id"] for r in left_out["top"]] == ["R2"]
    assert [r["id"] for r in kept["top"]] == ["R1", "R2", "R3"]
    document = isms.read_register(text, method="iso27005-5x5").document
    for include_closed, analysis in ((False, left_out), (True, kept)):
        full = isms.analyse(document, include_closed=include_closed)
        assert {k: v for k, v in full.items() if k not in ("risks", "treatment_plan", "assets")} == analysis
    assert len(isms.read_register(text, include_closed=True).to_pandas()) == 3


def test_bands_match_the_rate_op() -> None:
    register = isms.read_register(CSV)
    for row in register.table().records():
        rated = isms.rate(
            method="iso27005-5x5",
            likelihood=row["inherent_likelihood"],
            impact=row["inherent_impact"],
        )
        assert (row["inherent_score"], row["inherent_band"]) == (rated["score"], rated["band"])


def test_csv_text_bytes_rows_and_dataframes_agree() -> None:
    from_text = isms.read_register(CSV).to_pandas()
    from_bytes = isms.read_register(CSV.encode()).to_pandas()
    frame = pd.read_csv(io.StringIO(CSV), skiprows=1)
    from_pandas = isms.read_register(frame).to_pandas()
    from_polars = isms.read_register(pl.read_csv(io.StringIO(CSV), skip_rows=1)).to_pandas()
    rows = [["Risk", "Likelihood", "Impact"], ["Ransomware encrypts file shares", 5, 5.0]]
    from_rows = isms.read_register(rows).to_pandas()
    for other in (from_bytes, from_pandas, from_polars):
        assert list(other["inherent_score"]) == list(from_text["inherent_score"])
        assert list(other["title"]) == list(from_text["title"])
    assert from_rows["inherent_score"].tolist() == [25.0]


def test_dataframe_missing_values_are_empty_cells() -> None:
    frame = pd.DataFrame({"Risk": ["A", "B"], "Likelihood": [2, None], "Impact": [3, None]})
    df = isms.read_register(frame).to_pandas()
    assert df["inherent_score"].tolist()[0] == 6.0
    assert pd.isna(df["inherent_score"].tolist()[1])


def test_xlsx_bytes_from_openpyxl() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Risk", "Probability", "Consequence", "Due date", "Action"])
    ws.append(["Laptop theft", 2, 4, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    register = isms.read_register(buf.getvalue())
    assert register.summary["format"] == "xlsx"
    assert register.to_pandas()["inherent_score"].tolist() == [8.0]


def test_bad_cell_raises_with_row_and_column() -> None:
    bad = CSV.replace("Medium,Low", "Medium,Enormous")
    with pytest.raises(isms.IsmsError) as info:
        isms.read_register(bad)
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.code, err.row, err.column) == ("invalid_value", 4, "Impact")
    assert err.path == "/risks/1/inherent/impact"
    assert err.details["errors"][0]["value"] == "Enormous"


def test_collect_keeps_good_rows_and_lists_bad_ones() -> None:
    bad = CSV.replace("Medium,Low", "Medium,Enormous")
    register = isms.read_register(bad, on_error="collect")
    assert len(register) == 2
    errors = register.errors.to_pandas()
    assert errors[["row", "column", "code"]].values.tolist() == [[4, "Impact", "invalid_value"]]


def test_other_errors_have_no_row() -> None:
    with pytest.raises(isms.IsmsError) as info:
        isms.catalogue(theme="nope")
    assert info.value.row is None and info.value.column is None
    with pytest.raises(TypeError):
        isms.read_register(42)  # type: ignore[arg-type]


def test_asset_register_into_a_document() -> None:
    doc = isms.Document.load(FIXTURE)
    assets = "Asset,Type,C,I,A\nBilling ledger,Data,High,High,Medium\n"
    register = isms.read_register(assets, kind="assets", document=doc)
    assert register.kind == "assets"
    added = register.document["assets"][-1]
    assert added["name"] == "Billing ledger" and added["type"] == "information"
    assert register.to_pandas()["name"].tolist()[-1] == "Billing ledger"
    with pytest.raises(ValueError):
        register.analysis


def test_statement_of_applicability_into_control_records() -> None:
    rows = [
        ["Control", "Applicable", "Reasons", "Status"],
        ["A.5.1.1", "Yes", "LR, RRA", "Implemented"],
        ["A.5.1.2", "Yes", "BR", "Implemented"],
        ["A.12.2.1", "No", "", "Not applicable"],
    ]
    register = isms.read_register(rows, kind="soa")
    assert register.kind == "soa" and len(register) == 2
    table = register.table()
    assert table.column("control") == ["A.5.1", "A.8.7"]
    assert table.column("reasons")[0] == ["risk_treatment", "legal", "business_requirement"]
    assert register.to_pandas()["applicable"].tolist() == [True, False]
    assert any("A.5.1" in note and "merged" in note for note in register.summary["notes"])
    summary = isms.soa(register.document)["summary"]
    assert (summary["applicable"], summary["not_applicable"], summary["undecided"]) == (1, 1, 91)
    with pytest.raises(ValueError):
        register.analysis


def test_a_register_read_again_updates_its_risks() -> None:
    first = isms.read_register(CSV, method="iso27005-3x3")
    with pytest.raises(isms.IsmsError) as err:
        isms.read_register(CSV, document=first.document)
    assert (err.value.code, err.value.row, err.value.column) == ("duplicate_id", 3, "Ref")
    again = isms.read_register(
        CSV.replace("CFO,Low", "COO,High"), document=first.document, existing="update"
    )
    assert (len(again), again.summary["updated"]) == (3, 3)
    risks = again.document["risks"]
    assert [r["id"] for r in risks] == ["R1", "R2", "R3"]
    assert risks[2]["owner"] == "COO" and risks[2]["inherent"]["likelihood"] == 3
    assert risks[0]["x_source_columns"] == {"Notes": "check backups"}


def test_import_register_op_takes_bytes() -> None:
    out = isms.import_register(content=CSV.encode("utf-8"), method="iso27005-3x3")
    assert out["imported"] == 3
    assert out["document"]["risks"][0]["inherent"] == {"likelihood": 3, "impact": 3}


def test_result_tables_convert_to_pandas_polars_and_arrow() -> None:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    catalogue = isms.catalogue()
    assert catalogue == isms.call("catalogue", {})  # still the plain JSON list
    cat = catalogue.to_pandas()
    assert len(cat) == 93 and {"id", "title", "theme"} <= set(cat.columns)
    assert isinstance(cat["attributes_control_type"].iloc[0], list)  # nested objects flattened
    soa = isms.soa(doc)
    rows = soa.to_pandas()
    assert len(rows) == soa["summary"]["controls"] == 95
    assert soa.to_polars().height == len(rows)
    arrow = pa.table(soa.table())
    assert arrow.num_rows == len(rows) and "control" in arrow.column_names
    analysis = isms.analyse(doc)
    assert analysis.to_pandas()["id"].tolist() == [r["id"] for r in analysis["risks"]]
    assert len(analysis.to_pandas("treatment_plan")) == len(analysis["treatment_plan"])
    assert "inherent_score" in analysis.to_pandas().columns  # nested ratings flattened
    gaps = isms.readiness(doc).to_pandas()
    assert len(gaps) == len(isms.readiness(doc)["gaps"])
    old = json.loads(json.dumps(doc))
    old["risks"] = old["risks"][:-1]
    changes = isms.diff(old, doc).to_pandas()
    assert changes["change"].tolist() == ["added"]
    with pytest.raises(KeyError):
        soa.table("nope")


def test_register_streams_to_polars_without_pyarrow_objects() -> None:
    register = isms.read_register(CSV)
    frame = register.to_polars()
    assert frame.columns[:3] == ["id", "title", "owner"]
    assert frame["inherent_score"].to_list() == [16.0, 6.0, 6.0]


def test_html_representations_escape_user_text() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    doc["organisation"]["name"] = hostile
    doc["risks"][0]["title"] = hostile
    for shown in (
        isms.Document(doc)._repr_html_(),
        isms.analyse(doc, top=50)._repr_html_(),
        isms.soa(doc)._repr_html_(),
        isms.read_register([["Risk"], [hostile]])._repr_html_(),
        isms.catalogue(text="backup")._repr_html_(),
    ):
        assert "<img" not in shown
    assert "&lt;img src=x" in isms.Document(doc)._repr_html_()
    assert "Inherent" in isms.analyse(doc)._repr_html_()


def test_heat_map_plot() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import isms.plot

    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    analysis = isms.analyse(doc)
    figure = isms.plot.heat_map(analysis, title="Example")
    inherent, residual = figure.axes
    assert inherent.get_title(loc="left").startswith("Inherent")
    assert residual.get_title(loc="left").startswith("Residual")
    shown = sum(int(t.get_text()) for t in inherent.texts)
    assert shown == sum(map(sum, analysis["heat_map"]["inherent"]))
    buf = io.BytesIO()
    figure.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


MESSY = (
    "Risk register FY2026,,,,\n"
    ",,,,\n"
    "Ref,Scenario,Liklihood,Impact,Notes\n"
    "R1,Flood in the basement,High,Low,pumps\n"
    "R2,Fire in the server room,Medium,Very high,\n"
)


def test_inspect_register_shows_the_reading_and_takes_it_back_changed() -> None:
    reading = isms.inspect_register(MESSY)
    assert isinstance(reading, isms.Reading)
    assert reading["header_rows"] == [3]
    fields = [c["field"] for c in reading["columns"]]
    assert fields == ["id", "description", "likelihood", "impact", None]
    assert reading.column("C")["confidence"] > 0.5
    assert [r["id"] for r in reading["preview"]] == ["R1", "R2"]
    likelihood = next(s for s in reading["scales"] if s["field"] == "likelihood")
    assert likelihood["source"] == "common" and likelihood["labels"]["High"] == 4
    html = reading._repr_html_()
    assert "Liklihood" in html and "<table" in html and "First records" in html
    assert "columns read" in repr(reading)
    # The user reads Notes as the threat and High as level 5, and imports by the reading.
    reading.set_field("Notes", "threat").set_level("likelihood", "High", 5)
    register = isms.read_register(MESSY, reading=reading)
    risk = register.document["risks"][0]
    assert (risk["threat"], risk["inherent"]["likelihood"]) == ("pumps", 5)
    assert risk["title"] == "Flood in the basement"
    # The op's whole request is taken too, as import_register takes it.
    assert isms.inspect_register({"content": MESSY})["header_rows"] == [3]


def test_cells_people_write_for_nothing_are_empty_and_words_are_read() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "Risk": ["Flood", "Fire", "Theft"],
            "Likelihood": ["High", None, "TBC"],
            "Impact": ["Low", "Medium", "n/a"],
            "Status": ["Overdue", "In progress", "Tolerate"],
            "Due": [pd.Timestamp("2026-01-31"), pd.NaT, None],
        }
    )
    register = isms.read_register(frame, values={"status": {"Tolerate": "accepted"}})
    risks = register.document["risks"]
    assert [r.get("status") for r in risks] == ["treating", "treating", "accepted"]
    assert risks[0]["inherent"] == {"likelihood": 4, "impact": 2}
    assert "inherent" not in risks[2]
    assert risks[0]["treatment"]["plan"][0]["due"] == "2026-01-31"


def test_the_register_table_is_the_analysis_table_of_its_document_every_time() -> None:
    # The register scores its document once, for its first table, and builds later tables from
    # those scores: every table is the one the document's analysis gives.
    text = CSV + "".join(f"R{i},Risk {i},Owner {i % 3},Medium,High,Mitigate,\n" for i in range(4, 60))
    register = isms.read_register(text, method="iso27005-5x5")
    expected = isms.analyse(register.document).to_pandas()
    for _ in range(2):
        pd.testing.assert_frame_equal(register.to_pandas(), expected, check_exact=True)
    assert register.to_polars().equals(isms.analyse(register.document).to_polars())
