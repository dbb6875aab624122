"""Options of the functions that take a document come only from their own parameters: a body a
caller passes as the document (a service forwarding a tenant's request) is read as a document,
never as options; the whole-request form is ``isms.call(op, request)``. Unknown option names are
errors: a ``TypeError`` for a function's keywords, an ``IsmsError`` from the engine for the
functions that take a request's fields as keywords."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import isms

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "example-saas.isms.json"

@pytest.fixture()
def example() -> Dict[str, Any]:
    """The shared example, which holds quantified risks too."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_a_body_with_iterations_is_read_as_a_document_by_simulate(example: Dict[str, Any]) -> None:
    with pytest.raises(isms.IsmsError) as info:
        isms.simulate({"document": example, "iterations": 2_000_000})
    assert (info.value.code, info.value.path) == ("schema_violation", "/document/schema")
    # With ``schema`` the body is a document whose unknown fields are kept, not options.
    out = isms.simulate({**example, "iterations": 2_000_000, "seed": 9})
    assert (out["iterations"], out["seed"]) == (10_000, 1)
    assert out == isms.simulate(example)


def test_a_body_with_as_of_is_read_as_a_document_by_validate(example: Dict[str, Any]) -> None:
    with pytest.raises(isms.IsmsError) as info:
        isms.validate({"document": example, "as_of": "2026-11-01"})
    assert (info.value.code, info.value.path) == ("schema_violation", "/document/schema")
    dated = isms.validate(example, as_of="2026-11-01")
    assert "action_overdue" in {f["code"] for f in dated["findings"]}
    body = isms.validate({**example, "as_of": "2026-11-01"})
    assert "action_overdue" not in {f["code"] for f in body["findings"]}
    # It is a field the document does not know, kept and reported as such.
    assert [f["path"] for f in body["findings"] if f["code"] == "unknown_field"] == ["/as_of"]
    plain = isms.validate(example)
    assert [f for f in body["findings"] if f["code"] != "unknown_field"] == plain["findings"]


@pytest.mark.parametrize(
    "run",
    [
        lambda r: isms.migrate(r),
        lambda r: isms.analyse(r),
        lambda r: isms.rerate(r, method="iso27005-3x3"),
        lambda r: isms.soa(r),
        lambda r: isms.readiness(r),
        lambda r: isms.export(r, format="csv"),
        lambda r: isms.export_file(r),
        lambda r: isms.oscal(r, "profile"),
        lambda r: isms.diff(r, r["document"]),
    ],
)
def test_every_function_that_takes_a_document_reads_a_request_as_the_document(
    run: Callable[[Dict[str, Any]], Any], example: Dict[str, Any]
) -> None:
    with pytest.raises(isms.IsmsError) as info:
        run({"document": example, "as_of": "2026-11-01", "model": "ssp", "report": "all"})
    assert info.value.code == "schema_violation"
    assert info.value.path.startswith(("/document", "/old"))


def test_the_request_form_is_call(example: Dict[str, Any]) -> None:
    request = {"document": example, "as_of": "2026-11-01"}
    assert isms.call("validate", request) == isms.validate(example, as_of="2026-11-01")
    assert isms.call("diff", {"old": example, "new": example}) == isms.diff(example, example)


def test_unknown_keywords_of_a_document_function_are_type_errors(example: Dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        isms.validate(example, as_off="2026-11-01")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        isms.simulate(example, iteration=5)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("run", "path"),
    [
        (lambda: isms.catalogue(them="people"), "/them"),
        (lambda: isms.crosswalk(idd="A.5.1"), "/idd"),
        (lambda: isms.clauses(clause="6", deep=True), "/deep"),
        (lambda: isms.mandatory_documents(kinds="record"), "/kinds"),
        (lambda: isms.rate(method="iso27005-5x5", likelihood=3, impact=3, colour="red"), "/colour"),
        (lambda: isms.schema(off="document"), "/off"),
        (lambda: isms.threats(asset="software"), "/asset"),
        (lambda: isms.import_register(content="Risk\nR1\n", kinds="risks"), "/kinds"),
    ],
)
def test_keyword_fields_reach_the_engine_which_rejects_unknown_names(run: Callable[[], Any], path: str) -> None:
    with pytest.raises(isms.IsmsError) as info:
        run()
    assert (info.value.code, info.value.path) == ("schema_violation", path)


def test_check_method_takes_the_method_never_a_request() -> None:
    by_id = isms.check_method("iso27005-4x4")
    assert isms.check_method(by_id["method"]) == by_id
    assert isms.call("check_method", {"method": "iso27005-4x4"}) == by_id
    with pytest.raises(isms.IsmsError):
        isms.check_method({"method": "iso27005-4x4"})


def test_export_defaults_are_the_engines(example: Dict[str, Any]) -> None:
    out = isms.export_file(example)
    assert out["filename"].endswith("-soa.xlsx") and out["content"][:2] == b"PK"
    assert isms.export_file(example, format="csv")["filename"].endswith("-soa.csv")
    assert isms.export_file(example, "treatment_plan")["filename"].endswith("-treatment-plan.xlsx")
    assert isms.export(example) == isms.export(example, "soa", "xlsx")
