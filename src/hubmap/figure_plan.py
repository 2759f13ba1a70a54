"""The manuscript's figures as a plan: which figures there are, which notebook draws
each, and when a chart can show every Hub.

Kept apart from the drawing code (`figures`) so that the steps that only assemble,
caption or check the figures (notebook 05, the report) do not load matplotlib and seaborn.
"""

from __future__ import annotations

# Figure name -> (the notebook that draws it, the processed tables it is drawn from).
FIGURES = {
    "figure1_staffing": ("notebooks/02_staffing.ipynb", ("staffing",)),
    "figure2_interventions": ("notebooks/04_interventions.ipynb", ("interventions", "service_model")),
    "figure3_fidelity": ("notebooks/04_interventions.ipynb", ("service_model",)),
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
