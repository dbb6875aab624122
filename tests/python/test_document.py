"""The ISMS document from Python: the published schema, validation, analysis, migration."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict

import jsonschema
import pytest

import isms

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "example-saas.isms.json"


@pytest.fixture()
def example() -> Dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_example_conforms_to_the_published_schema(example: Dict[str, Any]) -> None:
    schema = isms.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(example)


def test_the_schema_rejects_what_the_engine_rejects(example: Dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(isms.schema())
    broken = copy.deepcopy(example)
    broken["assets"][0]["type"] = "castle"
    assert not validator.is_valid(broken)
    with pytest.raises(isms.IsmsError) as info:
        isms.validate(broken)
    assert (info.value.code, info.value.path) == ("schema_violation", "/document/assets/0/type")


def test_method_schema_accepts_every_preset() -> None:
    validator = jsonschema.Draft202012Validator(isms.schema(of="method"))
    for method in isms.risk_methods():
        validator.validate(method)


def test_validate_takes_the_document_and_as_of(example: Dict[str, Any]) -> None:
    direct = isms.validate(example, as_of="2026-11-01")
    assert direct == isms.call("validate", {"document": example, "as_of": "2026-11-01"})
    assert direct["valid"] is True
    codes = {f["code"] for f in direct["findings"]}
    assert "risk_untreated" in codes and "action_overdue" in codes
    assert "action_overdue" not in {f["code"] for f in isms.validate(example)["findings"]}


def test_every_error_is_listed_in_details(example: Dict[str, Any]) -> None:
    broken = copy.deepcopy(example)
    broken["risks"][1]["id"] = broken["risks"][0]["id"]
    broken["risks"][5]["assets"] = ["no-such-asset"]
    with pytest.raises(isms.IsmsError) as info:
        isms.validate(broken)
    err = info.value
    assert (err.code, err.path) == ("duplicate_id", "/document/risks/1/id")
    assert err.details is not None and err.details["count"] == 2
    assert [e["path"] for e in err.details["errors"]] == [
        "/document/risks/1/id",
        "/document/risks/5/assets/0",
    ]


def test_analyse_scores_every_risk(example: Dict[str, Any]) -> None:
    analysis = isms.analyse(example, top=3, as_of="2026-11-01")
    assert len(analysis["risks"]) == len(example["risks"])
    assert len(analysis["top"]) == 3
    scores = [r["residual"]["score"] for r in analysis["top"]]
    assert scores == sorted(scores, reverse=True)
    cells = sum(sum(row) for row in analysis["heat_map"]["inherent"])
    assert cells == analysis["totals"]["rated"]
    plan = analysis["treatment_plan"]
    open_rows = [p for p in plan if p["status"] in ("planned", "in_progress")]
    assert plan[: len(open_rows)] == open_rows


def test_rerate_keeps_every_risk_and_reports_band_changes(example: Dict[str, Any]) -> None:
    result = isms.rerate(example, method="iso27005-3x3")
    assert result["from"] == "iso27005-5x5" and result["to"] == "iso27005-3x3"
    assert len(result["document"]["risks"]) == len(example["risks"])
    assert len(result["changed"]) + result["unchanged"] == len(example["risks"])
    # The re-rated document is itself valid under the new method.
    assert isms.validate(result["document"])["method"] == "iso27005-3x3"


def test_migrate_then_validate_an_old_document() -> None:
    old = {
        "schema": "isms/1",
        "organisation": {"name": "Old Ltd"},
        "risks": [{"id": "R1", "title": "Old risk", "likelihood": 2, "impact": 3, "x_row": 7}],
    }
    with pytest.raises(isms.IsmsError) as info:
        isms.validate(old)
    assert info.value.code == "unsupported_schema"
    migrated = isms.migrate(old)
    assert migrated["document"]["risks"][0] == {
        "id": "R1",
        "title": "Old risk",
        "inherent": {"likelihood": 2, "impact": 3},
        "x_row": 7,
    }
    assert isms.validate(migrated["document"])["contents"]["risks"] == 1


def test_threats_filter_by_keyword() -> None:
    site = isms.threats(asset_type="site")
    assert site["threats"] and all("site" in t["asset_types"] for t in site["threats"])
