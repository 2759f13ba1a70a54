"""Charts. Each takes a tidy DataFrame and an Axes, draws, and returns the Axes.

No function here reads files, saves figures or sets sizes: the caller (a notebook
or `export.py`) owns layout; `style.py` owns fonts and colours. Nothing relies on
colour alone: bars carry hatches, tiles carry symbols.
"""

from __future__ import annotations

import matplotlib.patches as mpatches
from matplotlib.collections import PolyCollection
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
import numpy as np
import pandas as pd
import seaborn as sns

from . import style
from .staffing import ALL_HUBS


READABLE_ROWS = 60  # Hubs per chart beyond which per-Hub numbers would overlap at journal sizes

# Symbols that carry each status without colour (legend and tiles alike).
_MARKERS = {
    "In-house": {"marker": "o"},
    "Offered": {"marker": "o"},
    "Both": {"marker": "o", "fillstyle": "left"},
    "External": {"marker": "o", "fillstyle": "none"},
    "Not offered": {"marker": "_"},
    "Not recorded": {"marker": "$?$"},
}


def wte_by_group_bars(by_group: pd.DataFrame, ax):
    """Stacked horizontal bars: one bar per Hub, one segment per professional group."""
    data = by_group[by_group["hub_id"] != ALL_HUBS]
    table = data.pivot(index="hub_id", columns="professional_group", values="wte")
    table = table.loc[:, table.sum() > 0]  # legend lists only groups some Hub has
    hubs = list(table.index)[::-1]  # first Hub at the top
    left = np.zeros(len(hubs))
    all_groups = list(by_group["professional_group"].cat.categories)
    handles = []
    for group in table.columns:  # one collection per group: fast for any number of Hubs
        colour, hatch = style.colour_and_hatch(all_groups.index(group))
        values = table.loc[hubs, group].to_numpy(dtype=float)
        boxes = [[(x0, y - 0.4), (x0 + v, y - 0.4), (x0 + v, y + 0.4), (x0, y + 0.4)]
                 for y, (x0, v) in enumerate(zip(left, values)) if v > 0]
        ax.add_collection(PolyCollection(boxes, facecolors=colour, edgecolors="white", linewidths=0.5, hatch=hatch))
        handles.append(mpatches.Patch(facecolor=colour, edgecolor="white", hatch=hatch, label=group))
        left += values
    if len(hubs) <= READABLE_ROWS:  # beyond this the labels overlap; the table has the totals
        for y, total in enumerate(left):
            ax.text(total, y, f" {total:.1f}", va="center", ha="left")
    ax.set_xlabel("Whole-time equivalent (WTE)")
    ax.set_ylabel("")
    ax.set_xlim(0, left.max() * 1.12 if len(left) else 1)
    ax.set_ylim(-0.6, len(hubs) - 0.4)
    ax.set_yticks(range(len(hubs)), hubs)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.18), frameon=False, title="Professional group",
              ncols=2, alignment="left")
    return ax


def band_heatmap(bands: pd.DataFrame, ax):
    """WTE by Agenda for Change band (columns, pay order) per Hub (rows), numbers in cells."""
    data = bands[bands["hub_id"] != ALL_HUBS]
    table = data.pivot(index="hub_id", columns="band", values="wte")
    table.index, table.columns = [str(i) for i in table.index], [str(c) for c in table.columns]
    readable = len(table) <= READABLE_ROWS  # numbers in cells while they can be read; else a colour key
    labels = table.map(lambda v: f"{v:.1f}" if v > 0 else "") if readable else False
    sns.heatmap(table, ax=ax, cmap="Blues", annot=labels, fmt="", cbar=not readable, linewidths=0.5 if readable else 0,
                linecolor="#DDDDDD", annot_kws={"fontsize": style.FONT_PT})
    ax.set_xlabel("Agenda for Change band (Medical = medical pay scales)")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(length=0)
    return ax


def status_tiles(matrix: pd.DataFrame, ax, row: str, statuses: list[str], group: str | None = None):
    """Tile chart: rows x Hubs, each tile coloured *and* marked with a symbol for its status.

    Used for the intervention matrix (rows = interventions) and the fidelity chart
    (rows = core components and adaptations). Readable in greyscale via the symbols.
    """
    rows = list(dict.fromkeys(matrix[row]))
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    x = matrix["hub_id"].map({h: j for j, h in enumerate(hubs)}).to_numpy()
    y = matrix[row].map({r: i for i, r in enumerate(rows)}).to_numpy()
    # One mesh for the colours and one marker series per status: a handful of artists
    # whatever the number of Hubs, so 400 Hubs draw as fast as 4.
    codes = {s: k for k, s in enumerate(style.STATUS_STYLE)}
    grid = np.full((len(rows), len(hubs)), np.nan)
    grid[y, x] = matrix["status"].map(codes).to_numpy()
    cmap = ListedColormap([c for c, _, _ in style.STATUS_STYLE.values()])
    ax.pcolormesh(np.arange(len(hubs) + 1) - 0.5, np.arange(len(rows) + 1) - 0.5, grid, cmap=cmap,
                  vmin=-0.5, vmax=len(codes) - 0.5, edgecolors="#666666", linewidth=0.4 if len(hubs) <= 60 else 0)
    size = max(1.5, min(6.0, 300 / max(len(hubs), len(rows))))
    for status, (colour, _, _) in style.STATUS_STYLE.items():
        at = (matrix["status"] == status).to_numpy()
        if at.any():
            dark = colour in ("#0072B2", "#009E73")
            ax.plot(x[at], y[at], linestyle="none", markersize=size, markeredgewidth=0.6,
                    color="white" if dark else "black", **_MARKERS[status])
    if group:
        groups = matrix.drop_duplicates(row).set_index(row)[group]
        starts = [i for i, r in enumerate(rows) if i == 0 or groups[r] != groups[rows[i - 1]]]
        for i in starts[1:]:
            ax.axhline(i - 0.5, color="black", linewidth=0.5)
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(rows)
            ax.text(len(hubs) - 0.4, (i + end - 1) / 2, f" {groups[rows[i]]}", va="center", ha="left",
                    fontstyle="italic")
    ax.set_xlim(-0.5, len(hubs) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(hubs)), hubs)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    handles = [Line2D([], [], linestyle="none", markersize=7, color="black", markeredgecolor="black",
                      markerfacecolor=style.STATUS_STYLE[s][0], label=style.STATUS_STYLE[s][2], **_MARKERS[s])
               for s in statuses]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), ncols=min(len(statuses), 2),
              frameon=False, borderaxespad=0.3)
    return ax
