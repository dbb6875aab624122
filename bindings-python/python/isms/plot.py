"""Plots for notebooks (``pip install isms[plot]`` for matplotlib).

:func:`heat_map` draws the likelihood × impact grid before and after treatment, side by side,
coloured by the method's bands and labelled with the number of risks in each cell.
:func:`loss_exceedance` draws the loss exceedance curve of a simulation, before and after
treatment, for the portfolio or one risk.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

__all__ = ["heat_map", "loss_exceedance", "BAND_COLOURS"]

#: Colours of the bands of the shipped methods; other band ids get a grey.
BAND_COLOURS = {
    "low": "#9fd39a",
    "medium": "#f7dc6f",
    "high": "#f5a65b",
    "very_high": "#e8615a",
    "critical": "#d9473f",
}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:  # pragma: no cover - exercised when matplotlib is missing
        raise ImportError("isms.plot needs matplotlib: pip install isms[plot]") from exc
    return plt


def heat_map(
    analysis: Mapping[str, Any],
    *,
    axes: Optional[Sequence[Any]] = None,
    title: Optional[str] = None,
) -> Any:
    """Draws the inherent and residual heat maps of an analysis (the result of
    :func:`isms.analyse` or :attr:`isms.Register.analysis`) and returns the matplotlib Figure.

    ``axes`` are two matplotlib Axes to draw into; a new figure is made when omitted.
    """
    plt = _pyplot()
    heat = analysis["heat_map"]
    if axes is None:
        figure, axes = plt.subplots(1, 2, figsize=(11, 4.6), constrained_layout=True)
    else:
        figure = axes[0].figure
    likelihood, impact, bands = heat["likelihood"], heat["impact"], heat["bands"]
    for ax, which in zip(axes, ("inherent", "residual")):
        counts = heat[which]
        for l_index in range(len(likelihood)):
            for i_index in range(len(impact)):
                band = bands[l_index][i_index]
                ax.add_patch(
                    plt.Rectangle(
                        (i_index, l_index), 1, 1,
                        facecolor=BAND_COLOURS.get(band, "#cccccc"), edgecolor="white", linewidth=2,
                    )
                )
                n = counts[l_index][i_index]
                if n:
                    ax.text(i_index + 0.5, l_index + 0.5, str(n), ha="center", va="center",
                            fontsize=11, fontweight="bold")
        ax.set_xlim(0, len(impact))
        ax.set_ylim(0, len(likelihood))
        ax.set_xticks([i + 0.5 for i in range(len(impact))], impact, rotation=30, ha="right")
        ax.set_yticks([l + 0.5 for l in range(len(likelihood))], likelihood)
        ax.set_xlabel("Impact")
        ax.set_ylabel("Likelihood")
        ax.set_title(f"{which.capitalize()} ({sum(map(sum, counts))} risks)")
        ax.set_aspect("equal")
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
    if title:
        figure.suptitle(title)
    return figure


def loss_exceedance(
    simulation: Mapping[str, Any],
    risk: Optional[str] = None,
    *,
    ax: Optional[Any] = None,
    title: Optional[str] = None,
) -> Any:
    """Draws the loss exceedance curve of a simulation (the result of :func:`isms.simulate`):
    the share of simulated years losing at least each amount, before and after treatment, for the
    portfolio or for ``risk`` (an id), with the annualised loss expectancy of each marked. Losses
    are on a log scale. Returns the matplotlib Figure; ``ax`` is an Axes to draw into.
    """
    plt = _pyplot()
    if risk is None:
        subject, name = simulation["portfolio"], "Portfolio"
    else:
        found = [r for r in simulation["risks"] if r["id"] == risk]
        if not found:
            raise KeyError(f"risk `{risk}` is not in the simulation")
        subject, name = found[0], f"{risk} {found[0]['title']}"
    if ax is None:
        figure, ax = plt.subplots(figsize=(8, 4.6), constrained_layout=True)
    else:
        figure = ax.figure
    curve = subject["lec"]
    currency = simulation.get("currency") or ""
    positive = [i for i, loss in enumerate(curve["loss"]) if loss > 0]
    for which, colour in (("inherent", "#d9473f"), ("residual", "#2b6cb0")):
        losses = [curve["loss"][i] for i in positive]
        shares = [curve[which][i] for i in positive]
        ax.step(losses, shares, where="post", color=colour, label=f"{which.capitalize()}")
        ale = subject[which]["ale"]
        if ale > 0:
            ax.axvline(ale, color=colour, linestyle=":", linewidth=1,
                       label=f"{which.capitalize()} ALE {ale:,.0f} {currency}".rstrip())
    if positive:
        ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"Annual loss ({currency})" if currency else "Annual loss")
    ax.set_ylabel("Share of years with at least this loss")
    ax.set_title(title or f"Loss exceedance: {name}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    return figure
