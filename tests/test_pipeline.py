"""The real `make all` on a private copy of the example data: outputs, no-op re-run, bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, tree_digest

pytestmark = pytest.mark.pipeline


def make(work: Path, *targets: str, raw: Path | None = None) -> subprocess.CompletedProcess:
    args = [f"RAW_DIR={raw or work / 'raw'}", f"PROCESSED_DIR={work / 'processed'}",
            f"REPORTS_DIR={work / 'reports'}", f"FIGURES_DIR={work / 'figures'}", f"BUILD={work / 'build'}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *targets, *args],
                          capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pipeline")
    shutil.copytree(ROOT / "data" / "raw", work / "raw")
    run = make(work, "all")
    assert run.returncode == 0, run.stdout + run.stderr
    return work


def test_make_all_writes_every_processed_table_and_the_rendered_notebook(built):
    processed = built / "processed"
    for name in ("service_model", "staffing", "interventions", "data_dictionary", "cleaning_log", "sources"):
        assert (processed / f"{name}.csv").stat().st_size > 0, name
    staffing = pd.read_csv(processed / "staffing.csv")
    assert sorted(staffing["hub_id"].unique()) == ["Hub A", "Hub B", "Hub C", "Hub D"]
    assert staffing["wte"].gt(0).all()
    html = (built / "reports" / "html" / "01_clean.html").read_text()
    assert "ILLUSTRATIVE DATA" in html and "Cleaning log" in html


def test_make_all_renders_every_notebook_and_writes_the_publication_set(built):
    html = built / "reports" / "html"
    for name in ("01_clean", "02_staffing", "03_service_model", "04_interventions", "05_publication"):
        full, reader = (html / f"{name}.html").read_text(), (html / f"{name}.reader.html").read_text()
        assert "ILLUSTRATIVE DATA" in reader, name
        assert "hl-ipython3" in full and "hl-ipython3" not in reader, name  # reader has no code cells
    assert "data:image/png;base64" in (html / "02_staffing.reader.html").read_text()  # charts embedded
    for fig in ("figure1_staffing", "figure2_interventions", "figure3_fidelity"):
        for fmt in ("pdf", "svg", "png"):
            assert (built / "figures" / f"{fig}.{fmt}").is_file()
    tables = built / "reports" / "tables"
    for name in ("staffing_by_group", "service_model", "intervention_matrix", "fidelity"):
        assert {(tables / f"{name}.{ext}").is_file() for ext in ("csv", "md", "tex")} == {True}


def test_second_make_all_does_no_work(built):
    run = make(built, "all")
    assert run.returncode == 0
    assert "==> running" not in run.stdout, run.stdout


def test_an_edited_workbook_triggers_a_rerun(built, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(built / "raw", raw)
    (raw / "README.md").write_text("changed")
    run = make(built, "all", raw=raw)
    assert "==> running notebooks/01_clean.ipynb" in run.stdout


def _bad_negative_wte(raw: Path):
    import openpyxl
    path = raw / "hub_a.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Staffing"]["D3"] = -0.5  # WTE of the second post
    wb.save(path)
    return "hub_a.xlsx, sheet 'Staffing', row 3, column 'WTE'"


def _bad_missing_column(raw: Path):
    import openpyxl
    path = raw / "hub_c.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Interventions"].delete_cols(2)  # the Category column
    wb.save(path)
    return "hub_c.xlsx, sheet 'Interventions', row 1: required column 'Category' is missing"


def _bad_corrupt(raw: Path):
    (raw / "hub_e.xlsx").write_bytes(b"PK\x03\x04 truncated")
    return "hub_e.xlsx: cannot be opened as an Excel workbook"


@pytest.mark.parametrize("spoil", [_bad_negative_wte, _bad_missing_column, _bad_corrupt])
def test_bad_input_stops_with_a_located_message_and_changes_nothing(built, tmp_path, spoil):
    raw = tmp_path / "raw"
    shutil.copytree(built / "raw", raw)
    expected = spoil(raw)
    raw_before, processed_before = tree_digest(raw), tree_digest(built / "processed")
    run = make(built, "all", raw=raw)
    assert run.returncode != 0
    assert expected in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert tree_digest(raw) == raw_before
    assert tree_digest(built / "processed") == processed_before
