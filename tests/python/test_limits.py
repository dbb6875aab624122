"""Limits of one call and raw JSON requests in the Python package: every limit fails as
``IsmsError`` ``limit_exceeded`` before the work (a 120 M-character string included), limits are
lowered per call and never raised past their hard maxima, and ``call_json`` reads text and bytes as
they are, a syntax error at the caller's line and column."""

import json
from pathlib import Path
from typing import Any, Callable

import pytest

import isms

EXAMPLE = json.loads((Path(__file__).parent.parent / "fixtures" / "example-saas.isms.json").read_text("utf-8"))


def fails(fn: Callable[[], Any], code: str) -> isms.IsmsError:
    with pytest.raises(isms.IsmsError) as info:
        fn()
    assert info.value.code == code, info.value
    return info.value


def test_a_120_million_character_string_is_limit_exceeded() -> None:
    name = "A" * 120_000_000
    document = {**EXAMPLE, "organisation": {**EXAMPLE["organisation"], "name": name}}
    err = fails(lambda: isms.export(document, format="html"), "limit_exceeded")
    assert err.details["limit"] == "input_bytes"
    assert err.details["max"] == 64 << 20
    del document, name
    smaller = {**EXAMPLE, "organisation": {"name": "B" * 2_000_000}}
    err = fails(lambda: isms.validate(smaller), "limit_exceeded")
    assert err.details == {"limit": "string_bytes", "max": 1 << 20, "value": 2_000_000}
    assert err.path == "/document/organisation/name"
    assert isms.control("A.5.1")["id"] == "A.5.1"


def test_limits_are_lowered_per_call_never_raised_past_the_hard_maximum() -> None:
    err = fails(lambda: isms.call("soa", {"document": EXAMPLE}, limits={"items": 10}), "limit_exceeded")
    assert (err.details["limit"], err.details["max"]) == ("items", 10)
    fails(lambda: isms.call("soa", {"document": EXAMPLE}, limits={"depth": 1000}), "invalid_value")
    fails(lambda: isms.call("soa", {"document": EXAMPLE}, limits={"dept": 10}), "schema_violation")
    deep = {"document": EXAMPLE, "x": json.loads("[" * 70 + "]" * 70)}
    err = fails(lambda: isms.call("validate", deep), "limit_exceeded")
    assert err.details == {"limit": "depth", "max": 64, "value": 65}


def test_raw_json_text_and_bytes_are_read_as_they_are() -> None:
    body = json.dumps({"document": EXAMPLE}, indent=2)
    assert isms.call_json("validate", body) == isms.validate(EXAMPLE)
    assert isms.call_json("validate", body.encode()) == isms.validate(EXAMPLE)
    broken = body.replace('"isms/2",', '"isms/2"', 1)
    line = next(i for i, text in enumerate(broken.splitlines()) if '"isms/2"' in text) + 2
    for raw in (broken, broken.encode()):
        err = fails(lambda: isms.call_json("validate", raw), "invalid_json")
        assert err.details["line"] == line
    err = fails(lambda: isms.call_json("control", b"{\n\xff"), "invalid_json")
    assert err.details == {"line": 2, "column": 1}
    fails(lambda: isms.call_json("control", {"id": "A.5.1"}), "schema_violation")  # type: ignore[arg-type]
