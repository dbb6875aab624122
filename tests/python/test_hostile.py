"""Hostile register files end in ``isms.IsmsError`` with a stable code, in bounded memory: never an
abort, a panic or gigabytes allocated from what a file claims. Each file is read in a subprocess
by ``isms.read_register(path)``, whose peak memory (``ru_maxrss``) is printed and bounded.

- a workbook of 1.5 KB with cells at ``A1`` and ``XFD1048576`` (a dense reader allocates the
  17 billion cells between them);
- a shared strings table that claims 4,000,000,000 strings;
- a zip bomb: a worksheet of a few megabytes compressed that inflates to more than 1 GB;
- a CSV of 100,000 columns.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Callable, Dict

import pytest

import isms

#: Peak memory allowed to the process reading one hostile file (the interpreter and the engine
#: take about 40 MB).
PEAK_BYTES = 1 << 30

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Risks" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _workbook(path: Path, sheet: str, shared: str | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)


def sparse_workbook(path: Path) -> None:
    """Two cells, at ``A1`` and ``XFD1048576``, and the dimension a writer gives them."""
    _workbook(
        path,
        SHEET_START + '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Risk</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>",
    )


def sparse_workbook_undeclared(path: Path) -> None:
    """The same cells without a dimension: refused by the range the cells use."""
    _workbook(
        path,
        SHEET_START + "<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Risk</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>",
    )


def shared_strings_claim(path: Path) -> None:
    """A shared strings table of two strings that claims 4,000,000,000."""
    _workbook(
        path,
        SHEET_START + "<sheetData>"
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
        "</sheetData></worksheet>",
        shared='<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="4000000000" uniqueCount="4000000000">'
        "<si><t>Risk</t></si><si><t>Phishing</t></si></sst>",
    )


def zip_bomb(path: Path) -> None:
    """A worksheet that inflates to 1.1 GB (about 1 MB compressed)."""
    row = b'<row><c t="inlineStr"><is><t>Phishing</t></is></c></row>'
    chunk = row * ((1 << 20) // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode() + b"<sheetData>")
            for _ in range(1100):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")


def wide_csv(path: Path) -> None:
    """A header and one row of 100,000 columns."""
    header = ",".join(["Risk", "Likelihood", "Impact"] + [f"note {i}" for i in range(3, 100_000)])
    row = ",".join(["Phishing", "2", "3"] + ["x"] * (100_000 - 3))
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")


#: Each hostile file: how it is made, its name, and the code reading it ends with.
FILES: Dict[str, tuple[Callable[[Path], None], str, str]] = {
    "sparse": (sparse_workbook, "sparse.xlsx", "file_too_large"),
    "sparse_undeclared": (sparse_workbook_undeclared, "sparse-undeclared.xlsx", "file_too_large"),
    "shared_strings": (shared_strings_claim, "shared-strings.xlsx", "file_too_large"),
    "zip_bomb": (zip_bomb, "bomb.xlsx", "file_too_large"),
    "wide_csv": (wide_csv, "wide.csv", "file_too_large"),
}

#: Run in the subprocess: read the register, print the error's code (or `ok`) and the peak memory.
READER = """
import resource, sys, isms
try:
    isms.read_register(sys.argv[1])
    print("ok")
except isms.IsmsError as e:
    print(e.code)
    print(str(e), file=sys.stderr)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {}
    for key, (make, name, _) in FILES.items():
        made[key] = folder / name
        make(made[key])
    return made


@pytest.mark.parametrize("key", list(FILES))
def test_a_hostile_file_is_refused_in_bounded_memory(
    key: str, files: Dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = files[key]
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", READER, str(path)], capture_output=True, text=True, timeout=300
    )
    seconds = time.monotonic() - start
    assert done.returncode == 0, f"the reader died ({done.returncode}): {done.stderr[-2000:]}"
    code, peak = done.stdout.split()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    # Shown in the suite's output, not captured: the peak memory is what the test is about.
    with capsys.disabled():
        print(
            f"\n{key}: {path.stat().st_size:,} bytes -> {code} in {seconds:.2f} s, "
            f"peak {int(peak) / 2**20:.0f} MiB (largest child so far {children / 2**20:.0f} MiB); "
            f"{done.stderr.strip()}"
        )
    assert code == FILES[key][2]
    assert int(peak) < PEAK_BYTES


def test_the_error_names_the_limit_and_the_claim(files: Dict[str, Path]) -> None:
    with pytest.raises(isms.IsmsError) as raised:
        isms.read_register(str(files["sparse"]))
    assert raised.value.code == "file_too_large"
    assert raised.value.path == "/content"
    assert "A1:XFD1048576" in str(raised.value) and "2,000,000" in str(raised.value)
    with pytest.raises(isms.IsmsError) as raised:
        isms.import_register(content=files["wide_csv"].read_text(encoding="utf-8"))
    assert raised.value.code == "file_too_large"
    assert "16,384" in str(raised.value)
