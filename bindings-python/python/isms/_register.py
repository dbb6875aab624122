"""Registers from outside: :func:`read_register` reads a risk or asset register or a Statement of
Applicability from a CSV or XLSX file, bytes, rows or a pandas/polars DataFrame, and returns a
:class:`Register`."""

from __future__ import annotations

import json
import math
import os
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _native
from ._request import from_json, to_json
from . import _schema
from ._schema import Column
from ._tables import Analysis, Document, Table, Tabular

__all__ = ["Reading", "Register", "inspect_register", "read_register"]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, List[List[Any]], Any]


class Register(Tabular):
    """An imported register: ``summary`` (how the columns and ratings were read), ``errors``,
    the resulting ``document``, and for risks the ``analysis`` and the scored register as a table
    (:meth:`table`, :meth:`to_pandas`, :meth:`to_polars`, ``__arrow_c_stream__``)."""

    __slots__ = ("_native", "_summary", "_analysis", "_document", "_whole")

    def __init__(self, native: Any, whole_scores: Optional[bool] = None) -> None:
        self._native = native
        self._summary: Dict[str, Any] = json.loads(native.summary())
        text = native.analysis()
        self._analysis: Optional[Analysis] = Analysis(from_json(text)) if text is not None else None
        if self._analysis is not None:
            # The summary leaves the per-risk list out; its `risks` table is the register's.
            self._analysis._risks = self.table
        self._document: Optional[Document] = None
        #: Whether the method gives whole scores only (its score columns integers then).
        self._whole = whole_scores
        if self._analysis is not None:
            self._analysis._whole_scores = whole_scores

    @property
    def kind(self) -> str:
        """``"risks"``, ``"assets"`` or ``"soa"``."""
        return str(self._summary["kind"])

    @property
    def summary(self) -> Dict[str, Any]:
        """The import's report: ``columns`` read, ``ignored`` columns, ``scales`` (how each rating
        column was read), ``rows``, ``imported``, ``errors``, ``notes``."""
        return self._summary

    @property
    def errors(self) -> Table:
        """The rows that did not import (with ``on_error="collect"``): row, column, code, message."""
        return Table.from_records(self._summary["errors"], _schema.of_op("import_register", "errors"))

    @property
    def document(self) -> Document:
        """The ISMS document holding the imported records."""
        if self._document is None:
            self._document = Document(from_json(self._native.document()))
        return self._document

    @property
    def analysis(self) -> Analysis:
        """Totals, heat maps (inherent and residual), counts by band, owner, asset, treatment and
        status and the top risks. Its per-risk table is :meth:`table`; the findings about the
        document come from ``isms.validate(register.document)``."""
        if self._analysis is None:
            what = "an asset register" if self.kind == "assets" else "a Statement of Applicability"
            raise ValueError(f"{what} has no risk analysis")
        return self._analysis

    def table(self) -> Table:
        """The scored register (risks), the imported assets or the imported control records (soa),
        one row per record."""
        if self.kind == "assets":
            return Table.from_records(self.document.get("assets", []), _schema.of_definition("Asset"))
        if self.kind == "soa":
            return Table.from_records(self.document.get("controls", []), _schema.of_definition("ControlRecord"))
        bands = self._analysis._bands() if self._analysis is not None else None
        return Table._of(
            _schema.of_op("analyse", "risks"), bands=bands, native=self._native.table, whole_scores=self._whole
        )

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        s = self._summary
        return f"<isms.Register {s['kind']}: {s['imported']} of {s['rows']} rows imported, {len(s['errors'])} errors>"

    def _repr_html_(self) -> str:
        import html

        s = self._summary
        head = (
            f"<h4>{html.escape(s['kind'].capitalize())} register: {s['imported']} of {s['rows']} rows imported"
            f"{', ' + str(len(s['errors'])) + ' errors' if s['errors'] else ''}</h4>"
        )
        columns = Table.from_records(s["columns"])._repr_html_()
        body = self._analysis._repr_html_() if self._analysis is not None else ""
        return head + columns + body


def _whole_scores(method: Any) -> Optional[bool]:
    """Whether every score of ``method`` (a preset id, a method dict, or ``None`` for the default)
    is whole, or ``None`` when it cannot be read (the read then fails on it)."""
    try:
        checked = json.loads(_native.call("check_method", to_json({"method": method or "iso27005-5x5"})))
    except (_native.IsmsError, ValueError, TypeError):
        return None
    return _schema.whole_scores(checked)


def _is_frame(source: Any) -> bool:
    """Whether ``source`` is a table of columns: a pandas or polars DataFrame, or anything with
    the Arrow PyCapsule stream interface (a pyarrow Table, a DuckDB result, …)."""
    module = type(source).__module__
    return (
        (module.startswith("pandas") and hasattr(source, "itertuples"))
        or (module.startswith("polars") and hasattr(source, "iter_rows"))
        or hasattr(source, "__arrow_c_stream__")
    )


def _frame_rows(frame: Any) -> Optional[List[List[Any]]]:
    """The header and rows of a pandas or polars DataFrame, or None for anything else."""
    module = type(frame).__module__
    if module.startswith("pandas") and hasattr(frame, "itertuples"):
        header = [str(c) for c in frame.columns]
        rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        return [header, *rows]
    if module.startswith("polars") and hasattr(frame, "iter_rows"):
        return [[str(c) for c in frame.columns], *([_plain(v) for v in row] for row in frame.iter_rows())]
    return None


def _arrow_source(frame: Any) -> Optional[Any]:
    """An object offering the Arrow C stream of a DataFrame's columns (the index of a pandas
    frame left out, column names as text), or None when the frame cannot be read that way."""
    module = type(frame).__module__
    if module.startswith("pandas") and hasattr(frame, "itertuples"):
        try:
            import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            return None
        renamed = frame.rename(columns=str) if any(not isinstance(c, str) for c in frame.columns) else frame
        try:
            return pa.Table.from_pandas(renamed, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError, TypeError):
            return None  # mixed kinds in one column: read row by row
    if hasattr(frame, "__arrow_c_stream__"):
        return frame
    return None


def _plain(value: Any) -> Any:
    """A DataFrame cell as JSON: missing values (NaN, NaT, None) empty, dates as ISO text."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value != value:  # NaN of numpy, NaT, pandas.NA
            return None
    except (TypeError, ValueError):
        return None
    if hasattr(value, "isoformat"):
        try:
            return str(value.isoformat())[:10]
        except (TypeError, ValueError):
            return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, (str, int, float, bool)):
        return value
    text = str(value)
    return None if text in ("NaT", "<NA>", "nan") else text


def _file_path(source: object) -> Optional[str]:
    """The path of a register given as a file's path (a ``str`` without a line break, or an
    ``os.PathLike``), else ``None``."""
    if isinstance(source, str):
        return None if "\n" in source or "\r" in source else source
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        return path if isinstance(path, str) else None
    return None


def _register_request(
    source: Source, what: str, options: Mapping[str, Any]
) -> "tuple[Dict[str, Any], Optional[bytes]]":
    """The request of a register read (without its file's bytes) and those bytes, if any."""
    request: Dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    data: Optional[bytes] = None
    rows = _frame_rows(source)
    if rows is not None:
        request["rows"] = rows
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, list):
        request["rows"] = source
    elif isinstance(source, str) and _file_path(source) is None:
        request["content"] = source
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            data = f.read()
    else:
        raise TypeError(
            f"{what} expects a path, bytes, CSV text, a list of rows or a DataFrame, "
            f"not {type(source).__name__}"
        )
    return request, data


_READING_COLUMNS = [
    Column("column", ("column",), "text", False),
    Column("header", ("header",), "text", False),
    Column("field", ("field",), "text", True),
    Column("confidence", ("confidence",), "number", False),
    Column("alternatives", ("alternatives",), "text", False),
]


class Reading(dict):  # type: ignore[type-arg]
    """How a register would be read (:func:`inspect_register`): ``sheet`` and ``sheets``,
    ``header_rows``, ``columns`` (each column's ``field``, ``confidence`` and ``alternatives``),
    ``scales`` (how each rating column's values map onto the method), ``preview`` (the first
    records as they would import), ``problems`` and ``notes``. Change a column's ``field`` or a
    label's level in ``scales`` and pass it back as ``read_register(..., reading=reading)``."""

    def column(self, column: str) -> Dict[str, Any]:
        """The reading of one column, by letter (``"C"``) or header."""
        for c in self.get("columns", []):
            if c["column"] == column or c.get("header") == column:
                return c  # type: ignore[no-any-return]
        raise KeyError(column)

    def set_field(self, column: str, field: Optional[str]) -> "Reading":
        """Reads ``column`` (letter or header) as ``field`` (``None``: not read); returns self."""
        self.column(column)["field"] = field
        return self

    def set_level(self, field: str, label: str, level: int) -> "Reading":
        """Reads ``label`` of the rating ``field`` as ``level``; returns self."""
        for scale in self.get("scales", []):
            if scale["field"] == field:
                scale.setdefault("labels", {})[label] = level
                return self
        self.setdefault("scales", []).append({"field": field, "labels": {label: level}})
        return self

    @property
    def columns(self) -> Table:
        """Each column: letter, header, field, confidence."""
        return Table.from_records(
            [
                {
                    "column": c["column"],
                    "header": c.get("header", ""),
                    "field": c.get("field"),
                    "confidence": c.get("confidence", 0.0),
                    "alternatives": ", ".join(
                        f"{a['field']} ({a['confidence']:.2f})" for a in c.get("alternatives", [])
                    ),
                }
                for c in self.get("columns", [])
            ],
            _READING_COLUMNS,
        )

    def __repr__(self) -> str:
        read = sum(1 for c in self.get("columns", []) if c.get("field"))
        where = f"sheet {self['sheet']!r}, " if self.get("sheet") else ""
        return (
            f"<isms.Reading {self.get('kind')}: {where}header row {self.get('header_rows')}, "
            f"{read} of {len(self.get('columns', []))} columns read, {self.get('rows', 0)} rows, "
            f"{len(self.get('problems', []))} problems>"
        )

    def _repr_html_(self) -> str:
        import html

        def table(records: List[Dict[str, Any]]) -> str:
            return Table.from_records(records)._repr_html_() if records else ""

        parts = [f"<h4>{html.escape(repr(self))}</h4>", self.columns._repr_html_()]
        scales = [
            {
                "field": s["field"],
                "column": s.get("column", ""),
                "read as": s.get("source", ""),
                "range": s.get("range", ""),
                "labels": ", ".join(f"{k} → {v}" for k, v in s.get("labels", {}).items()),
            }
            for s in self.get("scales", [])
        ]
        if scales:
            parts += ["<h5>Scales</h5>", table(scales)]
        preview = [
            {k: (v if isinstance(v, (str, int, float)) else json.dumps(v)) for k, v in r.items()}
            for r in self.get("preview", [])
        ]
        if preview:
            parts += ["<h5>First records</h5>", table(preview)]
        if self.get("problems"):
            parts += [
                "<h5>Problems</h5>",
                table(
                    [
                        {k: p[k] for k in ("row", "column", "code", "message")}
                        for p in self["problems"]
                    ]
                ),
            ]
        if self.get("notes"):
            parts.append("<ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in self["notes"]) + "</ul>")
        return "".join(parts)


def inspect_register(
    source: Source,
    *,
    kind: str = "risks",
    method: Any = None,
    document: Optional[Mapping[str, Any]] = None,
    columns: Optional[Mapping[str, Optional[str]]] = None,
    scales: Optional[Mapping[str, Mapping[str, Any]]] = None,
    values: Optional[Mapping[str, Mapping[str, Any]]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    delimiter: Optional[str] = None,
    format: Optional[str] = None,
    reading: Optional[Mapping[str, Any]] = None,
) -> Reading:
    """How :func:`read_register` would read a register (same ``source`` and options): the sheet,
    the header rows, each column's field with its confidence and alternatives, how each rating
    column's values map onto the method, the first records and the problems found. Change it
    (:meth:`Reading.set_field`, :meth:`Reading.set_level`) and pass it to
    ``read_register(source, reading=reading)``. ``source`` may also be the op's whole request
    (``{"content": ..., "kind": ...}``), as :func:`isms.import_register` takes it."""
    options = {
        "kind": kind,
        "method": method,
        "document": document,
        "columns": columns,
        "scales": scales,
        "values": values,
        "sheet": sheet,
        "header_row": header_row,
        "delimiter": delimiter,
        "format": format,
        "reading": dict(reading) if reading is not None else None,
    }
    data: Optional[bytes] = None
    if isinstance(source, Mapping):
        request: Dict[str, Any] = dict(source)
        request.update({k: v for k, v in options.items() if v is not None and k != "kind"})
        content = request.get("content")
        if isinstance(content, (bytes, bytearray, memoryview)):
            data = bytes(content)
    else:
        request, data = _register_request(source, "inspect_register", options)
    if data is not None:
        import base64

        request["content"] = base64.b64encode(data).decode("ascii")
        request["encoding"] = "base64"
    return Reading(json.loads(_native.call("inspect_register", to_json(request))))


def read_register(
    source: Source,
    *,
    kind: str = "risks",
    method: Any = None,
    document: Optional[Mapping[str, Any]] = None,
    columns: Optional[Mapping[str, Optional[str]]] = None,
    scales: Optional[Mapping[str, Mapping[str, Any]]] = None,
    values: Optional[Mapping[str, Mapping[str, Any]]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    delimiter: Optional[str] = None,
    format: Optional[str] = None,
    reading: Optional[Mapping[str, Any]] = None,
    on_error: str = "fail",
    existing: str = "fail",
    top: int = 10,
    include_closed: bool = False,
) -> Register:
    """Reads a risk (``kind="risks"``) or asset (``kind="assets"``) register, or a Statement of
    Applicability (``kind="soa"``) into the document's control records.

    ``source`` is a path to a ``.csv``, ``.xlsx`` or ``.xlsm`` file, the file's bytes, CSV text
    (a ``str`` holding a line break), a list of rows with the header row among them, or a pandas
    or polars DataFrame (or any table with the Arrow PyCapsule stream interface, such as a
    pyarrow Table), read column by column through Arrow (a pandas frame needs pyarrow for that;
    without it, it is read row by row). The sheet, the header (anywhere in the first rows, one row or two with
    group headers such as ``INHERENT RISK`` above), each column's field (by its header, misspelt
    or not, and by its content) and each rating column's scale (numbers of any range, labels read
    by meaning, ``C=3, I=3, A=2``) are found without help; :func:`inspect_register` shows that
    reading, and ``reading=`` reads the register by one (changed or not). ``columns`` maps a field
    to a header or a column letter (``{"title": "Scenario", "likelihood": "C"}``; ``None`` leaves
    a field unread); ``scales`` maps labels to levels (``{"likelihood": {"Amber": 3}}``) and
    ``values`` other words (``{"status": {"Parked": "accepted"}}``).
    A Statement of Applicability has one row per control (``A.5.1``, ``5.1 Policies…``, or a 2013
    id such as ``A.12.2.1``, carried to its 2022 successors with a note in ``summary["notes"]``),
    with columns such as ``Applicable``, ``Reasons`` (``LR, CO, BR/BP, RRA``) or one mark column
    per reason, ``Justification``, ``Implementation status``, ``Owner`` and ``Evidence``.

    A bad cell raises :class:`isms.IsmsError` with ``.row`` and ``.column``; with
    ``on_error="collect"`` bad rows are left out and listed in :attr:`Register.errors`.
    A row whose id is already in ``document`` fails with ``duplicate_id``; with
    ``existing="update"`` it updates that record (the register's columns replace their fields).
    ``document`` is a document to import into; otherwise a new one under ``method`` is made.
    The :attr:`Register.analysis` of a risk register lists the ``top`` highest risks; closed
    risks are left out of its heat maps, totals, top risks and counts (but the count by status)
    unless ``include_closed=True``, as in :func:`isms.analyse`.
    """
    whole = _whole_scores(method if method is not None else (document or {}).get("method")) if kind == "risks" else None
    arrow = _arrow_source(source) if _is_frame(source) else None
    # A file is read by the engine, which keeps its text without another copy.
    path = _file_path(source)
    request, data = _register_request(
        source if arrow is None and path is None else [],
        "read_register",
        {
            "kind": kind,
            "on_error": on_error,
            "existing": existing,
            "method": method,
            "document": document,
            "columns": columns,
            "scales": scales,
            "values": values,
            "sheet": sheet,
            "header_row": header_row,
            "delimiter": delimiter,
            "format": format,
            "reading": dict(reading) if reading is not None else None,
        },
    )
    if arrow is not None:
        request.pop("rows", None)
        try:
            return Register(_native.read_register(to_json(request), None, top, arrow, include_closed), whole)
        except _native.ArrowUnsupported as exc:
            rows = _frame_rows(source)  # a column of lists, structs, …: row by row
            if rows is None:
                raise TypeError(f"read_register cannot read the table: {exc}") from None
            request["rows"] = rows
    if path is not None:
        request.pop("rows", None)
    return Register(_native.read_register(to_json(request), data, top, None, include_closed, path), whole)
