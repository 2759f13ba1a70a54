"""Saving figures for a manuscript, and showing them as saved: same inputs, same bytes.

Each figure is written as PDF (TrueType fonts), SVG and PNG at 300 dpi, with no
creation dates or random ids, and the data notice (illustrative or not) in each file's
metadata. Notebooks show the saved PNG itself (`publication.display.show_figure`), so a
reader sees the very file the journal gets. Which figures there are, and what each is drawn from,
is declared in `draw.FIGURES`; `publication.results.produce` draws one and saves it here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from ..shared.declarations import FIGURE_FORMATS
from ..shared.files import write_atomic
from ..shared.notice import plain_notice
from . import style


def save_figure(fig, folder: Path, name: str, description: str) -> list[Path]:
    """Write name.pdf/.svg/.png with fixed metadata; `description` says what data it shows."""
    folder = Path(folder)
    metadata = {
        "pdf": {
            "Creator": "hubmap",
            "Producer": "matplotlib",
            "CreationDate": None,
            "ModDate": None,
            "Subject": description,
        },
        "svg": {"Creator": "hubmap", "Date": None, "Description": description},
        "png": {"Software": "hubmap (matplotlib)", "Description": description},
    }
    style.apply()
    # A figure is laid out once, by its own tight_layout() call or else by the first save, and the
    # three formats keep that layout: solved again per format, text measured by each renderer could
    # move a label between the PDF and the PNG.
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)
    written = []
    for fmt in FIGURE_FORMATS:
        write = partial(fig.savefig, format=fmt, dpi=style.DPI, metadata=metadata[fmt], bbox_inches=None)
        written.append(write_atomic(folder / f"{name}.{fmt}", write))
        fig.set_layout_engine(None)
    return written


def publish(fig, folder: Path, name: str, notice: str) -> str:
    """Save `fig` as name.pdf/.svg/.png, close it, and return the PNG's path for display."""
    save_figure(fig, folder, name, plain_notice(notice))
    plt.close(fig)
    return str(Path(folder) / f"{name}.png")
