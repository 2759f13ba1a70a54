"""The papermill engine the Makefile names: registered, and stopping the kernel at once."""

from pathlib import Path

import papermill.engines as engines

from hubmap.engine import ImmediateShutdownEngine

ROOT = Path(__file__).resolve().parents[1]


def test_papermill_finds_the_engine_the_makefile_asks_for():
    assert "--engine hubmap" in (ROOT / "Makefile").read_text()
    assert engines.papermill_engines.get_engine("hubmap") is ImmediateShutdownEngine


def test_the_kernel_is_stopped_at_once_and_everything_else_passes_through(monkeypatch):
    seen = {}

    class RecordingClient:
        def __init__(self, nb_man, **kwargs):
            seen.update(kwargs, nb_man=nb_man)

        def execute(self):
            return "executed"

    monkeypatch.setattr(engines, "PapermillNotebookClient", RecordingClient)
    assert ImmediateShutdownEngine.execute_managed_notebook("nb", "hubmap", start_timeout=5) == "executed"
    assert seen["shutdown_kernel"] == "immediate"
    assert (seen["nb_man"], seen["kernel_name"], seen["startup_timeout"]) == ("nb", "hubmap", 5)
    ImmediateShutdownEngine.execute_managed_notebook("nb", "hubmap", shutdown_kernel="graceful")
    assert seen["shutdown_kernel"] == "graceful"
