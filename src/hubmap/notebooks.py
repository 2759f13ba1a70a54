"""Helpers about executed notebooks: why one failed, for `make` to print."""

from __future__ import annotations

import json
import re
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failure_summary(path: Path) -> str:
    """The error a papermill-executed notebook stopped on, and where to open it."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"Notebook did not run; no executed copy at {path} (see the log beside it)."
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                lines = out.get("traceback") or [f"{out.get('ename')}: {out.get('evalue')}"]
                if len(lines) > 1 and out.get("ename") != "MappingInputError":
                    lines = [f"{out.get('ename')}: {out.get('evalue')}"]
                text = _ANSI.sub("", "\n".join(lines))
                return f"{text}\nThe executed notebook, with the failing cell, is at {path}"
    return f"Notebook stopped without an error cell; open {path} to see how far it ran."


def append_run_log(run_log: Path, notebook: str, status: str, seconds: int, papermill_log: Path,
                   inputs: list[Path], include: list[Path]) -> None:
    """One block per notebook run: when, outcome, inputs with checksums, warnings raised."""
    import datetime as dt

    from .storage import sha256

    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [f"{when} {notebook}: {status} in {seconds} s"]
    for path in include:
        lines += [f"    {line}" for line in Path(path).read_text(encoding="utf-8").splitlines()]
    lines += [f"    input {p} sha256:{sha256(p)}" for p in inputs if Path(p).is_file()]
    try:
        logged = Path(papermill_log).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        logged = []
    warnings = [w for w in logged if "warn" in w.lower()]
    lines += [f"    warning: {_ANSI.sub('', w).strip()}" for w in warnings] or ["    warnings: none"]
    Path(run_log).parent.mkdir(parents=True, exist_ok=True)
    with open(run_log, "a", encoding="utf-8") as log:
        log.write("\n".join(lines) + "\n")
