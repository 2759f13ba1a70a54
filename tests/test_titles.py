"""Job titles as services write them: each rule, where it must not fire, and a list of real titles."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from conftest import LOOKUP, ROOT, STUDY, write_hub
from hubmap.intake.clean import clean_and_validate
from hubmap.intake.read import read_title_lookup
from hubmap.intake.titles import read_title, suggestions

KNOWN = read_title_lookup(LOOKUP, STUDY.group_names)


def group_of(title: str) -> str | None:
    reading = read_title(title, KNOWN)
    return KNOWN[reading.matched] if reading.matched else None


def rules_of(title: str) -> list[str]:
    return [step.rule for step in read_title(title, KNOWN).steps]


@pytest.mark.parametrize(
    "title, group, rule",
    [
        ("Clinical Psychologist (fixed term)", "Clinical psychology", "employment note set aside: (fixed term)"),
        ("Counsellor (job share)", "Counselling and psychotherapy", "employment note set aside: (job share)"),
        ("Band 6 Mental Health Nurse", "Mental health nursing", "band in the title set aside: 6"),
        ("Clinical Psychologist (8a)", "Clinical psychology", "band in the title set aside: 8a"),
        ("Psychologist (Assistant)", "Assistant psychology", "'assistant' in brackets moved before the title"),
        ("Social Worker (AMHP)", "Social work", "bracketed note set aside: (amhp)"),
        ("RMN", "Mental health nursing", "abbreviation expanded: RMN"),
        ("Senior PWP", "Psychological wellbeing practice", "abbreviation expanded: PWP"),
        ("High Intensity CBT Therapist", "Counselling and psychotherapy", "abbreviation expanded: CBT"),
        ("Senior OT", "Occupational therapy", "abbreviation expanded: OT"),
        ("Senior SW", "Social work", "abbreviation expanded: SW"),
        ("Senior HIT", "Counselling and psychotherapy", "abbreviation expanded: HIT"),
        ("Highly Specialist Clinical Psychologist", "Clinical psychology", "grade word set aside: highly specialist"),
        ("Principal Counselling Psychologist", "Clinical psychology", "grade word set aside: principal"),
        ("Specialist Occupational Therapist", "Occupational therapy", "grade word set aside: specialist"),
        ("Lead Family Therapist", "Counselling and psychotherapy", "grade word set aside: lead"),
        (
            "Advanced Psychological Wellbeing Practitioner",
            "Psychological wellbeing practice",
            "grade word set aside: advanced",
        ),
    ],
)
def test_each_rule_sets_aside_or_expands_and_the_lookup_decides(title, group, rule):
    assert group_of(title) == group
    assert rule in rules_of(title)


@pytest.mark.parametrize(
    "title, group",
    [
        ("Engagement Lead", "Outreach and engagement"),  # the lookup's own row: 'Lead' is not set aside
        ("Assistant Director of Psychology", "Management and leadership"),  # 'Assistant' is not assistant psychology
        ("Consultant Medical Psychotherapist", "Psychiatry"),  # a medical psychotherapist is a psychiatrist
        ("Medical Secretary", "Administration"),  # 'Medical' is not psychiatry
        ("Trainee Clinical Psychologist", "Clinical psychology"),  # 'Trainee' keeps the profession
        ("Assistant Psychologist", "Assistant psychology"),
        ("Research Assistant", "Research and evaluation"),
    ],
)
def test_a_rule_does_not_fire_where_the_lookup_knows_the_title(title, group):
    assert group_of(title) == group and rules_of(title) == []


@pytest.mark.parametrize("title", ["Clinical Lead", "Mental Health Practitioner", "Senior", "Band 7"])
def test_a_title_with_no_profession_left_is_refused_not_guessed(title):
    assert group_of(title) is None


def test_the_band_in_a_title_is_kept_to_check_against_the_band_column():
    assert read_title("Band 6 Mental Health Nurse", KNOWN).band == "6"
    assert read_title("clin. psych (8a)", KNOWN).band == "8a"
    assert read_title("Clinical Psychologist", KNOWN).band is None


def test_real_titles_map_to_the_group_meant_and_none_to_a_wrong_one():
    with open(ROOT / "tests" / "data" / "real_job_titles.csv", newline="") as f:
        real = list(csv.DictReader(f))
    assert len(real) >= 40
    right = [r for r in real if group_of(r["job_title"]) == (r["expected_group"] or None)]
    wrong = [
        (r["job_title"], group_of(r["job_title"]))
        for r in real
        if group_of(r["job_title"]) not in (None, r["expected_group"] or None)
    ]
    assert wrong == []
    assert len(right) >= 0.9 * len(real), [r["job_title"] for r in real if r not in right]


def test_every_lookup_row_names_its_source():
    with open(LOOKUP, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r for r in rows if not r["source"].strip()] == []
    assert len({r["job_title"].lower() for r in rows}) == len(rows)


def test_each_rule_that_fired_is_a_row_of_the_cleaning_log(tmp_path):
    write_hub(
        tmp_path,
        "hub.xlsx",
        staffing=[{"job_title": "Senior Clinical Psychologist (locum)", "band": "7", "wte": 1.0, "headcount": 1}],
    )
    log = clean_and_validate(tmp_path, LOOKUP, STUDY)["cleaning_log"]
    rows = log[log["column"] == "Job title"][["original", "cleaned", "rule"]].to_dict("records")
    assert sorted(rows, key=lambda r: r["rule"]) == [  # the log is sorted by cell, then rule
        {
            "original": "Senior Clinical Psychologist (locum)",
            "cleaned": "Clinical psychology",
            "rule": "job title mapped to professional group",
        },
        {
            "original": "Senior Clinical Psychologist (locum)",
            "cleaned": "senior clinical psychologist",
            "rule": "job title read by rule: employment note set aside: (locum)",
        },
    ]


def test_suggestions_are_the_closest_known_titles():
    titles = ["Clinical Psychologist", "Counsellor", "Service Manager"]
    assert suggestions("Clinical Psychologst", titles) == ["Clinical Psychologist"]
    assert suggestions("Receptionist", titles) == []


def test_make_check_lists_each_unknown_title_once_and_writes_them_shaped_like_the_lookup(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    post = {"band": "7", "wte": 1.0, "headcount": 1}
    write_hub(raw, "a.xlsx", staffing=[{"job_title": "Clinical Lead", **post}, {"job_title": "clinical lead", **post}])
    write_hub(raw, "b.xlsx", hub_id="Hub B", staffing=[{"job_title": "Wellbeing Navigator", **post}])
    out = tmp_path / "build" / "unknown_titles.csv"
    done = subprocess.run(
        [sys.executable, "-m", "hubmap", "check", str(raw), "--lookup", str(LOOKUP), "--unknown-titles", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("2 job titles not in the title lookup")
    assert lines[1].startswith("  'Clinical Lead': 2 rows in ") and "a.xlsx; closest known: " in lines[1]
    assert lines[2].startswith("  'Wellbeing Navigator': 1 row in ") and lines[2].endswith("b.xlsx")
    assert out.read_text() == "job_title,professional_group,source\nClinical Lead,,\nWellbeing Navigator,,\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.xlsx", "b.xlsx", "unknown_titles.csv"]


def test_a_lookup_that_cannot_be_read_is_a_located_error_and_one_saved_by_excel_is_read(tmp_path):
    from hubmap.shared.problems import MappingInputError

    with pytest.raises(
        MappingInputError, match=r"nope\.csv: the title lookup cannot be read; found 'FileNotFoundError'"
    ):
        read_title_lookup(tmp_path / "nope.csv", STUDY.group_names)
    (tmp_path / "bad.csv").write_text("title,group\nCounsellor,Counselling and psychotherapy\n")
    with pytest.raises(MappingInputError, match="the title lookup has no column job_title, professional_group"):
        read_title_lookup(tmp_path / "bad.csv", STUDY.group_names)
    (tmp_path / "excel.csv").write_bytes(
        "\ufeffjob_title,professional_group,source\nCounsellor,Counselling and psychotherapy,x\n".encode()
    )
    assert read_title_lookup(tmp_path / "excel.csv", STUDY.group_names) == {
        "counsellor": "Counselling and psychotherapy"
    }
