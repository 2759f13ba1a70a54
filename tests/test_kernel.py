"""Notebooks run on kernels over IPC, so two started at once cannot be handed the same port."""

import asyncio
import glob
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hubmap.running import execute
from hubmap.running.kernel import OWNER_LOCK, SOCKET_PATH_MAX, IPCKernelManager, socket_root, sweep_socket_dirs
from hubmap.shared.registry import NOTEBOOKS


def test_the_runner_starts_ipc_kernels_and_stops_each_at_once(tmp_path, monkeypatch):
    seen = {}

    def fake_execute_notebook(source, output, **kwargs):
        seen.update(kwargs, source=source)
        open(output, "w").write("{}")

    monkeypatch.setattr(execute.papermill, "execute_notebook", fake_execute_notebook)
    ok = execute.execute(
        NOTEBOOKS["03_service_model"],
        {"PROCESSED_DIR": "p"},
        tmp_path / "nb" / "03.ipynb",
        tmp_path / "logs" / "03.log",
    )
    assert ok and (tmp_path / "nb" / "03.ipynb").read_text() == "{}"
    assert issubclass(seen["kernel_manager_class"], IPCKernelManager)
    assert seen["kernel_manager_class"]().stderr_path == str(tmp_path / "logs" / "03.log")
    assert seen["shutdown_kernel"] == "immediate"  # every cell has run: no half-second wait for the exit
    assert seen["kernel_name"] == "hubmap" and seen["parameters"] == {"PROCESSED_DIR": "p"}
    assert seen["source"].endswith("notebooks/03_service_model.ipynb")
    assert sorted(p.name for p in (tmp_path / "nb").iterdir()) == ["03.ipynb"]  # no temporary file left


def test_an_interrupted_run_leaves_no_executed_copy(tmp_path, monkeypatch):
    def interrupted(source, output, **kwargs):
        open(output, "w").write("{half")
        raise KeyboardInterrupt

    monkeypatch.setattr(execute.papermill, "execute_notebook", interrupted)
    try:
        execute.execute(NOTEBOOKS["03_service_model"], {}, tmp_path / "nb" / "03.ipynb", tmp_path / "03.log")
    except KeyboardInterrupt:
        pass
    assert list((tmp_path / "nb").iterdir()) == []


def test_an_ipc_kernel_runs_code_and_leaves_no_socket_behind():
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


def test_a_killed_runs_kernel_folder_is_removed_by_the_next_kernel_and_no_other(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # a process that has exited: its kernel folder has no one to remove it
    dead = tmp_path / f"hubmap-kernel-{dead_pid}-abc123"
    live = tmp_path / f"hubmap-kernel-{os.getpid()}-def456"  # a kernel of a run still going
    others = [tmp_path / "hubmap-kernel-notapid", tmp_path / f"other-{dead_pid}-abc"]  # not this project's naming
    setting_up = tmp_path / f"hubmap-kernel-{dead_pid}-ghi789"  # as young as one being set up right now
    for folder in (dead, live, setting_up, *others):
        folder.mkdir()
        (folder / "kernel.json").write_text("{}")
    an_hour_ago = time.time() - 3600
    for folder in (dead, live, *others):
        os.utime(folder, (an_hour_ago, an_hour_ago))
    assert sweep_socket_dirs(tmp_path) == [dead]
    assert sorted(tmp_path.iterdir()) == sorted([live, setting_up, *others])


def test_the_sweep_goes_by_the_owners_lock_not_the_pid_in_the_name(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    # A kernel started in another container sharing this folder: its PID is not one we can see,
    # but it holds its lock, so its folder stays.
    elsewhere = tmp_path / f"hubmap-kernel-{dead_pid}-abc123"
    # A folder whose owner died and whose PID now belongs to a live process (this one): removed.
    reused = tmp_path / f"hubmap-kernel-{os.getpid()}-def456"
    for folder in (elsewhere, reused):
        folder.mkdir()
    (reused / OWNER_LOCK).write_text("")
    target = tmp_path / "not-ours"
    target.mkdir()
    (tmp_path / f"hubmap-kernel-{dead_pid}-link").symlink_to(target)  # a link is never followed
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from hubmap.running.kernel import hold_owner_lock; "
            "hold_owner_lock(sys.argv[1]); print('held', flush=True); sys.stdin.read()",
            str(elsewhere),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert sweep_socket_dirs(tmp_path) == [reused]
        assert elsewhere.is_dir() and target.is_dir()
    finally:
        holder.communicate("")
    assert sweep_socket_dirs(tmp_path) == [elsewhere]  # its owner has ended: the lock is free


def test_a_kernel_folder_is_named_after_its_process_locked_while_in_use_and_removed_after(short_tmp):
    km = IPCKernelManager(kernel_name="python3")
    asyncio.run(km._async_pre_start_kernel())
    folder = Path(km._socket_dir)
    try:
        assert folder.parent == short_tmp and folder.name.startswith(f"hubmap-kernel-{os.getpid()}-")
        names = {p.name for p in folder.iterdir()}
        assert OWNER_LOCK in names and f".{OWNER_LOCK}" not in names  # locked before it took its name
        assert sweep_socket_dirs(short_tmp) == []  # a folder in use, even by this very process
    finally:
        asyncio.run(km._async_cleanup_resources())
    assert not folder.exists()


def test_a_rule_that_passes_a_parameter_the_notebook_lacks_is_refused():
    with pytest.raises(execute.ParameterError, match="has no parameter RAW_DIR"):
        execute.check_parameters(NOTEBOOKS["03_service_model"], {"RAW_DIR": "x"})


def test_under_a_temporary_folder_too_deep_for_a_socket_path_the_sockets_go_in_tmp(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 90)  # a long TMPDIR: ROOT/hubmap-kernel-PID-XXXXXXXX/kernel-ipc-N would not fit
    deep.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(deep))
    assert socket_root() == "/tmp"
    km = IPCKernelManager(kernel_name="python3")
    asyncio.run(km._async_pre_start_kernel())
    try:
        assert os.path.dirname(km._socket_dir) == "/tmp"
        assert len(os.fsencode(km.ip + "-99")) <= SOCKET_PATH_MAX
    finally:
        asyncio.run(km._async_cleanup_resources())
    assert not os.path.exists(km._socket_dir)


def test_a_temporary_folder_short_enough_is_used_as_it_is(short_tmp):
    assert socket_root() == str(short_tmp)
