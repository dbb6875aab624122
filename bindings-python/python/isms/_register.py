"""Registers from outside: :func:`read_register` reads a risk or asset register or a Statement of
Applicability from a CSV or XLSX file, bytes, rows or a pandas/polars DataFrame, and returns a
:class:`Register`."""

from __future__ import annotations

import json
import math
import os
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _native
from ._request import to_json
from ._tables import Analysis, Document, Table, Tabular

__all__ = ["Register", "read_register"]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, List[List[Any]], Any]


class Register(Tabular):
    """An imported register: ``summary`` (how the columns and ratings were read), ``errors``,
    the resulting ``document``, and for risks the ``analysis`` and the scored register as a table
    (:meth:`table`, :meth:`to_pandas`, :meth:`to_polars`, ``__arrow_c_stream__``)."""

    __slots__ = ("_native", "_summary", "_analysis", "_document")

    def __init__(self, native: Any) -> None:
        self._native = native
        self._summary: Dict[str, Any] = json.loads(native.summary())
        text = native.analysis()
        self._analysis: Optional[Analysis] = Analysis(json.loads(text)) if text is not None else None
        self._document: Optional[Document] = None

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
        return Table.from_records(self._summary["errors"])

    @property
    def document(self) -> Document:
        """The ISMS document holding the imported records."""
        if self._document is None:
            self._document = Document(json.loads(self._native.document()))
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
            return Table.from_records(self.document.get("assets", []))
        if self.kind == "soa":
            return Table.from_records(self.document.get("controls", []))
        names, columns = self._native.columns()
        return Table(dict(zip(names, columns)))

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


def _plain(value: Any) -> Any:
    """A DataFrame cell as JSON: missing values (NaN, NaT, None) empty, dates as ISO text."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
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


def read_register(
    source: Source,
    *,
    kind: str = "risks",
    method: Any = None,
    document: Optional[Mapping[str, Any]] = None,
    columns: Optional[Mapping[str, Optional[str]]] = None,
    scales: Optional[Mapping[str, Mapping[str, int]]] = None,
    sheet: Optional[str] = None,
    header_row: Optional[int] = None,
    delimiter: Optional[str] = None,
    format: Optional[str] = None,
    on_error: str = "fail",
    existing: str = "fail",
    top: int = 10,
) -> Register:
    """Reads a risk (``kind="risks"``) or asset (``kind="assets"``) register, or a Statement of
    Applicability (``kind="soa"``) into the document's control records.

    ``source`` is a path to a ``.csv`` or ``.xlsx`` file, the file's bytes, CSV text (a ``str``
    holding a line break), a list of rows with the header row among them, or a pandas or polars
    DataFrame. Headers people write (``Risk``, ``Likelihood``, ``Probability``, ``Impact``,
    ``Risk owner``, ``Treatment``, …) are found without help; ``columns`` maps a field to a header
    or a column letter (``{"title": "Scenario", "likelihood": "C"}``; ``None`` leaves a field
    unread). Ratings may be numbers, the ``method``'s labels, labels of a common scale
    (``Low/Medium/High``) or labels mapped in ``scales`` (``{"likelihood": {"Amber": 3}}``).
    A Statement of Applicability has one row per control (``A.5.1``, ``5.1 Policies…``, or a 2013
    id such as ``A.12.2.1``, carried to its 2022 successors with a note in ``summary["notes"]``),
    with columns such as ``Applicable``, ``Reasons`` (``LR, CO, BR/BP, RRA``) or one mark column
    per reason, ``Justification``, ``Implementation status``, ``Owner`` and ``Evidence``.

    A bad cell raises :class:`isms.IsmsError` with ``.row`` and ``.column``; with
    ``on_error="collect"`` bad rows are left out and listed in :attr:`Register.errors`.
    A row whose id is already in ``document`` fails with ``duplicate_id``; with
    ``existing="update"`` it updates that record (the register's columns replace their fields).
    ``document`` is a document to import into; otherwise a new one under ``method`` is made.
    """
    request: Dict[str, Any] = {"kind": kind, "on_error": on_error, "existing": existing}
    optional = {
        "method": method,
        "document": document,
        "columns": columns,
        "scales": scales,
        "sheet": sheet,
        "header_row": header_row,
        "delimiter": delimiter,
        "format": format,
    }
    request.update({k: v for k, v in optional.items() if v is not None})
    data: Optional[bytes] = None
    rows = _frame_rows(source)
    if rows is not None:
        request["rows"] = rows
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, list):
        request["rows"] = source
    elif isinstance(source, str) and ("\n" in source or "\r" in source):
        request["content"] = source
    elif isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            data = f.read()
    else:
        raise TypeError(
            "read_register expects a path, bytes, CSV text, a list of rows or a DataFrame, "
            f"not {type(source).__name__}"
        )
    return Register(_native.read_register(to_json(request), data, top))
