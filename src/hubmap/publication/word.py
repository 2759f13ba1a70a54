"""Tables in Word, in a journal's style, for co-authors who edit with tracked changes.

Health-services journals (BMC included) take Word manuscripts. Each table has its number and
title as in the notebooks, a shaded header row that repeats on every page, numbers aligned
right, totals in bold, and a note that says what its symbols mean (a zero amount is an en
dash) and where its numbers come from. The labels and formats are `display.formatted`'s,
the same as the notebooks'. A table with more units than fit across the page is split into
parts; with very many units it is summarised, as in the notebooks. The file's bytes depend
only on its content: fixed document dates and fixed times inside the zip.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from ..shared.declarations import Table
from ..shared.files import write_atomic
from ..shared.notice import marks_illustrative
from .display import (
    ACROSS_IN_WORD,
    SUMMARY_ABOVE,
    formatted,
    hub_columns,
    is_total,
    n_hubs,
    note,
    numeric_columns,
    summary,
    visible,
)

TABLE_FONT_PT = 8
HEADER_SHADE = "D9D9D9"
FIXED_TIME = dt.datetime(2020, 10, 1)
FIXED_ZIP_TIME = (2020, 10, 1, 0, 0, 0)


def new_document(notice: str):
    """A Word document with fixed properties and the data notice as its first paragraph."""
    doc = Document()
    doc.core_properties.author = "hubmap"
    doc.core_properties.comments = (  # Word caps this property at 255 characters; the full notice is below
        "ILLUSTRATIVE DATA: invented numbers, not findings." if marks_illustrative(notice) else ""
    )
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.core_properties.revision = 1
    doc.add_paragraph(notice)
    return doc


def parts(df: pd.DataFrame, table: Table) -> list[tuple[str, pd.DataFrame, Table]]:
    """(heading, rows, table) for each part a page shows: one part, Hub columns in groups, or a summary."""
    df = visible(df, table)
    if n_hubs(df, table) > SUMMARY_ABOVE:
        shown, summarised = summary(df, table)
        return [(summarised.caption, shown, summarised)]
    hubs = hub_columns(df, table) if table.layout.across else []
    if len(hubs) <= ACROSS_IN_WORD:
        return [(table.caption, df, table)]
    labels = [c for c in df.columns if c in table.columns]
    totals = [c for c in df.columns if c in table.totals]
    units = table.words.get("Units", "")
    groups = [hubs[i : i + ACROSS_IN_WORD] for i in range(0, len(hubs), ACROSS_IN_WORD)]
    out = []
    for k, group in enumerate(groups):
        first, last = k * ACROSS_IN_WORD + 1, k * ACROSS_IN_WORD + len(group)
        heading = (
            f"{table.caption} ({units} {first}–{last} of {len(hubs)})"
            if k == 0
            else f"Table {table.number} (continued). {units} {first}–{last} of {len(hubs)}"
        )
        out.append((heading, df[labels + group + (totals if k == len(groups) - 1 else [])], table))
    return out


def add_table(doc, heading: str, df: pd.DataFrame, table: Table, source: str | None = None, rounds: str = "") -> None:
    """One table: its heading, the grid in 8-pt text, and its note."""
    doc.add_heading(heading, level=2)
    text = formatted(df, table)
    numeric = {df.columns.get_loc(c) for c in numeric_columns(df, table)}
    bold_columns = {i for i, c in enumerate(df.columns) if str(c) in table.totals}
    grid = doc.add_table(rows=0, cols=len(text.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    rows = [_row_xml(list(text.columns), numeric, set(range(len(text.columns))), header=True)]
    rows += [
        _row_xml(
            list(text.iloc[r]), numeric, set(range(len(text.columns))) if is_total(df.iloc[r], table) else bold_columns
        )
        for r in range(len(text))
    ]
    for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"):
        grid._tbl.append(tr)
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(note(table, text, source) + (f" {rounds}" if rounds else ""))
    run.font.size, run.italic = Pt(TABLE_FONT_PT), True


# Speed: rows are written as WordprocessingML in one piece, not cell by cell through python-docx's
# objects, whose cell lookup is quadratic (measured gain: CHANGELOG.md). The rest is python-docx's own.
def _row_xml(values: list[str], numeric: set[int], bold: set[int], header: bool = False) -> str:
    """One table row: 8-pt text, numbers aligned right, `bold` columns in bold; a header row is
    shaded and repeats at the top of every page the table runs onto."""
    cells = []
    for i, value in enumerate(values):
        shade = f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_SHADE}"/></w:tcPr>' if header else ""
        align = '<w:pPr><w:jc w:val="right"/></w:pPr>' if i in numeric else ""
        weight = "<w:b/>" if i in bold else ""
        cells.append(
            f'<w:tc>{shade}<w:p>{align}<w:r><w:rPr>{weight}<w:sz w:val="{2 * TABLE_FONT_PT}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(value)}</w:t></w:r></w:p></w:tc>'
        )
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{''.join(cells)}</w:tr>"


def tables_docx(tables: list[tuple[pd.DataFrame, Table]], notice: str, path: Path, rounds: str = "") -> Path:
    """The given tables, each numbered and titled as in the notebooks, in one Word file.

    `rounds`: which mapping round each Hub contributes, said under every table (nothing if each was mapped once).
    """
    doc = new_document(notice)
    for df, table in tables:
        for heading, rows, shown in parts(df, table):
            add_table(doc, heading, rows, shown, rounds=rounds)
    return write_atomic(Path(path), lambda p: save_deterministic(doc, p))


def save_deterministic(doc, path: Path) -> None:
    """Save `doc`; python-docx stamps zip entries with the current time, so rewrite them with a fixed one."""
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
