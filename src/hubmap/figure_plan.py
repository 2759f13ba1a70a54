"""The manuscript's figures as a plan: which figures there are, which notebook draws
each, what each shows in words (its alt text), and when a chart can show every Hub.

Kept apart from the drawing code (`figures`) so that the steps that only assemble,
caption or check the figures (notebook 05, the report) do not load matplotlib and seaborn.
"""

from __future__ import annotations

from pathlib import Path

# Figure name -> (the notebook that draws it, the processed tables it is drawn from).
FIGURES = {
    "figure1_staffing": ("notebooks/02_staffing.ipynb", ("staffing",)),
    "figure2_interventions": ("notebooks/04_interventions.ipynb", ("interventions", "service_model")),
    "figure3_fidelity": ("notebooks/04_interventions.ipynb", ("service_model",)),
}

# What each figure shows, in words: the alt text of every page that shows it, for readers
# who cannot see the image. The numbers themselves are in the tables beside it.
ALT_TEXT = {
    "figure1_staffing": (
        "Figure 1, staffing by Hub. Left: horizontal stacked bars of whole-time equivalent staff for each "
        "Hub, one segment per professional group. Right: a heat map of whole-time equivalent for each Hub "
        "by Agenda for Change band. The values are in the staffing tables."),
    "figure2_interventions": (
        "Figure 2, interventions by Hub. Interventions are grouped by category; for each Hub (with many "
        "Hubs, as a count of Hubs) the chart marks whether the intervention is delivered in-house, "
        "externally, both, not offered, or not recorded. The values are in the intervention matrix table."),
    "figure3_fidelity": (
        "Figure 3, fidelity to the national model. For each core component and adaptation, the chart marks "
        "for each Hub (with many Hubs, as a count of Hubs) whether it is offered, not offered, or not "
        "recorded. The values are in the fidelity table."),
}

# A per-Hub tile chart stays legible up to this many Hubs (in panels of at most
# HUBS_PER_PANEL); beyond it, Figures 2 and 3 count Hubs per status instead.
MAX_TILE_HUBS = 40
HUBS_PER_PANEL = 20


def shows_each_hub(n_hubs: int) -> bool:
    """Whether Figures 2 and 3 draw one tile per Hub (else they count Hubs per status)."""
    return n_hubs <= MAX_TILE_HUBS


def plain_notice(notice: str) -> str:
    """The data notice without Markdown emphasis, for file metadata and captions."""
    return notice.replace("**", "").lstrip("> ")


def show_saved(png: str | Path):
    """A saved figure as the notebooks show it: the PNG file itself, 700 px wide, with its alt text."""
    from IPython.display import Image  # here: the report step imports this module without IPython

    return Image(filename=str(png), width=700, alt=ALT_TEXT[Path(png).stem])
