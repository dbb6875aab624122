"""Python-only behaviour of the ``isms`` package: the façade, the error class, keyword filters."""

from __future__ import annotations

import math

import pytest

import isms


def test_error_is_a_value_error_with_code_path_and_details() -> None:
    with pytest.raises(ValueError) as info:
        isms.control({"id": "A.12.6.1"})
    err = info.value
    assert isinstance(err, isms.IsmsError)
    assert err.code == "superseded_control"
    assert err.path == "/id"
    assert err.details == {"successors": ["A.8.8"]}
    assert type(err).__module__ == "isms"


def test_every_engine_op_has_a_facade_function() -> None:
    for op in isms.ops():
        assert callable(getattr(isms, op)), op


def test_keyword_filters_and_dict_requests_agree() -> None:
    by_kwargs = isms.catalogue(theme="physical", security_domains=["Protection"])
    by_dict = isms.catalogue({"theme": "physical", "security_domains": "Protection"})
    assert by_kwargs == by_dict
    assert by_kwargs and all(c["theme"] == "physical" for c in by_kwargs)


def test_results_are_plain_dicts_and_lists() -> None:
    entry = isms.control("8.24")
    assert type(entry) is dict
    assert type(entry["attributes"]["control_type"]) is list
    assert entry["title"] == "Use of cryptography"


@pytest.mark.parametrize(
    "request_value", [{"theme": {1, 2}}, {"text": math.nan}, {"theme": object()}]
)
def test_values_json_cannot_carry_are_engine_errors(request_value: object) -> None:
    with pytest.raises(isms.IsmsError) as info:
        isms.catalogue(request_value)  # type: ignore[arg-type]
    assert info.value.code == "schema_violation"


def test_a_non_mapping_request_is_an_engine_error() -> None:
    with pytest.raises(isms.IsmsError) as info:
        isms.catalogue(["people"])  # type: ignore[arg-type]
    assert info.value.code == "schema_violation"


def test_many_bad_calls_leave_the_module_working() -> None:
    for i in range(2000):
        with pytest.raises(isms.IsmsError):
            isms.call("control", "{" * (i % 50) + "x")
    assert len(isms.catalogue()) == 93


def test_version_is_exposed() -> None:
    assert isms.__version__.count(".") == 2


def test_check_method_accepts_a_preset_id_or_a_method_dict() -> None:
    by_id = isms.check_method("iso27005-4x4")
    by_dict = isms.check_method(by_id["method"])
    assert by_id == by_dict
    assert by_id["score_range"] == [1, 16]


def test_rate_takes_keywords() -> None:
    rating = isms.rate(method="iso27005-5x5", likelihood=5, impact={"availability": 5})
    assert rating == {"likelihood": 5, "impact": 5, "score": 25, "band": "critical", "above_appetite": True}
