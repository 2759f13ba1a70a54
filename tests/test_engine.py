"""The papermill engine the Makefile names: registered, and stopping the kernel at once."""

from pathlib import Path

import papermill.engines as engines

from hubmap.engine import ImmediateShutdownEngine, IPCKernelManager

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
    assert seen["kernel_manager_class"] is IPCKernelManager
    assert (seen["nb_man"], seen["kernel_name"], seen["startup_timeout"]) == ("nb", "hubmap", 5)
    ImmediateShutdownEngine.execute_managed_notebook("nb", "hubmap", shutdown_kernel="graceful")
    assert seen["shutdown_kernel"] == "graceful"


def test_an_ipc_kernel_runs_code_and_leaves_no_socket_behind(tmp_path):
    import asyncio
    import glob

    async def run():
        km = IPCKernelManager(kernel_name="python3")
        await km.start_kernel()
        folder = km._socket_dir
        assert km.transport == "ipc" and km.ip.startswith(folder)
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        reply = await kc.execute_interactive("x = 6 * 7", timeout=60)
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return reply["content"]["status"], folder

    status, folder = asyncio.run(run())
    assert status == "ok"
    assert not glob.glob(folder)  # sockets and connection file removed with their folder
