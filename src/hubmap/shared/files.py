"""Writing results so that a failed or interrupted run never leaves a half-written or stray file.

Every file is written to a temporary name in its destination folder and renamed into
place (`os.replace` is atomic on one file system). A set of tables is first written in
full, then renamed together, so a crash while writing leaves the previous set untouched.

The temporary file is removed on any exit from the write: an error, Ctrl-C
(KeyboardInterrupt) or SIGTERM, which raises while a write is under way and is then
delivered as usual. Only SIGKILL (or a power cut) can leave one behind; its name carries
the writer's process id, and the next write into that folder removes the temporary files
of writers that no longer run. Nothing else is ever deleted: only names of the form
`.NAME.PID.RANDOM.hubmap-tmp` are this writer's.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


_UMASK = os.umask(0)
os.umask(_UMASK)
CSV_OPTIONS = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}
TEMP_SUFFIX = ".hubmap-tmp"
_TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")
_swept: set[Path] = set()


class Terminated(BaseException):
    """SIGTERM arrived while a file was being written (raised so the temporary file is removed)."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While a write is under way, SIGTERM raises `Terminated` instead of ending the process at once.

    Only the main thread can set a handler, and only the default action is replaced: a
    program that handles SIGTERM itself keeps its own handler.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def _raise(signum, frame):
        raise Terminated()

    signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _terminate_again(exc: BaseException) -> None:
    """After cleaning up, let a SIGTERM end the process as it would have (once no write is under way)."""
    if isinstance(exc, Terminated) and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        os.kill(os.getpid(), signal.SIGTERM)


def process_alive(pid: int) -> bool:
    """Whether process `pid` exists (a writer that was killed outright does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the temporary files that writers no longer running left in `folder`; return them."""
    folder = Path(folder)
    removed = []
    if folder.is_dir():
        for path in folder.glob(f".*{TEMP_SUFFIX}"):
            m = _TEMP_NAME.match(path.name)
            if m and not process_alive(int(m.group(1))):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def pause_point(name: str) -> None:
    """A named point where the interrupt tests stop a run; does nothing unless asked to.

    With HUBMAP_PAUSE_AT=name in the environment, the process writes its id to the file
    named by HUBMAP_PAUSED_FLAG and waits there, so that a test can send its signal at
    exactly this point instead of after a guessed delay.
    """
    if os.environ.get("HUBMAP_PAUSE_AT") != name:
        return
    Path(os.environ["HUBMAP_PAUSED_FLAG"]).write_text(str(os.getpid()))
    time.sleep(600)


def _staged(path: Path, write: Callable[[Path], None]) -> Path:
    """Write via `write(tmp)` into a temporary file beside `path`; return the temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent not in _swept:
        sweep_stale(path.parent)
        _swept.add(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        with _sigterm_raises():
            write(Path(tmp))
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; results should read like any file
            pause_point(f"write:{path.name}")
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        _terminate_again(exc)
        raise
    return Path(tmp)


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)`, then move the result to `path` in one step."""
    path = Path(path)
    os.replace(_staged(path, write), path)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_atomic(path, lambda p: p.write_text(text, encoding="utf-8", newline="\n"))


def write_bytes(path: Path, data: bytes) -> Path:
    return write_atomic(path, lambda p: p.write_bytes(data))


def write_csv(path: Path, df: pd.DataFrame) -> Path:
    return write_atomic(path, lambda p: df.to_csv(p, **CSV_OPTIONS))


def write_csv_set(folder: Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Write several CSVs so that either all are replaced or none are."""
    folder = Path(folder)
    staged = []
    try:
        with _sigterm_raises():
            for name, df in sorted(tables.items()):
                staged.append(
                    (
                        _staged(folder / f"{name}.csv", lambda p, df=df: df.to_csv(p, **CSV_OPTIONS)),
                        folder / f"{name}.csv",
                    )
                )
    except BaseException as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        _terminate_again(exc)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged]


def sha256(path: Path) -> str:
    """The SHA-256 checksum of a file, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
