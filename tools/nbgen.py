"""Write a source notebook (no outputs) from a list of cells. Used to author notebooks/*.ipynb.

Analysts may equally edit the notebooks in JupyterLab; this only keeps them clean and uniform.
Usage in a script: write_notebook(path, [("md", text), ("code", text), ("params", text), ...])
"""

from __future__ import annotations

from pathlib import Path

import nbformat

KERNELSPEC = {"name": "hubmap", "display_name": "Python (hubmap)", "language": "python"}


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for i, (kind, text) in enumerate(cells):
        text = text.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(text)
        else:
            cell = nbformat.v4.new_code_cell(text)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        cell.id = f"cell-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    Path(path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
