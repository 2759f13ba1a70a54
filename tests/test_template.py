"""The blank template: what a site researcher opens, and its agreement with the study's definition."""

from pathlib import Path

import openpyxl
import pytest

from conftest import LOOKUP, ROOT, SECOND, STUDY, write_hub
from hubmap.intake.clean import clean_and_validate
from hubmap.shared.problems import MappingInputError
from hubmap.template.study import INSTRUCTIONS_SHEET
from hubmap.template.workbook import blank_workbook, save_workbook


@pytest.fixture(params=[STUDY, SECOND], ids=lambda s: s.name)
def study(request):
    return request.param


@pytest.fixture
def template(tmp_path, study) -> Path:
    return save_workbook(blank_workbook(study), tmp_path / "template.xlsx")


def test_template_has_instructions_and_the_three_data_sheets(template, study):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames[:4] == [INSTRUCTIONS_SHEET, *(s.name for s in study.sheets.values())]
    assert wb["Lists"].sheet_state == "hidden"
    staffing = study.sheet("staffing")
    assert [c.value for c in wb[staffing.name][1]] == [f.label for f in staffing.fields]
    if study is STUDY:  # the Hubs' workbook, as site researchers have always had it
        assert wb.sheetnames[:4] == ["Instructions", "Service model", "Staffing", "Interventions"]
    else:  # another study: its own sheets, and no band column where it records no bands
        assert [s.name for s in study.sheets.values()] == ["Service", "Workforce", "Therapies"]
        assert "AfC band" not in [c.value for c in wb[staffing.name][1]]


def test_every_controlled_field_has_a_drop_down(template, study):
    wb = openpyxl.load_workbook(template)
    for sheet in study.sheets.values():
        ws = wb[sheet.name]
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        covered = " ".join(str(dv.sqref) for dv in lists)
        for i, f in enumerate(sheet.fields):
            if f.kind in ("choice", "yesno", "band"):
                cell = f"B{i + 2}" if sheet.role == "service_model" else f"{chr(65 + i)}2:"
                assert cell in covered, (sheet.name, f.label)


def test_a_blank_template_is_refused_with_the_required_fields_named(template, study):
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(template.parent, study.paths["title_lookup"], study)
    text = str(info.value)
    identifier = study.sheet("service_model").field("hub_id").label
    assert f"required value '{identifier}' is blank" in text and "no staff rows" in text


def test_a_workbook_filled_in_for_another_study_is_refused_with_its_file_named(tmp_path):
    write_hub(tmp_path, "hub_a.xlsx")  # the Hubs' template, filled in
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(tmp_path, SECOND.paths["title_lookup"], SECOND)
    assert "hub_a.xlsx: filled in the template of study 'resilience_hubs'" in str(info.value)
    assert clean_and_validate(tmp_path, LOOKUP, STUDY)["service_model"]["hub_id"].tolist() == ["Hub A"]


def test_the_written_specification_covers_every_field_and_value():
    doc = (ROOT / "docs" / "template.md").read_text()
    for sheet in STUDY.sheets.values():
        for f in sheet.fields:
            assert f"| {f.label} |" in doc, f.label
    for value in STUDY.group_names + STUDY.categories:
        assert value in doc, value
