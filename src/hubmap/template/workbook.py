"""The blank mapping workbook a site researcher fills in, one per unit the study maps.

Built from the study's definition (`template.study`), so its sheets, headers and drop-down lists
always match what the cleaning stage accepts. Drop-downs read from a hidden 'Lists' sheet, which has
no 255-character limit and keeps the lists visible to anyone who unhides it. The workbook records
which study's template it is, and the definition's version, in its custom properties.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..shared.files import write_atomic
from ..shared.notice import illustrative_subject
from .study import INSTRUCTIONS_SHEET, NO, SERVICE_COLUMNS, STUDY_PROPERTY, VERSION_PROPERTY, YES, Field, Study

LISTS_SHEET = "Lists"
TABLE_ROWS = 200  # rows of drop-downs below each table header
FIXED_TIMESTAMP = dt.datetime(2020, 10, 1)  # workbook metadata carries no run time
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def instructions(study: Study) -> list[str]:
    """The Instructions sheet's opening lines, then (in `_instructions`) one line per field."""
    sheets = [sheet.name for sheet in study.sheets.values()]
    named = ", ".join(f"'{n}'" for n in sheets[:-1]) + (f" and '{sheets[-1]}'" if len(sheets) > 1 else f"'{sheets[0]}'")
    lines = [
        f"{study.title}: the mapping template",
        "",
        f"One workbook per {study.unit}. Fill in the sheet{'s' * (len(sheets) > 1)} {named}.",
        "Cells with drop-down lists accept only the listed values (capitalisation does not matter).",
        "Orange-shaded fields and columns are required. Leave a cell blank if the information is not known:",
        "blank is recorded as 'not recorded', which the analysis keeps apart from 'No'.",
    ]
    staffing = study.sheet("staffing")
    if staffing:
        if staffing.field("hours_per_week"):
            lines.append(
                f"{staffing.name}: give WTE (whole-time equivalent) or hours per week; hours are converted as "
                f"hours / {study.full_time_hours:g}."
            )
        lines.append(
            f"{staffing.name}: one row per post or group of identical posts; vacant posts have headcount 0 and their "
            "funded WTE."
        )
        if staffing.field("professional_group"):
            lines.append(
                f"{staffing.name}: leave 'Professional group' blank to derive it from the job title "
                f"({study.paths['title_lookup'].name})."
            )
    interventions = study.sheet("interventions")
    if interventions:
        lines.append(
            f"{interventions.name}: one row per intervention. If the {study.unit} both delivers it and refers out for "
            f"it, choose '{study.both}'."
        )
    return lines + [
        "Do not rename sheets or column headers. Extra columns are ignored (and logged).",
        "What each field and column holds is listed below; docs/template.md explains every rule and message.",
        "",
        "Fields and columns:",
    ]


def blank_workbook(study: Study) -> Workbook:
    wb = Workbook()
    _instructions(wb.active, study)
    lists = _lists_sheet(wb, study)
    for sheet in study.sheets.values():
        if sheet.role == "service_model":
            _service_sheet(wb.create_sheet(sheet.name), sheet.fields, lists)
        else:
            _table_sheet(wb.create_sheet(sheet.name), sheet.fields, lists)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    wb.properties.creator = "hubmap"
    wb.properties.created = wb.properties.modified = FIXED_TIMESTAMP
    wb.custom_doc_props.append(StringProperty(name=STUDY_PROPERTY, value=study.name))
    wb.custom_doc_props.append(IntProperty(name=VERSION_PROPERTY, value=study.version))
    return wb


def mark_illustrative(wb: Workbook, what: str) -> Workbook:
    """Mark a workbook as invented example data, in its properties (it travels with the file)."""
    wb.properties.subject = illustrative_subject(what)
    return wb


def _instructions(ws, study: Study) -> None:
    ws.title = INSTRUCTIONS_SHEET
    lines = instructions(study)
    for sheet in study.sheets.values():
        for f in sheet.fields:
            need = "required" if f.required else "optional"
            lines.append(f"  {sheet.name} / {f.label} ({need}): {f.expected()}. {f.help}".rstrip())
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 140


def _lists_sheet(wb: Workbook, study: Study) -> dict[str, str]:
    """Write every controlled list into a hidden sheet; return list name -> range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    named = {"yesno": (YES, NO)}
    if study.pay_bands:
        named["band"] = study.pay_bands.order
    standard = tuple(n for names in study.standard_interventions.values() for n in names)
    if standard:
        named["intervention"] = standard
    for sheet in study.sheets.values():
        for f in sheet.fields:
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


def _validation(ranges, f: Field) -> DataValidation | None:
    if f.kind in ("choice", "yesno", "band"):
        key = {"yesno": "yesno", "band": "band"}.get(f.kind, f.key)
        dv = DataValidation(type="list", formula1=ranges[key], allow_blank=True)
        dv.error, dv.errorTitle = f"Expected {f.expected()}", f.label
    elif f.key == "intervention" and "intervention" in ranges:  # suggest standard names, accept any
        dv = DataValidation(type="list", formula1=ranges["intervention"], allow_blank=True, showErrorMessage=False)
    elif f.kind in ("number", "integer"):
        dv = DataValidation(
            type="decimal" if f.kind == "number" else "whole",
            operator="greaterThanOrEqual" if f.maximum is None else "between",
            formula1=f"{f.minimum or 0:g}",
            formula2=None if f.maximum is None else f"{f.maximum:g}",
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


def _service_sheet(ws, fields, ranges) -> None:
    _header(ws, SERVICE_COLUMNS)
    for row, f in enumerate(fields, start=2):
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
    study: Study,
    service: dict[str, object],
    staffing: list[dict] = (),
    interventions: list[dict] = (),
    extra_rows: dict[str, list[list]] | None = None,
) -> Workbook:
    """Write values as a researcher would: service fields by label, table rows by column label.

    `service` maps field key -> value; table rows map field key -> value. Used by the
    example-data builders, the benchmark generator and the tests.
    """
    sheet = study.sheet("service_model")
    ws = wb[sheet.name]
    rows = {f.key: i for i, f in enumerate(sheet.fields, start=2)}
    for key, value in service.items():
        ws.cell(rows[key], 2, value)
    for role, records in (("staffing", staffing), ("interventions", interventions)):
        if not records:
            continue
        ws = wb[study.sheet(role).name]
        col = {f.key: i for i, f in enumerate(study.fields(role), start=1)}
        for r, record in enumerate(records, start=2):
            for key, value in record.items():
                ws.cell(r, col[key], value)
    for sheet, rows_ in (extra_rows or {}).items():
        for row in rows_:
            wb[sheet].append(row)
    return wb


def save_workbook(wb: Workbook, path: Path) -> Path:
    return write_atomic(Path(path), lambda p: wb.save(p))
