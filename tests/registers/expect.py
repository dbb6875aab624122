#!/usr/bin/env python3
"""Writes (or, with ``--check``, compares) one shared case per register of this corpus, from what
the built Python package reads in it.

For every file of ``manifest.json`` (or the files named on the command line) this runs
``import_register`` of the installed ``isms`` with no column mapping (``on_error: "collect"``, so a
bad row is listed instead of failing the import) and writes ``tests/cases/registers/<name>.json``,
the file's name with ``_`` for ``.`` (``clean_risk_register_xlsx.json``):

    {"op": "import_register",
     "input": {"content": {"$fixture": "registers/<file>"}, "encoding": "base64", "format": …, "kind": …,
               "on_error": "collect"},
     "expect_subset": {format, sheet, header_row, rows, imported,
                       columns: [{field, column}], errors: [{row, field, code}],
                       document: {controls: [{control, applicable, reasons, status}, …]}   (SoA)},
     "expect_includes": {"/document/risks" or "/document/assets": [the first 3 records' id, title
                         or name, type, ratings or valuation]}}

When the package has ``inspect_register`` (the proposed reading), it is run too and its top-level
values and the field of each column are written to ``<name>_reading.json``.

A register the importer fails on writes no case: it is listed with its error. ``--check`` ends
with status 1 when a committed case differs from the output or its register now fails; registers
without a committed case are only listed. Cases are blessed from real output once the importer
reads the register right, reviewed by a human (is this the reading a person would want?), and
committed; a case written from a wrong reading is worse than none.

    python tests/registers/expect.py                       # write the case of every register that imports
    python tests/registers/expect.py clean_assets.csv      # only these
    python tests/registers/expect.py --check               # compare with the committed cases
    python tests/registers/expect.py --list                # what imports today, and each failure

The package is the one ``python`` imports: build it first (``tests/run``, or ``maturin develop`` in
bindings-python/ inside a virtual environment).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
CASES = TESTS / "cases" / "registers"
FIRST = 3  # records kept per register

# The fields of a record the cases keep: enough to see that the right column fed each field.
RISK_KEYS = ("id", "title", "assets", "threat", "vulnerability", "owner", "inherent", "residual", "controls",
             "treatment", "status")
ASSET_KEYS = ("id", "name", "type", "owner", "valuation")
CONTROL_KEYS = ("control", "applicable", "reasons", "status")


def manifest() -> List[Dict[str, Any]]:
    """The generated registers, then the public ones (``public/manifest.json``)."""
    entries = list(json.loads((HERE / "manifest.json").read_text(encoding="utf-8")))
    public = HERE / "public" / "manifest.json"
    if public.exists():
        entries += json.loads(public.read_text(encoding="utf-8"))
    return entries


def request_of(entry: Dict[str, Any]) -> Dict[str, Any]:
    """The case's input: the file as a fixture, and what the manifest says it is."""
    request: Dict[str, Any] = {
        "content": {"$fixture": f"registers/{entry['file']}"},
        "encoding": "base64",
        "format": entry["format"],
    }
    if entry["kind"] != "risks":
        request["kind"] = entry["kind"]
    request["on_error"] = "collect"
    return request


def resolved(request: Dict[str, Any]) -> Dict[str, Any]:
    """The request as the runners send it: the fixture replaced by the base64 of the file."""
    out = dict(request)
    name = request["content"]["$fixture"]
    out["content"] = base64.b64encode((TESTS / name).read_bytes()).decode("ascii")
    return out


def pick(record: Dict[str, Any], keys: Tuple[str, ...]) -> Dict[str, Any]:
    return {k: record[k] for k in keys if k in record}


def expectations(entry: Dict[str, Any], report: Dict[str, Any]) -> Dict[str, Any]:
    """The assertions of a case, from the import's report."""
    subset: Dict[str, Any] = {}
    for key in ("format", "sheet", "header_row", "rows", "imported"):
        if key in report:
            subset[key] = report[key]
    subset["columns"] = [pick(c, ("field", "column")) for c in report.get("columns", [])]
    subset["errors"] = [pick(e, ("row", "field", "code")) for e in report.get("errors", [])]
    document = report.get("document", {})
    case: Dict[str, Any] = {"expect_subset": subset}
    if entry["kind"] == "soa":
        subset["document"] = {"controls": [pick(c, CONTROL_KEYS) for c in document.get("controls", [])]}
    else:
        plural, keys = ("assets", ASSET_KEYS) if entry["kind"] == "assets" else ("risks", RISK_KEYS)
        first = [pick(r, keys) for r in document.get(plural, [])[:FIRST]]
        if first:
            case["expect_includes"] = {f"/document/{plural}": first}
    return case


def reading_expectations(reading: Dict[str, Any]) -> Dict[str, Any]:
    """The assertions of a reading case (``inspect_register``): its top-level values and the field
    each column was given."""
    subset: Dict[str, Any] = {k: v for k, v in reading.items() if isinstance(v, (str, int, float, bool))}
    columns = reading.get("columns")
    if isinstance(columns, list):
        subset["columns"] = [pick(c, ("field", "column")) for c in columns if isinstance(c, dict)]
    return {"expect_subset": subset}


def case_of(entry: Dict[str, Any], op: str, assertions: Dict[str, Any]) -> Dict[str, Any]:
    patterns = " ".join(entry["patterns"])
    return {
        "description": f"{entry['about']} [{patterns}]; {op} with no mapping, written by tests/registers/expect.py "
                       "from the importer's output and reviewed by hand",
        "op": op,
        "input": request_of(entry),
        **assertions,
    }


def run(isms: Any, op: str, entry: Dict[str, Any]) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The case of one register, or why there is none."""
    try:
        result = isms.call(op, resolved(request_of(entry)))
    except isms.IsmsError as err:
        return None, f"{err.code} at {err.path or '/'}: {err}"
    build = reading_expectations if op == "inspect_register" else lambda r: expectations(entry, r)
    return case_of(entry, op, build(result)), None


def case_path(file: str, op: str) -> Path:
    """``tests/cases/registers/<file with _ for .>.json`` (``clean_risk_register_xlsx.json``), with
    ``_reading`` before ``.json`` for the reading."""
    suffix = "_reading" if op == "inspect_register" else ""
    return CASES / f"{file.replace('.', '_').replace('/', '_')}{suffix}.json"


def text(case: Dict[str, Any]) -> str:
    return json.dumps(case, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", help="register files of manifest.json (default: all)")
    parser.add_argument("--check", action="store_true", help="compare with the committed cases; write nothing")
    parser.add_argument("--list", action="store_true", help="only say which registers import and why the others fail")
    args = parser.parse_args()

    import isms  # the built package; imported here so --help works without it

    entries = manifest()
    if args.files:
        known = {e["file"] for e in entries}
        unknown = [f for f in args.files if f not in known]
        if unknown:
            parser.error(f"not in manifest.json: {', '.join(unknown)}")
        entries = [e for e in entries if e["file"] in args.files]
    ops = ["import_register"] + (["inspect_register"] if "inspect_register" in isms.ops() else [])

    failed: List[str] = []
    differ: List[str] = []
    written: List[str] = []
    uncommitted: List[str] = []
    clean = 0
    for entry in entries:
        for op in ops:
            path = case_path(entry["file"], op)
            case, error = run(isms, op, entry)
            label = f"{entry['file']} ({op})"
            if case is None:
                failed.append(f"{label}: {error}")
                if args.check and path.exists():
                    differ.append(f"{label}: the committed case fails: {error}")
                continue
            if not case["expect_subset"].get("errors"):
                clean += 1
            if args.list:
                report = case["expect_subset"]
                print(f"ok    {label}: {report.get('imported', '?')} of {report.get('rows', '?')} rows, "
                      f"{len(report.get('errors', []))} row errors")
                continue
            if args.check:
                if not path.exists():
                    uncommitted.append(label)
                elif json.loads(path.read_text(encoding="utf-8")) != case:
                    differ.append(f"{label}: differs from {path.relative_to(TESTS)}")
                continue
            CASES.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text(case):
                path.write_text(text(case), encoding="utf-8")
                written.append(str(path.relative_to(TESTS)))

    for line in failed:
        print(f"fails {line}")
    for line in differ:
        print(f"diff  {line}")
    if uncommitted:
        print("imports, no committed case: " + ", ".join(uncommitted))
    if written:
        print("written: " + ", ".join(written))
    total = len(entries) * len(ops)
    print(f"{total - len(failed)} of {total} succeed with no mapping ({clean} without a row error); "
          f"{len(failed)} fail")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
