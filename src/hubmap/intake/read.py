"""Reading the inputs: completed mapping workbooks into cells that remember where they were,
and the job-title lookup.

Nothing is interpreted here beyond finding the cells: every value keeps its Excel row and
column header so that the cleaning stage can say exactly where a problem is. Workbooks are
opened read-only in spirit: openpyxl reads, nothing ever saves.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from ..shared.notice import ILLUSTRATIVE_MARK
from ..shared.problems import MappingInputError, Problem, display_path
from ..template.study import DEFAULT, SERVICE_COLUMNS, STUDY_PROPERTY, VERSION_PROPERTY, WORKBOOK_SUFFIX, Study
from .parse import label_key
from .schemas import log_entry
from .titles import key, plain

EXCEL_ERRORS = ("#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
OTHER_SPREADSHEETS = {
    ".xls": "old Excel 97-2003 (.xls)",
    ".ods": "OpenDocument (.ods)",
    ".csv": "CSV",
    ".xlsm": "macro-enabled (.xlsm)",
    ".numbers": "Apple Numbers",
}
_NOTE_LINE = re.compile(r"^\s*(notes?|nb|comment)\b\s*[:\-]", re.IGNORECASE)


@dataclass
class Cell:
    value: object
    row: int
    column: str  # header as written in the workbook (for messages)


@dataclass
class RawWorkbook:
    path: Path
    name: str  # file name as shown in messages
    service: dict[str, Cell] = field(default_factory=dict)  # field key -> cell
    staffing: list[dict[str, Cell]] = field(default_factory=list)
    interventions: list[dict[str, Cell]] = field(default_factory=list)
    log: list[dict] = field(default_factory=list)  # loading-level cleaning-log entries
    illustrative: bool = False  # workbook properties mark the shipped example data


def find_workbooks(raw_dir: Path, study: Study) -> tuple[list[Path], list[Problem]]:
    """Workbooks to read, and problems with files that look like mapping data but cannot be."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return [], [
            Problem(
                display_path(raw_dir),
                "raw data folder not found",
                expected="a folder of completed mapping workbooks (.xlsx)",
            )
        ]
    books, problems = [], []
    for path in sorted(raw_dir.iterdir()):
        if path.name.startswith(("~$", ".")) or not path.is_file():
            continue  # Excel lock files and hidden files are not data
        suffix = path.suffix.lower()
        if suffix == WORKBOOK_SUFFIX:
            books.append(path)
        elif suffix in OTHER_SPREADSHEETS:
            problems.append(
                Problem(
                    display_path(path),
                    f"{OTHER_SPREADSHEETS[suffix]} files are not read",
                    expected="an .xlsx workbook made from the template (open it in Excel and "
                    "'Save As' Excel Workbook .xlsx)",
                )
            )
    if not books and not problems:
        problems.append(
            Problem(
                display_path(raw_dir),
                "no mapping workbooks found",
                expected=f"one .xlsx workbook per {study.unit}, made with `make template`",
            )
        )
    return books, problems


def read_workbook(path: Path, study: Study) -> tuple[RawWorkbook | None, list[Problem]]:
    name = display_path(path)
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        return None, [
            Problem(
                name,
                "cannot be opened as an Excel workbook",
                found=type(exc).__name__,
                expected="an .xlsx workbook saved by Excel or LibreOffice from the template",
            )
        ]
    book = RawWorkbook(path=path, name=name, illustrative=ILLUSTRATIVE_MARK in (wb.properties.subject or "").lower())
    mark = {p.name: p.value for p in wb.custom_doc_props}
    made_for = (mark.get(STUDY_PROPERTY, Path(DEFAULT).name), mark.get(VERSION_PROPERTY))
    if made_for[0] != study.name or (made_for[1] is not None and made_for[1] != study.version):
        wb.close()
        whose = f"study '{made_for[0]}'" + (f", version {made_for[1]}" if made_for[1] is not None else "")
        return None, [
            Problem(
                name,
                f"filled in the template of {whose}",
                found=f"{made_for[0]} version {made_for[1] if made_for[1] is not None else 'unmarked'}",
                expected=f"a workbook made from the template of study '{study.name}', version {study.version} "
                f"(`make template STUDY={display_path(study.source.parent)}`)",
            )
        ]
    problems: list[Problem] = []
    sheets = {label_key(ws.title): ws for ws in wb.worksheets}
    for sheet in study.sheets.values():
        sheet_name, fields = sheet.name, sheet.fields
        ws = sheets.get(label_key(sheet_name))
        if ws is None:
            problems.append(
                Problem(
                    name,
                    f"sheet '{sheet_name}' is missing",
                    found=wb.sheetnames,
                    expected=f"the sheets {[s.name for s in study.sheets.values()]} as in the template",
                )
            )
            continue
        grid = _grid(ws, book, sheet_name)
        if sheet.role == "service_model":
            book.service = _read_field_value_sheet(grid, fields, book, sheet_name, problems)
        else:
            rows = _read_table_sheet(grid, fields, book, sheet_name, problems, needs_rows=sheet.role == "staffing")
            setattr(book, sheet.role, rows)
    wb.close()
    return book, problems


def _grid(ws, book: RawWorkbook, sheet: str) -> list[list[object]]:
    """Cell values, with merged ranges filled from their top-left cell (and logged)."""
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != (merged.min_row, merged.min_col) and r <= len(grid):
                    grid[r - 1][c - 1] = top
        book.log.append(
            _log(
                book,
                sheet,
                merged.min_row,
                str(merged),
                None,
                top,
                "merged cells: value copied into every cell of the range",
            )
        )
    return grid


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.replace("\u00a0", " ").strip())


def _log(book, sheet, row, column, original, cleaned, rule) -> dict:
    return log_entry(book.path.name, sheet, row, column, original, cleaned, rule)


def _formula_error(book, sheet, row, column, value) -> Problem | None:
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return Problem(
            book.name,
            "cell holds a formula error",
            sheet,
            row,
            column,
            value,
            "a typed value (replace the formula, or fix what it refers to)",
        )
    return None


def _read_field_value_sheet(grid, fields, book, sheet, problems) -> dict[str, Cell]:
    by_label = {label_key(f.label): f for f in fields}
    out: dict[str, Cell] = {}
    value_header = SERVICE_COLUMNS[1]
    for r, row in enumerate(grid, start=1):
        label = row[0] if row else None
        value = row[1] if len(row) > 1 else None
        if _blank(label) or label_key(label) == label_key(SERVICE_COLUMNS[0]):
            continue
        f = by_label.get(label_key(label))
        if f is None:
            if not _blank(value):
                book.log.append(_log(book, sheet, r, value_header, value, None, f"unknown field '{label}' ignored"))
            continue
        if f.key in out:
            problems.append(
                Problem(
                    book.name,
                    f"field '{f.label}' appears twice (also row {out[f.key].row})",
                    sheet,
                    r,
                    value_header,
                    expected="each field once",
                )
            )
            continue
        if err := _formula_error(book, sheet, r, value_header, value):
            problems.append(err)
            continue
        out[f.key] = Cell(None if _blank(value) else value, r, value_header)
    for f in fields:
        if f.required and f.key not in out:
            problems.append(
                Problem(
                    book.name,
                    f"required field '{f.label}' is missing",
                    sheet,
                    expected=f"a row labelled '{f.label}' in column '{SERVICE_COLUMNS[0]}'",
                )
            )
    return out


def _read_table_sheet(grid, fields, book, sheet, problems, needs_rows: bool) -> list[dict[str, Cell]]:
    header_at = next((i for i, row in enumerate(grid) if any(not _blank(v) for v in row)), None)
    if header_at is None:
        problems.append(
            Problem(book.name, "sheet is empty", sheet, expected="a header row: " + ", ".join(f.label for f in fields))
        )
        return []
    header = grid[header_at]
    by_label = {label_key(f.label): f for f in fields}
    columns: dict[int, tuple[str, str]] = {}  # position -> (field key, header as written)
    for c, h in enumerate(header):
        if _blank(h):
            continue
        f = by_label.get(label_key(h))
        if f is None:
            book.log.append(_log(book, sheet, header_at + 1, str(h).strip(), None, None, "unknown column ignored"))
        elif f.key in {k for k, _ in columns.values()}:
            problems.append(
                Problem(
                    book.name, "column appears twice", sheet, header_at + 1, str(h).strip(), expected="each column once"
                )
            )
        else:
            columns[c] = (f.key, str(h).replace("\u00a0", " ").strip())
    present = {k for k, _ in columns.values()}
    for f in fields:
        if f.required and f.key not in present:
            problems.append(
                Problem(
                    book.name,
                    f"required column '{f.label}' is missing",
                    sheet,
                    header_at + 1,
                    expected="the template's header row: " + ", ".join(x.label for x in fields),
                )
            )
    rows = []
    for r in range(header_at + 1, len(grid)):
        excel_row = r + 1
        values = grid[r]
        cells = {
            key: Cell(values[c] if c < len(values) else None, excel_row, head) for c, (key, head) in columns.items()
        }
        filled = [c for c in cells.values() if not _blank(c.value)]
        if not filled:
            if any(not _blank(v) for v in values):
                book.log.append(
                    _log(book, sheet, excel_row, None, None, None, "row with values only in unknown columns skipped")
                )
            continue  # blank rows between entries are normal
        if len(filled) == 1 and isinstance(filled[0].value, str) and _NOTE_LINE.match(filled[0].value):
            book.log.append(_log(book, sheet, excel_row, filled[0].column, filled[0].value, None, "notes line skipped"))
            continue
        bad = [_formula_error(book, sheet, excel_row, c.column, c.value) for c in filled]
        if any(bad):
            problems.extend(p for p in bad if p)
            continue
        rows.append({k: c for k, c in cells.items() if not _blank(c.value)})
    if not rows and needs_rows:
        problems.append(
            Problem(
                book.name, "no staff rows", sheet, expected="at least one post (vacant posts count) below the header"
            )
        )
    return rows


def read_title_lookup(path: Path, groups: tuple[str, ...]) -> dict[str, str]:
    """The maintained job-title -> professional-group table, keyed by normalised title."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise MappingInputError(
            [
                Problem(
                    display_path(path),
                    "the title lookup cannot be read",
                    found=type(exc).__name__,
                    expected="a CSV file with the columns job_title,professional_group,source",
                )
            ]
        ) from None
    missing = [c for c in ("job_title", "professional_group") if c not in table.columns]
    if missing:
        raise MappingInputError(
            [
                Problem(
                    display_path(path),
                    f"the title lookup has no column {', '.join(missing)}",
                    row=1,
                    found=list(table.columns),
                    expected="the header job_title,professional_group,source",
                )
            ]
        )
    problems, lookup = [], {}
    for i, row in table.iterrows():
        group = row.get("professional_group", "").strip()
        if group not in groups:
            problems.append(
                Problem(
                    display_path(path),
                    "unknown professional group",
                    row=i + 2,
                    column="professional_group",
                    found=group,
                    expected="one of: " + ", ".join(groups),
                )
            )
            continue
        title_key = plain(key(row["job_title"]))
        if lookup.get(title_key, group) != group:
            problems.append(
                Problem(
                    display_path(path),
                    f"the title is also listed as {lookup[title_key]}",
                    row=i + 2,
                    column="job_title",
                    found=row["job_title"],
                    expected="each title once, with one professional group",
                )
            )
            continue
        lookup[title_key] = group
    if problems:
        raise MappingInputError(problems)
    return lookup
