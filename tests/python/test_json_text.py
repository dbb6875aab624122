"""The engine's writer of requests (``_native.json_text``) gives the text ``json.dumps`` gives, but
for how floats are written, and leaves to ``json.dumps`` whatever it would not write the same;
``isms.analyse`` through it answers and fails as the engine answers the ``json.dumps`` text."""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import isms
import pytest
from isms import _native

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "example-saas.isms.json"


def dumps(value: Any) -> str:
    return json.dumps(value, allow_nan=False)


def deep(levels: int) -> Any:
    """A list holding a list … ``levels`` deep."""
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


class Items(dict):  # type: ignore[type-arg]
    """A dict whose ``items()`` differ from what it holds, as ``json.dumps`` sees them."""

    def items(self) -> Iterator[Tuple[str, Any]]:  # type: ignore[override]
        yield ("shown", 1)


@pytest.mark.parametrize(
    "value",
    [
        None, True, False, 0, -7, 2**63 - 1, -(2**63), 2**64 - 1, "", "plain",
        "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \x00 del \x7f",
        "£ € — ü 中文 🙂 \u2028", [], {}, [1, [2, [3, []]], {}], (1, "two"),
        {"a": 1, "b": [True, None], "c": {"d": "e"}}, OrderedDict(z=1, a=2), Items(hidden=2),
        json.loads(FIXTURE.read_text(encoding="utf-8")),
    ],
    ids=lambda v: type(v).__name__,
)
def test_the_text_is_that_of_json_dumps(value: Any) -> None:
    assert _native.json_text(value) == dumps(value)


class Key(str):
    """A key of a ``str`` subclass: written as its text."""


def test_keys_met_again_are_written_as_they_were_first() -> None:
    # Records sharing their key objects (as `json.loads` makes them), more distinct keys than
    # the writer remembers, keys of a str subclass, keys needing escapes, and a key met again
    # after many others, in another order.
    shared = json.loads('[{"id": "a", "ü \\"q\\"": 1, "n": {"id": 2}}, {"id": "b", "ü \\"q\\"": 3, "n": {"id": 4}}]')
    many = {f"key {i}": i for i in range(600)}
    value = {
        "records": shared * 3,
        "many": many,
        "again": [dict(reversed(list(many.items())))] * 2,
        Key("sub"): {Key("sub"): Key("text")},
        "last": {"n": shared[0]["n"], "id": "\u00e9"},
    }
    assert _native.json_text(value) == dumps(value)


def test_floats_read_back_as_the_same_numbers() -> None:
    floats = [0.0, -0.0, 0.1, 1.5, 2.0, 1e16, 1.7976931348623157e308, 5e-324, 123456.789e-20, 1 / 3]
    text = _native.json_text(floats)
    assert text is not None
    assert [math.copysign(1, f) for f in json.loads(text)] == [math.copysign(1, f) for f in floats]
    assert json.loads(text) == floats


@pytest.mark.parametrize(
    "value",
    [
        {1: "int key"}, {None: 1}, {("a",): 1}, float("nan"), [float("inf")], 2**64, -(2**63) - 1,
        "lone \ud800 surrogate", {"surrogate \udfff key": 1}, {1, 2}, b"bytes", object(),
        deep(200),
    ],
    ids=lambda v: type(v).__name__,
)
def test_what_it_would_not_write_the_same_is_left_to_json_dumps(value: Any) -> None:
    assert _native.json_text(value) is None


def test_a_cycle_is_left_to_json_dumps() -> None:
    cycle: Dict[str, Any] = {}
    cycle["self"] = cycle
    assert _native.json_text(cycle) is None


def test_analyse_fails_as_the_engine_fails_on_the_json_dumps_text() -> None:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    doc["risks"][0]["inherent"]["likelihood"] = 1.5  # a float where a level belongs
    for bad, request in (
        (doc, {"document": doc}),
        ({"schema": "isms/2", "organisation": {"name": 7}}, None),
        ({"schema": "isms/1"}, None),
    ):
        request = request or {"document": bad}
        with pytest.raises(isms.IsmsError) as raised:
            isms.analyse(bad)
        with pytest.raises(isms.IsmsError) as expected:
            isms.call("analyse", request)
        assert (raised.value.code, raised.value.path, str(raised.value)) == (
            expected.value.code, expected.value.path, str(expected.value))
    with pytest.raises(isms.IsmsError) as nan:
        isms.analyse({"schema": "isms/2", "organisation": {"name": "A"}, "x": float("nan")})
    assert nan.value.code == "schema_violation"


def test_a_long_request_past_a_limit_fails_with_the_limit_whatever_else_is_wrong() -> None:
    # Above 1 MiB the request is measured against the limits while it is parsed: the limit
    # still decides, as when it is measured first (`call`).
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    filler = [{"id": f"R-{i:06d}", "title": "t" * 40} for i in range(30_000)]
    cases = (
        {**doc, "risks": doc["risks"] + filler, "x_note": "n" * (2 << 20)},  # string_bytes
        {**doc, "risks": doc["risks"] + filler * 8},  # items
        {**doc, "risks": doc["risks"] + filler, "x_deep": deep(70)},  # depth
        {**doc, "risks": doc["risks"] + filler, "organisation": {"name": 7}, "x": deep(70)},
        {**doc, "risks": doc["risks"] + [{"id": "R-1"}] + filler},  # no limit passed: the parse
    )
    for bad in cases:
        with pytest.raises(isms.IsmsError) as raised:
            isms.analyse(bad)
        with pytest.raises(isms.IsmsError) as expected:
            isms.call("analyse", {"document": bad})
        assert (raised.value.code, raised.value.path, raised.value.details) == (
            expected.value.code, expected.value.path, expected.value.details)
        assert len(json.dumps({"document": bad})) > 1 << 20
