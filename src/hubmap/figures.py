"""The manuscript's figures: drawn once, by the notebook that discusses them.

Notebook 02 draws Figure 1 and notebook 04 Figures 2 and 3; each saves its figure as PDF,
SVG and 300-dpi PNG in the figures folder and shows that PNG, so a reader sees the very
file the journal gets. Notebook 05 then only assembles captions, tables and the manifest
around the saved files, and no figure is drawn twice.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from . import plots, staffing, style
from .export import save_figure

INTERVENTION_STATUSES = ["In-house", "Both", "External", "Not offered", "Not recorded"]
FIDELITY_STATUSES = ["Offered", "Not offered", "Not recorded"]

# Figure name -> (the notebook that draws it, the processed tables it is drawn from).
FIGURES = {
    "figure1_staffing": ("notebooks/02_staffing.ipynb", ("staffing",)),
    "figure2_interventions": ("notebooks/04_interventions.ipynb", ("interventions", "service_model")),
    "figure3_fidelity": ("notebooks/04_interventions.ipynb", ("service_model",)),
}


def plain_notice(notice: str) -> str:
    """The data notice without Markdown emphasis, for file metadata and captions."""
    return notice.replace("**", "").lstrip("> ")


def _panel(ax, letter: str) -> None:
    ax.text(-0.02, 1.02, letter, transform=ax.transAxes, fontweight="bold", ha="right", va="bottom")


def staffing_figure(staff: pd.DataFrame):
    """Figure 1: (a) WTE by professional group, (b) WTE by AfC band; full width."""
    n = staff["hub_id"].nunique()
    fig, (a, b) = style.figure("full", min(60 + 12 * n, style.MAX_HEIGHT_MM), nrows=2,
                               gridspec_kw={"height_ratios": [1.6, 1]})
    plots.wte_by_group_bars(staffing.wte_by_group(staff), a)
    plots.band_heatmap(staffing.band_profile(staff), b)
    _panel(a, "a")
    _panel(b, "b")
    fig.tight_layout()
    return fig


def intervention_figure(matrix: pd.DataFrame):
    """Figure 2: the intervention matrix, grouped by category."""
    rows = matrix["intervention"].nunique()
    fig, ax = style.figure("full", min(30 + 5 * rows, style.MAX_HEIGHT_MM))
    plots.status_tiles(matrix, ax, "intervention", INTERVENTION_STATUSES, group="category")
    fig.tight_layout()
    return fig


def fidelity_figure(fidelity: pd.DataFrame):
    """Figure 3: the national model's components and the adaptations, by Hub."""
    fig, ax = style.figure("full", 25 + 7 * fidelity["item"].nunique())
    plots.status_tiles(fidelity, ax, "item", FIDELITY_STATUSES)
    fig.tight_layout()
    return fig


def publish(fig, folder: Path, name: str, notice: str) -> str:
    """Save `fig` as name.pdf/.svg/.png, close it, and return the PNG's path for display."""
    if name not in FIGURES:
        raise ValueError(f"unknown figure {name!r}; the publication set has {sorted(FIGURES)}")
    save_figure(fig, folder, name, plain_notice(notice))
    plt.close(fig)
    return str(Path(folder) / f"{name}.png")
