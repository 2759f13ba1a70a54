"""An incremental `make all` equals a clean one, after any edit of the inputs.

One work folder is edited step by step and brought up to date with `make all` each time; after
each step a clean `make all` on the same inputs, in a folder of its own, must leave the same files,
the same result files byte for byte, the same rendered text, and the same executed notebooks
(without papermill's and nbclient's metadata). The data are the example workbooks without their
illustrative mark, as a user's own: then the data notice does not name the workbooks, and what else
a profile shows has to be a dependency in its own right.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import LOOKUP, RAW, ROOT, make

pytestmark = pytest.mark.pipeline
CELL_ID = re.compile(r'\sid="cell-id=[^"]*"')  # papermill gives its injected cell a new id each run


def as_users_own(folder: Path) -> None:
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        wb.properties.subject = None
        wb.save(path)


def _second_round_for_hub_b(work: Path, options: dict) -> None:
    wb = openpyxl.load_workbook(work / "raw" / "hub_b.xlsx")
    sheet = wb["Service model"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    sheet.cell(rows["Date of mapping"], 2, "30/06/2022")
    sheet.cell(rows["Date checked by Hub lead"], 2).value = None  # this round not yet checked by the lead
    wb.save(work / "raw" / "hub_b_round2.xlsx")


def _one_cell_changed(work: Path, options: dict) -> None:
    wb = openpyxl.load_workbook(work / "raw" / "hub_c.xlsx")
    wb["Staffing"]["D2"] = 0.4  # the WTE of Hub C's first post
    wb.save(work / "raw" / "hub_c.xlsx")


def _hub_renamed(work: Path, options: dict) -> None:
    wb = openpyxl.load_workbook(work / "raw" / "hub_d.xlsx")
    wb["Service model"]["B2"] = "Hub Delta"  # Hub identifier
    wb.save(work / "raw" / "hub_d.xlsx")


def _workbook_removed(work: Path, options: dict) -> None:
    (work / "raw" / "hub_a_round2.xlsx").unlink()


def _older_file(text: str, path: Path) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001: older than every stamp
    return path


def _lookup_pointed_elsewhere(work: Path, options: dict) -> None:
    text = LOOKUP.read_text()
    assert "\nAdministrator,Administration," in text
    text = text.replace("\nAdministrator,Administration,", "\nAdministrator,Management and leadership,")
    options["TITLE_LOOKUP"] = _older_file(text, work.parent / "inputs" / "lookup.csv")


def _logic_model_pointed_elsewhere(work: Path, options: dict) -> None:
    text = (ROOT / "data" / "logic_model.yaml").read_text().replace("Staff seek help earlier", "Staff seek help sooner")
    options["LOGIC_MODEL"] = _older_file(text, work.parent / "inputs" / "model.yaml")


EDITS = [
    ("a workbook added (a second round)", _second_round_for_hub_b),
    ("a workbook changed", _one_cell_changed),
    ("a Hub renamed", _hub_renamed),
    ("a workbook removed", _workbook_removed),
    ("the title lookup pointed at another, older file", _lookup_pointed_elsewhere),
    ("the logic model pointed at another, older file", _logic_model_pointed_elsewhere),
    ("ANONYMISE_OTHERS changed", lambda work, options: options.update(ANONYMISE_OTHERS="False")),
    ("AS_OF changed", lambda work, options: options.update(AS_OF="2022-03-31")),
]


def outputs(work: Path) -> dict[str, object]:
    """What a run leaves: every file, with its bytes, its text (HTML) or its cells (executed notebooks),
    the work folder's own path written as WORK (the notebooks show the folders they were given)."""
    out = {}
    here = str(work)
    for folder in ("processed", "reports", "figures"):
        for path in sorted((work / folder).rglob("*")):
            name = str(path.relative_to(work))
            if not path.is_file() or name in ("reports/index.html", "reports/logs/run.log"):
                continue  # the index records when it was built, and the run log every run: by design
            if name.startswith("reports/logs/"):
                out[name] = "a log"  # its lines say when and how long
            elif path.suffix == ".ipynb":
                cells = json.loads(path.read_text().replace(here, "WORK"))["cells"]
                out[name] = [(c["cell_type"], c["source"], c.get("outputs")) for c in cells]
            elif path.suffix == ".html":
                out[name] = CELL_ID.sub("", path.read_text().replace(here, "WORK"))
            else:
                out[name] = path.read_bytes()
    return out


def test_after_each_edit_an_incremental_run_equals_a_clean_one(tmp_path):
    work, options = tmp_path / "incremental", {}
    shutil.copytree(RAW, work / "raw")
    as_users_own(work / "raw")
    (tmp_path / "inputs").mkdir()  # beside both work folders: both runs are given the same files
    first = make(work, "all")
    assert first.returncode == 0, first.stdout + first.stderr
    for step, (what, edit) in enumerate(EDITS):
        edit(work, options)
        given = tuple(f"{k}={v}" for k, v in options.items())
        run = make(work, "all", options=given)
        assert run.returncode == 0, (what, run.stdout + run.stderr)
        clean = tmp_path / f"clean-{step}"
        shutil.copytree(work / "raw", clean / "raw")
        done = make(clean, "all", options=given)
        assert done.returncode == 0, (what, done.stdout + done.stderr)
        mine, theirs = outputs(work), outputs(clean)
        assert sorted(mine) == sorted(theirs), what
        differ = [name for name in mine if mine[name] != theirs[name]]
        assert differ == [], what
