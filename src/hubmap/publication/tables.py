"""Result tables as files: tidy CSV for machines, Markdown and LaTeX a co-author can paste.

Every table a notebook saves is declared in the registry (`hubmap.shared.registry.TABLES`),
which says which notebook makes it and how it is titled; the publication step reads the
saved files back rather than computing them again.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..shared.files import write_csv, write_text
from ..shared.registry import TABLES

# Longer tables are saved as CSV only: nobody pastes hundreds of rows into a manuscript.
PASTEABLE_ROWS = 200


def save_table(df: pd.DataFrame, folder: Path, name: str) -> list[Path]:
    """name.csv (tidy, rounded to 4 places); name.md and name.tex (formatted) while pasteable."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}: declare it in hubmap.shared.registry.TABLES")
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
            shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else TABLES[name].float_format.format(v))
    shown = shown.astype(str).replace({"<NA>": "", "nan": ""})
    latex = shown.to_latex(index=False, escape=True, longtable=False)
    return written + [write_text(folder / f"{name}.md", shown.to_markdown(index=False) + "\n"),
                      write_text(folder / f"{name}.tex", latex)]


def read_table(folder: Path, name: str, as_text: bool = False) -> pd.DataFrame:
    """A saved table: with pandas' types, or `as_text` exactly as written (blank cells as '')."""
    path = Path(folder) / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found; notebooks/{TABLES[name].notebook}.ipynb saves it "
                                "(make all runs it before this step)")
    if as_text:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.read_csv(path)
