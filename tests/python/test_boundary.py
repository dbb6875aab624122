"""A panic inside the engine is ``isms.IsmsError`` with code ``internal`` (a ``ValueError``, never
pyo3's ``PanicException``, a ``BaseException``), and the next call succeeds. The panics are real:
tests/run installs the package with the ``fault-injection`` feature, under which a request naming
``_panic`` panics inside the engine (core/src/api/fault.rs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

import isms

EXAMPLE = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "example-saas.isms.json").read_text(encoding="utf-8")
)


def internal(call: Callable[[], Any]) -> isms.IsmsError:
    """The ``IsmsError`` with code ``internal`` that ``call`` raises."""
    try:
        call()
    except Exception as err:  # noqa: BLE001 - a PanicException would not even land here
        assert isinstance(err, isms.IsmsError), f"not an IsmsError: {err!r}"
        assert err.code != "unknown_op", (
            "the package was built without the fault-injection feature: install it with "
            "--config-settings=maturin.build-args=--features=fault-injection (as tests/run does)"
        )
        assert err.code == "internal", f"{err.code}: {err}"
        assert err.path == ""
        assert str(err).startswith("the engine failed")
        return err
    pytest.fail("the call succeeded")


def test_a_panic_is_an_isms_error_internal_and_the_next_call_succeeds() -> None:
    err = internal(lambda: isms.call("_panic", {}))
    assert isinstance(err, ValueError)
    assert isms.control("5.1")["id"] == "A.5.1"
    assert isms.validate(EXAMPLE)["valid"] is True
    # Again: each panic is contained in its call.
    for _ in range(3):
        internal(lambda: isms.call("_panic", {}))
    assert len(isms.catalogue()) == 93


def test_a_panic_while_simulating_is_internal_and_the_next_simulation_succeeds() -> None:
    internal(lambda: isms.simulate(EXAMPLE, risks=["_panic"], iterations=100))
    result = isms.simulate(EXAMPLE, iterations=100, keep_samples=True)
    assert result["iterations"] == 100
    assert len(result.annual_losses()) == 100
