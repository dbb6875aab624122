"""The finding codes: the `findings` list, the literal types of the package, and findings raised."""

import typing

import isms
from isms import _codes


def test_the_literal_type_lists_exactly_the_engines_codes():
    listed = [f["code"] for f in isms.findings()]
    assert list(typing.get_args(_codes.FindingCode)) == listed
    assert len(listed) == len(set(listed)) == 61


def test_every_listed_code_has_a_severity_reference_and_meaning():
    severities = set(typing.get_args(_codes.Severity))
    for info in isms.findings():
        assert info["severity"] in severities
        assert info["reference"] and info["meaning"]
        assert info["cites"] in {"reference", "control", "action_plan"}


def test_raised_findings_are_listed():
    listed = {f["code"] for f in isms.findings()}
    raised = isms.validate({"schema": "isms/2"})["findings"]
    assert raised and {f["code"] for f in raised} <= listed
