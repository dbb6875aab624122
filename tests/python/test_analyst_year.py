"""The analyst's-year notebook ``bindings-python/examples/analysts-year.ipynb`` runs headless from
its own folder: the two yearly registers (workbooks without ids, rows shuffled) compare with the
true counts, the movement, heat map, loss and tornado figures are written, the SoA is drafted
from the risks and the workbook it writes reads back."""

from __future__ import annotations

import re

import nbformat
import openpyxl
import pytest
from notebooks import EXAMPLES, execute, output_text

NOTEBOOK = EXAMPLES / "analysts-year.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    out = tmp_path_factory.mktemp("analysts-year")
    nb = execute(NOTEBOOK, out, timeout=300)
    return nb, out


def test_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_every_cell_runs_and_the_year_compares_right(executed: tuple) -> None:
    nb, out = executed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [output_text(o) for o in outputs if o.output_type == "error"] == []
    text = "\n".join(output_text(o) for o in outputs)
    # FY2026 has 6 risks FY2025 did not; 3 were dropped, 8 re-rated, 4 reworded.
    for field, count in (("risks_added", 6), ("risks_removed", 3), ("risks_rerated", 8), ("risks_reworded", 4)):
        assert re.search(rf"^{field} +{count}$", text, re.MULTILINE), field
    assert "warnings without a key: ['ids_by_position']" in text
    assert "controls proposed as applicable from 47 risks" in text
    for figure in ("movement.png", "heat-maps.png", "loss-exceedance.png", "tornado.png"):
        assert (out / figure).stat().st_size > 10_000, figure
    # Figures are also shown in the notebook.
    assert sum(1 for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})) >= 4
    book = openpyxl.load_workbook(out / "larkspur-fy2026.xlsx", read_only=True)
    assert "Statement of Applicability" in " ".join(book.sheetnames) or len(book.sheetnames) >= 3
