"""The shared case corpus (tests/cases/**/*.json) run against the installed ``isms`` package.

The assertions are the same as in the Rust runner (core/tests/cases.rs) and the node runner
(tests/js/cases.test.mjs); see the Rust runner's header for their meaning. Files under
tests/selftest/ hold deliberately wrong expectations, and each must fail here too.
"""

from __future__ import annotations

import base64
import inspect
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import isms

ROOT = Path(__file__).resolve().parents[2]

# Cases this runner does not run: {"area/name": "reason"}. Empty: the package runs everything.
SKIP: Dict[str, str] = {}


class CaseFailed(AssertionError):
    """A case's expectation did not hold."""


def corpus(folder: str) -> List[Path]:
    return sorted((ROOT / "tests" / folder).rglob("*.json"))


def case_name(path: Path) -> str:
    return path.relative_to(ROOT / "tests").with_suffix("").as_posix()


def equal(got: Any, want: Any) -> bool:
    # bool is an int in Python; JSON keeps them apart.
    if isinstance(got, bool) or isinstance(want, bool):
        return type(got) is type(want) and got == want
    if isinstance(got, (int, float)) and isinstance(want, (int, float)):
        return float(got) == float(want)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(equal(g, w) for g, w in zip(got, want))
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(equal(got[k], want[k]) for k in want)
    return type(got) is type(want) and got == want


def subset(got: Any, want: Any, at: str = "") -> None:
    if isinstance(got, dict) and isinstance(want, dict):
        for key, value in want.items():
            if key not in got:
                raise CaseFailed(f"{at}/{key} is missing")
            subset(got[key], value, f"{at}/{key}")
    elif isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (g, w) in enumerate(zip(got, want)):
            subset(g, w, f"{at}/{i}")
    elif not equal(got, want):
        raise CaseFailed(f"{at}: {got!r} where {want!r} was expected")


def fixture_path(name: str) -> Path:
    """The file a fixture name stands for: ``tests/fixtures/<name>`` for a bare name,
    ``tests/<name>`` for a name with ``/``; names that leave ``tests/`` are refused."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or any(part in ("", "..") for part in parts):
        raise CaseFailed(f"$fixture {name!r} must be a relative path inside tests/")
    return ROOT / "tests" / name if "/" in name else ROOT / "tests" / "fixtures" / name


def with_fixtures(value: Any) -> Any:
    """Replaces every ``{"$fixture": name}`` object by the fixture file it names: its JSON value,
    or the base64 of its bytes when it is no ``.json`` file."""
    if isinstance(value, dict):
        if list(value) == ["$fixture"]:
            name = value["$fixture"]
            path = fixture_path(name)
            if name.endswith(".json"):
                return json.loads(path.read_text(encoding="utf-8"))
            return base64.b64encode(path.read_bytes()).decode("ascii")
        return {key: with_fixtures(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_fixtures(item) for item in value]
    return value


def pointer(value: Any, path: str) -> Any:
    """The value at a JSON pointer (RFC 6901), or None."""
    for token in path.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def members(got: Any, want: Dict[str, List[Any]], present: bool) -> None:
    """``expect_includes`` (present) and ``expect_excludes`` (absent)."""
    for path, subsets in want.items():
        array = pointer(got, path)
        if not isinstance(array, list):
            raise CaseFailed(f"{path} is not an array in the response")
        for wanted in subsets:
            found = False
            for item in array:
                try:
                    subset(item, wanted)
                    found = True
                    break
                except CaseFailed:
                    pass
            if found != present:
                verb = "has no" if present else "has an"
                raise CaseFailed(f"{path} {verb} element matching {wanted!r}")


ASSERTIONS = ("expect", "expect_subset", "expect_len", "expect_ids", "expect_includes", "expect_excludes")


# Façade functions that take their request's documents (or method) as positional arguments and
# the rest of it as keywords (``validate(document, as_of=...)``), with those fields, in order.
POSITIONAL = {
    "validate": ("document",),
    "analyse": ("document",),
    "rerate": ("document",),
    "migrate": ("document",),
    "soa": ("document",),
    "draft_soa": ("document",),
    "readiness": ("document",),
    "oscal": ("document",),
    "audit_checklist": ("document",),
    "review_pack": ("document",),
    "diff": ("old", "new"),
    "check_method": ("method",),
}
# Façade functions whose result is not the op's JSON response (``export`` returns the content,
# ``simulate`` keeps samples out of the dict, as numpy arrays).
RAW_OPS = {"export", "simulate"}


def invoke(op: str, request: Any) -> Any:
    """Calls the façade function named like the op, or ``isms.call`` for a name it lacks and for a
    request the function cannot take apart: without its positional fields, or with a field that is
    no parameter of the function (Python raises ``TypeError`` for it before the engine sees it)."""
    function = getattr(isms, op, None) if op in isms.ops() and op not in RAW_OPS else None
    if function is None:
        return isms.call(op, request)
    positional = POSITIONAL.get(op)
    if positional is None:
        return function(request)
    if not isinstance(request, dict) or not all(k in request for k in positional):
        return isms.call(op, request)
    keywords = {k: v for k, v in request.items() if k not in positional}
    if not set(keywords) <= set(inspect.signature(function).parameters):
        return isms.call(op, request)
    return function(*(request[k] for k in positional), **keywords)


def run_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    try:
        if "limits" in case or "input_text" in case:
            # The generic call, with the case's limits and the request as the case gives it (its
            # raw JSON text for ``input_text``).
            if "input_text" in case:
                got = isms.call_json(case["op"], case["input_text"], limits=case.get("limits"))
            else:
                got = isms.call(case["op"], with_fixtures(case.get("input", {})), limits=case.get("limits"))
        else:
            got = invoke(case["op"], with_fixtures(case.get("input", {})))
    except isms.IsmsError as err:
        want = case.get("error")
        if want is None:
            raise CaseFailed(f"unexpected error {err.code} at {err.path!r}: {err}") from None
        if err.code != want["code"]:
            raise CaseFailed(f"error code {err.code} where {want['code']} was expected") from None
        if "path" in want and err.path != want["path"]:
            raise CaseFailed(f"error path {err.path!r} where {want['path']!r} was expected") from None
        if "details" in want:
            subset(err.details, want["details"], "details")
        return
    if "error" in case:
        raise CaseFailed(f"expected error {case['error']['code']} but the call succeeded")
    if not any(key in case for key in ASSERTIONS):
        raise CaseFailed("case asserts nothing")
    if "expect" in case and not equal(got, case["expect"]):
        raise CaseFailed(f"response {got!r} differs from expected {case['expect']!r}")
    if "expect_subset" in case:
        subset(got, case["expect_subset"])
    if "expect_includes" in case:
        members(got, case["expect_includes"], True)
    if "expect_excludes" in case:
        members(got, case["expect_excludes"], False)
    if "expect_len" in case:
        length = len(got) if isinstance(got, list) else None
        if not equal(length, case["expect_len"]):
            raise CaseFailed(f"length {length} where {case['expect_len']} was expected")
    if "expect_ids" in case:
        ids = [item.get("id") for item in got] if isinstance(got, list) else None
        if ids != case["expect_ids"]:
            raise CaseFailed(f"ids {ids} where {case['expect_ids']} was expected")


CASES = corpus("cases")
SELFTEST = corpus("selftest")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[case_name(p) for p in CASES])
def test_case(path: Path) -> None:
    name = case_name(path)
    if name in SKIP:
        pytest.skip(SKIP[name])
    run_case(path)


@pytest.mark.parametrize("path", SELFTEST, ids=[case_name(p) for p in SELFTEST])
def test_wrong_expectation_fails(path: Path) -> None:
    with pytest.raises(CaseFailed):
        run_case(path)
