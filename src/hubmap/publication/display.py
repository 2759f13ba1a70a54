"""How results look to a reader in a notebook."""

from __future__ import annotations

from pathlib import Path

from IPython.display import Image

from ..shared.registry import FIGURES


def show_figure(png) -> Image:
    """A saved figure as the notebooks show it: the PNG file itself, 700 px wide, with its alt text."""
    return Image(filename=str(png), width=700, alt=FIGURES[Path(png).stem].alt)
