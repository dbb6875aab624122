"""``isms.simulate``: the façade agrees with the JSON op, annual losses reach numpy without a copy,
the statistics mean what the engine documents (checked against numpy on the samples), and the
loss exceedance curve converts to a DataFrame."""

from __future__ import annotations

import copy
import math
import multiprocessing
import sys
from typing import Any, Dict

import numpy as np
import pytest

import isms

DOCUMENT: Dict[str, Any] = {
    "schema": "isms/2",
    "organisation": {"name": "Example Ltd", "currency": "EUR"},
    "risks": [
        {
            "id": "R1",
            "title": "Ransomware",
            "quant": {
                "tef": {"pert": {"low": 0.5, "mode": 2, "high": 6}},
                "threat_capability": {"pert": {"low": 40, "mode": 65, "high": 95}},
                "resistance_strength": {"pert": {"low": 30, "mode": 50, "high": 80}},
                "resistance_uplift": {"A.8.7": 20},
                "primary_loss": {"lognormal": {"low": 20_000, "high": 500_000}},
                "secondary": {
                    "frequency": {"pert": {"low": 0.1, "mode": 0.3, "high": 0.6}},
                    "magnitude": {"lognormal": {"low": 50_000, "high": 2_000_000}},
                },
            },
        },
        {
            "id": "R2",
            "title": "Laptop stolen",
            "quant": {
                "tef": {"constant": 3},
                "vulnerability": {"pert": {"low": 0.1, "mode": 0.2, "high": 0.5}},
                "primary_loss": {"pert": {"low": 1_000, "mode": 2_500, "high": 8_000}},
            },
        },
        {"id": "R3", "title": "Not quantified"},
    ],
    "controls": [{"control": "A.8.7", "applicable": True, "status": "implemented"}],
}


def without_samples(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_samples(v) for k, v in value.items() if k != "samples"}
    if isinstance(value, list):
        return [without_samples(v) for v in value]
    return value


@pytest.fixture(scope="module")
def kept() -> isms.Simulation:
    return isms.simulate(DOCUMENT, seed=5, iterations=5_000, keep_samples=True)


@pytest.fixture(scope="module")
def raw() -> Dict[str, Any]:
    return isms.call("simulate", {"document": DOCUMENT, "seed": 5, "iterations": 5_000, "keep_samples": True})


def test_facade_result_is_the_op_response_without_samples(kept: isms.Simulation, raw: Dict[str, Any]) -> None:
    assert isinstance(kept, dict)
    assert kept == without_samples(raw)
    assert kept["unquantified"] == ["R3"] and kept["currency"] == "EUR"
    assert isms.simulate(DOCUMENT, seed=5, iterations=5_000) == kept


def test_annual_losses_are_the_samples_as_numpy_without_a_copy(kept: isms.Simulation, raw: Dict[str, Any]) -> None:
    for i, risk in enumerate(raw["risks"]):
        for which in ("inherent", "residual"):
            years = kept.annual_losses(risk["id"], which)
            assert years.dtype == np.float64 and years.shape == (5_000,)
            assert years.tolist() == risk["samples"][which]
    portfolio = kept.annual_losses()
    assert portfolio.tolist() == raw["portfolio"]["samples"]["residual"]
    # A view over the bytes the engine filled: read-only, not copied again by numpy.
    assert isinstance(portfolio.base, bytes) and not portfolio.flags.writeable
    np.testing.assert_array_less(kept.annual_losses("R1") - 1e-9, kept.annual_losses("R1", "inherent") + 1e-9)


def test_statistics_are_those_numpy_computes_from_the_years(kept: isms.Simulation) -> None:
    for risk in kept["risks"]:
        for which in ("inherent", "residual"):
            years = kept.annual_losses(risk["id"], which)
            stats = risk[which]
            ordered = np.sort(years)
            assert [stats["median"], stats["p90"], stats["p95"], stats["p99"], stats["var"]] == np.quantile(
                years, [0.5, 0.9, 0.95, 0.99, kept["confidence"]]
            ).tolist()
            assert stats["max"] == years.max()
            assert math.isclose(stats["ale"], years.mean(), rel_tol=1e-12)
            assert math.isclose(stats["std_dev"], years.std(), rel_tol=1e-9)
            tail = ordered[int(kept["confidence"] * years.size):]
            assert math.isclose(stats["cvar"], tail.mean(), rel_tol=1e-12)
            assert stats["loss_probability"] == np.count_nonzero(years) / years.size
        curve = kept.lec(risk["id"])
        for which in ("inherent", "residual"):
            years = kept.annual_losses(risk["id"], which)
            assert curve[which].tolist() == [float(np.count_nonzero(years >= x)) / years.size for x in curve["loss"]]


def test_lec_and_table_convert_to_dataframes(kept: isms.Simulation) -> None:
    portfolio = kept.lec()
    assert list(portfolio.columns) == ["loss", "inherent", "residual"]
    assert len(portfolio) == 50
    assert portfolio["loss"].is_monotonic_increasing
    assert (portfolio["residual"] <= portfolio["inherent"]).all()
    table = kept.to_pandas()
    assert table["id"].tolist() == ["R1", "R2"]
    assert {"inherent_ale", "residual_p95", "reduction_share"} <= set(table.columns)
    assert table.loc[0, "reduction_ale"] == kept["risks"][0]["reduction"]["ale"]
    assert len(kept.lec_table("R2")) == 50
    with pytest.raises(KeyError):
        kept.lec("R9")
    assert "Simulated annual loss EUR" in kept._repr_html_()


def test_annual_losses_need_keep_samples() -> None:
    result = isms.simulate(DOCUMENT, iterations=100)
    with pytest.raises(ValueError, match="keep_samples"):
        result.annual_losses()


def test_same_numbers_for_a_seed_and_other_numbers_for_another() -> None:
    a = isms.simulate(DOCUMENT, seed=1, iterations=1_000)
    assert a == isms.simulate(DOCUMENT, seed=1, iterations=1_000)
    assert a["portfolio"] != isms.simulate(DOCUMENT, seed=2, iterations=1_000)["portfolio"]


def test_errors_carry_code_and_pointer() -> None:
    bad = copy.deepcopy(DOCUMENT)
    bad["risks"][1]["quant"]["tef"] = {"pert": {"low": 5, "mode": 2, "high": 1}}
    with pytest.raises(isms.IsmsError) as err:
        isms.simulate(bad)
    assert (err.value.code, err.value.path) == ("invalid_value", "/document/risks/1/quant/tef/pert/high")
    with pytest.raises(isms.IsmsError) as err:
        isms.simulate(DOCUMENT, iterations=0)
    assert (err.value.code, err.value.path) == ("invalid_value", "/iterations")
    with pytest.raises(isms.IsmsError) as err:
        isms.simulate(DOCUMENT, confidence=float("nan"))
    assert err.value.code == "schema_violation"


def test_loss_exceedance_plot(kept: isms.Simulation) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import isms.plot

    figure = isms.plot.loss_exceedance(kept)
    ax = figure.axes[0]
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    assert len(curves) == 2
    # Drawn from every kept year: each point is the share of years losing at least its loss.
    for curve, which in zip(curves, ("inherent", "residual")):
        years = kept.annual_losses(None, which)
        for x, y in list(zip(curve.get_xdata(), curve.get_ydata()))[::97]:
            assert y == pytest.approx(float((years >= x).mean()))
    assert ax.get_xscale() == "log" and "EUR" in ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(label.startswith("Residual ALE €") for label in labels)
    one = isms.plot.loss_exceedance(kept, "R2")
    assert "R2 Laptop stolen" in one.axes[0].get_title(loc="left")
    with pytest.raises(KeyError):
        isms.plot.loss_exceedance(kept, "R9")


def _portfolio(count: int) -> Dict[str, Any]:
    """A document of ``count`` risks of both kinds, half treated by controls with a cost."""
    risks = []
    for i in range(count):
        tef = 0.3 + (i % 7) * 0.4
        quant: Dict[str, Any] = {
            "tef": {"pert": {"low": tef, "mode": tef * 2, "high": tef * 5}},
            "primary_loss": {"lognormal": {"low": 5_000 + 100 * i, "high": 400_000}},
        }
        if i % 2:
            quant["threat_capability"] = {"pert": {"low": 20, "mode": 50, "high": 80}}
            quant["resistance_strength"] = {"pert": {"low": 30, "mode": 45, "high": 70}}
            quant["resistance_uplift"] = {"A.8.7": 15}
        else:
            quant["vulnerability"] = {"pert": {"low": 0.1, "mode": 0.3, "high": 0.7}}
        risks.append({"id": f"R{i:02d}", "title": f"Risk {i}", "quant": quant})
    return {
        "schema": "isms/2",
        "organisation": {"name": "Example Ltd", "currency": "EUR"},
        "risks": risks,
        "controls": [
            {"control": "A.8.7", "applicable": True, "status": "implemented", "cost": {"one_off": 9_000, "yearly": 2_000}}
        ],
    }


def test_threads_change_nothing_but_the_time() -> None:
    doc = _portfolio(9)
    runs = [isms.simulate(doc, iterations=5_000, seed=4, threads=t, keep_samples=True) for t in (1, 2, 4)]
    for other in runs[1:]:
        assert dict(other) == dict(runs[0])
        assert np.array_equal(other.annual_losses(), runs[0].annual_losses())
    assert dict(isms.simulate(doc, iterations=5_000, seed=4)) == {k: v for k, v in runs[0].items()}
    with pytest.raises(isms.IsmsError) as error:
        isms.simulate(doc, iterations=100, threads=0)
    assert (error.value.code, error.value.path) == ("invalid_value", "/threads")


def _simulate_in_child(doc: Dict[str, Any], out: Any) -> None:
    out.put(isms.simulate(doc, iterations=2_000, seed=4)["portfolio"]["residual"]["ale"])


@pytest.mark.skipif(sys.platform != "linux", reason="fork is a Linux start method here")
def test_a_forked_process_simulates_on_threads_of_its_own() -> None:
    # Threads made by a simulation before a fork do not exist in the child: a simulation there
    # must make its own rather than wait for them.
    doc = _portfolio(6)
    here = isms.simulate(doc, iterations=2_000, seed=4)["portfolio"]["residual"]["ale"]
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_simulate_in_child, args=(doc, out))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        pytest.fail("the simulation in the forked process did not finish")
    assert out.get(timeout=5) == here


def test_a_portfolio_split_by_risks_combines_to_the_same_numbers() -> None:
    doc = _portfolio(10)
    correlation = {"risks": ["R01", "R02"], "matrix": [[1, 0.6], [0.6, 1]]}
    options: Dict[str, Any] = {"iterations": 4_000, "seed": 12, "correlation": correlation}
    whole = isms.simulate(doc, keep_samples=True, **options)
    ids = [r["id"] for r in doc["risks"]]
    parts = []
    for share in (ids[7:], ids[:3], ids[3:7]):
        parts += isms.simulate(doc, risks=share, keep_samples=True, **options).parts()
    combined = isms.combine(doc, parts, keep_samples=True, **options)
    assert dict(combined) == dict(whole)
    assert np.array_equal(combined.annual_losses(), whole.annual_losses())
    assert whole["portfolio"]["investment"]["annual_cost"] == 2_000 + 9_000 / 3
    with pytest.raises(isms.IsmsError) as error:
        isms.combine(doc, parts[1:], **options)
    assert error.value.code == "invalid_value"
    with pytest.raises(ValueError):
        isms.simulate(doc, iterations=10).parts()
