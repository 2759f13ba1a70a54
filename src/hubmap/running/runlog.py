"""The run log: one block per notebook run (when, outcome, inputs with checksums, warnings),
and why a run failed, in words `make` can print.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..shared.files import sha256

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


def warnings_in(executed: Path, kernel_log: Path) -> list[str]:
    """Warnings the run raised: in cells' error streams, and in the kernel's own output."""
    lines: list[str] = []
    try:
        nb = json.loads(Path(executed).read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    lines += "".join(out.get("text", "")).splitlines()
    except (OSError, ValueError):
        pass
    try:
        lines += Path(kernel_log).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        pass
    return [_ANSI.sub("", line).strip() for line in lines if "warn" in line.lower()]


def append_run_log(
    run_log: Path,
    notebook: str,
    status: str,
    seconds: float,
    inputs: list[Path] | dict[Path, str],
    warnings: list[str],
    label: str = "",
) -> None:
    """Append one block: `<time> <notebook>[ label]: <status> in <n> s`, its inputs, its warnings.

    `inputs`: the files the run read, or (for runs that share them) each with its checksum already taken."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [f"{when} {notebook}{f' ({label})' if label else ''}: {status} in {seconds:.0f} s"]
    checksums = inputs if isinstance(inputs, dict) else {p: sha256(p) for p in inputs if Path(p).is_file()}
    lines += [f"    input {p} sha256:{checksum}" for p, checksum in checksums.items()]
    lines += [f"    warning: {w}" for w in warnings] or ["    warnings: none"]
    Path(run_log).parent.mkdir(parents=True, exist_ok=True)
    with open(run_log, "a", encoding="utf-8") as log:  # appended, never rewritten: a log, not a result
        log.write("\n".join(lines) + "\n")
