"""Mapping rounds: Hubs mapped again, what changed between rounds, and a run compared with a previous one."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pandas as pd
import pytest

from conftest import LOOKUP, RAW, SECOND, STUDY, first_round, write_hub
from hubmap.analysis import changes
from hubmap.intake.clean import clean_and_validate
from hubmap.intake.processed import write_processed
from hubmap.intake.rounds import in_force, rounds, rounds_note
from hubmap.report import compare
from hubmap.shared.problems import MappingInputError


@pytest.fixture(scope="module")
def every_round():
    return clean_and_validate(RAW, LOOKUP, STUDY)


def records(df: pd.DataFrame, *columns: str) -> set[tuple]:
    return set(map(tuple, df[list(columns)].astype(str).values))


def test_the_example_hubs_a_and_c_were_mapped_twice(every_round):
    every = rounds(every_round["service_model"])
    assert records(every, "hub_id", "mapping_date", "round", "of") == {
        ("Hub A", "2021-06-14", "1", "2"),
        ("Hub A", "2022-06-15", "2", "2"),
        ("Hub B", "2021-09-20", "1", "1"),
        ("Hub C", "2021-11-15", "1", "2"),
        ("Hub C", "2022-07-04", "2", "2"),
        ("Hub D", "2022-02-28", "1", "1"),
    }


def test_the_analyses_take_the_latest_round_or_the_one_in_force_on_a_date(every_round):
    latest = in_force(every_round)["service_model"].set_index("hub_id")["mapping_date"]
    assert dict(latest) == {"Hub A": "2022-06-15", "Hub B": "2021-09-20", "Hub C": "2022-07-04", "Hub D": "2022-02-28"}
    then = first_round(every_round)
    assert list(then["service_model"]["mapping_date"]) == ["2021-06-14", "2021-09-20", "2021-11-15", "2022-02-28"]
    assert set(then["staffing"]["mapping_date"]) <= {"2021-06-14", "2021-09-20", "2021-11-15", "2022-02-28"}
    early = in_force(every_round, "2021-12-31")  # Hub D was first mapped in 2022
    assert list(early["service_model"]["hub_id"]) == ["Hub A", "Hub B", "Hub C"]
    note = rounds_note(early["rounds"], STUDY, "2021-12-31")
    assert "Hub A mapped 2021-06-14 (round 1 of 2)" in note and "Not yet mapped by 2021-12-31: Hub D." in note
    once = rounds(first_round(every_round)["service_model"])
    assert rounds_note(once, STUDY) == ""  # each Hub mapped once: nothing to say


def test_latest_is_each_hubs_latest_round_wherever_as_of_is_given(every_round):
    assert in_force(every_round, "latest")["service_model"].equals(in_force(every_round)["service_model"])
    assert rounds_note(in_force(every_round)["rounds"], STUDY, "latest") == rounds_note(
        in_force(every_round)["rounds"], STUDY
    )


def test_a_note_for_a_profile_that_leaves_the_team_counts_hubs_and_names_none(every_round):
    """A profile anonymises the other Hubs: its note on mapping rounds must too."""
    for as_of, expected in (
        (None, "4 Hubs, 2 of them mapped more than once."),
        ("2021-12-31", "3 Hubs, 2 of them mapped more than once. Not yet mapped by 2021-12-31: 1 Hub."),
    ):
        note = rounds_note(in_force(every_round, as_of)["rounds"], STUDY, as_of, named=False)
        assert note.endswith(expected), note
        assert not any(hub in note for hub in ("Hub A", "Hub B", "Hub C", "Hub D")), note


def test_the_changes_are_exactly_those_built_into_the_second_rounds(every_round):
    """A known answer: what `hub_a_round2.xlsx` and `hub_c_round2.xlsx` change, and nothing else."""
    posts = changes.post_changes(every_round, STUDY)
    assert records(posts, "hub_id", "job_title", "change", "was", "now") == {
        (
            "Hub A",
            "Principal Clinical Psychologist",
            "changed",
            "band 8b, 0.8 WTE, 1 person, filled",
            "band 8b, 1 WTE, 1 person, filled",
        ),
        ("Hub A", "CBT Therapist", "vacated", "band 7, 1 WTE, 1 person, filled", "band 7, 1 WTE, 0 people, vacant"),
        ("Hub A", "Assistant Psychologist", "removed", "band 5, 2 WTE, 2 people, filled", ""),
        ("Hub A", "Peer Support Worker", "added", "", "band 4, 1 WTE, 1 person, filled"),
        (
            "Hub C",
            "Peer Support Worker",
            "filled",
            "band 4, 1 WTE, 0 people, vacant",
            "band 4, 1 WTE, 1 person, filled",
        ),
        (
            "Hub C",
            "Service Manager",
            "changed",
            "band 8a, 0.5 WTE, 1 person, filled",
            "band 8a, 0.6 WTE, 1 person, filled",
        ),
    }
    assert records(changes.intervention_changes(every_round), "hub_id", "intervention", "change", "was", "now") == {
        ("Hub A", "Self-help materials", "dropped", "In-house", ""),
        ("Hub A", "Compassion-focused therapy", "added", "", "In-house"),
        ("Hub A", "EMDR", "provider changed", "In-house", "Both"),
        ("Hub C", "Compassion-focused group", "dropped", "In-house", ""),
        ("Hub C", "Trauma-focused CBT", "added", "", "In-house"),
        ("Hub C", "Referral to NHS Talking Therapies", "provider changed", "External", "Both"),
    }
    assert records(changes.component_changes(every_round, STUDY), "hub_id", "item", "change") == {
        ("Hub C", "Rapid access to mental health support", "lost")
    }
    assert records(
        changes.wte_changes(every_round, "professional_group", STUDY), "hub_id", "professional_group", "change"
    ) == {
        ("Hub A", "Clinical psychology", "0.2"),
        ("Hub A", "Assistant psychology", "-2.0"),
        ("Hub A", "Peer support", "1.0"),
        ("Hub C", "Management and leadership", "0.1"),
    }
    assert records(changes.wte_changes(every_round, "band", STUDY), "hub_id", "band", "change") == {
        ("Hub A", "4", "1.0"),
        ("Hub A", "5", "-2.0"),
        ("Hub A", "8b", "0.2"),
        ("Hub C", "8a", "0.1"),
    }
    summary = changes.summary(every_round, STUDY).set_index("hub_id")
    assert summary.loc["Hub B", "rounds"] == "2021-09-20 (mapped once)" and pd.isna(
        summary.loc["Hub B", "post_changes"]
    )
    assert summary.loc["Hub A", "rounds"] == "2021-06-14 to 2022-06-15"
    assert (summary.loc["Hub A", "wte_before"], summary.loc["Hub A", "wte_after"]) == pytest.approx((10.8, 10.0))


def test_a_round_dated_before_the_hub_launched_is_refused_with_its_cell(tmp_path):
    write_hub(tmp_path, "a.xlsx", hub_id="Hub A")
    write_hub(
        tmp_path,
        "a_again.xlsx",
        hub_id="Hub A",
        service={"mapping_date": dt.datetime(2020, 6, 1), "checked_date": None},
    )
    with pytest.raises(MappingInputError) as info:
        clean_and_validate(tmp_path, LOOKUP, STUDY)
    [line] = [str(p) for p in info.value.problems]
    assert "a_again.xlsx, sheet 'Service model', row 6, column 'Value': mapping date is before the launch date" in line


def baseline_of(tables_dict, tmp_path, name="base"):
    processed = tmp_path / f"{name}_processed"
    write_processed(processed, tables_dict, STUDY)
    return processed


def test_a_run_compared_with_its_own_snapshot_has_no_differences(every_round, tmp_path):
    processed = baseline_of(every_round, tmp_path)
    (tmp_path / "tables").mkdir()
    snap = compare.snapshot(processed, tmp_path / "tables", tmp_path / "snap", STUDY)
    about = json.loads((snap / "snapshot.json").read_text())
    assert (about["study"], about["template_version"]) == (STUDY.name, 3)
    with pytest.raises(compare.BaselineError, match="a snapshot of the study 'resilience_hubs', not of"):
        compare.compare(snap, processed, tmp_path / "tables", SECOND)  # another study's run: not comparable
    found, about, names = compare.compare(snap, processed, tmp_path / "tables", STUDY)
    assert found.empty and "processed/staffing" in names
    with pytest.raises(compare.BaselineError, match="not empty"):
        compare.snapshot(processed, tmp_path / "tables", tmp_path / "snap", STUDY)  # never written over


def test_one_changed_value_is_the_one_difference_found(every_round, tmp_path):
    processed = baseline_of(every_round, tmp_path)
    (tmp_path / "tables").mkdir()
    snap = compare.snapshot(processed, tmp_path / "tables", tmp_path / "snap", STUDY)
    staff = every_round["staffing"].copy()
    row = staff.index[(staff["hub_id"] == "Hub B") & (staff["source_row"] == 6)][0]
    staff.loc[row, "wte"] = 1.5
    write_processed(processed, dict(every_round, staffing=staff), STUDY)
    found, about, names = compare.compare(snap, processed, tmp_path / "tables", STUDY)
    assert records(found, "table", "hub", "row", "column", "change", "before", "after") == {
        ("processed/staffing", "Hub B", "Hub B / 2021-09-20 / 6", "wte", "changed", "2.0", "1.5")
    }
    page = compare.write_report(found, about, names, snap, tmp_path / "compare", STUDY.words["Unit"]).read_text()
    assert "<th>Hub</th><th>Row</th>" in page and "<td>Hub B</td>" in page  # the unit column, in the study's word


def test_an_older_baseline_is_read_and_a_folder_that_is_none_is_refused(every_round, tmp_path):
    old = tmp_path / "old" / "processed"
    one = first_round(every_round)
    write_processed(old, one, STUDY)
    for name in ("staffing", "interventions", "cleaning_log", "sources"):  # as template version 2 wrote them
        path = old / f"{name}.csv"
        pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="mapping_date").to_csv(path, index=False)
    (tmp_path / "old" / "snapshot.json").write_text(json.dumps({"template_version": 2}))
    found, about, _ = compare.compare(tmp_path / "old", baseline_of(one, tmp_path, "now"), tmp_path / "none", STUDY)
    assert about["template_version"] == 2
    assert not (found["change"] == "changed").any()  # read as the rounds they were: nothing differs
    with pytest.raises(compare.BaselineError, match="no processed/service_model.csv"):
        compare.compare(tmp_path / "none", tmp_path / "now_processed", tmp_path / "none", STUDY)
    (tmp_path / "old" / "snapshot.json").write_text(json.dumps({"template_version": 99}))
    with pytest.raises(compare.BaselineError, match="template version 99, newer than"):
        compare.compare(tmp_path / "old", tmp_path / "now_processed", tmp_path / "none", STUDY)
    shutil.rmtree(tmp_path / "old")
