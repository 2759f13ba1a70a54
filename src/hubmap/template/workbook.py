"""The blank mapping workbook a site researcher fills in, one per Hub.

Built from `spec.py`, so its sheets, headers and drop-down lists always match what
the cleaning stage accepts. Drop-downs read from a hidden 'Lists' sheet, which has
no 255-character limit and keeps the lists visible to anyone who unhides it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..shared.files import write_atomic
from . import spec

LISTS_SHEET = "Lists"
TABLE_ROWS = 200  # rows of drop-downs below each table header
FIXED_TIMESTAMP = dt.datetime(2020, 10, 1)  # workbook metadata carries no run time
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")

INSTRUCTIONS = [
    "Resilience Hub service-mapping template",
    "",
    "One workbook per Hub. Fill in the three sheets 'Service model', 'Staffing' and 'Interventions'.",
    "Cells with drop-down lists accept only the listed values (capitalisation does not matter).",
    "Orange-shaded fields and columns are required. Leave a cell blank if the information is not known:",
    "blank is recorded as 'not recorded', which the analysis keeps apart from 'No'.",
    "Staffing: give WTE (whole-time equivalent) or hours per week; hours are converted as "
    f"hours / {spec.FULL_TIME_HOURS:g}.",
    "Staffing: one row per post or group of identical posts; vacant posts have headcount 0 and their funded WTE.",
    "Staffing: leave 'Professional group' blank to derive it from the job title (data/lookups/job_titles.csv).",
    "Interventions: one row per intervention. If the Hub both delivers it and refers out for it, choose 'Both'.",
    "Do not rename sheets or column headers. Extra columns are ignored (and logged).",
    "The full specification, and what each error message means, is in docs/template.md.",
    "",
    "Fields and columns:",
]


def blank_workbook() -> Workbook:
    wb = Workbook()
    _instructions(wb.active)
    lists = _lists_sheet(wb)
    _service_sheet(wb.create_sheet(spec.SERVICE_MODEL_SHEET), lists)
    for sheet, fields in (
        (spec.STAFFING_SHEET, spec.STAFFING_FIELDS),
        (spec.INTERVENTIONS_SHEET, spec.INTERVENTION_FIELDS),
    ):
        _table_sheet(wb.create_sheet(sheet), fields, lists)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    wb.properties.creator = "hubmap"
    wb.properties.created = wb.properties.modified = FIXED_TIMESTAMP
    return wb


def _instructions(ws) -> None:
    ws.title = spec.INSTRUCTIONS_SHEET
    lines = list(INSTRUCTIONS)
    for sheet, fields in spec.DATA_SHEETS.items():
        for f in fields:
            need = "required" if f.required else "optional"
            lines.append(f"  {sheet} / {f.label} ({need}): {f.expected()}. {f.help}".rstrip())
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 140


def _lists_sheet(wb: Workbook) -> dict[str, str]:
    """Write every controlled list into a hidden sheet; return list name -> range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    standard = tuple(n for names in spec.STANDARD_INTERVENTIONS.values() for n in names)
    named = {"yesno": spec.YES_NO, "band": spec.BAND_ORDER, "intervention": standard}
    for fields in spec.DATA_SHEETS.values():
        for f in fields:
            if f.kind == "choice":
                named.setdefault(f.key, f.choices)
    ranges = {}
    for col, (name, values) in enumerate(sorted(named.items()), start=1):
        ws.cell(1, col, name)
        for row, value in enumerate(values, start=2):
            ws.cell(row, col, value)
        letter = get_column_letter(col)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _validation(ranges, f: spec.Field) -> DataValidation | None:
    if f.kind in ("choice", "yesno", "band"):
        key = {"yesno": "yesno", "band": "band"}.get(f.kind, f.key)
        dv = DataValidation(type="list", formula1=ranges[key], allow_blank=True)
        dv.error, dv.errorTitle = f"Expected {f.expected()}", f.label
    elif f.key == "intervention":  # suggest standard names, accept any
        dv = DataValidation(type="list", formula1=ranges["intervention"], allow_blank=True, showErrorMessage=False)
    elif f.kind in ("number", "integer"):
        dv = DataValidation(
            type="decimal" if f.kind == "number" else "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
        )
        dv.error, dv.errorTitle = f"Expected {f.expected()}", f.label
    elif f.kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)  # after 2000
        dv.error, dv.errorTitle = f"Expected {f.expected()}", f.label
    else:
        return None
    if f.key != "intervention":
        dv.showErrorMessage = True
    return dv


def _header(ws, labels) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(1, col, label)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    ws.freeze_panes = "A2"


def _service_sheet(ws, ranges) -> None:
    _header(ws, spec.SERVICE_COLUMNS)
    for row, f in enumerate(spec.SERVICE_FIELDS, start=2):
        ws.cell(row, 1, f.label).fill = _REQUIRED_FILL if f.required else PatternFill()
        guidance = f"{'Required. ' if f.required else ''}{f.expected()}. {f.help}".strip()
        ws.cell(row, 3, guidance).alignment = Alignment(wrap_text=False)
        if dv := _validation(ranges, f):
            ws.add_data_validation(dv)
            dv.add(f"B{row}")
        if f.kind == "date":
            ws.cell(row, 2).number_format = "DD/MM/YYYY"
    ws.column_dimensions["A"].width = 55
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 90


def _table_sheet(ws, fields, ranges) -> None:
    _header(ws, [f.label for f in fields])
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        if f.required:
            ws.cell(1, col).fill = _REQUIRED_FILL
        if dv := _validation(ranges, f):
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{TABLE_ROWS + 1}")
        ws.column_dimensions[letter].width = 45 if f.key in ("job_title", "intervention", "notes") else 22


def fill_workbook(
    wb: Workbook,
    service: dict[str, object],
    staffing: list[dict],
    interventions: list[dict],
    extra_rows: dict[str, list[list]] | None = None,
) -> Workbook:
    """Write values as a researcher would: service fields by label, table rows by column label.

    `service` maps field key -> value; table rows map field key -> value. Used by the
    example-data builder, the benchmark generator and the tests.
    """
    ws = wb[spec.SERVICE_MODEL_SHEET]
    rows = {f.key: i for i, f in enumerate(spec.SERVICE_FIELDS, start=2)}
    for key, value in service.items():
        ws.cell(rows[key], 2, value)
    for sheet, fields, records in (
        (spec.STAFFING_SHEET, spec.STAFFING_FIELDS, staffing),
        (spec.INTERVENTIONS_SHEET, spec.INTERVENTION_FIELDS, interventions),
    ):
        ws = wb[sheet]
        col = {f.key: i for i, f in enumerate(fields, start=1)}
        for r, record in enumerate(records, start=2):
            for key, value in record.items():
                ws.cell(r, col[key], value)
    for sheet, rows_ in (extra_rows or {}).items():
        for row in rows_:
            wb[sheet].append(row)
    return wb


def save_workbook(wb: Workbook, path: Path) -> Path:
    return write_atomic(Path(path), lambda p: wb.save(p))
