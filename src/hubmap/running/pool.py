"""Warm kernels for a batch of runs of one notebook (the Hub profiles): one kernel per worker, kept
from one run to the next.

A profile is a few milliseconds of analysis; starting a kernel and importing pandas and the package
in it costs about a second. So each worker process starts one kernel, and runs its share of the Hubs
on it, one after another, each as its own papermill run of the notebook. Before each run the kernel's
user namespace is emptied and its warning filters reset (`engine.FRESH`), so a Hub's executed
notebook, HTML and Word file are the same whatever ran before it on that kernel. A kernel that died (a
cell that crashed the process) is started again for the next run.

The workers (`Batch`) take one job at a time from a queue and report each as it finishes. Ctrl-C or
SIGTERM stops every worker, and each stops its kernel on the way out; a worker that dies outright
takes its kernel with it (ipykernel exits when its parent does).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait
from pathlib import Path

from jupyter_core.utils import run_sync

from .kernel import IPCKernelManager

KERNEL_NAME = "hubmap"
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 60  # how long an interrupted worker has to stop its kernel before it is killed
HISTORY = ["--HistoryManager.hist_file=:memory:"]  # as nbclient starts a kernel: no history file on disk


class WarmKernel:
    """One kernel, started on first use and kept for every run of this worker.

    Its own output (start-up messages, warnings printed outside a cell) goes to `log`; each run's
    share of it is copied to that run's log (`run_log`)."""

    def __init__(self, log: Path):
        self.log = Path(log)
        self.manager: IPCKernelManager | None = None

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def kernel(self) -> IPCKernelManager:
        """The kept kernel's manager, for papermill (`execute.execute(..., kernel=...)`), with its client
        kept on it (`kept_client`, which `engine.HubmapNotebookClient` reuses); started again if it died."""
        if self.manager is not None and not run_sync(self.manager.is_alive)():
            self.stop()
        if self.manager is None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            self.manager = IPCKernelManager(kernel_name=KERNEL_NAME, stderr_path=str(self.log))
            run_sync(self.manager.start_kernel)(extra_arguments=HISTORY)
            client = self.manager.client()
            client.start_channels()
            self.manager.kept_client = client
            run_sync(client.wait_for_ready)(timeout=STARTUP_TIMEOUT_S)
        return self.manager

    def stop(self) -> None:
        """Stop the kernel and remove its socket folder (whatever state an interrupt left it in)."""
        manager, self.manager = self.manager, None
        if manager is None:
            return
        client = getattr(manager, "kept_client", None)
        if client is not None:
            client.stop_channels()
        try:
            if manager.has_kernel:
                run_sync(manager.shutdown_kernel)(now=True)
        finally:
            run_sync(manager.cleanup_resources)()

    @contextmanager
    def run_log(self, log: Path) -> Iterator[None]:
        """Copy what the kernel prints during the block to `log` (the run's own log)."""
        start = self.log.stat().st_size if self.log.is_file() else 0
        try:
            yield
        finally:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
            with open(self.log, "rb") if self.log.is_file() else open(os.devnull, "rb") as f:
                f.seek(start)
                Path(log).write_bytes(f.read())


class Batch:
    """`run(kernel, job)` for every job, on `workers` warm kernels, one per forked worker (in this process,
    on one kernel, where fork is not available). A context manager: the workers start on entry;
    `results(jobs)` hands the jobs out and yields each result as it is ready; on exit every worker
    stops its kernel."""

    def __init__(self, run: Callable, workers: int, kernel_logs: Path):
        self.run, self.kernel_logs = run, Path(kernel_logs)
        self.workers = max(1, workers) if sys.platform.startswith("linux") else 1
        self.processes: list = []
        self.pipes: list = []

    def __enter__(self) -> Batch:
        if self.workers == 1:
            self.local = WarmKernel(self.kernel_logs / f"kernel-{os.getpid()}.log")
            return self
        context = multiprocessing.get_context("fork")
        self.jobs = context.Queue()
        for _ in range(self.workers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(self.jobs, send, self.run, self.kernel_logs), daemon=True)
            process.start()
            send.close()
            self.pipes.append(receive)
            self.processes.append(process)
        return self

    def results(self, jobs: list) -> Iterator:
        if self.workers == 1:
            for job in jobs:
                yield self.run(self.local, job)
            return
        for job in jobs:
            self.jobs.put(job)
        for _ in self.processes:
            self.jobs.put(None)  # one each: no more jobs
        open_pipes = list(self.pipes)
        while open_pipes:
            for pipe in wait(open_pipes):
                try:
                    yield pipe.recv()
                except EOFError:  # the worker has finished (or died: its unfinished job is the caller's to report)
                    open_pipes.remove(pipe)

    def __exit__(self, *exc) -> None:
        if self.workers == 1:
            self.local.stop()
            return
        # First: jobs left unread after an interrupt must not hold this process at its exit (the queue's
        # feeder thread, blocked on a full pipe, would be joined), even if a second signal cuts this short.
        self.jobs.cancel_join_thread()
        for process in self.processes:
            if process.is_alive() and exc[0] is not None:  # interrupted (a worker the signal reached is stopping)
                os.kill(process.pid, signal.SIGTERM)  # each stops its kernel on the way out
        if exc[0] is None:
            for _ in self.processes:
                self.jobs.put(None)  # finished early (no jobs given): let each worker stop
        for process in self.processes:
            process.join(timeout=STOP_TIMEOUT_S)
            if process.is_alive():
                process.kill()  # its kernel exits with it (ipykernel watches its parent)
                process.join()
        self.jobs.close()


def _worker(jobs, send, run, kernel_logs: Path) -> None:
    kernel = WarmKernel(Path(kernel_logs) / f"kernel-{os.getpid()}.log")
    status = 0
    try:
        while (job := jobs.get()) is not None:
            send.send(run(kernel, job))
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (made an interrupt by execute.stamped)
        status = 130
    except BaseException as exc:  # the parent reports the jobs this worker did not finish
        print(f"a worker of the batch stopped: {exc!r}", file=sys.stderr, flush=True)
        status = 1
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):  # a second signal must not cut the kernel's stop short
            signal.signal(signum, signal.SIG_IGN)
        kernel.stop()
        send.close()
    os._exit(status)  # not through the parent's exit handlers, which a forked child inherits
