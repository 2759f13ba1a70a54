"""The one import trick kept (running/cli.py): each command loads only its own stage.

Measured in A/B runs: importing every stage in every `python -m hubmap` process made a cold
`make all` about 30% slower at 4 and 40 Hubs, because each notebook run would load pandas,
pandera and openpyxl before starting its kernel. This guards it on the import graph, not on
a timing.
"""

import subprocess
import sys

import pytest


def loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import hubmap.running.cli",  # what `python -m hubmap COMMAND` loads before choosing the command
        "from hubmap.running.cli import _stage; _stage('running.execute')",  # the notebook runner
        "from hubmap.running.cli import _stage; _stage('report.index')",  # the report index
        # what every command taking --study does first: read and check the study's definition
        "from hubmap.running.cli import _stage; s = _stage('template.study'); "
        "s.read_study(_stage('shared.paths').resolve(s.DEFAULT))",
    ],
)
def test_running_a_notebook_or_writing_the_index_loads_no_analysis_library(statement):
    assert not loaded_after(statement) & {"pandas", "pandera", "openpyxl", "matplotlib"}


def test_the_check_above_sees_a_loaded_library():
    assert {"pandas", "pandera", "openpyxl"} <= loaded_after(
        "from hubmap.running.cli import _stage; _stage('intake.clean')"
    )
