"""Running one notebook the way every Makefile rule does: `python -m hubmap run NAME -p KEY VALUE ...`.

papermill executes the notebook top to bottom in a fresh kernel (`kernel.IPCKernelManager`)
with the parameters the rule passes. Then, in this order:

1. the executed copy goes to `REPORTS_DIR/notebooks/NAME.ipynb`, renamed into place whole
   (on failure too: it shows the failing cell);
2. the run log gets a block: when, outcome, input checksums, warnings;
3. on success, the stamp `STAMPS/NAME.done` is written, which tells make the notebook is
   up to date. On failure `make` is told why and where, and no stamp is written.

The report step renders every new executed copy to HTML, all in one process (`report.render`).

Ctrl-C or SIGTERM stops the kernel and leaves no partial file in any output folder.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
import warnings
from pathlib import Path

import papermill
from papermill.exceptions import PapermillExecutionError
from traitlets import Unicode

from ..shared.files import TEMP_SUFFIX, sweep_stale, write_text
from ..shared.paths import repo_root, resolve
from ..shared.registry import Notebook
from .engine import ENGINE
from .kernel import IPCKernelManager
from .runlog import append_run_log, failure_summary, warnings_in

KERNEL_NAME = "hubmap"  # the project's kernel, registered in the environment (its sys.prefix) by `make`


class ParameterError(ValueError):
    """The parameters a rule passes do not match the notebook's."""


def check_parameters(notebook: Notebook, parameters: dict) -> None:
    unknown = sorted(set(parameters) - set(notebook.parameters))
    if unknown:
        raise ParameterError(
            f"{notebook.path} has no parameter {', '.join(unknown)}; it takes "
            f"{', '.join(notebook.parameters)} (hubmap.shared.registry.NOTEBOOKS)"
        )


def inputs_of(notebook: Notebook, parameters: dict[str, str]) -> list[Path]:
    """The files a run reads, for the run log: workbooks and lookup, or processed tables."""
    files = []
    if "RAW_DIR" in parameters:
        raw = resolve(parameters["RAW_DIR"])
        files += sorted(p for p in raw.iterdir() if p.is_file()) if raw.is_dir() else []
    if "TITLE_LOOKUP" in parameters:
        files.append(resolve(parameters["TITLE_LOOKUP"]))
    if "PROCESSED_DIR" in parameters:
        files += [resolve(parameters["PROCESSED_DIR"]) / f"{t}.csv" for t in notebook.reads]
    return files


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt("terminated")


def execute(notebook: Notebook, parameters: dict[str, str], executed: Path, log: Path, kernel=None) -> bool:
    """Run `notebook` with `parameters` into `executed`; True if every cell ran.

    `kernel`: a kernel manager kept for a batch of runs (`running.pool.WarmKernel`), or None for a
    kernel of the run's own, whose output goes to `log`. The executed copy is written under a
    temporary name and renamed into place when the run ends, well or badly; an interrupted run
    leaves nothing.
    """
    executed.parent.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(executed.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{executed.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=executed.parent)
    os.close(fd)
    if kernel is None:
        log.write_bytes(b"")
        where = {"kernel_manager_class": type("KernelManager", (IPCKernelManager,), {"stderr_path": Unicode(str(log))})}
    else:
        where = {"km": kernel}
    try:
        with warnings.catch_warnings():  # papermill warns that the temporary name does not end in .ipynb
            warnings.filterwarnings("ignore", message="The specified file .* does not end in")
            papermill.execute_notebook(
                str(repo_root() / notebook.path),
                tmp,
                parameters=parameters,
                engine_name=ENGINE,
                request_save_on_cell_execute=False,  # written once, at the end, and renamed into place
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                log_output=False,
                shutdown_kernel="immediate",  # every cell has finished: no need to wait for the kernel to exit
                **where,
            )
        ok = True
    except PapermillExecutionError:
        ok = False
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.chmod(tmp, 0o644)
    os.replace(tmp, executed)
    return ok


def stamped(notebook: Notebook, stamps_dir: Path, body) -> int:
    """Run `body()` (an exit status) for `notebook`, and write its stamp only if it succeeds.

    SIGTERM is turned into an interrupt, so the kernel is stopped and nothing partial is left.
    """
    stamp = Path(stamps_dir) / f"{notebook.name}.done"
    stamp.unlink(missing_ok=True)
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    status = body()
    if status == 0:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        write_text(stamp, "")
    return status


def run_once(notebook: Notebook, parameters: dict, reports_dir: Path) -> int:
    """What a Makefile rule does for a notebook run once (inside `stamped`); returns the exit status."""
    executed = reports_dir / "notebooks" / f"{notebook.name}.ipynb"
    log = reports_dir / "logs" / f"{notebook.name}.log"
    run_log = reports_dir / "logs" / "run.log"
    print(f"==> running {notebook.path}", flush=True)
    start = time.monotonic()
    ok = execute(notebook, parameters, executed, log)
    append_run_log(
        run_log,
        notebook.path,
        "ok" if ok else "failed",
        time.monotonic() - start,
        inputs_of(notebook, parameters),
        warnings_in(executed, log),
    )
    if not ok:
        message = failure_summary(executed)
        with open(run_log, "a", encoding="utf-8") as f:
            f.write(message + "\n")
        print(message, file=sys.stderr)
        print(f"make: {notebook.path} failed; kernel log: {log}; run log: {run_log}", file=sys.stderr)
        return 1
    return 0
