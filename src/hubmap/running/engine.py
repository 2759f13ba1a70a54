"""papermill's nbclient engine as this project runs it, registered as papermill's engine "hubmap".

Three changes to papermill's own engine, each for one reason:

1. The cell papermill injects with a run's parameters gets a fixed id, "injected-parameters", where
   papermill draws a random one: the executed notebook and its HTML then have the same bytes at
   every run of the same inputs.
2. A kernel kept for a batch of runs (`running.pool.WarmKernel`) keeps its client too, and before
   each notebook its user namespace is emptied and its warning filters put back as the kernel
   started with them (`FRESH`): execution counts start at 1 and nothing a cell defined for one Hub is
   seen by the next. Without this every run would open a new client, and jupyter_client waits
   0.2 s for a quiet channel each time.
3. Every kernel collects garbage less often (`GC_SETUP`): a notebook allocates millions of short-lived
   objects (pandas, matplotlib), and with Python's default thresholds the collector walks every live
   object again and again. What a notebook computes and writes is unchanged.
"""

from __future__ import annotations

from jupyter_core.utils import run_sync
from nbclient.util import run_hook
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

ENGINE = "hubmap"
INJECTED_CELL_ID = "injected-parameters"

# Run silently in every kernel before a notebook (speed; measured in CHANGELOG.md): once in a kernel of
# the run's own, and before each notebook in a kept one, in the same request as FRESH.
GC_SETUP = "import gc; gc.set_threshold(50_000, 20, 100)"

# Run silently in a kept kernel before each notebook. The filters the kernel started with are kept on
# the shell (which survives `reset`), the first time; `resetwarnings` also forgets which warnings
# were already shown once, so a warning is shown for every Hub alike. `reset` ends in a full garbage
# collection; what is still alive after it (modules, their caches) is frozen out of later ones, so
# each later reset looks only at what the last notebook made.
FRESH = """\
def _fresh(ip=get_ipython()):
    import gc, warnings
    if not hasattr(ip, "hubmap_warning_filters"):
        ip.hubmap_warning_filters = list(warnings.filters)
    ip.reset(new_session=True)
    gc.freeze()
    warnings.resetwarnings()
    warnings.filters.extend(ip.hubmap_warning_filters)
_fresh()
"""


class KernelSetupError(RuntimeError):
    """A kernel could not be set up (or a kept one made fresh) for the next notebook."""


class HubmapNotebookClient(PapermillNotebookClient):
    """papermill's client, with a fixed id for the injected cell and a kept kernel's client reused."""

    def papermill_execute_cells(self):
        for cell in self.nb.cells:
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = INJECTED_CELL_ID
        return super().papermill_execute_cells()

    async def async_start_new_kernel_client(self):
        kept = getattr(self.km, "kept_client", None)
        if kept is None:  # a kernel of the run's own
            client = await super().async_start_new_kernel_client()
            await self._run_silently(client, GC_SETUP)
            return client
        self.kc = kept
        await self._run_silently(kept, GC_SETUP + "\n" + FRESH)
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return kept

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    async def _run_silently(self, client, code: str) -> None:
        reply = await self.async_wait_for_reply(client.execute(code, silent=True, store_history=False))
        if reply is None or reply["content"]["status"] != "ok":
            raise KernelSetupError(f"the kernel could not be set up for a notebook: {reply and reply['content']}")


class HubmapEngine(NBClientEngine):
    """papermill's `NBClientEngine`, running notebooks with `HubmapNotebookClient`."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        timeout = execution_timeout or kwargs.get("timeout")
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            kwargs,
            timeout=timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        return HubmapNotebookClient(nb_man, **final_kwargs).execute()


papermill_engines.register(ENGINE, HubmapEngine)
