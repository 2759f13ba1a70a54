"""One place for figure sizes, fonts and colours (BMC journal conventions).

Widths 85 mm (single column) or 170 mm (full page), at most 225 mm high; labels at
least 8 pt; lines at least 0.25 pt; Okabe-Ito colours, always paired with a hatch,
marker or text so nothing relies on colour alone; TrueType fonts embedded in PDF.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

MM = 1 / 25.4
SINGLE_COLUMN_MM = 85.0
FULL_WIDTH_MM = 170.0
MAX_HEIGHT_MM = 225.0
FONT_PT = 8
DPI = 300

# Okabe & Ito (2008). Yellow (#F0E442) reads poorly on white, so it comes last.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]

RC = {
    "font.family": "DejaVu Sans",
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
    "legend.title_fontsize": FONT_PT,
    "axes.linewidth": 0.5,
    "xtick.major.width": 0.5,
    "ytick.major.width": 0.5,
    "lines.linewidth": 1.0,
    "hatch.linewidth": 0.5,
    "patch.linewidth": 0.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "pdf.fonttype": 42,  # TrueType, not Type 3
    "ps.fonttype": 42,
    "svg.fonttype": "path",  # text as outlines: the SVG renders the same everywhere
    "svg.hashsalt": "hubmap",  # fixed ids inside SVG files
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "image.cmap": "cividis",
}


def apply() -> None:
    """Set the house style for every figure drawn after this call."""
    mpl.rcParams.update(RC)


def figure(width: str = "single", height_mm: float = 70.0, **kwargs):
    """A figure at a journal width ('single' 85 mm or 'full' 170 mm)."""
    width_mm = {"single": SINGLE_COLUMN_MM, "full": FULL_WIDTH_MM}[width]
    height_mm = min(height_mm, MAX_HEIGHT_MM)
    apply()
    return plt.subplots(figsize=(width_mm * MM, height_mm * MM), **kwargs)


def colour_and_hatch(i: int) -> tuple[str, str]:
    """The i-th series' fill: 8 colours, and a different hatch on each pass through them."""
    return OKABE_ITO[i % len(OKABE_ITO)], HATCHES[(i // len(OKABE_ITO) + i) % len(HATCHES)]
