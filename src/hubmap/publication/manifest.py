"""The publication set around the saved figures: captions, manuscript tables and a manifest.

Notebooks 02 to 06 draw and save the figures and save every table. This step reads those
files back and assembles the rest; it computes nothing again. The manifest ties each output,
every figure and every saved table, to the notebook that made it and the checksums of the inputs it
was made from (for a table, those its declaration names), with its own checksum and title.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis.services import accuracy_check_line
from ..shared.files import sha256, write_csv, write_text
from ..shared.notice import plain_notice
from ..shared.problems import MissingInputError, display_path
from ..shared.registry import FIGURE_FORMATS, FIGURES, NOTEBOOKS
from .captions import captions, captions_markdown
from .catalogue import declared, manuscript_tables, saved_tables
from .tables import read_table, saved_csv
from .word import tables_docx

PUBLICATION_NOTEBOOK = "08_publication"
CAPTION_TABLES = (
    "staffing_clinical_split",
    "staffing_experienced_share",
    "intervention_matrix",
    "logic_model_coverage",
    "changes_summary",
)
MANIFEST_INPUTS = ("service_model", "staffing", "interventions")
PROCESSED_INPUTS = ("service_model", "staffing", "interventions", "cleaning_log", "sources")


def missing_figures(figures_dir: Path) -> list[str]:
    """Figure files the publication set needs that are not (yet) in `figures_dir`."""
    return [
        f"{name}.{fmt}"
        for name in FIGURES
        for fmt in FIGURE_FORMATS
        if not (Path(figures_dir) / f"{name}.{fmt}").is_file()
    ]


def assemble_publication_set(
    service: pd.DataFrame,
    processed_dir: Path,
    tables_dir: Path,
    figures_dir: Path,
    notice: str,
    logic_model: Path,
    rounds: str = "",
) -> pd.DataFrame:
    """Write captions.md, manuscript_tables.docx and manifest.csv next to the saved figures.

    `service`: the processed service-model table, for the number of Hubs and their accuracy checks.
    `logic_model`: the definition Figure 4 was drawn from, whose checksum goes into the manifest.
    `rounds`: which mapping round each Hub contributes (`intake.rounds.rounds_note`), for the captions and tables.
    """
    figures_dir = Path(figures_dir)
    missing = missing_figures(figures_dir)
    if missing:
        makers = sorted({FIGURES[m.rsplit(".", 1)[0]].path for m in missing})
        raise MissingInputError(
            f"{display_path(figures_dir)} has no {', '.join(missing)}: run {' and '.join(makers)} first "
            "(or `make all`, which runs every notebook in order)"
        )
    plain = plain_notice(notice)
    saved = {name: read_table(tables_dir, declared(name)) for name in CAPTION_TABLES}
    caps = captions(saved, service["hub_id"].nunique(), plain)
    write_text(figures_dir / "captions.md", captions_markdown(caps, accuracy_check_line(service), rounds))
    paper = [(read_table(tables_dir, t, as_text=True), t) for t in manuscript_tables()]
    tables_docx(paper, plain, figures_dir / "manuscript_tables.docx", rounds)
    checksums = {t: sha256(Path(processed_dir) / f"{t}.csv") for t in MANIFEST_INPUTS}
    every_input = "; ".join(f"{t}.csv sha256:{c}" for t, c in checksums.items())
    definition = f"{Path(logic_model).name} sha256:{sha256(logic_model)}"
    rows = [
        {
            "output": f"{name}.{fmt}",
            "kind": "figure",
            "notebook": figure.path,
            "inputs": "; ".join(
                [f"{t}.csv sha256:{checksums[t]}" for t in figure.reads]
                + ([definition] if name == "figure4_logic_model" else [])
            ),
        }
        for name, figure in FIGURES.items()
        for fmt in FIGURE_FORMATS
    ]
    publication = NOTEBOOKS[PUBLICATION_NOTEBOOK].path
    rows += [
        {"output": "captions.md", "kind": "captions", "notebook": publication, "inputs": every_input},
        {"output": "manuscript_tables.docx", "kind": "tables", "notebook": publication, "inputs": every_input},
    ]
    n = service["hub_id"].nunique()
    for row in rows:
        figure = FIGURES.get(row["output"].rsplit(".", 1)[0])
        row["title"] = f"Figure {figure.number}. {figure.title.format(n=n)}" if figure else row["output"]
        row["sha256"] = sha256(figures_dir / row["output"])
    for table in saved_tables():
        csv = saved_csv(tables_dir, table)
        inputs = [
            f"{t}.csv sha256:{sha256(Path(processed_dir) / f'{t}.csv')}" for t in PROCESSED_INPUTS if t in table.needs
        ] + ([definition] if "model" in table.needs else [])
        rows.append(
            {
                "output": csv.name,
                "kind": "table",
                "notebook": NOTEBOOKS[table.notebook].path,
                "inputs": "; ".join(inputs),
                "title": table.caption,
                "sha256": sha256(csv),
            }
        )
    manifest = pd.DataFrame(rows, columns=["output", "kind", "notebook", "inputs", "sha256", "title"])
    write_csv(figures_dir / "manifest.csv", manifest)
    return manifest
