"""``isms.plot``: every plot returns its figure and draws into the Axes it is given (so plots
compose in a grid), the heat map has a legend of the bands with their counts, the loss axis is in
the document's currency, amounts are rounded, titles wrap, curves come from every simulated year
when the years were kept, and the tornado orders the controls by their swing. Also the scenario
options of ``simulate`` (``assume``, ``sensitivity``) and ``draft_soa`` through the façade."""

from __future__ import annotations

import copy
import io
import json
import pathlib
from typing import Any, Dict

import pytest

import isms

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import isms.plot  # noqa: E402

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "example-saas.isms.json"

DOCUMENT: Dict[str, Any] = {
    "schema": "isms/2",
    "organisation": {"name": "Example Ltd", "currency": "GBP"},
    "risks": [
        {
            "id": "R1",
            "title": "Ransomware encrypts the file servers and the backups reachable from them",
            "controls": ["A.8.7", "A.8.13"],
            "quant": {
                "tef": {"pert": {"low": 0.5, "mode": 2, "high": 6}},
                "threat_capability": {"pert": {"low": 40, "mode": 65, "high": 95}},
                "resistance_strength": {"pert": {"low": 30, "mode": 50, "high": 80}},
                "resistance_uplift": {"A.8.7": 20},
                "magnitude_reduction": {"A.8.13": {"primary": 0.6}},
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
            "controls": ["A.8.1"],
            "quant": {
                "tef": {"constant": 3},
                "vulnerability": {"pert": {"low": 0.1, "mode": 0.2, "high": 0.5}},
                "magnitude_reduction": {"A.8.1": {"primary": 0.5}},
                "primary_loss": {"pert": {"low": 1_000, "mode": 2_500, "high": 8_000}},
            },
        },
    ],
    "controls": [
        {"control": "A.8.7", "applicable": True, "status": "implemented"},
        {"control": "A.8.13", "applicable": True, "status": "planned"},
        {"control": "A.8.1", "applicable": True, "status": "partially_implemented"},
    ],
}


@pytest.fixture(scope="module")
def simulation() -> isms.Simulation:
    return isms.simulate(DOCUMENT, iterations=4_000, keep_samples=True, sensitivity=True)


@pytest.fixture(scope="module")
def analysis() -> isms.Analysis:
    return isms.analyse(json.loads(FIXTURE.read_text(encoding="utf-8")))


def png(figure: Any) -> bytes:
    buf = io.BytesIO()
    figure.savefig(buf, format="png")
    return buf.getvalue()


def test_money_rounds_to_three_figures_in_the_currency() -> None:
    assert isms.plot.money(100_000, "GBP") == "£100k"
    assert isms.plot.money(1_000_000, "GBP") == "£1m"
    assert isms.plot.money(1_234_567, "GBP") == "£1.23m"
    assert isms.plot.money(999_999, "EUR") == "€1m"
    assert isms.plot.money(12_345, "CHF") == "CHF 12.3k"
    assert isms.plot.money(2_500_000_000, "USD") == "$2.5bn"
    assert isms.plot.money(0.5, None) == "0.5"
    assert isms.plot.money(-2_000, "GBP") == "-£2k"


def test_heat_map_has_a_band_legend_with_counts(analysis: isms.Analysis) -> None:
    figure = isms.plot.heat_map(analysis, title="Example SaaS")
    inherent, residual = figure.axes
    assert inherent.get_title(loc="left").startswith("Inherent risk (before treatment)\n")
    assert residual.get_title(loc="left").startswith("Residual risk (after treatment)\n")
    for ax, which in ((inherent, "inherent"), (residual, "residual")):
        legend = ax.get_legend()
        assert legend is not None
        labels = [t.get_text() for t in legend.get_texts()]
        bands = analysis["by_band"][which]
        assert labels == [f"{b['label']}: {b['count']}" for b in reversed(bands)]
        shown = sum(int(t.get_text()) for t in ax.texts)
        assert shown == sum(map(sum, analysis["heat_map"][which])) == sum(b["count"] for b in bands)
    assert png(figure)[:4] == b"\x89PNG"


def test_heat_map_draws_into_the_axes_given(analysis: isms.Analysis) -> None:
    figure, grid = plt.subplots(2, 2)
    assert isms.plot.heat_map(analysis, ax=grid[0][0]) is figure
    assert grid[0][0].get_title(loc="left").startswith("Residual")
    assert isms.plot.heat_map(analysis, "inherent", ax=grid[0][1]) is figure
    assert grid[0][1].get_title(loc="left").startswith("Inherent")
    assert isms.plot.heat_map(analysis, ax=[grid[1][0], grid[1][1]]) is figure
    with pytest.raises(ValueError):
        isms.plot.heat_map(analysis, "both", ax=grid[0][0])
    with pytest.raises(ValueError):
        isms.plot.heat_map(analysis, "after")
    plt.close(figure)


def test_heat_map_leaves_closed_risks_out_unless_asked() -> None:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    closed = sum(1 for r in doc["risks"] if r.get("status") == "closed")
    assert closed > 0
    left_out = isms.analyse(doc)
    kept = isms.analyse(doc, include_closed=True)
    assert left_out["totals"]["closed"] == kept["totals"]["closed"] == closed
    assert kept["totals"]["risks"] - left_out["totals"]["risks"] == closed
    count = lambda a: sum(map(sum, a["heat_map"]["inherent"]))  # noqa: E731
    assert count(kept) - count(left_out) == closed
    title = isms.plot.heat_map(kept, "inherent").axes[0].get_title(loc="left")
    assert f"{count(kept)} risks" in title


def test_loss_exceedance_is_smooth_currency_formatted_and_marks_both(simulation: isms.Simulation) -> None:
    figure = isms.plot.loss_exceedance(simulation)
    ax = figure.axes[0]
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    assert len(curves) == 2
    inherent = simulation.annual_losses(None, "inherent")
    # From every simulated year, not the engine's 50 points: each point is the exact share of
    # years losing at least its loss.
    xs, ys = curves[0].get_xdata(), curves[0].get_ydata()
    assert len(xs) > 500
    for x, y in list(zip(xs, ys))[:: max(1, len(xs) // 25)]:
        assert y == pytest.approx(float((inherent >= x).mean()))
    assert curves[0].get_drawstyle() == "default"
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel() == "Annual loss (GBP)"
    figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.startswith("£") for t in ticks)
    assert any(t.endswith("k") or t.endswith("m") for t in ticks)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Before treatment (inherent)" in labels and "After treatment (residual)" in labels
    ale = simulation["portfolio"]["residual"]["ale"]
    assert f"Residual ALE {isms.plot.money(ale, 'GBP')}" in labels
    assert all("." not in label.split("£")[-1] or len(label.split("£")[-1]) <= 6 for label in labels if "ALE" in label)
    assert png(figure)[:4] == b"\x89PNG"


def test_loss_exceedance_without_samples_draws_the_engine_curve_as_a_line() -> None:
    sim = isms.simulate(DOCUMENT, iterations=2_000, lec_points=200)
    ax = isms.plot.loss_exceedance(sim, "R2").axes[0]
    curve = sim["risks"][1]["lec"]
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    positive = [i for i, loss in enumerate(curve["loss"]) if loss > 0]
    assert list(lines[1].get_ydata()) == [curve["residual"][i] for i in positive]
    assert lines[1].get_drawstyle() == "default"
    with pytest.raises(KeyError):
        isms.plot.loss_exceedance(sim, "R9")


def test_titles_wrap_and_plots_compose_in_a_grid(simulation: isms.Simulation, analysis: isms.Analysis) -> None:
    figure, grid = plt.subplots(2, 2, figsize=(13, 9), constrained_layout=True)
    assert isms.plot.loss_exceedance(simulation, "R1", ax=grid[0][0]) is figure
    assert isms.plot.tornado(simulation, ax=grid[0][1]) is figure
    assert isms.plot.heat_map(analysis, ax=grid[1][0]) is figure
    assert isms.plot.loss_exceedance(simulation, ax=grid[1][1]) is figure
    title = grid[0][0].get_title(loc="left")
    assert "\n" in title and all(len(line) <= isms.plot.STYLE["title_width"] for line in title.split("\n"))
    assert png(figure)[:4] == b"\x89PNG"
    plt.close(figure)


def test_tornado_orders_controls_by_swing(simulation: isms.Simulation) -> None:
    table = simulation.sensitivity_table()
    swings = table.column("swing")
    assert swings == sorted(swings, reverse=True)
    assert set(table.column("control")) == {"A.8.7", "A.8.13", "A.8.1"}
    figure = isms.plot.tornado(simulation)
    ax = figure.axes[0]
    # The largest swing is drawn at the top.
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].split()[0] == table.column("control")[0]
    assert "Protection against malware" in " ".join(labels).replace("\n", " ")
    assert ax.get_legend() is not None
    figure.canvas.draw()
    assert all(t.get_text().startswith("£") for t in ax.get_xticklabels() if t.get_text())
    one = isms.plot.tornado(simulation, "R2")
    assert [t.get_text().split()[0] for t in one.axes[0].get_yticklabels()] == ["A.8.1"]
    frame = simulation.to_pandas("sensitivity")
    assert list(frame.columns) == ["control", "as_is", "without", "full", "swing"]
    with pytest.raises(ValueError, match="sensitivity=True"):
        isms.plot.tornado(isms.simulate(DOCUMENT, iterations=100))


def test_assume_planned_implemented_is_the_treated_document() -> None:
    assumed = isms.simulate(DOCUMENT, iterations=2_000, assume={"planned": "implemented"})
    edited = copy.deepcopy(DOCUMENT)
    for record in edited["controls"]:
        if record["status"] == "planned":
            record["status"] = "implemented"
    recorded = isms.simulate(edited, iterations=2_000)
    assert assumed["risks"] == recorded["risks"]
    assert assumed["assume"] == {"planned": "implemented"}
    assert "assuming planned as implemented" in assumed._repr_html_()
    as_is = isms.simulate(DOCUMENT, iterations=2_000)
    assert assumed["portfolio"]["residual"]["ale"] < as_is["portfolio"]["residual"]["ale"]
    with pytest.raises(isms.IsmsError) as err:
        isms.simulate(DOCUMENT, assume={"planned": "done"})
    assert err.value.code == "schema_violation"


def test_draft_soa_proposes_and_keeps_decisions() -> None:
    drafted = isms.draft_soa(DOCUMENT)
    assert [p["control"] for p in drafted["proposed"]] == []
    assert drafted["decided"] == ["A.8.7", "A.8.13", "A.8.1"]
    bare = {**DOCUMENT, "controls": [{"control": "A.8.7", "applicable": False, "justification": "no endpoints"}]}
    drafted = isms.draft_soa(bare)
    assert [p["control"] for p in drafted["proposed"]] == ["A.8.13", "A.8.1"]
    assert drafted["document"]["controls"][0] == bare["controls"][0]
    soa = isms.soa(drafted["document"])
    proposed = [row["control"] for row in soa["rows"] if row["proposed"]]
    assert proposed == ["A.8.1", "A.8.13"]
    assert sum(1 for f in soa["findings"] if f["code"] == "control_proposed") == 2
