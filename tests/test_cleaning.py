"""Cleaning real workbooks: what comes out, and what stops the run (and where it says)."""

import pandas as pd
import pytest

from conftest import LOOKUP, STUDY, first_round, tree_digest, write_hub
from hubmap.intake import processed, schemas
from hubmap.intake.clean import clean_and_validate, log_summary
from hubmap.shared import files
from hubmap.shared.problems import MappingInputError


def clean(folder):
    return clean_and_validate(folder, LOOKUP, STUDY)


def error_lines(folder) -> list[str]:
    with pytest.raises(MappingInputError) as info:
        clean(folder)
    return [str(p) for p in info.value.problems]


def test_example_data_cleans_into_four_hubs_and_six_rounds_without_touching_raw(example_dir):
    before = tree_digest(example_dir)
    t = clean(example_dir)
    assert list(t["service_model"]["hub_id"]) == ["Hub A", "Hub A", "Hub B", "Hub C", "Hub C", "Hub D"]
    assert list(first_round(t)["service_model"]["hub_id"]) == ["Hub A", "Hub B", "Hub C", "Hub D"]
    assert tree_digest(example_dir) == before
    assert t["sources"]["illustrative"].all()


def test_hours_become_wte_and_the_log_says_so(example_dir):
    t = clean(example_dir)
    b = t["staffing"].query("hub_id == 'Hub B'").set_index("source_row")
    assert b.loc[3, "wte"] == pytest.approx(0.8) and b.loc[3, "wte_source"] == "hours"  # 30 h
    assert b.loc[4, "wte"] == pytest.approx(0.6)  # 22.5 h
    log = t["cleaning_log"]
    converted = log[(log["hub_id"] == "Hub B") & log["rule"].str.startswith("hours converted")]
    assert set(converted["row"]) == {3, 4, 10}


def test_every_variant_title_lands_in_one_group(example_dir):
    staff = clean(example_dir)["staffing"]
    psych = staff[staff["job_title"].isin(["clin. psych (8a)", "Clinical psychologist"])]
    assert set(psych["professional_group"]) == {"Clinical psychology"}
    assert staff.loc[staff["job_title"] == "clin. psych (8a)", "band"].item() == "8a"


def test_blank_rows_and_notes_lines_are_not_posts(example_dir):
    t = clean(example_dir)
    b = t["staffing"].query("hub_id == 'Hub B'")
    assert len(b) == 8  # nine lines in the sheet, one blank; the notes line is not a post
    assert "notes line skipped" in set(t["cleaning_log"]["rule"])


def test_both_providers_are_combined_not_double_counted(example_dir):
    iv = clean(example_dir)["interventions"]
    emdr_b = iv[(iv["hub_id"] == "Hub B") & (iv["intervention"] == "EMDR")]
    assert list(emdr_b["provider"]) == ["Both"]


def test_blank_feature_is_not_recorded_not_false(example_dir):
    svc = first_round(clean(example_dir))["service_model"].set_index("hub_id")
    assert pd.isna(svc.loc["Hub C", "eligible_primary_care"])
    assert svc.loc["Hub C", "access_team_outreach"] == False  # noqa: E712 (pandas' boolean False, not NA)
    assert not pd.isna(svc.loc["Hub C", "access_team_outreach"])


def test_log_summary_counts_every_entry(example_dir):
    t = clean(example_dir)
    summary = log_summary(t["cleaning_log"], STUDY)
    assert summary["All Hubs"].sum() == len(t["cleaning_log"])


def test_negative_wte_names_the_cell(tmp_path):
    staff = [{"job_title": "Clinical Psychologist", "band": "7", "wte": -0.5, "headcount": 1}]
    write_hub(tmp_path, "bad.xlsx", staffing=staff)
    [line] = error_lines(tmp_path)
    assert "bad.xlsx, sheet 'Staffing', row 2, column 'WTE'" in line and "-0.5" in line and "more than 0" in line


def test_more_wte_than_people_suggests_hours(tmp_path):
    staff = [{"job_title": "Clinical Psychologist", "band": "7", "wte": 30, "headcount": 1}]
    write_hub(tmp_path, "bad.xlsx", staffing=staff)
    [line] = error_lines(tmp_path)
    assert "column 'WTE'" in line and "Hours per week" in line


def test_unknown_title_says_where_to_add_it(tmp_path):
    staff = [{"job_title": "Wellbeing Wizard", "band": "6", "wte": 1, "headcount": 1}]
    write_hub(tmp_path, "hub.xlsx", staffing=staff)
    [line] = error_lines(tmp_path)
    assert "row 2, column 'Job title'" in line and "job_titles.csv" in line and "Wellbeing Wizard" in line


def test_unknown_title_is_accepted_with_an_explicit_group(tmp_path):
    staff = [
        {"job_title": "Wellbeing Wizard", "band": "6", "wte": 1, "headcount": 1, "professional_group": "peer support"}
    ]
    write_hub(tmp_path, "hub.xlsx", staffing=staff)
    assert clean(tmp_path)["staffing"]["professional_group"].item() == "Peer support"


def test_missing_required_column(tmp_path):
    path = write_hub(tmp_path, "hub.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["Staffing"]["C1"] = "Grade"  # the AfC band header renamed
    wb.save(path)
    lines = error_lines(tmp_path)
    assert any("sheet 'Staffing', row 1: required column 'AfC band' is missing" in x for x in lines)


def test_corrupt_workbook(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"this is not a zip file")
    [line] = error_lines(tmp_path)
    assert line == (
        f"{tmp_path / 'broken.xlsx'}: cannot be opened as an Excel workbook; found 'BadZipFile'; expected an .xlsx "
        "workbook saved by Excel or LibreOffice from the template"
    )


def test_two_workbooks_for_one_hub_on_the_same_date_are_refused_with_both_named(tmp_path):
    write_hub(tmp_path, "a.xlsx", hub_id="Hub A")
    write_hub(tmp_path, "b.xlsx", hub_id="hub a")
    [line] = error_lines(tmp_path)
    assert line.startswith(
        f"{tmp_path / 'b.xlsx'}, sheet 'Service model', row 6, column 'Value': Hub A is also mapped on 2021-06-14 in "
        f"{tmp_path / 'a.xlsx'}: two workbooks for one Hub on the same date; found 'Hub A'"
    )


def test_two_workbooks_for_one_hub_on_different_dates_are_two_rounds(tmp_path):
    import datetime as dt

    write_hub(tmp_path, "a.xlsx", hub_id="Hub A")
    write_hub(
        tmp_path,
        "a_again.xlsx",
        hub_id="Hub A",
        service={"mapping_date": dt.datetime(2022, 6, 15), "checked_date": None},
    )
    t = clean(tmp_path)
    assert list(t["service_model"]["mapping_date"]) == ["2021-06-14", "2022-06-15"]
    assert set(t["staffing"]["mapping_date"]) == set(t["interventions"]["mapping_date"]) == {"2021-06-14", "2022-06-15"}
    assert list(t["sources"]["file"]) == ["a.xlsx", "a_again.xlsx"]
    assert set(t["cleaning_log"]["mapping_date"]) == {"2021-06-14", "2022-06-15"}


def test_all_problems_are_reported_together(tmp_path):
    staff = [
        {"job_title": "Clinical Psychologist", "band": "12", "wte": 1, "headcount": 1},
        {"job_title": "Clinical Psychologist", "band": "7", "hours_per_week": 80, "headcount": 1},
    ]
    write_hub(tmp_path, "hub.xlsx", staffing=staff)
    lines = error_lines(tmp_path)
    assert [("row 2" in x, "row 3" in x) for x in lines] == [(True, False), (False, True)]


def test_processed_tables_round_trip(example_dir, tmp_path):
    t = clean(example_dir)
    processed.write_processed(tmp_path, t, STUDY)
    back = processed.read_processed(tmp_path, STUDY)
    for name in schemas.PROCESSED:
        pd.testing.assert_frame_equal(back[name], t[name], check_dtype=False)


def test_schema_rejects_what_cleaning_should_never_produce(example_dir):
    t = clean(example_dir)
    t["staffing"].loc[0, "band"] = "8"
    with pytest.raises(MappingInputError, match="staffing.*band"):
        schemas.validate(t, STUDY)


def test_write_set_is_all_or_nothing(tmp_path, example_dir):
    t = clean(example_dir)
    files.write_csv_set(tmp_path, {"service_model": t["service_model"]})
    before = tree_digest(tmp_path)

    class Boom(pd.DataFrame):
        def to_csv(self, *a, **k):
            raise OSError("disk full")

    with pytest.raises(OSError):
        files.write_csv_set(tmp_path, {"service_model": t["service_model"].iloc[:1], "zz": Boom({"a": [1]})})
    assert tree_digest(tmp_path) == before  # nothing replaced, no temp files left


def test_problems_in_many_workbooks_come_back_in_file_order_each_with_its_location(tmp_path):
    for i in range(1, 9):
        write_hub(tmp_path / "good", f"hub_{i}.xlsx", hub_id=f"Hub {i}")
    first, again = clean(tmp_path / "good"), clean(tmp_path / "good")
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])  # same rows, same order
    assert list(first["service_model"]["hub_id"]) == [f"Hub {i}" for i in range(1, 9)]
    write_hub(
        tmp_path / "good",
        "hub_3.xlsx",
        hub_id="Hub 3",
        staffing=[{"job_title": "Clinical Psychologist", "band": "7", "wte": -1, "headcount": 1}],
    )
    (tmp_path / "good" / "hub_6.xlsx").write_bytes(b"not a workbook")
    lines = error_lines(tmp_path / "good")
    assert len(lines) == 2 and "hub_3.xlsx, sheet 'Staffing', row 2, column 'WTE'" in lines[0]
    assert "hub_6.xlsx" in lines[1] and "cannot be opened" in lines[1]


def test_the_run_records_have_schemas_too(example_dir):
    t = clean(example_dir)
    bad = dict(t, sources=t["sources"].assign(sha256="not a checksum"))
    with pytest.raises(MappingInputError, match="sources.*sha256"):
        schemas.validate(bad, STUDY)
    log = t["cleaning_log"].copy()
    log.loc[0, "hub_id"] = "Hub Z"  # a change recorded against a Hub that was not read
    with pytest.raises(MappingInputError, match="cleaning_log.*Hub has no service-model record"):
        schemas.validate(dict(t, cleaning_log=log), STUDY)
