"""The engine's finding codes and severities as literal types.

Kept equal to the engine's own list (``isms.findings()``) by ``tests/python/test_findings.py``.
"""

from typing import Literal, TypedDict

FindingCode = Literal[
    "unknown_field",
    "issues_missing",
    "interested_parties_missing",
    "scope_missing",
    "policy_missing",
    "roles_missing",
    "objectives_missing",
    "competence_missing",
    "documents_missing",
    "assets_missing",
    "risks_missing",
    "soa_missing",
    "monitoring_missing",
    "internal_audit_missing",
    "management_review_missing",
    "climate_not_considered",
    "requirement_unaddressed",
    "scope_exclusion_unjustified",
    "policy_unapproved",
    "policy_review_overdue",
    "role_unassigned",
    "objective_incomplete",
    "objective_not_measured",
    "awareness_missing",
    "competence_expired",
    "document_review_overdue",
    "asset_without_owner",
    "asset_not_valued",
    "recovery_objectives_missing",
    "risk_without_owner",
    "risk_unrated",
    "loss_tolerance_exceeded",
    "risk_untreated",
    "retained_without_acceptance",
    "acceptance_incomplete",
    "acceptance_not_by_owner",
    "acceptance_expired",
    "treatment_without_controls",
    "treatment_control_excluded",
    "control_undecided",
    "control_proposed",
    "exclusion_unjustified",
    "inclusion_without_reason",
    "implemented_without_evidence",
    "soa_unapproved",
    "soa_review_overdue",
    "action_incomplete",
    "action_overdue",
    "kpi_not_measured",
    "kpi_off_target",
    "objective_overdue",
    "review_inputs_incomplete",
    "not_audited_in_cycle",
    "auditor_not_independent",
    "audit_without_results",
    "finding_without_nonconformity",
    "root_cause_missing",
    "corrective_action_missing",
    "effectiveness_not_verified",
    "closed_ineffective",
    "lessons_not_learned",
]
"""Every finding code a check can raise; :func:`isms.findings` says what each one means."""

Severity = Literal["high", "medium", "low", "info"]
"""How much a finding matters."""

Cites = Literal["reference", "control", "action_plan"]
"""What a finding cites: the listed reference, or the control or action plan concerned."""


class FindingInfo(TypedDict):
    """One finding code as :func:`isms.findings` lists it."""

    code: FindingCode
    severity: Severity
    reference: str
    cites: Cites
    meaning: str
