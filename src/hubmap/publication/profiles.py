"""Each unit's profile for its lead's accuracy check: what it is made from, its sections, and the Word
file the lead edits.

`prepare` gathers what each unit's profile is made from (`Prepared`: its own rows, its measures beside
all units', the run's context, its file name), for every unit at once, so the comparison with all units
is computed once. The notebook `07_hub_profile` prepares its one unit itself, or reads what the per-unit
sweep prepared (`read_prepared`); either way the same. It shows the sections one by one;
`write_profile_docx` puts the same tables, numbered as in the notebook, in a Word file with a
sign-off block, so the lead can answer with tracked changes. The bytes depend only on the content.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docx.shared import Pt

from ..analysis import profile, services
from ..shared.files import write_atomic, write_bytes
from ..shared.hubs import file_stems, hub_order
from ..template.study import Study
from .catalogue import declared
from .display import DisplayTable, NotMadeNote
from .results import RunContext, produce
from .word import TABLE_FONT_PT, add_table, new_document, save_deterministic


@dataclass(frozen=True)
class Prepared:
    """What one unit's profile is made from."""

    hub: str
    stem: str  # the name of its files (`shared.hubs.file_stems` over every unit)
    inputs: dict[str, pd.DataFrame]  # the inputs its declarations name (`analysis.profile.needs`)
    context: RunContext  # the study, the data notice and the rounds note its tables show


def prepare(
    tables: dict[str, pd.DataFrame],
    study: Study,
    anonymise: bool,
    as_of: str | None,
    hubs: list[str] | None = None,
) -> dict[str, Prepared]:
    """Unit -> what its profile is made from, for `hubs` (every unit in `tables` by default): the measures
    of every unit and their spread are computed once, each table is split by unit once."""
    every = hub_order(tables["service_model"]["hub_id"])
    hubs = every if hubs is None else hubs
    if hubs != every:
        for hub in hubs:
            profile.own_rows(tables, hub, study)  # a unit not in the data: a clear error naming the units
    context = RunContext.of(tables, study, as_of=as_of, named=not anonymise)
    every_hub = profile.measures(tables, study)
    spread = profile.spread(every_hub, anonymise)
    own = profile.rows_by_hub(tables, hubs)
    stems = file_stems(every)
    needs = profile.needs()
    return {
        hub: Prepared(
            hub,
            stems[hub],
            {
                name: value
                for name, value in profile.inputs(tables, hub, study, anonymise, every_hub, spread, own[hub]).items()
                if name in needs
            },
            context,
        )
        for hub in hubs
    }


def write_prepared(prepared: Prepared, path: Path) -> Path:
    """What a unit's profile is made from, for its notebook to read (`read_prepared`): an intermediate
    file of this run, in the build folder, never published."""
    return write_bytes(Path(path), pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))


def read_prepared(path: str | Path, hub: str) -> Prepared:
    """What `write_prepared` wrote for `hub` (the notebook's HUB, which it must be)."""
    with open(path, "rb") as f:
        prepared = pickle.load(f)  # written by this run's own sweep (running.sweep), in the build folder
    if prepared.hub != hub:
        raise ValueError(f"{path} holds the profile inputs of {prepared.hub!r}, not of HUB {hub!r}")
    return prepared


SIGN_OFF = ("Checked by (role)", "Date checked", "Corrections (or 'none')")


def heading(inputs: dict[str, pd.DataFrame], study: Study) -> str:
    """The profile's opening (Markdown): the unit, the round and workbook it shows, and its accuracy check.

    `inputs`: `analysis.profile.inputs`, of which it reads `profile.HEADING_NEEDS`."""
    record, round_of = (inputs[name].iloc[0] for name in profile.HEADING_NEEDS)
    check = (
        f" Accuracy check by the {study.unit} lead: **{services.checked_text(record)}**."
        if "checked_date" in record
        else ""
    )
    return (
        f"## {record['hub_id']}\n\nMapped {record['mapping_date']} (round {round_of['round']} of {round_of['of']}) "
        f"from `{record['source_file']}`.{check}"
    )


def sections(inputs: dict[str, pd.DataFrame], context: RunContext) -> dict[str, DisplayTable | NotMadeNote]:
    """Table name -> the unit's table as its profile shows it (or a sentence, for a table the study does not
    make), in the order of the declarations."""
    return {table.name: produce(table, inputs, context) for table in profile.TABLES}


def write_profile_docx(
    hub: str, shown: dict[str, DisplayTable | NotMadeNote], service: pd.DataFrame, context: RunContext, path: Path
) -> Path:
    """The unit's profile as a Word file for its lead: the same tables, then a sign-off block."""
    study = context.study
    doc = new_document(context.notice)
    doc.add_heading(f"{study.words['Unit']} profile for the accuracy check: {hub}", level=1)
    record = service[service["hub_id"] == hub].iloc[0]
    so_far = f" Accuracy check so far: {services.checked_text(record)}." if "checked_date" in record else ""
    doc.add_paragraph(
        f"Please check every table against what you know of the {study.unit}. Correct anything wrong or missing "
        "with tracked changes, or note it under Corrections below, and return this file to the research team." + so_far
    )
    for name, df in shown.items():
        if isinstance(df, NotMadeNote):
            continue
        table = declared(name, study)
        source = None if name == "profile_comparison" else f"mapping workbook {record['source_file']}"
        add_table(doc, table.caption, df.data, table, source=source)
    doc.add_heading(f"Sign-off by the {study.unit} lead", level=2)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label in SIGN_OFF:
        cells = grid.add_row().cells
        run = cells[0].paragraphs[0].add_run(label)
        run.bold, run.font.size = True, Pt(TABLE_FONT_PT + 2)
        cells[1].paragraphs[0].add_run(" ")
    return write_atomic(Path(path), lambda p: save_deterministic(doc, p))
