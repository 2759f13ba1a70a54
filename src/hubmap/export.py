"""Saving tables and figures for a manuscript: same inputs, same bytes.

Figures: PDF (TrueType fonts), SVG and PNG at 300 dpi, with no creation dates or
random ids, and the data notice (illustrative or not) in each file's metadata.
Tables: tidy CSV, plus Markdown and LaTeX a co-author can paste while the table is short enough to paste.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .storage import write_atomic, write_csv, write_text

FIGURE_FORMATS = ("pdf", "svg", "png")


# Longer tables are saved as CSV only: nobody pastes thousands of rows into a manuscript,
# and formatting them as Markdown and LaTeX was most of the time some notebooks took.
PASTEABLE_ROWS = 200


def save_table(df: pd.DataFrame, folder: Path, name: str, float_format: str = "{:.2f}") -> list[Path]:
    """name.csv (tidy, rounded to 4 places); name.md and name.tex (formatted) while pasteable."""
    folder = Path(folder)
    tidy = df.copy()
    for c in tidy.select_dtypes("number").columns:
        tidy[c] = tidy[c].round(4)
    written = [write_csv(folder / f"{name}.csv", tidy)]
    if len(df) > PASTEABLE_ROWS:
        for stale in (folder / f"{name}.md", folder / f"{name}.tex"):  # from an earlier, smaller run
            stale.unlink(missing_ok=True)
        return written
    shown = df.copy()
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c]):
            shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else float_format.format(v))
    shown = shown.astype(str).replace({"<NA>": "", "nan": ""})
    latex = shown.to_latex(index=False, escape=True, longtable=False)
    return written + [write_text(folder / f"{name}.md", shown.to_markdown(index=False) + "\n"),
                      write_text(folder / f"{name}.tex", latex)]


def save_figure(fig, folder: Path, name: str, description: str) -> list[Path]:
    """Write name.pdf/.svg/.png with fixed metadata; `description` says what data it shows."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine  # here: saving tables needs no matplotlib

    from . import style

    folder = Path(folder)
    metadata = {
        "pdf": {"Creator": "hubmap", "Producer": "matplotlib", "CreationDate": None, "ModDate": None,
                "Subject": description},
        "svg": {"Creator": "hubmap", "Date": None, "Description": description},
        "png": {"Software": "hubmap (matplotlib)", "Description": description},
    }
    style.apply()
    # A figure is laid out once: by its own tight_layout() call, or else by the first save.
    # Without an engine, savefig neither solves the layout again nor draws a dry run first.
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        fig.set_layout_engine(None)
    written = []
    for fmt in FIGURE_FORMATS:
        written.append(write_atomic(folder / f"{name}.{fmt}", lambda p, fmt=fmt: fig.savefig(
            p, format=fmt, dpi=style.DPI, metadata=metadata[fmt], bbox_inches=None)))
        fig.set_layout_engine(None)
    return written
