"""Requests as the engine reads them: JSON text, and the request of a function that takes a document."""

from __future__ import annotations

import json
from typing import Any, Dict

from ._native import IsmsError

__all__ = ["document_request", "error", "to_json"]


def error(code: str, message: str, path: str = "") -> IsmsError:
    """An :class:`IsmsError` raised by the façade itself, with the attributes the engine's have."""
    err = IsmsError(message)
    err.code = code
    err.path = path
    err.details = None
    err.row = None
    err.column = None
    return err


def to_json(request: Any) -> str:
    """The request as JSON text; ``IsmsError`` ``schema_violation`` when it is not JSON-compatible."""
    try:
        return json.dumps(request, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise error("schema_violation", f"the request is not JSON-compatible: {exc}") from None


def document_request(document: Any, **options: Any) -> Dict[str, Any]:
    """The request of a function that takes a document: ``document`` as given, whatever it holds,
    and the options the caller passed (``None`` leaves one to the engine's default). Options never
    come from the document, so a tenant's body passed as a document cannot set them."""
    request: Dict[str, Any] = {"document": document}
    request.update((name, value) for name, value in options.items() if value is not None)
    return request
