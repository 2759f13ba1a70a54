"""The kernels notebooks run on: IPC transport, so two started at once cannot collide.

jupyter_client's default transport is TCP: it finds free ports, closes them, and hands them
to the kernel, which binds them a moment later. Two kernels started at the same moment
(notebooks 02-04 under `make -j`) can be handed the same port, and one dies with "Address
already in use". Over IPC a kernel talks through Unix sockets in a folder of its own, so
there are no ports to share, and ipykernel no longer warns that it runs over unencrypted
TCP, because it does not.

Each kernel's folder is named after the process that started it (`hubmap-kernel-PID-...`) and
removed when the kernel stops. A run killed outright (Ctrl-C or SIGTERM to the whole run, or
SIGKILL) cannot remove it then, so each new kernel first removes the folders whose owner is
gone. The owner holds a lock on `owner.lock` in its folder for the kernel's whole life; the
operating system releases it when the process ends, however it ends. A folder is removed only
if that lock can be taken, so a live kernel's folder is never touched, even one started from
another container sharing the temporary folder, where its PID means nothing. No other folder
is touched.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from jupyter_client import AsyncKernelManager
from traitlets import CaselessStrEnum, Unicode

from ..shared.files import pause_point, process_alive

SOCKET_DIR_PREFIX = "hubmap-kernel-"
_SOCKET_DIR = re.compile(rf"{SOCKET_DIR_PREFIX}(\d+)-")


# A Unix socket's path holds at most 103 bytes on macOS (107 on Linux). The sockets are
# ROOT/hubmap-kernel-PID-XXXXXXXX/kernel-ipc-N: under a temporary folder too deep for that (a
# long TMPDIR), they go in /tmp instead, where the sweep also looks.
SOCKET_PATH_MAX = 103


def socket_root() -> str:
    """The folder the kernels' socket folders go in: the temporary folder, if short enough."""
    root = tempfile.gettempdir()
    longest = os.path.join(root, f"{SOCKET_DIR_PREFIX}{os.getpid()}-{'x' * 8}", "kernel-ipc-99")
    return root if len(os.fsencode(longest)) <= SOCKET_PATH_MAX else "/tmp"


OWNER_LOCK = "owner.lock"
# A folder without its lock file is being set up, or was left by a process that died while
# setting it up; it is removed only when its process is gone and it is older than this.
UNLOCKED_GRACE_S = 60


def hold_owner_lock(folder: str | Path) -> int:
    """Take the lock that marks `folder` as in use; it lasts until the returned file is closed
    or this process ends. The file is not inherited by the kernel or any other child.

    The file is locked under another name and then renamed into place, so no sweep can ever
    find `owner.lock` unlocked while its owner is alive.
    """
    staging = os.path.join(folder, f".{OWNER_LOCK}")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(staging, os.path.join(folder, OWNER_LOCK))
    return fd


def _owner_gone(folder: Path, pid: int, modified: float) -> bool:
    try:
        fd = os.open(folder / OWNER_LOCK, os.O_WRONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return not process_alive(pid) and time.time() - modified > UNLOCKED_GRACE_S
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # held: the owner is running
        return False
    finally:
        os.close(fd)
    return True


def sweep_socket_dirs(root: Path | None = None) -> list[Path]:
    """Remove this user's kernel folders in `root` (`socket_root()`) whose owner is gone."""
    removed = []
    for folder in Path(root or socket_root()).glob(f"{SOCKET_DIR_PREFIX}*"):
        m = _SOCKET_DIR.match(folder.name)
        try:
            info = folder.lstat()  # not following a link: only real folders of this user
            if not (
                m
                and stat.S_ISDIR(info.st_mode)
                and info.st_uid == os.getuid()
                and _owner_gone(folder, int(m.group(1)), info.st_mtime)
            ):
                continue
        except OSError:  # removed meanwhile by another kernel's sweep, or not ours to open
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


class IPCKernelManager(AsyncKernelManager):
    """A kernel whose sockets are Unix sockets in a private temporary folder.

    `stderr_path`, when set, receives the kernel process's own output (start-up messages,
    warnings printed outside any cell), which would otherwise interleave on the terminal.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    stderr_path = Unicode("", config=True)

    async def _async_pre_start_kernel(self, **kwargs):
        # Socket paths are limited to about 100 characters, so the folder is short and in the
        # system's temporary folder, not below the (possibly deep) build folder.
        root = socket_root()
        sweep_socket_dirs(Path(root))
        self._socket_dir = tempfile.mkdtemp(prefix=f"{SOCKET_DIR_PREFIX}{os.getpid()}-", dir=root)
        self._owner_lock = hold_owner_lock(self._socket_dir)
        self.connection_file = os.path.join(self._socket_dir, "kernel.json")
        self.ip = os.path.join(self._socket_dir, "kernel-ipc")  # sockets are kernel-ipc-1, -2, ...
        return await super()._async_pre_start_kernel(**kwargs)

    async def _async_launch_kernel(self, kernel_cmd, **kwargs):
        if self.stderr_path:
            self._stderr = open(self.stderr_path, "ab")  # noqa: SIM115 (closed with the kernel's resources)
            kwargs.setdefault("stdout", self._stderr)
            kwargs.setdefault("stderr", self._stderr)
        return await super()._async_launch_kernel(kernel_cmd, **kwargs)

    async def _async_start_kernel(self, **kwargs):
        await super()._async_start_kernel(**kwargs)
        pause_point("kernel-start")  # the kernel process exists but has not answered yet

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(getattr(self, "_socket_dir", ""), ignore_errors=True)
            if getattr(self, "_owner_lock", None) is not None:
                os.close(self._owner_lock)
                self._owner_lock = None
            if getattr(self, "_stderr", None):
                self._stderr.close()

    start_kernel = _async_start_kernel
    pre_start_kernel = _async_pre_start_kernel
    cleanup_resources = _async_cleanup_resources
