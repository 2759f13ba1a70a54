"""Running one function over many inputs on every core, with results in input order.

Workers are forked, and only on Linux. Spawned workers would re-run the caller's
script, which breaks any script written without a `__main__` guard. Elsewhere, or with
one core, the inputs are processed one after another. Either way the results are the
same and come back in the same order, so outputs do not depend on the machine.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def map_in_processes(fn: Callable, items: Sequence, min_per_worker: int = 1) -> list:
    """[fn(x) for x in items], split over up to one worker per core.

    `min_per_worker`: the fewest items worth a worker. Starting a worker costs about as
    much as a few dozen small items.
    """
    workers = min(usable_cores(), len(items) // max(min_per_worker, 1))
    if workers < 2 or not sys.platform.startswith("linux"):
        return [fn(x) for x in items]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (4 * workers))))
