"""The blank template: what a site researcher opens, and its agreement with the spec."""

from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from hubmap.intake.clean import clean_and_validate
from hubmap.shared.problems import MappingInputError
from hubmap.template import spec
from hubmap.template.workbook import blank_workbook, save_workbook


@pytest.fixture
def template(tmp_path) -> Path:
    return save_workbook(blank_workbook(), tmp_path / "template.xlsx")


def test_template_has_instructions_and_the_three_data_sheets(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames[:4] == ["Instructions", "Service model", "Staffing", "Interventions"]
    assert wb["Lists"].sheet_state == "hidden"
    assert [c.value for c in wb["Staffing"][1]] == [f.label for f in spec.STAFFING_FIELDS]


def test_every_controlled_field_has_a_drop_down(template):
    wb = openpyxl.load_workbook(template)
    for sheet, fields in spec.DATA_SHEETS.items():
        ws = wb[sheet]
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        covered = " ".join(str(dv.sqref) for dv in lists)
        for i, f in enumerate(fields):
            if f.kind in ("choice", "yesno", "band"):
                cell = f"B{i + 2}" if sheet == spec.SERVICE_MODEL_SHEET else f"{chr(65 + i)}2:"
                assert cell in covered, (sheet, f.label)


def test_a_blank_template_is_refused_with_the_required_fields_named(template):
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(template.parent, ROOT / "data/lookups/job_titles.csv")
    text = str(info.value)
    assert "required value 'Hub identifier' is blank" in text and "no staff rows" in text


def test_the_written_specification_covers_every_field_and_value():
    doc = (ROOT / "docs" / "template.md").read_text()
    for fields in spec.DATA_SHEETS.values():
        for f in fields:
            assert f"| {f.label} |" in doc, f.label
    for value in spec.PROFESSIONAL_GROUP_NAMES + spec.INTERVENTION_CATEGORIES:
        assert value in doc, value
