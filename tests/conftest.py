from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from hubmap.template.study import read_study, study_module
from hubmap.template.workbook import blank_workbook, fill_workbook, save_workbook

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
LOOKUP = ROOT / "data" / "lookups" / "job_titles.csv"
STUDY = read_study(ROOT / "studies" / "resilience_hubs")
"""The default study, which the shipped example data (data/raw) are of."""
SECOND = read_study(ROOT / "studies" / "talking_therapies")
"""The second shipped study: another unit, other sheets, no pay bands."""
examples = study_module(STUDY, "examples")
synthetic = study_module(STUDY, "synthetic")


def interruptible() -> None:
    """For a child the tests interrupt: SIGINT back to its default, as from a terminal. A suite started
    in the background (`make test &`) has SIGINT ignored, every process it starts inherits that, and
    the Ctrl-C a test sends would reach nothing. Give it to subprocess as `preexec_fn`."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder -> sha256, to prove a run changed nothing there."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def example_dir(tmp_path) -> Path:
    """A private copy of the shipped example workbooks."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def hub(service=None, staffing=None, interventions=None, hub_id="Hub A"):
    """A minimal valid Hub: override any part."""
    base = dict(examples.HUBS["hub_a.xlsx"])
    svc = {**base["service"], "hub_id": hub_id, **(service or {})}
    return {
        "service": svc,
        "staffing": base["staffing"] if staffing is None else staffing,
        "interventions": base["interventions"] if interventions is None else interventions,
    }


def write_hub(folder: Path, name: str, extra_rows=None, **parts) -> Path:
    h = hub(**parts)
    wb = fill_workbook(blank_workbook(STUDY), STUDY, h["service"], h["staffing"], h["interventions"], extra_rows)
    return save_workbook(wb, Path(folder) / name)


@pytest.fixture
def one_hub_dir(tmp_path) -> Path:
    folder = tmp_path / "one"
    folder.mkdir()
    write_hub(folder, "hub.xlsx")
    return folder


def pytest_terminal_summary(terminalreporter, config):
    """The shuffled order's seed (pytest-randomly), printed also under -q so a failing order can be repeated."""
    seed = config.getoption("randomly_seed", default=None)
    if seed is not None:
        terminalreporter.write_line(
            f"Tests ran in shuffled order, seed {seed}; to repeat this order: "
            f"make test PYTEST_ARGS=--randomly-seed={seed}"
        )


ROUND_ONE = "2022-03-31"
"""A date after every example Hub's first mapping and before the second rounds of Hubs A and C."""


def first_round(tables: dict) -> dict:
    """The example data as first mapped: one round per Hub, as the cross-Hub analyses see it on ROUND_ONE."""
    from hubmap.intake.rounds import in_force

    return in_force(tables, ROUND_ONE)


# ---- the real Makefile, on a private work folder ----------------------------------------------------
def make_args(work: Path, raw: Path | None = None) -> list[str]:
    return [
        f"RAW_DIR={raw or work / 'raw'}",
        f"PROCESSED_DIR={work / 'processed'}",
        f"REPORTS_DIR={work / 'reports'}",
        f"FIGURES_DIR={work / 'figures'}",
        f"BUILD={work / 'build'}",
    ]


def make_env(**extra: str) -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("MAKE")} | extra


def make(
    work: Path, *targets: str, raw: Path | None = None, options: tuple = (), env: dict | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *targets, *make_args(work, raw), *options],
        capture_output=True,
        text=True,
        env=make_env(**(env or {})),
        timeout=900,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One cold `make all` on a private copy of the example data, shared by the session and never
    changed by a test: a test that runs make again works on its own copy."""
    work = tmp_path_factory.mktemp("pipeline")
    shutil.copytree(ROOT / "data" / "raw", work / "raw")
    run = make(work, "all")
    assert run.returncode == 0, run.stdout + run.stderr
    return work


# ---- every result, from its declaration: what the notebooks make, without copying a notebook ---------
def produce_every_result(processed: dict, tables_dir: Path, figures_dir: Path, as_of: str = "latest") -> dict:
    """Every saved table and every figure, from `processed` (the processed set, every round), as
    notebooks 02-06 make them: each from its declaration. Returns name -> table frame."""
    from hubmap.intake.logic_model import read_model
    from hubmap.intake.rounds import in_force, rounds
    from hubmap.publication.catalogue import TABLES, figures
    from hubmap.publication.results import RunContext, produce

    chosen = in_force(processed, as_of)
    every = {**processed, "rounds": rounds(processed["service_model"])}
    model = read_model(ROOT / "data" / "logic_model.yaml", STUDY)
    inputs = {
        name: ({**(every if name == "06_changes" else chosen), "model": model})
        for name in ("02_staffing", "03_service_model", "04_interventions", "05_logic_model", "06_changes")
    }

    def context(notebook: str) -> RunContext:
        every_round = notebook == "06_changes"
        return RunContext.of(
            inputs[notebook], STUDY, tables_dir, as_of, every_round=every_round, figures_dir=figures_dir
        )

    results = {
        table.name: produce(table, inputs[table.notebook], context(table.notebook)).data
        for table in TABLES.values()
        if table.saved
    }
    for figure in figures(STUDY).values():
        produce(figure, inputs[figure.notebook], context(figure.notebook))
    return results


# ---- shared fixtures: each built once ---------------------------------------------------------------
@pytest.fixture(scope="session")
def example_processed(tmp_path_factory) -> dict:
    """The example workbooks, cleaned once for the session from a private copy: every round."""
    from hubmap.intake.clean import clean_and_validate

    folder = tmp_path_factory.mktemp("example-raw")
    shutil.copytree(RAW, folder, dirs_exist_ok=True)
    return clean_and_validate(folder, LOOKUP, STUDY)


@pytest.fixture(scope="session")
def example_first_round(example_processed) -> dict:
    """The example data as the cross-Hub analyses see them on ROUND_ONE: one round per Hub."""
    return first_round(example_processed)


@pytest.fixture
def short_tmp(monkeypatch):
    """A temporary folder short enough for socket paths (pytest's own grow too deep: the kernels would
    go to /tmp), made the system's temporary folder for the test; give it to a subprocess as TMPDIR."""
    folder = tempfile.mkdtemp(prefix="hm-", dir="/tmp")
    monkeypatch.setattr("tempfile.tempdir", folder)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def parameters_cell(path: Path) -> dict:
    """A notebook's `parameters` cell, name -> value (exactly one cell is tagged so)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{Path(path).name}: one cell tagged 'parameters', found {len(tagged)}"
    tree = ast.parse("".join(tagged[0]["source"]))
    return {
        t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
    }
