"""Steps pay only for the libraries they use: a guard on the import graph, not a timing.

Each notebook and helper step starts a fresh Python; loading matplotlib, seaborn or pandas
where they are not needed costs about half a second a time, on every run.
"""

import subprocess
import sys

import pytest


def loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("statement, unwanted", [
    # the run log between notebooks
    ("from hubmap.notebooks import append_run_log", {"pandas", "matplotlib"}),
    # notebook 03 (tables only) and notebook 05 (captions, Word tables, manifest)
    ("from hubmap import services; from hubmap.export import save_table; from hubmap.storage import read_processed",
     {"matplotlib", "seaborn"}),
    ("from hubmap import publication", {"matplotlib", "seaborn"}),
    # the report step: HTML and the index
    ("from hubmap.rendering import render_stale; from hubmap.report import write_index", {"pandas", "matplotlib"}),
])
def test_a_step_does_not_load_what_it_does_not_use(statement, unwanted):
    assert not loaded_after(statement) & unwanted


def test_the_check_above_sees_a_loaded_library():
    assert {"matplotlib", "seaborn"} <= loaded_after("from hubmap import figures")
