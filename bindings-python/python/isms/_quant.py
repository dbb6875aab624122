"""Quantitative risk: :func:`simulate` and its result, :class:`Simulation`."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _native
from ._request import document_request, from_json, to_json
from . import _schema
from ._schema import Column
from ._tables import Table, _Result

__all__ = ["Simulation", "simulate", "combine"]

#: One risk's simulated years as :meth:`Simulation.parts` gives them: its id, its inherent and
#: residual years (float64 bytes) and its event counts. Plain values, so they pickle.
Part = Tuple[str, bytes, bytes, List[float]]


class Simulation(_Result):
    """The result of :func:`simulate`: the JSON response of the ``simulate`` op as a dict (``risks``,
    ``portfolio``, ``unquantified``, …; without ``samples``).

    ``to_pandas()`` is one row per risk (ALE, percentiles, VaR, CVaR before and after treatment,
    the reduction); :meth:`lec` a loss exceedance curve as a DataFrame; :meth:`annual_losses` the
    simulated years as a numpy array (with ``keep_samples=True``); :meth:`sensitivity_table`
    (``to_pandas("sensitivity")``) each control's effect on the residual ALE (with
    ``sensitivity=True``)."""

    _main = "risks"
    _op = "simulate"

    def __init__(self, response: Mapping[str, Any], native: Optional[Any] = None) -> None:
        super().__init__(response)
        self._native = native

    def _risk_index(self, risk: Optional[str]) -> Optional[int]:
        if risk is None:
            return None
        for i, item in enumerate(self["risks"]):
            if item["id"] == risk:
                return i
        raise KeyError(f"risk `{risk}` is not in the simulation")

    def table(self, name: Optional[str] = None) -> Table:
        """One row per risk: id, title, uplift, the statistics before (``inherent_*``) and after
        (``residual_*``) treatment, the reduction and the return on investment (``investment_*``,
        empty without control costs); ``"sensitivity"`` is :meth:`sensitivity_table` of the
        portfolio; other names as for any result."""
        if name == "sensitivity":
            return self.sensitivity_table()
        if name not in (None, "risks"):
            return super().table(name)
        columns = [c for c in _schema.of_op("simulate", "risks") if c.kind != "json"]
        return Table._of(columns, self["risks"])

    def sensitivity_table(self, risk: Optional[str] = None) -> Table:
        """Each control's effect on the residual annualised loss expectancy of ``risk`` (the
        portfolio when omitted), largest swing first: ``control``, ``as_is`` (as recorded),
        ``without`` (the control not implemented), ``full`` (fully implemented) and ``swing``
        (``without - full``). Needs ``simulate(..., sensitivity=True)``."""
        if "sensitivity" not in self and self["risks"]:
            raise ValueError("the simulation has no sensitivity: call simulate(..., sensitivity=True)")
        self._risk_index(risk)
        rows: List[Dict[str, Any]] = []
        for control in self.get("sensitivity", []):
            if risk is None:
                subject: Mapping[str, Any] = control
            else:
                found = [r for r in control["risks"] if r["risk"] == risk]
                if not found:
                    continue
                subject = found[0]
            rows.append({
                "control": control["control"],
                "as_is": float(subject["as_is"]),
                "without": float(subject["without"]),
                "full": float(subject["full"]),
                "swing": float(subject["without"] - subject["full"]),
            })
        rows.sort(key=lambda row: (-row["swing"], row["control"]))
        columns: Dict[str, List[Any]] = {k: [row[k] for row in rows] for k in ("control", "as_is", "without", "full", "swing")}
        return Table(columns)

    def lec_table(self, risk: Optional[str] = None) -> Table:
        """The loss exceedance curve of ``risk`` (the portfolio when omitted) as a :class:`Table`:
        ``loss``, and the share of years losing at least that much, ``inherent`` and ``residual``."""
        index = self._risk_index(risk)
        curve = self["portfolio"]["lec"] if index is None else self["risks"][index]["lec"]
        return Table(
            {"loss": curve["loss"], "inherent": curve["inherent"], "residual": curve["residual"]},
            [Column(name, (name,), "number", False) for name in ("loss", "inherent", "residual")],
        )

    def lec(self, risk: Optional[str] = None) -> Any:
        """The loss exceedance curve of ``risk`` (the portfolio when omitted) as a
        ``pandas.DataFrame`` with columns ``loss``, ``inherent`` and ``residual``."""
        return self.lec_table(risk).to_pandas()

    def annual_losses(self, risk: Optional[str] = None, which: str = "residual") -> Any:
        """The simulated annual losses of ``risk`` (the portfolio when omitted), ``"inherent"``
        or ``"residual"``, as a read-only ``numpy.ndarray`` of float64 over the engine's own
        buffer. Needs ``simulate(..., keep_samples=True)``."""
        import numpy as np

        if which not in ("inherent", "residual"):
            raise ValueError(f"`which` is {which!r}; expected 'inherent' or 'residual'")
        index = self._risk_index(risk)
        data = self._native.samples(index, which == "residual") if self._native is not None else None
        if data is None:
            raise ValueError("the annual losses were not kept: call simulate(..., keep_samples=True)")
        return np.frombuffer(data, dtype=np.float64)

    def parts(self) -> List[Part]:
        """Each simulated risk's years, as :func:`combine` takes them (needs
        ``keep_samples=True``): simulate a large portfolio in pieces (``risks=[...]``, the same
        document, seed and options), in other processes or on other machines, and put them
        together with :func:`combine`."""
        if self._native is None or not self["risks"]:
            return []
        parts: List[Part] = self._native.parts()
        if not parts:
            raise ValueError("the annual losses were not kept: call simulate(..., keep_samples=True)")
        return parts

    def _repr_html_(self) -> str:
        import html

        p = self["portfolio"]
        currency = html.escape(self.get("currency") or "")
        assumed = "".join(
            f", assuming {html.escape(k)} as {html.escape(v)}".replace("_", " ")
            for k, v in (self.get("assume") or {}).items()
        )
        rows = "".join(
            f"<tr><th>{label}</th><td>{p['inherent'][k]:,.0f}</td><td>{p['residual'][k]:,.0f}</td></tr>"
            for label, k in (("ALE", "ale"), ("P95", "p95"), ("P99", "p99"), ("CVaR", "cvar"))
        )
        return (
            f"<h4>Simulated annual loss {currency} — {len(self['risks'])} risks, "
            f"{self['iterations']:,} years, {html.escape(self['model'])} model{assumed}</h4>"
            f"<table><tr><th></th><th>inherent</th><th>residual</th></tr>{rows}</table>"
        )


def simulate(
    document: Mapping[str, Any],
    *,
    seed: Optional[int] = None,
    iterations: Optional[int] = None,
    model: Optional[str] = None,
    risks: Optional[List[str]] = None,
    keep_samples: Optional[bool] = None,
    lec_points: Optional[int] = None,
    confidence: Optional[float] = None,
    threads: Optional[int] = None,
    correlation: Optional[Mapping[str, Any]] = None,
    amortisation_years: Optional[float] = None,
    assume: Optional[Mapping[str, str]] = None,
    sensitivity: Optional[bool] = None,
) -> Simulation:
    """Monte Carlo simulation of the annual loss of the document's quantified risks (``quant``)
    and of the portfolio, before and after treatment: ``iterations`` years (10,000 when omitted)
    from ``seed`` (the same numbers on every platform), the ``"event"`` model (every threat event
    simulated; the default) or ``"shortcut"`` (frequency × magnitude), the ``risks`` named or all,
    VaR and CVaR at ``confidence`` (0.95), curves of ``lec_points`` points (50). With
    ``keep_samples=True``, :meth:`Simulation.annual_losses` gives every simulated year.

    ``threads`` (every core when omitted) changes only the time taken: the numbers are the same
    for any number, and the GIL is released while the engine runs. ``correlation``
    (``{"risks": [ids], "matrix": [[1, r], [r, 1]], "on": "annual_loss"}``) correlates risks
    through a Gaussian copula. Controls whose records state a ``cost`` get a return on security
    investment, one-off costs spread over ``amortisation_years`` (3).

    ``assume`` reads control statuses as others without editing the document:
    ``assume={"planned": "implemented"}`` gives the loss after the planned treatment.
    ``sensitivity=True`` adds each control's effect on each risk's and the portfolio's residual
    ALE (as recorded, without it, fully implemented): :meth:`Simulation.sensitivity_table` and
    :func:`isms.plot.tornado`."""
    request = document_request(
        document, seed=seed, iterations=iterations, model=model, risks=risks, keep_samples=keep_samples,
        lec_points=lec_points, confidence=confidence, threads=threads, correlation=correlation,
        amortisation_years=amortisation_years, assume=assume, sensitivity=sensitivity,
    )
    native = _native.simulate(to_json(request))
    return Simulation(from_json(native.response()), native)


def combine(
    document: Mapping[str, Any],
    parts: Sequence[Part],
    *,
    seed: Optional[int] = None,
    iterations: Optional[int] = None,
    model: Optional[str] = None,
    risks: Optional[List[str]] = None,
    keep_samples: Optional[bool] = None,
    lec_points: Optional[int] = None,
    confidence: Optional[float] = None,
    correlation: Optional[Mapping[str, Any]] = None,
    amortisation_years: Optional[float] = None,
    assume: Optional[Mapping[str, str]] = None,
    sensitivity: Optional[bool] = None,
) -> Simulation:
    """The simulation of ``document`` put together from ``parts``, the years of its risks
    simulated apart (:meth:`Simulation.parts` of runs with ``keep_samples=True`` and ``risks``
    naming a share of the risks): the same numbers, bit for bit, as :func:`simulate` with the same
    options in one process, because each risk's years depend only on the seed and its id and the
    portfolio adds them in document order. Every risk the options select must be in one part."""
    request = document_request(
        document, seed=seed, iterations=iterations, model=model, risks=risks, keep_samples=keep_samples,
        lec_points=lec_points, confidence=confidence, correlation=correlation,
        amortisation_years=amortisation_years, assume=assume, sensitivity=sensitivity,
    )
    native = _native.combine(to_json(request), [(p[0], p[1], p[2], list(p[3])) for p in parts])
    return Simulation(from_json(native.response()), native)
