"""A catalogue of what site researchers' workbooks get wrong, and what the pipeline does with each.

Every case is run through the cleaning stage exactly as notebook 01 runs it (clean,
validate, then write the processed set). Each either stops with a message naming the
file, sheet, row and column, or is accepted with the change recorded in the cleaning
log. In every case data/raw/ is untouched, and on error the previous processed tables
are byte-for-byte what they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from conftest import LOOKUP, STUDY, examples, tree_digest, write_hub
from hubmap.analysis import services
from hubmap.intake.clean import clean_and_validate
from hubmap.intake.processed import write_processed
from hubmap.shared.problems import MappingInputError

PSYCH = {"job_title": "Clinical Psychologist", "band": "7", "wte": 1.0, "headcount": 1}
HUB_A_INTERVENTIONS = examples.HUBS["hub_a.xlsx"]["interventions"]


def staff(**changes):
    return [{**PSYCH, **changes}]


def edit(path: Path, sheet: str, cell: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


@dataclass
class Case:
    name: str
    make: callable  # folder -> None: writes the workbook(s)
    error: tuple[str, ...] = ()  # fragments of the one-line message, in order of appearance
    logged: str | None = None  # rule expected in the cleaning log when accepted


def _sheet_removed(folder):
    path = write_hub(folder, "hub.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["Interventions"]
    wb.save(path)


def _column_renamed(folder):
    edit(write_hub(folder, "hub.xlsx"), "Staffing", "D1", "Whole time equiv")


def _extra_column(folder):
    edit(write_hub(folder, "hub.xlsx"), "Staffing", "J1", "Line manager")


def _empty_workbook(folder):
    openpyxl.Workbook().save(folder / "hub.xlsx")


def _blank_rows_only(folder):
    write_hub(folder, "hub.xlsx", staffing=[{}, {}, {}])


def _merged_cells(folder):
    path = write_hub(folder, "hub.xlsx", staffing=staff() + staff(job_title="Clinical Psychologist", band=None))
    wb = openpyxl.load_workbook(path)
    wb["Staffing"].merge_cells("C2:C3")  # one band written across two posts
    wb.save(path)


def _formula_error(folder):
    edit(write_hub(folder, "hub.xlsx", staffing=staff()), "Staffing", "D2", "#REF!")


def _lock_file(folder):
    write_hub(folder, "hub.xlsx")
    (folder / "~$hub.xlsx").write_bytes(b"\x00lock")


def _two_hubs_same_id(folder):
    write_hub(folder, "north.xlsx", hub_id="Hub A")
    write_hub(folder, "south.xlsx", hub_id="HUB-A")


def _dates(folder):
    path = write_hub(folder, "hub.xlsx", service={"launch_date": "11/01/2021"})
    wb = openpyxl.load_workbook(path)
    cell = wb["Service model"]["B6"]  # mapping date, pasted as a number into a General-format cell
    cell.value, cell.number_format = 44361, "General"
    wb.save(path)


CASES = [
    Case("missing sheet", _sheet_removed, ("hub.xlsx", "sheet 'Interventions' is missing")),
    Case(
        "renamed required column",
        _column_renamed,
        ("hub.xlsx", "sheet 'Staffing', row 1", "neither WTE nor hours per week given"),
    ),
    Case("extra unknown column", _extra_column, logged="unknown column ignored"),
    Case("empty workbook", _empty_workbook, ("hub.xlsx", "sheet 'Service model' is missing")),
    Case("blank rows only", _blank_rows_only, ("hub.xlsx", "sheet 'Staffing'", "no staff rows")),
    Case(
        "corrupt file with an .xlsx name",
        lambda f: (f / "hub.xlsx").write_bytes(b"not a workbook"),
        ("hub.xlsx", "cannot be opened as an Excel workbook"),
    ),
    Case(
        "old .xls",
        lambda f: (f / "hub.xls").write_bytes(b"\xd0\xcf\x11\xe0"),
        ("hub.xls", "old Excel 97-2003 (.xls) files are not read", "Save As"),
    ),
    Case(
        "non-UTF-8 CSV instead of a workbook",
        lambda f: (f / "hub.csv").write_bytes("Hub,caf\xe9\n".encode("latin-1")),
        ("hub.csv", "CSV files are not read", ".xlsx"),
    ),
    Case("Excel lock file beside the workbook", _lock_file, logged=None),
    Case(
        "two workbooks claim the same Hub on the same date",
        _two_hubs_same_id,
        (
            "south.xlsx",
            "sheet 'Service model', row 6, column 'Value'",
            "Hub A is also mapped on 2021-06-14 in",
            "north.xlsx",
            "two workbooks for one Hub on the same date",
        ),
    ),
    Case(
        "Hub with no interventions listed",
        lambda f: write_hub(f, "hub.xlsx", interventions=[]),
        logged="no interventions recorded",
    ),
    Case(
        "unknown band",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(band="Band 10")),
        ("sheet 'Staffing', row 2, column 'AfC band'", "'Band 10'", "Agenda for Change band"),
    ),
    Case(
        "band 8 without a sub-band",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(band="8")),
        ("row 2, column 'AfC band'", "8a, 8b, 8c or 8d"),
    ),
    Case(
        "unknown category",
        lambda f: write_hub(
            f,
            "hub.xlsx",
            interventions=[{"intervention": "Yoga", "category": "Wellness", "level": "Team", "provider": "In-house"}],
        ),
        ("sheet 'Interventions', row 2, column 'Category'", "'Wellness'", "one of: Outreach"),
    ),
    Case(
        "negative WTE",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(wte=-0.5)),
        ("row 2, column 'WTE'", "-0.5", "more than 0"),
    ),
    Case(
        "zero WTE",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(wte=0)),
        ("row 2, column 'WTE'", "WTE out of range", "more than 0"),
    ),
    Case(
        "non-numeric WTE",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(wte="full time")),
        ("row 2, column 'WTE'", "'full time'", "a number"),
    ),
    Case(
        "more WTE than headcount",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(wte=2.0)),
        ("row 2, column 'WTE'", "more WTE than people (headcount 1)"),
    ),
    Case(
        "hours above a full week",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(wte=None, hours_per_week=45)),
        ("row 2, column 'Hours per week'", "45", "at most 37.5"),
    ),
    Case(
        "WTE and hours disagree",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(wte=1.0, hours_per_week=30)),
        ("row 2, column 'WTE'", "disagrees with hours per week"),
    ),
    Case(
        "duplicated staff row",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff() + staff()),
        logged="identical to row 2: kept as a separate post",
    ),
    Case(
        "duplicated intervention row",
        lambda f: write_hub(
            f,
            "hub.xlsx",
            interventions=[
                {
                    "intervention": "EMDR",
                    "category": "Individual psychological therapy",
                    "level": "Individual",
                    "provider": "In-house",
                }
            ]
            * 2,
        ),
        logged="duplicate of row 2: dropped",
    ),
    Case("formula error #REF!", _formula_error, ("row 2, column 'WTE'", "formula error", "'#REF!'")),
    Case("merged cells", _merged_cells, logged="merged cells"),
    Case(
        "leading, trailing and non-breaking spaces",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="\u00a0 Clinical  Psychologist ")),
        logged="whitespace normalised",
    ),
    Case(
        "different capitalisation",
        lambda f: write_hub(
            f,
            "hub.xlsx",
            interventions=[
                {
                    "intervention": "emdr",
                    "category": "INDIVIDUAL PSYCHOLOGICAL THERAPY",
                    "level": "individual",
                    "provider": "IN-HOUSE",
                }
            ],
        ),
        logged="controlled value normalised",
    ),
    Case("dates as text and as an Excel serial", _dates, logged="date from Excel serial number"),
    Case(
        "unknown job title",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Chief Happiness Officer")),
        ("row 2, column 'Job title'", "not in the title lookup", "job_titles.csv"),
    ),
    Case(
        "required value blank",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(band=None)),
        ("sheet 'Staffing', row 2, column 'AfC band'", "required value 'AfC band' is blank"),
    ),
    Case(
        "vacant post with people in it",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(post_status="Vacant", headcount=2)),
        (
            "sheet 'Staffing', row 2, column 'Headcount'",
            "a vacant post with people in it",
            "found 2",
            "expected a headcount of 0 for a vacant post",
        ),
    ),
    Case(
        "job title with an employment note and a band",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Senior Clinical Psychologist (locum) Band 7")),
        logged="job title read by rule: employment note set aside: (locum)",
    ),
    Case(
        "job title nobody could place",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Clinical Lead")),
        ("sheet 'Staffing', row 2, column 'Job title'", "job title not in the title lookup", "found 'Clinical Lead'"),
    ),
    Case(
        "mapping date before launch",
        lambda f: write_hub(
            f, "hub.xlsx", service={"launch_date": dt.datetime(2021, 6, 1), "mapping_date": dt.datetime(2021, 1, 1)}
        ),
        ("sheet 'Service model', row 6, column 'Value'", "mapping date is before the launch date"),
    ),
]


@pytest.fixture
def previous_outputs(tmp_path, example_dir) -> Path:
    """Processed tables from an earlier good run, which a failed run must leave alone."""
    folder = tmp_path / "processed"
    t = clean_and_validate(example_dir, LOOKUP, STUDY)
    write_processed(folder, t, STUDY)
    return folder


def run_stage(raw: Path, processed: Path) -> dict:
    """What notebook 01 does: clean and validate everything, then write the set."""
    tables = clean_and_validate(raw, LOOKUP, STUDY)
    write_processed(processed, tables, STUDY)
    return tables


def test_catalogue_is_at_least_twenty_distinct_cases():
    assert len({c.name for c in CASES}) == len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_or_awkward_input(case, tmp_path, previous_outputs):
    raw = tmp_path / "case_raw"
    raw.mkdir()
    case.make(raw)
    raw_before, processed_before = tree_digest(raw), tree_digest(previous_outputs)
    if case.error:
        with pytest.raises(MappingInputError) as info:
            run_stage(raw, previous_outputs)
        lines = [str(p) for p in info.value.problems]
        matching = [line for line in lines if all(fragment in line for fragment in case.error)]
        assert matching, f"no line has all of {case.error}: {lines}"
        line = matching[0]
        positions = [line.index(fragment) for fragment in case.error]
        assert positions == sorted(positions), line  # where first, then what was found / expected
        assert tree_digest(previous_outputs) == processed_before
    else:
        tables = run_stage(raw, previous_outputs)
        if case.logged:
            assert tables["cleaning_log"]["rule"].str.contains(case.logged, regex=False).any(), sorted(
                set(tables["cleaning_log"]["rule"])
            )
    assert tree_digest(raw) == raw_before


def test_a_lock_file_is_ignored_not_read(tmp_path):
    _lock_file(tmp_path)
    tables = clean_and_validate(tmp_path, LOOKUP, STUDY)
    assert list(tables["sources"]["file"]) == ["hub.xlsx"]


def test_merged_band_reaches_both_posts(tmp_path):
    _merged_cells(tmp_path)
    staff_rows = clean_and_validate(tmp_path, LOOKUP, STUDY)["staffing"]
    assert list(staff_rows["band"]) == ["7", "7"]


def test_hub_with_no_interventions_is_not_recorded_not_not_offered(tmp_path):
    write_hub(tmp_path, "a.xlsx", hub_id="Hub A")
    write_hub(tmp_path, "b.xlsx", hub_id="Hub B", interventions=[])
    t = clean_and_validate(tmp_path, LOOKUP, STUDY)
    m = services.intervention_matrix(t["interventions"], t["service_model"], STUDY)
    assert set(m.loc[m["hub_id"] == "Hub B", "status"]) == {"Not recorded"}
    assert len(t["staffing"][t["staffing"]["hub_id"] == "Hub B"]) > 0  # nothing else lost


@dataclass
class Notice:
    name: str
    make: callable  # folder -> None
    where: str  # the cell, as the located line names it
    message: str  # what is unusual


NOTICES = [
    Notice(
        "psychiatrist on an Agenda for Change band",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Consultant Psychiatrist", band="7")),
        "hub.xlsx, sheet 'Staffing', row 2, column 'AfC band'",
        "a psychiatry post on an Agenda for Change band; found '7'; expected 'Medical'",
    ),
    Notice(
        "clinical psychologist on medical pay scales",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(band="Medical")),
        "hub.xlsx, sheet 'Staffing', row 2, column 'AfC band'",
        "a clinical psychology post on medical pay scales; found 'Medical'; expected an Agenda for Change band",
    ),
    Notice(
        "band in the title contradicts the band column",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Band 6 Mental Health Nurse", band="8a")),
        "hub.xlsx, sheet 'Staffing', row 2, column 'AfC band'",
        "the job title says band 6; found '8a'; expected the band the title names (6)",
    ),
    Notice(
        "assistant psychologist on band 8c",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Assistant Psychologist", band="8c")),
        "hub.xlsx, sheet 'Staffing', row 2, column 'AfC band'",
        "an assistant or trainee post at band 8a or above; found '8c'",
    ),
    Notice(
        "trainee on band 8a",
        lambda f: write_hub(f, "hub.xlsx", staffing=staff(job_title="Trainee Clinical Psychologist", band="8a")),
        "hub.xlsx, sheet 'Staffing', row 2, column 'AfC band'",
        "an assistant or trainee post at band 8a or above; found '8a'",
    ),
    Notice(
        "core component No with an intervention that delivers it",
        lambda f: write_hub(f, "hub.xlsx", service={"core_team_support": "No"}),
        "hub.xlsx, sheet 'Service model', row 28, column 'Value'",
        "'Core component: Team-based training and support' is No, but the Hub offers Reflective practice groups",
    ),
    Notice(
        "core component Yes with nothing that delivers it",
        lambda f: write_hub(
            f, "hub.xlsx", interventions=[i for i in HUB_A_INTERVENTIONS if i["category"] != "Outreach and engagement"]
        ),
        "hub.xlsx, sheet 'Service model', row 27, column 'Value'",
        "'Core component: Proactive outreach' is Yes, but no intervention delivers it",
    ),
]


@pytest.mark.parametrize("case", NOTICES, ids=[c.name for c in NOTICES])
def test_an_unusual_combination_is_a_located_notice_and_strict_makes_it_an_error(case, tmp_path):
    from hubmap.shared.problems import notice_problem

    raw = tmp_path / "raw"
    raw.mkdir()
    case.make(raw)
    tables = run_stage(raw, tmp_path / "processed")  # accepted: a notice is not an error
    lines = [str(notice_problem(row)) for row in tables["notices"].to_dict("records")]
    assert lines and lines[0].startswith(f"{case.where}: {case.message}"), lines
    assert len(lines) == 1, lines  # this and nothing else
    kept = (tmp_path / "processed" / "notices.csv").read_text()
    assert case.message.split(";")[0] in kept  # kept in the processed set
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(raw, LOOKUP, STUDY, strict=True)
    assert [str(p) for p in info.value.problems] == lines


def test_the_example_data_carry_no_notice(example_dir):
    assert clean_and_validate(example_dir, LOOKUP, STUDY)["notices"].empty


def test_the_cleaning_run_prints_each_notice_and_the_hubs_profile_lists_it(tmp_path):
    import subprocess
    import sys

    from hubmap.analysis import profile
    from hubmap.intake.processed import read_processed
    from hubmap.intake.rounds import in_force
    from hubmap.publication import profiles
    from hubmap.publication.results import RunContext

    raw = tmp_path / "raw"
    raw.mkdir()
    write_hub(raw, "hub.xlsx", staffing=staff(job_title="Consultant Psychiatrist", band="7"))
    processed = tmp_path / "processed"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hubmap",
            "run",
            "01_clean",
            "--reports",
            str(tmp_path / "reports"),
            "--stamps",
            str(tmp_path / "stamps"),
            "-p",
            "RAW_DIR",
            str(raw),
            "-p",
            "PROCESSED_DIR",
            str(processed),
            "-p",
            "TITLE_LOOKUP",
            str(LOOKUP),
            "-p",
            "STRICT",
            "False",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    notice = "hub.xlsx, sheet 'Staffing', row 2, column 'AfC band': a psychiatry post on an Agenda for Change band"
    assert [line for line in done.stdout.splitlines() if line.startswith("Notice: ")] == [
        f"Notice: {notice}; found '7'; expected 'Medical': psychiatry posts are on medical pay scales"
    ]
    tables = in_force(read_processed(processed, STUDY))
    shown = profiles.sections(profile.inputs(tables, "Hub A", STUDY), RunContext.of(tables, STUDY, named=False))
    please_check = shown["profile_notices"].data
    assert please_check.iloc[0]["notice"] == "a psychiatry post on an Agenda for Change band"
    assert please_check.iloc[0]["row"] == 2 and len(please_check) == 1
