"""The example notebook ``bindings-python/examples/risk-analysis.ipynb`` runs headless from its own
folder: every cell succeeds, the spreadsheet register imports in full, and the SoA workbook it
writes to ``ISMS_OUTPUT_DIR`` reads back with one row per control.

The kernel is ``python3``: with ipykernel installed in the interpreter running the tests,
jupyter_client provides that kernel from this same interpreter, so the notebook sees the installed
``isms`` package.
"""

from __future__ import annotations

import sys

import nbformat
import openpyxl
import pytest
from notebooks import EXAMPLES, execute, output_text

NOTEBOOK = EXAMPLES / "risk-analysis.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The notebook executed once, with its output folder."""
    out = tmp_path_factory.mktemp("notebook-output")
    nb = execute(NOTEBOOK, out, timeout=120)
    return nb, out


def test_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_every_cell_runs(executed: tuple) -> None:
    nb, _ = executed
    errors = [
        output_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")


def test_the_register_imports_in_full_and_errors_are_shown(executed: tuple) -> None:
    nb, _ = executed
    text = "\n".join(output_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "<isms.Register risks: 20 of 20 rows imported, 0 errors>" in text
    assert "20 risks read from risk-register.csv" in text
    # The deliberate errors: the first bad cell raised, then all of them collected.
    assert "row:    23" in text and "code:   invalid_value" in text
    assert "<isms.Register risks: 20 of 22 rows imported, 4 errors>" in text
    assert "superseded_control" in text


def test_the_heat_map_is_drawn(executed: tuple) -> None:
    nb, out = executed
    images = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})
    ]
    assert len(images) == 1
    assert (out / "heat-map.png").stat().st_size > 10_000


def test_the_soa_workbook_reads_back(executed: tuple) -> None:
    _, out = executed
    path = out / "statement-of-applicability.xlsx"
    assert path.is_file()
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Control"
    assert len(rows) - 1 >= 93  # every Annex A control, plus the custom ones
    controls = {r[0] for r in rows[1:]}
    assert {"A.5.1", "A.8.34"} <= controls


def test_the_kernel_is_this_interpreter() -> None:
    """``python3`` resolves to the interpreter running the tests (ipykernel's own kernel spec)."""
    from jupyter_client import KernelManager

    manager = KernelManager(kernel_name="python3")
    manager.connection_file = "kernel.json"
    assert manager.format_kernel_cmd()[0] == sys.executable
