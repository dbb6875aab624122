"""Tabular results: a column table that converts to pandas, polars and Arrow, and the result types
(plain ``dict`` and ``list`` subclasses, so they still compare and serialise as JSON) that offer
their main table with ``.to_pandas()``."""

from __future__ import annotations

import html
import json
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from . import _native, _schema
from ._request import from_json, no_gc
from ._schema import Column

__all__ = [
    "Column",
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


def _lookup(record: Any, path: Tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(record, Mapping):
            return None
        record = record.get(key)
    return record


def _pyarrow() -> Any:
    """pyarrow when installed, else None."""
    try:
        import pyarrow  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None
    return pyarrow


class Table:
    """Named columns of equal length, each of a fixed type (see :class:`isms.Column`): the same
    columns and types every time, also when the table is empty. Converts with :meth:`to_pandas`,
    :meth:`to_polars`, and through the Arrow PyCapsule interface (``pyarrow.table(t)``,
    ``polars.DataFrame(t)``).

    ``Table(columns)`` makes a table of plain values, each column's type from its values;
    ``Table(columns, schema)`` one of the given columns."""

    __slots__ = ("_schema", "_rows", "_columns", "_bands", "_whole", "_built", "_native_rows")

    def __init__(
        self, columns: Mapping[str, Sequence[Any]], schema: Optional[Sequence[Column]] = None
    ) -> None:
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        self._columns: Optional[Dict[str, List[Any]]] = {
            k: v if isinstance(v, list) else list(v) for k, v in columns.items()
        }
        if schema is None:
            schema = _schema.infer(self._columns)
        elif [c.name for c in schema] != list(self._columns):
            raise ValueError("the schema does not name the columns given, in their order")
        self._schema: Tuple[Column, ...] = tuple(schema)
        self._rows: Optional[Sequence[Any]] = None
        self._bands: Optional[Sequence[str]] = None
        self._whole: Optional[bool] = None
        self._built: Any = None
        self._native_rows: Any = None

    @classmethod
    def _of(
        cls,
        schema: Sequence[Column],
        rows: Optional[Sequence[Any]] = None,
        bands: Optional[Sequence[str]] = None,
        native: Any = None,
        whole_scores: Optional[bool] = None,
    ) -> "Table":
        """A table of ``rows`` (records, reached by each column's path) under ``schema``, or of
        ``native``, a function that builds the Arrow table from the engine's own records.
        ``bands`` are the method's band ids, lowest first; ``whole_scores`` whether the method
        gives whole scores only (its ``score`` columns integers then, else numbers; from the
        values when not known)."""
        table = cls.__new__(cls)
        table._schema = tuple(schema)
        table._rows = rows if rows is not None else []
        table._columns = None
        table._bands = bands
        table._whole = whole_scores
        table._built = None
        table._native_rows = native
        return table

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], schema: Optional[Sequence[Column]] = None
    ) -> "Table":
        """A table of records (dicts). Under ``schema``, its columns; otherwise one column per
        key met, in order, nested dicts flattened, each column's type from its values."""
        if schema is not None:
            return cls._of(schema, list(records))
        rows = [_flatten(r) for r in records]
        names: Dict[str, None] = {}
        for row in rows:
            names.update(dict.fromkeys(row))
        return cls({name: [row.get(name) for row in rows] for name in names})

    @property
    def schema(self) -> List[Column]:
        """The columns: name, path in a record, kind, whether values may be missing, categories."""
        return list(self._schema)

    @property
    def columns(self) -> List[str]:
        """The column names."""
        return [c.name for c in self._schema]

    def column(self, name: str) -> List[Any]:
        """The values of one column."""
        for spec in self._schema:
            if spec.name == name:
                if self._columns is not None:
                    return self._columns[name]
                if self._rows is None or self._native_rows is not None:
                    return self._arrow_column(name)
                return [_lookup(r, spec.path) for r in self._rows]
        raise KeyError(name)

    def _arrow_column(self, name: str) -> List[Any]:
        with no_gc():
            return self._arrow().values(name)  # type: ignore[no-any-return]

    def records(self) -> List[Dict[str, Any]]:
        """The rows as dicts."""
        names = self.columns
        return [dict(zip(names, values)) for values in zip(*(self.column(n) for n in names))]

    def __len__(self) -> int:
        if self._columns is not None:
            return len(next(iter(self._columns.values()), []))
        if self._native_rows is not None:
            return len(self._arrow())
        return len(self._rows or [])

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.records())

    def __repr__(self) -> str:
        return f"<isms.Table {len(self)} rows × {len(self._schema)} columns: {', '.join(self.columns)}>"

    def _specs(self) -> List[Tuple[str, List[str], str, bool, Optional[List[str]], bool]]:
        specs: List[Tuple[str, List[str], str, bool, Optional[List[str]], bool]] = []
        for c in self._schema:
            if c.kind == "band":
                specs.append((c.name, list(c.path), "category", c.nullable, list(self._bands or ()), True))
            elif c.kind == "score" and self._whole is not None:
                specs.append((c.name, list(c.path), "integer" if self._whole else "number", c.nullable, None, False))
            else:
                categories = list(c.categories) if c.categories is not None else None
                specs.append((c.name, list(c.path), c.kind, c.nullable, categories, False))
        return specs

    def _arrow(self) -> Any:
        """The table built as Arrow by the engine (once)."""
        if self._built is None:
            if self._native_rows is not None:
                self._built = self._native_rows(self._specs())
            elif self._columns is not None:
                self._built = _native.typed_table(self._specs(), columns=list(self._columns.values()))
            else:
                self._built = _native.typed_table(self._specs(), rows=self._rows)
        return self._built

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (pandas must be installed; read through Arrow when pyarrow is
        installed too), its columns of the types the schema states (see :class:`isms.Column`)."""
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]

        built = self._arrow()
        types = dict(built.types())
        categories = dict(built.categories())
        pa = _pyarrow()
        if pa is not None:
            mapper = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}.get
            arrow = pa.table(built)
            # pandas holds lists as Python lists, made here: pyarrow would make arrays of them
            # first, for nothing (the list columns are put back at their places below).
            lists = [s.name for s in self._schema if s.kind == "list"]
            apart = bool(lists) and len(lists) < len(self._schema)
            frame = (arrow.drop_columns(lists) if apart else arrow).to_pandas(
                types_mapper=mapper, date_as_object=False
            )
            for at, spec in enumerate(self._schema):
                if spec.kind == "list":
                    with no_gc():
                        values = pd.Series(built.lists(spec.name), index=frame.index, dtype="object")
                    if apart:
                        frame.insert(at, spec.name, values)
                    else:
                        frame[spec.name] = values
        else:
            frame = pd.DataFrame(
                {s.name: _series(pd, s, self.column(s.name), types[s.name], categories) for s in self._schema},
                columns=self.columns,
            )
        for spec in self._schema:
            if not spec.nullable and types[spec.name] in ("Int64", "Boolean"):
                frame[spec.name] = frame[spec.name].astype("int64" if types[spec.name] == "Int64" else "bool")
        return frame

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (polars must be installed), read through the Arrow stream;
        categories become ``Enum`` columns."""
        import polars as pl  # type: ignore[import-untyped, unused-ignore]

        built = self._arrow()
        frame = pl.DataFrame(built)
        enums = [pl.col(name).cast(pl.Enum(values)) for name, values in built.categories()]
        return frame.with_columns(enums) if enums else frame

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """The Arrow PyCapsule stream interface: any Arrow consumer reads the table without pyarrow."""
        return self._arrow().__arrow_c_stream__(requested_schema)

    def _repr_html_(self) -> str:
        return _html_table(self, _PREVIEW_ROWS)


def _series(pd: Any, spec: Column, values: List[Any], arrow_type: str, categories: Mapping[str, List[str]]) -> Any:
    """A pandas column of ``values`` of the type ``to_pandas`` gives through Arrow (no pyarrow)."""
    if spec.name in categories:
        return pd.Categorical(values, categories=categories[spec.name], ordered=spec.kind == "band")
    if arrow_type == "Int64":
        return pd.array(values, dtype="Int64")
    if arrow_type == "Float64":
        return pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if arrow_type == "Boolean":
        return pd.array(values, dtype="boolean")
    if arrow_type == "Date32":
        return pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ms]")
    if spec.kind == "list":
        return pd.Series([list(v) if v is not None else None for v in values], dtype="object")
    if spec.kind == "json":
        values = [v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str) for v in values]
    return pd.Series(values, dtype="str")


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
    """A list of result records (controls, clauses, crosswalk rows) that also converts to a table,
    of the columns of the engine's record type when ``schema`` gives them (every list the engine
    returns), else of the keys the records hold."""

    def __init__(self, items: Iterable[Dict[str, Any]] = (), schema: Optional[Sequence[Column]] = None) -> None:
        super().__init__(items)
        self._schema = tuple(schema) if schema is not None else None

    def table(self) -> Table:
        """The records as a :class:`Table`."""
        return Table.from_records(self, getattr(self, "_schema", None))

    def _repr_html_(self) -> str:
        return _html_table(self.table(), _PREVIEW_ROWS)


class _Result(Dict[str, Any]):
    """A result dict whose named lists convert to tables; ``to_pandas()`` gives the main one."""

    _main: str = ""
    _op: str = ""
    #: The method's band ids, lowest first, when the function that made the result knows them.
    _band_ids: Optional[Sequence[str]] = None
    #: Whether the method gives whole scores only, when the function that made the result knows.
    _whole_scores: Optional[bool] = None

    def _bands(self) -> Optional[Sequence[str]]:
        """The method's band ids, lowest first, when the result tells them."""
        return list(self._band_ids) if self._band_ids is not None else None

    def table(self, name: Optional[str] = None) -> Table:
        """The list ``name`` of the result (the main one when omitted; dotted for a list inside
        an object, ``"by_band.inherent"``) as a :class:`Table` of the columns of its records."""
        key = name or self._main
        value: Any = self
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise KeyError(f"the result has no table `{key}`")
            value = value[part]
        if not isinstance(value, list):
            raise KeyError(f"`{key}` is not a list of records")
        return Table._of(_schema.of_op(self._op, key), value, self._bands(), whole_scores=self._whole_scores)

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
    _op = "audit_checklist"


class ReviewPack(_Result):
    """The management review pack; ``to_pandas()`` is every KPI against its target (``kpis``);
    other tables: ``inputs`` (9.3.2 a to g), ``previous_actions``, ``changes``, ``audits``,
    ``objectives``, ``interested_parties``, ``opportunities``, ``findings``."""

    _main = "kpis"
    _op = "review_pack"


class Analysis(_Result):
    """The analysis of a risk register; ``to_pandas()`` is the scored register (``risks``);
    other tables: ``top``, ``treatment_plan``, ``by_band.inherent``, ``by_owner``, …

    A plain ``dict`` of the engine's result. The lists that grow with the register (``risks``,
    ``treatment_plan``, ``assets``) stay in the engine until first read, and while they do, their
    tables (``to_pandas()``, ``to_polars()``, ``table("treatment_plan")``) are built by the engine
    straight from its records; once read, from the dicts (edits to them included)."""

    _main = "risks"
    _op = "analyse"
    #: The per-risk table when the result leaves the list out (a register's analysis).
    _risks: Optional[Callable[[], Table]] = None
    #: The engine's analysis holding the lists named in ``_lazy``, not yet in the dict.
    _held: Any = None
    _lazy: Tuple[str, ...] = ()
    #: Every list the engine held, read or not.
    _parts: Tuple[str, ...] = ()

    @classmethod
    def _of_engine(cls, held: Any) -> "Analysis":
        """The analysis the engine holds (``_native.Analysed``): its small parts now, its lists
        when first read."""
        analysis = cls(from_json(held.summary()))
        analysis._held = held
        analysis._lazy = analysis._parts = tuple(held.parts())
        return analysis

    def _load(self, name: Optional[str] = None) -> None:
        """Brings the list ``name`` (every list when omitted) from the engine into the dict; with
        all of them in, the keys are in the engine's order."""
        if not self._lazy or (name is not None and name not in self._lazy):
            return
        names = self._lazy if name is None else (name,)
        for part in names:
            dict.__setitem__(self, part, from_json(self._held.part(part)))
        self._lazy = tuple(n for n in self._lazy if n not in names)
        if not self._lazy:
            # The engine writes `risks` after `totals`, its other lists last.
            items = list(dict.items(self))
            keys = [k for k, _ in items if k not in self._parts]
            at = keys.index("totals") + 1 if "totals" in keys else len(keys)
            order = keys[:at] + ["risks"] + keys[at:] + [p for p in self._parts if p != "risks"]
            dict.clear(self)
            dict.update(self, sorted(items, key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))

    def __getitem__(self, key: str) -> Any:
        if key in self._lazy:
            self._load(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._lazy:
            self._load(key)
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._lazy or dict.__contains__(self, key)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._lazy)

    def __iter__(self) -> Iterator[str]:
        self._load()
        return dict.__iter__(self)

    def __reversed__(self) -> Iterator[str]:
        self._load()
        return dict.__reversed__(self)

    def keys(self) -> Any:
        self._load()
        return dict.keys(self)

    def values(self) -> Any:
        self._load()
        return dict.values(self)

    def items(self) -> Any:
        self._load()
        return dict.items(self)

    def copy(self) -> Dict[str, Any]:
        self._load()
        return dict.copy(self)

    def __eq__(self, other: object) -> bool:
        self._load()
        if isinstance(other, Analysis):
            other._load()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def __or__(self, other: Any) -> Any:
        self._load()
        return dict.__or__(self, other)

    def __ror__(self, other: Any) -> Any:
        self._load()
        return dict.__ror__(self, other)

    def __ior__(self, other: Any) -> Any:
        self._load()
        return dict.__ior__(self, other)

    def __setitem__(self, key: str, value: Any) -> None:
        self._load()
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self._load()
        dict.__delitem__(self, key)

    def pop(self, key: str, *default: Any) -> Any:
        self._load()
        return dict.pop(self, key, *default)

    def popitem(self) -> Tuple[str, Any]:
        self._load()
        return dict.popitem(self)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._load()
        return dict.setdefault(self, key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._load()
        dict.update(self, *args, **kwargs)

    def clear(self) -> None:
        self._load()
        dict.clear(self)

    def _bands(self) -> Optional[Sequence[str]]:
        counts = self.get("by_band", {}).get("inherent")
        if isinstance(counts, list):
            return [c["key"] for c in counts if isinstance(c, Mapping) and "key" in c]
        return super()._bands()

    def table(self, name: Optional[str] = None) -> Table:
        key = name or self._main
        if key in self._lazy:
            held = self._held
            return Table._of(
                _schema.of_op(self._op, key),
                bands=self._bands(),
                native=lambda specs: held.table(key, specs),
                whole_scores=self._whole_scores,
            )
        if key == "risks" and "risks" not in self and self._risks is not None:
            return self._risks()
        return super().table(name)

    def __getstate__(self) -> Dict[str, Any]:
        # The register behind `_risks` and the engine's analysis stay in this process: a copy is
        # the plain result, every list in it.
        self._load()
        return {k: v for k, v in self.__dict__.items() if k not in ("_risks", "_held", "_lazy", "_parts")}

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
    _op = "soa"

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
    _op = "readiness"


class Diff(_Result):
    """What changed between two documents; ``to_pandas()`` is one row per risk change, with the
    kind of change (``added``, ``removed``, ``rerated``, ``edited``) in ``change`` and the columns
    of every kind of change (empty where a kind has no such field)."""

    _op = "diff"
    _changes = ("added", "removed", "rerated", "edited")

    def table(self, name: Optional[str] = None) -> Table:
        if name is not None:
            return super().table(name)
        kinds = [(list(_schema.of_op("diff", f"risks.{change}")), False) for change in self._changes]
        change = Column("change", ("change",), "category", False, self._changes)
        columns = [change] + _schema.union(kinds)
        risks = self.get("risks", {})
        records = [
            {"change": change, **item}
            for change in self._changes
            for item in risks.get(change, [])
        ]
        return Table._of(columns, records, self._bands(), whole_scores=self._whole_scores)


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
        """The risk register, its table of the columns of a risk record."""
        return Records(self.get("risks", []), _schema.of_definition("Risk"))

    @property
    def assets(self) -> Records:
        """The asset inventory, its table of the columns of an asset record."""
        return Records(self.get("assets", []), _schema.of_definition("Asset"))

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
