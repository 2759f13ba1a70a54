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
