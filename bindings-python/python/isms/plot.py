"""Plots for notebooks and board packs (``pip install isms[plot]`` for matplotlib).

:func:`heat_map` draws the likelihood × impact grid before and after treatment, coloured by the
method's bands, with the number of risks in each cell and a legend of the bands with their counts.
:func:`loss_exceedance` draws the loss exceedance curve of a simulation, before and after
treatment, on a log axis in the document's currency (£100k, £1m), with each ALE marked.
:func:`movement` draws the change between two years (the result of :func:`isms.diff`) on the
heat map: an arrow from last year's cell to this year's for each re-rated risk, a marker for each
risk added or removed.
:func:`tornado` draws each control's effect on a risk's or the portfolio's residual ALE.

Every plot takes ``ax=`` (an Axes to draw into, so plots compose in a grid made with
``plt.subplots``) and returns its matplotlib Figure; titles wrap, amounts are rounded to three
significant figures, and every plot shares one look (:data:`STYLE`).
"""

from __future__ import annotations

import math
import textwrap
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = ["heat_map", "loss_exceedance", "movement", "tornado", "money", "BAND_COLOURS", "STYLE"]

#: Colours of the bands of the shipped methods; other bands take a colour of :data:`BAND_RAMP`
#: by their place in the method's order.
BAND_COLOURS = {
    "low": "#9fd39a",
    "medium": "#f7dc6f",
    "high": "#f5a65b",
    "very_high": "#e8615a",
    "critical": "#c0392b",
}

#: Colours from the lowest band to the highest, for bands without a colour of their own.
BAND_RAMP = ("#9fd39a", "#d4e79e", "#f7dc6f", "#f5a65b", "#e8615a", "#c0392b")

#: The look every plot shares: colours of before and after treatment, font sizes, the most
#: characters a title line holds (fewer on a narrow Axes: titles wrap to the Axes' width).
STYLE: Dict[str, Any] = {
    "inherent": "#c0392b",
    "residual": "#1f5f9e",
    "neutral": "#555555",
    "title_size": 12,
    "label_size": 10,
    "tick_size": 9,
    "title_width": 90,
    "grid_alpha": 0.3,
}

_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "JPY": "¥", "INR": "₹", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:  # pragma: no cover - exercised when matplotlib is missing
        raise ImportError("isms.plot needs matplotlib: pip install isms[plot]") from exc
    return plt


def money(amount: float, currency: Optional[str] = None, digits: int = 3) -> str:
    """``amount`` in ``currency`` (an ISO 4217 code) the way a board reads it: three significant
    figures and k, m or bn (``money(1_234_567, "GBP") == "£1.23m"``, ``money(100_000, "EUR") ==
    "€100k"``). Codes without a symbol are written before the amount (``CHF 12k``)."""
    sign = "-" if amount < 0 else ""
    value = abs(float(amount))
    rounded = float(f"{value:.{digits}g}") if value else 0.0
    scaled, unit = rounded, ""
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if rounded >= size:
            scaled, unit = rounded / size, suffix
            break
    text = f"{scaled:,.0f}" if scaled >= 1000 else f"{scaled:.{digits}g}"
    code = (currency or "").upper()
    symbol = _SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{text}{unit}"
    return f"{sign}{code + ' ' if code else ''}{text}{unit}"


def _wrap(text: str, ax: Any = None) -> str:
    """``text`` wrapped to the width of ``ax`` (at most ``STYLE["title_width"]`` characters)."""
    width = STYLE["title_width"]
    if ax is not None:
        inches = ax.get_position().width * ax.figure.get_figwidth()
        width = min(width, max(24, int(inches * 72 / (STYLE["title_size"] * 0.6))))
    return "\n".join(textwrap.fill(line, width=width, break_long_words=False) for line in text.split("\n"))


def _finish(ax: Any, title: Optional[str]) -> None:
    """The shared look: wrapped title, label and tick sizes, no top or right spine."""
    if title:
        ax.set_title(_wrap(title, ax), fontsize=STYLE["title_size"], loc="left")
    ax.xaxis.label.set_size(STYLE["label_size"])
    ax.yaxis.label.set_size(STYLE["label_size"])
    ax.tick_params(labelsize=STYLE["tick_size"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _axes(ax: Any, figsize: Tuple[float, float]) -> Tuple[Any, Any]:
    if ax is None:
        figure, ax = _pyplot().subplots(figsize=figsize, constrained_layout=True)
        return figure, ax
    return ax.figure, ax


def _band_colour(band: str, order: Sequence[str]) -> str:
    if band in BAND_COLOURS:
        return BAND_COLOURS[band]
    if band not in order:
        return "#cccccc"
    if len(order) == 1:
        return BAND_RAMP[0]
    step = order.index(band) / (len(order) - 1)
    return BAND_RAMP[round(step * (len(BAND_RAMP) - 1))]


def _dark(colour: str) -> bool:
    """Whether text on ``colour`` (``#rrggbb``) reads better in white."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


def heat_map(
    analysis: Mapping[str, Any],
    which: Optional[str] = None,
    *,
    ax: Any = None,
    axes: Optional[Sequence[Any]] = None,
    title: Optional[str] = None,
    legend: bool = True,
) -> Any:
    """Draws the heat maps of an analysis (the result of :func:`isms.analyse` or
    :attr:`isms.Register.analysis`) and returns the matplotlib Figure.

    ``which`` is ``"inherent"``, ``"residual"`` or ``"both"`` (side by side; the default without
    ``ax``). ``ax`` is an Axes to draw one map into (the residual one unless ``which`` says
    otherwise) or a pair of Axes for both; ``axes`` is the older name for the pair. Each cell
    shows its number of risks; the legend lists the method's bands, lowest first, with the
    number of risks in each. Closed risks are not counted unless the analysis was made with
    ``include_closed=True``.
    """
    heat = analysis["heat_map"]
    if axes is not None and ax is None:
        ax = axes
    pair = ax is not None and not hasattr(ax, "plot")
    if which is None:
        which = "both" if ax is None or pair else "residual"
    if which not in ("inherent", "residual", "both"):
        raise ValueError(f"`which` is {which!r}; expected 'inherent', 'residual' or 'both'")
    kinds = ["inherent", "residual"] if which == "both" else [which]
    if ax is None:
        size = (11.5, 4.8) if len(kinds) == 2 else (6.2, 4.8)
        figure, made = _pyplot().subplots(1, len(kinds), figsize=size, constrained_layout=True, squeeze=False)
        targets = list(made[0])
    elif pair:
        targets = list(ax)
        figure = targets[0].figure
    else:
        targets = [ax]
        figure = ax.figure
    if len(targets) != len(kinds):
        raise ValueError(f"{len(kinds)} heat map(s) to draw but {len(targets)} Axes given")
    bands_by_kind = analysis.get("by_band", {})
    for target, kind in zip(targets, kinds):
        _one_heat_map(target, heat, kind, bands_by_kind.get(kind, []), legend)
    if title:
        if len(targets) == 1:
            _finish(targets[0], f"{title}\n{targets[0].get_title(loc='left')}")
        else:
            figure.suptitle(_wrap(title), fontsize=STYLE["title_size"] + 1)
    return figure


def _one_heat_map(ax: Any, heat: Mapping[str, Any], kind: str, bands: Sequence[Mapping[str, Any]], legend: bool) -> None:
    from matplotlib.patches import Patch, Rectangle  # type: ignore[import-untyped, unused-ignore]

    likelihood, impact, cells = heat["likelihood"], heat["impact"], heat["bands"]
    counts = heat[kind]
    order = [b["key"] for b in bands] or sorted({b for row in cells for b in row})
    for l_index in range(len(likelihood)):
        for i_index in range(len(impact)):
            band = cells[l_index][i_index]
            ax.add_patch(
                Rectangle((i_index, l_index), 1, 1, facecolor=_band_colour(band, order),
                          edgecolor="white", linewidth=2)
            )
            n = counts[l_index][i_index]
            if n:
                ax.text(i_index + 0.5, l_index + 0.5, str(n), ha="center", va="center",
                        fontsize=STYLE["label_size"] + 1, fontweight="bold",
                        color="white" if _dark(_band_colour(band, order)) else "#222222")
    ax.set_xlim(0, len(impact))
    ax.set_ylim(0, len(likelihood))
    ax.set_xticks([i + 0.5 for i in range(len(impact))])
    ax.set_xticklabels([textwrap.fill(x, 12) for x in impact])
    ax.set_yticks([l + 0.5 for l in range(len(likelihood))])
    ax.set_yticklabels(list(likelihood))
    ax.set_xlabel("Impact")
    ax.set_ylabel("Likelihood")
    ax.set_aspect("equal")
    ax.tick_params(length=0)
    total = sum(map(sum, counts))
    when = "before treatment" if kind == "inherent" else "after treatment"
    _finish(ax, f"{kind.capitalize()} risk ({when})\n{total} risk{'s' if total != 1 else ''}")
    for side in ax.spines.values():
        side.set_visible(False)
    if legend and bands:
        handles = [
            Patch(facecolor=_band_colour(b["key"], order), edgecolor="white", label=f"{b['label']}: {b['count']}")
            for b in reversed(list(bands))
        ]
        ax.legend(handles=handles, title="Band: risks", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  frameon=False, fontsize=STYLE["tick_size"], title_fontsize=STYLE["tick_size"],
                  borderaxespad=0.0)


def _subject(simulation: Mapping[str, Any], risk: Optional[str]) -> Tuple[Mapping[str, Any], str]:
    if risk is None:
        count = len(simulation["risks"])
        return simulation["portfolio"], f"portfolio of {count} quantified risk{'s' if count != 1 else ''}"
    found = [r for r in simulation["risks"] if r["id"] == risk]
    if not found:
        raise KeyError(f"risk `{risk}` is not in the simulation")
    return found[0], f"{risk} {found[0]['title']}"


def _exceedance(simulation: Any, subject: Mapping[str, Any], risk: Optional[str], which: str) -> Tuple[List[float], List[float], str]:
    """The exceedance curve of ``which``: from every simulated year when the years were kept
    (thinned to at most 2,000 points for drawing, each point exact), else the engine's curve."""
    years = None
    annual = getattr(simulation, "annual_losses", None)
    if annual is not None:
        try:
            years = annual(risk, which)
        except ValueError:
            years = None
    if years is not None and len(years):
        import numpy as np

        ordered = np.sort(np.asarray(years, dtype=float))
        n = ordered.size
        # P(loss >= ordered[k]) = (n - k) / n for the first k of each run of equal losses.
        first = np.searchsorted(ordered, ordered, side="left")
        share = (n - first) / n
        keep = ordered > 0
        x, y = ordered[keep], share[keep]
        if x.size > 2000:
            picks = np.unique(np.concatenate([np.geomspace(1, x.size, 2000).astype(int) - 1, [x.size - 1]]))
            x, y = x[picks], y[picks]
        return [float(v) for v in x], [float(v) for v in y], "sample"
    curve = subject["lec"]
    points = [(loss, share) for loss, share in zip(curve["loss"], curve[which]) if loss > 0]
    return [p[0] for p in points], [p[1] for p in points], "curve"


def loss_exceedance(
    simulation: Mapping[str, Any],
    risk: Optional[str] = None,
    *,
    ax: Any = None,
    title: Optional[str] = None,
) -> Any:
    """Draws the loss exceedance curve of a simulation (the result of :func:`isms.simulate`): the
    share of years losing at least each amount, before treatment (inherent) and after (residual),
    for the portfolio or for ``risk`` (an id), each ALE marked and rounded (£1.23m), the loss
    axis logarithmic and in the document's currency (£100k, £1m), the organisation's loss
    tolerance drawn when it states one. With ``simulate(..., keep_samples=True)`` the curves are
    drawn from every simulated year; otherwise from the engine's curve of ``lec_points`` points
    (ask for more, up to 1000, for a finer line). Returns the matplotlib Figure; ``ax`` is an
    Axes to draw into.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, PercentFormatter  # type: ignore[import-untyped, unused-ignore]

    subject, name = _subject(simulation, risk)
    figure, ax = _axes(ax, (8, 4.8))
    currency = simulation.get("currency")
    drawn = False
    for which in ("inherent", "residual"):
        colour = STYLE[which]
        x, y, _ = _exceedance(simulation, subject, risk, which)
        label = "Before treatment (inherent)" if which == "inherent" else "After treatment (residual)"
        if x:
            ax.plot(x, y, color=colour, linewidth=2 if which == "residual" else 1.6,
                    linestyle="-" if which == "residual" else "--", label=label)
            drawn = True
        ale = subject[which]["ale"]
        if ale > 0:
            ax.axvline(ale, color=colour, linestyle=":", linewidth=1.2,
                       label=f"{which.capitalize()} ALE {money(ale, currency)}")
    tolerance = subject.get("tolerance") or []
    if risk is None and tolerance:
        ax.plot([t["loss"] for t in tolerance], [t["tolerated"] for t in tolerance], color=STYLE["neutral"],
                marker="o", linestyle="-", linewidth=1, markersize=4, label="Loss tolerance")
    if drawn:
        ax.set_xscale("log")
        low, high = ax.get_xlim()
        # Labels at 1, 2 and 5 of each power of ten over a short range, at powers of ten over a long one.
        subs = (1.0, 2.0, 5.0) if high / max(low, 1e-12) < 1e3 else (1.0,)
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=subs))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: money(v, currency)))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(f"Annual loss ({currency})" if currency else "Annual loss")
    ax.set_ylabel("Chance of a year losing at least this")
    ax.grid(True, which="major", alpha=STYLE["grid_alpha"])
    _finish(ax, title or f"Loss exceedance: {name}{_scenario(simulation)}")
    ax.legend(fontsize=STYLE["tick_size"], frameon=False)
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


def _id_label(item: Mapping[str, Any]) -> str:
    return str(item["id"])


def _title_label(item: Mapping[str, Any], width: int = 18) -> str:
    """A risk's title as a label, shortened to ``width`` characters (its id when it has none)."""
    title = str(item.get("title") or item["id"])
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


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
    else inherent), ``"inherent"`` or ``"residual"``; ``labels`` names the risks beside the
    marks (in cells of at most four marks): by id, or by title when the risks were not matched by
    id (ids made from row positions, or another ``key``), since an id made from a row position
    may name one risk last year and another this year. Returns the matplotlib Figure; ``ax`` is
    an Axes to draw into.
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
    matched_by = (diff.get("matching") or {}).get("risks", "id")
    by_position = any(w.get("code") == "ids_by_position" for w in diff.get("warnings") or [])
    name = _title_label if matched_by != "id" or by_position else _id_label
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
            ax.annotate(name(item), (x1, y1), xytext=(3, 3), textcoords="offset points",
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
                    ax.annotate(name(item), (x, y), xytext=(4, -8), textcoords="offset points",
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


def _scenario(simulation: Mapping[str, Any]) -> str:
    """`` (assuming planned as implemented)`` for a simulation made with ``assume``."""
    assumed = simulation.get("assume") or {}
    if not assumed:
        return ""
    said = ", ".join(f"{k.replace('_', ' ')} as {v.replace('_', ' ')}" for k, v in assumed.items())
    return f" (assuming {said})"


def _control_label(control: str) -> str:
    """The control's id and, for an Annex A control, its title, wrapped."""
    try:
        from . import control as lookup

        title = lookup(control)["title"]
    except Exception:  # a custom control, or an id the catalogue does not know
        return control
    return textwrap.fill(f"{control} {title}", width=30, break_long_words=False)


def tornado(
    simulation: Mapping[str, Any],
    risk: Optional[str] = None,
    *,
    ax: Any = None,
    top: int = 10,
    title: Optional[str] = None,
) -> Any:
    """Draws each control's effect on the residual annualised loss expectancy of ``risk`` (the
    portfolio when omitted), the ``top`` largest swings first: a bar from the ALE with the control
    fully implemented to the ALE without it, a line at the ALE as recorded. Needs
    ``simulate(..., sensitivity=True)``. Returns the matplotlib Figure; ``ax`` is an Axes to draw
    into."""
    from matplotlib.ticker import FuncFormatter  # type: ignore[import-untyped, unused-ignore]

    table = _sensitivity(simulation, risk)[: max(top, 0)]
    _, name = _subject(simulation, risk)
    figure, ax = _axes(ax, (9, 1.6 + 0.55 * max(len(table), 1)))
    currency = simulation.get("currency")
    rows = list(reversed(table))
    labels = [_control_label(row["control"]) for row in rows]
    for y, row in enumerate(rows):
        ax.barh(y, row["as_is"] - row["full"], left=row["full"], color=STYLE["residual"], height=0.6,
                label="Gain if fully implemented" if y == 0 else None)
        ax.barh(y, row["without"] - row["as_is"], left=row["as_is"], color=STYLE["inherent"], height=0.6,
                label="Loss if removed" if y == 0 else None)
        ax.text(row["without"], y, f"  {money(row['without'] - row['full'], currency)}", va="center",
                fontsize=STYLE["tick_size"], color=STYLE["neutral"])
    if rows:
        ax.axvline(rows[0]["as_is"], color="#222222", linewidth=1, label=f"As recorded {money(rows[0]['as_is'], currency)}")
        ax.legend(fontsize=STYLE["tick_size"], frameon=False, loc="upper center", ncol=3,
                  bbox_to_anchor=(0.5, -0.16 if len(rows) > 2 else -0.3))
    else:
        ax.text(0.5, 0.5, "no control acts on it", transform=ax.transAxes, ha="center", va="center",
                color=STYLE["neutral"])
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: money(v, currency)))
    ax.set_xlabel(f"Residual ALE ({currency})" if currency else "Residual ALE")
    ax.grid(True, axis="x", alpha=STYLE["grid_alpha"])
    ax.margins(x=0.12)
    ax.set_xlim(left=0)
    _finish(ax, title or f"What each control is worth: {name}{_scenario(simulation)}")
    return figure


def _sensitivity(simulation: Mapping[str, Any], risk: Optional[str]) -> List[Dict[str, Any]]:
    table: Union[Any, None] = getattr(simulation, "sensitivity_table", None)
    if table is not None:
        return list(table(risk).records())
    if "sensitivity" not in simulation:
        raise ValueError("the simulation has no sensitivity: call simulate(..., sensitivity=True)")
    rows: List[Dict[str, Any]] = []
    for control in simulation["sensitivity"]:
        subject = control if risk is None else next((r for r in control["risks"] if r["risk"] == risk), None)
        if subject is not None:
            rows.append({"control": control["control"], "as_is": subject["as_is"], "without": subject["without"],
                         "full": subject["full"], "swing": subject["without"] - subject["full"]})
    rows.sort(key=lambda r: (-r["swing"], r["control"]))
    return rows
