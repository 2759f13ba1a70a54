"""Atomic writes: no half-written file and no stray temporary file, however a write ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import interruptible
from hubmap.shared import files

CHILD = """
import sys
from pathlib import Path
from hubmap.shared import files
files.write_text(Path(sys.argv[1]), "new text")
"""


def write_in_a_child_and_signal(target: Path, tmp_path: Path, signum: int) -> subprocess.CompletedProcess:
    """Start a process writing `target`, stop it at the write's pause point, send `signum`."""
    flag = tmp_path / "paused"
    env = os.environ | {"HUBMAP_PAUSE_AT": f"write:{target.name}", "HUBMAP_PAUSED_FLAG": str(flag)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target)], env=env, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible
    )
    deadline = time.monotonic() + 60
    while not flag.exists() or not flag.read_text():
        assert child.poll() is None and time.monotonic() < deadline, child.stderr.read() if child.stderr else ""
        time.sleep(0.02)
    assert [p.name for p in target.parent.glob(f".*{files.TEMP_SUFFIX}")]  # the write is under way
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, "", err)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, signum):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "table.csv"
    target.write_text("old text")
    done = write_in_a_child_and_signal(target, tmp_path, signum)
    assert done.returncode == -signum or (signum == signal.SIGINT and done.returncode == 1), done.stderr
    assert target.read_text() == "old text"
    assert sorted(p.name for p in out.iterdir()) == ["table.csv"]


def test_a_failed_write_removes_its_temporary_file(tmp_path):
    def fail(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        files.write_atomic(tmp_path / "figure.pdf", fail)
    assert list(tmp_path.iterdir()) == []


def test_sweep_removes_only_the_temporary_files_of_writers_that_are_gone(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # a process that has exited
    stale = tmp_path / f".figure1.pdf.{dead_pid}.abcd_123{files.TEMP_SUFFIX}"
    live = tmp_path / f".figure2.pdf.{os.getpid()}.abcd_123{files.TEMP_SUFFIX}"  # a write under way
    not_ours = [
        tmp_path / ".figure3.pdf.tmp",
        tmp_path / f"notes.{dead_pid}.txt",
        tmp_path / "figure1.pdf",
        tmp_path / f".x.{dead_pid}.short{files.TEMP_SUFFIX}",
    ]
    for path in [stale, live, *not_ours]:
        path.write_text("x")
    assert files.sweep_stale(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [live, *not_ours])


def test_the_first_write_into_a_folder_sweeps_it(tmp_path, monkeypatch):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".figure1.pdf.{int(gone.stdout)}.abcd_123{files.TEMP_SUFFIX}"
    stale.write_text("left by a killed kernel")
    monkeypatch.setattr(files, "_swept", set())
    files.write_text(tmp_path / "captions.md", "text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["captions.md"]


def test_a_pause_point_waits_only_where_named(monkeypatch, tmp_path):
    waits = []
    monkeypatch.setattr(files.time, "sleep", waits.append)
    monkeypatch.setenv("HUBMAP_PAUSE_AT", "write:other.csv")
    monkeypatch.setenv("HUBMAP_PAUSED_FLAG", str(tmp_path / "flag"))
    files.pause_point("write:this.csv")
    assert waits == [] and not (tmp_path / "flag").exists()
    files.pause_point("write:other.csv")
    assert waits and (tmp_path / "flag").read_text() == str(os.getpid())
