"""Charts. Each takes a tidy DataFrame and an Axes, draws, and returns the Axes.

No function here reads files, saves figures or sets sizes: the caller (`draw`) owns
layout; `style` owns fonts and colours. Nothing relies on colour alone: bars carry
hatches, tiles carry symbols.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.textpath import TextToPath

from ..shared.vocabulary import ENCODING, GRID_LINE, TILE_EDGE, Role
from . import style

Statuses = dict[str, tuple[Role, str]]
"""The statuses a chart shows, in the legend's order: status -> (its role, keying its encoding; its words)."""

MIN_TEXT_PITCH_MM = 3.4  # room one line of 8-pt text needs: closer labels overlap
_PT_MM = 25.4 / 72


def pitch_mm(ax, n: int, axis: str) -> float:
    """Room per row (axis 'y') or column ('x') of `ax`, in mm.

    Estimated from the axes' size before layout, less 15% for what the layout will take
    for labels, so charts can decide how much text fits without drawing twice.
    """
    box = ax.get_position()
    width_in, height_in = ax.figure.get_size_inches()
    length_in = box.height * height_in if axis == "y" else box.width * width_in
    return 0.85 * length_in * 25.4 / max(n, 1)


def label_every(ax, n: int, axis: str) -> int:
    """Label every k-th row or column, so that labels never overlap."""
    return max(1, math.ceil(MIN_TEXT_PITCH_MM / pitch_mm(ax, n, axis)))


def _hub_ticks(ax, hubs: list[str], axis: str, positions=None, named: bool = True) -> None:
    """Hub ticks on one axis (at `positions`, default 0..n-1), thinned to every k-th Hub when
    there is no room for all; `named=False` leaves them unlabelled (a panel sharing rows)."""
    step = label_every(ax, len(hubs), axis)
    positions = np.arange(len(hubs)) if positions is None else np.asarray(positions)
    (ax.set_yticks if axis == "y" else ax.set_xticks)(positions[::step], hubs[::step] if named else [])


def _wrap(text: str, width: int = 20) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


MAX_LABEL_LINES = 3
_TEXT = TextToPath()


def text_mm(text: str) -> float:
    """The printed width of `text` in the house font at 8 pt, in mm (measured, not estimated)."""
    width, _, _ = _TEXT.get_text_width_height_descent(
        text, FontProperties(family=style.RC["font.family"], size=style.FONT_PT), ismath=False
    )
    return width * _PT_MM


def _wrapped(name: str, room_mm: float) -> list[str] | None:
    """`name` in lines of whole words that each fit `room_mm`, or None if a word alone does not fit."""
    lines: list[str] = []
    for word in name.split():
        if lines and text_mm(f"{lines[-1]} {word}") <= room_mm:
            lines[-1] = f"{lines[-1]} {word}"
        elif text_mm(word) <= room_mm:
            lines.append(word)
        else:
            return None
    return lines or [name]


def hub_column_labels(hubs: list[str], pitch: float) -> tuple[list[str], bool, float]:
    """Hub names over columns `pitch` mm apart: (labels, stood up?, the height they take in mm).

    A name that does not fit its column is wrapped onto up to three lines; a name that still
    does not fit is stood up (rotated) whole. Names are never shortened: they are shown as written.
    """
    room = 0.85 * pitch  # a little space between neighbours
    wrapped = [_wrapped(h, room) for h in hubs]
    if all(lines is not None and len(lines) <= MAX_LABEL_LINES for lines in wrapped):
        return ["\n".join(lines) for lines in wrapped], False, max(map(len, wrapped)) * MIN_TEXT_PITCH_MM
    return list(hubs), True, max(text_mm(h) for h in hubs) + 2


def wte_by_group_bars(by_group: pd.DataFrame, ax, legend: bool = True):
    """Stacked horizontal bars: one bar per unit (first at the top), one segment per group.

    `by_group`: each unit's rows (without the all-units total). Totals are written at the bar ends and
    groups carry hatches while the bars are thick enough to show them; the tables carry the numbers either way.
    """
    table = by_group.pivot(index="hub_id", columns="professional_group", values="wte")
    table = table.loc[:, table.sum() > 0]  # legend lists only groups some Hub has
    hubs = list(table.index)
    n = len(hubs)
    y = np.arange(n)[::-1]  # the first Hub at the top, in the same rows as band_heatmap
    pitch = pitch_mm(ax, n, "y")
    left = np.zeros(n)
    all_groups = list(by_group["professional_group"].cat.categories)
    thick = pitch >= 2  # a bar thinner than the hatch spacing cannot show its hatch
    for group in table.columns:
        colour, hatch = style.colour_and_hatch(all_groups.index(group))
        values = table.loc[hubs, group].to_numpy(dtype=float)
        # All of a group's segments as one path: its hatch is rasterised once, not once per Hub.
        boxes = [
            [(x0, yy - 0.4), (x0 + v, yy - 0.4), (x0 + v, yy + 0.4), (x0, yy + 0.4), (x0, yy - 0.4)]
            for yy, x0, v in zip(y, left, values)
            if v > 0
        ]
        ax.add_patch(
            PathPatch(
                Path.make_compound_path_from_polys(np.array(boxes)),
                facecolor=colour,
                edgecolor="white",
                linewidth=0.5 if thick else 0,
                hatch=hatch if thick else None,
                label=group,
            )
        )
        left += values
    if pitch >= MIN_TEXT_PITCH_MM:
        for yy, total in zip(y, left):
            ax.text(total, yy, f" {total:.1f}", va="center", ha="left")
    ax.set_xlabel("Whole-time equivalent (WTE)")
    ax.set_ylabel("")
    ax.set_xlim(0, left.max() * 1.15 if n else 1)
    ax.set_ylim(-0.5, n - 0.5)
    _hub_ticks(ax, hubs, "y", positions=y)
    ax.tick_params(axis="y", length=0)
    if legend:
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(0, -0.18),
            frameon=False,
            title="Professional group",
            ncols=2,
            alignment="left",
        )
    return ax


def band_heatmap(bands: pd.DataFrame, ax, xlabel: str, hub_labels: bool = True):
    """WTE by pay band (columns, pay order) per unit (rows, first at the top); `bands`: each unit's rows
    (without the all-units total).

    Numbers sit in the cells while they fit; otherwise a colour key replaces them.
    """
    table = bands.pivot(index="hub_id", columns="band", values="wte")
    table.index, table.columns = [str(i) for i in table.index], [str(c) for c in table.columns]
    fits = pitch_mm(ax, len(table), "y") >= MIN_TEXT_PITCH_MM and pitch_mm(ax, table.shape[1], "x") >= 5
    labels = table.map(lambda v: f"{v:.1f}" if v > 0 else "") if fits else False
    sns.heatmap(
        table,
        ax=ax,
        cmap="Blues",
        annot=labels,
        fmt="",
        cbar=not fits,
        linewidths=0.5 if fits else 0,
        linecolor=GRID_LINE,
        annot_kws={"fontsize": style.FONT_PT},
        xticklabels=True,
        yticklabels=False,
        cbar_kws={"label": "WTE", "fraction": 0.06, "aspect": 30},
    )
    # Hub labels: thinned to what fits (seaborn's "auto" would decide by drawing the figure)
    _hub_ticks(ax, list(table.index), "y", positions=np.arange(len(table)) + 0.5, named=hub_labels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(length=0)
    return ax


def _category_marks(ax, rows: list[str], groups: pd.Series) -> None:
    """Lines between categories and each category's name right of the axes (wrapped to save width)."""
    starts = [i for i, r in enumerate(rows) if i == 0 or groups[r] != groups[rows[i - 1]]]
    for i in starts[1:]:
        ax.axhline(i - 0.5, color="black", linewidth=0.5)
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        ax.text(
            1.01,
            (i + end - 1) / 2,
            _wrap(groups[rows[i]]),
            va="center",
            ha="left",
            fontstyle="italic",
            transform=ax.get_yaxis_transform(),
        )


def status_tiles(matrix: pd.DataFrame, ax, row: str, statuses: Statuses, group: str | None = None, legend: bool = True):
    """Tile chart: rows x Hubs, each tile coloured *and* marked with a symbol for its status.

    Used for the intervention matrix (rows = interventions) and the fidelity chart
    (rows = core components and adaptations). Readable in greyscale via the symbols.
    """
    rows = list(dict.fromkeys(matrix[row]))
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    x = matrix["hub_id"].map({h: j for j, h in enumerate(hubs)}).to_numpy()
    y = matrix[row].map({r: i for i, r in enumerate(rows)}).to_numpy()
    # Per status, one path holding all its tiles and one marker series: a handful of
    # drawing calls whatever the number of Hubs, in PDF and SVG as much as on screen.
    tile_mm = min(pitch_mm(ax, len(hubs), "x"), pitch_mm(ax, len(rows), "y"))
    size = float(np.clip(0.6 * tile_mm / _PT_MM, 1.5, 6.0))  # a symbol fills about 60% of its tile
    corners = np.array([(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5), (-0.5, -0.5)])
    statuses_here = matrix["status"].to_numpy()
    for status in statuses:  # in the legend's order
        shown = ENCODING[statuses[status][0]]
        colour = shown.colour
        at = statuses_here == status
        if not at.any():
            continue
        squares = np.stack([x[at], y[at]], axis=1)[:, None, :] + corners
        ax.add_patch(
            PathPatch(
                Path.make_compound_path_from_polys(squares),
                facecolor=colour,
                edgecolor=TILE_EDGE,
                linewidth=0.4 if tile_mm >= 2 else 0,
            )
        )
        ax.plot(
            x[at],
            y[at],
            linestyle="none",
            markersize=size,
            markeredgewidth=0.6,
            color="white" if shown.dark else "black",
            **shown.marker,
        )
    if group:
        _category_marks(ax, rows, matrix.drop_duplicates(row).set_index(row)[group])
    ax.set_xlim(-0.5, len(hubs) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    labels, stood_up, _ = hub_column_labels(hubs, pitch_mm(ax, len(hubs), "x"))
    _hub_ticks(ax, labels, "x")
    if stood_up:  # side by side they would collide: stand them up
        ax.tick_params(axis="x", labelrotation=90)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if legend:
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                markersize=7,
                color="black",
                markeredgecolor="black",
                markerfacecolor=ENCODING[statuses[s][0]].colour,
                label=statuses[s][1],
                **ENCODING[statuses[s][0]].marker,
            )
            for s in statuses
        ]
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0, 0),
            ncols=min(len(statuses), 2),
            frameon=False,
            borderaxespad=0.3,
        )
    return ax


def status_counts(matrix: pd.DataFrame, ax, row: str, statuses: Statuses, units: str, group: str | None = None):
    """For each row, how many units (`units`: what the study calls them) have each status: stacked bars,
    colour plus hatch.

    The per-Hub tile chart stops being legible beyond a few dozen Hubs; this is what a
    national mapping can show on one page instead (the per-Hub matrix stays in the tables).
    """
    rows = list(dict.fromkeys(matrix[row]))
    counts = (
        matrix.groupby([row, "status"], observed=True)
        .size()
        .unstack(fill_value=0)
        .reindex(index=rows, columns=list(statuses), fill_value=0)
    )
    left = np.zeros(len(rows))
    for status in statuses:
        role, label = statuses[status]
        shown = ENCODING[role]
        values = counts[status].to_numpy(dtype=float)
        ax.barh(
            np.arange(len(rows)),
            values,
            left=left,
            height=0.75,
            color=shown.colour,
            edgecolor=TILE_EDGE,
            linewidth=0.4,
            hatch=shown.hatch,
            label=label,
        )
        left += values
    n_hubs = matrix["hub_id"].nunique()
    if group:
        _category_marks(ax, rows, matrix.drop_duplicates(row).set_index(row)[group])
    ax.set_xlim(0, n_hubs)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel(f"Number of {units} (of {n_hubs})")
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)  # above: clear of the axis label
    return ax


def wte_by_round_dumbbell(totals: pd.DataFrame, ax):
    """Each Hub's total WTE at its first and latest round, joined by a line (first Hub at the top).

    A Hub mapped once has one marker and says so; the rounds are told apart by shape as well as
    fill (hollow first, filled latest), so the chart reads in greyscale.
    """
    hubs = list(dict.fromkeys(totals["hub_id"]))
    y = np.arange(len(hubs))[::-1]
    colour = style.OKABE_ITO[0]
    pitch = pitch_mm(ax, len(hubs), "y")
    for yy, hub in zip(y, hubs):
        own = totals[totals["hub_id"] == hub].sort_values("mapping_date")
        first, last = own.iloc[0], own.iloc[-1]
        if len(own) > 1:
            ax.plot([first["wte"], last["wte"]], [yy, yy], color=colour, linewidth=1.2, zorder=1)
            ax.plot(last["wte"], yy, marker="o", markersize=6, color=colour, linestyle="none", zorder=2)
        ax.plot(
            first["wte"],
            yy,
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=colour,
            markeredgewidth=1.2,
            linestyle="none",
            zorder=3 if len(own) == 1 else 2,
        )
        if pitch >= MIN_TEXT_PITCH_MM:
            text = (
                f"{first['wte']:.1f} → {last['wte']:.1f} WTE ({first['mapping_date'][:7]} → {last['mapping_date'][:7]})"
                if len(own) > 1
                else "mapped once"
            )
            ax.annotate(
                text,
                (max(first["wte"], last["wte"]), yy),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                ha="left",
            )
    ax.set_xlim(0, totals["wte"].max() * 1.6 if len(totals) else 1)
    ax.set_ylim(-0.7, len(hubs) - 0.3)
    _hub_ticks(ax, hubs, "y", positions=y)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("Whole-time equivalent (WTE), all posts")
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=colour,
            linestyle="none",
            label="First round",
        ),
        Line2D([], [], marker="o", markersize=6, color=colour, linestyle="none", label="Latest round"),
    ]
    ax.legend(handles=handles, loc="lower right", frameon=False)
    return ax
