"""Plots for notebooks (``pip install isms[plot]`` for matplotlib).

:func:`heat_map` draws the likelihood × impact grid before and after treatment, side by side,
coloured by the method's bands and labelled with the number of risks in each cell.
:func:`loss_exceedance` draws the loss exceedance curve of a simulation, before and after
treatment, for the portfolio or one risk.
:func:`movement` draws the change between two years (the result of :func:`isms.diff`) on the
heat map: an arrow from last year's cell to this year's for each re-rated risk, a marker for each
risk added or removed.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

__all__ = ["heat_map", "loss_exceedance", "movement", "BAND_COLOURS"]

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


#: Colours of the movement plot: a risk that went up, down, or moved within its score.
MOVEMENT_COLOURS = {"up": "#b3261e", "down": "#1e6b35", "same": "#555555"}


def _spread(n: int) -> list[tuple[float, float]]:
    """Offsets within a cell (0–1 on each axis) for ``n`` marks, in rows of a small square."""
    side = 1
    while side * side < n:
        side += 1
    step = 0.7 / side
    return [(0.15 + step * (k % side + 0.5), 0.85 - step * (k // side + 0.5)) for k in range(n)]


def movement(
    diff: Mapping[str, Any],
    *,
    ax: Optional[Any] = None,
    rating: str = "current",
    title: Optional[str] = None,
    labels: bool = True,
) -> Any:
    """Draws the year-on-year movement of a diff (the result of :func:`isms.diff`) on the new
    version's heat map: an arrow from each re-rated risk's cell last year to its cell this year
    (red when its score went up, green when down), a ``+`` for each risk added and an ``×`` for
    each risk removed (at its last cell). ``rating`` is ``"current"`` (residual when rated,
    else inherent), ``"inherent"`` or ``"residual"``; ``labels`` writes the risk ids beside the
    marks (in cells of at most four marks). Returns the matplotlib Figure; ``ax`` is an Axes to draw into.
    """
    if rating not in ("current", "inherent", "residual"):
        raise ValueError(f"rating must be current, inherent or residual, not `{rating}`")
    plt = _pyplot()
    grid = diff["grid"]
    likelihood, impact, bands = grid["likelihood"], grid["impact"], grid["bands"]
    if ax is None:
        figure, ax = plt.subplots(figsize=(7, 6.8), constrained_layout=True)
    else:
        figure = ax.figure
    for l_index in range(len(likelihood)):
        for i_index in range(len(impact)):
            band = bands[l_index][i_index]
            ax.add_patch(
                plt.Rectangle(
                    (i_index, l_index), 1, 1, facecolor=BAND_COLOURS.get(band, "#cccccc"),
                    edgecolor="white", linewidth=2, alpha=0.55,
                )
            )

    def pick(item: Mapping[str, Any], when: str) -> Optional[Mapping[str, Any]]:
        suffix = f"_{when}" if when else ""
        inherent, residual = item.get(f"inherent{suffix}"), item.get(f"residual{suffix}")
        if rating == "inherent":
            return inherent
        if rating == "residual":
            return residual
        return residual or inherent

    risks = diff["risks"]
    # Every mark (start or end of an arrow, added, removed) gets its own place in its cell.
    marks: list[tuple[tuple[int, int], str, int]] = []
    moves = []
    for k, item in enumerate(risks.get("rerated", [])):
        before, after = pick(item, "before"), pick(item, "after")
        if before is None or after is None:
            continue
        start = (before["impact"] - 1, before["likelihood"] - 1)
        end = (after["impact"] - 1, after["likelihood"] - 1)
        if before["score"] == after["score"] and start == end:
            continue
        marks += [(start, "from", k), (end, "to", k)]
        moves.append((k, item, before, after))
    for which in ("added", "removed"):
        for k, item in enumerate(risks.get(which, [])):
            at = pick(item, "")
            if at is not None:
                marks.append(((at["impact"] - 1, at["likelihood"] - 1), which, k))
    by_cell: dict[tuple[int, int], list[tuple[str, int]]] = {}
    for cell, kind, k in marks:
        by_cell.setdefault(cell, []).append((kind, k))
    place: dict[tuple[str, int], tuple[float, float]] = {}
    # Ids are written beside the marks of cells with few of them; a crowded cell's would overlap.
    named: set[tuple[str, int]] = set()
    for (column, row), items in by_cell.items():
        for (kind, k), (dx, dy) in zip(items, _spread(len(items))):
            place[(kind, k)] = (column + dx, row + dy)
            if labels and len(items) <= 4:
                named.add((kind, k))

    counts = {"up": 0, "down": 0, "same": 0}
    for k, item, before, after in moves:
        direction = "up" if after["score"] > before["score"] else "down" if after["score"] < before["score"] else "same"
        counts[direction] += 1
        colour = MOVEMENT_COLOURS[direction]
        (x0, y0), (x1, y1) = place[("from", k)], place[("to", k)]
        ax.plot([x0], [y0], marker="o", markersize=4, color=colour)
        ax.annotate(
            "", xy=(x1, y1), xytext=(x0, y0),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.4, "shrinkA": 0, "shrinkB": 2},
        )
        if ("to", k) in named:
            ax.annotate(str(item["id"]), (x1, y1), xytext=(3, 3), textcoords="offset points",
                        fontsize=7, color=colour)
    styles = {
        "added": {"marker": "P", "color": "#1f3f8f", "markersize": 8},
        "removed": {"marker": "X", "color": "#6b6b6b", "markersize": 8},
    }
    for which in ("added", "removed"):
        xs: list[float] = []
        ys: list[float] = []
        for k, item in enumerate(risks.get(which, [])):
            if (which, k) in place:
                x, y = place[(which, k)]
                xs.append(x)
                ys.append(y)
                if (which, k) in named:
                    ax.annotate(str(item["id"]), (x, y), xytext=(4, -8), textcoords="offset points",
                                fontsize=7, color=styles[which]["color"])
        ax.plot(xs, ys, linestyle="none", label=f"{which.capitalize()} ({len(risks.get(which, []))})",
                **styles[which])
    for direction, word in (("up", "Rated up"), ("down", "Rated down"), ("same", "Moved, same score")):
        if counts[direction]:
            ax.plot([], [], color=MOVEMENT_COLOURS[direction], marker=r"$\rightarrow$", markersize=12,
                    linestyle="none", label=f"{word} ({counts[direction]})")
    ax.set_xlim(0, len(impact))
    ax.set_ylim(0, len(likelihood))
    ax.set_xticks([i + 0.5 for i in range(len(impact))], impact, rotation=30, ha="right")
    ax.set_yticks([l + 0.5 for l in range(len(likelihood))], likelihood)
    ax.set_xlabel("Impact")
    ax.set_ylabel("Likelihood")
    ax.set_aspect("equal")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    word = {"current": "", "inherent": " (inherent)", "residual": " (residual)"}[rating]
    ax.set_title(title or f"Movement since last year{word}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8, frameon=False)
    return figure
