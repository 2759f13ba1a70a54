"""The benchmark's hand-made notebook copies (the naive baseline and the floor) run like the real ones."""

import importlib.util

import pytest

from conftest import ROOT, STUDY, parameters_cell
from hubmap.shared.registry import NOTEBOOKS


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_a_parameterised_copy_sets_the_given_paths_and_keeps_every_other_parameter(bench, name, tmp_path):
    work, raw = tmp_path / "work", tmp_path / "raw"
    given = bench.params_for(work, raw, "Hub A" if NOTEBOOKS[name].per_hub else None)
    original = parameters_cell(ROOT / "notebooks" / f"{name}.ipynb")
    copy = parameters_cell(bench.parameterised_copy(name, given, tmp_path))
    assert copy.keys() == original.keys()  # AS_OF, LOGIC_MODEL ...: a dropped one fails as a NameError
    for key, value in copy.items():
        expected = given[key] if key in given else original[key]
        assert value == (expected if isinstance(expected, bool) or expected is None else str(expected)), key
    assert any(key in given for key in copy)  # the copy writes into the scratch folder, not the repository's


def test_the_baseline_runs_each_notebook_after_the_notebooks_it_reads():
    from hubmap.shared.registry import run_order

    order = run_order()
    assert sorted(order) == sorted(NOTEBOOKS)
    for name in order:  # 08_publication reads what 07 and 08 saved, although it is numbered before them
        assert all(order.index(before) < order.index(name) for before in NOTEBOOKS[name].after), name
    assert order.index("08_publication") > order.index("06_changes")


def test_the_stress_run_reads_the_per_hub_logs_in_their_folder(tmp_path):
    spec = importlib.util.spec_from_file_location("stress", ROOT / "benchmarks" / "stress.py")
    stress = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stress)
    logs = tmp_path / "reports" / "logs"
    (logs / "07_hub_profile").mkdir(parents=True)
    (logs / "07_hub_profile" / "hub_a.log").write_text("Address already in use")
    (logs / "run.log").write_text("fine")
    assert stress.logs_of(tmp_path) == "Address already in usefine"  # both logs, in path order


def test_the_floor_leaves_hub_to_the_loop_that_runs_each_profile(bench, tmp_path):
    per_hub = next(name for name, nb in NOTEBOOKS.items() if nb.per_hub)
    params = bench.params_for(tmp_path, tmp_path) | {"HUB": None}
    copy = parameters_cell(bench.parameterised_copy(per_hub, params, tmp_path))
    assert "HUB" not in copy and "PROCESSED_DIR" in copy  # a default HUB would override the loop's Hub


def test_what_reran_counts_every_notebook_run_once_and_the_profiles(bench):
    output = "\n".join(
        [
            "==> running notebooks/01_clean.ipynb",
            "==> running notebooks/02_staffing.ipynb",
            "==> running notebooks/05_logic_model.ipynb",
            "==> running notebooks/06_changes.ipynb",
            "==> running notebooks/07_hub_profile.ipynb for 1 of 40 Hubs: Hub 07",
            "rendering",
        ]
    )
    assert bench.what_reran(output) == "re-ran 4 cross-Hub notebooks and 1 of 40 profiles"


def test_the_profile_floor_writes_every_hubs_page_and_word_file(bench, example_processed, tmp_path):
    """The floor the profiles are measured against does the same work: each Hub's tables, HTML and Word file."""
    import subprocess
    import sys

    from hubmap.intake.processed import write_processed

    write_processed(tmp_path / "processed", example_processed, STUDY)
    (tmp_path / "out").mkdir()
    (tmp_path / "floor.py").write_text(bench.PROFILE_FLOOR)
    done = subprocess.run(
        [sys.executable, str(tmp_path / "floor.py"), str(tmp_path / "processed"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"hub-{x}.{ext}" for x in "abcd" for ext in ("html", "docx"))
    page = (tmp_path / "out" / "hub-b.html").read_text()
    assert page.count("<table") == 9 and "Table P9. This Hub beside all Hubs" in page
