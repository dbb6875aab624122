"""The documents of the ISMS, the internal audit checklist and the management review pack from
Python: every document of the example as Markdown, HTML, CSV and XLSX; the checklist covering every
clause requirement and applicable control; the review pack's indicators as a DataFrame; CSV cells
that a spreadsheet would run as formulas made inert."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Dict

import openpyxl
import pytest

import isms

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "example-saas.isms.json"
DOCUMENTS = [
    "scope",
    "policy",
    "methodology",
    "risk_assessment",
    "treatment_plan",
    "soa",
    "objectives",
    "assets",
    "competence",
    "audit_programme",
    "audit_report",
    "management_review",
    "nonconformities",
    "incidents",
]


@pytest.fixture(scope="module")
def example() -> Dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("report", DOCUMENTS)
def test_every_document_carries_its_control_in_every_format(example: Dict[str, Any], report: str) -> None:
    md = isms.export(example, report=report, format="md", as_of="2026-11-01")
    assert isinstance(md, str) and md.startswith("# ")
    assert "- **Status:** Approved" in md and "DRAFT" not in md
    assert md == isms.export(example, report=report, format="markdown", as_of="2026-11-01")
    html = isms.export(example, report=report, format="html", as_of="2026-11-01")
    assert isinstance(html, str) and "<dt>Status</dt><dd>Approved" in html
    workbook = isms.export(example, report=report, format="xlsx", as_of="2026-11-01")
    assert isinstance(workbook, bytes)
    sheets = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    about = [row for row in sheets["About"].iter_rows(values_only=True)]
    assert ("Status", "Approved") in about or any(r[:2] == ("Status", "Approved") for r in about)


def test_a_document_without_approval_is_a_draft(example: Dict[str, Any]) -> None:
    doc = json.loads(json.dumps(example))
    for entry in doc["documents"]:
        if "6.1.2" in entry.get("requirements", []):
            del entry["approved_on"]
    md = isms.export(doc, report="methodology", format="md")
    assert isinstance(md, str) and "**DRAFT: not approved**" in md
    html = isms.export(doc, report="methodology", format="html")
    assert isinstance(html, str) and '<p class="draft">' in html


def test_the_methodology_is_written_from_the_method() -> None:
    presets = {m["id"]: m for m in isms.risk_methods()}
    written = {}
    for preset in ("iso27005-5x5", "iso27005-3x3"):
        doc = {"schema": "isms/2", "organisation": {"name": "Acme"}, "method": preset}
        md = isms.export(doc, report="methodology", format="md")
        assert isinstance(md, str)
        m = presets[preset]
        for level in m["likelihood"]["levels"] + m["impact"]["levels"]:
            assert f"| {level['label']} |" in md
        for band in m["bands"]:
            assert band["label"] in md
        written[preset] = md
    assert written["iso27005-5x5"] != written["iso27005-3x3"]


def test_the_audit_pack_zips_every_document(example: Dict[str, Any]) -> None:
    import zipfile

    pack = isms.export(example, report="audit_pack", format="zip", as_of="2026-11-01")
    assert isinstance(pack, bytes)
    archive = zipfile.ZipFile(io.BytesIO(pack))
    names = set(archive.namelist())
    for report in DOCUMENTS + ["readiness", "audit_checklist"]:
        name = f"documents/larkspur-metrics-ltd-{report.replace('_', '-')}.md"
        assert archive.read(name).decode("utf-8") == isms.export(
            example, report=report, format="md", as_of="2026-11-01"
        )
        assert name.replace(".md", ".html") in names
    workbook = openpyxl.load_workbook(io.BytesIO(archive.read("larkspur-metrics-ltd-soa.xlsx")))
    assert "SoA" in workbook.sheetnames
    profile = json.loads(archive.read("oscal/larkspur-metrics-ltd-oscal-profile.json"))
    assert profile == isms.oscal(example, model="profile", as_of="2026-11-01")


def test_csv_cells_never_run_as_formulas() -> None:
    doc = {
        "schema": "isms/2",
        "organisation": {"name": "Formula Ltd"},
        "risks": [
            {
                "id": "R1",
                "title": '=HYPERLINK("http://x.example","click")',
                "owner": "@owner",
                "inherent": {"likelihood": 4, "impact": 4},
                "treatment": {"option": "modify", "plan": [{"id": "T1", "description": "-1+2", "owner": "+me"}]},
            }
        ],
        "controls": [{"control": "A.8.5", "applicable": True, "owner": "=cmd", "evidence": ["@x"]}],
    }
    for report in ("treatment_plan", "soa", "risk_assessment"):
        text = isms.export(doc, report=report, format="csv")
        assert isinstance(text, str)
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (report, cell)


def test_the_checklist_covers_every_clause_requirement_and_applicable_control(example: Dict[str, Any]) -> None:
    checklist = isms.audit_checklist(example, as_of="2026-11-01")
    requirements = {r["id"] for r in isms.clauses() if r["kind"] == "requirement"}
    applicable = {r["control"] for r in isms.soa(example)["rows"] if r["applicable"] is True}
    frame = checklist.to_pandas()
    assert set(frame["reference"]) == requirements | applicable
    assert len(frame) == len(requirements | applicable)
    assert all(len(q) > 0 for q in frame["questions"])
    findings = checklist.to_pandas("findings")
    assert "not_audited_in_cycle" in set(findings["code"])
    assert isms.audit_checklist(example, as_of="2026-11-01", cycle_years=30)["summary"]["cycle_years"] == 30
    with pytest.raises(isms.IsmsError) as err:
        isms.audit_checklist(example, cycle_years=0)
    assert err.value.code == "schema_violation" and err.value.path == "/cycle_years"


def test_the_review_pack_shows_kpis_on_and_off_target(example: Dict[str, Any]) -> None:
    pack = isms.review_pack(example, as_of="2026-11-01")
    kpis = pack.to_pandas().set_index("id")
    assert bool(kpis.loc["KPI-01", "on_target"]) is True
    assert bool(kpis.loc["KPI-02", "on_target"]) is False
    assert list(pack.to_pandas("inputs")["input"]) == list("abcdefg")
    assert {f["code"] for f in pack["findings"]} >= {"kpi_off_target"}
    changed = json.loads(json.dumps(example))
    changed["context"]["issues"].pop()
    diff = isms.review_pack(changed, previous=example, as_of="2026-11-01")["changes"]
    assert [(c["kind"], c["change"]) for c in diff] == [("issue", "removed")]


# ---- Word: every report opens in python-docx, with its headings, tables and pages -------------

WORD_REPORTS = [
    "scope",
    "policy",
    "methodology",
    "risk_assessment",
    "treatment_plan",
    "soa",
    "objectives",
    "assets",
    "competence",
    "audit_programme",
    "audit_report",
    "management_review",
    "nonconformities",
    "incidents",
    "readiness",
    "audit_checklist",
]


@pytest.mark.parametrize("report", WORD_REPORTS)
def test_every_report_is_a_word_document_with_its_headings_and_tables(
    example: Dict[str, Any], report: str
) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    data = isms.export(example, report=report, format="docx", as_of="2026-11-01")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    word = docx.Document(io.BytesIO(data))
    markdown = isms.export(example, report=report, format="md", as_of="2026-11-01")
    assert isinstance(markdown, str)
    title = word.paragraphs[0]
    assert title.style is not None and title.style.name == "Title"
    assert word.core_properties.title == title.text
    # The sections are the Markdown's, in order, as Heading 1 (what the contents list shows).
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name.lower() == "heading 1"]
    expected = [line[3:].replace("\\", "") for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == expected
    contents = [p.text for p in word.paragraphs if p.style is not None and p.style.name.lower() == "toc 1"]
    assert contents == headings
    assert "TOC" in word.element.body.xml
    # Every table has a header row that repeats on every page; the first is the facts.
    assert word.tables
    for table in word.tables[1:]:
        row = table.rows[0]._tr
        assert row.trPr is not None and row.trPr.find(qn("w:tblHeader")) is not None
    # A wide table sits on landscape pages; the footer numbers the pages.
    wide = any(s.orientation == WD_ORIENT.LANDSCAPE for s in word.sections)
    html = isms.export(example, report=report, format="html", as_of="2026-11-01")
    assert isinstance(html, str)
    assert wide == ('<section class="wide"' in html)
    assert "NUMPAGES" in word.sections[0].footer._element.xml
    assert ("DRAFT" in word.paragraphs[1].text) == ("DRAFT" in markdown)
