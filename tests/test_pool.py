"""Warm kernels (`running.pool`): a kernel kept from one Hub's run to the next gives each run what a fresh
kernel would: an empty namespace, execution counts from 1, the kernel's own warning filters, and a
kernel started again after one that died."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hubmap.running import execute
from hubmap.running.pool import Batch, WarmKernel
from hubmap.shared.registry import Notebook

# A notebook of the tests' own, found where the registry's are (notebooks/NAME.ipynb, from the repository root).
FRESH = Notebook("../tests/data/fresh_kernel", "warm-kernel check", ("HUB",), per_hub=True)


def run_on(kernel: WarmKernel, hub: str, folder: Path) -> tuple[bool, dict]:
    executed = folder / f"{hub}.ipynb"
    with kernel.run_log(folder / f"{hub}.log"):
        ok = execute.execute(FRESH, {"HUB": hub}, executed, folder / f"{hub}.log", kernel=kernel.kernel())
    return ok, json.loads(executed.read_text())


def thresholds_set_by_the_engine() -> tuple[int, int, int]:
    import gc

    from hubmap.running.engine import GC_SETUP

    before = gc.get_threshold()
    try:
        exec(GC_SETUP, {})
        return gc.get_threshold()
    finally:
        gc.set_threshold(*before)


def stdout_of(nb: dict) -> str:
    return "".join(
        "".join(o.get("text", "")) for c in code_cells(nb) for o in c["outputs"] if o.get("name") == "stdout"
    )


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def stderr_of(nb: dict) -> str:
    return "".join(
        "".join(o.get("text", "")) for c in code_cells(nb) for o in c["outputs"] if o.get("name") == "stderr"
    )


def test_a_kept_kernel_is_fresh_for_each_run(tmp_path, short_tmp):
    with WarmKernel(tmp_path / "kernel.log") as kernel:
        runs = [run_on(kernel, hub, tmp_path) for hub in ("Hub A", "Hub B", "Hub C")]
        pid = kernel.kernel().provisioner.process.pid
        assert run_on(kernel, "Hub D", tmp_path)[0] and kernel.kernel().provisioner.process.pid == pid  # one kernel
    for (ok, nb), hub in zip(runs, ("Hub A", "Hub B", "Hub C")):
        assert ok, [
            o for c in code_cells(nb) for o in c["outputs"] if o["output_type"] == "error"
        ]  # no MARKER, no filter
        assert [c["execution_count"] for c in code_cells(nb)] == list(range(1, len(code_cells(nb)) + 1))
        assert f"shown for {hub}" in stderr_of(nb)  # a warning shown again for every Hub
        injected = [c for c in code_cells(nb) if "injected-parameters" in c["metadata"].get("tags", [])]
        assert [c["id"] for c in injected] == ["injected-parameters"]  # the same id at every run
        assert f"gc thresholds: {thresholds_set_by_the_engine()}" in stdout_of(nb)
    assert not list(short_tmp.iterdir())  # the kernel's socket folder went with it


def test_a_kernel_of_a_runs_own_collects_garbage_as_the_engine_sets(tmp_path, short_tmp):
    """Every kernel, kept or not, runs with the engine's garbage-collection thresholds (`engine.GC_SETUP`)."""
    import gc

    assert thresholds_set_by_the_engine() != gc.get_threshold()  # Python's own: the check below can fail
    ok = execute.execute(FRESH, {"HUB": "Hub A"}, tmp_path / "own.ipynb", tmp_path / "own.log")
    assert ok and f"gc thresholds: {thresholds_set_by_the_engine()}" in stdout_of(
        json.loads((tmp_path / "own.ipynb").read_text())
    )


def test_the_check_sees_what_an_earlier_run_left(tmp_path, short_tmp):
    """Without the fresh start, the second run finds the first run's MARKER (the test above can fail)."""
    with WarmKernel(tmp_path / "kernel.log") as kernel:
        assert run_on(kernel, "Hub A", tmp_path)[0]
        client = kernel.kernel().kept_client
        client.execute("MARKER = 'left over'")  # as a kernel without the reset would hand it on
        ok, nb = run_on(kernel, "Hub B", tmp_path)
    assert ok  # the reset before Hub B removed it
    with WarmKernel(tmp_path / "kernel.log") as kernel:
        assert run_on(kernel, "Hub A", tmp_path)[0]
        from hubmap.running import engine

        original = engine.FRESH
        engine.FRESH = "pass"  # no reset
        try:
            ok, nb = run_on(kernel, "Hub B", tmp_path)
        finally:
            engine.FRESH = original
    assert not ok and "a name set by an earlier run is visible" in json.dumps(nb)


def test_a_failing_run_does_not_stop_the_next_and_a_dead_kernel_is_started_again(tmp_path, short_tmp):
    with WarmKernel(tmp_path / "kernel.log") as kernel:
        failed, nb = run_on(kernel, "Hub that fails", tmp_path)
        assert not failed and "this cell fails for Hub that fails" in json.dumps(nb)
        first = kernel.kernel().provisioner.process.pid
        with pytest.raises(Exception):  # noqa: B017 (the kernel died: nbclient's DeadKernelError)
            run_on(kernel, "Hub that ends its kernel", tmp_path)
        ok, nb = run_on(kernel, "Hub E", tmp_path)
        assert ok and kernel.kernel().provisioner.process.pid != first
        assert [c["execution_count"] for c in code_cells(nb)][0] == 1
    assert not (tmp_path / "Hub that ends its kernel.ipynb").exists()  # nothing half-written
    assert not list(short_tmp.iterdir())


def _where(kernel, job):
    return job, os.getpid()


def test_a_batch_runs_every_job_once_across_its_workers(tmp_path, short_tmp):
    with Batch(_where, 2, tmp_path) as batch:
        results = list(batch.results(list(range(7))))
    assert sorted(job for job, _ in results) == list(range(7))
    assert os.getpid() not in {pid for _, pid in results} and len({pid for _, pid in results}) <= 2
    with Batch(_where, 1, tmp_path) as batch:
        assert sorted(job for job, _ in batch.results(list(range(3)))) == [0, 1, 2]
    with Batch(_where, 2, tmp_path) as batch:
        pass  # nothing to run: the workers stop
    assert not list(short_tmp.iterdir())  # no kernel left behind


# A batch interrupted twice: the first signal while it waits for its workers' results, a second (make
# passes its own SIGTERM on to the run) while it waits for them to stop. Its workers never read the
# jobs left in the queue, more than the queue's pipe holds (each job carries what a profile is made from).
TWICE_INTERRUPTED = """
import signal, sys, time
from pathlib import Path
from hubmap.running import pool

def interrupted(signum, frame):
    raise KeyboardInterrupt

def stall(kernel, job):
    time.sleep(600)

signal.signal(signal.SIGALRM, interrupted)
signal.signal(signal.SIGTERM, interrupted)
join = pool.multiprocessing.context.ForkProcess.join

def second_signal(self, timeout=None):
    pool.multiprocessing.context.ForkProcess.join = join
    raise KeyboardInterrupt

pool.multiprocessing.context.ForkProcess.join = second_signal
signal.alarm(2)
try:
    with pool.Batch(stall, 2, Path(sys.argv[1])) as batch:
        for _ in batch.results([b"x" * 100_000] * 6):
            pass
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


def test_an_interrupted_batch_ends_however_many_jobs_are_left_unread(tmp_path):
    """The run ends at once: its exit does not wait to hand the unread jobs to workers that are gone."""
    import subprocess
    import sys

    (tmp_path / "twice.py").write_text(TWICE_INTERRUPTED)
    done = subprocess.run(
        [sys.executable, str(tmp_path / "twice.py"), str(tmp_path / "logs")], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, "interrupted\n"), done.stderr
