"""The manuscript's figures, laid out, and declared (`FIGURES`, at the end): each is drawn from the
tidy tables its notebook shows, named by their declarations, so a figure never recomputes
differently what is beside it. `publication.results.produce` draws one from its declaration and
`save.save_figure` writes it as PDF, SVG and 300-dpi PNG.
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import changes
from ..shared.declarations import Figure
from ..template.study import Study
from . import charts, style
from .logic_model import logic_model_figure

TILES_WIDTH_MM = 110  # of Figures 2 and 3's 170 mm: what is left beside the row labels
# Figures 2 and 3 draw one tile per Hub up to MAX_TILE_HUBS Hubs (in panels of at most
# HUBS_PER_PANEL); beyond it they count the Hubs with each status, and their captions say so.
MAX_TILE_HUBS = 40
HUBS_PER_PANEL = 20


def shows_each_hub(n_hubs: int) -> bool:
    """Whether Figures 2 and 3 draw one tile per Hub (else they count Hubs per status)."""
    return n_hubs <= MAX_TILE_HUBS


def _panel(ax, letter: str) -> None:
    ax.text(-0.02, 1.02, letter, transform=ax.transAxes, fontweight="bold", ha="right", va="bottom")


def staffing_figure(by_group: pd.DataFrame, study: Study, bands: pd.DataFrame | None = None):
    """Figure 1: (a) WTE by professional group and (b) WTE by pay band, side by side, one row per unit;
    for a study without pay bands (`bands` None), (a) alone.

    `by_group` and `bands` are `staffing.wte_by_group` and `staffing.band_profile`, as the notebook shows them.
    """
    by_group = by_group[by_group["hub_id"] != study.all_units]
    n = by_group["hub_id"].nunique()
    if bands is None:
        fig, a = style.figure("full", 40 + 4.5 * n, layout="constrained")
        charts.wte_by_group_bars(by_group, a, legend=False)
        fig.legend(
            *a.get_legend_handles_labels(),
            loc="outside lower center",
            ncols=3,
            frameon=False,
            title="Professional group",
        )
        return fig
    bands = bands[bands["hub_id"] != study.all_units]
    fig, (a, b) = style.figure(
        "full", 55 + 4.5 * n, ncols=2, gridspec_kw={"width_ratios": [1, 1.2]}, layout="constrained"
    )
    # (b) first: seaborn draws the figure once to place its labels, cheapest while (a) is empty
    scale = study.pay_bands
    xlabel = f"{scale.name} band ({scale.other} = {scale.other_scale} pay scales)"
    charts.band_heatmap(bands, b, xlabel, hub_labels=False)  # the same rows as (a)
    charts.wte_by_group_bars(by_group, a, legend=False)
    fig.legend(
        *a.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False, title="Professional group"
    )
    _panel(a, "a")
    _panel(b, "b")
    return fig


def _status_figure(matrix: pd.DataFrame, row: str, statuses: charts.Statuses, group: str | None, units: str):
    """Tiles for each unit, in stacked panels of at most HUBS_PER_PANEL units; counts beyond MAX_TILE_HUBS."""
    hubs = list(dict.fromkeys(matrix["hub_id"]))
    rows = matrix[row].nunique()
    if not shows_each_hub(len(hubs)):
        fig, ax = style.figure("full", 30 + 4.5 * rows)
        charts.status_counts(matrix, ax, row, statuses, units, group=group)
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


def intervention_figure(matrix: pd.DataFrame, study: Study):
    """Figure 2: the intervention matrix, grouped by category."""
    statuses = {s: study.statuses[s] for s in study.intervention_statuses}
    return _status_figure(matrix, "intervention", statuses, "category", study.units)


def fidelity_figure(fidelity: pd.DataFrame, study: Study):
    """Figure 3: the national model's components and the adaptations, by unit."""
    statuses = {s: study.statuses[s] for s in study.fidelity_statuses}
    return _status_figure(fidelity, "item", statuses, None, study.units)


def changes_figure(totals: pd.DataFrame):
    """Figure 5: each Hub's total WTE at its first and latest mapping round."""
    n = totals["hub_id"].nunique()
    fig, ax = style.figure("full", 30 + 6 * n)
    charts.wte_by_round_dumbbell(totals, ax)
    fig.tight_layout()
    return fig


FIGURES = (
    Figure(
        "figure1_staffing",
        "02_staffing",
        "Staffing of {n} {units_in_full}",
        "Figure 1, staffing by {unit}. Horizontal stacked bars of whole-time equivalent staff for each "
        "{unit}, one segment per professional group. The values are in the staffing tables.",
        draw=lambda staffing_by_group, study, staffing_by_band=None: staffing_figure(
            staffing_by_group, study, staffing_by_band
        ),
        alt_with={
            "staffing_by_band": "Figure 1, staffing by {unit}. Left: horizontal stacked bars of whole-time equivalent "
            "staff for each {unit}, one segment per professional group. Right: a heat map of whole-time equivalent "
            "for each {unit} by {pay_bands} band. The values are in the staffing tables."
        },
    ),
    Figure(
        "figure2_interventions",
        "04_interventions",
        "Interventions offered by {n} {units_in_full}, by category",
        "Figure 2, interventions by {unit}. Interventions are grouped by category; for each {unit} (with many "
        "{units}, as a count of {units}) the chart marks whether the intervention is delivered in-house, "
        "externally, both, not offered, or not recorded. The values are in the intervention matrix table.",
        draw=lambda intervention_matrix, study: intervention_figure(intervention_matrix, study),
    ),
    Figure(
        "figure3_fidelity",
        "04_interventions",
        "Fidelity to the {national_model} model and adaptations",
        "Figure 3, fidelity to the national model. For each core component and adaptation, the chart marks "
        "for each {unit} (with many {units}, as a count of {units}) whether it is offered, not offered, or not "
        "recorded. The values are in the fidelity table.",
        draw=lambda fidelity, study: fidelity_figure(fidelity, study),
    ),
    Figure(
        "figure4_logic_model",
        "05_logic_model",
        "Logic model of the {units_in_full}, with what the mapping of {n} {units} found",
        "Figure 4, the logic model. Six columns of boxes from left to right: context and assumptions, inputs, "
        "activities, outputs, short-term outcomes and long-term outcomes, with arrows for the links theorised "
        "between them. Under each box the mapping measures, in bold, what it found, such as how many {units} offer "
        "a core component or how much whole-time equivalent staff a workforce has. The values are in the "
        "logic model table.",
        draw=lambda model, logic_model_coverage: logic_model_figure(model, logic_model_coverage),
    ),
    Figure(
        "figure5_changes",
        "06_changes",
        "Whole-time equivalent staff of {n} {units_in_full} at their first and latest mapping rounds",
        "Figure 5, staffing across mapping rounds. For each {unit}, a hollow circle for its total whole-time "
        "equivalent staff at its first mapping round and a filled circle at its latest, joined by a line; a "
        "{unit} mapped once has one circle and is labelled so. The values are in the table of changes between "
        "rounds.",
        draw=lambda service_model, staffing: changes_figure(
            changes.wte_by_round({"service_model": service_model, "staffing": staffing})
        ),
        fields={"service_model": (), "staffing": ("wte",)},
    ),
)
