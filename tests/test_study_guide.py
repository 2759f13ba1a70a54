"""docs/study-definition.md, run as written: its definition, lookup and logic model are written to a
study folder, and its commands and its script are run in order, so the guide cannot drift from the code.

The study is made in a temporary folder, not in studies/: every `studies/perinatal_teams` in the guide
is read as that folder.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_env

GUIDE = ROOT / "docs" / "study-definition.md"
FOLDER = "studies/perinatal_teams"
pytestmark = pytest.mark.pipeline


def blocks() -> list[tuple[str, str, str]]:
    """(language, file it names or '', text) of each fenced block of the guide, in order."""
    found = re.findall(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"), re.M | re.S)
    return [(lang, name, text) for lang, name, text in found]


def test_the_guide_has_a_definition_its_commands_and_a_script():
    kinds = [(lang, bool(name)) for lang, name, _ in blocks()]
    assert ("yaml", True) in kinds and ("csv", True) in kinds and ("python", False) in kinds
    commands = [line for lang, _, text in blocks() if lang == "sh" for line in text.splitlines()]
    assert any(line.startswith("make all STUDY=") for line in commands)
    assert any(line.startswith("make template STUDY=") for line in commands)


def test_the_guide_runs_as_written(tmp_path):
    study = tmp_path / "perinatal_teams"
    here = lambda text: text.replace(FOLDER, str(study))  # noqa: E731
    ran = []
    for lang, name, text in blocks():
        if name:
            path = Path(here(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        elif lang == "sh":
            for line in text.strip().splitlines():
                command = here(line).replace(".venv/bin/python", sys.executable)
                run = subprocess.run(
                    command, shell=True, cwd=ROOT, capture_output=True, text=True, env=make_env(), timeout=600
                )
                assert run.returncode == 0, f"{line}\n{run.stdout}\n{run.stderr}"
                ran.append((line, run.stdout))
        elif lang == "python":
            subprocess.run([sys.executable, "-c", here(text)], cwd=ROOT, check=True, timeout=120)
    assert [line.split()[0:2] for line, _ in ran][-2:] == [["make", "check"], ["make", "all"]]

    # What the guide says a run makes, where it says.
    assert (study / "templates" / "perinatal_teams_mapping_template.xlsx").is_file()
    assert (study / "reports" / "index.html").is_file()
    with open(study / "data" / "processed" / "staffing.csv", newline="", encoding="utf-8") as f:
        staff = list(csv.DictReader(f))
    assert {row["hub_id"] for row in staff} == {"Team A", "Team B"}  # "team b" as written, normalised
    assert sum(float(row["wte"]) for row in staff) == pytest.approx(2.0 + 0.6 + 1.0 + 3.0 + 0.5)
    figures = sorted(p.name for p in (study / "figures").glob("*.png"))
    # no interventions and no national model: no Figures 2 and 3; the logic model measures a staff group
    assert figures == ["figure1_staffing.png", "figure4_logic_model.png", "figure5_changes.png"]
    staffing_page = (study / "reports" / "html" / "02_staffing.reader.html").read_text(encoding="utf-8")
    assert "Not made: WTE by pay band and team. The study 'perinatal_teams' records no band" in staffing_page
    index = (study / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Perinatal mental health teams (a worked example): report" in index
    assert "Team profiles" in index and "of 2 teams checked" not in index  # the study records no accuracy check
    assert "The study does not record the leads' accuracy check." in index
    # Nothing of the study was written outside its folder.
    assert not (ROOT / FOLDER).exists()


def test_the_guides_error_example_is_what_the_code_says(tmp_path):
    """The guide shows a bad definition's message: the same mistake gives those words."""
    _, _, definition = next(b for b in blocks() if b[1].endswith("study.yaml"))
    broken = definition.replace("categories: contacts}", "categories: contact}")
    (tmp_path / "study.yaml").write_text(broken, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "hubmap", "study", "--study", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 1
    shown = next(text for lang, _, text in blocks() if lang == "text").strip().splitlines()
    got = run.stderr.strip().splitlines()
    assert got[0] == shown[0]
    assert got[1].split("study.yaml", 1)[1] == shown[1].split("study.yaml", 1)[1]
