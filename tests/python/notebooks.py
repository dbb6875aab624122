"""Running the example notebooks headless for the tests: each runs from its own folder with the
``python3`` kernel (with ipykernel installed in the interpreter running the tests, jupyter_client
provides it from this same interpreter, so the notebook sees the installed ``isms`` package) and
writes its files to ``ISMS_OUTPUT_DIR``."""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "bindings-python" / "examples"


def output_text(output: nbformat.NotebookNode) -> str:
    """The text an output shows: a stream, the plain text of a result, or an error's message."""
    if output.output_type == "stream":
        return str(output.text)
    if output.output_type in ("execute_result", "display_data"):
        return str(output.get("data", {}).get("text/plain", ""))
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}"
    return ""


def execute(notebook: Path, out: Path, timeout: int) -> nbformat.NotebookNode:
    """``notebook`` executed from its folder, its files written to ``out``."""
    with pytest.MonkeyPatch.context() as mp:
        # Set before the kernel starts, so the kernel process inherits it.
        mp.setenv("ISMS_OUTPUT_DIR", str(out))
        mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        nb = nbformat.read(notebook, as_version=4)
        nbclient.NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
        ).execute()
    return nb
