"""The manuscript's tables in one Word document a co-author can edit with tracked changes.

Health-services journals (BMC included) take Word manuscripts. The file's bytes depend
only on its content: fixed document dates and fixed times inside the zip.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pandas as pd
from docx import Document
from docx.shared import Pt

from ..shared.files import write_atomic

TABLE_FONT_PT = 8
FIXED_TIME = dt.datetime(2020, 10, 1)
FIXED_ZIP_TIME = (2020, 10, 1, 0, 0, 0)


def manuscript_docx(sections: list[tuple[str, pd.DataFrame]], notice: str, path: Path) -> Path:
    """Each (title, table) as 'Table n. title' and a grid table in 8-pt text, after the data notice."""
    doc = Document()
    doc.core_properties.author = "hubmap"
    doc.core_properties.comments = (  # Word caps this property at 255 characters; the full notice is below
        "ILLUSTRATIVE DATA: invented numbers, not findings." if "ILLUSTRATIVE" in notice else "")
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.core_properties.revision = 1
    doc.add_paragraph(notice)
    for i, (title, df) in enumerate(sections, start=1):
        doc.add_heading(f"Table {i}. {title}", level=2)
        table = doc.add_table(rows=0, cols=len(df.columns))
        table.style = "Table Grid"
        _add_row(table, [str(name) for name in df.columns], bold=True)
        for values in df.astype(str).itertuples(index=False):
            _add_row(table, ["" if v in ("nan", "<NA>") else v for v in values], bold=False)
    return write_atomic(Path(path), lambda p: save_deterministic(doc, p))


def _add_row(table, values: list[str], bold: bool) -> None:
    for cell, value in zip(table.add_row().cells, values):
        run = cell.paragraphs[0].add_run(value)
        run.font.size = Pt(TABLE_FONT_PT)
        if bold:
            run.bold = True


def save_deterministic(doc, path: Path) -> None:
    """Save `doc`; python-docx stamps zip entries with the current time, so rewrite them with a fixed one."""
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
