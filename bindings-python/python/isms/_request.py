"""Requests as the engine reads them: JSON text, and the request of a function that takes a document."""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from typing import Any, Dict, Iterator, Union

from ._native import IsmsError

__all__ = ["document_request", "error", "from_json", "no_gc", "to_json"]


@contextmanager
def no_gc() -> Iterator[None]:
    """Pauses Python's cycle collector while many acyclic objects are made (the records of a
    large result, the cells of a table): each collection it would start walks every object
    alive, so making 100,000 records took twice as long with it on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def from_json(text: Union[str, bytes]) -> Any:
    """The value of the engine's JSON text (which holds no cycles), the cycle collector paused."""
    with no_gc():
        return json.loads(text)


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
