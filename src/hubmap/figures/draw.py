"""The manuscript's figures, laid out: each takes the tidy tables its notebook shows.

Notebook 02 draws Figure 1 and notebook 04 Figures 2 and 3, from the same frames they
display and save as tables, so a figure never recomputes what is beside it. `save.publish`
writes each as PDF, SVG and 300-dpi PNG. Which figures there are is in the registry
(`hubmap.shared.registry.FIGURES`), with when Figures 2 and 3 can show each Hub.
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import changes
from ..shared.registry import HUBS_PER_PANEL, shows_each_hub
from ..template import spec
from . import charts, style
from .logic_model import logic_model_figure

TILES_WIDTH_MM = 110  # of Figures 2 and 3's 170 mm: what is left beside the row labels


def _panel(ax, letter: str) -> None:
    ax.text(-0.02, 1.02, letter, transform=ax.transAxes, fontweight="bold", ha="right", va="bottom")


def staffing_figure(by_group: pd.DataFrame, bands: pd.DataFrame):
    """Figure 1: (a) WTE by professional group and (b) WTE by AfC band, side by side, one row per Hub.

    `by_group` and `bands` are `staffing.wte_by_group` and `staffing.band_profile`, as the notebook shows them.
    """
    n = by_group["hub_id"].nunique() - 1  # less the All Hubs total
    fig, (a, b) = style.figure(
        "full", 55 + 4.5 * n, ncols=2, gridspec_kw={"width_ratios": [1, 1.2]}, layout="constrained"
    )
    # (b) first: seaborn draws the figure once to place its labels, cheapest while (a) is empty
    charts.band_heatmap(bands, b, hub_labels=False)  # the same rows as (a)
    charts.wte_by_group_bars(by_group, a, legend=False)
    fig.legend(
        *a.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False, title="Professional group"
    )
    _panel(a, "a")
    _panel(b, "b")
    return fig


def _status_figure(matrix: pd.DataFrame, row: str, statuses: list[str], group: str | None):
    """Tiles for each Hub, in stacked panels of at most HUBS_PER_PANEL Hubs; counts beyond MAX_TILE_HUBS."""
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    rows = matrix[row].nunique()
    if not shows_each_hub(len(hubs)):
        fig, ax = style.figure("full", 30 + 4.5 * rows)
        charts.status_counts(matrix, ax, row, statuses, group=group)
        fig.tight_layout()
        return fig
    panels = math.ceil(len(hubs) / HUBS_PER_PANEL)
    per_panel = math.ceil(len(hubs) / panels)
    # Room for the Hub names over the columns: about 110 mm of the page width is left for the tiles.
    _, _, names_mm = charts.hub_column_labels(hubs, TILES_WIDTH_MM / per_panel)
    fig, axes = style.figure(
        "full",
        18 + panels * (max(14, 6 + names_mm) + (4.6 if panels == 1 else 3.6) * rows),
        nrows=panels,
        squeeze=False,
    )
    for k, ax in enumerate(axes[:, 0]):
        chunk = hubs[k * per_panel : (k + 1) * per_panel]
        charts.status_tiles(
            matrix[matrix["hub_id"].isin(chunk)], ax, row, statuses, group=group, legend=k == panels - 1
        )
    fig.tight_layout()
    return fig


def intervention_figure(matrix: pd.DataFrame):
    """Figure 2: the intervention matrix, grouped by category."""
    return _status_figure(matrix, "intervention", list(spec.INTERVENTION_STATUSES), "category")


def fidelity_figure(fidelity: pd.DataFrame):
    """Figure 3: the national model's components and the adaptations, by Hub."""
    return _status_figure(fidelity, "item", list(spec.FIDELITY_STATUSES), None)


def changes_figure(totals: pd.DataFrame):
    """Figure 5: each Hub's total WTE at its first and latest mapping round."""
    n = totals["hub_id"].nunique()
    fig, ax = style.figure("full", 30 + 6 * n)
    charts.wte_by_round_dumbbell(totals, ax)
    fig.tight_layout()
    return fig


def _changes_figure(service_model, staffing):
    return changes_figure(changes.wte_by_round({"service_model": service_model, "staffing": staffing}))


# Each figure (`hubmap.shared.registry.FIGURES`), drawn from what its notebook shows: the parameters
# name the results by their declarations' names (or the processed tables), so the tests and the
# benchmark draw every figure without copying a notebook.
DRAWN_FROM = {
    "figure1_staffing": lambda staffing_by_group, staffing_by_band: staffing_figure(
        staffing_by_group, staffing_by_band
    ),
    "figure2_interventions": lambda intervention_matrix: intervention_figure(intervention_matrix),
    "figure3_fidelity": lambda fidelity: fidelity_figure(fidelity),
    "figure4_logic_model": lambda model, logic_model_coverage: logic_model_figure(model, logic_model_coverage),
    "figure5_changes": _changes_figure,
}
