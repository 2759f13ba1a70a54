"""The papermill engine the Makefile runs notebooks with: papermill's own, minus a wait.

papermill's default engine asks the kernel to shut down and waits for it to exit, about
half a second per notebook, and three notebooks follow one another on every run. By
then every cell has finished, its output is in the executed notebook, and every file
it wrote is closed and renamed into place. So this engine stops the kernel at once.
Nothing else changes: same client, same outputs, same error handling. It is
registered as `hubmap` through the `papermill.engine` entry point in pyproject.toml
and used with `papermill --engine hubmap`.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine


class ImmediateShutdownEngine(NBClientEngine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        return super().execute_managed_notebook(nb_man, kernel_name, **{"shutdown_kernel": "immediate", **kwargs})
