"""The papermill engine the Makefile runs notebooks with: kernels on IPC, stopped at once.

**Kernels that cannot collide.** jupyter_client's default transport is TCP: it picks free
ports, closes them, and hands them to the kernel, which binds them a moment later. Two
kernels started at the same moment (notebooks 02-04 under `make -j`) can be handed the
same port, and one dies with "Address already in use". Over IPC transport a kernel talks
through Unix sockets in a folder of its own, so there are no ports to share; ipykernel
also stops warning that it runs over unencrypted TCP, because it no longer does.

**No wait at the end.** papermill's default engine asks the kernel to shut down and waits
for it to exit, about half a second per notebook. By then every cell has finished, its
output is in the executed notebook, and every file it wrote is closed and renamed into
place, so this engine stops the kernel at once.

Registered as `hubmap` through the `papermill.engine` entry point in pyproject.toml and
used with `papermill --engine hubmap`.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from jupyter_client import AsyncKernelManager
from papermill.engines import NBClientEngine
from traitlets import CaselessStrEnum

from .storage import pause_point


class IPCKernelManager(AsyncKernelManager):
    """A kernel whose sockets are Unix sockets in a private temporary folder."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    async def _async_pre_start_kernel(self, **kwargs):
        # Socket paths are limited to about 100 characters, so the folder is short and in /tmp,
        # not below the (possibly deep) build folder. The kernel's sockets are `<ip>-<n>`.
        self._socket_dir = tempfile.mkdtemp(prefix="hubmap-kernel-")
        self.connection_file = os.path.join(self._socket_dir, "kernel.json")
        self.ip = os.path.join(self._socket_dir, "kernel-ipc")
        return await super()._async_pre_start_kernel(**kwargs)

    async def _async_start_kernel(self, **kwargs):
        await super()._async_start_kernel(**kwargs)
        pause_point("kernel-start")  # the kernel process exists but has not answered yet

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and getattr(self, "_socket_dir", None):
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    start_kernel = _async_start_kernel
    pre_start_kernel = _async_pre_start_kernel
    cleanup_resources = _async_cleanup_resources


class ImmediateShutdownEngine(NBClientEngine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        return super().execute_managed_notebook(
            nb_man, kernel_name, **{"shutdown_kernel": "immediate", "kernel_manager_class": IPCKernelManager, **kwargs})
