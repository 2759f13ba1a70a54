"""Executed notebooks to HTML: a full copy for method reviewers, a reader copy for everyone.

Both embed their images, so a single file can be emailed and still shows its charts.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from .storage import write_text


def render_notebook(executed: Path, out_dir: Path) -> list[Path]:
    """Write NAME.html (code and output) and NAME.reader.html (output only) into out_dir."""
    executed, out_dir = Path(executed), Path(out_dir)
    nb = nbformat.read(executed, as_version=4)
    written = []
    for suffix, exclude_code in ((".html", False), (".reader.html", True)):
        exporter = HTMLExporter(template_name="lab", embed_images=True,
                                exclude_input=exclude_code, exclude_input_prompt=exclude_code,
                                exclude_output_prompt=exclude_code)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": executed.stem}})
        written.append(write_text(out_dir / f"{executed.stem}{suffix}", body))
    return written
