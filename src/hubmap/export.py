"""Saving tables and figures for a manuscript: same inputs, same bytes.

Figures: PDF (TrueType fonts), SVG and PNG at 300 dpi, with no creation dates or
random ids, and the data notice (illustrative or not) in each file's metadata.
Tables: tidy CSV plus Markdown and LaTeX a co-author can paste.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import style
from .storage import write_atomic, write_csv, write_text

FIGURE_FORMATS = ("pdf", "svg", "png")


def save_table(df: pd.DataFrame, folder: Path, name: str, float_format: str = "{:.2f}") -> list[Path]:
    """name.csv (tidy, full precision rounded to 4 places), name.md and name.tex (formatted)."""
    folder = Path(folder)
    tidy = df.copy()
    for c in tidy.select_dtypes("number").columns:
        tidy[c] = tidy[c].round(4)
    shown = df.copy()
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c]):
            shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else float_format.format(v))
    shown = shown.astype(str).replace({"<NA>": "", "nan": ""})
    latex = shown.to_latex(index=False, escape=True, longtable=False)
    return [write_csv(folder / f"{name}.csv", tidy),
            write_text(folder / f"{name}.md", shown.to_markdown(index=False) + "\n"),
            write_text(folder / f"{name}.tex", latex)]


def save_figure(fig, folder: Path, name: str, description: str) -> list[Path]:
    """Write name.pdf/.svg/.png with fixed metadata; `description` says what data it shows."""
    folder = Path(folder)
    metadata = {
        "pdf": {"Creator": "hubmap", "Producer": "matplotlib", "CreationDate": None, "ModDate": None,
                "Subject": description},
        "svg": {"Creator": "hubmap", "Date": None, "Description": description},
        "png": {"Software": "hubmap (matplotlib)", "Description": description},
    }
    style.apply()
    written = []
    for fmt in FIGURE_FORMATS:
        written.append(write_atomic(folder / f"{name}.{fmt}", lambda p, fmt=fmt: fig.savefig(
            p, format=fmt, dpi=style.DPI, metadata=metadata[fmt], bbox_inches=None)))
    return written
