"""Tabular results: a column table that converts to pandas, polars and Arrow, and the result types
(plain ``dict`` and ``list`` subclasses, so they still compare and serialise as JSON) that offer
their main table with ``.to_pandas()``."""

from __future__ import annotations

import html
import json
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from . import _native

__all__ = [
    "Table",
    "Tabular",
    "Records",
    "Analysis",
    "Soa",
    "Readiness",
    "Diff",
    "Document",
    "AuditChecklist",
    "ReviewPack",
]

_PREVIEW_ROWS = 20


def _flatten(record: Mapping[str, Any], prefix: str = "") -> Dict[str, Any]:
    """Nested objects become ``parent_child`` columns; lists of scalars stay lists."""
    out: Dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}_"))
        else:
            out[name] = value
    return out


class Table:
    """Named columns of equal length. Converts with :meth:`to_pandas`, :meth:`to_polars`, and
    through the Arrow PyCapsule interface (``pyarrow.table(t)``, ``polars.DataFrame(t)``)."""

    __slots__ = ("_columns",)

    def __init__(self, columns: Mapping[str, Sequence[Any]]) -> None:
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        self._columns: Dict[str, List[Any]] = {
            k: v if isinstance(v, list) else list(v) for k, v in columns.items()
        }

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> "Table":
        """A table of records (dicts): one column per key met, in order; nested dicts flattened."""
        rows = [_flatten(r) for r in records]
        names: Dict[str, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row))
        return cls({name: [row.get(name) for row in rows] for name in names})

    @property
    def columns(self) -> List[str]:
        """The column names."""
        return list(self._columns)

    def column(self, name: str) -> List[Any]:
        """The values of one column."""
        return self._columns[name]

    def records(self) -> List[Dict[str, Any]]:
        """The rows as dicts."""
        names = list(self._columns)
        return [dict(zip(names, values)) for values in zip(*self._columns.values())]

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()), []))

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.records())

    def __repr__(self) -> str:
        return f"<isms.Table {len(self)} rows × {len(self._columns)} columns: {', '.join(self._columns)}>"

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (pandas must be installed)."""
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]

        return pd.DataFrame(self._columns, columns=list(self._columns))

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (polars must be installed), read through the Arrow stream."""
        import polars as pl  # type: ignore[import-untyped, unused-ignore]

        return pl.DataFrame(self)

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """The Arrow PyCapsule stream interface: any Arrow consumer reads the table without pyarrow."""
        return _native.arrow_stream(
            list(self._columns), list(self._columns.values()), requested_schema
        )

    def _repr_html_(self) -> str:
        return _html_table(self, _PREVIEW_ROWS)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _html_table(table: Table, limit: int, caption: str = "") -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
    records = table.records()
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(_cell(v))}</td>" for v in row.values()) + "</tr>"
        for row in records[:limit]
    )
    more = (
        f"<p>{len(records) - limit} more rows: <code>.to_pandas()</code> shows them all.</p>"
        if len(records) > limit
        else ""
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="isms">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'


class Tabular:
    """Something with one main :class:`Table`: converts with ``to_pandas()``, ``to_polars()`` and
    the Arrow PyCapsule interface."""

    __slots__ = ()

    def table(self) -> Table:
        """The main table."""
        raise NotImplementedError

    def to_pandas(self) -> Any:
        """:meth:`table` as a ``pandas.DataFrame``."""
        return self.table().to_pandas()

    def to_polars(self) -> Any:
        """:meth:`table` as a ``polars.DataFrame``."""
        return self.table().to_polars()

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        return self.table().__arrow_c_stream__(requested_schema)


class Records(Tabular, List[Dict[str, Any]]):
    """A list of result records (controls, clauses, crosswalk rows) that also converts to a table."""

    def table(self) -> Table:
        """The records as a :class:`Table`."""
        return Table.from_records(self)

    def _repr_html_(self) -> str:
        return _html_table(self.table(), _PREVIEW_ROWS)


class _Result(Dict[str, Any]):
    """A result dict whose named lists convert to tables; ``to_pandas()`` gives the main one."""

    _main: str = ""

    def table(self, name: Optional[str] = None) -> Table:
        """The list ``name`` of the result (the main one when omitted) as a :class:`Table`."""
        key = name or self._main
        value: Any = self
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise KeyError(f"the result has no table `{key}`")
            value = value[part]
        if not isinstance(value, list):
            raise KeyError(f"`{key}` is not a list of records")
        return Table.from_records(v if isinstance(v, Mapping) else {"value": v} for v in value)

    def to_pandas(self, name: Optional[str] = None) -> Any:
        """A table of the result (see :meth:`table`) as a ``pandas.DataFrame``."""
        return self.table(name).to_pandas()

    def to_polars(self, name: Optional[str] = None) -> Any:
        """A table of the result (see :meth:`table`) as a ``polars.DataFrame``."""
        return self.table(name).to_polars()

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        return self.table().__arrow_c_stream__(requested_schema)


def _heat_html(heat: Mapping[str, Any], which: str) -> str:
    esc = html.escape
    impact = heat["impact"]
    rows = []
    for l_index in reversed(range(len(heat["likelihood"]))):
        cells = "".join(
            f'<td class="band-{esc(heat["bands"][l_index][i])}" title="{esc(heat["bands"][l_index][i])}">'
            f"{heat[which][l_index][i] or ''}</td>"
            for i in range(len(impact))
        )
        rows.append(f"<tr><th>{esc(heat['likelihood'][l_index])}</th>{cells}</tr>")
    foot = "".join(f"<th>{esc(i)}</th>" for i in impact)
    return (
        f'<table class="isms-heat"><caption>{which.capitalize()}</caption>'
        f"<tbody>{''.join(rows)}</tbody><tfoot><tr><th></th>{foot}</tr></tfoot></table>"
    )


_STYLE = (
    "<style>.isms-heat td{width:2.2em;height:1.6em;text-align:center;border:1px solid #fff}"
    ".isms-heat{display:inline-table;margin-right:2em;border-collapse:collapse}"
    ".band-low{background:#cde8c4}.band-medium{background:#fbe7a1}.band-high{background:#f6b97a}"
    ".band-critical,.band-very_high{background:#ee8a80}</style>"
)


def _facts(items: Iterable[Tuple[str, Any]]) -> str:
    esc = html.escape
    return "<dl>" + "".join(f"<dt>{esc(str(k))}</dt><dd>{esc(_cell(v))}</dd>" for k, v in items) + "</dl>"


class AuditChecklist(_Result):
    """The internal audit checklist; ``to_pandas()`` is one row per clause requirement and
    applicable control (``items``: questions, techniques, samples, last audited); other table:
    ``findings`` (on the audit programme)."""

    _main = "items"


class ReviewPack(_Result):
    """The management review pack; ``to_pandas()`` is every KPI against its target (``kpis``);
    other tables: ``inputs`` (9.3.2 a to g), ``previous_actions``, ``changes``, ``audits``,
    ``objectives``, ``interested_parties``, ``opportunities``, ``findings``."""

    _main = "kpis"


class Analysis(_Result):
    """The analysis of a risk register; ``to_pandas()`` is the scored register (``risks``);
    other tables: ``top``, ``treatment_plan``, ``by_band.inherent``, ``by_owner``, …"""

    _main = "risks"

    def _repr_html_(self) -> str:
        totals = self.get("totals", {})
        parts = [
            _STYLE,
            f"<h4>Risk register — method {html.escape(str(self.get('method', '')))}</h4>",
            _facts(totals.items()),
        ]
        heat = self.get("heat_map")
        if heat:
            parts.append(_heat_html(heat, "inherent") + _heat_html(heat, "residual"))
        if self.get("top"):
            parts.append(_html_table(Table.from_records(self["top"]), 10, "Highest risks"))
        return "".join(parts)


class Soa(_Result):
    """The Statement of Applicability; ``to_pandas()`` is one row per control."""

    _main = "rows"

    def _repr_html_(self) -> str:
        header = self.get("header", {})
        summary = self.get("summary", {})
        facts = [(k, v) for k, v in header.items() if not isinstance(v, (dict, list))]
        facts += [(k, v) for k, v in summary.items() if not isinstance(v, (dict, list))]
        cols = ["control", "title", "applicable", "status", "reasons", "justification", "owner"]
        rows = [{c: r.get(c) for c in cols} for r in self.get("rows", [])]
        return (
            "<h4>Statement of Applicability</h4>"
            + _facts(facts)
            + _html_table(Table.from_records(rows), len(rows))
        )


class Readiness(_Result):
    """Readiness for certification; ``to_pandas()`` is the prioritised gap list."""

    _main = "gaps"


class Diff(_Result):
    """What changed between two documents; ``to_pandas()`` is one row per risk change, with the
    kind of change (``added``, ``removed``, ``rerated``, ``edited``) in ``change``."""

    def table(self, name: Optional[str] = None) -> Table:
        if name is not None:
            return super().table(name)
        risks = self.get("risks", {})
        records = [
            {"change": change, **item}
            for change in ("added", "removed", "rerated", "edited")
            for item in risks.get(change, [])
        ]
        return Table.from_records(records)


class Document(Dict[str, Any]):
    """An ISMS document: a plain dict (every function takes it) with loading, saving and a
    notebook summary."""

    @classmethod
    def load(cls, path: Any) -> "Document":
        """Reads a ``.isms.json`` file."""
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def save(self, path: Any) -> None:
        """Writes the document as ``.isms.json`` (UTF-8, indented)."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self, f, ensure_ascii=False, indent=2)
            f.write("\n")

    @property
    def risks(self) -> Records:
        """The risk register."""
        return Records(self.get("risks", []))

    @property
    def assets(self) -> Records:
        """The asset inventory."""
        return Records(self.get("assets", []))

    def _repr_html_(self) -> str:
        org = self.get("organisation", {})
        scope = self.get("context", {}).get("scope", {})
        method = self.get("method")
        facts = [
            ("Organisation", org.get("name", "")),
            ("Scope", scope.get("statement", "") if isinstance(scope, Mapping) else ""),
            ("Risk method", method if isinstance(method, str) else (method or {}).get("id", "")),
        ]
        counts = [
            (name.replace("_", " ").capitalize(), len(self.get(name, [])))
            for name in ("assets", "risks", "controls", "incidents", "audits", "nonconformities")
        ]
        return f"<h4>ISMS document ({html.escape(str(self.get('schema', '')))})</h4>" + _facts(facts + counts)
