"""The schemas of the tables: for each list an engine result holds, its columns, derived from the
engine's JSON Schema of its results (``core/data/schema/api.schema.json``, generated from the Rust
types), so every table has the same columns and types whatever it holds, and a field the engine
gains becomes a column without an edit here.

A record's fields become columns in the order the engine declares them (nested objects flattened
to ``parent_child``; fields the engine may leave out last). Types, from each field's schema:

============================  =========  ===========================================================
field                         kind       pandas / polars
============================  =========  ===========================================================
text                          text       ``str`` / ``String``
a date                        date       ``datetime64`` / ``Date``
whole number                  integer    ``int64`` (``Int64`` when it may be missing) / ``Int64``
number                        number     ``float64`` / ``Float64``
``score``                     score      integer when the method gives whole scores only (every preset method), else number
true/false                    flag       ``bool`` (``boolean`` when it may be missing) / ``Boolean``
one of fixed values           category   ``category`` in the engine's order / ``Enum``
``band`` (or ``…_band``)      band       ordered ``category`` of the method's bands, lowest first / ``Enum``
list of text or values        list       lists / ``List(String)``
anything else                 json       its JSON text
============================  =========  ===========================================================
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from . import _native

__all__ = ["Column", "of_op", "of_definition", "union", "infer", "whole_scores"]


class Column(NamedTuple):
    """One column of a table: its ``name``, the ``path`` of keys that reaches its value from a
    record, its ``kind``, whether it may be missing (``nullable``), and for a ``category`` its
    ``categories`` in order.

    Kinds: ``text``; ``date`` (``datetime64`` in pandas, ``Date`` in polars); ``integer``
    (``int64``, ``Int64`` when nullable); ``number`` (``float64``); ``score`` (an integer when the
    method gives whole scores only, as every preset method does, else a number); ``flag`` (``bool``, ``boolean``
    when nullable); ``category`` (pandas ``category`` in the engine's order, polars ``Enum``);
    ``band`` (an ordered category of the method's bands, lowest first); ``list`` (lists of text);
    ``json`` (any other value, as its JSON text).

    The type of a ``score`` column is the method's, never the rows': integer when every cell of
    the method's grid has a whole score, number when one has a fraction, in every table of results
    under that method (a table whose method is not known, one made by hand, takes it from its
    values)."""

    name: str
    path: Tuple[str, ...]
    kind: str
    nullable: bool
    categories: Optional[Tuple[str, ...]] = None


_API: List[Dict[str, Any]] = []


def _api() -> Dict[str, Any]:
    """The engine's JSON Schema of every op (read once)."""
    if not _API:
        _API.append(json.loads(_native.api_schema()))
    return _API[0]


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        merged = dict(_api()["$defs"][name])
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        node = merged
    return node


def _without_null(node: Mapping[str, Any]) -> Tuple[List[Mapping[str, Any]], bool]:
    """The alternatives of a node other than ``null``, and whether ``null`` is one."""
    node = _resolve(node)
    types = node.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [t for t in types if t != "null"]
        return [{**node, "type": rest[0] if len(rest) == 1 else rest}], True
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if options and not _is_enum(node):
            kept = [_resolve(o) for o in options if _resolve(o).get("type") != "null"]
            return kept, len(kept) < len(options)
    return [node], False


def _is_enum(node: Mapping[str, Any]) -> bool:
    options = node.get("oneOf") or node.get("anyOf") or []
    return "enum" in node or bool(options) and all("const" in _resolve(o) for o in options)


def _enum_values(node: Mapping[str, Any]) -> Tuple[str, ...]:
    if "enum" in node:
        return tuple(str(v) for v in node["enum"])
    return tuple(str(_resolve(o)["const"]) for o in node.get("oneOf") or node.get("anyOf") or [])


def _is_band(name: str) -> bool:
    return name == "band" or name.endswith("_band") or name.startswith("band_")


def _fields(node: Mapping[str, Any]) -> List[str]:
    """The fields of an object schema: required ones in declaration order, then the others."""
    properties = node.get("properties", {})
    required = [k for k in node.get("required", []) if k in properties]
    return required + sorted(k for k in properties if k not in required)


def _columns(node: Mapping[str, Any], name: str, path: Tuple[str, ...], nullable: bool) -> List[Column]:
    """The columns of a field ``name`` (``""`` for the record itself) whose schema is ``node``."""
    options, may_be_null = _without_null(node)
    nullable = nullable or may_be_null
    prefix = f"{name}_" if name else ""
    if len(options) == 1:
        node = options[0]
        if _is_enum(node):
            return [Column(name, path, "category", nullable, _enum_values(node))]
        if node.get("type") == "object" and node.get("properties"):
            return union([(_object(node, prefix, path), nullable)])
    elif options and all(o.get("type") == "object" and o.get("properties") for o in options):
        return union([(_object(o, prefix, path), nullable) for o in options])
    if len(options) != 1:
        return [Column(name, path, "json", nullable)]
    node = options[0]
    kind = node.get("type")
    leaf = path[-1] if path else name
    if kind == "string":
        if _is_band(leaf):
            return [Column(name, path, "band", nullable)]
        return [Column(name, path, "date" if node.get("format") == "date" else "text", nullable)]
    if kind == "integer":
        return [Column(name, path, "integer", nullable)]
    if kind == "number":
        return [Column(name, path, "score" if leaf == "score" else "number", nullable)]
    if kind == "boolean":
        return [Column(name, path, "flag", nullable)]
    if kind == "array":
        items, _ = _without_null(node.get("items", {}))
        if len(items) == 1 and (items[0].get("type") == "string" or _is_enum(items[0])):
            return [Column(name, path, "list", nullable)]
    return [Column(name, path, "json", nullable)]


def _object(node: Mapping[str, Any], prefix: str, path: Tuple[str, ...]) -> List[Column]:
    required = set(node.get("required", []))
    columns: List[Column] = []
    for field in _fields(node):
        columns += _columns(node["properties"][field], prefix + field, path + (field,), field not in required)
    return columns


def union(tables: Sequence[Tuple[Sequence[Column], bool]]) -> List[Column]:
    """The columns of records of any of several schemas (each with whether all of its columns
    may be missing): every column once, in order of first appearance, nullable unless every
    schema has it and none says it may be missing."""
    seen: Dict[str, Column] = {}
    count: Dict[str, int] = {}
    for columns, nullable in tables:
        for column in columns:
            if nullable:
                column = column._replace(nullable=True)
            first = seen.setdefault(column.name, column)
            if first.kind != column.kind:
                seen[column.name] = first._replace(kind="json", categories=None, nullable=True)
            elif column.nullable and not first.nullable:
                seen[column.name] = first._replace(nullable=True)
            count[column.name] = count.get(column.name, 0) + 1
    return [c if count[c.name] == len(tables) else c._replace(nullable=True) for c in seen.values()]


def _item_columns(node: Mapping[str, Any], where: str) -> List[Column]:
    options, _ = _without_null(node)
    if len(options) != 1 or options[0].get("type") != "array":
        raise KeyError(f"`{where}` is not a list of records")
    columns = _columns(options[0].get("items", {}), "", (), False)
    if len(columns) == 1 and columns[0].name == "":
        return [columns[0]._replace(name="value")]
    return columns


#: The columns of each table met so far, by op and name.
_OF_OP: Dict[Tuple[str, str], Tuple[Column, ...]] = {}


def of_op(op: str, name: str = "") -> Tuple[Column, ...]:
    """The columns of the list ``name`` (dotted: ``"by_band.inherent"``; the response itself
    when empty) of the response of ``op``. ``KeyError`` when there is no such list."""
    if (op, name) not in _OF_OP:
        _OF_OP[(op, name)] = _of_op(op, name)
    return _OF_OP[(op, name)]


def _of_op(op: str, name: str) -> Tuple[Column, ...]:
    node: Mapping[str, Any] = _api()["ops"][op]["response"]
    for part in name.split(".") if name else []:
        options, _ = _without_null(node)
        properties = options[0].get("properties", {}) if len(options) == 1 else {}
        if part not in properties:
            raise KeyError(f"the result has no table `{name}`")
        node = properties[part]
    return tuple(_item_columns(node, name or op))


def whole_scores(checked_method: Mapping[str, Any]) -> bool:
    """Whether every score of a method (as ``check_method`` returns it, with its ``grid``) is
    whole: its ``score`` columns are integers then, else numbers, whatever the rows hold."""
    return all(float(cell["score"]).is_integer() for row in checked_method["grid"] for cell in row)


def of_definition(definition: str) -> Tuple[Column, ...]:
    """The columns of a record of the engine's type ``definition`` (``"Risk"``, ``"Asset"``)."""
    return tuple(_columns({"$ref": f"#/$defs/{definition}"}, "", (), False))


def infer(columns: Mapping[str, Sequence[Any]]) -> List[Column]:
    """The columns of a table of plain values (a table made by hand): each column's kind from its
    values, ``json`` when they are of several kinds."""
    out = []
    for name, values in columns.items():
        kinds = {_kind_of(v) for v in values if v is not None}
        if kinds == {"integer", "number"}:
            kinds = {"number"}
        kind = kinds.pop() if len(kinds) == 1 else ("text" if not kinds else "json")
        out.append(Column(name, (name,), kind, True))
    return out


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int):
        return "integer" if -(2**63) <= value < 2**63 else "json"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) or v is None for v in value):
        return "list"
    return "json"
