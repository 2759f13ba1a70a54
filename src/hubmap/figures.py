"""The manuscript's figures: drawn once, by the notebook that discusses them.

Notebook 02 draws Figure 1 and notebook 04 Figures 2 and 3; each saves its figure as PDF,
SVG and 300-dpi PNG in the figures folder and shows that PNG, so a reader sees the very
file the journal gets. Notebook 05 then only assembles captions, tables and the manifest
around the saved files, and no figure is drawn twice. Which figures there are, and when
a chart shows each Hub, is in `figure_plan`.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from . import plots, staffing, style
from .export import save_figure
from .figure_plan import FIGURES, HUBS_PER_PANEL, plain_notice, shows_each_hub

INTERVENTION_STATUSES = ["In-house", "Both", "External", "Not offered", "Not recorded"]
FIDELITY_STATUSES = ["Offered", "Not offered", "Not recorded"]


def _panel(ax, letter: str) -> None:
    ax.text(-0.02, 1.02, letter, transform=ax.transAxes, fontweight="bold", ha="right", va="bottom")


def staffing_figure(staff: pd.DataFrame):
    """Figure 1: (a) WTE by professional group and (b) WTE by AfC band, side by side, one row per Hub."""
    n = staff["hub_id"].nunique()
    fig, (a, b) = style.figure("full", 55 + 4.5 * n, ncols=2, gridspec_kw={"width_ratios": [1, 1.2]},
                               layout="constrained")
    # (b) first: seaborn draws the figure once to place its labels, cheapest while (a) is empty
    plots.band_heatmap(staffing.band_profile(staff), b, hub_labels=False)  # the same rows as (a)
    plots.wte_by_group_bars(staffing.wte_by_group(staff), a, legend=False)
    fig.legend(*a.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False,
               title="Professional group")
    _panel(a, "a")
    _panel(b, "b")
    return fig


def _status_figure(matrix: pd.DataFrame, row: str, statuses: list[str], group: str | None):
    """Tiles for each Hub, in stacked panels of at most HUBS_PER_PANEL Hubs; counts beyond MAX_TILE_HUBS."""
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    rows = matrix[row].nunique()
    if not shows_each_hub(len(hubs)):
        fig, ax = style.figure("full", 30 + 4.5 * rows)
        plots.status_counts(matrix, ax, row, statuses, group=group)
        fig.tight_layout()
        return fig
    panels = math.ceil(len(hubs) / HUBS_PER_PANEL)
    per_panel = math.ceil(len(hubs) / panels)
    fig, axes = style.figure("full", 18 + panels * (14 + (4.6 if panels == 1 else 3.6) * rows), nrows=panels,
                             squeeze=False)
    for k, ax in enumerate(axes[:, 0]):
        chunk = hubs[k * per_panel:(k + 1) * per_panel]
        plots.status_tiles(matrix[matrix["hub_id"].isin(chunk)], ax, row, statuses, group=group,
                           legend=k == panels - 1)
    fig.tight_layout()
    return fig


def intervention_figure(matrix: pd.DataFrame):
    """Figure 2: the intervention matrix, grouped by category."""
    return _status_figure(matrix, "intervention", INTERVENTION_STATUSES, "category")


def fidelity_figure(fidelity: pd.DataFrame):
    """Figure 3: the national model's components and the adaptations, by Hub."""
    return _status_figure(fidelity, "item", FIDELITY_STATUSES, None)


def publish(fig, folder: Path, name: str, notice: str) -> str:
    """Save `fig` as name.pdf/.svg/.png, close it, and return the PNG's path for display."""
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; the publication set has {sorted(FIGURES)}")
    save_figure(fig, folder, name, plain_notice(notice))
    plt.close(fig)
    return str(Path(folder) / f"{name}.png")
