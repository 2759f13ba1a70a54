"""The per-Hub sweep on warm kernels: a Hub's profile is the same whether it runs alone, first, last or in
any order in a batch, on one kernel or several; a Hub whose notebook fails is named with its cell, and
the other Hubs' profiles are still written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import LOOKUP, STUDY, synthetic
from hubmap.intake.clean import clean_and_validate
from hubmap.intake.processed import write_processed
from hubmap.publication.profiles import Prepared
from hubmap.running import sweep
from hubmap.shared.registry import NOTEBOOKS

pytestmark = pytest.mark.pipeline
PROFILE = NOTEBOOKS["07_hub_profile"]


@pytest.fixture(scope="module")
def six_hubs(tmp_path_factory) -> Path:
    """Six synthetic Hubs, cleaned into a processed set."""
    folder = tmp_path_factory.mktemp("six")
    synthetic.write_synthetic_hubs(folder / "raw", 6, seed=3)
    write_processed(folder / "processed", clean_and_validate(folder / "raw", LOOKUP, STUDY), STUDY)
    return folder


def run_sweep(work: Path, processed: Path, jobs: int) -> int:
    parameters = {
        "STUDY": str(STUDY.source.parent),
        "PROCESSED_DIR": str(processed),
        "ANONYMISE_OTHERS": True,
        "PROFILES_DIR": str(work / "reports" / "profiles"),
        "AS_OF": "latest",
    }
    return sweep.run_per_hub(PROFILE, parameters, work / "reports", work / "build" / "stamps", jobs)


def profile_files(work: Path) -> dict[str, bytes]:
    """Each Hub's executed notebook (without papermill's and nbclient's metadata), HTML and Word file."""
    out = {}
    for path in sorted((work / "reports" / "notebooks" / PROFILE.name).glob("*.ipynb")):
        nb = json.loads(path.read_text())
        nb["metadata"].pop("papermill", None)
        for cell in nb["cells"]:
            cell["metadata"].pop("papermill", None)
            cell["metadata"].pop("execution", None)
        out[f"notebooks/{path.name}"] = json.dumps(nb, sort_keys=True).encode()
    for path in sorted((work / "reports" / "profiles").iterdir()):
        out[f"profiles/{path.name}"] = path.read_bytes()
    return out


def reversed_batches(monkeypatch) -> None:
    original = sweep.Batch.results
    monkeypatch.setattr(sweep.Batch, "results", lambda batch, jobs: original(batch, jobs[::-1]))


def test_a_profile_is_the_same_in_any_order_and_alone(six_hubs, tmp_path, short_tmp, monkeypatch):
    work = tmp_path / "work"  # the same folder for every run: the parameters name it
    assert run_sweep(work, six_hubs / "processed", jobs=2) == 0
    in_a_batch = profile_files(work)
    assert len([name for name in in_a_batch if name.endswith(".docx")]) == 6
    for name, data in in_a_batch.items():
        if name.endswith(".ipynb"):
            counts = [c["execution_count"] for c in json.loads(data)["cells"] if c["cell_type"] == "code"]
            assert counts == list(range(1, len(counts) + 1)), name

    shutil.rmtree(work)
    with monkeypatch.context() as patched:
        reversed_batches(patched)  # last first, all on one kernel
        assert run_sweep(work, six_hubs / "processed", jobs=1) == 0
    assert profile_files(work) == in_a_batch

    (work / "build" / "stamps" / PROFILE.name / "hub-3.key").unlink()  # as if only Hub 3 had changed
    (work / "reports" / "profiles" / "hub-3.html").unlink()
    assert run_sweep(work, six_hubs / "processed", jobs=2) == 0
    assert profile_files(work) == in_a_batch
    run_log = (work / "reports" / "logs" / "run.log").read_text()
    assert run_log.count("(Hub 3): ok") == 2 and run_log.count("(Hub 4): ok") == 1  # Hub 3 ran alone
    assert not list(short_tmp.iterdir())  # no kernel's socket folder left


def test_a_failing_profile_names_its_hub_and_cell_and_the_others_are_written(
    six_hubs, tmp_path, short_tmp, monkeypatch, capsys
):
    original = sweep.write_prepared

    def spoiled(prepared: Prepared, path: Path) -> Path:  # Hub 4's notebook then refuses what it reads
        if prepared.hub == "Hub 4":
            prepared = Prepared("Hub 5", prepared.stem, prepared.inputs, prepared.context)
        return original(prepared, path)

    monkeypatch.setattr(sweep, "write_prepared", spoiled)
    work = tmp_path / "work"
    assert run_sweep(work, six_hubs / "processed", jobs=2) == 1
    err = capsys.readouterr().err
    assert "Hub 4: ValueError:" in err and "holds the profile inputs of 'Hub 5', not of HUB 'Hub 4'" in err
    assert "hub-4.ipynb" in err and "failed for Hub 4" in err
    keys = sorted(p.name for p in (work / "build" / "stamps" / PROFILE.name).glob("*.key"))
    assert keys == [f"hub-{n}.key" for n in (1, 2, 3, 5, 6)]
    pages = sorted(p.name for p in (work / "reports" / "profiles").glob("*.html"))
    assert pages == [f"hub-{n}.html" for n in (1, 2, 3, 5, 6)]
    failed = json.loads((work / "reports" / "notebooks" / PROFILE.name / "hub-4.ipynb").read_text())
    assert [o["ename"] for c in failed["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"] == [
        "ValueError"
    ]
    monkeypatch.setattr(sweep, "write_prepared", original)
    assert run_sweep(work, six_hubs / "processed", jobs=2) == 0  # the next run makes only the failed one
    assert (work / "reports" / "profiles" / "hub-4.html").is_file()
    assert not list(short_tmp.iterdir())
