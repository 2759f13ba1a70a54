"""Charts. Each takes a tidy DataFrame and an Axes, draws, and returns the Axes.

No function here reads files, saves figures or sets sizes: the caller (a notebook
or `export.py`) owns layout; `style.py` owns fonts and colours. Nothing relies on
colour alone: bars carry hatches, tiles carry symbols.
"""

from __future__ import annotations

import matplotlib.patches as mpatches
import numpy as np
import pandas as pd
import seaborn as sns

from . import style
from .staffing import ALL_HUBS


def wte_by_group_bars(by_group: pd.DataFrame, ax):
    """Stacked horizontal bars: one bar per Hub, one segment per professional group."""
    data = by_group[by_group["hub_id"] != ALL_HUBS]
    table = data.pivot(index="hub_id", columns="professional_group", values="wte")
    table = table.loc[:, table.sum() > 0]  # legend lists only groups some Hub has
    hubs = list(table.index)[::-1]  # first Hub at the top
    left = np.zeros(len(hubs))
    all_groups = list(by_group["professional_group"].cat.categories)
    for group in table.columns:
        colour, hatch = style.colour_and_hatch(all_groups.index(group))
        values = table.loc[hubs, group].to_numpy(dtype=float)
        ax.barh(hubs, values, left=left, color=colour, hatch=hatch, edgecolor="white", linewidth=0.5,
                label=group)
        left += values
    for y, total in enumerate(left):
        ax.text(total, y, f" {total:.1f}", va="center", ha="left")
    ax.set_xlabel("Whole-time equivalent (WTE)")
    ax.set_ylabel("")
    ax.set_xlim(0, left.max() * 1.12 if len(left) else 1)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18), frameon=False, title="Professional group",
              ncols=2, alignment="left")
    return ax


def band_heatmap(bands: pd.DataFrame, ax):
    """WTE by Agenda for Change band (columns, pay order) per Hub (rows), numbers in cells."""
    data = bands[bands["hub_id"] != ALL_HUBS]
    table = data.pivot(index="hub_id", columns="band", values="wte")
    table.index, table.columns = [str(i) for i in table.index], [str(c) for c in table.columns]
    labels = table.map(lambda v: f"{v:.1f}" if v > 0 else "")
    sns.heatmap(table, ax=ax, cmap="Blues", annot=labels, fmt="", cbar=False, linewidths=0.5,
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
    pos = {(r, h): (j, i) for i, r in enumerate(rows) for j, h in enumerate(hubs)}
    for rec in matrix.itertuples(index=False):
        x, y = pos[(getattr(rec, row), rec.hub_id)]
        colour, symbol, _ = style.STATUS_STYLE[rec.status]
        ax.add_patch(mpatches.Rectangle((x - 0.45, y - 0.45), 0.9, 0.9, facecolor=colour,
                                        edgecolor="#666666", linewidth=0.4))
        dark = colour in ("#0072B2", "#009E73")
        ax.text(x, y, symbol, ha="center", va="center", color="white" if dark else "black")
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
    handles = [mpatches.Patch(facecolor=style.STATUS_STYLE[s][0], edgecolor="#666666",
                              label=f"{style.STATUS_STYLE[s][1]}  {style.STATUS_STYLE[s][2]}") for s in statuses]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), ncols=min(len(statuses), 3),
              frameon=False, borderaxespad=0.3)
    return ax
