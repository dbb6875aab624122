"""Simulation and analysis beyond one machine, on Dask (``pip install isms[dask]``).

The engine is a pure function of its input, so Dask only has to move documents and results:

- :func:`simulate_portfolio` splits one large portfolio by risks across the workers of a
  ``dask.distributed.Client``; each worker simulates its share of the risks (with the same seed
  and options) and sends back their years, and :func:`isms.combine` puts them together. The result
  is the one :func:`isms.simulate` gives in one process, bit for bit: every risk draws from its own
  stream, derived from the seed and its id, and the portfolio adds the risks' years in document
  order.
- :func:`simulate_each` maps a ``dask.bag.Bag`` of documents (one per client, tenant or business
  unit) to their simulations, as plain dicts; any other function of the package maps the same way
  (``bag.map(isms.readiness)``).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ._quant import Part, Simulation, combine, simulate

__all__ = ["simulate_portfolio", "simulate_each", "split"]


def split(ids: Sequence[str], parts: int) -> List[List[str]]:
    """``ids`` in ``parts`` shares of nearly equal size, in order (none empty)."""
    parts = max(1, min(parts, len(ids)))
    size, extra = divmod(len(ids), parts)
    shares, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        shares.append(list(ids[start:end]))
        start = end
    return shares


def _share(document: Mapping[str, Any], risks: List[str], options: Dict[str, Any]) -> List[Part]:
    """A worker's task: the years of its share of the risks."""
    options = {name: value for name, value in options.items() if name != "keep_samples"}
    return simulate(document, risks=risks, keep_samples=True, **options).parts()


def simulate_portfolio(
    client: Any,
    document: Mapping[str, Any],
    *,
    parts: Optional[int] = None,
    risks: Optional[List[str]] = None,
    threads: Optional[int] = None,
    **options: Any,
) -> Simulation:
    """Simulates ``document``'s portfolio on the workers of ``client`` (a
    ``dask.distributed.Client``), split by risks into ``parts`` tasks (two per worker when
    omitted), and returns the :class:`isms.Simulation` :func:`isms.simulate` would give with the
    same ``options`` (``seed``, ``iterations``, ``model``, ``correlation``, …) in one process.
    ``threads`` is each task's number of threads (every core of its worker when omitted)."""
    quantified = [r["id"] for r in document.get("risks", []) if r.get("quant") is not None]
    ids = list(risks) if risks is not None else quantified
    if not ids:
        return simulate(document, risks=risks, **options)
    if parts is None:
        parts = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    [shared] = client.scatter([dict(document)], broadcast=True, hash=False)
    task_options = dict(options, threads=threads) if threads is not None else dict(options)
    futures = [client.submit(_share, shared, share, task_options, pure=False) for share in split(ids, parts)]
    years: List[Part] = [part for result in client.gather(futures) for part in result]
    return combine(document, years, risks=risks, **options)


def _simulated(document: Mapping[str, Any], options: Dict[str, Any]) -> Dict[str, Any]:
    """A bag's task: one document's simulation as a plain dict."""
    result: Dict[str, Any] = json.loads(json.dumps(simulate(document, **options)))
    return result


def simulate_each(bag: Any, **options: Any) -> Any:
    """A ``dask.bag.Bag`` of the simulations (plain dicts, as :func:`isms.simulate` returns them
    without the kept years) of the documents of ``bag``, with the same ``options`` each."""
    return bag.map(_simulated, options)
