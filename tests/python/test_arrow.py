"""The Arrow PyCapsule export of tables (``isms.Table``, built by ``isms._native.typed_table``):
consumed by pyarrow, polars and pandas through ``__arrow_c_stream__``, with the documented type of
each kind of column, and its capsules released exactly once."""

from __future__ import annotations

import ctypes
import enum
import gc
import json
import math
import sys
from pathlib import Path
from typing import Any, List, Optional, Sequence

import pytest

import isms
from isms import _native


def Table(names: Sequence[str], columns: Sequence[Any]) -> isms.Table:
    """A table of plain values: each column's kind from its values."""
    return isms.Table(dict(zip(names, columns)))


def stream(names: Sequence[str], columns: Sequence[Any], requested_schema: Optional[object] = None) -> object:
    """The Arrow C stream capsule of a table of plain values."""
    return Table(names, columns).__arrow_c_stream__(requested_schema)


ROWS = {
    "text": ["a", None, "ünïcødé €"],
    "count": [1, None, -(2**63)],
    "score": [1.5, 2, None],
    "flag": [True, None, False],
    "tags": [["x", None, "y"], None, []],
    "nothing": [None, None, None],
    "extra": [{"k": "é", "n": [1, 2]}, [1, "a"], None],
}


def table() -> Table:
    return Table(list(ROWS), list(ROWS.values()))


def test_pyarrow_reads_every_kind_of_column() -> None:
    pa = pytest.importorskip("pyarrow")
    result = pa.RecordBatchReader.from_stream(table()).read_all()
    assert result.schema == pa.schema(
        [
            ("text", pa.string()),
            ("count", pa.int64()),
            ("score", pa.float64()),
            ("flag", pa.bool_()),
            ("tags", pa.list_(pa.string())),
            ("nothing", pa.string()),
            ("extra", pa.string()),
        ]
    )
    columns = result.to_pydict()
    assert columns["text"] == ROWS["text"]
    assert columns["count"] == ROWS["count"]
    assert columns["score"] == [1.5, 2.0, None]
    assert columns["flag"] == ROWS["flag"]
    assert columns["tags"] == ROWS["tags"]
    assert columns["nothing"] == [None, None, None]
    assert columns["extra"] == ['{"k": "é", "n": [1, 2]}', '[1, "a"]', None]
    assert [json.loads(v) for v in columns["extra"][:2]] == ROWS["extra"][:2]


def test_pyarrow_table_consumes_the_protocol() -> None:
    pa = pytest.importorskip("pyarrow")
    result = pa.table(table())
    assert result.num_rows == 3
    assert result.column_names == list(ROWS)
    assert all(field.nullable for field in result.schema)


def test_polars_dataframe_consumes_the_protocol() -> None:
    pl = pytest.importorskip("polars")
    # pl.DataFrame takes any __arrow_c_stream__ object; pl.from_arrow reads such a stream as one
    # struct Series instead.
    df = pl.DataFrame(table())
    assert df.columns == list(ROWS)
    assert df.schema["text"] == pl.String
    assert df.schema["count"] == pl.Int64
    assert df.schema["score"] == pl.Float64
    assert df.schema["flag"] == pl.Boolean
    assert df.schema["tags"] == pl.List(pl.String)
    assert df.schema["nothing"] == pl.String  # no value to tell: text, never an untyped column
    assert df["tags"].to_list() == ROWS["tags"]
    assert df["count"].to_list() == ROWS["count"]


def test_pandas_from_arrow_when_available() -> None:
    pd = pytest.importorskip("pandas")
    if not hasattr(pd.DataFrame, "from_arrow"):
        pytest.skip("pandas before 3.0 has no DataFrame.from_arrow")
    df = pd.DataFrame.from_arrow(table())
    assert list(df.columns) == list(ROWS)
    assert df["count"].tolist()[0] == 1


@pytest.mark.parametrize(
    ("values", "arrow_type", "expected"),
    [
        ([1, 2.5], "double", [1.0, 2.5]),
        ([2**63, 1], "string", [str(2**63), "1"]),
        ([10**400, 1.5], "string", [str(10**400), "1.5"]),
        ([1, "a", True, None], "string", ["1", "a", "True", None]),
        ([True, 1], "string", ["True", "1"]),
        ([["a"], "b"], "string", ['["a"]', "b"]),
        ([("a", 1)], "string", ['["a", 1]']),
        ([{1: "x", (2, 3): "y"}], "string", [str({1: "x", (2, 3): "y"})]),
        ([object], "string", [str(object)]),
        ([[], None], "list<item: string>", [[], None]),
    ],
)
def test_inferred_types(values: List[Any], arrow_type: str, expected: List[Any]) -> None:
    pa = pytest.importorskip("pyarrow")
    column = pa.table(Table(["c"], [values])).column("c")
    assert str(column.type) == arrow_type
    assert column.to_pylist() == expected


def test_nan_subclasses_and_tuples() -> None:
    pa = pytest.importorskip("pyarrow")

    class Level(enum.IntEnum):
        LOW = 1

    class Name(str):
        pass

    result = pa.table(Table(["f", "i", "s"], [(math.nan, 1.0), [Level.LOW, 2], [Name("n"), "m"]]))
    assert result.column("f").type == pa.float64()
    assert math.isnan(result.column("f")[0].as_py())
    assert result.column("f").null_count == 0
    assert result.column("i").to_pylist() == [1, 2]
    assert result.column("s").to_pylist() == ["n", "m"]


def test_zero_rows_and_zero_columns() -> None:
    pa = pytest.importorskip("pyarrow")
    empty = pa.table(Table(["a", "b"], [[], []]))
    assert empty.num_rows == 0
    assert empty.schema == pa.schema([("a", pa.string()), ("b", pa.string())])
    assert pa.table(Table([], [])).num_rows == 0


def test_unequal_lengths_are_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"unequal length"):
        Table(["a", "b"], [[1, 2], [1]])
    spec = [("a", ["a"], "integer", True, None, False), ("b", ["b"], "integer", True, None, False)]
    with pytest.raises(ValueError, match="column `b` has 1 values, the first column 2"):
        _native.typed_table(spec, columns=[[1, 2], [1]])


def test_schema_and_columns_must_agree_in_number() -> None:
    with pytest.raises(ValueError, match="1 columns for a schema of 2"):
        _native.typed_table(
            [("a", ["a"], "text", True, None, False), ("b", ["b"], "text", True, None, False)], columns=[["x"]]
        )
    with pytest.raises(ValueError, match="either rows or columns"):
        _native.typed_table([])


def test_an_unknown_kind_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown column kind `money`"):
        _native.typed_table([("a", ["a"], "money", True, None, False)], rows=[])


def test_requested_schema_is_accepted_and_ignored() -> None:
    pa = pytest.importorskip("pyarrow")
    requested = pa.schema([("a", pa.string())]).__arrow_c_schema__()
    capsule = stream(["a"], [[1, 2]], requested)
    assert pa.RecordBatchReader._import_from_c_capsule(capsule).schema.field("a").type == pa.int64()


def test_the_capsule_is_named_arrow_array_stream() -> None:
    capsule = stream(["a"], [[1]])
    is_valid = ctypes.pythonapi.PyCapsule_IsValid
    is_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]
    is_valid.restype = ctypes.c_int
    assert is_valid(capsule, b"arrow_array_stream") == 1
    assert type(capsule).__name__ == "PyCapsule"


def rss_bytes() -> int:
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("needs /proc/self/statm (Linux) to read the resident set size")
    import resource

    return int(statm.read_text().split()[1]) * resource.getpagesize()


def test_unconsumed_capsules_are_released() -> None:
    columns = [list(range(1000)), [f"row {i}" for i in range(1000)], [["t"]] * 1000]
    names = ["n", "s", "l"]

    table = Table(names, columns)

    def churn(times: int) -> None:
        for _ in range(times):
            table.__arrow_c_stream__()
        gc.collect()

    churn(1000)
    before = rss_bytes()
    churn(10_000)
    grown = rss_bytes() - before
    # Each stream holds about 30 KB of buffers: 10,000 leaked would be some 300 MB.
    assert grown < 30 * 2**20, f"RSS grew by {grown / 2**20:.1f} MiB"


def test_consumed_capsules_are_released_once() -> None:
    pa = pytest.importorskip("pyarrow")
    columns = [list(range(1000)), [f"row {i}" for i in range(1000)]]
    table = Table(["n", "s"], columns)
    for _ in range(2000):
        capsule = table.__arrow_c_stream__()
        reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
        del capsule  # the stream moved into pyarrow: dropping the capsule must not release it
        assert reader.read_all().num_rows == 1000
    # The stream moved out leaves a released one behind, which pyarrow refuses to import again.
    capsule = stream(["n"], [[1]])
    pa.RecordBatchReader._import_from_c_capsule(capsule)
    with pytest.raises(pa.ArrowInvalid, match="released"):
        pa.RecordBatchReader._import_from_c_capsule(capsule)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
