"""Result tables as files: tidy CSV for machines, Markdown and LaTeX a co-author can paste.

Every table a notebook saves is declared beside the code that computes it (gathered in
`publication.catalogue`): which notebook makes it, how it is titled, and how each column reads. The CSV
keeps the numbers as computed (rounded to 4 places); the Markdown and LaTeX copies carry
the labels and formats of `display.formatted`, the same as the notebooks and the Word file.
The publication step reads the saved files back rather than computing them again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..shared.declarations import Table
from ..shared.files import write_csv, write_text
from ..shared.notice import marks_illustrative, plain_notice
from ..shared.problems import MissingInputError, display_path
from .display import alignments, check_columns, formatted, note, visible

# Longer tables are saved as CSV only: nobody pastes hundreds of rows into a manuscript.
PASTEABLE_ROWS = 200


def save_table(df: pd.DataFrame, folder: Path, table: Table, notice: str = "") -> list[Path]:
    """NAME.csv (tidy, rounded to 4 places); NAME.md and NAME.tex (formatted) while pasteable.

    `table`: its declaration, numbered by the catalogue. `notice` is the run's data notice
    (`hubmap.shared.notice.data_notice`): when it says the data are the invented example, the Markdown
    and LaTeX copies end their note with it, so a table pasted into a draft still says so.
    """
    check_columns(df, table)
    name = table.name
    folder = Path(folder)
    tidy = df.copy()
    for c in tidy.select_dtypes("number").columns:
        tidy[c] = tidy[c].round(4)
    written = [write_csv(folder / f"{name}.csv", tidy)]
    if len(df) > PASTEABLE_ROWS:
        for stale in (folder / f"{name}.md", folder / f"{name}.tex"):  # from an earlier, smaller run
            stale.unlink(missing_ok=True)
        return written
    shown = formatted(df, table)
    heading, footnote = (table.caption if table.number else table.title), note(table, shown)
    if marks_illustrative(notice):
        footnote = f"{footnote} {plain_notice(notice)}"
    align = alignments(visible(df, table), table)
    grid = shown.to_markdown(index=False, disable_numparse=True, colalign=align)
    markdown = f"**{heading}**\n\n{grid}\n\n{footnote}\n"
    latex = shown.to_latex(
        index=False,
        escape=True,
        longtable=False,
        caption=heading,
        label=f"tab:{name}",
        position="htbp",
        column_format="".join(a[0] for a in align),
    )
    latex = latex.replace("\\end{table}", "\\par\\footnotesize " + _latex_text(footnote) + "\n\\end{table}")
    return written + [write_text(folder / f"{name}.md", markdown), write_text(folder / f"{name}.tex", latex)]


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
}


def _latex_text(text: str) -> str:
    """`text` with LaTeX's special characters escaped, in one pass (so no escape is escaped again)."""
    return re.sub(r"[\\&%$#_{}]", lambda m: _LATEX_SPECIAL[m.group()], text)


def saved_csv(folder: Path, table: Table) -> Path:
    """The saved table's CSV, or a one-line error naming the notebook that saves it."""
    path = Path(folder) / f"{table.name}.csv"
    if not path.is_file():
        raise MissingInputError(
            f"{display_path(path)} not found: run notebooks/{table.notebook}.ipynb first, which saves it "
            "(or `make all`, which runs every notebook in order)"
        )
    return path


def read_table(folder: Path, table: Table, as_text: bool = False) -> pd.DataFrame:
    """A saved table: with pandas' types, or `as_text` exactly as written (blank cells as '')."""
    path = saved_csv(folder, table)
    if as_text:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.read_csv(path)
