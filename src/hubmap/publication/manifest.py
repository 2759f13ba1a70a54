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
from ..intake.schemas import PROCESSED
from ..shared.declarations import FIGURE_FORMATS
from ..shared.files import sha256, write_csv, write_text
from ..shared.notice import plain_notice
from ..shared.problems import MissingInputError, display_path
from ..shared.registry import NOTEBOOKS
from ..template.study import Study
from .captions import captions, captions_markdown
from .catalogue import figures, for_study, manuscript_tables, reads, saved_tables
from .results import RunContext
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


def missing_figures(figures_dir: Path, study: Study) -> list[str]:
    """Figure files the publication set needs that are not (yet) in `figures_dir`."""
    return [
        f"{name}.{fmt}"
        for name in figures(study)
        for fmt in FIGURE_FORMATS
        if not (Path(figures_dir) / f"{name}.{fmt}").is_file()
    ]


def assemble_publication_set(
    service: pd.DataFrame,
    processed_dir: Path,
    tables_dir: Path,
    figures_dir: Path,
    context: RunContext,
    logic_model: Path,
) -> pd.DataFrame:
    """Write captions.md, manuscript_tables.docx and manifest.csv next to the saved figures.

    `service`: the processed service-model table, for the number of units and their accuracy checks.
    `context`: the run's (the study, the data notice, which mapping round each unit contributes).
    `logic_model`: the definition Figure 4 was drawn from, whose checksum goes into the manifest.
    """
    study, notice, rounds = context.study, context.notice, context.rounds
    figures_dir = Path(figures_dir)
    missing = missing_figures(figures_dir, study)
    if missing:
        makers = sorted({NOTEBOOKS[figures(study)[m.rsplit(".", 1)[0]].notebook].path for m in missing})
        raise MissingInputError(
            f"{display_path(figures_dir)} has no {', '.join(missing)}: run {' and '.join(makers)} first "
            "(or `make all`, which runs every notebook in order)"
        )
    plain = plain_notice(notice)
    made = for_study(study)
    saved = {name: read_table(tables_dir, made[name]) for name in CAPTION_TABLES if name in made}
    caps = captions(saved, service["hub_id"].nunique(), plain, study)
    checks = accuracy_check_line(service, study.units) if "checked_date" in service else ""
    write_text(figures_dir / "captions.md", captions_markdown(caps, checks, study, rounds))
    paper = [(read_table(tables_dir, t, as_text=True), t) for t in manuscript_tables(study)]
    tables_docx(paper, plain, figures_dir / "manuscript_tables.docx", rounds)
    checksums = {t: sha256(Path(processed_dir) / f"{t}.csv") for t in MANIFEST_INPUTS}
    every_input = "; ".join(f"{t}.csv sha256:{c}" for t, c in checksums.items())
    definition = f"{Path(logic_model).name} sha256:{sha256(logic_model)}"

    def inputs(result) -> str:  # the checksums of what its declaration says it is made from
        made_from = reads(result)
        return "; ".join(
            [f"{t}.csv sha256:{sha256(Path(processed_dir) / f'{t}.csv')}" for t in PROCESSED if t in made_from]
            + ([definition] if "model" in made_from else [])
        )

    n = service["hub_id"].nunique()
    rows = [
        {
            "output": f"{name}.{fmt}",
            "kind": "figure",
            "notebook": NOTEBOOKS[figure.notebook].path,
            "inputs": inputs(figure),
            "title": figure.caption(n),
            "description": figure.alt,
        }
        for name, figure in figures(study).items()
        for fmt in FIGURE_FORMATS
    ]
    publication = NOTEBOOKS[PUBLICATION_NOTEBOOK].path
    rows += [
        {"output": name, "kind": kind, "notebook": publication, "inputs": every_input, "title": name}
        for name, kind in (("captions.md", "captions"), ("manuscript_tables.docx", "tables"))
    ]
    for row in rows:
        row["sha256"] = sha256(figures_dir / row["output"])
    for table in saved_tables(study):
        csv = saved_csv(tables_dir, table)
        rows.append(
            {
                "output": csv.name,
                "kind": "table",
                "notebook": NOTEBOOKS[table.notebook].path,
                "inputs": inputs(table),
                "title": table.caption,
                "sha256": sha256(csv),
            }
        )
    manifest = pd.DataFrame(rows, columns=["output", "kind", "notebook", "inputs", "sha256", "title", "description"])
    write_csv(figures_dir / "manifest.csv", manifest)
    return manifest
