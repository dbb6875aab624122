"""isms: an ISO/IEC 27001:2022 ISMS engine.

A function that works on a document takes the document first and its options as its own
parameters (never from inside the document); the others take a request as a dict or keyword
arguments; :func:`call` runs any operation on a whole request. They return plain dicts and lists,
exactly the JSON the engine speaks in every language; the results that are tables (the catalogue,
an analysis, the SoA, readiness gaps, a diff) are ``dict``/``list`` subclasses that also convert with
``.to_pandas()``, ``.to_polars()`` and the Arrow PyCapsule interface. :func:`read_register` reads
risk and asset registers from CSV, XLSX and DataFrames. Bad input raises :class:`IsmsError`, a
``ValueError`` with a stable ``code``, the JSON pointer ``path`` of the offending field,
``details`` (a dict or ``None``), and the spreadsheet ``row`` and ``column`` of a bad register cell.
:func:`simulate` runs the FAIR-style Monte Carlo simulation of annual loss in money.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List, Mapping, Optional, Union

from . import _native, _schema
from ._codes import FindingCode, FindingInfo, Severity
from ._native import IsmsError
from ._quant import Simulation, combine, simulate
from ._register import Reading, Register, inspect_register, read_register
from ._request import document_request as _document_request
from ._request import from_json as _from_json
from ._request import error as _error
from ._request import to_json as _to_json
from ._tables import (
    Analysis,
    AuditChecklist,
    Column,
    Diff,
    Document,
    Readiness,
    Records,
    ReviewPack,
    Soa,
    Table,
)

__all__ = [
    "Analysis",
    "AuditChecklist",
    "Column",
    "Diff",
    "Document",
    "FindingCode",
    "FindingInfo",
    "IsmsError",
    "Readiness",
    "Records",
    "Reading",
    "Register",
    "ReviewPack",
    "Severity",
    "Simulation",
    "Soa",
    "Table",
    "__version__",
    "analyse",
    "audit_checklist",
    "call",
    "call_json",
    "catalogue",
    "check_method",
    "clauses",
    "control",
    "crosswalk",
    "diff",
    "draft_soa",
    "export",
    "export_file",
    "findings",
    "import_register",
    "inspect_register",
    "mandatory_documents",
    "migrate",
    "ops",
    "oscal",
    "rate",
    "read_register",
    "readiness",
    "rerate",
    "review_pack",
    "risk_methods",
    "schema",
    "simulate",
    "combine",
    "soa",
    "threats",
    "validate",
    "vocabulary",
]

__version__: str = _native.__version__

Request = Optional[Mapping[str, Any]]


def call(op: str, request: Any = None, *, limits: Optional[Mapping[str, int]] = None) -> Any:
    """Runs the engine operation ``op`` (one of :func:`ops`) on a JSON-compatible request, the
    whole request as the engine reads it (``{"document": ..., "as_of": ...}``).

    ``limits`` lowers (or raises, up to their hard maxima) the limits of the call:
    ``input_bytes``, ``string_bytes``, ``items``, ``depth``, ``output_bytes`` and
    ``simulation_work``; a request past one raises :class:`IsmsError` ``limit_exceeded``.
    """
    return _from_json(_native.call(op, _to_json(request), _limits_json(limits)))


def call_json(op: str, text: Union[str, bytes], *, limits: Optional[Mapping[str, int]] = None) -> Any:
    """Runs the engine operation ``op`` on the raw JSON text of its request (``str``, or the
    UTF-8 ``bytes`` of a body), parsed once by the engine: a syntax error names the line and
    column of that text in ``details``. ``limits`` as for :func:`call`."""
    if not isinstance(text, (str, bytes)):
        raise _error("schema_violation", "the raw request is neither JSON text nor its bytes")
    return _from_json(_native.call(op, text, _limits_json(limits)))


def _limits_json(limits: Optional[Mapping[str, int]]) -> Optional[str]:
    if limits is None:
        return None
    if not isinstance(limits, Mapping):
        raise _error("schema_violation", "the limits are not a dict", "/limits")
    return _to_json(dict(limits))


def _merge(request: Request, fields: Mapping[str, Any]) -> Dict[str, Any]:
    if request is not None and not isinstance(request, Mapping):
        raise _error("schema_violation", "expected a dict of request fields")
    merged = dict(request or {})
    merged.update(fields)
    return merged


def ops() -> List[str]:
    """The names of every engine operation."""
    return list(_native.ops())


def catalogue(request: Request = None, /, **filters: Any) -> Records:
    """The Annex A controls that pass the filters, in standard order.

    Filters: ``theme``, ``control_type``, ``security_properties``, ``cybersecurity_concepts``,
    ``operational_capabilities``, ``security_domains`` (one value or a list: any matches),
    ``new_in_2022`` (bool) and ``text`` (case-insensitive search in id, title and guidance).
    """
    return Records(call("catalogue", _merge(request, filters)), _schema.of_op("catalogue"))


def control(request: Union[str, Mapping[str, Any]]) -> Dict[str, Any]:
    """One 2022 control by id: ``"A.5.1"``, ``"5.1"``, ``"a 5.1"`` or ``{"id": ...}``.

    A 2013 id raises ``IsmsError`` with code ``superseded_control`` and ``details["successors"]``.
    """
    return call("control", request)  # type: ignore[no-any-return]


def crosswalk(request: Request = None, /, **fields: Any) -> Records:
    """The 2013↔2022 correspondence: ``direction`` ("2013_to_2022" or "2022_to_2013") and/or ``id``."""
    return Records(call("crosswalk", _merge(request, fields)), _schema.of_op("crosswalk"))


def clauses(request: Request = None, /, **fields: Any) -> Records:
    """The requirements of clauses 4.1–10.2, or those under ``clause`` ("6", "6.1", "6.1.3")."""
    return Records(call("clauses", _merge(request, fields)), _schema.of_op("clauses"))


def mandatory_documents(request: Request = None, /, **fields: Any) -> Records:
    """The documents and records clauses 4–10 require; ``kind`` = "document" or "record"."""
    return Records(call("mandatory_documents", _merge(request, fields)), _schema.of_op("mandatory_documents"))


def findings(request: Request = None, /) -> List[FindingInfo]:
    """Every finding code :func:`validate` can raise (see :data:`FindingCode`), grouped by the
    area of the standard it concerns: ``code``, usual ``severity``, the clause or control
    ``reference`` it cites, ``cites`` (``"reference"``, or ``"control"`` / ``"action_plan"`` for
    findings that cite the control or plan concerned) and its ``meaning``."""
    return call("findings", _merge(request, {}))  # type: ignore[no-any-return]


def vocabulary(request: Request = None, /) -> Dict[str, Any]:
    """The themes and the ISO/IEC 27002:2022 attribute values, in the standard's order."""
    return call("vocabulary", _merge(request, {}))  # type: ignore[no-any-return]


def risk_methods(request: Request = None, /) -> List[Dict[str, Any]]:
    """The risk methods that ship with the engine (5×5, 4×4, 3×3 matrix, 1–9 score), complete."""
    return call("risk_methods", _merge(request, {}))  # type: ignore[no-any-return]


def check_method(method: Union[str, Mapping[str, Any]]) -> Dict[str, Any]:
    """Validates a risk method (a preset id or a method dict) and returns it with its score grid.

    A broken rule raises ``IsmsError`` with code ``invalid_method`` and the path of the field.
    """
    return call("check_method", {"method": method})  # type: ignore[no-any-return]


def rate(request: Request = None, /, **fields: Any) -> Dict[str, Any]:
    """Score, band and appetite verdict of ``likelihood`` and ``impact`` under ``method``.

    ``impact`` is a level or ``{"confidentiality": .., "integrity": .., "availability": ..}``.
    """
    return call("rate", _merge(request, fields))  # type: ignore[no-any-return]


def schema(request: Request = None, /, **fields: Any) -> Dict[str, Any]:
    """The JSON Schema of the ISMS document (``of="document"``) or of a risk method (``of="method"``)."""
    return call("schema", _merge(request, fields))  # type: ignore[no-any-return]


def migrate(document: Mapping[str, Any]) -> Dict[str, Any]:
    """Brings a document of an older schema version to the current one, keeping unknown fields.

    Returns ``{"document", "from", "to", "changes"}``.
    """
    return call("migrate", _document_request(document))  # type: ignore[no-any-return]


def validate(document: Mapping[str, Any], as_of: Optional[str] = None) -> Dict[str, Any]:
    """Checks an ISMS document: broken rules raise :class:`IsmsError` (all of them listed in
    ``details["errors"]``); what a valid document still lacks comes back as ``findings``.

    ``as_of`` (``"YYYY-MM-DD"``) enables the date-dependent findings such as overdue actions.
    """
    return call("validate", _document_request(document, as_of=as_of))  # type: ignore[no-any-return]


def analyse(
    document: Mapping[str, Any],
    top: Optional[int] = None,
    as_of: Optional[str] = None,
    include_closed: Optional[bool] = None,
) -> Analysis:
    """The scored risk register: heat maps, counts, the ``top`` risks, the treatment plan.
    Closed risks are left out of the heat maps, totals, top risks and counts (but the count by
    status) unless ``include_closed=True``; the register lists them all.
    ``.to_pandas()`` is the scored register; ``.to_pandas("treatment_plan")`` the plan."""
    request = _document_request(document, top=top, as_of=as_of, include_closed=include_closed)
    # The request's JSON written by the engine's writer (the text `json.dumps` gives, but for
    # how floats are written), else by `json.dumps`; an error is that of the `json.dumps` text.
    text = _native.json_text(request)
    try:
        held = _native.analyse(text if text is not None else _to_json(request))
    except IsmsError:
        if text is None:
            raise
        held = _native.analyse(_to_json(request))
    analysis = Analysis._of_engine(held)
    analysis._whole_scores = _method_facts(document)[1]
    return analysis


def rerate(
    document: Mapping[str, Any],
    method: Any = None,
    likelihood_map: Optional[List[int]] = None,
    impact_map: Optional[List[int]] = None,
) -> Dict[str, Any]:
    """Moves a document to another risk ``method`` (preset id or method dict), mapping every
    rating, and reports each risk whose band changed."""
    request = _document_request(
        document, method=method, likelihood_map=likelihood_map, impact_map=impact_map
    )
    return call("rerate", request)  # type: ignore[no-any-return]


def threats(request: Request = None, /, **filters: Any) -> Dict[str, Any]:
    """The starter threat and vulnerability catalogue, filtered by ``asset_type`` or ``control``."""
    return call("threats", _merge(request, filters))  # type: ignore[no-any-return]


def soa(document: Mapping[str, Any], as_of: Optional[str] = None) -> Soa:
    """The Statement of Applicability: ``header``, ``summary``, one row per Annex A and custom
    control (applicability, reasons, justification, status, owner, evidence, linked risks, the
    27002 attributes) and the ``findings`` that concern it."""
    return Soa(call("soa", _document_request(document, as_of=as_of)))


def draft_soa(document: Mapping[str, Any]) -> Dict[str, Any]:
    """Drafts the Statement of Applicability from the risks: every control a risk treatment
    names is proposed as applicable (``"proposed": true``, reason ``risk_treatment``) for its
    owner to confirm; a decision already made is never changed.

    Returns ``{"document", "proposed", "decided"}``: the document with the proposals, each
    control proposed (its risks and record), and the controls left as decided."""
    return call("draft_soa", _document_request(document))  # type: ignore[no-any-return]


def readiness(document: Mapping[str, Any], as_of: Optional[str] = None) -> Readiness:
    """Readiness for certification: clause requirements, mandatory documented information,
    Annex A implementation by theme and attribute, the ``score`` and the prioritised ``gaps``."""
    return Readiness(call("readiness", _document_request(document, as_of=as_of)))


def diff(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    as_of: Optional[str] = None,
    *,
    key: Optional[str] = None,
    threshold: Optional[float] = None,
    include_source: bool = False,
) -> Diff:
    """What changed from the document ``old`` to the document ``new``: risks added, removed,
    re-rated (each rating's direction apart) and edited (each field's old and new value);
    control applicability and status; assets, incidents, audits, nonconformities; findings,
    matched by code and by the record they concern.

    Risks are matched by id. Registers read from sheets without an id column have ids made
    from row positions: those are matched by title instead, with a warning in ``warnings``
    (code ``ids_by_position``). ``key`` names what to match by: ``"title"``, ``"description"``,
    ``"threat"``, ``"vulnerability"``, ``"owner"``, ``"id"`` or a column the import kept.
    Differing titles or descriptions still match when their similarity reaches ``threshold``
    (0.7 unless given; 1 matches equal values only); those pairs are listed in
    ``risks["reworded"]``. Columns the import kept but did not read are compared only with
    ``include_source=True``."""
    request: Dict[str, Any] = {"old": old, "new": new}
    if as_of is not None:
        request["as_of"] = as_of
    if key is not None:
        request["key"] = key
    if threshold is not None:
        request["threshold"] = threshold
    if include_source:
        request["include_source"] = True
    result = Diff(call("diff", request))
    result._band_ids, result._whole_scores = _method_facts(new, old)
    return result


def _method_facts(*documents: Mapping[str, Any]) -> "tuple[Optional[List[str]], Optional[bool]]":
    """The band ids of the documents' methods, lowest first (the first document's, then any
    other's it lacks), and whether every score they give is whole; ``None`` for both when a
    method cannot be read."""
    bands: List[str] = []
    whole = True
    for document in documents:
        method = document.get("method") if isinstance(document, Mapping) else None
        try:
            checked = call("check_method", {"method": method if method is not None else "iso27005-5x5"})
        except IsmsError:
            return None, None
        bands += [b["id"] for b in checked["method"]["bands"] if b["id"] not in bands]
        whole = whole and _schema.whole_scores(checked)
    return bands, whole


def export(
    document: Mapping[str, Any],
    report: Optional[str] = None,
    format: Optional[str] = None,
    as_of: Optional[str] = None,
) -> Union[str, bytes]:
    """A report (``"soa"``, ``"treatment_plan"``, ``"readiness"`` or ``"all"``) or a document
    of the ISMS (``"scope"``, ``"policy"``, ``"methodology"``, ``"risk_assessment"``,
    ``"objectives"``, ``"assets"``, ``"competence"``, ``"audit_programme"``,
    ``"audit_report"``, ``"management_review"``, ``"nonconformities"``, ``"incidents"``,
    ``"audit_checklist"``) written as ``"json"`` (not for the documents), ``"csv"``,
    ``"markdown"`` (or ``"md"``), ``"html"`` (all returned as ``str``), ``"xlsx"`` or
    ``"docx"`` (a Word document; both returned as ``bytes``); or ``"audit_pack"`` as ``"zip"``
    (``bytes``: every document, the SoA workbook and the OSCAL documents). The engine writes the SoA as XLSX unless told otherwise. Use
    :func:`export_file` for the file name and media type too."""
    return export_file(document, report, format, as_of)["content"]  # type: ignore[no-any-return]


def export_file(
    document: Mapping[str, Any],
    report: Optional[str] = None,
    format: Optional[str] = None,
    as_of: Optional[str] = None,
) -> Dict[str, Any]:
    """Like :func:`export`, as ``{"filename", "media_type", "content"}``."""
    out = call("export", _document_request(document, report=report, format=format, as_of=as_of))
    content: Union[str, bytes] = out["content"]
    if out["encoding"] == "base64":
        content = base64.b64decode(out["content"])
    return {"filename": out["filename"], "media_type": out["media_type"], "content": content}


def oscal(
    document: Mapping[str, Any], model: Optional[str] = None, as_of: Optional[str] = None
) -> Dict[str, Any]:
    """An OSCAL 1.2.1 document of the ISMS: ``model`` is ``"catalog"`` (Annex A), ``"profile"``
    (the applicable controls), ``"ssp"`` (control implementation) or ``"poam"`` (risks and
    their treatment)."""
    return call("oscal", _document_request(document, model=model, as_of=as_of))  # type: ignore[no-any-return]


def audit_checklist(
    document: Mapping[str, Any], as_of: Optional[str] = None, cycle_years: Optional[int] = None
) -> AuditChecklist:
    """The internal audit checklist: for every clause requirement and applicable control, the
    questions to ask, the techniques, and the records of this ISMS to sample (with where the
    document holds them); and the ``findings`` on the audit programme (not audited within the
    cycle of ``cycle_years``, three by default; auditor auditing their own area; audit without
    results). ``.to_pandas()`` is the checklist."""
    return AuditChecklist(
        call(
            "audit_checklist",
            _document_request(document, as_of=as_of, cycle_years=cycle_years),
        )
    )


def review_pack(
    document: Mapping[str, Any],
    previous: Optional[Mapping[str, Any]] = None,
    as_of: Optional[str] = None,
) -> ReviewPack:
    """The management review pack: every input of 9.3.2 from the document's live data, with
    every KPI evaluated against its target and direction; ``previous`` (the document at the last
    review) gives the changes in issues and interested parties. ``.to_pandas()`` is the KPIs;
    ``.to_pandas("objectives")``, ``"inputs"``, … the other parts."""
    return ReviewPack(
        call("review_pack", _document_request(document, previous=previous, as_of=as_of))
    )


def import_register(request: Request = None, /, **fields: Any) -> Dict[str, Any]:
    """The ``import_register`` op as JSON: ``content`` (CSV text, or the bytes of a CSV or XLSX
    file) or ``rows``, with ``kind``, ``columns``, ``scales``, ``method``, ``document``,
    ``on_error``, … Returns the import report with the resulting ``document``. For analysis and
    DataFrames use :func:`read_register`."""
    merged = _merge(request, fields)
    content = merged.get("content")
    if isinstance(content, (bytes, bytearray, memoryview)):
        merged["content"] = base64.b64encode(bytes(content)).decode("ascii")
        merged["encoding"] = "base64"
    return call("import_register", merged)  # type: ignore[no-any-return]
